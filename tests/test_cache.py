"""The page record in .board-cache/ is JSON and only ever a hint: whatever is in it, the
next build is the same as a clean one."""

from __future__ import annotations

import dataclasses
import json
import pickle
import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import DEMO_TODAY, ROOT, site_from
from other_community import TODAY as OTHER_TODAY
from other_community import write_other_community
from test_speed import assert_same_tree

from generator.commands.build import build
from generator.content import lifecycle as life
from generator.content.loader import load_snapshot
from generator.content.snapshot import Badge
from generator.site import cache, plugin
from generator.site.cache import PlanKeys
from generator.site.plan import PagePlan, plan_site

NO_PRINT = "print:\n  enabled: false\n"


@pytest.fixture()
def project(tmp_path):
    root = site_from(tmp_path)
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + NO_PRINT, encoding="utf-8")
    return root


def damaged_records(record: dict) -> list[str | bytes]:
    """Ways a record can be wrong: not JSON, not ours, right salt with broken entries,
    and a pickle that would run code if it were ever unpickled."""
    broken_entries = dict(record, records={url: {"key": 7} for url in record["records"]})
    wrong_types = dict(
        record, records={url: dict(r, logs="x") for url, r in record["records"].items()}
    )

    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('the page record ran code')",))

    return [
        "{",
        "[]",
        json.dumps(dict(record, format=0)),
        json.dumps(broken_entries),
        json.dumps(wrong_types),
        json.dumps(dict(record, codes={url: 1 for url in record["codes"]})),
        json.dumps(dict(record, files=[])),
        pickle.dumps(Boom()),
    ]


def test_a_damaged_or_foreign_record_gives_a_clean_build(project, tmp_path):
    clean = build(project, today="2026-11-21", site_dir=tmp_path / "clean").site_dir
    site = build(project, today="2026-11-21").site_dir
    record_path = project / ".board-cache" / "pages.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    assert record["records"], "the build keeps a record of its pages"
    for damaged in damaged_records(record):
        if isinstance(damaged, bytes):
            record_path.write_bytes(damaged)
        else:
            record_path.write_text(damaged, encoding="utf-8")
        site = build(project, today="2026-11-21").site_dir
        assert_same_tree(site, clean)


@pytest.fixture(params=["demo", "other"])
def community(request, tmp_path) -> tuple[Path, str]:
    """The demo (printing off) and the other community, each with its build date."""
    if request.param == "demo":
        root = tmp_path / "demo"
        shutil.copytree(ROOT / "content", root / "content")
        text = (ROOT / "site_config.yml").read_text(encoding="utf-8")
        (root / "site_config.yml").write_text(
            text.replace("print:\n", "print:\n  enabled: false\n"), encoding="utf-8"
        )
        return root, DEMO_TODAY
    return write_other_community(tmp_path / "other"), OTHER_TODAY


def keyed_plans(root: Path, day: date) -> dict[str, tuple[PagePlan, str]]:
    snapshot = load_snapshot(root, day.isoformat()).snapshot
    keys = PlanKeys("salt", "files")
    return {plan.url: (plan, keys.key(plan, False)) for plan in plan_site(snapshot)}


def test_page_keys_change_exactly_when_what_the_page_shows_changes(community):
    """From one day to the next, countdowns and statuses move: a page's key changes
    when its plan (title, body, listed entries with their badges and status …) does,
    and stays when it does not, although every object was loaded anew."""
    root, today = community
    first = keyed_plans(root, date.fromisoformat(today))
    second = keyed_plans(root, date.fromisoformat(today) + timedelta(days=1))
    both = sorted(first.keys() & second.keys())
    same = [url for url in both if repr(first[url][0]) == repr(second[url][0])]
    changed = [url for url in both if url not in same]
    assert "notices/" in changed  # the 公示中 countdown of a listed notice
    assert len(same) > len(changed)
    assert all(first[url][1] == second[url][1] for url in same)
    assert all(first[url][1] != second[url][1] for url in changed)


def test_a_list_page_key_changes_when_one_listed_entry_changes_status(community):
    root, today = community
    snapshot = load_snapshot(root, today).snapshot
    page = next(p for p in plan_site(snapshot) if p.url == "notices/")
    listed = next(e for e in page.entries if e.status.label == life.ACTIVE)
    ended = dataclasses.replace(
        listed, badges=(Badge("已结束", "ended"),), status=life.NoticeStatus(life.ENDED, None, None)
    )
    keys = PlanKeys("salt", "files")
    before = keys.key(page, False)
    page.entries = [ended if e is listed else e for e in page.entries]
    assert keys.key(page, False) != before


def test_page_keys_never_mistake_a_new_object_for_a_freed_one():
    """Objects are known by identity within a build; one that is freed must not lend its
    digest to a new one that gets the same address."""
    keys = PlanKeys("salt", "files")
    seen = set()
    for n in range(200):
        plan = PagePlan(
            "_board/a/index.md", "a/", "标题", "list.html", entries=[Badge(str(n), "x")]
        )
        seen.add(keys.key(plan, False))
        del plan
    assert len(seen) == 200


def edit_title(path: Path, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", rf"title: \1{mark}", text, count=1, flags=re.M))


def test_calendar_and_qr_codes_are_kept_until_what_they_show_changes(
    community, tmp_path, monkeypatch
):
    """The calendar is written again only when an event or 公示期 changed, screen mode's
    QR codes only for new addresses; the site is the same as a clean build's."""
    root, today = community
    snapshot = load_snapshot(root, today).snapshot
    announcement = next(e for e in snapshot.posted_items() if e.kind == "announcement")
    notice = snapshot.notices[0]
    build(root, today=today)
    calendars, codes = [], []
    monkeypatch.setattr(plugin, "calendar_file", counted(plugin.calendar_file, calendars))
    monkeypatch.setattr(cache, "qr_svg", counted(cache.qr_svg, codes))
    for n, (entry, written) in enumerate([(announcement, 0), (notice, 1)]):
        edit_title(root / "content" / entry.item.source.src_uri, "（已更新）")
        calendars.clear()
        codes.clear()
        site = build(root, today=today).site_dir
        assert "（已更新）" in (site / "screen" / "index.html").read_text(encoding="utf-8")
        assert (len(calendars), len(codes)) == (written, 0)
        clean = tmp_path / f"clean{n}"
        shutil.copytree(root / "content", clean / "content")
        shutil.copy(root / "site_config.yml", clean)
        assert_same_tree(site, build(clean, today=today).site_dir)


def counted(function, calls: list):
    def wrapper(*args):
        calls.append(args)
        return function(*args)

    return wrapper


def test_keys_carried_from_the_previous_build_match_keys_taken_afresh(community):
    """`board serve` gives a page the previous build's key when its plan is equal: for
    every page, the next day's key is the one a build from nothing gives, whether it was
    carried over or taken afresh, and most pages carry theirs over."""
    root, today = community
    first = keyed_plans(root, date.fromisoformat(today))
    before = {url: cache.KeyedPlan(plan, key, "files") for url, (plan, key) in first.items()}
    next_day = (date.fromisoformat(today) + timedelta(days=1)).isoformat()
    plans = plan_site(load_snapshot(root, next_day).snapshot)
    carried = PlanKeys("salt", "files", before)
    afresh = PlanKeys("salt", "files")
    assert [carried.key(p, False) for p in plans] == [afresh.key(p, False) for p in plans]
    kept = [
        p.url for p in plans if p.url in before and carried.made[p.url].key == before[p.url].key
    ]
    assert len(kept) > len(plans) / 2
    assert "notices/" not in kept  # a listed notice's countdown moved on
    # a page whose body has links keeps its key only while the site's files are the same
    with_links = {
        url: cache.KeyedPlan(plan, PlanKeys("salt", "files").key(plan, True), "files")
        for url, (plan, _) in first.items()
    }
    moved = PlanKeys("salt", "other files", with_links)
    fresh = PlanKeys("salt", "other files")
    assert [moved.key(p, True) for p in plans] == [fresh.key(p, True) for p in plans]
