"""Rendering a set of print documents and writing them: PDFs for `board print`, and
HTML previews, PDFs and an index under the site's print/ folder."""

from __future__ import annotations

import os
from pathlib import Path

import jinja2

from ..content.sizes import PaperSize
from ..content.snapshot import Snapshot
from ..errors import Problem
from ..paths import PRINT_DIR
from ..render.progress import SILENT, Progress
from ..render.workers import Background, cores
from .documents import PrintDoc
from .fonts import print_fonts
from .keys import ContentFiles, PrintKeys
from .store import Printed, PrintStore


class PrintJob:
    """Every document that can be printed, and the problems of those that cannot: one
    item that does not fit does not stop the others. Documents are rendered on every
    core; what `store` holds for the same key, with the same embedded files, is reused,
    and WeasyPrint is not even loaded when that is everything. In two steps, so a build
    can draw its site meanwhile: what is to be printed is known at once (`expected`);
    the few documents an edit changed are laid out in a forked process
    (`in_background`) until `finish` collects them."""

    def __init__(
        self,
        snapshot: Snapshot,
        content_dir: Path,
        docs: list[PrintDoc],
        tile: PaperSize | None = None,
        store: PrintStore | None = None,
        progress: Progress = SILENT,
        in_background: bool = False,
    ) -> None:
        self.docs, self.progress = docs, progress
        self.store = PrintStore() if store is None else store
        keys = PrintKeys(snapshot, print_fonts(snapshot.config.print.fonts))
        files = ContentFiles(content_dir)
        self.key_of = {doc.key: keys.key(doc, tile or doc.tile) for doc in docs}
        self.reused = {
            doc.key: found
            for doc in docs
            if (found := self.store.get(self.key_of[doc.key], doc)) and files.unchanged(found.files)
        }
        todo = [doc for doc in docs if doc.key not in self.reused]
        todo.sort(key=lambda d: -d.size.width_mm * d.size.height_mm)  # the big boards first
        self.todo = todo
        progress.phase(f"生成打印版：{len(todo)} 份", f"printing {len(todo)} documents")
        self._background: Background | None = None
        self._results: list[Printed | list[Problem]] = []
        if todo and in_background and len(todo) < cores():
            self._background = Background(lambda: _print(snapshot, content_dir, todo, tile))
        elif todo:
            self._results = _print(snapshot, content_dir, todo, tile, progress)

    @property
    def expected(self) -> list[PrintDoc]:
        """The documents there will be prints of, if every one being printed succeeds."""
        return self.docs

    def finish(self) -> tuple[list[Printed], list[Problem]]:
        """The prints, in the order of the documents, and the problems of those that
        could not be printed."""
        if self._background is not None:
            self._results, self._background = self._background.result(), None
        self.progress.finish()
        problems: list[Problem] = []
        for doc, result in zip(self.todo, self._results, strict=True):
            if isinstance(result, Printed):
                self.store.put(self.key_of[doc.key], result)
                self.reused[doc.key] = result
            else:
                problems += result
        printed = [self.reused[doc.key] for doc in self.docs if doc.key in self.reused]
        problems += [w for result in printed for w in result.warnings]
        return printed, problems

    def cancel(self) -> None:
        """Stop printing in the background: the build has failed."""
        if self._background is not None:
            self._background.cancel()
            self._background = None


def _print(
    snapshot: Snapshot,
    content_dir: Path,
    todo: list[PrintDoc],
    tile: PaperSize | None,
    progress: Progress = SILENT,
) -> list[Printed | list[Problem]]:
    from .engine import print_all  # WeasyPrint takes a second to load: only when needed

    return print_all(snapshot, content_dir, todo, tile, progress)


def tiles_name(doc: PrintDoc, sheet: PaperSize) -> str:
    return f"{doc.key}-{sheet.label.split()[0]}-tiles.pdf"


def write_pdfs(printed: list[Printed], out_dir: Path, tile: PaperSize | None = None) -> list[Path]:
    written = []
    for result in printed:
        written.append(_write(out_dir / f"{result.doc.key}.pdf", result.pdf))
        sheet = tile or result.doc.tile
        if result.tiled and sheet:
            written.append(_write(out_dir / tiles_name(result.doc, sheet), result.tiled))
    return written


def write_site_prints(snapshot: Snapshot, printed: list[Printed], print_dir: Path) -> set[Path]:
    """site/print/: each document as its HTML preview and PDF, and an index page. A print
    in the store is linked from there (the prints of 10,000 items are 48 MB, the same
    from build to build), so the files' times say nothing: the paths are returned."""
    written = {_write(print_dir / "index.html", _print_index(snapshot, printed))}
    for r in printed:
        key = r.doc.key
        written.add(_placed(print_dir / f"{key}.pdf", r.stored_file(".pdf"), r.pdf))
        written.add(_placed(print_dir / f"{key}.html", r.stored_file(".html"), r.html))
        if r.tiled and r.doc.tile:
            tiled = print_dir / tiles_name(r.doc, r.doc.tile)
            written.add(_placed(tiled, r.stored_file("-tiles.pdf"), r.tiled))
    return written


def _print_index(snapshot: Snapshot, printed: list[Printed]) -> bytes:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PRINT_DIR), autoescape=True)
    rows = [(r, tiles_name(r.doc, r.doc.tile) if r.tiled and r.doc.tile else None) for r in printed]
    return env.get_template("index.html").render(snapshot=snapshot, rows=rows).encode()


def _placed(path: Path, stored: Path | None, data: bytes | str) -> Path:
    """The file at `path`: a link to the store's copy when it has one, else `data`
    written (a text as UTF-8, encoded only then). Whatever was at `path` is unlinked
    first, never written through: it may be a link to the store, or to the live site."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if stored is not None:
        try:
            os.link(stored, path)
            return path
        except OSError:
            pass  # another file system, a store pruned meanwhile: write the bytes
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
