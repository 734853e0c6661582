"""What prints, at which size and in which order: pure decisions from the public snapshot.

Every printed thing is a `PrintDoc`: an A4 notice, a 红黑榜, a column issue on its snapshot,
or a board composition (a window display filled with the current items)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..content.config import Board as BoardSpec
from ..content.kinds import SECTION_FOLDERS, kind_named, section_of
from ..content.sizes import PaperSize, parse_size
from ..content.snapshot import Entry, PublicIssue, Snapshot

A4 = parse_size("A4")
DEFAULT_BOARD_SIZE = parse_size("A2 landscape")  # 红黑榜 and columns without a size
A4_BODY_PT = 15.75  # GB/T 9704 三号: 28 characters fill the 156 mm line
A4_FLOOR_PT = 12.0  # the smallest body type read at arm's length
STEP = 0.93  # each shrink step


@dataclass(frozen=True)
class Typography:
    """Body type for a sheet: larger sheets are read from further away, so both the
    starting size and the floor grow with the square root of the sheet's short side."""

    base_pt: float
    floor_pt: float

    def steps(self) -> list[float]:
        sizes, size = [], self.base_pt
        while size > self.floor_pt + 0.05:
            sizes.append(round(size, 2))
            size *= STEP
        return [*sizes, round(self.floor_pt, 2)]


def typography(size: PaperSize) -> Typography:
    scale = math.sqrt(min(size.width_mm, size.height_mm) / A4.width_mm)
    return Typography(A4_BODY_PT * scale, A4_FLOOR_PT * scale)


@dataclass(frozen=True)
class PrintDoc:
    key: str  # output path without extension, under print/
    layout: str  # template in theme/print/
    title: str
    size: PaperSize
    source: str  # the file an error about this document names
    field: str | None = None
    entry: Entry | None = None
    entries: tuple[Entry, ...] = ()  # what a composition shows, most urgent first
    spec: BoardSpec | None = None
    flows: bool = False  # may continue onto further sheets (A4 notices)

    @property
    def composition(self) -> bool:
        """A board filled with several items (possibly none), not one item's layout."""
        return self.layout == "board.html"

    @property
    def typography(self) -> Typography:
        return typography(self.size)

    @property
    def tile(self) -> PaperSize | None:
        return self.spec.tile if self.spec else None


def item_document(entry: Entry, snapshot: Snapshot) -> PrintDoc:
    """An item on its own sheet, in its kind's layout: official notices on A4 pages, a
    column issue at its column's size, anything else on the default board size."""
    kind = kind_named(entry.kind)
    if kind.print_layout is None:
        raise ValueError(f"{entry.kind} items do not print")
    if isinstance(entry, PublicIssue):
        size, spec, field = _column_size(entry.column.meta, snapshot)
        return PrintDoc(
            entry.print_key,
            kind.print_layout,
            entry.title,
            size,
            entry.column.source.shown,
            field,
            entry=entry,
            spec=spec,
        )
    return PrintDoc(
        entry.print_key,
        kind.print_layout,
        entry.title,
        A4 if kind.flows else DEFAULT_BOARD_SIZE,
        entry.item.source.shown,
        entry=entry,
        flows=kind.flows,
    )


def _column_size(column, snapshot: Snapshot) -> tuple[PaperSize, BoardSpec | None, str | None]:
    spec = snapshot.config.board(column.board) if column.board else None
    if spec is not None:  # the loader has checked that a named board exists
        return spec.size, spec, "board"
    if column.size:
        return column.size, None, "size"
    return DEFAULT_BOARD_SIZE, None, None


def board_document(spec: BoardSpec, snapshot: Snapshot) -> PrintDoc:
    """A column's board shows that column's current issue; any other board is a
    composition of the current items its `shows` selects."""
    columns = [c for c in snapshot.columns if c.item.meta.board == spec.id]
    if len(columns) == 1 and columns[0].current:
        issue = columns[0].current
        return PrintDoc(
            f"boards/{spec.id}",
            "issue.html",
            f"{spec.name}：{issue.title}",
            spec.size,
            "site_config.yml",
            f"boards.{spec.id}",
            entry=issue,
            spec=spec,
        )
    entries = (
        tuple(c.current for c in columns if c.current)
        if columns
        else board_entries(snapshot, spec.shows)
    )
    return PrintDoc(
        f"boards/{spec.id}",
        "board.html",
        spec.name,
        spec.size,
        "site_config.yml",
        f"boards.{spec.id}",
        entries=entries,
        spec=spec,
    )


def board_entries(snapshot: Snapshot, shows: list[str] | None) -> tuple[Entry, ...]:
    """The items up now of the sections a board `shows` (default: all), most urgent
    first."""
    shows = shows or list(SECTION_FOLDERS)
    return tuple(e for e in snapshot.posted_items() if section_of(e.kind).folder in shows)


def current_documents(snapshot: Snapshot) -> list[PrintDoc]:
    """Everything `board print --all` and the site's print/ folder hold: each item up on
    the boards now on its own sheet, then each board in site_config.yml."""
    docs = [item_document(e, snapshot) for e in snapshot.posted_items()]
    return docs + [board_document(spec, snapshot) for spec in snapshot.config.boards]


def printable_entries(snapshot: Snapshot) -> list[Entry]:
    """Every public item that has a printed form, current or archived."""
    return [*snapshot.announcements, *snapshot.notices, *snapshot.honors, *snapshot.issues]


def find_entry(snapshot: Snapshot, ref: str) -> Entry | None:
    """An item named on the command line by its file (`content/notices/x.md`,
    `notices/x.md`) or its URL (`notices/x/`)."""
    wanted = ref.strip().removeprefix("./").removeprefix("content/")
    for entry in printable_entries(snapshot):
        if wanted in (entry.item.source.src_uri, entry.url, entry.print_key):
            return entry
    return None
