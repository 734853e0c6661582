"""Running MkDocs over a published snapshot: the one entry point through which the site
is drawn (`board build` and `board serve` both call `render_site`)."""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from ..content.snapshot import Snapshot
from ..errors import BoardError, Problem, problem
from ..paths import cache_folder
from ..render.progress import SILENT, Progress
from .cache import PageCache, build_salt
from .plugin import SiteInputs, list_theme_files_quickly
from .settings import mkdocs_settings

DIRTY_NOTICE = "A 'dirty' build is being performed"


def mkdocs_config(root: Path, inputs: SiteInputs, site_dir: Path) -> MkDocsConfig:
    """The MkDocs configuration for this project; the plugin gets `inputs` through it."""
    snapshot = inputs.snapshot
    settings = mkdocs_settings(
        snapshot.config, root, site_dir, nav_pages(snapshot), inputs, published_files(root)
    )
    config = load_config(
        io.BytesIO(b"{}"), config_file_path=str(root / "site_config.yml"), **settings
    )
    list_theme_files_quickly(config.theme)  # before the plugins' on_config, which use it
    return config


def published_files(root: Path) -> Path | None:
    """A folder that holds only content/assets/ (through a link), for MkDocs to read its
    files from: the pages are drawn from the content model, and MkDocs would otherwise
    list and set up every one of thousands of content files on each build, only for the
    plugin to drop them. None where the folder cannot be made: then MkDocs reads
    content/."""
    try:
        folder = cache_folder(root) / "published"
        link = folder / "assets"
        folder.mkdir(exist_ok=True)
        if not (root / "content" / "assets").is_dir():
            link.unlink(missing_ok=True)  # no link to nothing: copying tools choke on it
        elif not link.is_symlink():
            link.symlink_to(Path("..", "..", "content", "assets"))
    except OSError:
        return None
    return folder


def nav_pages(snapshot: Snapshot) -> list[tuple[str, str]]:
    """The free pages (社区简介 …) as the navigation lists them: (title, source)."""
    return [(p.title, p.item.source.src_uri) for p in snapshot.pages]


def page_salt(snapshot: Snapshot, root: Path) -> str:
    """What every page shows besides its own plan: the site's configuration, the free
    pages in the navigation and the site's own template overrides, if any (see
    generator/site/cache.py)."""
    theme = snapshot.config.mkdocs.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    folders = [root / str(custom)] if custom else []
    return build_salt((snapshot.config, nav_pages(snapshot)), snapshot.today, folders)


def render_site(
    root: Path,
    snapshot: Snapshot,
    site_dir: Path,
    *,
    strict: bool = False,
    printed: frozenset[str] = frozenset(),
    cache: PageCache | None = None,
    progress: Progress = SILENT,
    preview: bool = False,
    outputs: set[str] | None = None,
) -> list[Problem]:
    """Run MkDocs into `site_dir`: an empty folder, or the spare folder that `cache`
    describes. What MkDocs warns about (a broken link in a body …) comes back as
    warnings. Pages recorded in `cache` are reused; `outputs` gets the path of every
    file the site has."""
    inputs = SiteInputs(
        snapshot, printed, cache, progress, preview, set() if outputs is None else outputs
    )
    with _mkdocs_warnings() as collector, _build_moment(snapshot):
        try:
            # dirty: MkDocs skips the pages our renderer draws (generator/site/pages.py)
            # and keeps what is already in site_dir; the caller clears what is stale.
            mkdocs_build(mkdocs_config(root, inputs, site_dir), dirty=True)
        except MkDocsException as exc:
            said = "; ".join(p.en.removeprefix("MkDocs says: ") for p in collector.problems)
            detail = f"{exc} {said}".strip()
            raise BoardError(
                [
                    problem(
                        "site_config.yml",
                        f"网站生成失败：{detail}",
                        f"the site could not be built: {detail}",
                    )
                ]
            ) from None
    if strict and collector.problems:
        raise BoardError([strict_error(w) for w in collector.problems])
    return collector.problems


def strict_error(warning: Problem) -> Problem:
    """A warning as `--strict` reports it."""
    return Problem(
        warning.file,
        warning.line,
        warning.field,
        warning.zh + "（--strict：警告按错误处理）",
        warning.en + " (--strict: warnings are errors)",
        "error",
        warning.column,
    )


@contextmanager
def _mkdocs_warnings() -> Iterator[_Collector]:
    """MkDocs' log lines become our warnings while it runs, and nothing else; the logger
    is as it was afterwards."""
    collector = _Collector()
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    logger.addHandler(collector)
    logger.propagate = False
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.propagate = propagate


@contextmanager
def _build_moment(snapshot: Snapshot) -> Iterator[None]:
    """MkDocs dates the sitemap by SOURCE_DATE_EPOCH: the build moment, not the wall
    clock. The variable is restored afterwards."""
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(snapshot.now.replace(tzinfo=UTC).timestamp()))
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved


class _Collector(logging.Handler):
    """MkDocs' own warnings, kept to be reported with ours."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)  # MkDocs logs config errors just before aborting
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message.startswith(DIRTY_NOTICE):
            return  # we ask for it (see render_site); it is not the editor's concern
        if broken := BROKEN_LINK.search(message):
            self.problems.append(_broken_link(*broken.groups()))
            return
        self.problems.append(
            problem(
                "content/", f"MkDocs 提示：{message}", f"MkDocs says: {message}", level="warning"
            )
        )


# MkDocs' words for a link or image in a body whose file does not exist.
BROKEN_LINK = re.compile(
    r"Doc file '(.+?)' contains a link '(.+?)', but the target '(.+?)' is not found"
)


def _broken_link(page: str, link: str, target: str) -> Problem:
    return problem(
        f"content/{page}",
        f"正文里的链接或图片“{link}”指向的文件不存在（content/{target}）。请检查文件名和文件夹"
        "（路径相对于这个文件，区分大小写）。",
        f"the link or image '{link}' in the body points to a file that does not exist "
        f"(content/{target}). Check the name and folder (relative to this file; case matters).",
        field="正文/body",
        level="warning",
    )
