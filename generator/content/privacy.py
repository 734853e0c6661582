"""Masking rules for public output: black-list names, plates, mobiles and ID numbers.

Every function is pure and idempotent: masking masked text changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 "
    "南宫 独孤 端木 西门 百里 呼延 东郭 澹台 公冶 太史 申屠 赫连 万俟 拓跋 第五 单于 "
    "濮阳 淳于 仲孙 太叔 宗政 公羊 司空 亓官 司寇 左丘 谷梁 梁丘 段干 巫马 公西 漆雕 "
    "乐正 壤驷 公良 拓跋 夹谷 宰父 羊舌 微生 东门 南门 鲜于 闾丘 子车 颛孙 司徒".split()
)
RESIDENT_WORDS = ("住户", "居民", "业主", "租户")

# A mainland mobile: 1[3-9] and nine more digits, optionally grouped 3-4-4 by a space or
# dash, not part of a longer digit run (so landlines like 0731-85123456 stay).
MOBILE = re.compile(r"(?<![\d*])(1[3-9]\d)([ -]?)(\d{4})\2(\d{4})(?![\d*])")
# An 18-character resident ID: 17 digits and a check digit or X. Any such run is masked,
# valid or not: on a public board, privacy wins over an order number.
ID_NUMBER = re.compile(r"(?<![\dA-Za-z*])(\d{6})(\d{8})(\d{3}[\dXx])(?![\dA-Za-z*])")
PLATE = re.compile(r"^(?P<head>[\u4e00-\u9fff][A-Z])(?P<sep>[·•・.\s-]?)(?P<tail>[A-Z0-9*]{5,6})$")


@dataclass(frozen=True)
class Finding:
    """A raw number found in text: what it was as masked, and which kind."""

    kind: str  # "mobile" | "id"
    masked: str


def mask_text(text: str) -> str:
    """Mask every mobile number and ID number in any text."""
    if not text:
        return text
    text = ID_NUMBER.sub(lambda m: m[1] + "*" * 8 + m[3][-4:], text)
    return MOBILE.sub(lambda m: f"{m[1]}{m[2]}****{m[2]}{m[4]}", text)


def find_sensitive(text: str) -> list[Finding]:
    """The numbers `mask_text` would hide, for `board check` warnings."""
    if not text:
        return []
    found = [Finding("id", m[1] + "*" * 8 + m[3][-4:]) for m in ID_NUMBER.finditer(text)]
    stripped = ID_NUMBER.sub("", text)
    found += [Finding("mobile", f"{m[1]}****{m[4]}") for m in MOBILE.finditer(stripped)]
    return found


def split_resident(subject: str) -> tuple[str, str]:
    """12栋住户孙建军 → ('12栋住户', '孙建军'): a location prefix stays public."""
    subject = subject.strip()
    cut = max((subject.rfind(w) + len(w) for w in RESIDENT_WORDS if w in subject), default=0)
    return subject[:cut], subject[cut:]


def mask_person(subject: str) -> str:
    """王建华 → 王**; 欧阳明辉 → 欧阳**; 12栋住户孙建军 → 12栋住户孙**."""
    prefix, name = split_resident(subject)
    if len(name) <= 1:
        return prefix + name
    keep = 2 if name[:2] in COMPOUND_SURNAMES and len(name) > 2 else 1
    return prefix + name[:keep] + "*" * (len(name) - keep)


def mask_plate(plate: str) -> str:
    """湘A·12345 → 湘A·****5; new-energy 湘A·D12345 → 湘A·*****5."""
    text = plate.strip()
    match = PLATE.match(text.upper())
    if not match:
        # Not a plate we know: keep the first two characters and the last one.
        if len(text) <= 3:
            return text
        return text[:2] + "*" * (len(text) - 3) + text[-1]
    tail = match["tail"]
    return match["head"] + match["sep"] + "*" * (len(tail) - 1) + tail[-1]


def mask_subject(subject: str, subject_type: str) -> str:
    """A black-list subject as the public sees it."""
    if subject_type == "person":
        return mask_text(mask_person(subject))
    if subject_type == "vehicle":
        return mask_plate(subject)
    return mask_text(subject)
