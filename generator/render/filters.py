"""Jinja filters the theme templates use; registered on every template environment."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from ..content.dates import When, zh_date, zh_range
from ..content.kinds import BY_NAME
from ..content.lifecycle import day_after
from .phones import phone_links
from .qr import qr_svg
from .urls import category_url, tag_url


def _iso(value: date | When) -> str:
    return value.iso() if isinstance(value, When) else value.isoformat()


FILTERS = {
    "zh_date": zh_date,
    "zh_range": zh_range,
    "iso": _iso,
    "category_url": category_url,
    "tag_url": tag_url,
    "phone_links": phone_links,
    "qr_svg": qr_svg,
}


def register(env, timezone: str = "Asia/Shanghai") -> None:
    zone = ZoneInfo(timezone)

    def instant(value: datetime | date) -> str:
        """A site-local moment as an absolute ISO time the reader's browser can compare."""
        if not isinstance(value, datetime):
            value = datetime.combine(value, datetime.min.time())
        return value.replace(tzinfo=zone).isoformat()

    env.filters.update(FILTERS, instant=instant, day_after=day_after)
    env.globals["kinds"] = BY_NAME
