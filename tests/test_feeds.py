"""Feeds, calendar, sitemap, robots.txt and api/current.json of the demo built 2026-11-21:
what a feed reader, a phone calendar, a search engine or a district portal receives."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
BASE = "https://example.org/board/"
WATER_CUT = "关于11月23日白沙路片区临时停水的紧急通知"
SCHEDULED = "announcements/2026-12-constitution-day/"  # dated 2026-12-03: not public yet


def read(site, name: str) -> str:
    return (site / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["rss.xml", "atom.xml"])
def test_site_feed_lists_public_items_newest_first(demo_site, name):
    feed = feedparser.parse(read(demo_site, name))
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.link == BASE  # the site, not the feed file
    links = [e.link for e in feed.entries]
    assert BASE + "announcements/2026-11-water-cut/" in links
    assert BASE + SCHEDULED not in links
    assert BASE + "notices/2026-11-wenming-unit/" in links
    published = [e.published_parsed for e in feed.entries]
    assert published == sorted(published, reverse=True)
    water = next(e for e in feed.entries if e.title == WATER_CUT)
    assert "【紧急】" in water.summary


def test_json_feed_follows_version_1_1(demo_site):
    # feedparser 6 reads no JSON Feed: check the fields the spec requires directly.
    feed = json.loads(read(demo_site, "feed.json"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert (feed["home_page_url"], feed["feed_url"]) == (BASE, BASE + "feed.json")
    items = feed["items"]
    assert all(i["id"] and i["url"].startswith(BASE) and i["content_text"] for i in items)
    dates = [datetime.fromisoformat(i["date_published"]) for i in items]
    assert dates == sorted(dates, reverse=True) and all(d.tzinfo for d in dates)
    assert BASE + SCHEDULED not in {i["url"] for i in items}
    assert WATER_CUT in {i["title"] for i in items}


def test_section_feeds_hold_only_their_section(demo_site):
    for section in ("announcements", "notices", "honors", "columns"):
        feed = feedparser.parse(read(demo_site, f"{section}/rss.xml"))
        assert feed.entries, section
        assert all(e.link.startswith(BASE + section + "/") for e in feed.entries), section
    notices = json.loads(read(demo_site, "notices/feed.json"))
    assert notices["version"] == "https://jsonfeed.org/version/1.1"
    assert notices["feed_url"] == BASE + "notices/feed.json"
    family = next(i for i in notices["items"] if "文明家庭" in i["title"])
    # A feed is read long after the build: no status that changes with the date.
    assert "公示中" not in json.dumps(family, ensure_ascii=False)
    assert len(family["content_text"]) > len(family["summary"])  # the whole text
    assert family["summary"].endswith("…")


def test_feeds_are_dated_by_content_not_by_the_wall_clock(demo_site):
    atom = feedparser.parse(read(demo_site, "atom.xml"))
    newest = max(e.published_parsed for e in atom.entries)
    assert atom.feed.updated_parsed == newest


def test_every_page_links_its_feeds(demo_site):
    home = read(demo_site, "index.html")
    assert 'type="application/rss+xml"' in home and 'href="rss.xml"' in home
    notice = read(demo_site, "notices/index.html")
    assert 'href="rss.xml"' in notice and 'type="application/feed+json"' in notice
    assert 'type="text/calendar"' in notice


def calendar(site):
    return icalendar.Calendar.from_ical(read(site, "calendar.ics"))


def test_calendar_has_events_in_the_sites_time_zone(demo_site):
    cal = calendar(demo_site)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    lecture = events["冬季心脑血管疾病预防健康讲座"]
    start = lecture.decoded("DTSTART")
    assert start == datetime(2026, 11, 26, 14, 30, tzinfo=start.tzinfo)
    assert start.utcoffset() == timedelta(hours=8)
    assert lecture["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert lecture.decoded("DTEND").hour == 16
    assert "多功能厅" in str(lecture["LOCATION"])
    assert str(lecture["URL"]) == BASE + "announcements/2026-11-health-lecture/"
    # The fire drill's announcement is dated 11-28: scheduled, so its event is not out yet.
    assert not any("消防疏散演练" in title for title in events)


def test_publicity_periods_are_all_day_events_ending_after_the_last_day(demo_site):
    events = {str(e["SUMMARY"]): e for e in calendar(demo_site).walk("VEVENT")}
    family = next(
        e for title, e in events.items() if title.startswith("【公示】") and "文明家庭" in title
    )
    assert family.decoded("DTSTART") == date(2026, 11, 18)
    assert family.decoded("DTEND") == date(2026, 11, 25)  # exclusive: through 11-24
    assert str(family["DESCRIPTION"]).startswith("公示期：2026-11-18 至 2026-11-24。异议反映：")
    stamps = {e.decoded("DTSTAMP").isoformat() for e in events.values()}
    assert stamps == {"2026-11-20T16:00:00+00:00"}  # the build moment, in UTC


def test_current_json_lists_what_is_current_with_status_and_dates(demo_site):
    api = json.loads(read(demo_site, "api/current.json"))
    assert api["version"] == 1 and api["generated"] == "2026-11-21T00:00:00+08:00"
    first = api["items"][0]
    assert (first["title"], first["status"], first["urgent"]) == (WATER_CUT, "urgent", True)
    assert first["url"] == BASE + "announcements/2026-11-water-cut/"
    assert first["current_until"] == "2026-11-24T00:00:00+08:00"
    kinds = {i["type"] for i in api["items"]}
    assert kinds == {"announcement", "notice", "honors", "issue"}
    unit = next(i for i in api["items"] if i["path"] == "notices/2026-11-wenming-unit/")
    assert (unit["status"], unit["days_left"]) == ("active", 6)
    assert unit["period"] == {"start": "2026-11-20", "end": "2026-11-26"}
    paths = {i["path"] for i in api["items"]}
    assert SCHEDULED not in paths
    assert "announcements/2026-05-power-cut/" not in paths  # expired: archive only


def test_sitemap_dates_pages_by_their_content(demo_site):
    sitemap = read(demo_site, "sitemap.xml")
    water = sitemap.split(BASE + "announcements/2026-11-water-cut/</loc>")[1]
    assert water.split("</lastmod>")[0].strip().endswith("<lastmod>2026-11-20")
    honors = sitemap.split(BASE + "honors/</loc>")[1]
    assert "<lastmod>2026-11-15</lastmod>" in honors.split("</url>")[0]
    robots = read(demo_site, "robots.txt")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


def test_feeds_calendar_and_api_carry_only_masked_numbers(tmp_path):
    from conftest import site_from

    from generator.commands.build import build

    text = (
        "---\ntitle: 义诊活动\ndate: 2026-11-10\ncategory: 活动\n"
        "event: {start: 2026-11-25 09:00, location: 广场}\n---\n报名请联系13807315678。"
    )
    root = site_from(tmp_path, files={"content/announcements/clinic.md": text})
    site = build(root, today="2026-11-21").site_dir
    for name in (
        "rss.xml",
        "atom.xml",
        "feed.json",
        "calendar.ics",
        "api/current.json",
        "announcements/feed.json",
    ):
        data = read(site, name)
        assert "138****5678" in data, name
        assert "13807315678" not in data, name
