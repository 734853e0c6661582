"""Screen mode (`/screen/`) for a lobby TV: which slides it has and how long each stays.

The page holds every slide that is current at the build moment or will start before the
next rebuild (未开始 notices); `assets/board/freshness.js` hides the ones that are over on
the screen's own clock and `assets/board/screen.js` rotates the rest, urgent ones first
and again between the others.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from ..content.lifecycle import day_after
from ..content.snapshot import Entry, PublicAnnouncement, PublicNotice, Snapshot

SCREEN_URL = "screen/"
BUILD_STAMP = "screen/build.json"
# Seconds on screen: time to walk up and read; longer texts stay longer, within bounds.
BASE_SECONDS, URGENT_SECONDS, MAX_SECONDS = 10, 20, 30
CHARS_PER_SECOND = 8  # an unhurried reader of Chinese at 3 m


@dataclass(frozen=True)
class Slide:
    entry: Entry
    seconds: int
    urgent: bool = False
    shown_from: datetime | None = None  # site-local; None: already current
    shown_until: datetime | None = None  # site-local; None: until the next rebuild


def slides(snapshot: Snapshot) -> list[Slide]:
    """A slide for each current item, most urgent first."""
    result = []
    for entry in snapshot.current_items():
        if isinstance(entry, PublicNotice):
            start = entry.item.meta.period.start
            result.append(
                _slide(
                    entry,
                    until=day_after(entry.item.end),
                    start=None
                    if entry in snapshot.active_notices
                    else datetime.combine(start, datetime.min.time()),
                )
            )
        else:
            result.append(_slide(entry, urgent=entry in snapshot.urgent))
    return result


def _slide(
    entry: Entry,
    *,
    urgent: bool = False,
    start: datetime | None = None,
    until: datetime | None = None,
) -> Slide:
    if isinstance(entry, PublicAnnouncement) and entry.item.meta.expires:
        until = entry.item.meta.expires.until
    reading = (len(entry.title) + len(entry.summary)) // CHARS_PER_SECOND
    seconds = min(MAX_SECONDS, max(URGENT_SECONDS if urgent else BASE_SECONDS, reading))
    return Slide(entry, seconds, urgent, start, until)


def build_stamp(screen_html: bytes) -> bytes:
    """`screen/build.json`: changes exactly when the screen page does, so a screen
    reloads after a rebuild that changed what it shows, and only then."""
    digest = hashlib.sha256(screen_html).hexdigest()[:16]
    return (json.dumps({"build": digest}) + "\n").encode()
