"""The help under each form field, taken from the editors' guide (docs/guide.md): one
text for the file and the form, written once, in the words staff already read."""

from __future__ import annotations

import functools
import re
from typing import Any

from ..content.kinds import COLUMN, ISSUE, KINDS, Kind
from ..paths import GUIDE_FILE

_CHAPTER = re.compile(r"^## \d+\..*（content/([^/）]+)/")
_ROW = re.compile(r"^\| (`[^|]+?)(?:（[^|]*）)? \| [^|]* \| ([^|]+) \|")
_LIST = re.compile(r"`(\w+):`")  # **红榜每一项（`red:` 下面的 `- `）：**


@functools.cache
def field_help() -> dict[tuple[str, str], str]:
    """(kind name, field path without list positions: "applicants.name") → what it means.
    Empty when the guide is not installed beside the program."""
    if not GUIDE_FILE.is_file():
        return {}
    found: dict[tuple[str, str], str] = {}
    kind: Kind[Any] | None = None
    within = ""  # the list a table describes the rows of: red, black
    for line in GUIDE_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            kind, within = _chapter_kind(line), ""
        elif line.startswith("### ") and kind in (COLUMN, ISSUE):
            # The columns chapter describes column.yml first, then each issue.
            kind = COLUMN if "column.yml" in line else ISSUE
        elif line.startswith("**"):
            listed = _LIST.search(line)
            within = listed[1] if listed else ""
        elif kind is not None and (row := _ROW.match(line)):
            path = ".".join(re.findall(r"`([\w.]+)`", row[1]))
            key = (kind.name, f"{within}.{path}" if within else path)
            found.setdefault(key, row[2].replace("`", "").strip())
    return found


def _chapter_kind(heading: str) -> Kind[Any] | None:
    match = _CHAPTER.match(heading)
    if match is None:
        return None
    return next((k for k in KINDS if k.folder == match[1] and k is not ISSUE), None)


def help_for(kind: Kind[Any], name: str) -> str:
    """The guide's words for the form field `name` (`applicants[0].summary`)."""
    return field_help().get((kind.name, re.sub(r"\[\d+\]|\[__i__\]", "", name)), "")
