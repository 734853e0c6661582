"""`board build`: validate everything, then write the site in one step.

The site is built into a fresh folder beside the target and swapped in at the end, so a
failed or interrupted build leaves the previous site as it was.
"""

from __future__ import annotations

import ctypes
import dataclasses
import io
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..content.publish import Board
from ..errors import BoardError, Problem, problem
from ..site.cache import PageCache, build_salt, forget_cache, load_cache, save_cache
from ..site.settings import mkdocs_settings
from .common import load_board

if TYPE_CHECKING:
    from ..print.engine import Printed


DIRTY_NOTICE = "A 'dirty' build is being performed"


@dataclass
class BuildResult:
    site_dir: Path
    board: Board
    warnings: list[Problem]


def build(root: Path, *, today: str | None = None, strict: bool = False,
          site_dir: Path | None = None) -> BuildResult:
    """Build the site of the project at `root`; raise BoardError on any error."""
    root = Path(root).resolve()
    board, warnings, _ = load_board(root, today)
    if strict and warnings:
        raise BoardError([_strict(w) for w in warnings])
    target = Path(site_dir or root / "site").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    clear_leftovers(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    try:
        printed, problems = _prints(root, board)
        warnings += problems
        cache = load_cache(root, target, page_salt(board))
        warnings += render_site(root, board, staging, strict=strict, cache=cache,
                                printed=frozenset(p.doc.entry.url for p in printed
                                                  if p.doc.entry and not p.doc.spec))
        if board.config.print.enabled:
            from ..print.output import write_site_prints

            write_site_prints(board, printed, staging / "print")
        forget_cache(root)
        swap_in(staging, target)
        save_cache(root, cache.advance(target))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(target, board, warnings)


def _prints(root: Path, board: Board) -> tuple[list[Printed], list[Problem]]:
    """The print versions of every current item and board, unless switched off with
    `print: {enabled: false}`. A document that cannot be printed is a warning: the
    website still goes up, without that print."""
    if not board.config.print.enabled:
        return [], []
    # WeasyPrint takes a second to import: only when printing is on.
    from ..print.documents import current_documents
    from ..print.output import render_all

    printed, problems = render_all(board, root / "content", current_documents(board))
    return printed, [_as_warning(p) for p in problems]


def _as_warning(item: Problem) -> Problem:
    return dataclasses.replace(item, level="warning")


def mkdocs_config(root: Path, board: Board, site_dir: Path,
                  printed: frozenset[str] = frozenset(),
                  cache: PageCache | None = None) -> MkDocsConfig:
    """The MkDocs configuration for this project, with the published board handed over."""
    settings = mkdocs_settings(board.config, root, site_dir, _nav_pages(board))
    config = load_config(io.BytesIO(b"{}"), config_file_path=str(root / "site_config.yml"),
                         **settings)
    config.plugins["board"].board = board
    config.plugins["board"].printed = printed
    config.plugins["board"].cache = cache
    return config


def _nav_pages(board: Board) -> list[tuple[str, str]]:
    """The free pages (社区简介 …) as the navigation lists them: (title, source)."""
    return [(p.title, p.item.source.src_uri) for p in board.pages]


def page_salt(board: Board) -> str:
    """What every page shows besides its own plan: the site's configuration and the free
    pages in the navigation (see generator/site/cache.py)."""
    return build_salt((board.config, _nav_pages(board)), board.today)


def render_site(root: Path, board: Board, site_dir: Path, *, strict: bool = False,
                printed: frozenset[str] = frozenset(),
                cache: PageCache | None = None) -> list[Problem]:
    """Run MkDocs into the empty folder `site_dir`; what it warns about (a broken link in
    a body …) comes back as warnings. Pages recorded in `cache` are reused."""
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    logger.propagate = False
    # MkDocs dates the sitemap by this variable: the build moment, not the wall clock.
    os.environ["SOURCE_DATE_EPOCH"] = str(int(board.now.replace(tzinfo=UTC).timestamp()))
    try:
        # dirty: MkDocs skips the pages our renderer draws (generator/site/pages.py);
        # site_dir is always a fresh folder, so there is nothing stale to clean.
        mkdocs_build(mkdocs_config(root, board, site_dir, printed, cache), dirty=True)
    except MkDocsException as exc:
        said = "; ".join(p.en.removeprefix("MkDocs says: ") for p in collector.problems)
        detail = f"{exc} {said}".strip()
        raise BoardError([problem("site_config.yml", f"网站生成失败：{detail}",
                                  f"the site could not be built: {detail}")]) from None
    finally:
        logger.removeHandler(collector)
    if strict and collector.problems:
        raise BoardError([_strict(w) for w in collector.problems])
    return collector.problems


def swap_in(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is in one atomic step where the system allows it
    (Linux renameat2 RENAME_EXCHANGE); elsewhere with two quick renames."""
    if not target.exists():
        staging.rename(target)
    elif _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old site
    else:
        old = staging.with_name(staging.name.replace("-building-", "-old-"))
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second),
                     rename_exchange) == 0


def clear_leftovers(target: Path) -> None:
    """Staging folders of builds that were killed before they could clean up."""
    for pattern in (f".{target.name}-building-*", f".{target.name}-old-*"):
        for leftover in target.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def _strict(warning: Problem) -> Problem:
    return Problem(warning.file, warning.line, warning.field,
                   warning.zh + "（--strict：警告按错误处理）",
                   warning.en + " (--strict: warnings are errors)", "error", warning.column)


class _Collector(logging.Handler):
    """MkDocs' own warnings, kept to be reported with ours."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)  # MkDocs logs config errors just before aborting
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message.startswith(DIRTY_NOTICE):
            return  # we ask for it (see render_site); it is not the editor's concern
        self.problems.append(problem("content/", f"MkDocs 提示：{message}",
                                     f"MkDocs says: {message}", level="warning"))
