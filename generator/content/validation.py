"""Turning schema errors into messages an editor can act on."""

from __future__ import annotations

import difflib
import re
import typing

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import Problem, problem
from .yamlio import YamlDoc

# A list position as editors count it, in each language.
ITEM_WORDS = {
    "applicants": ("第{n}位申报对象", "applicant {n}"),
    "red": ("红榜第{n}条", "red list entry {n}"),
    "black": ("黑榜第{n}条", "black list entry {n}"),
    "attachments": ("第{n}个附件", "attachment {n}"),
    "tags": ("第{n}个标签", "tag {n}"),
    "categories": ("第{n}个分类", "category {n}"),
    "boards": ("第{n}块展板", "board {n}"),
    "holidays": ("第{n}个放假日期", "holiday {n}"),
    "workdays": ("第{n}个调休上班日期", "make-up working day {n}"),
    "publish": ("第{n}个发布目标", "publish target {n}"),
}


def field_labels(model: type[BaseModel], loc: tuple) -> tuple[str | None, str | None]:
    """('applicants', 0, 'summary') → ('第1位申报对象的简要事迹', 'applicant 1 › summary'),
    counting from 1; (None, None) for a path without a list position, which reads well
    as it is (`period.end`)."""
    if not any(isinstance(part, int) for part in loc):
        return None, None
    zh_parts: list[str] = []
    en_parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int) or _is_tag(model, loc[:index], part):
            continue
        following = loc[index + 1] if index + 1 < len(loc) else None
        label = _description(model, loc[: index + 1]).partition(" / ")[0] or str(part)
        if isinstance(following, int):
            zh_form, en_form = ITEM_WORDS.get(str(part), (label + "第{n}项", str(part) + " {n}"))
            zh_parts.append(zh_form.format(n=following + 1))
            en_parts.append(en_form.format(n=following + 1))
        else:
            zh_parts.append(label)
            en_parts.append(str(part))
    return "的".join(zh_parts), " › ".join(en_parts)


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
        tagged = _field_path(error)
        if error["type"] == "board" and error["ctx"].get("field"):
            tagged += (error["ctx"]["field"],)
        loc = _untagged(model, tagged)
        top = loc[0] if loc else None
        line_loc = (renamed.get(top, top),) + loc[1:] if top is not None else loc
        zh, en = _describe(error, model, tagged)
        found.append(
            problem(
                shown,
                zh,
                en,
                line=doc.line_of(line_loc),
                field=field_name(loc) or None,
                labels=field_labels(model, tagged),
            )
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
    examples = _examples(model, loc)
    if kind == "missing":
        label = _description(model, loc)
        name = loc[-1] if loc else ""
        zh_label, _, en_label = label.partition(" / ")
        example = examples[0] if examples else f"{name}: …"
        others_zh = f"（也可以写：{'；'.join(examples[1:])}）" if len(examples) > 1 else ""
        others_en = f" (or: {'; '.join(examples[1:])})" if len(examples) > 1 else ""
        return (
            f"缺少必填字段 {name}（{zh_label}）。请添加一行，如 {example}{others_zh}",
            f"the required field {name} ({en_label or zh_label}) is missing. Add a line such "
            f"as '{example}'{others_en}.",
        )
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint_zh = f"是不是想写 {close[0]}？" if close else ""
        hint_en = f"Did you mean {close[0]}? " if close else ""
        listed = ", ".join(allowed)
        where_zh, where_en = (
            (" extra: 下面", "under extra:")
            if "extra" in allowed
            else (" extra: 下面（文件最上层）", "under extra: at the top of the file")
        )
        return (
            f"不认识的字段“{name}”。{hint_zh}可用的字段：{listed}。自己的数据请放在{where_zh}。",
            f"unknown field '{name}'. {hint_en}Allowed fields: {listed}. Put your own data "
            f"{where_en}.",
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
        if examples and kind in ("dict_type", "model_type", "model_attributes_type", "list_type"):
            return (
                f"{zh}，而不是“{shown}”。可以写成：{'；'.join(examples)}",
                f"{en}, not '{shown}'. For example: {'; '.join(examples)}",
            )
        return f"{zh}，而不是“{shown}”。", f"{en}, not '{shown}'."
    return (f"值“{shown}”无效：{error['msg']}。", f"invalid value '{shown}': {error['msg']}.")


def _short(value: object) -> str:
    if isinstance(value, dict):
        return "键: 值 / mapping"
    if isinstance(value, list):
        return "列表 / list"
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _models_in(annotation: object) -> list[type[BaseModel]]:
    """The schemas a field holds: one, or each member of a union (`publish:` targets)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += [m for m in _models_in(arg) if m not in found]
    return found


def _resolve(
    model: type[BaseModel], loc: tuple
) -> tuple[type[BaseModel] | None, list[type[BaseModel]]]:
    """The schema at `loc`, and the members of the union it comes from; the `type` a
    union member is tagged with (pydantic puts it in the path: publish.0.folder) picks it."""
    current: type[BaseModel] | None = model
    members: list[type[BaseModel]] = []
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        tagged = _member_tagged(members, part)
        if tagged is not None:
            current, members = tagged, []
            continue
        info = current.model_fields.get(part)
        members = _models_in(info.annotation) if info else []
        current = members[0] if members else None
    return current, members


def _member_tagged(members: list[type[BaseModel]], part: object) -> type[BaseModel] | None:
    if len(members) < 2 or not isinstance(part, str):
        return None
    for member in members:
        info = member.model_fields.get("type")
        if info and typing.get_args(info.annotation) == (part,):
            return member
    return None


def _is_tag(model: type[BaseModel], head: tuple, part: object) -> bool:
    return _member_tagged(_resolve(model, head)[1], part) is not None


def _untagged(model: type[BaseModel], loc: tuple) -> tuple:
    """The path as the editor wrote it, without a union member's tag."""
    return tuple(part for n, part in enumerate(loc) if not _is_tag(model, loc[:n], part))


def _walk(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    return _resolve(model, loc)[0]


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    found = _walk(model, loc)
    return list(found.model_fields) if found else []


def _examples(model: type[BaseModel], loc: tuple) -> list[str]:
    """The `examples` of the field at `loc`: the lines an editor can copy."""
    parent = _walk(model, loc[:-1])
    info = parent.model_fields.get(loc[-1]) if parent and loc else None
    return [str(e) for e in (info.examples or [])] if info else []


def _description(model: type[BaseModel], loc: tuple) -> str:
    parent = _walk(model, loc[:-1])
    info = parent.model_fields.get(loc[-1]) if parent and loc else None
    return (info.description or "") if info else ""
