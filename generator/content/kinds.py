"""Every kind of content, described once: where its files live, how they are read, what
its section is called and how it prints. Loader, site, feeds, print and `board new` read
this registry; adding a kind means adding one entry here (and its templates)."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .schema import Announcement, Column, ColumnIssue, HonorsPeriod, Notice, Page, Schema

SchemaT = TypeVar("SchemaT", bound=Schema)


@dataclass(frozen=True)
class Kind(Generic[SchemaT]):
    """One kind of content item."""

    name: str  # entry.kind, template names, `board new` argument: "announcement"
    folder: str  # its folder under content/, and its URL section: "announcements"
    pattern: str  # the files of this kind inside `folder`
    schema: type[SchemaT]
    zh: str  # section and list title: 公告通知
    en: str
    label_zh: str  # one item's kind on a screen slide or board card: 公告
    section: bool = True  # has its own list page, feeds and navigation tab
    print_layout: str | None = None  # template in theme/print/ for its own sheet
    flows: bool = False  # printed on A4 pages that may continue (official notices)
    new: bool = True  # `board new` writes one from a template in generator/scaffold/new/

    @property
    def suffix(self) -> str:
        """The file suffix read in its folder."""
        return self.pattern.rpartition(".")[2]


ANNOUNCEMENT = Kind(
    "announcement",
    "announcements",
    "*.md",
    Announcement,
    "公告通知",
    "Announcements",
    "公告",
    print_layout="announcement.html",
    flows=True,
)
NOTICE = Kind(
    "notice",
    "notices",
    "*.md",
    Notice,
    "申报公示",
    "Applicant notices",
    "公示",
    print_layout="notice.html",
    flows=True,
)
HONORS = Kind(
    "honors",
    "honors",
    "*.yml",
    HonorsPeriod,
    "红黑榜",
    "Red and black lists",
    "红黑榜",
    print_layout="honors.html",
)
COLUMN = Kind(
    "column", "columns", "*/column.yml", Column, "宣传栏", "Publicity columns", "宣传栏", new=False
)
ISSUE = Kind(
    "issue",
    COLUMN.folder,
    "*/*.md",
    ColumnIssue,
    "宣传栏",
    "Column issues",
    "宣传栏",
    section=False,
    print_layout="issue.html",
)
PAGE = Kind("page", "pages", "*.md", Page, "页面", "Pages", "页面", section=False, new=False)

KINDS: tuple[Kind[Any], ...] = (ANNOUNCEMENT, NOTICE, HONORS, COLUMN, ISSUE, PAGE)
BY_NAME: dict[str, Kind[Any]] = {kind.name: kind for kind in KINDS}
# The sections of the site, in navigation order; a board's `shows:` names these folders.
SECTIONS: tuple[Kind[Any], ...] = tuple(kind for kind in KINDS if kind.section)
SECTION_FOLDERS: tuple[str, ...] = tuple(kind.folder for kind in SECTIONS)
ASSETS_FOLDER = "assets"
# Everything content/ may hold; anything else is reported and ignored.
CONTENT_FOLDERS: tuple[str, ...] = (*sorted({kind.folder for kind in KINDS}), ASSETS_FOLDER)


def kind_named(name: str) -> Kind[Any]:
    return BY_NAME[name]


def section_of(name: str) -> Kind[Any]:
    """The section an item of kind `name` is listed in: an issue is in its column's."""
    kind = BY_NAME[name]
    return kind if kind.section else next(k for k in SECTIONS if k.folder == kind.folder)


def kind_of_file(rel: str) -> Kind[Any] | None:
    """The kind of the file at `rel` (content/… or a path inside content/), by where it
    lies: what a file would be even when it does not load."""
    inside = rel.removeprefix("content/")
    return next((k for k in KINDS if fnmatch.fnmatchcase(inside, f"{k.folder}/{k.pattern}")), None)
