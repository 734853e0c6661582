"""A notice's 修改记录: the days it was changed, kept in the notice file itself.

Residents must be able to see that a 申报公示 changed while it was up for objection, so
the public page shows "公示期间有修改" with those days. The build reads no history: the
file says when it changed (`revisions:`), written by the editor on saving or by hand.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .dates import DateFault, parse_when
from .schema import Revision

NOTE_JOINER = "；"


def with_revision(data: dict, day: date, note: str | None = None) -> dict:
    """`data` (a notice's fields as plain values) with a change on `day` recorded. A day
    already recorded is not repeated: the new note is added to its note. An entry without a
    note is written as the date alone, as a person would (`- 2026-11-18`)."""
    entries = data.get("revisions") or []
    entries = list(entries) if isinstance(entries, list) else [entries]
    note = (note or "").strip() or None
    at = next((n for n, entry in enumerate(entries) if _day_of(entry) == day), None)
    if at is None:
        entries.append(_entry(day, note))
    else:
        entries[at] = _noted(entries[at], day, note)
    return {**data, "revisions": entries}


def _entry(day: date, note: str | None) -> str | dict:
    return {"date": day.isoformat(), "note": note} if note else day.isoformat()


def _noted(entry: object, day: date, note: str | None) -> object:
    """The entry for `day` with `note` added, unless it already says so."""
    if note is None:
        return entry
    if not isinstance(entry, dict):
        return _entry(day, note)
    before = str(entry.get("note") or "").strip()
    if note in before.split(NOTE_JOINER):
        return entry
    return {**entry, "note": f"{before}{NOTE_JOINER}{note}" if before else note}


def _day_of(entry: object) -> date | None:
    """The day an entry as written names, or None if it names none we can read."""
    value = entry.get("date") if isinstance(entry, dict) else entry
    try:
        return parse_when(value, allow_time=False).day
    except DateFault:
        return None


def changed_during_period(
    revisions: Iterable[Revision], start: date, end: date, today: date
) -> tuple[Revision, ...]:
    """The changes residents are told about: those made within the 公示期 (start and end
    day included) and not after `today`, one per day, earliest first. A change before the
    公示期 began is not news; one after it ended changes nothing that was objected to."""
    last = min(end, today)
    by_day: dict[date, list[str]] = {}
    for revision in revisions:
        if start <= revision.date <= last:
            notes = by_day.setdefault(revision.date, [])
            if revision.note and revision.note not in notes:
                notes.append(revision.note)
    return tuple(
        Revision(date=day, note=NOTE_JOINER.join(notes) or None)
        for day, notes in sorted(by_day.items())
    )


def revisions_text(revisions: Iterable[Revision]) -> str:
    """The days as the notice shows them: 11月18日（更正申报对象姓名）、11月19日."""
    return "、".join(r.day_text + (f"（{r.note}）" if r.note else "") for r in revisions)
