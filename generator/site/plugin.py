"""The MkDocs plugin: short event handlers that turn page plans into virtual pages.

All decisions (what is public, which pages exist, what they list) are made before MkDocs
runs, by the content model and `plan_site`; this module only adapts them to MkDocs.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import jinja2.bccache
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from ..content.loader import load_snapshot
from ..content.snapshot import Snapshot
from ..errors import BoardError
from ..fingerprint import Digests
from ..paths import OVERRIDES_DIR
from ..render import filters
from ..render.progress import SILENT, Progress
from .api import API_CURRENT, current_document, current_json
from .cache import PageCache, PlanKeys
from .calendar import CALENDAR, calendar_events, calendar_file
from .feeds import feed_files
from .outputs import ContentAsset, make_way, outputs
from .pages import (
    BoardFile,
    PageRenderer,
    content_html,
    fast_path_allowed,
    page_meta,
    sitemap_entry,
)
from .plan import PagePlan, plan_site
from .screen import BUILD_STAMP, SCREEN_URL, build_stamp
from .search import use_board_index

KEEP_FROM_CONTENT = "assets/"
SITEMAP = "sitemap.xml"


@dataclass(frozen=True)
class SiteInputs:
    """What `board build` and `board serve` hand the plugin, through its `inputs` option."""

    snapshot: Snapshot
    printed: frozenset[str] = frozenset()  # item URLs with a print version in print/
    cache: PageCache | None = None  # pages of the previous build, to reuse
    progress: Progress = SILENT  # where the page count goes while pages are drawn
    preview: bool = False  # `board serve`: staff reminders (overdue columns) are shown
    outputs: set[str] = field(default_factory=set)  # filled in: every file the site has


class BoardConfig(Config):
    today = c.Optional(c.Type(str))
    """Build date (`2026-11-21` or with ` 08:30`); default: now in the site's time zone."""
    inputs = c.Optional(c.Type(SiteInputs))
    """An already published snapshot (set by `board build` and `board serve`). Without it,
    the project beside the MkDocs configuration file is loaded at `today`."""


class BoardPlugin(BasePlugin[BoardConfig]):
    """The board's pages, feeds and data files, from the `inputs` option or from the
    project beside the MkDocs configuration (`mkdocs build` with `plugins: [board]`)."""

    inputs: SiteInputs
    snapshot: Snapshot
    plans: dict[str, PagePlan]

    def on_config(self, config):
        self.inputs = self.config.inputs or SiteInputs(
            _load_for_mkdocs(Path(config.config_file_path).parent, self.config.today)
        )
        self.snapshot = self.inputs.snapshot
        layer_board_templates(config.theme)
        list_theme_files_quickly(config.theme)
        use_board_index(config)
        return config

    def on_files(self, files: Files, *, config) -> Files:
        # Of content/, only assets/ is published (and not what nothing public shows).
        docs_dir = config.docs_dir
        files = Files(
            [file for file in files if file.src_dir != docs_dir]
            + [
                ContentAsset.of(file)
                for file in files
                if file.src_dir == docs_dir
                and file.src_uri.startswith(KEEP_FROM_CONTENT)
                and file.src_uri not in self.snapshot.withheld
            ]
        )
        self.plans = {}
        self.fast_pages: list[tuple[PagePlan, BoardFile]] = []
        fast = fast_path_allowed(config)
        in_nav = set(_nav_sources(config.nav or []))
        for plan in plan_site(self.snapshot, self.inputs.printed):
            ours = fast and plan.src_uri not in in_nav and not plan.standalone
            file = (BoardFile if ours else File).generated(
                config, plan.src_uri, content="\n" + plan.body
            )
            file.dest_uri = plan.url + "index.html"
            file.url = plan.url or "./"
            files.append(file)
            self.plans[plan.src_uri] = plan
            if isinstance(file, BoardFile):
                self.fast_pages.append((plan, file))
        for uri, content in data_files(self.snapshot, self.inputs.cache).items():
            files.append(File.generated(config, uri, content=content))
        for file in files:
            if not isinstance(file, BoardFile):
                make_way(file.abs_dest_path)
        self.inputs.outputs.update(outputs(files))
        self.files = files
        # Our content templates escape every value; only sanitised body HTML is Markup.
        self.env = self._prepared(config.theme.get_env())
        self.env.autoescape = True
        self.env.bytecode_cache = COMPILED_ESCAPING
        return files

    def _prepared(self, env):
        """A template environment with the board's filters and the preview flag; QR
        codes are kept from the previous build when there is one."""
        filters.register(env, self.snapshot.config.site.timezone)
        if self.inputs.cache is not None:
            env.filters["qr_svg"] = self.inputs.cache.qr_svg
        env.globals["preview"] = self.inputs.preview
        return env

    def on_nav(self, nav, *, config, files):
        self.nav = nav
        return nav

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        plan = self.plans[page.file.src_uri]
        page.meta.update(page_meta(plan))
        # The sitemap's lastmod (drawn before the pages): when the item or what the page
        # lists last changed, not the build date.
        if plan.lastmod:
            page.update_date = plan.lastmod.isoformat()
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        return content_html(
            self.env, page, config, self.snapshot, self.plans[page.file.src_uri], html
        )

    def on_page_context(self, context, *, page, config, nav):
        context["snapshot"] = self.snapshot
        context["plan"] = self.plans[page.file.src_uri]
        return context

    def on_pre_template(self, template, *, template_name, config):
        """The sitemap lists every page: it is the previous build's while what it lists
        is the same."""
        if template_name == SITEMAP and self.inputs.cache is not None:
            return KeptSitemap(template, self.inputs.cache)
        return template

    def on_template_context(self, context, *, template_name, config):
        """Pages that are not board pages (404.html, sitemap.xml) still know the community
        (the footer shows it). The sitemap leaves out the pages drawn on their own (screen
        mode), whose template asks search engines not to index them."""
        context.setdefault("snapshot", self.snapshot)
        if template_name == SITEMAP:
            context["pages"] = self._sitemap_pages(context["pages"], config.site_url)
        return context

    def _sitemap_pages(self, mkdocs_pages: list, site_url: str | None) -> list:
        """Every page in the order of the site's files: MkDocs' own pages and the ones
        drawn here (which MkDocs never made pages of), without the standalone pages."""
        drawn_here = {
            file.src_uri: sitemap_entry(
                file, site_url, plan.lastmod.isoformat() if plan.lastmod else None
            )
            for plan, file in self.fast_pages
        }
        listed = {id(file) for file in mkdocs_pages}
        unlisted = {plan.url or "./" for plan in self.plans.values() if plan.standalone}
        return [
            drawn_here.get(file.src_uri, file)
            for file in self.files
            if (id(file) in listed or file.src_uri in drawn_here) and file.url not in unlisted
        ]

    def on_post_build(self, *, config) -> None:
        screen = Path(config.site_dir) / SCREEN_URL / "index.html"
        (Path(config.site_dir) / BUILD_STAMP).write_bytes(build_stamp(screen.read_bytes()))

    def on_env(self, env, *, config, files):
        self._prepared(env)
        if self.fast_pages:
            cache = self.inputs.cache or PageCache()
            keys = PlanKeys(cache.salt, _files_signature(files), cache.plans)
            PageRenderer(
                config,
                files,
                self.nav,
                (env, self.env),
                self.snapshot,
                self.fast_pages,
                cache,
                keys,
                self.inputs.progress,
            ).render_all()
            cache.fresh_plans = keys.made
        return env


class KeptSitemap:
    """MkDocs' sitemap template, drawn only when the addresses or dates it lists differ
    from the previous build's (thousands of rows, a tenth of a second at 10,000 items)."""

    def __init__(self, template: jinja2.Template, cache: PageCache) -> None:
        self.template, self.cache = template, cache

    def render(self, context) -> str:
        rows = [
            (f.page.canonical_url, f.page.abs_url, f.page.update_date, f.page.is_link)
            for f in context["pages"]
        ]
        key = hashlib.sha256(repr(rows).encode()).hexdigest()
        drawn = self.cache.data_file(SITEMAP, key, lambda: self.template.render(context).encode())
        return drawn.decode()


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, for environments Jinja cannot keep them for:
    where its folder of compiled templates cannot be used (see `compiled_templates`)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def compiled_templates(escaping: bool) -> jinja2.BytecodeCache:
    """Where compiled templates are kept between builds. MkDocs makes new template
    environments for every build, and compiling Material's templates again costs about
    half a second. Jinja's own cache folder is private to the user (Jinja checks that)
    and every template is compared with its source before use. Our environment escapes,
    Material's does not: they compile differently and are kept apart."""
    pattern = "__board_escaping_%s.cache" if escaping else "__board_%s.cache"
    try:
        return jinja2.FileSystemBytecodeCache(pattern=pattern)
    except (OSError, RuntimeError):  # no private temporary folder
        return CompiledTemplates()


COMPILED, COMPILED_ESCAPING = compiled_templates(False), compiled_templates(True)


def data_files(snapshot: Snapshot, cache: PageCache | None = None) -> dict[str, bytes]:
    """Feeds, calendar, API and robots.txt: the site's files that are not pages. The
    feeds and the calendar, slow to write, are the previous build's while what they hold
    is the same."""

    def kept(path: str, key: str, make: Callable[[], bytes]) -> bytes:
        return make() if cache is None else cache.data_file(path, key, make)

    files = feed_files(snapshot, kept)
    events = calendar_events(snapshot)
    files[CALENDAR] = kept(
        CALENDAR,
        Digests().of((snapshot.now, events)).hex(),
        lambda: calendar_file(snapshot, events),
    )
    files[API_CURRENT] = current_json(current_document(snapshot))
    files["robots.txt"] = (
        f"User-agent: *\nAllow: /\n\nSitemap: {snapshot.config.site.url}sitemap.xml\n"
    ).encode()
    return files


def layer_board_templates(theme) -> None:
    """The board's templates sit between a site's own `custom_dir` (whose files win) and
    Material, so a site overrides one template without losing the rest."""
    dirs, ours = theme.dirs, str(OVERRIDES_DIR)
    if ours not in dirs:
        dirs.insert(1 if theme.custom_dir else 0, ours)


def list_theme_files_quickly(theme) -> None:
    """MkDocs lists every file of the theme on each build to copy its assets, then drops
    the ones in hidden folders: Material keeps some 14,000 icons in one, and listing and
    matching them costs a tenth of a second per build. Its template environments here
    skip hidden folders from the start: the same files are copied. They also keep their
    compiled templates between builds (Material's search plugin makes an environment of
    its own on each build, only to read its language's words)."""
    if getattr(theme.get_env, "lists_quickly", False):
        return
    make_env = theme.get_env

    def get_env():
        env = make_env()
        env.loader = ThemeLoader(theme.dirs)
        env.bytecode_cache = COMPILED
        return env

    get_env.lists_quickly = True  # type: ignore[attr-defined]
    theme.get_env = get_env


class ThemeLoader(jinja2.FileSystemLoader):
    """Templates from the theme's folders; hidden folders are not listed."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            for parent, dirs, names in os.walk(folder, followlinks=self.followlinks):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                inside = os.path.relpath(parent, folder).replace(os.sep, "/")
                prefix = "" if inside == "." else inside + "/"
                found.update(prefix + name for name in names)
        return sorted(found)


def _nav_sources(nav) -> Iterator[str]:
    for entry in nav:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            yield from _nav_sources(value)
        else:
            yield value


def _files_signature(files: Files) -> str:
    """Which files exist: a body's links resolve against it."""
    return hashlib.sha256("\n".join(sorted(f.src_uri for f in files)).encode()).hexdigest()


def _load_for_mkdocs(root: Path, today: str | None) -> Snapshot:
    try:
        return load_snapshot(root, today).snapshot
    except BoardError as exc:
        raise PluginError("\n" + str(exc)) from None
