"""公示 periods on the mainland calendar (public holidays and 调休 make-up days)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


class CalendarGap(ValueError):
    """The holiday calendar does not know a year the period reaches into."""

    def __init__(self, year: int):
        self.year = year
        known = _known_years()
        super().__init__(
            f"节假日数据只覆盖 {known[0]}—{known[1]} 年，无法按工作日计算 {year} 年的公示期。"
            "请改用 end: 写明截止日期，或用 days: 按自然日计算，或升级 chinesecalendar。|"
            f"the holiday calendar covers {known[0]}–{known[1]} only, so working days in "
            f"{year} cannot be counted. Give the end date with end:, count calendar days "
            "with days:, or upgrade chinesecalendar."
        )


def _known_years() -> tuple[int, int]:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return years[0], years[-1]


def is_workday(day: date) -> bool:
    """True on a mainland working day, counting 调休 weekend make-up days."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarGap(day.year) from None


def end_after_workdays(start: date, workdays: int) -> date:
    """The Nth working day counting from `start` inclusive."""
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == workdays:
                return day
        day += timedelta(days=1)


def end_after_days(start: date, days: int) -> date:
    """The last of N calendar days counting from `start` inclusive."""
    return start + timedelta(days=days - 1)


def count_workdays(start: date, end: date) -> int:
    return sum(is_workday(start + timedelta(n)) for n in range((end - start).days + 1))
