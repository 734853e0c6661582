"""Which pages the site has and what each shows: a pure function of the public snapshot.

The MkDocs plugin only turns these plans into virtual files; another engine could too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from ..content.kinds import ANNOUNCEMENT, COLUMN, HONORS, NOTICE, Kind
from ..content.snapshot import Entry, Snapshot
from ..render.urls import category_url, tag_url
from .screen import slides

PER_PAGE = 20
ARCHIVE_TITLE = "归档"
ENDED_NOTICES = "已结束的公示"


def section_source(kind: Kind) -> str:
    """The virtual source file of a section's first list page, as the navigation names it."""
    return "_board/columns.md" if kind is COLUMN else f"_board/{kind.folder}/index.md"


@dataclass
class Pager:
    number: int
    count: int
    urls: list[str]

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


@dataclass
class PagePlan:
    """One page of the site: where it goes, which templates draw it, and its data."""

    src_uri: str
    url: str
    title: str
    partial: str  # content template under theme/overrides/board/content/
    template: str = "board/page.html"
    body: str = ""  # Markdown, already masked
    entry: Entry | None = None
    entries: list = field(default_factory=list)
    groups: list = field(default_factory=list)  # [(heading, url or None, entries)]
    pager: Pager | None = None
    searchable: bool = False
    description: str = ""
    archive: bool = False  # lists that keep expired items (marked) instead of dropping them
    print_key: str | None = None  # the item's print/<key>.pdf and .html, when printed
    standalone: bool = False  # drawn without the site's chrome (screen mode)

    def digest_stand_ins(self) -> dict | None:
        """For its page's key (see generator/fingerprint.py): an item page's body is its
        item's, which the item's digest already covers (the digest of its file's text)."""
        entry = self.entry
        if entry is None or self.body is not entry.item.source.body:
            return None
        return {"body": "(the item's body)"} if entry.item.source.text_digest else None

    @property
    def lastmod(self) -> date | None:
        """When the page last changed, for the sitemap: the item's day, or the newest day
        of what the page lists; None when nothing on it is dated (free pages)."""
        if self.entry is not None and self.entry.kind != "column":
            return self.entry.day if self.entry.day != date.min else None
        listed = [
            *self.entries,
            *(e for _, _, group in self.groups if isinstance(group, list) for e in group),
        ]
        if self.entry is not None:
            listed.append(self.entry)
        days = [e.day for e in listed if isinstance(e, Entry) and e.day != date.min]
        return max(days) if days else None


def plan_site(snapshot: Snapshot, printed: frozenset[str] = frozenset()) -> list[PagePlan]:
    """`printed`: URLs of the items whose print version the build writes."""
    plans = [
        PagePlan(
            "_board/index.md",
            "",
            snapshot.config.site.name,
            "home.html",
            entries=snapshot.dated_entries()[:1],
        )
    ]  # only for its lastmod
    plans += _section_pages(ANNOUNCEMENT, snapshot.current_announcements)
    plans += _notice_pages(snapshot)
    plans += _section_pages(HONORS, snapshot.honors, archive=True)
    plans.append(
        PagePlan(
            section_source(COLUMN),
            f"{COLUMN.folder}/",
            COLUMN.zh,
            "columns.html",
            entries=snapshot.columns,
        )
    )
    plans += _items(snapshot, printed)
    plans.append(
        PagePlan(
            "_board/screen/index.md",
            "screen/",
            f"{snapshot.config.site.name} · 电子屏",
            "screen.html",
            template="board/screen.html",
            standalone=True,
            entries=slides(snapshot),
        )
    )
    plans += _archive(snapshot)
    return plans


def _section_pages(kind: Kind, entries: list, archive: bool = False) -> list[PagePlan]:
    """A section's list (公告通知 …) in pages."""
    return _paginated(entries, kind.zh, f"{kind.folder}/", archive)


def _notice_pages(snapshot: Snapshot) -> list[PagePlan]:
    """申报公示: the open notices, then the ended ones, which stay public record (the
    latest to end first, in pages; the first page shows the open ones too)."""
    plans = _section_pages(NOTICE, snapshot.ended_notices)
    for plan in plans:
        plan.partial = "notices.html"
        plan.groups = [(ENDED_NOTICES, None, plan.entries)]
        plan.entries = []
    plans[0].entries = snapshot.open_notices
    return plans


def _paginated(entries: list, title: str, base: str, archive: bool = False) -> list[PagePlan]:
    """A list in pages of PER_PAGE entries, the first at `base`."""
    chunks = [entries[i : i + PER_PAGE] for i in range(0, len(entries), PER_PAGE)] or [[]]
    urls = [base if n == 0 else f"{base}page/{n + 1}/" for n in range(len(chunks))]
    plans = []
    for number, chunk in enumerate(chunks, 1):
        shown = title if number == 1 else f"{title}（第{number}页）"
        plans.append(
            PagePlan(
                f"_board/{urls[number - 1]}index.md",
                urls[number - 1],
                shown,
                "list.html",
                entries=chunk,
                pager=Pager(number, len(chunks), urls),
                archive=archive,
            )
        )
    return plans


def _items(snapshot: Snapshot, printed: frozenset[str]) -> list[PagePlan]:
    plans = []
    for entries in (
        snapshot.announcements,
        snapshot.notices,
        snapshot.honors,
        snapshot.issues,
        snapshot.pages,
    ):
        for entry in entries:
            source = entry.item.source
            # Markdown items keep their own path so relative links in the body resolve.
            src_uri = (
                source.src_uri
                if source.src_uri.endswith(".md")
                else (f"_board/{entry.url}index.md")
            )
            plans.append(
                PagePlan(
                    src_uri,
                    entry.url,
                    entry.title,
                    f"{entry.kind}.html",
                    body=source.body,
                    entry=entry,
                    searchable=True,
                    description=entry.summary,
                    print_key=entry.print_key if entry.url in printed else None,
                )
            )
    for column in snapshot.columns:
        plans.append(
            PagePlan(
                f"_board/{column.url}index.md",
                column.url,
                column.title,
                "column.html",
                entry=column,
                entries=list(column.issues),
                description=column.summary,
                archive=True,
            )
        )
    return plans


def _archive(snapshot: Snapshot) -> list[PagePlan]:
    dated = snapshot.dated_entries()
    by_month: dict[tuple[int, int], list[Entry]] = defaultdict(list)
    for entry in dated:
        by_month[(entry.day.year, entry.day.month)].append(entry)
    years = sorted({y for y, _ in by_month}, reverse=True)
    index_groups = [
        (
            f"{y}年",
            f"archive/{y}/",
            [
                (f"{m}月", f"archive/{y}/{m:02d}/", len(by_month[(yy, m)]))
                for (yy, m) in sorted(by_month, reverse=True)
                if yy == y
            ],
        )
        for y in years
    ]
    taxonomies = _taxonomy_lists(snapshot)
    plans = [
        PagePlan(
            "_board/archive/index.md",
            "archive/",
            ARCHIVE_TITLE,
            "archive-index.html",
            groups=index_groups,
            entries=[(title, url, len(items)) for title, url, items in taxonomies],
        )
    ]
    for year in years:
        groups = [
            (f"{m}月", f"archive/{year}/{m:02d}/", by_month[(y, m)])
            for (y, m) in sorted(by_month, reverse=True)
            if y == year
        ]
        plans.append(
            PagePlan(
                f"_board/archive/{year}/index.md",
                f"archive/{year}/",
                f"{year}年归档",
                "archive.html",
                groups=groups,
                archive=True,
            )
        )
        for heading, url, entries in groups:
            plans.append(
                PagePlan(
                    f"_board/{url}index.md",
                    url,
                    f"{year}年{heading}归档",
                    "archive.html",
                    groups=[(heading, None, entries)],
                    archive=True,
                )
            )
    for label, base, entries in taxonomies:
        plans += _paginated(entries, label, base, archive=True)
    return plans


def _taxonomy_lists(snapshot: Snapshot) -> list[tuple[str, str, list]]:
    """(title, url, entries) for every category and tag: current first, then expired."""
    by_category: dict[str, list] = defaultdict(list)
    by_tag: dict[str, list] = defaultdict(list)
    current = snapshot.current_announcements
    current_urls = {a.url for a in current}
    ordered = current + [a for a in snapshot.announcements if a.url not in current_urls]
    for entry in ordered:
        by_category[entry.item.meta.category].append(entry)
        for tag in entry.item.meta.tags:
            by_tag[tag].append(entry)
    lists = [
        (f"分类：{name}", category_url(name), entries)
        for name, entries in sorted(by_category.items())
    ]
    lists += [(f"标签：{name}", tag_url(name), entries) for name, entries in sorted(by_tag.items())]
    return lists
