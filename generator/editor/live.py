"""Checks while typing: what `board check` would say of the file being edited, the 公示期
a period gives (with the holidays it crosses named), and the personal data the public
site will mask. Nothing here writes to the project."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from pydantic import ValidationError

from ..content.cache import ContentCache
from ..content.dates import WEEKDAYS, zh_range
from ..content.fields import PATH_FIELDS
from ..content.kinds import HONORS, Kind
from ..content.loader import load_snapshot
from ..content.privacy import ID_NUMBER, MOBILE, mask_subject, mask_text
from ..content.schema import Period
from ..content.validation import problems_from
from ..content.workdays import (
    NO_SUPPLEMENT,
    CalendarGap,
    DaysOff,
    Supplement,
    count_workdays,
    counts_as_workday,
    end_after_days,
    holiday_name,
    holidays_within,
    is_workday,
    makeup_workdays,
    unknown_years_message,
    workday_end,
)
from ..content.yamlio import YamlDoc
from ..errors import BoardError, Problem, problem

LONGEST = 3660  # days: ten years is no 公示期

# ---------------------------------------------------------------- board check, for one file


def candidate_problems(
    root: Path,
    rel: str,
    text: str,
    today: str | None = None,
    *,
    contents: ContentCache | None = None,
) -> list[Problem]:
    """What `board check` would say about file `rel` if it held `text`: its errors and
    warnings, in check's order. The whole project is loaded (a category, a URL or an issue
    number is judged against the other files); `contents`, kept by the caller between
    calls, spares re-reading the unchanged ones. The draft never reaches the disk nor the
    cache."""
    try:
        _, warnings, _ = load_snapshot(Path(root), today, contents, overlay={rel: text})
    except BoardError as exc:
        found = exc.problems
    else:
        found = sorted(warnings)
    return [p for p in found if p.file == rel]


# ---------------------------------------------------------------- the 公示期 calculator


@dataclass(frozen=True)
class PeriodInfo:
    """A 公示期 worked out as the build works it out, in words for the form."""

    start: date
    end: date
    workdays: int
    days: int
    notes: list[str]
    summary: str


def period_info(period: dict | str, supplement: Supplement = NO_SUPPLEMENT) -> PeriodInfo:
    """The 公示期 of a notice's `period` as the form holds it ({start, workdays|days|end},
    numbers and dates as typed, blanks for what is not given; or one line such as
    2026年11月23日起5个工作日). BoardError (file "period") when it cannot be read."""
    given = period if isinstance(period, str) else {k: v for k, v in period.items() if _filled(v)}
    try:
        read = Period.model_validate(given)
    except ValidationError as exc:
        data = given if isinstance(given, dict) else {}
        raise BoardError(problems_from(exc, Period, "period", YamlDoc(data, {}))) from None
    _within_reason(read)
    start = read.start
    guessed: tuple[int, ...] = ()
    if read.workdays is not None:
        counted = workday_end(start, read.workdays, supplement)
        end, guessed = counted.day, counted.guessed_years
    else:
        end = read.end if read.end is not None else end_after_days(start, read.days or 1)
    workdays, unknown = _workdays_between(start, end, supplement)
    notes = _notes(start, end, read.workdays is not None, supplement)
    if guessed:
        notes.append(unknown_years_message(guessed)[0])
    elif unknown:
        years = "、".join(map(str, unknown))
        notes.append(f"还没有 {years} 年的法定节假日安排，工作日数按周一至周五估算。")
    days = (end - start).days + 1
    summary = zh_range(start, end) + (
        f"，共{workdays}个工作日"
        if read.workdays is not None
        else f"，共{days}天，其中{workdays}个工作日"
    )
    return PeriodInfo(start, end, workdays, days, notes, summary)


def _within_reason(read: Period) -> None:
    """A number typed by mistake (50000 working days) is named, not counted for minutes."""
    if (read.workdays or read.days or 0) > LONGEST or (
        read.end is not None and (read.end - read.start).days >= LONGEST
    ):
        raise BoardError(
            [
                problem(
                    "period",
                    f"公示期超过 {LONGEST} 天，请检查数字是否写错。",
                    f"the period is longer than {LONGEST} days: check the number.",
                )
            ]
        )


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _workdays_between(start: date, end: date, supplement: Supplement) -> tuple[int, list[int]]:
    """The working days from `start` to `end`, and the years counted Monday to Friday
    because no calendar knows them."""
    try:
        return count_workdays(start, end, supplement), []
    except CalendarGap:
        pass
    count, unknown = 0, set()
    for n in range((end - start).days + 1):
        day = start + timedelta(n)
        try:
            count += is_workday(day, supplement)
        except CalendarGap:
            count += day.weekday() < 5
            unknown.add(day.year)
    return count, sorted(unknown)


def _notes(start: date, end: date, by_workdays: bool, supplement: Supplement) -> list[str]:
    """The holidays the period crosses and the 调休 days it counts, in the order of the
    calendar, as a resident reads them: 跨国庆节（10月1日至10月7日放假），顺延至10月9日."""
    dated: list[tuple[date, str]] = []
    runs = holidays_within(start, end, supplement)
    for index, run in enumerate(runs):
        days_off = f"{_names(run)}（{_span(run, start)}放假）"
        if not by_workdays:
            dated.append((run.first, f"跨{days_off}，放假日也计入公示期天数"))
        elif run.first <= start:
            after = _day(run.last + timedelta(days=1), start)  # the run ends on the eve of one
            dated.append((start, f"{_day(start, start)}正值{days_off}，从{after}起计算"))
        elif index == len(runs) - 1:
            dated.append((run.first, f"跨{days_off}，顺延至{_day(end, start)}"))
        else:
            dated.append((run.first, f"跨{days_off}"))
    if by_workdays and not counts_as_workday(start, supplement) and not _in_run(start, runs):
        first = _day(_first_workday(start, supplement), start)
        dated.append(
            (start, f"{_day(start, start)}（{_weekday(start)}）不是工作日，从{first}起计算")
        )
    for day in makeup_workdays(start, end, supplement):
        name = holiday_name(day)
        why = f"{name}调休上班" if name else "调休上班"
        dated.append((day, f"{_day(day, start)}（{_weekday(day)}）{why}，计入工作日"))
    return [note for _, note in sorted(dated, key=lambda pair: pair[0])]


def _weekday(day: date) -> str:
    return f"星期{WEEKDAYS[day.weekday()]}"


def _first_workday(day: date, supplement: Supplement) -> date:
    while not counts_as_workday(day, supplement):
        day += timedelta(days=1)
    return day


def _in_run(day: date, runs: list[DaysOff]) -> bool:
    return any(run.first <= day <= run.last for run in runs)


def _names(run: DaysOff) -> str:
    return "、".join(run.names) or "法定节假日"


def _span(run: DaysOff, start: date) -> str:
    if run.first == run.last:
        return _day(run.first, start)
    return f"{_day(run.first, start)}至{_day(run.last, start)}"


def _day(day: date, start: date) -> str:
    """10月9日; with the year when it is not the period's first year."""
    text = f"{day.month}月{day.day}日"
    return text if day.year == start.year else f"{day.year}年{text}"


# ---------------------------------------------------------------- privacy


@dataclass(frozen=True)
class Mark:
    """Something the public site will not show as written."""

    field: str  # "body", "summary", "applicants.0.summary", "black.1.subject" …
    found: str  # the text as written
    masked: str  # what the public site shows
    why: str  # 手机号 / 身份证号 / 黑榜个人姓名 / 黑榜车牌号


def privacy_marks(kind: Kind, data: dict, body: str | None) -> list[Mark]:
    """Every full mobile and ID number in the fields (nested too) and the body, and on a
    black list each person's name and car plate, with the masked form the build publishes
    (content/privacy.py). Path fields and free `extra` data are neither published as text
    nor masked, so they are left out, as `board check` leaves them."""
    marks = [m for field, text in _texts(data) for m in _numbers(field, text)]
    if kind is HONORS:
        marks += _black_subjects(data.get("black"))
    if body:
        marks += _numbers("body", body)
    return marks


def _texts(value: object, path: str = "") -> Iterator[tuple[str, str]]:
    """(field path, text) of every text under `value`; a number is text to the schema (a
    mobile written without quotes reads as one)."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, int) and not isinstance(value, bool):
        yield path, str(value)
    elif isinstance(value, dict):
        for key, part in value.items():
            if key not in PATH_FIELDS and key != "extra":
                yield from _texts(part, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, part in enumerate(value):
            yield from _texts(part, f"{path}.{index}")


def _numbers(field: str, text: str) -> list[Mark]:
    """The numbers `mask_text` hides, found as `find_sensitive` finds them."""
    marks = [Mark(field, m[0], mask_text(m[0]), "身份证号") for m in ID_NUMBER.finditer(text)]
    rest = ID_NUMBER.sub("", text)
    marks += [Mark(field, m[0], mask_text(m[0]), "手机号") for m in MOBILE.finditer(rest)]
    return marks


def _black_subjects(entries: object) -> list[Mark]:
    marks = []
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        subject = entry.get("subject") if isinstance(entry, dict) else None
        if not isinstance(subject, str) or not subject.strip():
            continue
        kind = entry.get("subject_type") or "person"
        why = {"person": "黑榜个人姓名", "vehicle": "黑榜车牌号"}.get(kind)
        masked = mask_subject(subject.strip(), kind)
        if why and masked != subject.strip():
            marks.append(Mark(f"black.{index}.subject", subject.strip(), masked, why))
    return marks
