"""Content files as read last time, so a build re-reads only the files that changed.

What is kept of a file is what its text reads as before validation: the fields (YAML
data), their line numbers, the Markdown body and the line it starts on; and its facts
(content/facts.py: privacy warnings, summary, files used, whether masking changes it).
That depends on the file's text and this program's code only, so a file whose size and
modification time are unchanged, or whose text has the same digest, is not read or parsed
again. Validation and every check across files (categories, boards, pictures, calendar)
still run on every build. A file that had an error is not kept: it is read again until it
is fixed.

Within one process (`board serve`) the validated fields of a file are kept too, and used
again while the file is unchanged: validating the same data with the same code can only
give the same fields.

The record is JSON, in shares (`.board-cache/content/00.json` … `15.json`, each file
in the share its path's hash names): a build after one edit rewrites one share instead of
the whole record (19 MB at 10,000 items). It sits in the project folder, and reading it
must never be able to run code. A damaged or foreign share is ignored with a one-line
note, and its files are read as on a first build.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic_core import from_json, to_json

from ..fingerprint import code_fingerprint
from ..paths import CACHE_DIR, SCAFFOLD_DIR, cache_folder
from .facts import Facts, facts_from_json, facts_of, facts_to_json
from .model import Source
from .schema import Schema

T = TypeVar("T")

FORMAT = 4
RECORD = "content"  # the folder of the record's shares, in the project's cache folder
SHARES = 16
_SINGLE_RECORD = "content.json"  # the record of earlier versions, in one file
_CODE = Path(__file__).resolve().parent
# What reads a file's text into fields: YAML and the hints `board new` leaves.
_PACKAGES = ("PyYAML", "pydantic")


@dataclass(frozen=True)
class Parsed:
    """A content file's text, read: its fields, their lines, its body."""

    data: object
    lines: Mapping[tuple, int]
    body: str = ""
    body_line: int = 1


@dataclass(frozen=True)
class LoadedFile:
    """A file as this process loaded it: validated fields, source and facts."""

    meta: Schema
    source: Source
    facts: Facts


def code_salt() -> str:
    return code_fingerprint(f"content-{FORMAT}", (_CODE, SCAFFOLD_DIR / "new"), _PACKAGES)


class ContentCache:
    """The files of the last read, by their path under the project; see the module."""

    def __init__(self, path: Path | None, salt: str = "") -> None:
        self.path = path
        self.salt = salt
        self.known: dict[str, dict] = {}
        self.seen: dict[str, dict] = {}
        self.changed: set[int] = set()  # shares where the files known differ from disk
        # Files loaded by this process, with the record entry they were loaded from.
        self.loaded: dict[str, tuple[dict, LoadedFile]] = {}
        self._paths: dict[tuple, tuple] = {}  # one ("title",) for the lines of every file
        # Items made by the last load in this process, and by this one (see `item`).
        self.items: dict[tuple, object] = {}
        self.fresh_items: dict[tuple, object] = {}
        if path is not None:
            self.known = _load(path, salt)

    @classmethod
    def of_project(cls, root: Path) -> ContentCache:
        return cls(root / CACHE_DIR / RECORD, code_salt())

    def loaded_before(self, rel: str, stat: os.stat_result) -> LoadedFile | None:
        """The file as this process loaded it last time, when it is unchanged since."""
        kept = self.loaded.get(rel)
        entry = self.known.get(rel)
        if kept is None or entry is not kept[0] or not _same_stat(entry, stat):
            return None
        self.seen[rel] = entry
        return kept[1]

    def unchanged(self, rel: str, stat: os.stat_result) -> Parsed | None:
        """The file as read before, when its size and modification time are the same."""
        entry = self.known.get(rel)
        if entry and _same_stat(entry, stat):
            return self._use(rel, entry, stat)
        return None

    def same_text(self, rel: str, stat: os.stat_result, text: str) -> Parsed | None:
        """The file as read before, when its text is the same (a touched file)."""
        entry = self.known.get(rel)
        if entry and entry.get("digest") == _digest(text):
            return self._use(rel, entry, stat)
        return None

    def remember(self, rel: str, stat: os.stat_result, text: str, parsed: Parsed) -> None:
        if not _plain(parsed.data):
            return  # not JSON as it is (a number as a key …): read it every time
        self.changed.add(share_of(rel))
        self.seen[rel] = {
            "size": stat.st_size,
            "mtime": stat.st_mtime_ns,
            "digest": _digest(text),
            "data": parsed.data,
            "lines": _written_lines(parsed.lines),
            "body": parsed.body,
            "body_line": parsed.body_line,
        }

    def text_digest(self, rel: str) -> str:
        """The digest of the file's text as read in this run; "" if it is not recorded."""
        entry = self.seen.get(rel)
        return str(entry.get("digest", "")) if entry else ""

    def facts(self, rel: str, meta: Schema, source: Source) -> Facts:
        """The file's facts as kept with it, or worked out now (and kept from now on)."""
        entry = self.seen.get(rel)
        facts = facts_from_json(entry.get("facts")) if entry else None
        if facts is None:
            facts = facts_of(meta, source)
            if entry is not None:
                entry["facts"] = facts_to_json(facts)
                self.changed.add(share_of(rel))
        return facts

    def keep(self, rel: str, loaded: LoadedFile) -> None:
        """Remember what a file kept in the record was loaded as, for this process."""
        entry = self.seen.get(rel)
        if entry is not None:
            self.loaded[rel] = (entry, loaded)

    def advance(self) -> None:
        """The files of this run become what the next run compares with (`board serve`
        keeps one cache for all its rebuilds and writes it when it stops)."""
        self.changed.update(map(share_of, self.seen.keys() ^ self.known.keys()))  # added, removed
        self.loaded = {r: k for r, k in self.loaded.items() if self.seen.get(r) is k[0]}
        self.known, self.seen = self.seen, {}
        self.items, self.fresh_items = self.fresh_items, {}

    def item(self, make: Callable[..., T], *parts: object) -> T:
        """`make(*parts)`, or the item the previous load in this process made from the
        same parts: the same strings, and the very same objects (a file's fields and
        source, kept while it is unchanged; a column's issues). A rebuild so hands the
        same objects to what compares them with the previous build's (page keys in
        site/cache.py), which then compares by identity instead of field by field. The
        kept items hold their parts, so an identity in a key is never another object's."""
        key = (make, *(_identity(part) for part in parts))
        item = self.items.get(key)
        if item is None:
            item = make(*parts)
        self.fresh_items[key] = item
        return item  # type: ignore[return-value]

    def save(self) -> None:
        """Write the shares whose files changed (a removed file is forgotten), each
        atomically."""
        if self.path is None or not self.changed:
            return
        shares: dict[int, dict[str, dict]] = {n: {} for n in self.changed}
        for rel, entry in self.known.items():
            if (share := shares.get(share_of(rel))) is not None:
                share[rel] = entry
        try:
            cache_folder(self.path.parent.parent)  # the project's, with its .gitignore
            self.path.mkdir(exist_ok=True)
            (self.path.parent / _SINGLE_RECORD).unlink(missing_ok=True)
            for number, files in shares.items():
                record = {"format": FORMAT, "salt": self.salt, "files": files}
                path = share_path(self.path, number)
                partial = path.with_name(path.name + ".partial")
                partial.write_bytes(to_json(record))  # UTF-8 JSON, as json.dumps would write it
                os.replace(partial, path)
                self.changed.discard(number)
        except OSError:
            pass  # a read-only project still builds; it reads everything next time too

    def _use(self, rel: str, entry: dict, stat: os.stat_result) -> Parsed | None:
        try:
            written = entry["lines"]
            if not (isinstance(written, str) and written[:1] == "[" and written[-1:] == "]"):
                raise TypeError("not the lines of a file")  # read lazily: see RecordedLines
            parsed = Parsed(
                entry["data"],
                RecordedLines(written, self._paths),
                str(entry["body"]),
                int(entry["body_line"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        if not _same_stat(entry, stat):
            self.changed.add(share_of(rel))  # a touched file: keep its new time
            entry = {**entry, "size": stat.st_size, "mtime": stat.st_mtime_ns}
        self.seen[rel] = entry
        return parsed


class RecordedLines(Mapping[tuple, int]):
    """The line of each field of a file kept in the record, worked out from the record's
    text when a message first asks for one: most builds ask for none, and making a table
    for each of thousands of files took a tenth of a second. A damaged text gives no
    lines (messages then name the file without a line)."""

    __slots__ = ("_lines", "_paths", "_written")

    def __init__(self, written: str, paths: dict[tuple, tuple]) -> None:
        self._written = written
        self._paths = paths  # shared by all files: the same paths repeat in each
        self._lines: dict[tuple, int] | None = None

    def _table(self) -> dict[tuple, int]:
        if self._lines is None:
            try:
                self._lines = _lines_from(json.loads(self._written), self._paths)
            except (ValueError, TypeError):
                self._lines = {}
        return self._lines

    def __getitem__(self, path: tuple) -> int:
        return self._table()[path]

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


def _lines_from(flat: list, paths: dict[tuple, tuple]) -> dict[tuple, int]:
    """The table of `_written_lines`' list."""
    lines = {}
    pairs = iter(flat)
    for path, line in zip(pairs, pairs, strict=True):
        key = (path,) if isinstance(path, str) else tuple(path)
        lines[paths.setdefault(key, key)] = int(line)
    return lines


def _identity(part: object) -> object:
    """What stands for one part of an item in `ContentCache.item`'s key."""
    if type(part) is str:
        return part
    if type(part) is tuple:
        return tuple(map(id, part))
    return id(part)


def _written_lines(lines: Mapping[tuple, int]) -> str:
    """[path, line, path, line …] as JSON text, a path of one key written as the key: the
    record holds a line for every field of every file, and a text in it is read whole,
    without making a value for each line (see `RecordedLines`)."""
    flat: list = []
    for path, line in lines.items():
        flat += [path[0] if len(path) == 1 and isinstance(path[0], str) else list(path), line]
    return json.dumps(flat, ensure_ascii=False, separators=(",", ":"))


def share_of(rel: str) -> int:
    """The share of the record that holds the file at `rel` (content/…)."""
    return zlib.crc32(rel.encode("utf-8", "surrogatepass")) % SHARES


def share_path(folder: Path, number: int) -> Path:
    return folder / f"{number:02}.json"


def _load(folder: Path, salt: str) -> dict[str, dict]:
    """The files of the record's shares; a share that is missing, or from another version
    of the program, holds none; a damaged one neither (with a note, once)."""
    if not folder.is_dir():
        return {}
    files: dict[str, dict] = {}
    damaged = False
    for number in range(SHARES):
        try:
            files.update(_share(share_path(folder, number), number, salt))
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError):
            damaged = True
    if damaged:
        print(
            f"注意：{CACHE_DIR}/{RECORD} 部分损坏，已忽略（这部分内容本次重新读取）。"
            f" / note: ignored a damaged part of {CACHE_DIR}/{RECORD}; its files are read "
            "again.",
            file=sys.stderr,
        )
    return files


def _share(path: Path, number: int, salt: str) -> dict[str, dict]:
    record = from_json(path.read_bytes())
    if record["format"] != FORMAT or record["salt"] != salt:
        return {}  # written by another version of the program: read its files again
    files = record["files"]
    if not (isinstance(files, dict) and all(isinstance(v, dict) for v in files.values())):
        raise TypeError("not a table of files")
    if any(share_of(rel) != number for rel in files):
        raise ValueError("files of another share")  # a share copied over another
    return files


def _same_stat(entry: dict, stat: os.stat_result) -> bool:
    return (entry.get("size"), entry.get("mtime")) == (stat.st_size, stat.st_mtime_ns)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _plain(value: object) -> bool:
    """JSON gives back exactly this value (string keys, finite numbers, text that UTF-8
    can hold: a YAML escape can make half a surrogate pair)."""
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, str):
        return value.isascii() or _encodes(value)
    return value is None or isinstance(value, int | bool)


def _encodes(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
