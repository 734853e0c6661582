"""Turning schema errors into messages an editor can act on."""

from __future__ import annotations

import difflib
import re
import types
import typing

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, problem
from .yamlio import YamlDoc


def field_name(loc: tuple) -> str:
    """('black', 0, 'status') → black[0].status"""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def problems_from(
    exc: ValidationError,
    model: type[BaseModel],
    shown: str,
    doc: YamlDoc,
    renamed: dict[str, str] | None = None,
) -> list[Problem]:
    """One problem per schema error, with the YAML line of the field."""
    renamed = renamed or {}
    found = []
    for error in exc.errors():
        loc = _field_path(error)
        if error["type"] == "board" and error["ctx"].get("field"):
            loc += (error["ctx"]["field"],)
        top = loc[0] if loc else None
        line_loc = (renamed.get(top, top),) + loc[1:] if top is not None else loc
        zh, en = _describe(error, model, loc)
        found.append(
            problem(shown, zh, en, line=doc.line_of(line_loc), field=field_name(loc) or None)
        )
    return found


# pydantic names the branch of a union or validator it tried: `function-after[_when(), …]`.
_UNION_TAG = re.compile(r"^[a-z][a-z-]*\[.*\]$|^(function-after|lax-or-strict)$", re.S)


def _field_path(error: ErrorDetails) -> tuple:
    """The error's path through the editor's data, without pydantic's own branch names.
    The key an unknown-field error is about is the editor's, whatever it looks like."""
    loc = tuple(error["loc"])
    keep_last = error["type"] == "extra_forbidden" and loc
    head = loc[:-1] if keep_last else loc
    path = tuple(p for p in head if not _is_union_tag(p))
    return path + loc[-1:] if keep_last else path


def _is_union_tag(part: object) -> bool:
    return isinstance(part, str) and bool(_UNION_TAG.match(part))


def _describe(error: ErrorDetails, model: type[BaseModel], loc: tuple) -> tuple[str, str]:
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if kind == "board":
        return ctx["zh"], ctx["en"]
    if kind == "missing":
        label = _description(model, loc)
        name = loc[-1] if loc else ""
        return (
            f"缺少必填字段 {name}（{label}）。请添加一行 {name}: …",
            f"the required field {name} ({label}) is missing. Add a line '{name}: …'.",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint_zh = f"是不是想写 {close[0]}？" if close else ""
        hint_en = f"Did you mean {close[0]}? " if close else ""
        listed = ", ".join(allowed)
        return (
            f"不认识的字段“{name}”。{hint_zh}可用的字段：{listed}。自己的数据请放在 extra: 下面。",
            f"unknown field '{name}'. {hint_en}Allowed fields: {listed}. Put your own data "
            "under extra:.",
        )
    shown = _short(value)
    table = {
        "string_type": ("应为文字", "should be text"),
        "int_type": ("应为整数，如 3", "should be a whole number such as 3"),
        "int_parsing": ("应为整数，如 3", "should be a whole number such as 3"),
        "int_from_float": ("应为整数，如 3", "should be a whole number such as 3"),
        "greater_than": ("应为大于 0 的整数", "should be a whole number above 0"),
        "list_type": (
            "应为列表：每项单独一行，以“- ”开头",
            "should be a list: one item a line, each starting with '- '",
        ),
        "dict_type": (
            "应为若干“键: 值”（缩进写在下一行）",
            "should be a mapping of 'key: value' lines, indented below",
        ),
        "model_type": (
            "应为若干“键: 值”（缩进写在下一行）",
            "should be a mapping of 'key: value' lines, indented below",
        ),
        "model_attributes_type": (
            "应为若干“键: 值”（缩进写在下一行）",
            "should be a mapping of 'key: value' lines, indented below",
        ),
        "bool_type": ("应为 true 或 false", "should be true or false"),
        "bool_parsing": ("应为 true 或 false", "should be true or false"),
    }
    if kind == "too_short":
        return "不能为空，至少写一项。", "must not be empty: give at least one item."
    if kind == "literal_error":
        choices = ctx.get("expected", "").replace("'", "").replace(" or ", "、").replace(", ", "、")
        return (
            f"“{shown}”不是可选值。可选：{choices}。",
            f"'{shown}' is not one of the choices: {choices}.",
        )
    if kind in table:
        zh, en = table[kind]
        return f"{zh}，而不是“{shown}”。", f"{en}, not '{shown}'."
    return (f"值“{shown}”无效：{error['msg']}。", f"invalid value '{shown}': {error['msg']}.")


def _short(value: object) -> str:
    if isinstance(value, dict):
        return "键: 值 / mapping"
    if isinstance(value, list):
        return "列表 / list"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    if isinstance(annotation, types.UnionType):
        for arg in annotation.__args__:
            found = _model_in(arg)
            if found:
                return found
    return None


def _walk(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
    return current


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    found = _walk(model, loc)
    return list(found.model_fields) if found else []


def _description(model: type[BaseModel], loc: tuple) -> str:
    parent = _walk(model, loc[:-1])
    info = parent.model_fields.get(loc[-1]) if parent and loc else None
    return (info.description or "") if info else ""
