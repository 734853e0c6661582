"""The hints `board new` writes into a new file, like （在这里写通知正文。）: until an editor
replaces them the item is not ready, and they must never be published."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel

from ..paths import SCAFFOLD_DIR
from .fields import PATH_FIELDS, field_of, leaves

_HINT = re.compile(r"（[^（）\n]{1,40}）")


@functools.cache
def placeholders() -> frozenset[str]:
    """Every bracketed hint in the templates of `board new`."""
    found: set[str] = set()
    for template in sorted((SCAFFOLD_DIR / "new").iterdir()):
        found.update(_HINT.findall(template.read_text(encoding="utf-8")))
    return frozenset(found)


def placeholders_in(meta: BaseModel, body: str) -> list[tuple[tuple | None, int | None, str]]:
    """(field path or None for the body, line within the body or None, hint) for each
    hint still in the fields or the body."""
    hints = placeholders()
    found: list[tuple[tuple | None, int | None, str]] = []
    for loc, value in leaves(meta):
        if isinstance(value, str) and field_of(loc) not in PATH_FIELDS:
            found += [(loc, None, hint) for hint in hints if hint in value]
    for number, line in enumerate(body.split("\n")):
        found += [(None, number, hint) for hint in sorted(hints) if hint in line]
    return found
