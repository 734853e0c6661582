"""The form of each content kind, read from the same pydantic schema that validates files,
and the way back from a posted form to the data a file holds. Pure functions.

Field names in forms are the paths `board check` names in its messages
(`applicants[0].summary`, `period.end`), so a problem lands beside its field."""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ..content.config import SiteConfig
from ..content.dates import period_from_text
from ..content.fields import AssetPath, DateValue, Flag, Tags, WhenValue
from ..content.kinds import NOTICE, Kind
from ..content.schema import Period

# Kept by the file as written, not shown: `extra:` is the site's own, and the revisions of
# a notice are added by the editor itself when it saves during the 公示期.
KEPT_AS_WRITTEN = frozenset({"extra", "revisions"})
# Free text that runs to sentences: a textarea, not a line.
LONG_TEXT = frozenset({"reason", "summary", "description"})
Widget = Literal[
    "text", "textarea", "date", "when", "number", "flag", "select", "tags", "asset", "assets",
    "group", "rows", "period",
]  # fmt: skip


@dataclass(frozen=True)
class FormField:
    """One input (or group of inputs) of a form."""

    name: str  # the key in the file
    label: str  # Chinese, from the schema's description
    widget: Widget
    required: bool = False
    example: str = ""  # shown under the field: how a value looks in the file
    choices: tuple[str, ...] = ()
    children: tuple[FormField, ...] = field(default=())


def form_fields(kind: Kind, config: SiteConfig) -> tuple[FormField, ...]:
    """Every field of `kind` in schema order, but those KEPT_AS_WRITTEN."""
    return _fields(kind.schema, config)


def _fields(model: type[BaseModel], config: SiteConfig) -> tuple[FormField, ...]:
    return tuple(
        _field(name, info, config)
        for name, info in model.model_fields.items()
        if name not in KEPT_AS_WRITTEN
    )


def _field(name: str, info: FieldInfo, config: SiteConfig) -> FormField:
    label = (info.description or name).partition(" / ")[0]
    example = str(info.examples[0]) if info.examples else ""
    required = info.is_required()
    declared = _declared(info)
    base = _base(declared)

    def made(widget: Widget, **more: Any) -> FormField:
        return FormField(name, label, widget, required, example, **more)

    alias = next((widget for kind, widget in VALUE_WIDGETS if declared == kind), None)
    if alias is not None:
        return made(alias)
    if base is Period:
        return made("period", children=_fields(Period, config))
    if isinstance(base, type) and issubclass(base, BaseModel):
        return made("group", children=_fields(base, config))
    if typing.get_origin(base) is list:
        (inner,) = typing.get_args(base)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return made("rows", children=_fields(inner, config))
        if inner == AssetPath:
            return made("assets")
    if typing.get_origin(base) is Literal:
        return made("select", choices=typing.get_args(base))
    if name == "category":
        return made("select", choices=tuple(config.categories))
    if name == "board":
        return made("select", choices=tuple(b.id for b in config.boards))
    if base is int:
        return made("number")
    return made("textarea" if name in LONG_TEXT else "text")


# How a choice the file spells in English reads in the form.
CHOICE_LABELS = {"person": "个人", "shop": "商户", "unit": "单位", "vehicle": "车辆"}


def new_values(kind: Kind, config: SiteConfig, day: date, issue: int | None) -> dict[str, str]:
    """What a new item's form starts with: today's dates, the usual 5 working days of a
    公示期, the community's own phone for objections, the column's next issue number."""
    today = day.isoformat()
    values = {name: today for name in ("date", "issued", "published")}
    values |= {"period.start": today, "period.workdays": "5", "period.length": "workdays"}
    if config.community.phone:
        values["contact.phone"] = config.community.phone
    if issue is not None:
        values["issue"] = str(issue)
    names = {f.name for f in form_fields(kind, config)}
    return {k: v for k, v in values.items() if k.partition(".")[0] in names}


# The project's value types (content/fields.py) and the input each one gets.
VALUE_WIDGETS: tuple[tuple[Any, Widget], ...] = (
    (WhenValue, "when"),
    (DateValue, "date"),
    (Flag, "flag"),
    (Tags, "tags"),
    (AssetPath, "asset"),
)


def _declared(info: FieldInfo) -> Any:
    """The field's type as the schema spells it (pydantic keeps a required field's
    `Annotated` parts apart, in `metadata`), without `| None`."""
    annotation: Any = info.annotation
    if info.metadata:
        annotation = typing.Annotated[(annotation, *info.metadata)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _base(annotation: Any) -> Any:
    """`Annotated[int, Gt(0)]` (PositiveInt) → int: constraints do not change the input."""
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def form_values(data: dict, kind: Kind | None = None) -> dict[str, str]:
    """A file's data as the flat values a form shows: `{"period.start": "2026-11-23"}`.
    A 公示期 written as one line (`2026年11月23日起5个工作日`) is shown in its parts; a
    红黑榜's period (`2026年11月`) is plain text and stays one value."""
    flat: dict[str, str] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for index, inner in enumerate(value):
                walk(inner, f"{path}[{index}]")
        elif isinstance(value, list):
            flat[path] = (
                "\n".join(str(v) for v in value)
                if path.endswith("attachments")
                else ("，".join(str(v) for v in value))
            )
        elif isinstance(value, bool):
            flat[path] = "true" if value else ""
        elif value is not None:
            flat[path] = str(value)

    shown = dict(data)
    if isinstance(shown.get("period"), str) and kind in (None, NOTICE):
        shown["period"] = period_from_text(shown["period"]) or {"start": shown["period"]}
    walk(shown, "")
    return flat


_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def data_from_form(
    fields: tuple[FormField, ...], posted: dict[str, str], before: dict | None = None
) -> dict:
    """The data a file should hold after a form is posted. Empty inputs leave their key
    out, unless the file had that key before (a person wrote `pinned: false` on purpose);
    rows left wholly empty are dropped; a 公示期 keeps only the length the form chose."""
    before = before or {}
    nested: dict = {}
    for name, raw in posted.items():
        parts = [int(i) if i else key for key, i in _PART.findall(name)]
        if not parts or not isinstance(parts[0], str):
            continue
        _put(nested, parts, raw.strip() if isinstance(raw, str) else raw)
    data = _typed(fields, nested, before)
    shown = {f.name for f in fields}
    data.update((k, v) for k, v in before.items() if k not in shown)
    return data


def _put(target: Any, parts: list, value: str) -> None:
    """Rows are kept as {index: row} until typed, so a gap (a row removed) is harmless."""
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def _typed(fields: tuple[FormField, ...], values: dict, before: dict) -> dict:
    out: dict = {}
    for spec in fields:
        raw = values.get(spec.name)
        value = _value(spec, raw, before.get(spec.name))
        if _empty(value) and not (spec.widget == "flag" and spec.name in before):
            continue  # left empty, or cleared: the key goes
        out[spec.name] = value
    return out


def _value(spec: FormField, raw: Any, before: Any) -> Any:
    if spec.widget == "flag":
        return raw in ("true", "on", "1")
    if spec.widget in ("group", "period"):
        inner = _typed(spec.children, raw if isinstance(raw, dict) else {}, _mapping(before))
        if spec.widget == "period":
            inner = _one_length(inner, raw if isinstance(raw, dict) else {})
        return inner
    if spec.widget == "rows":
        rows = raw if isinstance(raw, dict) else {}
        earlier = before if isinstance(before, list) else []
        kept = []
        for index in sorted(k for k in rows if isinstance(k, int)):
            old = (
                earlier[index] if index < len(earlier) and isinstance(earlier[index], dict) else {}
            )
            row = _typed(spec.children, rows[index], old)
            if row:
                kept.append(row)
        return kept
    if not isinstance(raw, str):
        return None
    if spec.widget == "tags":
        return [t for t in re.split(r"[,，、;；\s]+", raw) if t]
    if spec.widget == "assets":
        return [line.strip() for line in raw.splitlines() if line.strip()]
    if spec.widget == "number" and raw.isdigit():
        return int(raw)
    return raw


def _one_length(period: dict, raw: dict) -> dict:
    """The form offers end, working days and calendar days; the file keeps the chosen one."""
    chosen = raw.get("length")
    if chosen in ("end", "workdays", "days"):
        return {k: v for k, v in period.items() if k == "start" or k == chosen}
    return period


def _mapping(value: Any) -> dict:
    if isinstance(value, str):
        return period_from_text(value) or {}
    return value if isinstance(value, dict) else {}


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False
