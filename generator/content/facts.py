"""What a content file decides on its own about its public view: the full personal
numbers it must be warned about, its text masked, its summary, the files under content/ it
uses.

None of these depends on the build date or on any other file, only on the file's text and
this program, so they are worked out once per text (`Facts`) and kept with the file in the
content record (content/cache.py). Statuses, schedules, black-list retention and every
check across files are still decided on every build (snapshot.py, checks.py).
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import Problem, problem
from .fields import PATH_FIELDS, field_of, leaves, path_values
from .model import Source
from .privacy import find_sensitive, mask_text
from .schema import Schema
from .validation import field_labels, field_name

ModelT = TypeVar("ModelT", bound=BaseModel)


KIND_ZH = {"mobile": "手机号", "id": "身份证号"}
KIND_EN = {"mobile": "mobile number", "id": "ID number"}
FIX_ZH = {"mobile": "如不需公开，请删去或改用座机。", "id": "身份证号不应公开，请删去。"}
FIX_EN = {
    "mobile": "Remove it or use a landline if it need not be public.",
    "id": "ID numbers should not be published: remove it.",
}


def sensitive_numbers(meta: BaseModel, source: Source) -> list[Problem]:
    """A warning for each full mobile or ID number in the fields and body of a file."""
    found = []
    for loc, text in _texts(meta):
        for finding in find_sensitive(text):
            found.append(
                _privacy_warning(
                    source,
                    finding,
                    field_name(loc),
                    source.lines.get(loc) or source.line_of(loc[0]),
                    field_labels(type(meta), loc),
                )
            )
    for number, line in enumerate(source.body.split("\n")):
        for finding in find_sensitive(line):
            found.append(_privacy_warning(source, finding, "正文/body", source.body_line + number))
    return found


def _privacy_warning(
    source: Source,
    finding,
    field: str,
    line: int | None,
    labels: tuple[str | None, str | None] = (None, None),
) -> Problem:
    zh_kind, en_kind = KIND_ZH[finding.kind], KIND_EN[finding.kind]
    return problem(
        source.shown,
        f"含有完整的{zh_kind}，公开时显示为 {finding.masked}。{FIX_ZH[finding.kind]}",
        f"contains a full {en_kind}; it is published as {finding.masked}. {FIX_EN[finding.kind]}",
        line=line,
        field=field,
        level="warning",
        labels=labels,
    )


def _texts(model: BaseModel) -> list[tuple[tuple, str]]:
    return [
        (loc, value)
        for loc, value in leaves(model)
        if isinstance(value, str) and field_of(loc) not in PATH_FIELDS
    ]


def mask_model(model: ModelT) -> ModelT:
    """The model with every text field masked (path fields and free `extra` data stay)."""
    updates = {}
    for name in type(model).model_fields:
        if name in PATH_FIELDS or name == "extra":
            continue
        value = getattr(model, name)
        masked = _mask_value(value)
        if masked is not value:
            updates[name] = masked
    return model.model_copy(update=updates) if updates else model


def _mask_value(value):
    if isinstance(value, str):
        masked = mask_text(value)
        return value if masked == value else masked
    if isinstance(value, BaseModel):
        return mask_model(value)
    if isinstance(value, list):
        return [_mask_value(v) for v in value]
    return value


def summary_of(markdown: str, limit: int | None = 120) -> str:
    """Plain text of the first paragraphs, for lists, feeds and meta descriptions; the
    whole text with `limit=None`."""
    text = re.sub(r"<(script|style)\b.*?</\1\s*>", "", markdown, flags=re.S | re.I)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"^\s*\|?[\s|:-]*-{3,}[\s|:-]*$", "", text, flags=re.M)  # table rules
    # Block markers at the start of a line (headings, quotes, list bullets and numbers);
    # a number that starts a sentence (2026年…, 3月5日…) stays.
    text = re.sub(r"^\s*(?:#{1,6}|>+|[-*+]|\d{1,3}[.)、])\s+|^\s*[|>]+\s*", "", text, flags=re.M)
    # Emphasis marks go; the stars of a masked number (138****5678) stay.
    text = re.sub(r"(?<=[0-9A-Za-z·])(\*{2,})(?=[0-9Xx])", lambda m: "\0" * len(m[1]), text)
    text = re.sub(r"[*_`|]+", "", text).replace("\0", "*")
    text = re.sub(r"\s+", " ", text).strip()
    return text if limit is None or len(text) <= limit else text[: limit - 1] + "…"


ASSET_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")


def asset_references(meta: Schema, source: Source) -> set[str]:
    """Paths under content/ an item uses: its path fields and links in its body."""
    found = {value for _, value in path_values(meta)}
    base = posixpath.dirname(source.src_uri)
    for target in ASSET_LINK.findall(source.body):
        if "://" not in target and not target.startswith(("#", "/", "mailto:")):
            found.add(posixpath.normpath(posixpath.join(base, target.split("#")[0])))
    return found


@dataclass(frozen=True)
class Facts:
    """One file's share of the public view, the same on every build of its text."""

    warnings: tuple[Problem, ...]  # full mobile and ID numbers in its fields and body
    summary: str  # of its masked body, for lists, feeds and meta descriptions
    assets: frozenset[str]  # files under content/ it uses
    has_numbers: bool  # masking changes its text: its public copy is made on every build


def facts_of(meta: Schema, source: Source) -> Facts:
    """Work the facts out from the file's validated fields and body."""
    body = mask_text(source.body)
    return Facts(
        tuple(sensitive_numbers(meta, source)),
        summary_of(body),
        frozenset(asset_references(meta, source)),
        body != source.body or mask_model(meta) != meta,
    )


def facts_to_json(facts: Facts) -> dict[str, Any]:
    return {
        "warnings": [dataclasses.asdict(w) for w in facts.warnings],
        "summary": facts.summary,
        "assets": sorted(facts.assets),
        "has_numbers": facts.has_numbers,
    }


def facts_from_json(value: Any) -> Facts | None:
    """The facts as kept in the record, or None when they are missing or damaged."""
    try:
        facts = Facts(
            tuple(Problem(**w) for w in value["warnings"]),
            value["summary"],
            frozenset(value["assets"]),
            value["has_numbers"],
        )
    except (KeyError, TypeError, ValueError):
        return None
    plain = isinstance(facts.summary, str) and isinstance(facts.has_numbers, bool)
    return facts if plain and all(isinstance(a, str) for a in facts.assets) else None


class FactsBook:
    """The facts of the files of one load, found again by the item read from each file.
    An item made any other way (changed after loading, say) gets its facts worked out."""

    def __init__(self) -> None:
        self._by_file: dict[str, tuple[Schema, Source, Facts]] = {}

    def add(self, meta: Schema, source: Source, facts: Facts) -> None:
        self._by_file[source.shown] = (meta, source, facts)

    def kept(self, item: Any) -> Facts | None:
        """The facts of exactly this item's fields and source, if the load kept them."""
        found = self._by_file.get(item.source.shown)
        if found and found[0] is item.meta and found[1] is item.source:
            return found[2]
        return None

    def of(self, item: Any) -> Facts:
        return self.kept(item) or facts_of(item.meta, item.source)
