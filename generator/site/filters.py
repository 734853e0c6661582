"""Jinja filters the theme templates use; registered on every template environment."""

from __future__ import annotations

from datetime import date

from ..content.dates import When, zh_date, zh_range
from .plan import category_url, tag_url


def _iso(value: date | When) -> str:
    return value.iso() if isinstance(value, When) else value.isoformat()


FILTERS = {
    "zh_date": zh_date,
    "zh_range": zh_range,
    "iso": _iso,
    "category_url": category_url,
    "tag_url": tag_url,
}


def register(env) -> None:
    env.filters.update(FILTERS)
