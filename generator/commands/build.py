"""`board build`: validate everything, then write the site in one step.

The site is built in its spare folder (the site before the current one, brought up to
date; see atomic.py) and swapped in at the end, so a failed or interrupted build leaves
the current site as it was.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.loader import load_snapshot
from ..content.snapshot import Snapshot
from ..errors import BoardError, Problem
from ..render.progress import SILENT, Progress
from ..site.build import page_salt, render_site, strict_error
from ..site.cache import forget_cache, forget_spare, load_cache, save_cache
from .atomic import build_in_spare, clear_leftovers, readable_by_all

if TYPE_CHECKING:
    from ..print.engine import Printed


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
    snapshot, warnings, _ = load_snapshot(root, today)
    if strict and warnings:
        raise BoardError([strict_error(w) for w in warnings])
    target = Path(site_dir or root / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target)
    with readable_by_all():
        printed, problems = _prints(root, snapshot, progress)
        warnings += problems
        cache = load_cache(root, target, page_salt(snapshot, root))
        forget_spare(root)  # the spare is about to change

        def write(spare: Path, trusted: bool) -> set[str]:
            if not trusted:
                cache.spare = None
            outputs: set[str] = set()
            warnings.extend(
                render_site(
                    root,
                    snapshot,
                    spare,
                    strict=strict,
                    cache=cache,
                    printed=frozenset(
                        p.doc.entry.url for p in printed if p.doc.entry and not p.doc.spec
                    ),
                    progress=progress,
                    outputs=outputs,
                )
            )
            progress.phase("写入网站", "writing the site")
            if snapshot.config.print.enabled:
                from ..print.output import write_site_prints

                write_site_prints(snapshot, printed, spare / "print")  # every file, anew
            return outputs

        build_in_spare(target, cache.spare is not None, write, lambda: forget_cache(root))
        save_cache(root, cache.advance(target))
    return BuildResult(target, snapshot, warnings)


def _prints(
    root: Path, snapshot: Snapshot, progress: Progress
) -> tuple[list[Printed], list[Problem]]:
    """The print versions of every current item and board, unless switched off with
    `print: {enabled: false}`. A document that cannot be printed is a warning: the
    website still goes up, without that print."""
    if not snapshot.config.print.enabled:
        return [], []
    # WeasyPrint takes a second to import: only when printing is on.
    from ..print.documents import current_documents
    from ..print.output import render_all
    from ..print.store import PrintStore

    store = PrintStore.of_project(root)
    printed, problems = render_all(
        snapshot, root / "content", current_documents(snapshot), store=store, progress=progress
    )
    store.prune()
    return printed, [dataclasses.replace(p, level="warning") for p in problems]
