"""URLs from file names; Chinese file names become pinyin."""

from __future__ import annotations

import functools
import re
import unicodedata

_CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


# The slugs of names with Chinese characters, read as pinyin by this process or kept from
# an earlier build (content/readings.py): loading pypinyin's dictionaries takes a quarter
# of a second, for a few category and tag names that rarely change.
READ_AS_PINYIN: dict[str, str] = {}


@functools.cache
def slugify(stem: str) -> str:
    """`2026-wenming` stays; `停水通知-白沙路` → `ting-shui-tong-zhi-bai-sha-lu`. Only a
    name with Chinese characters is read as pinyin (a site has thousands of names)."""
    if not _CJK.search(stem):
        return _plain_slug(stem)
    slug = READ_AS_PINYIN.get(stem)
    if slug is None:
        from pypinyin import lazy_pinyin

        slug = _plain_slug("-".join(lazy_pinyin(unicodedata.normalize("NFKC", stem))))
        READ_AS_PINYIN[stem] = slug
    return slug


def _plain_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


_FILLER = re.compile(r"^(关于|有关)|^\d{4}\s*年度?|的")


def short_slug(title: str, limit: int = 30) -> str:
    """A short file name from a title, cut between syllables, never inside one:
    `关于白沙路停水的通知` → `bai-sha-lu-ting-shui-tong-zhi`. Filler (关于, 的, a leading
    year, which the date in the name already says) is left out."""
    words = slugify(_FILLER.sub("", title) or title).split("-")
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > limit:
            break
        kept.append(word)
    return "-".join(kept)
