"""The public view of a project at a moment: only what may be shown, masked, with the
status of each item. Every output (site, feeds, print) reads this, never the raw model."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import TypeVar

from . import lifecycle as life
from .config import SiteConfig
from .facts import FactsBook, ModelT, asset_references, mask_model
from .facts import summary_of as summary_of  # lists, feeds and screen read it from here
from .kinds import ANNOUNCEMENT, COLUMN, HONORS, ISSUE, NOTICE, PAGE
from .model import (
    AnnouncementItem,
    ColumnItem,
    HonorsItem,
    IssueItem,
    NoticeItem,
    PageItem,
    Project,
)
from .privacy import mask_subject, mask_text
from .revisions import changed_during_period, revisions_text
from .schema import BlackEntry, Revision

ItemT = TypeVar("ItemT", AnnouncementItem, NoticeItem, HonorsItem, IssueItem, ColumnItem, PageItem)
AnyItem = AnnouncementItem | NoticeItem | HonorsItem | IssueItem | ColumnItem | PageItem


@dataclass(frozen=True)
class Badge:
    label: str
    tone: str  # urgent | pinned | expired | active | upcoming | ended | pending | done | overdue


@dataclass(frozen=True)
class Entry:
    """What every list needs of an item."""

    kind: str  # announcement | notice | honors | issue | column | page
    url: str
    title: str
    day: date
    summary: str
    badges: tuple[Badge, ...] = ()
    item: AnyItem = field(kw_only=True)  # the masked item (each kind narrows the type)

    @property
    def print_key(self) -> str:
        """Its printed files' path under print/, without the extension."""
        return self.url.rstrip("/")


@dataclass(frozen=True)
class PublicAnnouncement(Entry):
    item: AnnouncementItem = field(kw_only=True)
    state: str = life.CURRENT


@dataclass(frozen=True)
class PublicNotice(Entry):
    item: NoticeItem = field(kw_only=True)
    status: life.NoticeStatus = field(kw_only=True)
    # changes made within its 公示期 (up to the build day), shown as 公示期间有修改
    revisions: tuple[Revision, ...] = field(default=(), kw_only=True)

    @property
    def revisions_text(self) -> str:
        """11月18日（更正申报对象姓名）、11月19日; empty when it was not changed."""
        return revisions_text(self.revisions)


@dataclass(frozen=True)
class PublicBlack:
    """A retained black-list entry, subject masked, with the day it leaves every output."""

    entry: BlackEntry
    leaves_on: date


@dataclass(frozen=True)
class PublicHonors(Entry):
    item: HonorsItem = field(kw_only=True)
    black: tuple[PublicBlack, ...] = ()
    current: bool = False


@dataclass(frozen=True)
class PublicIssue(Entry):
    item: IssueItem = field(kw_only=True)
    column: ColumnItem = field(kw_only=True)
    current: bool = False


@dataclass(frozen=True)
class PublicColumn(Entry):
    item: ColumnItem = field(kw_only=True)
    issues: tuple[PublicIssue, ...] = ()
    overdue_days: int | None = None
    issues_this_year: int = 0
    expected_by_now: int | None = None  # pro rata of min_issues_per_year
    staff_notes: tuple[Badge, ...] = ()  # overdue, behind: for the preview, never published

    @property
    def behind(self) -> bool:
        return self.expected_by_now is not None and self.issues_this_year < self.expected_by_now

    @property
    def current(self) -> PublicIssue | None:
        return self.issues[0] if self.issues else None


@dataclass(frozen=True)
class PublicPage(Entry):
    item: PageItem = field(kw_only=True)


@dataclass
class Snapshot:
    """Everything public at `now`, grouped the way the outputs need it."""

    config: SiteConfig
    now: datetime
    announcements: list[PublicAnnouncement] = field(default_factory=list)
    notices: list[PublicNotice] = field(default_factory=list)
    honors: list[PublicHonors] = field(default_factory=list)
    columns: list[PublicColumn] = field(default_factory=list)
    pages: list[PublicPage] = field(default_factory=list)
    withheld: set[str] = field(default_factory=set)  # files under content/ not to publish

    @property
    def today(self) -> date:
        return self.now.date()

    @cached_property
    def current_announcements(self) -> list[PublicAnnouncement]:
        """Pinned first, then newest first; expired ones are left to the archive."""
        live = [a for a in self.announcements if a.state == life.CURRENT]
        return sorted(live, key=lambda a: (not a.item.meta.pinned, _newest(a)))

    @cached_property
    def urgent(self) -> list[PublicAnnouncement]:
        return [a for a in self.current_announcements if a.item.meta.urgent]

    @cached_property
    def active_notices(self) -> list[PublicNotice]:
        return [n for n in self.notices if n.status.label == life.ACTIVE]

    @cached_property
    def open_notices(self) -> list[PublicNotice]:
        """公示中 and 未开始; the section page lists the 已结束 ones after them."""
        return [n for n in self.notices if n.status.label != life.ENDED]

    @cached_property
    def ended_notices(self) -> list[PublicNotice]:
        """已结束, the latest to end first: a notice stays public record after its 公示期."""
        ended = [n for n in self.notices if n.status.label == life.ENDED]
        return sorted(ended, key=lambda n: (n.item.end, n.url), reverse=True)

    @cached_property
    def current_honors(self) -> PublicHonors | None:
        return next((h for h in self.honors if h.current), None)

    @cached_property
    def issues(self) -> list[PublicIssue]:
        return [i for c in self.columns for i in c.issues]

    @cached_property
    def current_issues(self) -> list[PublicIssue]:
        """The issue each column has up now."""
        return [c.current for c in self.columns if c.current]

    def current_items(self) -> list[Entry]:
        """What is on the board now, most urgent first: the one order the home page's
        urgent strip, `api/current.json`, screen mode and print all use."""
        return self._current_items

    def posted_items(self) -> list[Entry]:
        """What is up on the physical boards now, in the same order: the current items,
        except announcements older than `print.recent_days` that are neither pinned nor
        given an expiry date (those stay on the site, not on paper)."""
        horizon = self.today - timedelta(days=self.config.print.recent_days)
        return [
            e
            for e in self.current_items()
            if not isinstance(e, PublicAnnouncement)
            or e.item.meta.pinned
            or e.item.meta.expires is not None
            or e.item.meta.date.day >= horizon
        ]

    @cached_property
    def _current_items(self) -> list[Entry]:
        """Urgent announcements; notices in their 公示期, the soonest to end first; the
        other current announcements (pinned, then newest); notices not yet started; the
        current 红黑榜; each column's current issue."""
        active = sorted(self.active_notices, key=lambda n: (n.item.end, n.url))
        upcoming = [n for n in self.open_notices if n.status.label == life.NOT_STARTED]
        calm = [a for a in self.current_announcements if not a.item.meta.urgent]
        honors = [self.current_honors] if self.current_honors else []
        return [*self.urgent, *active, *calm, *upcoming, *honors, *self.current_issues]

    def dated_entries(self) -> list[Entry]:
        """Everything with a date, newest first: the archive. Sorted once; each caller
        gets its own list."""
        return list(self._dated_entries)

    @cached_property
    def _dated_entries(self) -> list[Entry]:
        entries: list[Entry] = [*self.announcements, *self.notices, *self.honors, *self.issues]
        return sorted(entries, key=lambda e: (e.day, e.url), reverse=True)


def _newest(entry: PublicAnnouncement) -> tuple:
    return (-entry.item.meta.date.start.timestamp(), entry.url)


def publish(project: Project, now: datetime, facts: FactsBook) -> Snapshot:
    """The public snapshot at `now`: scheduled items dropped, statuses set, text masked.
    What each file decides on its own (masking, summary) comes from `facts`."""
    today = now.date()
    snapshot = Snapshot(config=project.config, now=now)
    for item in project.announcements:
        state = life.announcement_state(item.meta, now)
        if state != life.SCHEDULED:
            snapshot.announcements.append(_announcement(*_public(item, facts), state))
    snapshot.announcements.sort(key=_newest)
    for notice in project.notices:
        if life.notice_public(notice, today):
            status = life.notice_status(notice, today)
            snapshot.notices.append(_notice(*_public(notice, facts), status, today))
    snapshot.notices.sort(key=lambda n: (n.item.meta.issued, n.url), reverse=True)
    public_honors = sorted(
        (h for h in project.honors if h.meta.published <= today),
        key=lambda h: (h.meta.published, h.url),
        reverse=True,
    )
    for index, honors in enumerate(public_honors):
        numbers = facts.of(honors).has_numbers
        snapshot.honors.append(_honors(honors, today, project.config, index == 0, numbers))
    snapshot.columns = [_column(c, today, facts) for c in project.columns]
    snapshot.pages = sorted(
        (_page(*_public(p, facts)) for p in project.pages),
        key=lambda p: (p.item.meta.order, p.title),
    )
    snapshot.withheld = withheld_assets(project, snapshot, facts)
    return snapshot


def _public(item: ItemT, facts: FactsBook) -> tuple[ItemT, str]:
    """The item as the public sees it, and its summary. Most files hold nothing to
    mask: their item is published as it is."""
    known = facts.of(item)
    return (_masked(item) if known.has_numbers else item), known.summary


def _masked(item: ItemT) -> ItemT:
    """The item with every text field and its Markdown body masked."""
    source = dataclasses.replace(item.source, body=mask_text(item.source.body))
    return dataclasses.replace(item, meta=mask_model(item.meta), source=source)


def _as_it_is(model: ModelT) -> ModelT:
    return model


def _announcement(item: AnnouncementItem, summary: str, state: str) -> PublicAnnouncement:
    meta = item.meta
    badges = []
    if state == life.EXPIRED:
        badges.append(Badge("已过期", "expired"))
    else:
        if meta.urgent:
            badges.append(Badge("紧急", "urgent"))
        if meta.pinned:
            badges.append(Badge("置顶", "pinned"))
    return PublicAnnouncement(
        ANNOUNCEMENT.name,
        item.url,
        meta.title,
        meta.date.day,
        summary,
        tuple(badges),
        item=item,
        state=state,
    )


def _notice(item: NoticeItem, summary: str, status: life.NoticeStatus, today: date) -> PublicNotice:
    tone = {life.NOT_STARTED: "upcoming", life.ACTIVE: "active", life.ENDED: "ended"}
    label = status.label
    if status.days_left is not None:
        label = f"公示中 剩{status.days_left}天"
    return PublicNotice(
        NOTICE.name,
        item.url,
        item.meta.title,
        item.meta.issued,
        summary,
        (Badge(label, tone[status.label]),),
        item=item,
        status=status,
        revisions=changed_during_period(
            item.meta.revisions, item.meta.period.start, item.end, today
        ),
    )


def _honors(
    item: HonorsItem, today: date, config: SiteConfig, current: bool, has_numbers: bool
) -> PublicHonors:
    """The list as published today: black entries past retention dropped, subjects
    masked. `has_numbers` False says masking leaves the file's text as it is."""
    mask = mask_model if has_numbers else _as_it_is
    privacy = config.privacy
    black = tuple(
        PublicBlack(
            mask(e).model_copy(update={"subject": mask_subject(e.subject, e.subject_type)}),
            life.black_leaves_on(e, privacy),
        )
        for e in item.meta.black
        if life.black_visible(e, today, privacy)
    )
    meta = mask(item.meta).model_copy(update={"black": [b.entry for b in black]})
    masked = dataclasses.replace(item, meta=meta)
    red = "、".join(r.name for r in meta.red[:5])
    summary = f"红榜：{red}" if red else meta.title
    badges = (Badge("本期", "active"),) if current else ()
    return PublicHonors(
        HONORS.name,
        item.url,
        meta.title,
        meta.published,
        summary,
        badges,
        item=masked,
        black=black,
        current=current,
    )


def _column(column: ColumnItem, today: date, facts: FactsBook) -> PublicColumn:
    column = dataclasses.replace(column, meta=mask_model(column.meta))
    public = [_public(i, facts) for i in life.public_issues(column, today)]
    issues = tuple(
        PublicIssue(
            ISSUE.name,
            m.url,
            f"{column.meta.title} 第{m.meta.issue}期：{m.meta.title}",
            m.meta.date,
            summary,
            (Badge("本期", "active"),) if n == 0 else (),
            item=m,
            column=column,
            current=n == 0,
        )
        for n, (m, summary) in enumerate(public)
    )
    overdue = life.days_overdue(column, today)
    this_year = life.issues_this_year(column, today)
    expected = life.issues_expected_by(column, today)
    # Reminders for the staff, shown by `board serve` and `board check`; residents read
    # the published site, which a stale build would freeze them on.
    notes: tuple[Badge, ...] = (Badge(f"超期{overdue}天未更换", "overdue"),) if overdue else ()
    if expected and this_year < expected:
        notes += (Badge(f"今年{this_year}期，应有{expected}期", "overdue"),)
    meta = column.meta
    return PublicColumn(
        COLUMN.name,
        column.url,
        meta.title,
        issues[0].day if issues else today,
        meta.description or "",
        (),
        item=column,
        issues=issues,
        staff_notes=notes,
        overdue_days=overdue,
        issues_this_year=this_year,
        expected_by_now=expected,
    )


def _page(item: PageItem, summary: str) -> PublicPage:
    return PublicPage(PAGE.name, item.url, item.meta.title, date.min, summary, item=item)


def withheld_assets(project: Project, snapshot: Snapshot, facts: FactsBook) -> set[str]:
    """Files used only by what is not public (a scheduled item, a black entry past
    retention): they must not be published either."""
    every = [
        *project.announcements,
        *project.notices,
        *project.honors,
        *project.pages,
        *[i for c in project.columns for i in c.issues],
    ]
    used = set().union(*(facts.of(i).assets for i in every)) if every else set()
    public = [
        *(e.item for e in snapshot.announcements),
        *(e.item for e in snapshot.notices),
        *(e.item for e in snapshot.honors),
        *(e.item for e in snapshot.pages),
        *(e.item for e in snapshot.issues),
    ]
    shown = set().union(*(_assets(i, facts) for i in public)) if public else set()
    return used - shown


def _assets(item, facts: FactsBook) -> set[str] | frozenset[str]:
    """The files a public item uses; a masked copy's links are read again."""
    known = facts.kept(item)
    return known.assets if known else asset_references(item.meta, item.source)
