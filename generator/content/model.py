"""The loaded content: each item with its source, its URL and its validated fields."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import ClassVar

from .config import SiteConfig
from .kinds import ANNOUNCEMENT, COLUMN, HONORS, ISSUE, NOTICE, PAGE, Kind
from .schema import Announcement, Column, ColumnIssue, HonorsPeriod, Notice, Page, Schema


@dataclass(frozen=True)
class Source:
    """Where an item came from: `shown` names it in messages, `src_uri` is under content/."""

    shown: str
    src_uri: str
    body: str = ""
    body_line: int = 1
    lines: Mapping = field(default_factory=dict, compare=False, repr=False)
    # The digest of the file's text ("" when unknown): what this source and the item's
    # validated fields are read from, which stands for them in page and print keys.
    text_digest: str = field(default="", compare=False, repr=False)

    def line_of(self, *keys: str) -> int | None:
        """The line of the first of `keys` present at the top of the file."""
        return next((self.lines[(k,)] for k in keys if (k,) in self.lines), None)


class _Item:
    """What every item has: its kind, and a URL in its kind's section from its file name."""

    kind: ClassVar[Kind]
    slug: str
    source: Source
    meta: Schema

    @property
    def url(self) -> str:
        return f"{self.kind.folder}/{self.slug}/"

    def digest_stand_ins(self) -> dict | None:
        """For page and print keys (see generator/fingerprint.py): the item's source and
        validated fields are read (and masked) from its file's text, so its name and the
        digest of its text stand for them, when that digest is known. Far quicker than
        going through every field."""
        if not self.source.text_digest:
            return None
        read_from = ("file", self.source.shown, self.source.text_digest, type(self.meta).__name__)
        return {"source": read_from, "meta": read_from}


@dataclass(frozen=True)
class AnnouncementItem(_Item):
    kind: ClassVar[Kind] = ANNOUNCEMENT
    slug: str
    source: Source
    meta: Announcement


@dataclass(frozen=True)
class IssueItem(_Item):
    kind: ClassVar[Kind] = ISSUE
    slug: str
    column_slug: str
    source: Source
    meta: ColumnIssue

    @property
    def url(self) -> str:
        return f"{self.kind.folder}/{self.column_slug}/{self.slug}/"


@dataclass(frozen=True)
class ColumnItem(_Item):
    kind: ClassVar[Kind] = COLUMN
    slug: str
    source: Source
    meta: Column
    issues: tuple[IssueItem, ...] = ()


@dataclass(frozen=True)
class HonorsItem(_Item):
    kind: ClassVar[Kind] = HONORS
    slug: str
    source: Source
    meta: HonorsPeriod


@dataclass(frozen=True)
class NoticeItem(_Item):
    kind: ClassVar[Kind] = NOTICE
    slug: str
    source: Source
    meta: Notice
    end: date  # last day of the 公示期, computed on the working-day calendar
    # years counted Monday to Friday for want of their official holiday schedule
    guessed_years: tuple[int, ...] = ()

    @property
    def period_note(self) -> str:
        """Shown beside the 公示期 wherever a year of it had to be guessed."""
        if not self.guessed_years:
            return ""
        years = "、".join(str(y) for y in self.guessed_years)
        return f"（按周一至周五计算，未含{years}年节假日安排）"


@dataclass(frozen=True)
class PageItem(_Item):
    kind: ClassVar[Kind] = PAGE
    slug: str
    source: Source
    meta: Page


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
