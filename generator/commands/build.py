"""`board build`: validate everything, then write the site in one step.

The site is built in its spare folder (the site before the current one, brought up to
date; see atomic.py) and swapped in at the end, so a failed or interrupted build leaves
the current site as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.cache import ContentCache
from ..content.loader import load_snapshot
from ..content.readings import load_readings, save_readings
from ..content.snapshot import Snapshot
from ..errors import BoardError, Problem
from ..render.memory import spared_from_collection
from ..render.progress import SILENT, Progress
from ..site.build import page_salt, render_site, strict_error
from ..site.cache import forget_cache, forget_spare, load_cache, save_cache
from .atomic import build_in_spare, clear_leftovers, readable_by_all

if TYPE_CHECKING:
    from ..print.documents import PrintDoc
    from ..print.output import PrintJob
    from ..print.store import Printed


@dataclass
class BuildResult:
    site_dir: Path
    snapshot: Snapshot
    warnings: list[Problem]


def build(
    root: Path,
    *,
    today: str | None = None,
    strict: bool = False,
    site_dir: Path | None = None,
    progress: Progress = SILENT,
) -> BuildResult:
    """Build the site of the project at `root`; raise BoardError on any error."""
    root = Path(root).resolve()
    progress.phase("读取并检查内容", "reading and checking the content")
    readings = load_readings(root)
    contents = ContentCache.of_project(root)
    with spared_from_collection(), _saved(contents):
        snapshot, warnings, _ = load_snapshot(root, today, contents)
        if strict and warnings:
            raise BoardError([strict_error(w) for w in warnings])
        target = Path(site_dir or root / "site").resolve()
        _write(root, snapshot, warnings, target, strict, progress, contents)
    save_readings(root, readings)
    return BuildResult(target, snapshot, warnings)


@contextmanager
def _saved(contents: ContentCache) -> Iterator[None]:
    """The content record written by the end of the block, whatever happens (an editor
    fixing an error builds again and again); `_write` writes it as soon as the prints
    are started, so the print of an edit is not kept waiting for it."""
    try:
        yield
    finally:
        contents.save()


def _write(
    root: Path,
    snapshot: Snapshot,
    warnings: list[Problem],
    target: Path,
    strict: bool,
    progress: Progress,
    contents: ContentCache,
) -> None:
    """The site of `snapshot` and its prints into `target` (by way of its spare);
    `warnings` gets the build's."""
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target)
    with readable_by_all():
        prints = _start_prints(root, snapshot, progress)
        contents.save()
        cache = load_cache(root, target, page_salt(snapshot, root))
        forget_spare(root)  # the spare is about to change
        site_warnings_from = len(warnings)  # the prints' problems go before the site's

        def write(spare: Path, trusted: bool) -> set[str]:
            if not trusted:
                cache.spare = None
            outputs: set[str] = set()

            def draw(linked: frozenset[str]) -> list[Problem]:
                outputs.clear()
                return render_site(
                    root,
                    snapshot,
                    spare,
                    strict=strict,
                    cache=cache,
                    printed=linked,
                    progress=progress,
                    outputs=outputs,
                )

            expected = _linked(prints.expected if prints else [])
            site_warnings = draw(expected)
            printed, problems = _finish_prints(prints)
            if (linked := _linked(p.doc for p in printed)) != expected:
                # A print that failed must not be linked from its page: draw again.
                cache.start_over()
                site_warnings = draw(linked)
            warnings[site_warnings_from:site_warnings_from] = problems
            warnings.extend(site_warnings)
            progress.phase("写入网站", "writing the site")
            if snapshot.config.print.enabled:
                from ..print.output import write_site_prints

                placed = write_site_prints(snapshot, printed, spare / "print")
                outputs.update(path.relative_to(spare).as_posix() for path in placed)
            return outputs

        try:
            build_in_spare(target, cache.spare is not None, write, lambda: forget_cache(root))
        finally:
            if prints:
                prints.cancel()  # nothing to stop unless the build failed half-way
        save_cache(root, cache.advance(target))


def _start_prints(root: Path, snapshot: Snapshot, progress: Progress) -> PrintJob | None:
    """The print versions of every current item and board, unless switched off with
    `print: {enabled: false}`. The few an edit changed are laid out in the background
    while the site is drawn."""
    if not snapshot.config.print.enabled:
        return None
    # WeasyPrint takes a second to import: only when printing is on.
    from ..print.documents import current_documents
    from ..print.output import PrintJob
    from ..print.store import PrintStore

    store = PrintStore.of_project(root)
    docs = current_documents(snapshot)
    return PrintJob(
        snapshot, root / "content", docs, store=store, progress=progress, in_background=True
    )


def _finish_prints(prints: PrintJob | None) -> tuple[list[Printed], list[Problem]]:
    """The prints, and the problems of documents that cannot be printed, as warnings:
    the website still goes up, without that print."""
    if prints is None:
        return [], []
    printed, problems = prints.finish()
    prints.store.prune()
    return printed, [dataclasses.replace(p, level="warning") for p in problems]


def _linked(docs: Iterable[PrintDoc]) -> frozenset[str]:
    """The item pages that link to a print of their own."""
    return frozenset(doc.entry.url for doc in docs if doc.entry and not doc.spec)
