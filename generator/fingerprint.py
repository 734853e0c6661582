"""Digests of the code and templates that make an output, and of the objects it is drawn
from, so what was made before is reused only while they are unchanged (content read in
content/cache.py, pages in site/cache.py, prints in print/keys.py)."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import operator
from collections.abc import Callable, Iterable
from datetime import date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel

SOURCE_SUFFIXES = (".py", ".html", ".js", ".css")


def code_fingerprint(prefix: str, folders: Iterable[Path], packages: Iterable[str]) -> str:
    """`prefix`, the versions of `packages` and every source file under `folders` (by
    path, size and modification time: cheap enough for every build)."""
    versions = "|".join(version(name) for name in packages)
    digest = hashlib.sha256(f"{prefix}|{versions}".encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


class Digests:
    """Digests of the objects an output is drawn from (a page, a print). A frozen
    dataclass object or content model (an entry, an item, a badge …) is digested once,
    from the fields its
    repr shows, and its digest stands for it wherever it appears again. Such objects are
    known by identity and kept alive here, so a digest can never be taken for another
    object's; keep one instance for one build. Objects that may still change are
    digested afresh each time."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}

    def of(self, value) -> bytes:
        """The digest of `value`: any mix of dataclasses, lists, tuples, sets and values
        whose repr shows what they hold (pydantic models, dates, strings …)."""
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
        digest (bytes, which no other part's repr looks like), a sequence's parts, a
        set's parts in a fixed order, or the value itself."""
        kind = type(value)
        if kind in _PLAIN:
            return value
        shown = _shown_fields(kind)
        if shown is not None:
            return self._object(value, shown)
        if kind is list or kind is tuple:
            return [v if type(v) in _PLAIN else self._part(v) for v in value]
        if kind is set or kind is frozenset:
            return ("set", *sorted(repr(self._part(v)) for v in value))  # no other part is a tuple
        return value


_PLAIN = frozenset({str, int, float, bool, type(None), date, datetime})


class _Shown(NamedTuple):
    values: Callable[[object], tuple]  # the values of the fields its repr shows
    frozen: bool


@functools.cache
def _shown_fields(kind: type) -> _Shown | None:
    """How to read a dataclass or a content model: the fields its repr shows (the others,
    like a file's line numbers, are never shown) and whether it is frozen; None for other
    types. Content models are read field by field rather than through their repr, which
    costs pydantic several times more."""
    if dataclasses.is_dataclass(kind):
        names = [f.name for f in dataclasses.fields(kind) if f.repr]
        frozen = kind.__dataclass_params__.frozen  # type: ignore[attr-defined]
    elif issubclass(kind, BaseModel) and kind.model_config.get("extra") != "allow":
        names = [name for name, f in kind.model_fields.items() if f.repr]
        frozen = bool(kind.model_config.get("frozen"))
    else:
        return None
    getter = operator.attrgetter(*names) if names else (lambda value: ())
    values = getter if len(names) != 1 else (lambda value: (getter(value),))
    if hasattr(kind, "digest_stand_ins"):
        return _Shown(_with_stand_ins(values, names), frozen)
    return _Shown(values, frozen)


def _with_stand_ins(values: Callable[[object], tuple], names: list[str]) -> Callable:
    """`values`, with what an object's `digest_stand_ins()` gives (by field name) in
    place of those fields: a short value that changes whenever they do (an item's
    fields, read from its file, are stood in for by the digest of the file's text)."""
    index = {name: n for n, name in enumerate(names)}

    def shown(value) -> tuple | list:
        found = values(value)
        stand_ins = value.digest_stand_ins()
        if not stand_ins:
            return found
        replaced = list(found)
        for name, stand_in in stand_ins.items():
            replaced[index[name]] = stand_in
        return replaced

    return shown
