"""Checks while typing in the editor: a draft is judged exactly as `board check` judges the
saved file, without writing anything; the 公示期 calculator counts as the build counts and
names the holidays; privacy marks show what the public site will show instead. On the
demo and on the other community."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from conftest import DEMO_TODAY, ROOT
from other_community import PHONES, TODAY, write_other_community

from generator.commands.check import check
from generator.content import loader
from generator.content.cache import ContentCache
from generator.content.kinds import HONORS, NOTICE
from generator.content.loader import load_project, load_snapshot
from generator.content.reader import parse_markdown_file, parse_yaml_file
from generator.content.workdays import Supplement, holiday_name, holidays_within, makeup_workdays
from generator.editor.live import Mark, candidate_problems, period_info, privacy_marks
from generator.errors import BoardError

RECORD = ".board-cache/content/"
LAST_KNOWN_YEAR = max(d.year for d in chinese_calendar.holidays)


# ---------------------------------------------------------------- projects


def demo_copy(where: Path) -> Path:
    """The demo community's content and configuration, in a folder of its own."""
    where.mkdir(parents=True)
    shutil.copytree(ROOT / "content", where / "content")
    shutil.copy(ROOT / "site_config.yml", where / "site_config.yml")
    return where


# Each community: how to make it, its date, an announcement and a notice to edit.
COMMUNITIES = {
    "demo": (
        demo_copy,
        DEMO_TODAY,
        "content/announcements/2026-11-water-cut.md",
        "content/notices/2026-11-wenming-family.md",
    ),
    "other": (
        write_other_community,
        TODAY,
        "content/announcements/2026-11-12-quarter-report.md",
        "content/notices/2026-11-18-notice-0.md",
    ),
}


@pytest.fixture(params=sorted(COMMUNITIES))
def community(request, tmp_path):
    make, today, announcement, notice = COMMUNITIES[request.param]
    return make(tmp_path / "project"), today, announcement, notice


@pytest.fixture
def other(tmp_path) -> Path:
    return write_other_community(tmp_path / "other")


def files_and_times(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a project with its bytes and modification time."""
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def check_says(project: Path, rel: str, text: str, today: str, tmp_path: Path) -> list:
    """What `board check` says about `rel` once `text` is really saved there (in a copy)."""
    saved = tmp_path / "saved"
    shutil.copytree(project, saved)
    target = saved / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    return [p for p in check(saved, today) if p.file == rel]


# ---------------------------------------------------------------- candidate_problems


def _replace_line(text: str, key: str, line: str | None) -> str:
    """The text with the line starting `key:` replaced by `line` (or removed)."""
    lines = text.split("\n")
    at = next(i for i, x in enumerate(lines) if x.startswith(key + ":"))
    lines[at : at + 1] = [] if line is None else [line]
    return "\n".join(lines)


def announcement_drafts(text: str) -> dict[str, tuple[str, str]]:
    """Broken versions of an announcement, and words the problem must contain."""
    phone = text.rstrip("\n") + "\n\n联系手机13912345678。\n"
    return {
        "bad yaml": (text.replace("---\n", "---\ntags: [停水\n", 1), ""),
        "unknown category": (_replace_line(text, "category", "category: 不存在的分类"), "分类"),
        "missing title": (_replace_line(text, "title", None), "title"),
        "phone in body": (phone, "139****5678"),
        "typed in a browser": (phone.replace("\n", "\r\n"), "139****5678"),
    }


@pytest.mark.parametrize(
    "case",
    ["bad yaml", "unknown category", "missing title", "phone in body", "typed in a browser"],
)
def test_a_draft_gets_the_problems_check_gives_the_saved_file(community, case, tmp_path):
    project, today, rel, _ = community
    draft, words = announcement_drafts((project / rel).read_text(encoding="utf-8"))[case]
    found = candidate_problems(project, rel, draft, today)
    assert found, case
    assert all(p.file == rel for p in found)
    assert any(words in p.zh or words in (p.field or "") for p in found)
    assert found == check_says(project, rel, draft, today, tmp_path)


def test_a_notice_whose_period_ends_before_it_starts(community, tmp_path):
    project, today, _, rel = community
    text = (project / rel).read_text(encoding="utf-8")
    draft = _replace_line(text, "period", "period: {start: 2026-11-18, end: 2026-11-01}")
    found = candidate_problems(project, rel, draft, today)
    assert [p.zh for p in found] == ["公示截止日期 2026-11-01 早于开始日期 2026-11-18。"]
    assert found == check_says(project, rel, draft, today, tmp_path)


def test_a_new_file_not_yet_on_disk_is_checked_with_the_others(community, tmp_path):
    project, today, _, _ = community
    rel = "content/announcements/2026-11-30-new-draft.md"
    draft = "---\ntitle: 新草稿\ndate: 2026-11-30\ncategory: 不存在的分类\n---\n电话13912345678\n"
    found = candidate_problems(project, rel, draft, today)
    assert {p.level for p in found} == {"error", "warning"}
    assert found == check_says(project, rel, draft, today, tmp_path)
    assert not (project / rel).exists()


def test_a_new_column_in_a_folder_not_yet_on_disk(community, tmp_path):
    project, today, _, _ = community
    rel = "content/columns/new-column/column.yml"
    draft = "title: 新栏目\ncadence_days: 三十\n"
    found = candidate_problems(project, rel, draft, today)
    assert [p.field for p in found] == ["cadence_days"]
    assert found == check_says(project, rel, draft, today, tmp_path)
    fixed = candidate_problems(project, rel, "title: 新栏目\ncadence_days: 30\n", today)
    assert [p.zh for p in fixed] == ["这个栏目还没有已上栏的一期。请添加一期（日期不晚于今天）。"]


def test_a_sound_draft_has_no_problems(community):
    project, today, rel, _ = community
    text = (project / rel).read_text(encoding="utf-8")
    assert candidate_problems(project, rel, text.replace("。", "！", 1), today) == []


def test_checking_drafts_writes_nothing_to_the_project(community):
    """Neither the files nor the content record change, with or without a record, with
    or without a cache kept by the caller."""
    project, today, rel, _ = community
    text = (project / rel).read_text(encoding="utf-8")
    drafts = announcement_drafts(text)
    for draft, _ in drafts.values():
        candidate_problems(project, rel, draft, today)
    assert not (project / ".board-cache").exists()
    load_snapshot(project, today)  # a build leaves a record
    before = files_and_times(project)
    assert any(name.startswith(RECORD) for name in before)
    kept = ContentCache.of_project(project)
    for draft, _ in drafts.values():
        candidate_problems(project, rel, draft, today)
        candidate_problems(project, rel, draft, today, contents=kept)
    assert files_and_times(project) == before


def test_a_cache_kept_between_drafts_stays_true_to_the_disk(other, monkeypatch):
    """The caller's cache spares re-reading unchanged files and never holds a draft: the
    next load through it, and a later build from its record, see the file on disk."""
    rel = "content/announcements/2026-11-12-quarter-report.md"
    text = (other / rel).read_text(encoding="utf-8")
    kept = ContentCache.of_project(other)
    load_project(other, kept)
    parsed: list[str] = []
    real = loader._parsed
    monkeypatch.setattr(loader, "_parsed", lambda t, s, m: parsed.append(s) or real(t, s, m))

    broken = _replace_line(text, "category", "category: 不存在的分类")
    assert candidate_problems(other, rel, broken, TODAY, contents=kept)
    assert parsed == [rel]  # only the draft was read
    assert candidate_problems(other, rel, broken, TODAY, contents=kept)  # not from the cache
    parsed.clear()
    assert candidate_problems(other, rel, text, TODAY, contents=kept) == []

    project = load_project(other, kept).project
    assert parsed == [rel]  # the draft again; the saved file from the cache
    assert all(a.meta.category != "不存在的分类" for a in project.announcements)
    kept.save()
    parsed.clear()
    again = load_project(other).project
    assert parsed == []
    assert again.announcements == project.announcements


# ---------------------------------------------------------------- the loader's overlay


def test_an_overlay_replaces_a_file_for_one_load_only(other):
    rel = "content/announcements/2026-11-12-quarter-report.md"
    draft = (other / rel).read_text(encoding="utf-8").replace("312件", "999件")
    kept = ContentCache.of_project(other)
    load_project(other, kept)
    drafted = load_project(other, kept, overlay={rel: draft}).project
    assert any("999件" in a.source.body for a in drafted.announcements)
    assert "999件" not in str(kept.known[rel])
    plain = load_project(other, kept).project
    assert not any("999件" in a.source.body for a in plain.announcements)
    assert any("312件" in a.source.body for a in plain.announcements)
    assert "999件" not in (other / rel).read_text(encoding="utf-8")


def test_an_overlay_adds_files_and_folders(other):
    overlay = {
        "content/announcements/2026-11-30-new.md": (
            "---\ntitle: 新公告\ndate: 2026-11-30\ncategory: 通知\n---\n正文。\n"
        ),
        "content/columns/garden/column.yml": "title: 花园宣传栏\ncadence_days: 30\n",
        "content/columns/garden/2026-11-flowers.md": (
            "---\nissue: 1\ndate: 2026-11-20\ntitle: 冬季养花\n---\n正文。\n"
        ),
    }
    project = load_project(other, overlay=overlay).project
    assert "新公告" in [a.meta.title for a in project.announcements]
    garden = next(c for c in project.columns if c.slug == "garden")
    assert [i.meta.title for i in garden.issues] == ["冬季养花"]
    assert not (other / "content/columns/garden").exists()
    assert not (other / ".board-cache").exists()
    plain = load_project(other).project
    assert "新公告" not in [a.meta.title for a in plain.announcements]


def test_an_overlaid_site_config_is_read_in_place_of_the_saved_one(other):
    config = (other / "site_config.yml").read_text(encoding="utf-8")
    narrower = config.replace(
        "categories: [通知, 公告, 物业, 安全, 停水停电]", "categories: [通知]"
    )
    assert narrower != config
    with pytest.raises(BoardError) as raised:
        load_project(other, overlay={"site_config.yml": narrower})
    assert any("分类“物业”" in p.zh for p in raised.value.problems)


# ---------------------------------------------------------------- the 公示期 calculator


def test_a_period_over_national_day_2026_is_put_off_past_the_holiday():
    info = period_info({"start": "2026-9-28", "workdays": "5"})
    assert (info.start, info.end, info.workdays, info.days) == (
        date(2026, 9, 28),
        date(2026, 10, 9),
        5,
        12,
    )
    assert info.notes == ["跨国庆节（10月1日至10月7日放假），顺延至10月9日"]
    assert info.summary == "2026年9月28日至2026年10月9日，共5个工作日"


def test_a_period_that_counts_a_makeup_saturday_says_so():
    info = period_info({"start": "2026年9月28日", "workdays": 6, "days": "", "end": None})
    assert info.end == date(2026, 10, 10)
    assert info.notes == [
        "跨国庆节（10月1日至10月7日放假），顺延至10月10日",
        "10月10日（星期六）国庆节调休上班，计入工作日",
    ]


def test_national_day_and_mid_autumn_2025_are_named_together():
    info = period_info({"start": "2025-9-28", "workdays": "5"})
    assert info.end == date(2025, 10, 10)
    assert info.notes == [
        "9月28日（星期日）国庆节调休上班，计入工作日",
        "跨国庆节、中秋节（10月1日至10月8日放假），顺延至10月10日",
    ]


def test_spring_festival_2026_and_its_two_makeup_saturdays():
    info = period_info({"start": "2026-2-10", "workdays": "10"})
    assert info.end == date(2026, 2, 28)
    assert info.notes == [
        "2月14日（星期六）春节调休上班，计入工作日",
        "跨春节（2月15日至2月23日放假），顺延至2月28日",
        "2月28日（星期六）春节调休上班，计入工作日",
    ]


def test_calendar_days_and_an_end_date_count_the_working_days_inside():
    by_days = period_info({"start": "2026-9-28", "days": "14"})
    assert by_days.end == date(2026, 10, 11)
    assert by_days.summary == "2026年9月28日至2026年10月11日，共14天，其中6个工作日"
    assert by_days.notes[0] == "跨国庆节（10月1日至10月7日放假），放假日也计入公示期天数"
    by_end = period_info({"start": "2026-9-28", "end": "2026年10月12日"})
    assert (by_end.days, by_end.workdays) == (15, 7)


def test_a_period_written_on_one_line():
    info = period_info("2026年11月23日起5个工作日")
    assert info.summary == "2026年11月23日至2026年11月27日，共5个工作日"
    assert info.notes == []


def test_a_start_on_a_day_off_is_explained():
    weekend = period_info({"start": "2026-11-21", "workdays": "5"})
    assert weekend.notes == ["11月21日（星期六）不是工作日，从11月23日起计算"]
    assert weekend.end == date(2026, 11, 27)
    holiday = period_info({"start": "2026-10-3", "workdays": "2"})
    assert holiday.notes == ["10月3日正值国庆节（10月1日至10月7日放假），从10月8日起计算"]
    assert holiday.end == date(2026, 10, 9)


PERIODS = [
    {"start": "2025-9-28", "workdays": 5},
    {"start": "2025-12-29", "workdays": 4},
    {"start": "2026-2-10", "workdays": 10},
    {"start": "2026-4-30", "workdays": 3},
    {"start": "2026-6-18", "workdays": 5},
    {"start": "2026-9-20", "workdays": 7},
    {"start": "2026-9-28", "days": 14},
    {"start": "2026-12-30", "workdays": 5},
    {"start": f"{LAST_KNOWN_YEAR + 1}-3-1", "workdays": 5},
]


def test_the_calculator_ends_every_period_where_the_build_ends_it(other):
    """Many draft notices loaded at once: the build's end of each is the calculator's."""
    config = (other / "site_config.yml").read_text(encoding="utf-8")
    holidays = f"calendar:\n  holidays: [{LAST_KNOWN_YEAR + 1}-03-03]\n"
    (other / "site_config.yml").write_text(config + holidays, encoding="utf-8")
    supplement = Supplement(holidays=frozenset({date(LAST_KNOWN_YEAR + 1, 3, 3)}))
    overlay = {
        f"content/notices/draft-{n}.md": (
            f"---\ntitle: 公示{n}\nkind: 公示\nissued: 2025-01-01\nperiod: "
            + "{"
            + ", ".join(f"{k}: {v}" for k, v in period.items())
            + "}\napplicants:\n  - name: 某家庭\ncontact:\n  phone: 0755-27881234\n---\n正文。\n"
        )
        for n, period in enumerate(PERIODS)
    }
    project = load_project(other, overlay=overlay).project
    ends = {n.source.shown: n.end for n in project.notices}
    for n, period in enumerate(PERIODS):
        assert period_info(period, supplement).end == ends[f"content/notices/draft-{n}.md"]


def test_a_year_no_calendar_knows_gets_the_builds_message(other):
    year = LAST_KNOWN_YEAR + 1
    rel = "content/notices/next-year.md"
    draft = (
        f"---\ntitle: 明年公示\nkind: 公示\nissued: {year}-01-01\n"
        f"period: {{start: {year}-03-01, workdays: 5}}\napplicants:\n  - name: 某家庭\n"
        "contact:\n  phone: 0755-27881234\n---\n正文。\n"
    )
    [warning] = [p for p in candidate_problems(other, rel, draft, TODAY) if p.field]
    assert warning.field == "period.workdays"
    info = period_info({"start": f"{year}-03-01", "workdays": 5})
    assert info.notes == [warning.zh]
    by_days = period_info({"start": f"{year}-03-01", "days": 5})
    assert by_days.notes == [f"还没有 {year} 年的法定节假日安排，工作日数按周一至周五估算。"]


def test_a_holiday_from_the_sites_calendar_is_named_as_such():
    year = LAST_KNOWN_YEAR + 1
    monday = date(year, 3, 1) + timedelta(days=-date(year, 3, 1).weekday() + 7)
    supplement = Supplement(holidays=frozenset({monday + timedelta(days=2)}))
    info = period_info({"start": monday.isoformat(), "workdays": 5}, supplement)
    assert info.end == monday + timedelta(days=7)
    assert (
        info.notes[0] == f"跨法定节假日（3月{monday.day + 2}日放假），顺延至3月{monday.day + 7}日"
    )


@pytest.mark.parametrize(
    ("period", "field"),
    [
        ({"start": "2026-11-18", "end": "2026-11-01"}, "end"),
        ({"start": "2026-13-45", "workdays": "5"}, "start"),
        ({"start": "2026-11-18", "workdays": "五"}, "workdays"),
        ({"start": "2026-11-18"}, None),
        ({"start": "2026-11-18", "workdays": "5", "days": "7"}, None),
    ],
)
def test_an_unreadable_period_says_what_check_says(other, period, field):
    with pytest.raises(BoardError) as raised:
        period_info(period)
    [found] = raised.value.problems
    assert (found.file, found.field) == ("period", field)
    rel = "content/notices/draft.md"
    written = "{" + ", ".join(f"{k}: {v}" for k, v in period.items()) + "}"
    draft = (
        f"---\ntitle: 公示\nkind: 公示\nissued: 2026-11-17\nperiod: {written}\napplicants:\n"
        "  - name: 某家庭\ncontact:\n  phone: 0755-27881234\n---\n正文。\n"
    )
    assert found.zh in [p.zh for p in candidate_problems(other, rel, draft, TODAY)]


def test_a_mistyped_length_is_named_not_counted():
    with pytest.raises(BoardError) as raised:
        period_info({"start": "2026-11-18", "workdays": "50000"})
    assert "公示期超过" in raised.value.problems[0].zh


def test_holiday_runs_and_makeup_days_from_the_packaged_calendar():
    assert holiday_name(date(2026, 10, 3)) == "国庆节"
    assert holiday_name(date(2026, 10, 10)) == "国庆节"  # its 调休 Saturday
    assert holiday_name(date(2026, 11, 21)) is None
    assert holiday_name(date(LAST_KNOWN_YEAR + 1, 10, 1)) is None
    [run] = holidays_within(date(2026, 9, 28), date(2026, 10, 2))
    assert (run.first, run.last, run.names) == (date(2026, 10, 1), date(2026, 10, 7), ("国庆节",))
    assert holidays_within(date(2026, 11, 16), date(2026, 11, 30)) == []  # weekends only
    assert [r.names for r in holidays_within(date(2026, 1, 1), date(2026, 6, 30))] == [
        ("元旦",),
        ("春节",),
        ("清明节",),
        ("劳动节",),
        ("端午节",),
    ]
    assert makeup_workdays(date(2026, 2, 1), date(2026, 2, 28)) == [
        date(2026, 2, 14),
        date(2026, 2, 28),
    ]


# ---------------------------------------------------------------- privacy marks


def _yaml_data(root: Path, rel: str) -> dict:
    data = parse_yaml_file((root / rel).read_text(encoding="utf-8"), rel).data
    assert isinstance(data, dict)
    return data


def _markdown(root: Path, rel: str) -> tuple[dict, str]:
    source = parse_markdown_file((root / rel).read_text(encoding="utf-8"), rel)
    assert isinstance(source.doc.data, dict)
    return source.doc.data, source.body


def test_demo_black_list_names_plates_and_numbers_are_marked_as_the_site_masks_them(demo_site):
    honors = privacy_marks(HONORS, _yaml_data(ROOT, "content/honors/2026-11.yml"), None)
    assert honors == [
        Mark("black.0.subject", "5栋住户刘德明", "5栋住户刘**", "黑榜个人姓名"),
        Mark("black.1.subject", "白沙路118号院居民王建华", "白沙路118号院居民王**", "黑榜个人姓名"),
        Mark("black.2.subject", "湘A·6K7Q8", "湘A·****8", "黑榜车牌号"),
    ]
    data, body = _markdown(ROOT, "content/notices/2026-11-wenming-family.md")
    notice = privacy_marks(NOTICE, data, body)
    assert notice == [
        Mark("applicants.1.summary", "13907318826", "139****8826", "手机号"),
        Mark("applicants.2.summary", "430103198805121234", "430103********1234", "身份证号"),
    ]
    pages = {
        "honors": (demo_site / "honors/2026-11/index.html").read_text(encoding="utf-8"),
        "notice": (demo_site / "notices/2026-11-wenming-family/index.html").read_text("utf-8"),
    }
    for page, marks in (("honors", honors), ("notice", notice)):
        for mark in marks:
            assert mark.masked in pages[page] and mark.found not in pages[page], mark


def test_marks_in_the_other_communitys_draft_are_what_its_build_publishes(other):
    """A notice with the duty mobile typed into the contact and the body, and a black list
    with a person added: the marks' masked forms are what the public snapshot holds."""
    notice_rel = "content/notices/2026-11-18-notice-0.md"
    notice_text = (other / notice_rel).read_text(encoding="utf-8")
    notice_text = notice_text.replace(f"phone: {PHONES[0]}", f"phone: {PHONES[1]}")
    notice_text += "值班手机 138 2345 6789，座机 0755-27881234。\n"
    honors_rel = "content/honors/2026-q4.yml"
    honors_text = (other / honors_rel).read_text(encoding="utf-8") + (
        "  - subject: 东区3栋住户欧阳明辉\n    behavior: 高空抛物\n    date: 2026-10-02\n"
    )
    overlay = {notice_rel: notice_text, honors_rel: honors_text}

    source = parse_markdown_file(notice_text, notice_rel)
    assert isinstance(source.doc.data, dict)
    notice_marks = privacy_marks(NOTICE, source.doc.data, source.body)
    assert notice_marks == [
        Mark("contact.phone", PHONES[1], "138****6789", "手机号"),
        Mark("body", "138 2345 6789", "138 **** 6789", "手机号"),
    ]
    honors_data = parse_yaml_file(honors_text, honors_rel).data
    assert isinstance(honors_data, dict)
    honors_marks = privacy_marks(HONORS, honors_data, None)
    assert honors_marks == [
        Mark("black.0.subject", "粤B·D12345", "粤B·*****5", "黑榜车牌号"),
        Mark("black.1.subject", "东区3栋住户欧阳明辉", "东区3栋住户欧阳**", "黑榜个人姓名"),
    ]

    snapshot = load_snapshot(other, TODAY, overlay=overlay).snapshot
    notice = next(n.item for n in snapshot.notices if n.item.source.shown == notice_rel)
    assert notice.meta.contact.phone == notice_marks[0].masked
    assert notice_marks[1].masked in notice.source.body
    assert notice_marks[1].found not in notice.source.body
    honors = next(h.item for h in snapshot.honors if h.item.source.shown == honors_rel)
    assert [e.subject for e in honors.meta.black] == [m.masked for m in honors_marks]


def test_path_fields_extra_data_and_plain_text_are_not_marked():
    data = {
        "title": "停水通知",
        "attachments": ["attachments/13912345678.pdf"],
        "extra": {"note": "13912345678"},
        "applicants": [{"name": "李家", "extra": {"phone": "13912345678"}}],
        "black": [{"subject": "王", "subject_type": "person"}],
    }
    assert privacy_marks(HONORS, data, "座机 0731-85123456，订单号 202611210001。") == []
