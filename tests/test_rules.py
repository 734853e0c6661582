"""Pure rules: date forms, masking, working-day periods and status at a date."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.config import Privacy
from generator.content.dates import DateFault, parse_when, zh_date
from generator.content.lifecycle import announcement_state, black_visible
from generator.content.privacy import mask_person, mask_plate, mask_text
from generator.content.schema import Announcement, BlackEntry
from generator.content.sizes import parse_size
from generator.content.slugs import slugify
from generator.content.workdays import CalendarGap, end_after_workdays


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2026-11-21", "2026-11-21"),
        ("2026-9-1", "2026-09-01"),
        ("2026年11月21日", "2026-11-21"),
        ("2026年9月1日", "2026-09-01"),
        ("2026-11-21 08:30", "2026-11-21T08:30"),
        ("2026年9月1日 8:05", "2026-09-01T08:05"),
    ],
)
def test_every_contract_date_form(text, expected):
    assert parse_when(text).iso() == expected


@pytest.mark.parametrize("text", ["2026-02-29", "2026-13-01", "2026-11-21 24:00", "11/21/2026"])
def test_impossible_or_foreign_dates_are_refused(text):
    with pytest.raises(DateFault):
        parse_when(text)


def test_chinese_date_with_weekday():
    assert zh_date(date(2026, 11, 21), weekday=True) == "2026年11月21日 星期六"


@pytest.mark.parametrize(
    "name, masked",
    [
        ("王建华", "王**"),
        ("欧阳明辉", "欧阳**"),
        ("12栋住户孙建军", "12栋住户孙**"),
        ("3栋住户张某某", "3栋住户张**"),
        ("白沙路118号院居民王建华", "白沙路118号院居民王**"),
    ],
)
def test_person_masking(name, masked):
    assert mask_person(name) == masked


@pytest.mark.parametrize(
    "plate, masked",
    [("湘A·12345", "湘A·****5"), ("湘A·D12345", "湘A·*****5"), ("湘A12345", "湘A****5")],
)
def test_plate_masking(plate, masked):
    assert mask_plate(plate) == masked


def test_numbers_in_text_are_masked_but_landlines_stay():
    text = "网格员 13807315678，身份证 43010219900101123X，办公室 0731-85123456"
    assert mask_text(text) == "网格员 138****5678，身份证 430102********123X，办公室 0731-85123456"


@given(st.text(alphabet="0123456789X -，网格员电话", max_size=60))
def test_masking_is_idempotent(text):
    assert mask_text(mask_text(text)) == mask_text(text)


def test_workday_period_across_national_day_2026():
    # 2026-09-28 (Mon) + 5 working days skips 国庆 10-01…10-07; 10-08 and 10-09 count.
    assert end_after_workdays(date(2026, 9, 28), 5) == date(2026, 10, 9)


def test_workday_period_beyond_the_calendar_is_an_error():
    with pytest.raises(CalendarGap):
        end_after_workdays(date(2030, 12, 28), 5)


def _announcement(**fields) -> Announcement:
    return Announcement.model_validate({"title": "t", "category": "通知", **fields})


def test_announcement_lifecycle_is_inclusive_of_expiry_day():
    meta = _announcement(date="2026-11-20", expires="2026-11-26")
    assert announcement_state(meta, datetime(2026, 11, 19, 23, 59)) == "scheduled"
    assert announcement_state(meta, datetime(2026, 11, 26, 23, 59)) == "current"
    assert announcement_state(meta, datetime(2026, 11, 27, 0, 0)) == "expired"


def test_announcement_with_time_is_scheduled_until_then():
    meta = _announcement(date="2026-11-21 08:30")
    assert announcement_state(meta, datetime(2026, 11, 21, 8, 29)) == "scheduled"
    assert announcement_state(meta, datetime(2026, 11, 21, 8, 30)) == "current"


def test_black_entry_leaves_at_the_first_retention_limit():
    entry = BlackEntry.model_validate(
        {
            "subject": "张三",
            "behavior": "高空抛物",
            "date": "2026-11-01",
            "status": "已整改",
            "rectified": "2026-11-05",
        }
    )
    privacy = Privacy()
    assert black_visible(entry, date(2026, 12, 4), privacy)
    assert not black_visible(entry, date(2026, 12, 5), privacy)


def test_sizes_and_slugs():
    assert parse_size("A1 landscape").css == "841mm 594mm"
    assert parse_size("2400x1200mm").css == "2400mm 1200mm"
    assert slugify("停水通知-白沙路") == "ting-shui-tong-zhi-bai-sha-lu"
    assert slugify("2026-wenming") == "2026-wenming"


def test_calendar_supplement_counts_a_year_the_package_lacks(tmp_path):
    from conftest import site_from

    from generator.content.loader import load_project

    config = (
        "site: {name: 测试}\ncommunity: {name: 测试社区}\ncategories: [通知]\n"
        "calendar:\n  holidays: [2030-12-30, 2030-12-31, 2031-01-01]\n"
        "  workdays: [2031-01-04]\n"
    )
    notice = (
        "---\ntitle: 公示\nkind: 文明家庭\nissued: 2030-12-27\n"
        "period: {start: 2030-12-27, workdays: 4}\napplicants: [{name: 李家}]\n"
        "contact: {phone: 0731-85123456}\n---\n正文\n"
    )
    root = site_from(tmp_path, files={"site_config.yml": config, "content/notices/n.md": notice})
    item = load_project(root).project.notices[0]
    # Fri 12-27 (1); 12-30…01-01 are holidays; Thu 01-02 (2), Fri 01-03 (3),
    # Sat 01-04 is a make-up working day (4).
    assert item.end == date(2031, 1, 4)


@pytest.mark.parametrize(
    ("body", "summary"),
    [
        ("2026年第三季度工作安排如下。", "2026年第三季度工作安排如下。"),
        ("3月5日是学雷锋纪念日。", "3月5日是学雷锋纪念日。"),
        ("# 通知\n\n1. 第一项\n2. 第二项", "通知 第一项 第二项"),
        ("| 序号 | 名称 |\n|---|---|\n| 1 | 李家 |", "序号 名称 1 李家"),
        ("> 引用\n- 列表项 **加粗** 138****5678", "引用 列表项 加粗 138****5678"),
    ],
)
def test_summaries_keep_a_number_that_starts_a_sentence(body, summary):
    from generator.content.snapshot import summary_of

    assert summary_of(body) == summary
