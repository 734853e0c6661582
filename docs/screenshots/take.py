"""Screenshots of the residents' website for docs/screenshots/: home, an announcement and a
notice at 1280 px (desktop) and 360 px (phone), full page; home on a phone in 特大字; screen
mode on a landscape and a portrait TV. In the system Chromium.

    .venv/bin/python docs/screenshots/take.py SITE_DIR OUT_DIR

SITE_DIR is the demo built for its date (`board build --today 2026-11-21 --site-dir /tmp/demo`);
the browser's clock is set to 10:00 that day, so the reader's-clock checks agree with it."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from browser import chromium, static_server  # noqa: E402

PAGES = {
    "home": "",
    "announcement": "announcements/2026-11-water-cut/",
    "notice": "notices/2026-11-wenming-unit/",
}
READER_TIME = datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
WIDTHS = [(1280, 900), (360, 640)]  # a desktop, a phone
SCREENS = {"landscape": (1920, 1080), "portrait": (1080, 1920)}


def main(site: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with static_server(site) as base, chromium() as browser:
        for width, height in WIDTHS:
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                timezone_id="Asia/Shanghai",
            )
            context.clock.install(time=READER_TIME)
            page = context.new_page()
            for name, url in PAGES.items():
                page.goto(base + url)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=out / f"{name}-{width}.png", full_page=True)
            context.close()
        large = browser.new_context(viewport={"width": 360, "height": 640})
        large.clock.install(time=READER_TIME)
        large.add_init_script('localStorage.setItem("board-text", "2")')
        page = large.new_page()
        page.goto(base)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=out / "home-360-large-text.png")
        large.close()
        for name, (width, height) in SCREENS.items():
            tv = browser.new_context(viewport={"width": width, "height": height})
            tv.clock.install(time=READER_TIME)
            page = tv.new_page()
            page.goto(base + "screen/")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=out / f"screen-{name}.png")
            tv.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
