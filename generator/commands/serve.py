"""`board serve`: a local preview that rebuilds on save and shows content errors in the
page instead of stopping."""

from __future__ import annotations

import shutil
import tempfile
import time
import traceback
from pathlib import Path

import jinja2
from mkdocs.livereload import LiveReloadServer

from ..content.cache import ContentCache
from ..content.loader import load_snapshot
from ..errors import BoardError, Problem, problem
from ..paths import OVERRIDES_DIR, THEME_DIR
from ..site.build import page_salt, render_site
from ..site.cache import PageCache
from .atomic import swap_in


class PreviewServer(LiveReloadServer):
    """While the content has errors, every page shows them (and reloads when fixed)."""

    error_page: bytes | None = None

    def _inject_js_into_html(self, content, epoch):
        """MkDocs' private hook for every HTML response (MkDocs is pinned below 2;
        tests/test_dependencies.py fails if its signature changes)."""
        return super()._inject_js_into_html(self.error_page or content, epoch)


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
    site_dir = Path(tempfile.mkdtemp(prefix="board-preview-"))
    server = PreviewServer(builder=lambda: None, host=host, port=port, root=str(site_dir))

    cache = PageCache()
    contents = ContentCache.of_project(root)  # in memory between saves; written on exit

    def say(zh: str, en: str) -> None:
        """One line per rebuild on the terminal, so the editor sees the preview react."""
        print(f"[{time.strftime('%H:%M:%S')}] {en if lang == 'en' else zh}", flush=True)

    def rebuild() -> None:
        nonlocal cache
        had_errors = server.error_page is not None
        started = time.monotonic()
        staging = Path(tempfile.mkdtemp(prefix=".building-", dir=site_dir.parent))
        try:
            snapshot, warnings, _ = load_snapshot(root, today, contents)
            salt = page_salt(snapshot, root)  # hashes the code and theme files: once per rebuild
            if cache.salt != salt:
                cache = PageCache(salt=salt)
            render_site(root, snapshot, staging, cache=cache, preview=True)
            swap_in(staging, site_dir)
            cache = cache.advance(site_dir)
            server.error_page = None
            took = time.monotonic() - started
            fixed_zh, fixed_en = ("错误已改好，", "errors fixed; ") if had_errors else ("", "")
            say(
                f"{fixed_zh}预览已更新（{took:.1f} 秒，{len(warnings)} 个警告）",
                f"{fixed_en}preview rebuilt in {took:.1f} s ({len(warnings)} warnings)",
            )
        except BoardError as exc:
            server.error_page = error_page(exc.problems)
            errors = sum(p.level == "error" for p in exc.problems)
            say(
                f"内容有 {errors} 个错误，预览页面上显示；改好保存后自动恢复：",
                f"{errors} content errors, shown in the preview; save a fix to recover:",
            )
            print("\n".join(p.format(lang) for p in exc.problems), flush=True)
        except Exception as exc:  # a broken theme file must not stop the preview
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            server.error_page = error_page(
                [problem("theme/", f"生成预览时出错：{detail}", f"the preview failed: {detail}")]
            )
            print(detail, flush=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    server.builder = rebuild
    server.error_handler = lambda code: server.error_page or _not_found(site_dir)
    rebuild()
    for path in (root / "content", root / "site_config.yml", THEME_DIR):
        if path.exists():
            server.watch(str(path))
    print(f"预览地址 / preview at http://{host}:{port}/  （Ctrl+C 退出 / to stop）", flush=True)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        contents.save()
        shutil.rmtree(site_dir, ignore_errors=True)


def _not_found(site_dir: Path) -> bytes | None:
    page = site_dir / "404.html"
    return page.read_bytes() if page.is_file() else None
