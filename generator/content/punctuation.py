"""What a Chinese input method types where YAML wants ASCII: a full-width colon after a
key (`category：停水停电`), full-width spaces for indentation, Chinese quotes around a key.

YAML reports these a line late or as some other fault; here each is named on its own line
with the fix. Pure functions over the text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A key as editors write them (ASCII names or a few Chinese characters), optionally after
# a list dash, then a full-width colon.
_FULLWIDTH_COLON = re.compile(
    r"^[ \u3000]*(?:-\s+)?([A-Za-z_][\w-]*|[\u4e00-\u9fff]{1,6})[ \u3000]*："
)
_FULLWIDTH_INDENT = re.compile(
    r"^ *\u3000[ \u3000]*(?:-\s+)?([A-Za-z_][\w-]*|[\u4e00-\u9fff]{1,6})?"
)
_QUOTED_KEY = re.compile(
    r"^\s*(?:-\s+)?[“”‘’「」]([A-Za-z_][\w-]*|[\u4e00-\u9fff]{1,6})[“”‘’「」]\s*[:：]"
)


_INPUT_METHOD_MARKS = "：\u3000“”‘’「」"


@dataclass(frozen=True)
class Slip:
    """One input-method slip: the line (1-based in the file) and what to say."""

    line: int
    key: str | None  # the key the line starts with, if any
    zh: str
    en: str


def input_method_slips(text: str, first_line: int = 1) -> list[Slip]:
    """Every line of a YAML text with a full-width colon after a key, full-width
    indentation or a key in Chinese quotes."""
    if not any(mark in text for mark in _INPUT_METHOD_MARKS):
        return []  # most files: nothing a Chinese input method slipped in
    slips = []
    for number, line in enumerate(text.split("\n"), first_line):
        if line.lstrip().startswith("#"):
            continue
        if (match := _FULLWIDTH_COLON.match(line)) and ": " not in line.split("：")[0]:
            key, value = match[1], line[match.end() :].strip() or "…"
            slips.append(
                Slip(
                    number,
                    key,
                    f"“{key}”后面的冒号是全角的“：”（中文输入法打出的）。键后面要用英文半角冒号再加一个"
                    f"空格：{key}: {value}",
                    f"the colon after '{key}' is the full-width '：' a Chinese input method types. "
                    f"Use an ASCII colon and a space: '{key}: {value}'.",
                )
            )
        elif match := _FULLWIDTH_INDENT.match(line):
            slips.append(
                Slip(
                    number,
                    match[1],
                    "行首用了全角空格（中文输入法的空格）来缩进。请删掉它们，改用英文半角空格。",
                    "the line is indented with full-width spaces (U+3000) from a Chinese input "
                    "method: use ASCII spaces.",
                )
            )
        elif match := _QUOTED_KEY.match(line):
            key = match[1]
            slips.append(
                Slip(
                    number,
                    key,
                    f"键名“{key}”不要加中文引号。请写成 {key}: …",
                    f"the key '{key}' must not be in Chinese quotes: write '{key}: …'.",
                )
            )
    return slips
