"""Screen mode (`/screen/`) for a lobby TV: which slides it has, the text each shows and
how long each stays.

The page holds every slide that is current at the build moment or will start before the
next rebuild (未开始 notices); `assets/board/freshness.js` hides the ones that are over on
the screen's own clock and `assets/board/screen.js` rotates the rest, urgent ones first
and again between the others.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from ..content.lifecycle import day_after
from ..content.snapshot import (
    Entry,
    PublicAnnouncement,
    PublicHonors,
    PublicNotice,
    Snapshot,
    summary_of,
)

SCREEN_URL = "screen/"
BUILD_STAMP = "screen/build.json"
# Seconds on screen: time to walk up and read; longer texts stay longer, within bounds.
BASE_SECONDS, URGENT_SECONDS, MAX_SECONDS = 10, 20, 30
CHARS_PER_SECOND = 8  # an unhurried reader of Chinese at 3 m
# Where a Markdown body breaks into lines on a slide: a blank line, or a new list item or
# table row (which the plain text would otherwise run together).
BREAK = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:[-*+]|\d{1,3}[.)、])[ \t]|[ \t]*\|)")
LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,3}[.)、])\s")


class Line(NamedTuple):
    """A paragraph of an item's text on a slide; `listed` when it was a list item."""

    text: str
    listed: bool = False


@dataclass(frozen=True)
class Slide:
    entry: Entry
    seconds: int
    urgent: bool = False
    shown_from: datetime | None = None  # site-local; None: already current
    shown_until: datetime | None = None  # site-local; None: until the next rebuild
    lines: tuple[Line, ...] = ()  # the whole text (announcements, issues, pages)


def slides(snapshot: Snapshot) -> list[Slide]:
    """A slide for each item up on the boards now, most urgent first: the screen in the
    lobby shows what the window shows, not years of announcements without an end date
    (`print.recent_days`, see Snapshot.posted_items)."""
    result = []
    for entry in snapshot.posted_items():
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
    # Notices and 红黑榜 show their lists (applicants, names), not their text.
    listed = isinstance(entry, (PublicNotice, PublicHonors))
    text = () if listed else lines(entry.item.source.body)
    words = sum(len(line.text) for line in text) or len(entry.summary)
    reading = (len(entry.title) + words) // CHARS_PER_SECOND
    seconds = min(MAX_SECONDS, max(URGENT_SECONDS if urgent else BASE_SECONDS, reading))
    return Slide(entry, seconds, urgent, start, until, text)


def lines(markdown: str) -> tuple[Line, ...]:
    """An item's whole text as plain paragraphs (masked, as published): the screen shows
    as much of it as fits, so it is never cut short here."""
    blocks = (block for block in BREAK.split(markdown) if block.strip())
    found = (Line(summary_of(b, limit=None), bool(LIST_ITEM.match(b))) for b in blocks)
    return tuple(line for line in found if line.text)


def build_stamp(screen_html: bytes) -> bytes:
    """`screen/build.json`: changes exactly when the screen page does, so a screen
    reloads after a rebuild that changed what it shows, and only then."""
    digest = hashlib.sha256(screen_html).hexdigest()[:16]
    return (json.dumps({"build": digest}) + "\n").encode()
