"""公示期间有修改: a notice changed during its 公示期 says so, with the days, on its page,
its print and in api/current.json; the days come from the notice file's `revisions:`."""

from __future__ import annotations

import filecmp
import json
import re
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from browser import static_server
from conftest import site_from
from other_community import TODAY, write_other_community

from generator.commands.build import build
from generator.commands.check import check
from generator.content.revisions import changed_during_period, revisions_text, with_revision
from generator.content.schema import Notice, Revision

NOTICE = """\
---
title: 2026年度文明家庭推荐对象公示
kind: 文明家庭
issued: 2026-11-17
period: {{start: 2026-11-18, workdays: 5}}
applicants:
  - name: 李建国家庭
contact: {{person: 王老师, phone: 0731-85550000}}
{revisions}---
经审核，现予以公示。
"""
CHANGED = """\
revisions:
  - 2026-11-16
  - date: 2026-11-18
    note: 更正申报对象姓名
  - 2026-11-19
"""
NOTICE_FIELDS = {
    "title": "2026年度文明家庭推荐对象公示",
    "kind": "文明家庭",
    "issued": "2026-11-17",
    "period": {"start": "2026-11-18", "workdays": 5},
    "applicants": [{"name": "李建国家庭"}],
    "contact": {"phone": "0731-85550000"},
}
DAY = date(2026, 11, 19)


def revised_line(html: str) -> str | None:
    """The 公示期间有修改 line of a notice page as a resident reads it, tags removed."""
    found = re.search(r'<p class="board-revised">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", found.group(1)) if found else None


# ---- the helper the editor calls when it saves a notice ----


def test_with_revision_adds_the_day_as_a_person_writes_it_and_leaves_the_rest():
    before = {**NOTICE_FIELDS, "revisions": ["2026-11-18"]}
    after = with_revision(before, DAY)
    assert after == {**NOTICE_FIELDS, "revisions": ["2026-11-18", "2026-11-19"]}
    assert before["revisions"] == ["2026-11-18"]  # the caller's data is not changed
    assert with_revision(NOTICE_FIELDS, DAY, "更正申报对象姓名")["revisions"] == [
        {"date": "2026-11-19", "note": "更正申报对象姓名"}
    ]


def test_with_revision_never_repeats_a_day_and_joins_its_notes():
    once = with_revision(NOTICE_FIELDS, DAY, "更正申报对象姓名")
    twice = with_revision(once, DAY, "补充联系电话")
    assert twice["revisions"] == [{"date": "2026-11-19", "note": "更正申报对象姓名；补充联系电话"}]
    assert with_revision(twice, DAY, "补充联系电话") == twice
    assert with_revision(twice, DAY) == twice
    # a day written by hand, as YAML reads it (a date) or in Chinese, is the same day
    for written in (DAY, "2026年11月19日"):
        by_hand = {**NOTICE_FIELDS, "revisions": [written]}
        assert with_revision(by_hand, DAY) == by_hand
        assert with_revision(by_hand, DAY, "更正姓名")["revisions"] == [
            {"date": "2026-11-19", "note": "更正姓名"}
        ]
    one = {**NOTICE_FIELDS, "revisions": "2026-11-18"}  # one day, written without a list
    assert with_revision(one, DAY)["revisions"] == ["2026-11-18", "2026-11-19"]


def test_what_with_revision_writes_is_a_valid_notice():
    data = with_revision(with_revision(NOTICE_FIELDS, date(2026, 11, 18)), DAY, "更正姓名")
    notice = Notice.model_validate(data)
    assert [(r.date, r.note) for r in notice.revisions] == [
        (date(2026, 11, 18), None),
        (DAY, "更正姓名"),
    ]


def test_only_changes_within_the_period_and_up_to_today_are_shown():
    revisions = [
        Revision(date=date(2026, 11, 20)),
        Revision(date=date(2026, 11, 17), note="公示前的修改"),
        Revision(date=date(2026, 11, 18), note="更正申报对象姓名"),
        Revision(date=date(2026, 11, 18), note="补充事迹"),
        Revision(date=date(2026, 11, 25), note="公示结束后"),
        Revision(date=date(2026, 11, 23)),
    ]
    start, end = date(2026, 11, 18), date(2026, 11, 24)
    shown = changed_during_period(revisions, start, end, date(2026, 11, 21))
    assert revisions_text(shown) == "11月18日（更正申报对象姓名；补充事迹）、11月20日"
    ended = changed_during_period(revisions, start, end, date(2027, 1, 5))
    assert revisions_text(ended) == "11月18日（更正申报对象姓名；补充事迹）、11月20日、11月23日"
    assert changed_during_period(revisions, start, end, date(2026, 11, 17)) == ()


# ---- what residents see ----


def test_the_page_and_the_print_say_the_notice_changed_during_its_period(tmp_path):
    root = site_from(
        tmp_path, files={"content/notices/gaizheng.md": NOTICE.format(revisions=CHANGED)}
    )
    site = build(root, today="2026-11-21").site_dir
    page = (site / "notices/gaizheng/index.html").read_text(encoding="utf-8")
    assert revised_line(page) == "公示期间有修改：11月18日（更正申报对象姓名）、11月19日"
    assert page.index("board-period") < page.index("board-revised") < page.index("board-body")
    printed = (site / "print/notices/gaizheng.html").read_text(encoding="utf-8")
    assert "公示期间有修改：11月18日（更正申报对象姓名）、11月19日。" in printed
    api = json.loads((site / "api/current.json").read_text(encoding="utf-8"))
    (notice,) = [i for i in api["items"] if i["type"] == "notice"]
    assert notice["revisions"] == [
        {"date": "2026-11-18", "note": "更正申报对象姓名"},
        {"date": "2026-11-19", "note": None},
    ]


def test_on_a_phone_the_line_is_readable_in_every_mode_and_passes_axe(tmp_path, browser):
    from axe_playwright_python.sync_playwright import Axe

    root = site_from(
        tmp_path, files={"content/notices/gaizheng.md": NOTICE.format(revisions=CHANGED)}
    )
    site = build(root, today="2026-11-21").site_dir
    wcag = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    with static_server(site) as base:
        for mode in ("", 'localStorage.setItem("board-contrast", "1")'):
            context = browser.new_context(viewport={"width": 360, "height": 640})
            context.clock.install(time=datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
            context.add_init_script(mode)
            page = context.new_page()
            page.goto(base + "/notices/gaizheng/")
            line = page.locator(".board-revised")
            assert line.is_visible()
            assert line.inner_text() == "公示期间有修改：11月18日（更正申报对象姓名）、11月19日"
            box = line.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360
            assert page.locator(".board-period .board-badge").inner_text() == "公示中 剩4天"
            violations = Axe().run(page, options=wcag).response["violations"]
            assert [v["id"] for v in violations] == []
            context.close()


def test_a_change_before_the_period_is_not_shown(tmp_path):
    early = "revisions: [2026-11-16, 2026-11-17]\n"
    root = site_from(
        tmp_path, files={"content/notices/gaizheng.md": NOTICE.format(revisions=early)}
    )
    site = build(root, today="2026-11-21").site_dir
    page = (site / "notices/gaizheng/index.html").read_text(encoding="utf-8")
    assert "公示期：" in page and "公示期间有修改" not in page
    assert "公示期间有修改" not in (site / "print/notices/gaizheng.html").read_text(
        encoding="utf-8"
    )


def test_mkdocs_own_page_loop_draws_the_line_to_the_same_bytes(tmp_path):
    files = {"content/notices/gaizheng.md": NOTICE.format(revisions=CHANGED)}
    fast = build(site_from(tmp_path / "plain", files=files), today="2026-11-21").site_dir
    other = site_from(tmp_path / "other", files=files)
    config = other / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "mkdocs:\n  plugins:\n    - material/meta\n",
        encoding="utf-8",
    )
    slow = build(other, today="2026-11-21").site_dir
    page = Path("notices/gaizheng/index.html")
    assert revised_line((slow / page).read_text(encoding="utf-8"))
    assert filecmp.cmp(fast / page, slow / page, shallow=False)


def test_the_other_community_shows_changes_while_on_and_after_its_notices_end(tmp_path):
    root = write_other_community(tmp_path / "project")
    notices = root / "content/notices"
    revisions = {
        # 公示中 11-18 … 11-24: a change the day before it began, one still ahead
        "2026-11-18-notice-0.md": "revisions:\n  - 2026-11-17\n  - date: 2026-11-19\n"
        "    note: 更正第3户姓名，联系电话改为13823456789\n  - 2026-11-20\n  - 2026-11-22\n",
        "2026-11-25-notice-1.md": "revisions: 2026-11-20\n",  # 未开始, issued below
        # 已结束 9-1 … 9-7: the days it changed during the period stay on the page
        "2026-09-01-notice-2.md": "revisions: [2026-09-03, 2026-09-10]\n",
    }
    for name, lines in revisions.items():
        path = notices / name
        head, _, body = path.read_text(encoding="utf-8").partition("---\n经")
        head = head.replace("issued: 2026-11-25", "issued: 2026-11-19")  # public, 未开始
        path.write_text(f"{head}{lines}---\n经{body}", encoding="utf-8")
    site = build(root, today=TODAY).site_dir

    def line(name: str) -> str | None:
        html = (site / "notices" / name.removesuffix(".md") / "index.html").read_text("utf-8")
        return revised_line(html)

    assert line("2026-11-18-notice-0.md") == (
        "公示期间有修改：11月19日（更正第3户姓名，联系电话改为138****6789）、11月20日"
    )
    assert line("2026-11-25-notice-1.md") is None
    assert line("2026-09-01-notice-2.md") == "公示期间有修改：9月3日"
    assert line("2025-12-01-notice-3.md") is None


def test_the_demo_has_no_changed_notice_and_says_nothing(demo_site):
    pages = list((demo_site / "notices").glob("*/index.html"))
    assert pages and not any("公示期间有修改" in p.read_text("utf-8") for p in pages)
    api = json.loads((demo_site / "api/current.json").read_text(encoding="utf-8"))
    notices = [i for i in api["items"] if i["type"] == "notice"]
    assert notices and all(i["revisions"] == [] for i in notices)


# ---- a mistake in the file ----


def test_an_impossible_revision_date_names_file_line_and_field(tmp_path):
    wrong = "revisions:\n  - 2026-11-18\n  - date: 2026-11-31\n    note: 更正姓名\n"
    root = site_from(
        tmp_path, files={"content/notices/gaizheng.md": NOTICE.format(revisions=wrong)}
    )
    problems = [p.format().split("\n")[0] for p in check(root, "2026-11-21")]
    assert problems == [
        "错误 content/notices/gaizheng.md:11: 字段 修改记录第2项的修改日期："
        "日期“2026-11-31”不存在（2026年没有11月31日）。请改成实际存在的日期。"
    ]
