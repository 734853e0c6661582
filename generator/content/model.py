"""The loaded content: each item with its source, its URL and its validated fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .config import SiteConfig
from .schema import Announcement, Column, ColumnIssue, HonorsPeriod, Notice, Page


@dataclass(frozen=True)
class Source:
    """Where an item came from: `shown` names it in messages, `src_uri` is under content/."""

    shown: str
    src_uri: str
    body: str = ""
    body_line: int = 1
    lines: dict = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, *keys: str) -> int | None:
        """The line of the first of `keys` present at the top of the file."""
        return next((self.lines[(k,)] for k in keys if (k,) in self.lines), None)


@dataclass(frozen=True)
class AnnouncementItem:
    slug: str
    source: Source
    meta: Announcement

    @property
    def url(self) -> str:
        return f"announcements/{self.slug}/"


@dataclass(frozen=True)
class IssueItem:
    slug: str
    column_slug: str
    source: Source
    meta: ColumnIssue

    @property
    def url(self) -> str:
        return f"columns/{self.column_slug}/{self.slug}/"


@dataclass(frozen=True)
class ColumnItem:
    slug: str
    source: Source
    meta: Column
    issues: tuple[IssueItem, ...] = ()

    @property
    def url(self) -> str:
        return f"columns/{self.slug}/"


@dataclass(frozen=True)
class HonorsItem:
    slug: str
    source: Source
    meta: HonorsPeriod

    @property
    def url(self) -> str:
        return f"honors/{self.slug}/"


@dataclass(frozen=True)
class NoticeItem:
    slug: str
    source: Source
    meta: Notice
    end: date  # last day of the 公示期, computed on the working-day calendar

    @property
    def url(self) -> str:
        return f"notices/{self.slug}/"


@dataclass(frozen=True)
class PageItem:
    slug: str
    source: Source
    meta: Page

    @property
    def url(self) -> str:
        return f"pages/{self.slug}/"


@dataclass
class Project:
    """Everything under a site project, validated; nothing here depends on MkDocs."""

    root: Path
    config: SiteConfig
    announcements: list[AnnouncementItem] = field(default_factory=list)
    columns: list[ColumnItem] = field(default_factory=list)
    honors: list[HonorsItem] = field(default_factory=list)
    notices: list[NoticeItem] = field(default_factory=list)
    pages: list[PageItem] = field(default_factory=list)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"
