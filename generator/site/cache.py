"""Reusing pages from earlier builds when nothing they show has changed.

A page's key is a hash of everything it is drawn from: its plan (title, body, the entries
it lists, each with its status at the build moment), the build moment, the site's
configuration and the templates and code that draw it. A build writes into the spare
folder, which holds the site before the previous one (generator/commands/atomic.py): a
page whose key matches the spare's record is left as it is; one that matches the previous
site's is hard-linked from there; only the others are drawn. Data files that are slow to
write (the calendar) are reused the same way, and the QR codes of screen mode are kept by
address.
Each record names the site it belongs to; the spare's is removed before the spare is
changed and the site's before the swap, so a build killed half-way can never leave a
record that lies. The records are JSON: they sit in the project folder, and reading them
must never be able to run code.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from markupsafe import Markup
from pydantic_core import from_json, to_json

from ..fingerprint import Digests, code_fingerprint
from ..paths import CACHE_DIR, OVERRIDES_DIR, cache_folder
from ..render.qr import qr_svg
from .plan import PagePlan
from .search import WrittenEntries

FORMAT = 6
RECORD = "pages.json"  # the site's
SPARE_RECORD = "spare.json"  # its spare's (the site before it): page keys only
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
    """What is kept of a drawn page: its key, search entries (as the index file holds
    them) and MkDocs' log lines."""

    key: str
    index: WrittenEntries = WrittenEntries()
    logs: list[tuple[int, str]] = field(default_factory=list)


class PageCache:
    """What the last two builds left: the site folder (`site_dir`) and its spare (the
    site before it, which this build brings up to date in place; see
    generator/commands/atomic.py). For each, every page's key; for the site, the keys of
    the data files that are reused and the QR codes it shows, by address."""

    def __init__(
        self,
        site_dir: Path | None = None,
        salt: str = "",
        pages: dict[str, Rendered] | None = None,
        files: dict[str, str] | None = None,
        codes: dict[str, str] | None = None,
        spare: dict[str, Rendered] | None = None,
        plans: dict[str, KeyedPlan] | None = None,
    ) -> None:
        self.site_dir = site_dir
        self.salt = salt
        self.pages = pages or {}
        self.files = files or {}
        self.codes = codes or {}
        self.spare = spare  # None: the spare folder's contents are unknown
        self.plans = plans or {}  # the previous build's plans, in this process only
        # this build's records
        self.fresh: dict[str, Rendered] = {}
        self.fresh_files: dict[str, str] = {}
        self.fresh_codes: dict[str, str] = {}
        self.fresh_plans: dict[str, KeyedPlan] = {}

    @property
    def warm(self) -> bool:
        return bool(self.pages or self.spare)

    def reuse(self, url: str, key: str, dest: str) -> bool:
        """True if the page at `dest`, in the folder being built, is now the one with
        `key`: it was already there in the spare, or it is linked in from the previous
        site. Either way the previous site's record of it (search entries, warnings)
        holds."""
        known = self.pages.get(url)
        if self.site_dir is None or known is None or known.key != key:
            return False
        self.fresh[url] = known
        kept = (self.spare or {}).get(url)
        if kept is not None and kept.key == key and os.path.isfile(dest):
            return True
        source = self.site_dir / url / "index.html"
        try:
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            Path(dest).unlink(missing_ok=True)  # it may be shared with the live site
            try:
                os.link(source, dest)
            except OSError:
                shutil.copyfile(source, dest)
        except OSError:
            del self.fresh[url]
            return False
        return True

    def start_over(self) -> None:
        """Forget what this build has drawn so far, to draw the site again into the same
        folder: what is there now is in no record, so the spare counts as unknown."""
        self.spare = None
        self.fresh, self.fresh_files, self.fresh_codes = {}, {}, {}
        self.fresh_plans = {}

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
        """The cache for the next build, once this build's pages are in `site_dir` and
        the previous site (if any) is its spare."""
        spare = self.pages if self.site_dir is not None else None
        return PageCache(
            site_dir,
            self.salt,
            self.fresh,
            self.fresh_files,
            self.fresh_codes,
            spare,
            self.fresh_plans,
        )


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


@dataclass(frozen=True)
class KeyedPlan:
    """A page's plan and the key it was given, kept for the next build in this process."""

    plan: PagePlan
    key: str
    links_signature: str


class PlanKeys:
    """Page keys: the build's salt, the plan's digest and, for bodies with links, the
    site's file list.

    A process that builds again and again (`board serve`, the editor's drafts) gives a
    page the key of the previous build when its plan is equal to that build's: comparing
    takes a fraction of the time of a digest, and after a save nearly every plan is
    equal. Equal plans show the same: every field of a plan, its entries and their items
    is compared, and the only content values that could be equal but written
    differently (1 and true in `extra:`) are never shown."""

    def __init__(
        self, salt: str, links_signature: str, before: dict[str, KeyedPlan] | None = None
    ) -> None:
        self.salt = salt
        self.links_signature = links_signature  # the site's file list, for bodies with links
        self.digests = Digests()
        self.before = before or {}  # same salt: a new salt starts a new PageCache
        self.made: dict[str, KeyedPlan] = {}

    def key(self, plan: PagePlan, has_links: bool) -> str:
        before = self.before.get(plan.url)
        if (
            before is not None
            and (not has_links or before.links_signature == self.links_signature)
            and before.plan == plan
        ):
            key = before.key
        else:
            digest = hashlib.sha256(self.salt.encode())
            digest.update(self.digests.of(plan))
            if has_links:
                digest.update(self.links_signature.encode())
            key = digest.hexdigest()
        self.made[plan.url] = KeyedPlan(plan, key, self.links_signature)
        return key


def load_cache(root: Path, site_dir: Path, salt: str) -> PageCache:
    """The records of the last build into `site_dir` and of its spare, if they are for
    the same salt. A record that is missing, damaged or from another version is ignored:
    the pages it describes are drawn again."""
    folder = root / CACHE_DIR
    spare = _spare_record(folder / SPARE_RECORD, site_dir, salt)
    try:
        record = _record(folder / RECORD, site_dir, salt)
        pages = {url: _rendered(value) for url, value in record["records"].items()}
        files, codes = _texts(record["files"]), _texts(record["codes"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return PageCache(salt=salt, spare=spare)
    return PageCache(site_dir, salt, pages, files, codes, spare)


def _record(path: Path, site_dir: Path, salt: str) -> dict:
    record = from_json(path.read_bytes())  # pydantic's reader: twice as quick as json's
    if record["format"] != FORMAT or record["site"] != str(site_dir) or record["salt"] != salt:
        raise ValueError("a record of another site, version or salt")
    return record


def _spare_record(path: Path, site_dir: Path, salt: str) -> dict[str, Rendered] | None:
    """The spare's pages: only their keys are kept (a page that is the same in the spare
    and in the site takes its search entries from the site's record)."""
    try:
        keys = _texts(_record(path, site_dir, salt)["keys"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    return {url: Rendered(key) for url, key in keys.items()}


def _rendered(value: dict) -> Rendered:
    logs = [(int(level), str(message)) for level, message in value["logs"]]
    if not isinstance(value["key"], str) or not isinstance(value["index"], str):
        raise TypeError("not a page record")
    return Rendered(value["key"], WrittenEntries(value["index"]), logs)


def _texts(value: dict) -> dict[str, str]:
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError("not a table of texts")
    return value


def forget_spare(root: Path) -> None:
    """Called before the spare folder is changed: its record would no longer hold."""
    _unlink(root / CACHE_DIR / SPARE_RECORD)


def forget_cache(root: Path) -> None:
    """Called before the swap: the site's record would no longer hold."""
    _unlink(root / CACHE_DIR / RECORD)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def save_cache(root: Path, cache: PageCache) -> None:
    """After the swap: the records of the new site and of its spare (the previous site)."""
    folder = root / CACHE_DIR
    head = {"format": FORMAT, "site": str(cache.site_dir), "salt": cache.salt}
    record = {
        **head,
        "records": {
            url: {"key": r.key, "index": r.index, "logs": r.logs} for url, r in cache.pages.items()
        },
        "files": cache.files,
        "codes": cache.codes,
    }
    try:
        cache_folder(root)
        if cache.spare is not None:
            keys = {url: r.key for url, r in cache.spare.items()}
            _write_json(folder / SPARE_RECORD, {**head, "keys": keys})
        _write_json(folder / RECORD, record)
    except OSError:
        pass  # a read-only project builds the slow way next time


def _write_json(path: Path, value: dict) -> None:
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(to_json(value))  # UTF-8, like the reader; pydantic's writer
    temporary.replace(path)
