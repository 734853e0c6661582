"""Field types shared by every schema: dates, sizes, booleans, tags and asset paths.

Each raises a `board` error carrying the Chinese and English text the editor reads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, get_args

from pydantic import BaseModel, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from .dates import DateFault, When, parse_when
from .sizes import PaperSize, parse_size


def board_error(zh: str, en: str, field: str | None = None) -> PydanticCustomError:
    """A validation error whose text we wrote ourselves, in both languages; `field` names
    the key a whole-model rule is about."""
    return PydanticCustomError("board", "{en}", {"zh": zh, "en": en, "field": field})


def _when(value: Any) -> When:
    if isinstance(value, When):
        return value
    try:
        return parse_when(value)
    except DateFault as fault:
        raise board_error(fault.zh, fault.en) from None


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    try:
        return parse_when(value, allow_time=False).day
    except DateFault as fault:
        raise board_error(fault.zh, fault.en) from None


def _size(value: Any) -> PaperSize:
    if isinstance(value, PaperSize):
        return value
    try:
        return parse_size(value)
    except ValueError as exc:
        zh, en = str(exc).split("|")
        raise board_error(zh, en) from None


_TRUE = {"true", "yes", "是", "对", "1"}
_FALSE = {"false", "no", "否", "不", "0"}


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise board_error(
        f"应为 true 或 false（也可写 是 / 否），而不是“{value}”。",
        f"should be true or false, not '{value}'.",
    )


def _tags(value: Any) -> Any:
    if isinstance(value, str):
        return [t for t in re.split(r"[,，、\s]+", value) if t]
    return value


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if not value:
            raise board_error("不能为空，请填写内容。", "must not be empty.")
    return value


def _asset(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip().replace("\\", "/")
        if not value:
            raise board_error("路径不能为空。", "the path must not be empty.")
        if value.startswith("/") or re.match(r"^[A-Za-z]:", value) or "://" in value:
            raise board_error(
                f"路径“{value}”必须是相对于 content/ 的路径，如 assets/seal.png。",
                f"the path '{value}' must be relative to content/, e.g. assets/seal.png.",
            )
    return value


WhenValue = Annotated[When, BeforeValidator(_when)]
DateValue = Annotated[date, BeforeValidator(_date)]
SizeValue = Annotated[PaperSize, BeforeValidator(_size)]
Flag = Annotated[bool, BeforeValidator(_bool)]
Text = Annotated[str, BeforeValidator(_text)]
Tags = Annotated[list[Text], BeforeValidator(_tags)]
AssetPath = Annotated[str, BeforeValidator(_asset)]
Extra = Annotated[
    dict[str, Any],
    Field(default_factory=dict, description="自定义数据，不做检查 / free data, not checked"),
]


PATH_FIELDS = frozenset({"photo", "seal", "cover", "attachments"})


def leaves(model: BaseModel, loc: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every plain value of a model with its path, descending into nested models and lists."""
    for name in type(model).model_fields:
        value, here = getattr(model, name), loc + (name,)
        if isinstance(value, BaseModel):
            yield from leaves(value, here)
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, BaseModel):
                    yield from leaves(entry, here + (index,))
                else:
                    yield here + (index,), entry
        else:
            yield here, value


def field_of(loc: tuple) -> str:
    """The key a path ends in: ('attachments', 0) → 'attachments'."""
    return next(part for part in reversed(loc) if isinstance(part, str))


def path_values(model: BaseModel, loc: tuple = ()) -> list[tuple[tuple, str]]:
    """Every (path, value) of photo, seal, attachments and cover. Only the fields whose
    type can hold one are visited: this runs for every item of a large site."""
    found = []
    for name in _path_holders(type(model)):
        value, here = getattr(model, name), loc + (name,)
        values = value if isinstance(value, list) else [value]
        for index, entry in enumerate(values):
            at = here + (index,) if isinstance(value, list) else here
            if isinstance(entry, BaseModel):
                found += path_values(entry, at)
            elif isinstance(entry, str) and name in PATH_FIELDS:
                found.append((at, entry))
    return found


@functools.cache
def _path_holders(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that are path fields or may contain one."""
    return tuple(
        name
        for name, info in model.model_fields.items()
        if name in PATH_FIELDS or any(_path_holders(m) for m in _models_in(info.annotation))
    )


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]
