"""URLs from file names; Chinese file names become pinyin."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import lazy_pinyin


def slugify(stem: str) -> str:
    """`2026-wenming` stays; `停水通知-白沙路` → `ting-shui-tong-zhi-bai-sha-lu`."""
    words: list[str] = []
    for part in lazy_pinyin(unicodedata.normalize("NFKC", stem)):
        words.append(part)
    text = "-".join(words) if any(_is_cjk(ch) for ch in stem) else stem
    text = re.sub(r"[^a-z0-9]+", "-", text.lower())
    return text.strip("-") or "item"


def _is_cjk(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"
