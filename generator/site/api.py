"""`api/current.json`: what is current on the board at the build moment, for district
portals and other systems. A pure function of the public (masked) board.

Each item says until when it is current (`current_until`, an absolute time), so a
consumer can drop it on its own clock between rebuilds, as the site's pages do.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from ..content import lifecycle as life
from ..content.publish import Board, PublicAnnouncement, PublicHonors, PublicIssue, PublicNotice

API_CURRENT = "api/current.json"
API_VERSION = 1


def current_items(board: Board) -> list[dict]:
    """Urgent announcements first, then the rest, open notices, the current 红黑榜 and
    each column's current issue."""
    zone = ZoneInfo(board.config.site.timezone)

    def instant(moment: datetime | None) -> str | None:
        return moment.replace(tzinfo=zone).isoformat() if moment else None

    items = [_announcement(a, board, instant) for a in board.urgent]
    items += [_announcement(a, board, instant) for a in board.current_announcements
              if a not in board.urgent]
    items += [_notice(n, board, instant) for n in board.open_notices]
    if board.current_honors:
        items.append(_honors(board.current_honors, board))
    items += [_issue(c.current, board) for c in board.columns if c.current]
    return items


def _common(entry, board: Board, status: str, label: str) -> dict:
    return {"type": entry.kind, "title": entry.title, "url": board.config.site.url + entry.url,
            "path": entry.url, "status": status, "status_label": label,
            "date": entry.day.isoformat(), "summary": entry.summary}


def _announcement(entry: PublicAnnouncement, board: Board, instant) -> dict:
    meta = entry.item.meta
    label = "紧急" if meta.urgent else "有效"
    event = meta.event
    return _common(entry, board, "urgent" if meta.urgent else "current", label) | {
        "published": instant(meta.date.start),
        "expires": meta.expires.iso() if meta.expires else None,
        "current_until": instant(meta.expires.until) if meta.expires else None,
        "category": meta.category, "tags": list(meta.tags),
        "urgent": meta.urgent, "pinned": meta.pinned,
        "event": {"start": event.start.iso(), "end": event.end.iso() if event.end else None,
                  "location": event.location} if event else None,
    }


def _notice(entry: PublicNotice, board: Board, instant) -> dict:
    status = entry.status
    key = "active" if status.label == life.ACTIVE else "upcoming"
    return _common(entry, board, key, entry.badges[0].label) | {
        "kind": entry.item.meta.kind,
        "period": {"start": entry.item.meta.period.start.isoformat(),
                   "end": entry.item.end.isoformat()},
        "days_left": status.days_left,
        "current_until": instant(life.day_after(entry.item.end)),
    }


def _honors(entry: PublicHonors, board: Board) -> dict:
    return _common(entry, board, "current", "本期") | {"period": entry.item.meta.period,
                                                     "current_until": None}


def _issue(entry: PublicIssue, board: Board) -> dict:
    return _common(entry, board, "current", "本期") | {
        "column": entry.column.meta.title, "issue": entry.item.meta.issue,
        "current_until": None}


def current_json(board: Board) -> bytes:
    zone = ZoneInfo(board.config.site.timezone)
    document = {
        "version": API_VERSION,
        "site": board.config.site.name,
        "url": board.config.site.url,
        "timezone": board.config.site.timezone,
        "generated": board.now.replace(tzinfo=zone).isoformat(),
        "items": current_items(board),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()

