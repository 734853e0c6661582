"""What is public, current or over at a given moment: pure rules, no I/O.

`now` is a naive datetime in the site's time zone; `today` is its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .config import Privacy
from .model import ColumnItem, IssueItem, NoticeItem
from .schema import Announcement, BlackEntry

SCHEDULED, CURRENT, EXPIRED = "scheduled", "current", "expired"
NOT_STARTED, ACTIVE, ENDED = "未开始", "公示中", "已结束"


def announcement_state(meta: Announcement, now: datetime) -> str:
    """scheduled before its date, expired after its expiry, current in between."""
    if meta.date.start > now:
        return SCHEDULED
    if meta.expires is not None and now >= meta.expires.until:
        return EXPIRED
    return CURRENT


@dataclass(frozen=True)
class NoticeStatus:
    label: str  # 未开始 | 公示中 | 已结束
    days_left: int | None  # while 公示中: days to go, the end day counting as one
    days_to_start: int | None  # while 未开始


def notice_public(item: NoticeItem, today: date) -> bool:
    return today >= item.meta.issued


def notice_status(item: NoticeItem, today: date) -> NoticeStatus:
    start = item.meta.period.start
    if today < start:
        return NoticeStatus(NOT_STARTED, None, (start - today).days)
    if today <= item.end:
        return NoticeStatus(ACTIVE, (item.end - today).days + 1, None)
    return NoticeStatus(ENDED, None, None)


def black_leaves_on(entry: BlackEntry, privacy: Privacy) -> date:
    """The first day a black-list entry is no longer shown anywhere."""
    leaves = entry.date + timedelta(days=privacy.black_retention_days)
    if entry.rectified is not None:
        leaves = min(leaves, entry.rectified + timedelta(days=privacy.rectified_retention_days))
    return leaves


def day_after(day: date) -> datetime:
    """The moment a whole-day rule ends: the midnight after `day`."""
    return datetime.combine(day + timedelta(days=1), datetime.min.time())


def black_visible(entry: BlackEntry, today: date, privacy: Privacy) -> bool:
    return today < black_leaves_on(entry, privacy)


def public_issues(column: ColumnItem, today: date) -> list[IssueItem]:
    """Issues whose date has come, newest first."""
    return sorted(
        (i for i in column.issues if i.meta.date <= today),
        key=lambda i: (i.meta.date, i.meta.issue),
        reverse=True,
    )


def current_issue(column: ColumnItem, today: date) -> IssueItem | None:
    issues = public_issues(column, today)
    return issues[0] if issues else None


def days_overdue(column: ColumnItem, today: date) -> int | None:
    """Days past the cadence the current issue has stayed up; None when on time."""
    current = current_issue(column, today)
    if current is None:
        return None
    late = (today - current.meta.date).days - column.meta.cadence_days
    return late if late > 0 else None


def issues_this_year(column: ColumnItem, today: date) -> int:
    """Issues up so far this calendar year (a scheduled issue does not count yet)."""
    return sum(1 for i in public_issues(column, today) if i.meta.date.year == today.year)


def issues_expected_by(column: ColumnItem, today: date) -> int | None:
    """How many issues `min_issues_per_year` asks for by `today`, pro rata."""
    wanted = column.meta.min_issues_per_year
    if not wanted:
        return None
    start = date(today.year, 1, 1)
    length = (date(today.year + 1, 1, 1) - start).days
    return int(wanted * ((today - start).days + 1) / length)
