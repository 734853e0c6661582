"""Item and list pages outside the navigation, rendered outside MkDocs' page loop.

A district's site has thousands of items; MkDocs would draw each through the whole theme,
one after another. Here the pages that are not in the navigation (items, list pages after
the first, archives, columns) are rendered with the same Markdown, templates and search
index, but:
- Material's chrome is drawn once per page shape and filled in (`shells.py`);
- a body without links or HTML goes through one shared Markdown instance;
- the pages are split over the cores (forked workers that write their own files);
- a page whose inputs are unchanged since an earlier build is reused (`PageCache`).
The pages in the navigation (home, section indexes, free pages) still go through MkDocs.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import markdown
from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_date, get_relative_url, write_file

from ..content.snapshot import Snapshot
from ..render.progress import SILENT, Progress
from ..render.sanitize import clean_html
from ..render.workers import cores, forked_map
from .cache import PageCache, PlanKeys, Rendered
from .plan import PagePlan
from .search import SEARCH_PLUGIN, WrittenEntries, search_boost, written_entries
from .shells import CONTENT, Shells, shape_of

PLUGINS_WE_KNOW = {SEARCH_PLUGIN, "board"}
PARALLEL_FROM = 300  # pages; below this, forking costs more than it saves
CHUNK = 64
# Anything MkDocs' own page rendering treats specially: links, images, raw HTML.
_NEEDS_MKDOCS = re.compile(r"\]\s*[(\[:]|<|\bhref\b|\bsrc\b|^\s*\[", re.MULTILINE)
_NEEDS_MKDOCS_MARKS = ("]", "<", "href", "src", "[")  # one of them is in every match
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")  # as Material strips them


@functools.lru_cache(maxsize=1 << 16)  # the preview asks again on every save
def needs_mkdocs(body: str) -> bool:
    # Most bodies have none of the characters the pattern starts from; `in` finds that
    # several times faster than the pattern's search.
    if not any(mark in body for mark in _NEEDS_MKDOCS_MARKS):
        return False
    return bool(_NEEDS_MKDOCS.search(body))


class BoardFile(File):
    """A page file this module renders. MkDocs keeps it in its list of files, so links
    to it resolve, but never makes a page of it: a site has thousands, and MkDocs would
    set up a Page, place it against the navigation and visit it in every loop of every
    build, reused or not. As a file that is not a page, its "copy" is skipped too (the
    build runs with dirty=True and the file says it is unmodified)."""

    def is_documentation_page(self) -> bool:
        return False

    def is_modified(self) -> bool:
        return False

    # Its address comes from the page plan, already in URL form: MkDocs' own setter
    # parses it as a path, which costs more than the rest of the file's set-up.
    @property
    def src_path(self) -> str:
        return self.src_uri

    @src_path.setter
    def src_path(self, value: str) -> None:
        self.src_uri = value


@dataclass(frozen=True)
class SitemapEntry:
    """What MkDocs' sitemap template reads of a listed file and its page (`file.page.…`),
    for a page drawn here, which has no MkDocs Page: its address and last change."""

    url: str
    canonical_url: str | None
    abs_url: str | None
    update_date: str
    is_link: bool = False

    @property
    def page(self) -> SitemapEntry:
        return self


def sitemap_entry(file: BoardFile, site_url: str | None, lastmod: str | None) -> SitemapEntry:
    """The entry as MkDocs' Page would give it (`Page._set_canonical_url`); without a
    last change, the build date, as MkDocs gives every page."""
    url = "" if file.url in (".", "./") else file.url
    canonical = abs_url = None
    if site_url:
        canonical, abs_url = _joined(site_url if site_url.endswith("/") else site_url + "/", url)
    return SitemapEntry(file.url, canonical, abs_url, lastmod or get_build_date())


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_~%/-]*")  # no dots, queries or schemes to resolve


def _joined(base: str, url: str) -> tuple[str, str]:
    """`urljoin(base, url)` and its path; a plain relative path (every item's address) is
    simply appended, which is what urljoin gives for it, thousands of times faster."""
    if _PLAIN_PATH.fullmatch(url) and not url.startswith("/"):
        return base + url, _base_path(base) + url
    canonical = urljoin(base, url)
    return canonical, urlsplit(canonical).path


@functools.cache
def _base_path(base: str) -> str:
    return urlsplit(base).path


def page_meta(plan: PagePlan) -> dict:
    """The page's front matter as Material reads it. Material's templates do not escape;
    editors' text must not become markup. A searchable page's weight in the results
    follows what it is now (urgent, current, expired …)."""
    meta: dict = {
        "title": escape(plan.title),
        "template": plan.template,
        "hide": ["toc", "navigation"],
    }
    if plan.description:
        meta["description"] = escape(plan.description)
    if not plan.searchable:
        meta["search"] = {"exclude": True}
    else:
        meta["search"] = {"boost": search_boost(plan.entry), "tags": _tags(plan)}
    return meta


def _tags(plan: PagePlan) -> list[str]:
    meta = plan.entry.item.meta if plan.entry else None
    return list(getattr(meta, "tags", None) or [])


def content_html(env, page: Page, config, snapshot: Snapshot, plan: PagePlan, html: str) -> str:
    """The board's own part of a page: its content partial around the body's HTML."""
    template = env.get_template("board/content/_page.html")
    return template.render(
        page=page,
        config=config,
        snapshot=snapshot,
        plan=plan,
        entry=plan.entry,
        body_html=Markup(clean_html(html)),
        base_url=get_relative_url(".", page.url),
    )


def fast_path_allowed(config) -> bool:
    """Other plugins expect every page to pass through their events: then MkDocs renders
    all pages as usual."""
    return set(config.plugins) <= PLUGINS_WE_KNOW


class PageRenderer:
    use_shells = True  # off only to compare with full renders in the tests

    def __init__(
        self,
        config,
        files: Files,
        nav,
        envs: tuple,
        snapshot: Snapshot,
        pages: list[tuple[PagePlan, BoardFile]],
        cache: PageCache,
        keys: PlanKeys,
        progress: Progress = SILENT,
    ) -> None:
        self.config, self.files, self.nav, self.snapshot = config, files, nav, snapshot
        self.env, self.content_env = envs  # Material's (no autoescape), the board's own
        self.pages = pages
        self.cache = cache
        self.keys = keys
        self.progress = progress
        self.doc_files = files.documentation_pages()
        search = config.plugins.get(SEARCH_PLUGIN)
        self.search = search.search_index if search and search.config.enabled else None
        self.shells = Shells(self._draw_shell)
        self._markdown: markdown.Markdown | None = None

    def render_all(self) -> None:
        """Write every page; add their search entries to Material's index. With nothing
        to reuse, the keys are computed by the workers too."""
        warm = self.cache.warm
        todo = [
            n
            for n, (plan, file) in enumerate(self.pages)
            if not (warm and self.cache.reuse(plan.url, self._key(plan), file.abs_dest_path))
        ]
        chunks = [todo[i : i + CHUNK] for i in range(0, len(todo), CHUNK)]
        self.progress.phase(
            f"生成网页：{len(todo)} 页（{len(self.pages) - len(todo)} 页沿用上次）",
            f"drawing {len(todo)} pages ({len(self.pages) - len(todo)} reused)",
        )

        def advanced(count: int) -> None:
            self.progress.advance(min(count * CHUNK, len(todo)), len(todo))

        if len(todo) >= PARALLEL_FROM and cores() > 1:
            done = forked_map(self._render_chunk, chunks, cores(), on_result=advanced)
        else:
            done = []
            for chunk in chunks:
                done.append(self._render_chunk(chunk))
                advanced(len(done))
        self.progress.finish()
        results = dict(zip(todo, (r for chunk in done for r in chunk), strict=True))
        logger = logging.getLogger("mkdocs.structure.pages")
        for n, (plan, _) in enumerate(self.pages):
            if n in results:
                self.cache.store(plan.url, results[n])
            rendered = self.cache.rendered(plan.url)
            for level, message in rendered.logs:
                logger.log(level, message)
            if self.search is not None:
                self.search.add_written(rendered.index)

    def _key(self, plan: PagePlan) -> str:
        return self.keys.key(plan, needs_mkdocs(plan.body))

    def _render_chunk(self, numbers: list[int]) -> list[Rendered]:
        return [self._render_one(*self.pages[n]) for n in numbers]

    def _render_one(self, plan: PagePlan, file: BoardFile) -> Rendered:
        page = file.page or Page(None, file, self.config)
        with _captured_logs() as logs:
            page.meta = page_meta(plan)
            body = self._body_html(plan, page) if plan.body else ""
            page.content = content_html(
                self.content_env, page, self.config, self.snapshot, plan, body
            )
            index = self._search_entries(page)
            page.content = _SEARCH_ATTRIBUTES.sub("", page.content)
            shape = shape_of(plan, page.toc) if self.use_shells else None
            html = (
                self.shells.render(plan, shape, page.content, page.toc)
                if shape
                else self._full_render(plan, page)
            )
            Path(file.abs_dest_path).unlink(missing_ok=True)  # never write through a shared link
            write_file(html.encode("utf-8", errors="xmlcharrefreplace"), file.abs_dest_path)
            page.content = None  # the HTML is on disk; keep the workers small
        return Rendered(self._key(plan), index, logs)

    def _body_html(self, plan: PagePlan, page: Page) -> str:
        """MkDocs' own rendering where links or HTML need it, else the shared instance."""
        if needs_mkdocs(plan.body):
            page.markdown = plan.body
            page.render(self.config, self.files)
            return page.content or ""
        if self._markdown is None:
            self._markdown = markdown.Markdown(
                extensions=self.config["markdown_extensions"],
                extension_configs=self.config["mdx_configs"] or {},
            )
        md = self._markdown.reset()
        html = md.convert(plan.body)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        return html

    def _search_entries(self, page: Page) -> WrittenEntries:
        if self.search is None:
            return WrittenEntries()
        index = type(self.search)(**self.search.config)
        index.add_entry_from_context(page)
        return written_entries(index.entries)

    def _full_render(self, plan: PagePlan, page: Page) -> str:
        """The page as MkDocs would draw it."""
        page.active = True
        try:
            context = get_context(self.nav, self.doc_files, self.config, page)
            extra = {"snapshot": self.snapshot, "plan": plan}
            return self.env.get_template(plan.template).render({**context, **extra})
        finally:
            page.active = False

    def _draw_shell(self, stand_in: PagePlan, toc) -> str:
        file = File.generated(self.config, f"_board/{stand_in.url}index.md", content="")
        file.dest_uri, file.url = stand_in.url + "index.html", stand_in.url
        page = Page(None, file, self.config)
        page.meta, page.content, page.toc = page_meta(stand_in), CONTENT, toc
        return self._full_render(stand_in, page)


@contextmanager
def _captured_logs() -> Iterator[list[tuple[int, str]]]:
    """MkDocs' warnings while rendering one page (a broken link …), to be logged again by
    the parent process in page order."""
    logger = logging.getLogger("mkdocs")
    records: list[tuple[int, str]] = []
    handler = _ListHandler(records)
    saved = logger.handlers[:]
    logger.handlers = [handler]
    try:
        yield records
    finally:
        logger.handlers = saved


class _ListHandler(logging.Handler):
    def __init__(self, records: list) -> None:
        super().__init__(logging.WARNING)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.levelno, record.getMessage()))
