"""公示 periods on the mainland calendar (public holidays and 调休 make-up days)."""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar


@dataclass(frozen=True)
class Supplement:
    """The State Council's schedule for years the packaged calendar does not know yet,
    from `calendar:` in site_config.yml."""

    holidays: Collection[date] = field(default_factory=frozenset)
    workdays: Collection[date] = field(default_factory=frozenset)

    @property
    def years(self) -> set[int]:
        return {d.year for d in (*self.holidays, *self.workdays)}


NO_SUPPLEMENT = Supplement()


class CalendarGap(ValueError):
    """The holiday calendar does not know a year the period reaches into."""

    def __init__(self, year: int):
        self.year = year
        known = _known_years()
        super().__init__(
            f"节假日数据只覆盖 {known[0]}—{known[1]} 年，无法按工作日计算 {year} 年的公示期。"
            "请改用 end: 写明截止日期，或用 days: 按自然日计算，或在 site_config.yml 的 "
            f"calendar: 里填入国务院公布的 {year} 年放假和调休日期。|"
            f"the holiday calendar covers {known[0]}–{known[1]} only, so working days in "
            f"{year} cannot be counted. Give the end date with end:, count calendar days "
            f"with days:, or add the State Council's {year} holidays and make-up working "
            "days under calendar: in site_config.yml."
        )


@functools.cache
def _known_years() -> tuple[int, int]:
    years = sorted({d.year for d in chinese_calendar.holidays})
    return years[0], years[-1]


def is_workday(day: date, supplement: Supplement = NO_SUPPLEMENT) -> bool:
    """True on a mainland working day, counting 调休 weekend make-up days."""
    if day in supplement.holidays:
        return False
    if day in supplement.workdays:
        return True
    if day.year in supplement.years and day.year > _known_years()[1]:
        return day.weekday() < 5
    try:
        return _packaged_workday(day)
    except NotImplementedError:
        raise CalendarGap(day.year) from None


@functools.cache
def _packaged_workday(day: date) -> bool:
    """The packaged calendar's answer, kept: it is asked about the same days for every
    notice, and checks its whole table of years on each question."""
    return chinese_calendar.is_workday(day)


def end_after_workdays(start: date, workdays: int, supplement: Supplement = NO_SUPPLEMENT) -> date:
    """The Nth working day counting from `start` inclusive."""
    day, counted = start, 0
    while True:
        if is_workday(day, supplement):
            counted += 1
            if counted == workdays:
                return day
        day += timedelta(days=1)


def end_after_days(start: date, days: int) -> date:
    """The last of N calendar days counting from `start` inclusive."""
    return start + timedelta(days=days - 1)


def count_workdays(start: date, end: date, supplement: Supplement = NO_SUPPLEMENT) -> int:
    return sum(is_workday(start + timedelta(n), supplement) for n in range((end - start).days + 1))


@dataclass(frozen=True)
class WorkdayEnd:
    """The last day of a working-day period, and the years in it that were counted
    Monday to Friday because no official holiday schedule is known for them."""

    day: date
    guessed_years: tuple[int, ...] = ()


def workday_end(start: date, workdays: int, supplement: Supplement = NO_SUPPLEMENT) -> WorkdayEnd:
    """The Nth working day from `start` inclusive. A year the packaged calendar and the
    site's `calendar:` do not know is counted Monday to Friday (named in the result),
    so a notice reaching into next year still builds before its schedule is published."""
    day, counted, guessed = start, 0, set()
    while True:
        try:
            working = is_workday(day, supplement)
        except CalendarGap:
            working = day.weekday() < 5
            guessed.add(day.year)
        if working:
            counted += 1
            if counted == workdays:
                return WorkdayEnd(day, tuple(sorted(guessed)))
        day += timedelta(days=1)
