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


# chinese_calendar names its holidays in English; residents read them in Chinese.
HOLIDAY_ZH = {
    chinese_calendar.Holiday.new_years_day.value: "元旦",
    chinese_calendar.Holiday.spring_festival.value: "春节",
    chinese_calendar.Holiday.tomb_sweeping_day.value: "清明节",
    chinese_calendar.Holiday.labour_day.value: "劳动节",
    chinese_calendar.Holiday.dragon_boat_festival.value: "端午节",
    chinese_calendar.Holiday.national_day.value: "国庆节",
    chinese_calendar.Holiday.mid_autumn_festival.value: "中秋节",
    chinese_calendar.Holiday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}


def holiday_name(day: date) -> str | None:
    """The Chinese name of the public holiday `day` belongs to (a day off, or a 调休 working
    day made up for it); None for an ordinary day or a year the calendar does not know."""
    try:
        _, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    return HOLIDAY_ZH.get(name, name) if name else None


@dataclass(frozen=True)
class DaysOff:
    """A run of days off around a public holiday, weekends included: 10月1日至10月7日."""

    first: date
    last: date
    names: tuple[str, ...]  # empty for a holiday known only from the site's calendar


def holidays_within(
    start: date, end: date, supplement: Supplement = NO_SUPPLEMENT
) -> list[DaysOff]:
    """The public holidays a period from `start` to `end` touches, each as its whole run of
    days off (which may begin before `start` or end after `end`). Plain weekends are left
    out, and so are years no calendar knows."""
    runs: list[DaysOff] = []
    day = start
    while day <= end:
        if counts_as_workday(day, supplement) or not _holiday(day, supplement):
            day += timedelta(days=1)
            continue
        first = last = day
        while not counts_as_workday(first - timedelta(days=1), supplement):
            first -= timedelta(days=1)
        while not counts_as_workday(last + timedelta(days=1), supplement):
            last += timedelta(days=1)
        names = [holiday_name(first + timedelta(n)) for n in range((last - first).days + 1)]
        runs.append(DaysOff(first, last, tuple(dict.fromkeys(n for n in names if n))))
        day = last + timedelta(days=1)
    return runs


def makeup_workdays(start: date, end: date, supplement: Supplement = NO_SUPPLEMENT) -> list[date]:
    """The Saturdays and Sundays from `start` to `end` that are 调休 working days."""
    days = (start + timedelta(n) for n in range((end - start).days + 1))
    return [d for d in days if d.weekday() >= 5 and counts_as_workday(d, supplement)]


def counts_as_workday(day: date, supplement: Supplement = NO_SUPPLEMENT) -> bool:
    """`is_workday`, Monday to Friday in a year no calendar knows (as `workday_end` counts)."""
    try:
        return is_workday(day, supplement)
    except CalendarGap:
        return day.weekday() < 5


def _holiday(day: date, supplement: Supplement) -> bool:
    """A day off that is more than a weekend."""
    return day in supplement.holidays or day.weekday() < 5 or holiday_name(day) is not None


def unknown_years_message(years: tuple[int, ...]) -> tuple[str, str]:
    """What the build says of a working-day period reaching into a year whose holidays no
    calendar knows (Chinese, English)."""
    shown = "、".join(str(y) for y in years)
    return (
        f"还没有 {shown} 年的法定节假日安排，这段公示期按周一至周五计算工作日，网站上会注明。"
        f"国务院公布 {shown} 年放假和调休日期后，请填入 site_config.yml 的 calendar:"
        "（holidays: 放假日期，workdays: 调休上班日期），或升级本程序。",
        f"no official holiday schedule is known for {', '.join(map(str, years))}: the "
        "period's working days are counted Monday to Friday, and the site says so. Once "
        "the State Council publishes it, add its holidays and make-up working days under "
        "calendar: in site_config.yml, or upgrade the program.",
    )
