"""`calendar.ics` (RFC 5545): announcement events and 公示 periods, for residents who
subscribe in their phone's calendar. A pure function of the public snapshot.

Timed events carry TZID and a VTIMEZONE of the site's zone; dates-only events and 公示
periods are all-day (DTEND is the day after the last day, as RFC 5545 wants). DTSTAMP is
the build moment, so the same `--today` gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..content.dates import When
from ..content.snapshot import Snapshot

CALENDAR = "calendar.ics"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    title: str
    url: str
    start: date | datetime  # a date is an all-day event; datetimes are site-local, naive
    end: date | datetime | None  # exclusive for dates
    location: str | None
    description: str


def calendar_events(snapshot: Snapshot) -> list[CalendarEvent]:
    """Every public announcement with an `event:`, then every notice's 公示期."""
    base = snapshot.config.site.url
    host = urlsplit(base).hostname or "board"
    events = []
    for entry in snapshot.announcements:
        event = entry.item.meta.event
        if event is None:
            continue
        start, end = _span(event.start, event.end)
        events.append(
            CalendarEvent(
                f"{entry.url}event@{host}",
                entry.title,
                base + entry.url,
                start,
                end,
                event.location,
                entry.summary,
            )
        )
    for notice in snapshot.notices:
        meta, end = notice.item.meta, notice.item.end
        period = f"公示期：{meta.period.start.isoformat()} 至 {end.isoformat()}"
        contact = meta.contact
        objections = "；".join(v for v in (contact.phone, contact.email, contact.address) if v)
        events.append(
            CalendarEvent(
                f"{notice.url}period@{host}",
                f"【公示】{notice.title}",
                base + notice.url,
                meta.period.start,
                end + timedelta(days=1),
                None,
                f"{period}。" + (f"异议反映：{objections}" if objections else ""),
            )
        )
    return sorted(events, key=lambda e: (_sort_key(e.start), e.uid))


def _span(start: When, end: When | None) -> tuple[date | datetime, date | datetime | None]:
    if start.clock is None:
        last = end.day if end is not None else start.day
        return start.day, last + timedelta(days=1)
    if end is None:
        return start.start, None
    return start.start, end.start if end.clock is not None else end.until


def _sort_key(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, datetime.min.time())


def calendar_file(snapshot: Snapshot, events: list[CalendarEvent] | None = None) -> bytes:
    """The calendar of `events`, by default the snapshot's."""
    import icalendar  # here: a build whose calendar is unchanged keeps it, unimported

    zone = ZoneInfo(snapshot.config.site.timezone)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//community-board//公告栏//ZH")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", snapshot.config.site.name)
    cal.add("x-wr-timezone", snapshot.config.site.timezone)
    stamp = snapshot.now.replace(tzinfo=zone).astimezone(UTC)  # RFC 5545: DTSTAMP in UTC
    for item in calendar_events(snapshot) if events is None else events:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        event.add("url", item.url)
        event.add("dtstart", _local(item.start, zone))
        if item.end is not None:
            event.add("dtend", _local(item.end, zone))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _local(value: date | datetime, zone: ZoneInfo) -> date | datetime:
    return value.replace(tzinfo=zone) if isinstance(value, datetime) else value
