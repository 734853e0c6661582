"""A built site as a resident's browser meets it: served at its own address's path (like
the production host, which answers a missing address with 404.html), and one page of
every type, found in the built folder so that any community's site can be walked."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

MISSING = "announcements/2019-no-such-notice/attachments/"  # a deep address that is not there


@contextlib.contextmanager
def hosted(site: Path):
    """Serve `site` at the path of its address (site_url, read from its sitemap); yields
    the site's base URL on a free loopback port."""
    prefix = urlsplit(site_url(site)).path
    handler = functools.partial(_HostHandler, prefix, site, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()


def site_url(site: Path) -> str:
    """The production address the site was built for (the home page's sitemap entry)."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    return sitemap.split("<loc>", 1)[1].split("</loc>", 1)[0]


class _HostHandler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, prefix: str, site: Path, *args, **kwargs) -> None:
        self.prefix, self.site = prefix, site
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(self.site / "no such file")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message=None, explain=None) -> None:
        """A missing address gets the site's own 404 page, as the web host is set up to."""
        if code != 404:
            super().send_error(code, message, explain)
            return
        body = (self.site / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def page_types(site: Path) -> dict[str, str]:
    """One URL (relative to the site's base) of every page type the site has."""

    def first(folder: str) -> str:
        pages = sorted(
            p.name
            for p in (site / folder).iterdir()
            if (p / "index.html").is_file() and p.name != "page"
        )
        return f"{folder}{pages[0]}/"

    column = first("columns/")
    found = {
        "home": "",
        "announcements": "announcements/",
        "notices": "notices/",
        "honors": "honors/",
        "columns": "columns/",
        "announcement": first("announcements/"),
        "notice": first("notices/"),
        "honors item": first("honors/"),
        "column": column,
        "issue": first(column),
        "archive": "archive/",
        "archive year": first("archive/"),
        "category": first("archive/category/"),
        "tag": first("archive/tags/"),
        "free page": first("pages/"),
        "screen": "screen/",
        "404": MISSING,
    }
    if (site / "announcements/page/2/index.html").is_file():
        found["list page 2"] = "announcements/page/2/"
    return found
