"""Reusing pages from the previous build when nothing they show has changed.

A page's key is a hash of everything it is drawn from: its plan (title, body, the entries
it lists, each with its status at the build moment), the build moment, the site's
configuration and the templates and code that draw it. A page whose key matches the one
recorded for the previous build is hard-linked from the previous site instead of drawn.
The record names the site folder it describes and is removed before a new site is swapped
in, so a build killed half-way can never leave a record that lies. The record is JSON:
it sits in the project folder, and reading it must never be able to run code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..fingerprint import code_fingerprint
from ..paths import CACHE_DIR, OVERRIDES_DIR
from .plan import PagePlan

FORMAT = 3
RECORD = "pages.json"
_PACKAGE = Path(__file__).resolve().parents[1]
# Their templates and Markdown rendering are part of every page.
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2")


@dataclass
class Rendered:
    """What is kept of a drawn page: its key, search entries and MkDocs' log lines."""

    key: str
    entries: list = field(default_factory=list)
    logs: list[tuple[int, str]] = field(default_factory=list)


class PageCache:
    """The records of the pages in `site_dir`, the last site built."""

    def __init__(
        self, site_dir: Path | None = None, salt: str = "", pages: dict[str, Rendered] | None = None
    ) -> None:
        self.site_dir = site_dir
        self.salt = salt
        self.pages = pages or {}
        self.fresh: dict[str, Rendered] = {}  # this build's records

    def reuse(self, url: str, key: str, dest: str) -> bool:
        """Link the previous build's file for `url` to `dest` if its key matches."""
        known = self.pages.get(url)
        if self.site_dir is None or known is None or known.key != key:
            return False
        source = self.site_dir / url / "index.html"
        try:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            try:
                os.link(source, dest)
            except OSError:
                shutil.copyfile(source, dest)
        except OSError:
            return False
        self.fresh[url] = known
        return True

    def store(self, url: str, rendered: Rendered) -> None:
        self.fresh[url] = rendered

    def rendered(self, url: str) -> Rendered:
        return self.fresh[url]

    def advance(self, site_dir: Path) -> PageCache:
        """The cache for the next build, once this build's pages are in `site_dir`."""
        return PageCache(site_dir, self.salt, self.fresh)


def build_salt(settings: object, today: date, folders: list[Path] | None = None) -> str:
    """What every page depends on besides its plan: the day (templates show it; the
    entries carry their own state at the build moment), the MkDocs settings (site
    configuration, navigation) and the code and templates that draw pages, including a
    site's own template `folders`."""
    return code_fingerprint(
        f"{FORMAT}|{today.isoformat()}|{settings!r}",
        (OVERRIDES_DIR, _PACKAGE, *(folders or [])),
        _PACKAGES,
    )


class PlanKeys:
    """Page keys. Each object of the snapshot (entry, item, column …) is digested once per
    build, field by field, so a column's issues are not hashed again for every issue."""

    def __init__(self, salt: str, links_signature: str) -> None:
        self.salt = salt
        self.links_signature = links_signature  # the site's file list, for bodies with links
        self._known: dict[int, bytes] = {}

    def key(self, plan: PagePlan, has_links: bool) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(self._digest(plan))
        if has_links:
            digest.update(self.links_signature.encode())
        return digest.hexdigest()

    def _digest(self, value) -> bytes:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            known = self._known.get(id(value))
            if known is None:
                parts = [type(value).__name__.encode()]
                parts += [
                    self._digest(getattr(value, f.name))
                    for f in dataclasses.fields(value)
                    if f.repr
                ]
                known = self._known[id(value)] = hashlib.sha256(b"|".join(parts)).digest()
            return known
        if isinstance(value, (list, tuple)):
            return hashlib.sha256(b"".join(self._digest(v) for v in value)).digest()
        return hashlib.sha256(repr(value).encode()).digest()


def load_cache(root: Path, site_dir: Path, salt: str) -> PageCache:
    """The record of the last build into `site_dir`, if it is for the same salt. A record
    that is missing, damaged or from another version is ignored: every page is drawn."""
    try:
        record = json.loads((root / CACHE_DIR / RECORD).read_text(encoding="utf-8"))
        if (
            record["format"] != FORMAT
            or record["site"] != str(site_dir)
            or record["salt"] != salt
            or not site_dir.is_dir()
        ):
            return PageCache(salt=salt)
        pages = {url: _rendered(value) for url, value in record["records"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return PageCache(salt=salt)
    return PageCache(site_dir, salt, pages)


def _rendered(value: dict) -> Rendered:
    logs = [(int(level), str(message)) for level, message in value["logs"]]
    if not isinstance(value["key"], str) or not isinstance(value["entries"], list):
        raise TypeError("not a page record")
    return Rendered(value["key"], value["entries"], logs)


def forget_cache(root: Path) -> None:
    """Called before a new site replaces the old one: the record would no longer hold."""
    try:
        (root / CACHE_DIR / RECORD).unlink()
    except OSError:
        pass


def save_cache(root: Path, cache: PageCache) -> None:
    folder = root / CACHE_DIR
    record = {
        "format": FORMAT,
        "site": str(cache.site_dir),
        "salt": cache.salt,
        "records": {url: dataclasses.asdict(r) for url, r in cache.pages.items()},
    }
    try:
        if not folder.is_dir():
            folder.mkdir()
            (folder / ".gitignore").write_text("*\n")
        temporary = folder / f"{RECORD}.tmp"
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        temporary.replace(folder / RECORD)
    except OSError:
        pass  # a read-only project builds the slow way next time
