"""A static page re-judges dates on the reader's clock (faked here), without a rebuild."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from browser import chromium, static_server

SHANGHAI = ZoneInfo("Asia/Shanghai")
WATER_CUT = "关于11月23日白沙路片区临时停水的紧急通知"


@pytest.fixture(scope="module")
def reader(demo_site):
    """Open a page of the demo (built 2026-11-21) with the reader's clock at a moment."""
    with static_server(demo_site) as base, chromium() as browser:

        def open_at(url: str, moment: datetime):
            context = browser.new_context()
            page = context.new_page()
            page.clock.install(time=moment.replace(tzinfo=SHANGHAI))
            page.goto(base + url)
            return page

        yield open_at


def visible_text(page, selector: str) -> str:
    return page.locator(selector).evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText).join('\\n')"
    )


def test_build_day_state_matches_the_static_page(reader):
    page = reader("", datetime(2026, 11, 21, 9, 0))
    assert WATER_CUT in visible_text(page, ".board-urgent")
    notices = visible_text(page, ".board-home-section")
    assert "公示中 剩4天" in notices
    assert "道德模范" not in notices  # starts 11-25: in the page, but hidden until then


def test_expired_urgent_notice_leaves_the_home_page(reader):
    page = reader("", datetime(2026, 11, 24, 0, 1))
    assert page.locator(".board-urgent").is_hidden()
    assert WATER_CUT not in visible_text(page, ".board-list")
    assert "公示中 剩1天" in visible_text(page, ".board-list")
    assert page.locator("[data-board-today]").inner_text() == "2026年11月24日 星期二"


def test_ended_notice_goes_and_starting_one_appears(reader):
    page = reader("", datetime(2026, 11, 25, 8, 0))
    home = visible_text(page, ".board-list")
    assert "文明家庭”推荐对象公示" not in home  # ended 11-24
    assert "道德模范" in home and "公示中 剩7天" in home


def test_item_page_turns_expired_and_badge_counts_down(reader):
    page = reader("announcements/2026-11-water-cut/", datetime(2026, 11, 24, 12, 0))
    assert page.locator(".board-banner--expired").is_visible()
    assert page.locator(".board-banner--urgent").is_hidden()
    notice = reader("notices/2026-11-wenming-unit/", datetime(2026, 11, 22, 12, 0))
    assert notice.locator(".board-period .board-badge").inner_text() == "公示中 剩5天"
    notice.clock.run_for(2 * 24 * 3600 * 1000)  # two days later, same open tab
    assert notice.locator(".board-period .board-badge").inner_text() == "公示中 剩3天"


def test_archive_marks_instead_of_dropping(reader):
    page = reader("archive/2026/11/", datetime(2026, 11, 24, 12, 0))
    entry = page.locator("li.board-entry", has_text=WATER_CUT)
    assert entry.is_visible() and "已过期" in entry.inner_text()
    assert entry.locator(".board-badge--urgent").count() == 0


def test_black_entry_leaves_at_retention_on_the_readers_clock(reader):
    # 5栋住户刘** was rectified 2026-11-12: shown until 2026-12-11, gone on 2026-12-12.
    before = reader("honors/2026-11/", datetime(2026, 12, 11, 23, 0))
    assert "5栋住户刘**" in visible_text(before, ".board-honors__black")
    after = reader("honors/2026-11/", datetime(2026, 12, 12, 0, 30))
    assert "5栋住户刘**" not in visible_text(after, ".board-honors__black")
