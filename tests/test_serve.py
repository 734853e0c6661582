"""The live preview: rebuilds on save, shows content errors in the page, keeps running."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browser import chromium
from conftest import site_from


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8")


def wait_for(url: str, needle: str, timeout: float = 40) -> str:
    deadline = time.monotonic() + timeout
    text = ""
    while time.monotonic() < deadline:
        try:
            text = fetch(url)
            if needle in text:
                return text
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} not served at {url}; last page: {text[:300]}")


@pytest.fixture
def preview(tmp_path):
    root = site_from(tmp_path)
    port = free_port()
    temporary = tmp_path / "tmp"  # where the preview keeps its site
    temporary.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "serve",
            "-p",
            str(root),
            "--port",
            str(port),
            "--today",
            "2026-11-21",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "TMPDIR": str(temporary)},
    )

    def said() -> str:
        """What the preview printed on its terminal (stops it)."""
        process.terminate()
        return process.communicate(timeout=10)[0].decode("utf-8")

    try:
        yield root, f"http://127.0.0.1:{port}/", said
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


def test_preview_shows_errors_in_the_page_and_recovers(preview):
    root, base, said = preview
    wait_for(base, "正常的通知")
    item = root / "content/announcements/ok.md"
    good = item.read_text(encoding="utf-8")
    item.write_text(good.replace("date: 2026-11-01", "date: 2026-02-30"), encoding="utf-8")
    page = wait_for(base, "内容有 1 处错误")
    assert "content/announcements/ok.md:3" in page and "2026-02-30" in page
    assert "内容有 1 处错误" in fetch(base + "announcements/ok/")
    item.write_text(good.replace("正常的通知", "改好的通知"), encoding="utf-8")
    wait_for(base, "改好的通知")
    lines = said().splitlines()  # one line per rebuild on the terminal, with the time
    assert any(line.endswith("个警告）") and "] 预览已更新（" in line for line in lines)
    assert any("] 内容有 1 个错误，预览页面上显示；改好保存后自动恢复：" in line for line in lines)
    assert any("content/announcements/ok.md:3" in line for line in lines)
    assert any("] 错误已改好，预览已更新（" in line for line in lines)


def test_open_browser_tab_reloads_by_itself(preview):
    root, base, _ = preview
    wait_for(base, "正常的通知")
    with chromium() as browser:
        page = browser.new_page()
        page.goto(base + "announcements/ok/")
        item = root / "content/announcements/ok.md"
        item.write_text(
            item.read_text(encoding="utf-8").replace("正常的通知", "刚保存的标题"), encoding="utf-8"
        )
        page.wait_for_function("document.body.innerText.includes('刚保存的标题')", timeout=30000)


def test_preview_serves_nothing_outside_the_site(preview):
    import http.client

    root, base, _ = preview
    wait_for(base, "正常的通知")
    port = int(base.rsplit(":", 1)[1].strip("/"))
    for path in (
        "/../site_config.yml",
        "/%2e%2e/site_config.yml",
        "/..%2fsite_config.yml",
        "/content/announcements/ok.md",
        "/../content/announcements/ok.md",
    ):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read().decode("utf-8", "ignore")
        assert response.status == 404, path
        assert "categories" not in body and "各位居民：本通知用于测试" not in body, path


def test_a_stopped_preview_leaves_no_files_behind(preview):
    root, base, said = preview
    wait_for(base, "正常的通知")
    time.sleep(1)  # reading the content for a rebuild is not a save
    temporary = root.parent / "tmp"
    assert list(temporary.glob("board-preview-*"))
    lines = said().splitlines()  # `kill`, as a service manager or a closed terminal stops it
    assert sum("预览已更新" in line for line in lines) == 1, lines
    assert not list(temporary.glob("board-preview-*"))
    assert list((root / ".board-cache" / "content").glob("*.json"))


def test_the_editor_costs_nothing_until_it_is_opened(preview):
    """A preview nobody edits in keeps no history; opening the editor starts it."""
    root, url, _ = preview
    wait_for(url, "</html>")
    time.sleep(1)
    assert not (root / ".board-history").exists()
    assert "编辑台" in fetch(url + "_edit/")
    deadline = time.monotonic() + 30
    while not (root / ".board-history").is_dir() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert (root / ".board-history").is_dir()
