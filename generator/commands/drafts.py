"""The editor's preview of a draft: the whole site drawn with one file replaced by the
text in the form (never written to the project), and that item's print, so the editor
sees the real page and the real sheet before saving."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path

from ..content.cache import ContentCache
from ..content.loader import load_snapshot
from ..content.snapshot import Entry, Snapshot
from ..editor.app import Draft
from ..errors import BoardError
from ..print.documents import find_entry, item_document
from ..print.engine import PrintEngine
from ..render.memory import spared_from_collection
from ..site.cache import PageCache

PRINT_FOLDER = "_print"  # inside the draft site: never a section name


class DraftSite:
    """Drafts of one project, drawn one at a time into `folder`."""

    def __init__(
        self,
        root: Path,
        work: Path,
        today: str | None,
        lock: threading.Lock,
        draw: Callable[[Path, Path, Snapshot, PageCache], PageCache],
    ):
        """`draw` is the preview's own drawing of a site (commands/serve.py)."""
        self.root, self.today, self.lock, self.draw = root, today, lock, draw
        self.folder = work / "draft"
        work.mkdir(parents=True, exist_ok=True)
        self.cache = PageCache()
        self._warming: threading.Thread | None = None

    @functools.cached_property
    def contents(self) -> ContentCache:
        """The content as the drafts read it: in memory, never written; made with the
        first draft, so a preview nobody edits in costs nothing."""
        return ContentCache.of_project(self.root)

    def warm(self) -> None:
        """Draw the whole site once, in the background, when the editor is first opened:
        the first draft then redraws only its own pages (a street office's site takes
        seconds to draw from nothing)."""
        if self._warming is None:
            self._warming = threading.Thread(target=self._draw_saved, daemon=True)
            self._warming.start()

    def _draw_saved(self) -> None:
        """Twice, letting a save's preview in between: the second time makes the spare
        folder (commands/atomic.py) that the first draft is drawn into."""
        with self.lock:
            try:
                snapshot = load_snapshot(self.root, self.today, self.contents).snapshot
            except BoardError:
                return  # the preview shows the errors; the first draft draws everything
        for _ in range(2):
            with self.lock, spared_from_collection():
                self.cache = self.draw(self.root, self.folder, snapshot, self.cache)

    def draft(self, rel: str, text: str) -> Draft:
        with self.lock:
            try:
                published = load_snapshot(self.root, self.today, self.contents, {rel: text})
            except BoardError as exc:
                return Draft(exc.problems, None, None, "草稿有错误，预览暂停更新")
            snapshot = published.snapshot
            with spared_from_collection():
                self.cache = self.draw(self.root, self.folder, snapshot, self.cache)
            entry = _entry(snapshot, rel)
            if entry is None:
                return Draft(
                    published.warnings,
                    None,
                    None,
                    "今天的网站上不显示这条内容（未到发布日期，或已不再公开）",
                )
            return Draft(published.warnings, entry.url, self._print(snapshot, rel))

    def _print(self, snapshot: Snapshot, rel: str) -> str | None:
        """The item's print preview, laid out as `board print` lays it out."""
        entry = find_entry(snapshot, rel)
        if entry is None or not entry.item.kind.print_layout:
            return None
        printed = PrintEngine(snapshot, self.root / "content").print_doc(
            item_document(entry, snapshot)
        )
        target = self.folder / PRINT_FOLDER / f"{entry.print_key}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(printed.html, encoding="utf-8")
        return target.relative_to(self.folder).as_posix()


def _entry(snapshot: Snapshot, rel: str) -> Entry | None:
    """The public entry of the file at `rel`, of whatever kind."""
    entries: list[Entry] = [
        *snapshot.announcements,
        *snapshot.notices,
        *snapshot.honors,
        *snapshot.columns,
        *(issue for column in snapshot.columns for issue in column.issues),
        *snapshot.pages,
    ]
    return next((e for e in entries if e.item.source.shown == rel), None)
