"""Reusing pages from the previous build when nothing they show has changed.

A page's key is a hash of everything it is drawn from: its plan (title, body, the entries
it lists, each with its status at the build moment), the build moment, the site's
configuration and the templates and code that draw it. A page whose key matches the one
recorded for the previous build is hard-linked from the previous site instead of drawn.
Data files that are slow to write (the calendar) are reused the same way, and the QR codes
of screen mode are kept by address.
The record names the site folder it describes and is removed before a new site is swapped
in, so a build killed half-way can never leave a record that lies. The record is JSON:
it sits in the project folder, and reading it must never be able to run code.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import operator
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import NamedTuple

from markupsafe import Markup

from ..fingerprint import code_fingerprint
from ..paths import CACHE_DIR, OVERRIDES_DIR
from ..render.qr import qr_svg
from .plan import PagePlan

FORMAT = 4
RECORD = "pages.json"
_PACKAGE = Path(__file__).resolve().parents[1]
# Their templates and Markdown rendering are part of every page; the others draw the QR
# codes and the calendar kept from one build to the next.
_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "segno",
    "icalendar",
)


@dataclass
class Rendered:
    """What is kept of a drawn page: its key, search entries and MkDocs' log lines."""

    key: str
    entries: list = field(default_factory=list)
    logs: list[tuple[int, str]] = field(default_factory=list)


class PageCache:
    """The records of `site_dir`, the last site built: each page's key, the keys of the
    data files that are reused, and the QR codes it shows, by address."""

    def __init__(
        self,
        site_dir: Path | None = None,
        salt: str = "",
        pages: dict[str, Rendered] | None = None,
        files: dict[str, str] | None = None,
        codes: dict[str, str] | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.salt = salt
        self.pages = pages or {}
        self.files = files or {}
        self.codes = codes or {}
        # this build's records
        self.fresh: dict[str, Rendered] = {}
        self.fresh_files: dict[str, str] = {}
        self.fresh_codes: dict[str, str] = {}

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

    def data_file(self, path: str, key: str, make: Callable[[], bytes]) -> bytes:
        """The previous site's file at `path` if it was made from the same inputs
        (`key`), else `make()`."""
        content = None
        if self.site_dir is not None and self.files.get(path) == key:
            try:
                content = (self.site_dir / path).read_bytes()
            except OSError:
                pass
        self.fresh_files[path] = key
        return make() if content is None else content

    def qr_svg(self, url: str) -> Markup:
        """`render.qr.qr_svg`, kept from the previous build: screen mode has a code for
        every slide, and each takes milliseconds to draw."""
        svg = self.codes.get(url)
        if svg is None:
            svg = str(qr_svg(url))
        self.fresh_codes[url] = svg
        return Markup(svg)

    def advance(self, site_dir: Path) -> PageCache:
        """The cache for the next build, once this build's pages are in `site_dir`."""
        return PageCache(site_dir, self.salt, self.fresh, self.fresh_files, self.fresh_codes)


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


class Digests:
    """Digests of the objects a page is drawn from. A frozen dataclass object (an entry,
    an item, a badge …) is digested once per build, from its fields, and its digest stands
    for it wherever it appears again: on its own page and in every list, archive and tag
    page that lists it. Such objects are known by identity and kept alive here, so a
    digest can never be taken for another object's. Objects that may still change (page
    plans) are digested afresh each time."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}

    def of(self, value) -> bytes:
        """The digest of `value`: any mix of dataclasses, lists, tuples and values whose
        repr shows what they hold."""
        return hashlib.sha256(repr(self._part(value)).encode()).digest()

    def _object(self, value, shown: _Shown) -> bytes:
        known = self._known.get(id(value)) if shown.frozen else None
        if known is None:
            parts = [type(value).__qualname__]
            parts += [v if type(v) in _PLAIN else self._part(v) for v in shown.values(value)]
            known = (value, hashlib.sha256(repr(parts).encode()).digest())
            if shown.frozen:
                self._known[id(value)] = known
        return known[1]

    def _part(self, value):
        """What stands for `value` in the repr of what holds it: a dataclass object's
        digest (bytes, which no other part's repr looks like), a sequence's parts, or
        the value itself."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        shown = _shown_fields(kind)
        if shown is not None:
            return self._object(value, shown)
        if kind is list or kind is tuple:
            return [self._part(v) for v in value]
        return value


_PLAIN = frozenset({str, int, float, bool, type(None), date, datetime})


class _Shown(NamedTuple):
    values: Callable[[object], tuple]  # the values of the fields its repr shows
    frozen: bool


@functools.cache
def _shown_fields(kind: type) -> _Shown | None:
    """How to read a dataclass: the fields its repr shows (the others, like a file's line
    numbers, are not on its pages) and whether it is frozen; None for other types."""
    if not dataclasses.is_dataclass(kind):
        return None
    names = [f.name for f in dataclasses.fields(kind) if f.repr]
    getter = operator.attrgetter(*names) if names else (lambda value: ())
    values = getter if len(names) != 1 else (lambda value: (getter(value),))
    return _Shown(values, kind.__dataclass_params__.frozen)  # type: ignore[attr-defined]


class PlanKeys:
    """Page keys: the build's salt, the plan's digest and, for bodies with links, the
    site's file list."""

    def __init__(self, salt: str, links_signature: str) -> None:
        self.salt = salt
        self.links_signature = links_signature  # the site's file list, for bodies with links
        self.digests = Digests()

    def key(self, plan: PagePlan, has_links: bool) -> str:
        digest = hashlib.sha256(self.salt.encode())
        digest.update(self.digests.of(plan))
        if has_links:
            digest.update(self.links_signature.encode())
        return digest.hexdigest()


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
        files, codes = _texts(record["files"]), _texts(record["codes"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return PageCache(salt=salt)
    return PageCache(site_dir, salt, pages, files, codes)


def _rendered(value: dict) -> Rendered:
    logs = [(int(level), str(message)) for level, message in value["logs"]]
    if not isinstance(value["key"], str) or not isinstance(value["entries"], list):
        raise TypeError("not a page record")
    return Rendered(value["key"], value["entries"], logs)


def _texts(value: dict) -> dict[str, str]:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError("not a table of texts")
    return value


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
        "records": {
            url: {"key": r.key, "entries": r.entries, "logs": r.logs}
            for url, r in cache.pages.items()
        },
        "files": cache.files,
        "codes": cache.codes,
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
