"""`board serve`: a local preview that rebuilds on save and shows content errors in the
page instead of stopping."""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import ClassVar

import jinja2
import watchdog.observers
from mkdocs.livereload import LiveReloadServer
from watchdog import events

from ..content.cache import ContentCache
from ..content.loader import load_snapshot
from ..content.snapshot import Snapshot
from ..editor.app import PREFIX as EDITOR_PREFIX
from ..editor.app import EditorApp
from ..errors import BoardError, Problem, problem
from ..paths import OVERRIDES_DIR, THEME_DIR
from ..render.memory import collect_when_idle, spared_from_collection
from ..site.build import page_salt, render_site
from ..site.cache import PageCache
from .atomic import build_in_spare
from .drafts import DraftSite
from .publish import publish


class PreviewServer(LiveReloadServer):
    """While the content has errors, every page shows them (and reloads when fixed)."""

    error_page: bytes | None = None
    editor: EditorApp | None = None  # 编辑台 at /_edit/

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The system's own notice of a save (inotify on Linux) instead of MkDocs' polling,
        # which looks at every content file twice a second and sees a save up to half a
        # second late. tests/test_dependencies.py checks MkDocs still watches through it.
        self.observer = SaveObserver()
        # A save's events come together (written, closed; or written and renamed), so
        # MkDocs' wait for more (0.1 s) is only a delay before the rebuild.
        self.build_delay = 0.02

    def serve_request(self, environ, start_response):
        """The editor answers below /_edit/; MkDocs serves the preview site."""
        path = environ.get("PATH_INFO", "")
        if self.editor is not None and (
            path == EDITOR_PREFIX or path.startswith(EDITOR_PREFIX + "/")
        ):
            return self.editor(environ, start_response)
        return super().serve_request(environ, start_response)

    def _inject_js_into_html(self, content, epoch):
        """MkDocs' private hook for every HTML response (MkDocs is pinned below 2;
        tests/test_dependencies.py fails if its signature changes)."""
        return super()._inject_js_into_html(self.error_page or content, epoch)


class SaveObserver(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
    """Tells of changes to files, not of files being read: every rebuild opens the
    content files, and MkDocs would take each opening for a save and rebuild forever."""

    CHANGES: ClassVar[list] = [
        events.FileCreatedEvent,
        events.FileModifiedEvent,
        events.FileAttribEvent,
        events.FileClosedEvent,
        events.FileDeletedEvent,
        events.FileMovedEvent,
    ]

    def schedule(self, event_handler, path, *, recursive=False, **options):
        options["event_filter"] = self.CHANGES
        return super().schedule(event_handler, path, recursive=recursive, **options)

    def start(self) -> None:
        """Started before the first build, so a save made as soon as the preview answers
        is seen; MkDocs starts it again when it starts serving."""
        if not self.is_alive():
            super().start()


def error_page(problems: list[Problem]) -> bytes:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(OVERRIDES_DIR), autoescape=True)
    html = env.get_template("board/preview-error.html").render(problems=problems)
    return html.encode("utf-8")


def serve(
    root: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    today: str | None = None,
    lang: str = "zh",
) -> None:
    root = Path(root).resolve()
    work = Path(tempfile.mkdtemp(prefix="board-preview-"))
    site_dir = work / "site"
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=str(site_dir))

    cache = PageCache()
    contents = ContentCache.of_project(root)  # in memory between saves; written on exit
    drawing = threading.Lock()  # the preview and the editor's drafts draw one at a time
    server.editor = EditorApp(
        root,
        today=today,
        drafts=DraftSite(root, work, today, drawing, preview_site),
        publish=lambda: publish(root, today=today, lang=lang),
        host=host,
        port=port,
    )

    def say(zh: str, en: str) -> None:
        """One line per rebuild on the terminal, so the editor sees the preview react."""
        print(f"[{time.strftime('%H:%M:%S')}] {en if lang == 'en' else zh}", flush=True)

    def rebuild(quiet: bool = False) -> None:
        nonlocal cache
        had_errors = server.error_page is not None
        started = time.monotonic()
        try:
            with drawing:
                cache, warnings = preview_build(root, site_dir, today, contents, cache)
            collect_when_idle()
            server.error_page = None
            if quiet:
                return
            took = time.monotonic() - started
            fixed_zh, fixed_en = ("错误已改好，", "errors fixed; ") if had_errors else ("", "")
            say(
                f"{fixed_zh}预览已更新（{took:.1f} 秒，{len(warnings)} 个警告）",
                f"{fixed_en}preview rebuilt in {took:.1f} s ({len(warnings)} warnings)",
            )
        except BoardError as exc:
            cache.spare = None  # it may be half-written
            server.error_page = error_page(exc.problems)
            errors = sum(p.level == "error" for p in exc.problems)
            say(
                f"内容有 {errors} 个错误，预览页面上显示；改好保存后自动恢复：",
                f"{errors} content errors, shown in the preview; save a fix to recover:",
            )
            print("\n".join(p.format(lang) for p in exc.problems), flush=True)
        except Exception as exc:  # a broken theme file must not stop the preview
            cache.spare = None
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            server.error_page = error_page(
                [problem("theme/", f"生成预览时出错：{detail}", f"the preview failed: {detail}")]
            )
            print(detail, flush=True)

    server.builder = rebuild
    server.error_handler = lambda code: server.error_page or _not_found(site_dir)
    for path in (root / "content", root / "site_config.yml", THEME_DIR):
        if path.exists():
            server.watch(str(path))
    server.observer.start()
    rebuild()
    if server.error_page is None:
        # The same site once more, in the background, so the spare folder (atomic.py)
        # exists and holds it: the first save then rewrites a few pages instead of
        # linking every page into a new spare (seconds on a street office's site).
        threading.Thread(target=rebuild, kwargs={"quiet": True}, daemon=True).start()
    print(f"预览地址 / preview at http://{host}:{port}/  （Ctrl+C 退出 / to stop）", flush=True)
    print(f"编辑台 / editor at http://{host}:{port}{EDITOR_PREFIX}/", flush=True)
    try:
        _stop_on_terminate()
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        contents.save()
        shutil.rmtree(work, ignore_errors=True)


def preview_build(
    root: Path, site_dir: Path, today: str | None, contents: ContentCache, cache: PageCache
) -> tuple[PageCache, list[Problem]]:
    """One preview of the project at `root` into `site_dir`, reusing what `contents` and
    `cache` hold from the previous one: the cache for the next one, and the warnings.
    After an error the spare (see atomic.py) may be half-written: set `cache.spare` to
    None before the next one."""
    snapshot, warnings, _ = load_snapshot(root, today, contents)
    with spared_from_collection():
        return preview_site(root, site_dir, snapshot, cache), warnings


def preview_site(root: Path, site_dir: Path, snapshot: Snapshot, cache: PageCache) -> PageCache:
    """The site of `snapshot` into `site_dir`; the cache for the next preview."""
    salt = page_salt(snapshot, root)  # hashes the code and theme files: once per rebuild
    if cache.salt != salt:
        cache = PageCache(salt=salt)

    def write(spare: Path, trusted: bool) -> set[str]:
        if not trusted:
            cache.spare = None
        outputs: set[str] = set()
        render_site(root, snapshot, spare, cache=cache, preview=True, outputs=outputs)
        return outputs

    build_in_spare(site_dir, cache.spare is not None, write)
    return cache.advance(site_dir)


def _stop_on_terminate() -> None:
    """`kill` (a service manager, a closed terminal) stops the preview like Ctrl+C does,
    so its temporary folder is removed and the content record written."""

    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _not_found(site_dir: Path) -> bytes | None:
    page = site_dir / "404.html"
    return page.read_bytes() if page.is_file() else None
