"""Properties of the time and privacy rules, over generated dates and text."""

from __future__ import annotations

import re
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.lifecycle import ACTIVE, ENDED, NOT_STARTED, notice_status
from generator.content.model import NoticeItem, Source
from generator.content.privacy import mask_person, mask_plate, mask_text
from generator.content.schema import Notice
from generator.content.workdays import count_workdays, end_after_workdays, is_workday

KNOWN = st.dates(min_value=date(2005, 1, 1), max_value=date(2026, 11, 30))
MOBILE_RUN = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_RUN = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


@given(KNOWN, st.integers(min_value=1, max_value=15))
def test_workday_period_holds_exactly_n_workdays_and_ends_on_one(start, n):
    end = end_after_workdays(start, n)
    assert is_workday(end)
    assert count_workdays(start, end) == n


def _notice(start: date, end: date) -> NoticeItem:
    meta = Notice.model_validate(
        {
            "title": "公示",
            "kind": "文明家庭",
            "issued": start.isoformat(),
            "period": {"start": start.isoformat(), "end": end.isoformat()},
            "applicants": [{"name": "李家"}],
            "contact": {"phone": "0731-85123456"},
        }
    )
    return NoticeItem("n", Source("n.md", "notices/n.md"), meta, end)


ORDER = {NOT_STARTED: 0, ACTIVE: 1, ENDED: 2}


@given(KNOWN, st.integers(0, 30), st.lists(st.integers(-40, 80), min_size=2, max_size=6))
def test_notice_status_only_moves_forward_in_time(start, length, offsets):
    item = _notice(start, start + timedelta(days=length))
    days = sorted(start + timedelta(days=o) for o in offsets)
    ranks = [ORDER[notice_status(item, d).label] for d in days]
    assert ranks == sorted(ranks)
    for d in days:
        status = notice_status(item, d)
        if status.label == ACTIVE:
            assert status.days_left == (item.end - d).days + 1 >= 1


digits = st.text(alphabet="0123456789", min_size=11, max_size=18)
noise = st.text(alphabet="0123456789Xx -，电话身份证号码：", max_size=40)


@settings(max_examples=300)
@given(st.lists(st.one_of(digits, noise), max_size=6).map("".join))
def test_masked_text_never_holds_a_mobile_or_id_and_is_stable(text):
    masked = mask_text(text)
    assert mask_text(masked) == masked
    assert not MOBILE_RUN.search(masked)
    assert not ID_RUN.search(masked)


names = st.text(alphabet="王李张刘欧阳司马建华明辉某", min_size=1, max_size=5)


@given(st.sampled_from(["", "3栋住户", "白沙路118号院居民", "12栋业主"]), names)
def test_person_masking_keeps_only_prefix_and_surname(prefix, name):
    masked = mask_person(prefix + name)
    assert mask_person(masked) == masked
    assert masked.startswith(prefix) and len(masked) == len(prefix + name)
    assert masked[len(prefix) + 2 :].strip("*") == ""


@given(
    st.sampled_from("湘京粤沪"),
    st.sampled_from("ABCD"),
    st.sampled_from(["·", ""]),
    st.text(alphabet="0123456789DF", min_size=5, max_size=6),
)
def test_plate_masking_keeps_province_letter_and_last(province, letter, sep, tail):
    plate = f"{province}{letter}{sep}{tail}"
    masked = mask_plate(plate)
    assert masked == f"{province}{letter}{sep}" + "*" * (len(tail) - 1) + tail[-1]
    assert mask_plate(masked) == masked
