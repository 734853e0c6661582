"""Screen mode on a lobby TV, under a faked clock: rotation, urgent first and again,
items leaving when they expire, reload after a rebuild, and no harm when offline."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from browser import chromium, static_server
from conftest import site_from

from generator.commands.build import build

SHANGHAI = ZoneInfo("Asia/Shanghai")
WATER_CUT = "关于11月23日白沙路片区临时停水的紧急通知"
SHOWING = ".screen-slide.is-showing .screen-slide__title"


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def open_screen(browser, base, moment: datetime, size=(1920, 1080)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.clock.install(time=moment.replace(tzinfo=SHANGHAI))
    page.goto(base + "screen/")
    return page


def rotation(page, count: int) -> list[str]:
    """The titles shown in turn, advancing the screen's clock by each slide's duration."""
    shown = []
    for _ in range(count):
        shown.append(page.locator(SHOWING).inner_text())
        seconds = int(page.locator(".screen-slide.is-showing").get_attribute("data-screen-seconds"))
        page.clock.run_for(seconds * 1000 + 100)
    return shown


def test_rotation_starts_urgent_and_repeats_it_between_others(demo_site, browser):
    with static_server(demo_site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0))
        shown = rotation(page, 9)
        assert shown[0] == WATER_CUT
        assert len(set(shown[1:4])) == 3 and WATER_CUT not in shown[1:4]
        assert shown[4] == WATER_CUT  # again after three others
        assert page.locator("[data-screen-clock]").inner_text().startswith("09:")
        assert page.locator("[data-board-today]").inner_text() == "2026年11月21日 星期六"


def test_expired_item_leaves_the_rotation_on_the_screens_clock(demo_site, browser):
    with static_server(demo_site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 23, 23, 58))
        assert page.locator(SHOWING).inner_text() == WATER_CUT
        page.clock.run_for(3 * 60 * 1000)  # past midnight: the water cut is over
        assert page.locator(SHOWING).inner_text() != WATER_CUT
        assert WATER_CUT not in rotation(page, 20)
        assert page.locator("[data-board-today]").inner_text() == "2026年11月24日 星期二"


def test_default_slide_when_nothing_is_current(tmp_path, browser):
    expired = (
        "---\ntitle: 正常的通知\ndate: 2026-11-01\nexpires: 2026-11-10\ncategory: 通知\n---\n测试。"
    )
    root = site_from(tmp_path, files={"content/announcements/ok.md": expired})
    site = build(root, today="2026-11-21").site_dir
    with static_server(site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0))
        assert page.locator(SHOWING).inner_text() == "欢迎关注社区公告栏"
        assert "0731-85550000" in page.locator(".screen-slide.is-showing").inner_text()


def test_type_is_readable_from_three_metres_in_both_orientations(demo_site, browser):
    with static_server(demo_site) as base:
        for size in ((1920, 1080), (1080, 1920)):
            page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0), size)
            px = page.evaluate(
                """sel => parseFloat(getComputedStyle(
                document.querySelector(sel)).fontSize)""",
                ".screen-slide.is-showing .screen-slide__summary",
            )
            title = page.evaluate(
                """sel => parseFloat(getComputedStyle(
                document.querySelector(sel)).fontSize)""",
                SHOWING,
            )
            assert px >= 40 and title >= 60, size  # ≈ 2.5 cm and 4 cm on a 55-inch TV
            assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
            assert page.locator(".md-header").count() == 0  # no site menus on a TV


def test_reloads_after_a_rebuild_and_keeps_content_when_offline(demo_site, browser, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    stamp = site / "screen" / "build.json"
    with static_server(site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0))
        page.wait_for_load_state("networkidle")
        page.evaluate("window.stillTheSamePage = true")
        page.route("**/screen/build.json", lambda route: route.abort())  # network down
        stamp.write_text(json.dumps({"build": "rebuilt"}), encoding="utf-8")
        page.clock.run_for(61 * 1000)
        page.wait_for_timeout(300)
        assert page.evaluate("window.stillTheSamePage === true")
        assert page.locator(SHOWING).is_visible()
        page.unroute("**/screen/build.json")  # back online: the new build is seen
        with page.expect_navigation():
            page.clock.run_for(61 * 1000)
        assert page.evaluate("window.stillTheSamePage === undefined")
