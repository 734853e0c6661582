# 公告栏 community-board — every set-up step lives here, so a fresh Debian machine with
# Python 3.11+ needs only `make site` / `make test`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT    := DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get
SYSTEM_PACKAGES := chromium fonts-noto-cjk poppler-utils default-jre-headless git rsync rclone

.PHONY: site serve check test lint bench system-deps system-fonts clean

site: $(VENV)/.installed system-fonts  ## build the demo community into site/
	$(BIN)/board build

serve: $(VENV)/.installed system-fonts  ## live preview at http://127.0.0.1:8000/
	$(BIN)/board serve

check: $(VENV)/.installed
	$(BIN)/board check

test: $(VENV)/.test-installed system-deps  ## install test needs and run every test
	$(BIN)/python -m pytest

bench: $(VENV)/.bench-installed system-deps  ## speed against Material's blog plugin and Hugo
	$(BIN)/python bench/run.py
	$(BIN)/python bench/rebuild.py

lint: $(VENV)/.test-installed  ## ruff (lint and format) and mypy
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/mypy

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv missing: installing it"; \
	  $(APT) update -q && $(APT) install -y -q python3-venv && $(PYTHON) -m venv $(VENV); }

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

$(VENV)/.bench-installed: $(VENV)/.test-installed
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	touch $@

# CJK fonts for print and screenshots; Chromium and poppler for browser and PDF tests.
system-fonts:
	@fc-list 2>/dev/null | grep -q "Noto Sans CJK" || { \
	  $(APT) update -q && $(APT) install -y -q fonts-noto-cjk fontconfig; }

system-deps:
	@missing=""; \
	for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; $(APT) update -q && $(APT) install -y -q $$missing; fi

clean:
	rm -rf site .site-* .pytest_cache .board-cache
