"""Helpers: build tiny site trees from fixtures, run the CLI, build the demo once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from generator.commands.build import build

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DEMO_TODAY = "2026-11-21"

# CI runs the property tests on a fixed seed so a landing never depends on luck; a local
# run explores new inputs each time (and remembers failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", max_examples=3000)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default")
)


def site_from(tmp_path: Path, case: str | None = None, files: dict | None = None) -> Path:
    """The base fixture site, overlaid with a case folder and/or `{path: text}`."""
    root = tmp_path / "site-project"
    shutil.copytree(FIXTURES / "base", root, symlinks=True)
    if case:
        shutil.copytree(FIXTURES / case, root, dirs_exist_ok=True, symlinks=True)
    for rel, text in (files or {}).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def announcement_page(tmp_path: Path, slug: str, title: str, body: str) -> str:
    """Build the base site with one extra announcement and return its page's HTML."""
    text = f"---\ntitle: {title}\ndate: 2026-11-01\ncategory: 通知\n---\n{body}"
    root = site_from(tmp_path, files={f"content/announcements/{slug}.md": text})
    site = build(root, today="2026-11-21").site_dir
    return (site / "announcements" / slug / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo community built once at the demo date."""
    out = tmp_path_factory.mktemp("demo") / "site"
    build(ROOT, today=DEMO_TODAY, site_dir=out)
    return out


@pytest.fixture(scope="module")
def browser():
    """The system Chromium, one per test module (Playwright's sync API allows one at a
    time, and some modules start their own)."""
    from browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture(scope="session")
def other_site(tmp_path_factory) -> Path:
    """A community unlike the demo (tests/other_community.py), built once at its date."""
    from other_community import TODAY, write_other_community

    root = write_other_community(tmp_path_factory.mktemp("other") / "project")
    out = root.parent / "site"
    build(root, today=TODAY, site_dir=out)
    return out
