"""Rendering a set of print documents and writing them: PDFs for `board print`, and
HTML previews, PDFs and an index under the site's print/ folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2

from ..content.sizes import PaperSize
from ..content.snapshot import Snapshot
from ..errors import BoardError, Problem
from ..paths import PRINT_DIR
from ..render.progress import SILENT, Progress
from ..render.workers import cores, forked_map
from .documents import PrintDoc
from .engine import PACKED_LAYOUTS, Printed, PrintEngine
from .store import PrintStore, engine_salt


def render_all(
    snapshot: Snapshot,
    content_dir: Path,
    docs: list[PrintDoc],
    tile: PaperSize | None = None,
    store: PrintStore | None = None,
    progress: Progress = SILENT,
) -> tuple[list[Printed], list[Problem]]:
    """Every document that can be printed, and the problems of those that cannot:
    one item that does not fit does not stop the others. Documents are rendered on
    every core; what `store` holds for the same key is reused."""
    store = PrintStore() if store is None else store
    engine = PrintEngine(snapshot, content_dir)
    salt = engine_salt()
    keys = {doc.key: _print_key(engine, doc, tile or doc.tile, salt) for doc in docs}
    reused = {doc.key: found for doc in docs if (found := store.get(keys[doc.key], doc))}
    todo = [doc for doc in docs if doc.key not in reused]
    todo.sort(key=lambda d: -d.size.width_mm * d.size.height_mm)  # the big boards first
    workers = min(len(todo), cores())
    progress.phase(f"生成打印版：{len(todo)} 份", f"printing {len(todo)} documents")
    if workers > 1:
        results = forked_map(
            _print_in_worker,
            [(doc, tile) for doc in todo],
            workers,
            _start_worker,
            (snapshot, content_dir),
            on_result=lambda done: progress.advance(done, len(todo)),
        )
    else:
        results = []
        for doc in todo:
            results.append(_print_one(engine, doc, tile))
            progress.advance(len(results), len(todo))
    progress.finish()
    problems: list[Problem] = []
    for doc, result in zip(todo, results, strict=True):
        if isinstance(result, Printed):
            store.put(keys[doc.key], result)
            reused[doc.key] = result
        else:
            problems += result
    printed = [reused[doc.key] for doc in docs if doc.key in reused]
    problems += [w for result in printed for w in result.warnings]
    return printed, problems


def _print_one(engine: PrintEngine, doc: PrintDoc, tile: PaperSize | None):
    try:
        return engine.print_doc(doc, tile or doc.tile)
    except BoardError as exc:
        return exc.problems


_worker_engine: PrintEngine | None = None


def _start_worker(snapshot: Snapshot, content_dir: Path) -> None:
    global _worker_engine
    _worker_engine = PrintEngine(snapshot, content_dir)


def _print_in_worker(job: tuple[PrintDoc, PaperSize | None]):
    if _worker_engine is None:
        raise RuntimeError("the print worker was started without its engine")
    return _print_one(_worker_engine, *job)


def _print_key(engine: PrintEngine, doc: PrintDoc, sheet: PaperSize | None, salt: str) -> str:
    """Everything a document's print depends on is in its HTML at the starting size,
    besides the engine itself (`salt`)."""
    base = doc.typography.base_pt
    # A packed board's cards are in its HTML only once packed; the measuring HTML holds
    # every one of them, so a change in any item changes the key.
    packed = doc.layout in PACKED_LAYOUTS
    html = engine.measuring_html(doc, base, doc.entries) if packed else engine.html(doc, base)
    text = f"{salt}|{doc.key}|{doc.layout}|{doc.size}|{sheet}|{html}"
    return hashlib.sha256(text.encode()).hexdigest()


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


def write_site_prints(snapshot: Snapshot, printed: list[Printed], print_dir: Path) -> None:
    """site/print/: each document as its HTML preview and PDF, and an index page."""
    write_pdfs(printed, print_dir)
    for result in printed:
        _write(print_dir / f"{result.doc.key}.html", result.html.encode())
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PRINT_DIR), autoescape=True)
    rows = [(r, tiles_name(r.doc, r.doc.tile) if r.tiled and r.doc.tile else None) for r in printed]
    index = env.get_template("index.html").render(snapshot=snapshot, rows=rows)
    _write(print_dir / "index.html", index.encode())


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path
