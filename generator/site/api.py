"""`api/current.json`: what is current at the build moment, for district
portals and other systems. A pure function of the public (masked) snapshot.

Each item says until when it is current (`current_until`, an absolute time), so a
consumer can drop it on its own clock between rebuilds, as the site's pages do.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ..content import lifecycle as life
from ..content.snapshot import PublicAnnouncement, PublicHonors, PublicIssue, PublicNotice, Snapshot
from ..render.jsonfile import readable_json

API_CURRENT = "api/current.json"
API_VERSION = 1


def current_items(snapshot: Snapshot) -> list[dict]:
    """The snapshot's current items, most urgent first."""
    zone = ZoneInfo(snapshot.config.site.timezone)

    def instant(moment: datetime | None) -> str | None:
        return moment.replace(tzinfo=zone).isoformat() if moment else None

    items = []
    for entry in snapshot.current_items():
        if isinstance(entry, PublicAnnouncement):
            items.append(_announcement(entry, snapshot, instant))
        elif isinstance(entry, PublicNotice):
            items.append(_notice(entry, snapshot, instant))
        elif isinstance(entry, PublicHonors):
            items.append(_honors(entry, snapshot))
        elif isinstance(entry, PublicIssue):
            items.append(_issue(entry, snapshot))
    return items


def _common(entry, snapshot: Snapshot, status: str, label: str) -> dict:
    return {
        "type": entry.kind,
        "title": entry.title,
        "url": snapshot.config.site.url + entry.url,
        "path": entry.url,
        "status": status,
        "status_label": label,
        "date": entry.day.isoformat(),
        "summary": entry.summary,
    }


def _announcement(entry: PublicAnnouncement, snapshot: Snapshot, instant) -> dict:
    meta = entry.item.meta
    label = "紧急" if meta.urgent else "有效"
    event = meta.event
    return _common(entry, snapshot, "urgent" if meta.urgent else "current", label) | {
        "published": instant(meta.date.start),
        "expires": meta.expires.iso() if meta.expires else None,
        "current_until": instant(meta.expires.until) if meta.expires else None,
        "category": meta.category,
        "tags": list(meta.tags),
        "urgent": meta.urgent,
        "pinned": meta.pinned,
        "event": {
            "start": event.start.iso(),
            "end": event.end.iso() if event.end else None,
            "location": event.location,
        }
        if event
        else None,
    }


def _notice(entry: PublicNotice, snapshot: Snapshot, instant) -> dict:
    status = entry.status
    key = "active" if status.label == life.ACTIVE else "upcoming"
    return _common(entry, snapshot, key, entry.badges[0].label) | {
        "kind": entry.item.meta.kind,
        "period": {
            "start": entry.item.meta.period.start.isoformat(),
            "end": entry.item.end.isoformat(),
        },
        "days_left": status.days_left,
        "current_until": instant(life.day_after(entry.item.end)),
        "revisions": [{"date": r.date.isoformat(), "note": r.note} for r in entry.revisions],
    }


def _honors(entry: PublicHonors, snapshot: Snapshot) -> dict:
    return _common(entry, snapshot, "current", "本期") | {
        "period": entry.item.meta.period,
        "current_until": None,
    }


def _issue(entry: PublicIssue, snapshot: Snapshot) -> dict:
    return _common(entry, snapshot, "current", "本期") | {
        "column": entry.column.meta.title,
        "issue": entry.item.meta.issue,
        "current_until": None,
    }


def current_document(snapshot: Snapshot) -> dict:
    """What is current (the API's `current.json`)."""
    zone = ZoneInfo(snapshot.config.site.timezone)
    return {
        "version": API_VERSION,
        "site": snapshot.config.site.name,
        "url": snapshot.config.site.url,
        "timezone": snapshot.config.site.timezone,
        "generated": snapshot.now.replace(tzinfo=zone).isoformat(),
        "items": current_items(snapshot),
    }


def current_json(document: dict) -> bytes:
    """`current_document` as the API's file."""
    return readable_json(document)
