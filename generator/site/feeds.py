"""What goes into the feeds (RSS 2.0, Atom, JSON Feed 1.1), for the whole site and for
each section: a pure function of the public snapshot, so feed readers get exactly what the
site shows, masked, never a scheduled item.

Times come from the items and the build moment only, so a rebuild for the same day gives
the same bytes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from operator import itemgetter
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from ..content.kinds import SECTIONS, section_of
from ..content.snapshot import Entry, PublicAnnouncement, Snapshot, summary_of
from ..fingerprint import Digests
from ..render.jsonfile import readable_json

FEED_LENGTH = 50
LASTING_TONES = {"urgent"}  # badges that do not change with the date
# Each feed's three formats, by file name under the feed's folder.
RSS, ATOM, JSON_FEED = "rss.xml", "atom.xml", "feed.json"


@dataclass(frozen=True)
class FeedItem:
    url: str  # absolute
    title: str
    summary: str
    published: datetime  # aware, in the site's time zone
    labels: tuple[str, ...]  # lasting marks only (紧急): a feed item is read long after a
    # build, so statuses that change with the date (公示中 剩4天, 未开始) are left out
    text: str = ""  # the whole text, plain


@dataclass(frozen=True)
class Feed:
    folder: str  # "" for the whole site, else "announcements/" …
    title: str
    home: str  # absolute URL of the page the feed follows
    updated: datetime
    items: tuple[FeedItem, ...]

    def url(self, name: str, base: str) -> str:
        return f"{base}{self.folder}{name}"


def feeds(snapshot: Snapshot) -> list[Feed]:
    """The site feed, then one per section."""
    site = snapshot.config.site
    # Ordered by wall time: aware times in one zone compare so. The zone is given to the
    # few that are listed (thousands of items, fifty in a feed).
    newest_first = sorted(
        ((_wall_time(e), e.url, e) for e in snapshot.dated_entries()),
        key=itemgetter(0, 1),
        reverse=True,
    )
    by_section: dict[str, list] = {kind.folder: [] for kind in SECTIONS}
    for dated in newest_first:
        listed = by_section[section_of(dated[2].kind).folder]
        if len(listed) < FEED_LENGTH:
            listed.append(dated)
    result = [_feed(snapshot, "", site.name, newest_first[:FEED_LENGTH])]
    for kind in SECTIONS:
        entries = by_section[kind.folder]
        result.append(_feed(snapshot, f"{kind.folder}/", f"{site.name} · {kind.zh}", entries))
    return result


def _wall_time(entry: Entry) -> datetime:
    """When an entry went public: an announcement's date(time), else its day at 00:00."""
    if isinstance(entry, PublicAnnouncement):
        return entry.item.meta.date.start
    return datetime.combine(entry.day, time(0, 0))


def _plain_text(entry: Entry) -> str:
    """An item's whole text (masked, as published), for `content_text`."""
    return summary_of(entry.item.source.body, limit=None) or entry.summary


def _feed(
    snapshot: Snapshot, folder: str, title: str, newest: list[tuple[datetime, str, Entry]]
) -> Feed:
    """The feed of `newest` (at most FEED_LENGTH entries with when they went public, in
    the site's wall time, newest first)."""
    zone = ZoneInfo(snapshot.config.site.timezone)
    base = snapshot.config.site.url
    items = tuple(
        FeedItem(
            base + e.url,
            e.title,
            e.summary,
            moment.replace(tzinfo=zone),
            tuple(b.label for b in e.badges if b.tone in LASTING_TONES),
            _plain_text(e),
        )
        for moment, _, e in newest
    )
    updated = items[0].published if items else snapshot.now.replace(tzinfo=zone)
    return Feed(folder, title, base + folder, updated, items)


def _described(item: FeedItem) -> str:
    labels = "".join(f"【{label}】" for label in item.labels)
    return f"{labels}{item.summary}" or item.title


def _generator(feed: Feed, snapshot: Snapshot, self_name: str) -> FeedGenerator:
    base = snapshot.config.site.url
    gen = FeedGenerator()
    gen.id(feed.home)
    gen.title(feed.title)
    gen.link(href=feed.url(self_name, base), rel="self")
    gen.link(href=feed.home, rel="alternate")  # last: RSS's <link> is the one set last
    gen.description(snapshot.config.site.description or f"{snapshot.config.community.name}公告栏")
    gen.author({"name": snapshot.config.community.name})
    gen.language(snapshot.config.site.language)
    gen.updated(feed.updated)
    gen.lastBuildDate(feed.updated)  # not the wall clock: builds stay reproducible
    for item in feed.items:
        entry = gen.add_entry(order="append")
        entry.id(item.url)
        entry.guid(item.url, permalink=True)
        entry.title(item.title)
        entry.link(href=item.url)
        entry.description(_described(item))
        entry.published(item.published)
        entry.updated(item.published)
    return gen


def rss(feed: Feed, snapshot: Snapshot) -> bytes:
    return _generator(feed, snapshot, RSS).rss_str(pretty=True)


def atom(feed: Feed, snapshot: Snapshot) -> bytes:
    return _generator(feed, snapshot, ATOM).atom_str(pretty=True)


def json_feed(feed: Feed, snapshot: Snapshot) -> bytes:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1), which feedgen does not write."""
    base = snapshot.config.site.url
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.home,
        "feed_url": feed.url(JSON_FEED, base),
        "language": snapshot.config.site.language,
        "authors": [{"name": snapshot.config.community.name}],
        "items": [
            {
                "id": i.url,
                "url": i.url,
                "title": i.title,
                "content_text": i.text or _described(i),
                "summary": i.summary,
                "date_published": i.published.isoformat(),
                "tags": list(i.labels),
            }
            for i in feed.items
        ],
    }
    return readable_json(document)


def feed_files(snapshot: Snapshot, kept: Kept | None = None) -> dict[str, bytes]:
    """Every feed file of the site, by its path under the site root. `kept(path, key,
    make)` may give the previous build's file for the same key (the feed's digest)
    instead of making it again: the feed writer is slow."""
    files = {}
    for feed in feeds(snapshot):
        key = Digests().of(feed).hex()
        for name, write in ((RSS, rss), (ATOM, atom), (JSON_FEED, json_feed)):
            make = functools.partial(write, feed, snapshot)
            files[feed.folder + name] = kept(feed.folder + name, key, make) if kept else make()
    return files


Kept = Callable[[str, str, Callable[[], bytes]], bytes]
