"""Dates and datetimes as editors write them, judged in the site's time zone.

All values are naive and local to the site's time zone; the build moment is too, so
every comparison here is plain arithmetic and reproducible with `--today`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

WEEKDAYS = "一二三四五六日"

_FORM = re.compile(
    r"^\s*(?P<y>\d{4})(?:-(?P<m>\d{1,2})-(?P<d>\d{1,2})|年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*日)"
    r"(?:[ T]+(?P<H>\d{1,2})[:：](?P<M>\d{2}))?\s*$"
)


class DateFault(ValueError):
    """A value that is not a date of the contract; carries both languages."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(en)


@dataclass(frozen=True, order=True)
class When:
    """A date, or a date with a time of day (`2026-11-21` or `2026-11-21 08:30`)."""

    day: date
    clock: time | None = None

    @property
    def start(self) -> datetime:
        """The first moment this value names."""
        return datetime.combine(self.day, self.clock or time(0, 0))

    @property
    def end(self) -> datetime:
        """The last moment it names, inclusive: a bare date covers the whole day."""
        if self.clock is not None:
            return self.start
        return datetime.combine(self.day, time(0, 0)) + timedelta(days=1, microseconds=-1)

    @property
    def until(self) -> datetime:
        """The first moment after it: the next midnight, or the next minute."""
        if self.clock is not None:
            return self.start + timedelta(minutes=1)
        return datetime.combine(self.day, time(0, 0)) + timedelta(days=1)

    def iso(self) -> str:
        return self.start.isoformat(timespec="minutes") if self.clock else self.day.isoformat()

    def __str__(self) -> str:
        return self.iso()


def parse_when(value: object, *, allow_time: bool = True) -> When:
    """Read `2026-11-21`, `2026-9-1`, `2026年11月21日`, optionally followed by ` 08:30`."""
    if isinstance(value, datetime):
        return When(value.date(), value.time().replace(second=0, microsecond=0))
    if isinstance(value, date):
        return When(value)
    if isinstance(value, (str, int, float)):
        return _parse_text(str(value), allow_time)
    raise _unreadable(type(value).__name__, allow_time)


def _unreadable(shown: str, allow_time: bool) -> DateFault:
    forms = "2026-11-21 或 2026年11月21日" + (
        "，需要时间写成 2026-11-21 08:30" if allow_time else ""
    )
    forms_en = "2026-11-21 or 2026年11月21日" + (
        ", with a time 2026-11-21 08:30" if allow_time else ""
    )
    return DateFault(
        f"无法识别的日期“{shown}”。请写成 {forms}。",
        f"cannot read the date '{shown}'. Write it as {forms_en}.",
    )


@functools.lru_cache(maxsize=4096)
def _parse_text(text: str, allow_time: bool) -> When:
    """A date as written; the same few thousand dates recur across a large site."""
    match = _FORM.match(text)
    if not match:
        raise _unreadable(text, allow_time)
    text = match.string
    year = int(match["y"])
    month = int(match["m"] or match["cm"])
    day_ = int(match["d"] or match["cd"])
    try:
        day = date(year, month, day_)
    except ValueError:
        raise DateFault(
            f"日期“{text.strip()}”不存在（{year}年没有{month}月{day_}日）。请改成实际存在的日期。",
            f"the date '{text.strip()}' does not exist. Use a real calendar date.",
        ) from None
    if match["H"] is None:
        return When(day)
    if not allow_time:
        raise DateFault(
            f"这里只要日期，不要时间：“{text.strip()}”。请删去时间部分。",
            f"only a date is allowed here, not a time: '{text.strip()}'.",
        )
    hour, minute = int(match["H"]), int(match["M"])
    if hour > 23 or minute > 59:
        raise DateFault(
            f"时间“{match['H']}:{match['M']}”不存在。请用 24 小时制，如 08:30、14:00。",
            f"the time '{match['H']}:{match['M']}' does not exist. Use 24-hour "
            "time such as 08:30 or 14:00.",
        )
    return When(day, time(hour, minute))


def parse_date(value: object) -> date:
    return parse_when(value, allow_time=False).day


def zh_date(value: date | datetime | When, weekday: bool = False) -> str:
    """2026年11月21日, optionally with 星期六; a time is appended as 08:30."""
    moment_time: time | None = None
    day: date
    if isinstance(value, When):
        day, moment_time = value.day, value.clock
    elif isinstance(value, datetime):
        day, moment_time = value.date(), value.time()
    else:
        day = value
    text = f"{day.year}年{day.month}月{day.day}日"
    if weekday:
        text += f" 星期{WEEKDAYS[day.weekday()]}"
    if moment_time is not None:
        text += f" {moment_time.strftime('%H:%M')}"
    return text


def zh_range(start: date, end: date) -> str:
    """公示期 style range: 2026年11月18日至2026年11月24日."""
    return f"{zh_date(start)}至{zh_date(end)}"


_SPAN = re.compile(r"^\s*(?P<start>.+?)\s*(?:至|到|~|～|—|–)\s*(?P<end>.+?)\s*$")
_COUNTED = re.compile(r"^\s*(?P<start>.+?)\s*起\s*(?P<n>\d+)\s*(?P<unit>个工作日|工作日|天|日)\s*$")
_MONTH_DAY = re.compile(r"^\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")


def period_from_text(text: str) -> dict | None:
    """A 公示期 written as one line, as editors type it:
    `2026年11月23日至11月29日` or `2026-11-23 至 2026-11-29` → {start, end};
    `2026年11月23日起5个工作日` → {start, workdays}; `2026-11-23起7天` → {start, days}.
    The end may leave out the year (the start's year is meant). None if not of a form."""
    if match := _COUNTED.match(text):
        unit = "workdays" if "工作日" in match["unit"] else "days"
        return {"start": match["start"], unit: int(match["n"])}
    if match := _SPAN.match(text):
        start, end = match["start"], match["end"]
        if _MONTH_DAY.match(end) and (year := re.match(r"\s*(\d{4})\s*年", start)):
            end = f"{year[1]}年{end.strip()}"
        return {"start": start, "end": end}
    return None
