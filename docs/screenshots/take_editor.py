"""Screenshots of the editor (编辑台) for docs/screenshots/: its home, a notice being edited
with the 公示期 calculator and the site and print previews beside it, a 红黑榜 with its
rows, and an item's history after two saves. In the system Chromium, at 1600 × 1000.

    .venv/bin/python docs/screenshots/take_editor.py [OUT_DIR]

Works on a copy of the demo served by `board serve --today 2026-11-21` (the browser's
clock is set to 10:00 that day, so the previews agree with it); OUT_DIR defaults to
docs/screenshots/."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from browser import chromium  # noqa: E402

TODAY = "2026-11-21"
OFFICE_TIME = datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
VIEWPORT = {"width": 1600, "height": 1000}
NOTICE = "content/notices/2026-11-wenming-unit.md"
HONORS = "content/honors/2026-11.yml"
EDITED = "content/announcements/2026-11-water-cut.md"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="editor-shots-") as work:
        project = Path(work) / "project"
        shutil.copytree(ROOT / "content", project / "content")
        shutil.copy(ROOT / "site_config.yml", project)
        server, edit = serve(project, Path(work))
        try:
            with chromium() as browser:
                context = browser.new_context(
                    viewport=VIEWPORT, device_scale_factor=1, timezone_id="Asia/Shanghai"
                )
                context.clock.install(time=OFFICE_TIME)
                page = context.new_page()
                page.set_default_timeout(30000)
                take(page, edit, out)
        finally:
            server.terminate()
            server.wait(timeout=20)


def take(page, edit: str, out: Path) -> None:
    page.goto(edit)
    page.screenshot(path=out / "editor-home.png")

    page.goto(edit + "item?f=" + NOTICE)
    shown(page)
    page.locator("fieldset.period").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -40)  # the 公示期's heading in view too
    page.screenshot(path=out / "editor-notice.png")

    page.goto(edit + "item?f=" + HONORS)
    shown(page)
    page.locator('fieldset[data-field="black"]').evaluate("e => e.scrollIntoView({block: 'start'})")
    page.mouse.wheel(0, -40)
    page.screenshot(path=out / "editor-honors.png")

    for title in ("白沙路停水通知（更正时间）", "白沙路12月1日停水通知"):
        page.goto(edit + "item?f=" + EDITED)
        page.locator("#f-title").fill(title)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url("**saved=1")
    page.goto(edit + "history?f=" + EDITED)
    page.screenshot(path=out / "editor-history.png")


def shown(page) -> None:
    """The form's first live check has come back: calculator, marks and previews drawn."""
    page.wait_for_function("document.getElementById('live-status').textContent.length > 0")
    page.wait_for_function("document.getElementById('live-status').textContent !== '正在检查…'")
    for frame in ("#site-preview", "#print-preview"):
        page.wait_for_function(f"document.querySelector('{frame}').src.includes('/draft/')")
    page.wait_for_load_state("networkidle")


def serve(project: Path, work: Path) -> tuple[subprocess.Popen, str]:
    """`board serve` on the project; the process and the editor's address."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (work / "tmp").mkdir()
    command = [sys.executable, "-m", "generator.cli", "serve", "-p", str(project)]
    command += ["--port", str(port), "--today", TODAY]
    server = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(work / "tmp")},
        cwd=ROOT,
    )
    edit = f"http://127.0.0.1:{port}/_edit/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(edit, timeout=5):
                return server, edit
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("board serve did not start")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent)
