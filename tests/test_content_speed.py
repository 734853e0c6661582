"""What each file decides on its own (privacy warnings, masking, summary, files used) is
kept with it in the content record, and `board serve` keeps validated files in memory:
the published snapshot and every warning and error must be exactly those of a load
without any of it, on every build, whatever the editor changed in between."""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO_TODAY, ROOT
from other_community import TODAY, write_other_community
from test_speed import assert_same_tree

from generator.content import loader
from generator.content.cache import ContentCache, share_of, share_path
from generator.content.checks import check_project
from generator.content.facts import FactsBook
from generator.content.loader import Published, build_moment, load_project, load_snapshot
from generator.content.snapshot import publish
from generator.errors import BoardError

RECORD = Path(".board-cache/content")
QUARTER = "content/announcements/2026-11-12-quarter-report.md"
MOBILE, MASKED = "13912345678", "139****5678"


def demo_copy(root: Path) -> Path:
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site_config.yml", root)
    return root


def other_with_numbers(root: Path) -> Path:
    """The other community, with a full mobile number in a field at a list position and
    an ID number in a body: so that its warnings are not an empty list."""
    write_other_community(root)
    notice = sorted((root / "content/notices").glob("*.md"))[0]
    text = notice.read_text(encoding="utf-8")
    notice.write_text(text.replace("summary: ", f"summary: 电话{MOBILE}，", 1), "utf-8")
    report = root / QUARTER
    report.write_text(report.read_text(encoding="utf-8") + "\n身份证 430103197001011234\n", "utf-8")
    return root


PROJECTS = {"demo": (demo_copy, DEMO_TODAY), "other": (other_with_numbers, TODAY)}


@pytest.fixture(params=sorted(PROJECTS))
def community(request, tmp_path) -> tuple[Path, str]:
    write, today = PROJECTS[request.param]
    return write(tmp_path / request.param), today


def cold(root: Path, today: str) -> Published:
    """A load that reads every file and keeps nothing."""
    return load_snapshot(root, today, ContentCache(None))


def assert_same(got: Published, expected: Published) -> None:
    assert got.snapshot == expected.snapshot
    assert got.snapshot.dated_entries() == expected.snapshot.dated_entries()
    assert got.snapshot.current_items() == expected.snapshot.current_items()
    assert got.warnings == expected.warnings
    assert got.project == expected.project


@pytest.fixture
def validated(monkeypatch) -> list[str]:
    """The files validated (not taken as they were) in this test."""
    files: list[str] = []
    real = loader._validate

    def counting(model, doc, shown, context, aliases=True):
        files.append(shown)
        return real(model, doc, shown, context, aliases)

    monkeypatch.setattr(loader, "_validate", counting)
    return files


def test_warm_cold_and_preview_loads_publish_the_same(community):
    root, today = community
    expected = cold(root, today)
    assert any(w.field == "正文/body" for w in expected.warnings)  # privacy warnings, in …
    assert any(w.field_zh for w in expected.warnings)  # … a field at a list position too
    assert not (root / RECORD).exists()
    first = load_snapshot(root, today)  # writes the record
    warm = load_snapshot(root, today)  # reads it
    assert_same(first, expected)
    assert_same(warm, expected)
    preview = ContentCache.of_project(root)
    for _ in range(3):
        assert_same(load_snapshot(root, today, preview), expected)


def test_kept_facts_are_the_facts_worked_out_afresh(community):
    """Publishing with the facts of the record gives what publishing with facts worked
    out from each item gives."""
    root, today = community
    load_snapshot(root, today)
    loaded = load_project(root)
    moment = build_moment(today)
    afresh = publish(loaded.project, moment, FactsBook())
    assert publish(loaded.project, moment, loaded.facts) == afresh
    assert afresh.withheld == cold(root, today).snapshot.withheld


def test_an_item_changed_after_loading_is_published_from_its_own_text(tmp_path):
    """The kept facts belong to the item as loaded; a caller's changed copy has its own."""
    root = write_other_community(tmp_path / "other")
    loaded = load_project(root)
    project, moment = loaded.project, build_moment(TODAY)
    index, item = next(
        (n, a) for n, a in enumerate(project.announcements) if a.url.endswith("quarter-report/")
    )
    body = item.source.body + f"\n联系人{MOBILE}\n"
    project.announcements[index] = dataclasses.replace(
        item, source=dataclasses.replace(item.source, body=body)
    )
    entry = next(
        a for a in publish(project, moment, loaded.facts).announcements if a.url == item.url
    )
    assert MASKED in entry.item.source.body and MOBILE not in entry.item.source.body
    warnings = check_project(project, moment, loaded.facts)
    assert [w.file for w in warnings if MASKED in w.zh] == [QUARTER]


def test_a_new_privacy_warning_appears_on_every_build_and_goes_when_fixed(tmp_path):
    root = write_other_community(tmp_path / "other")
    load_snapshot(root, TODAY)  # the record is warm from here on
    report = root / QUARTER
    clean = report.read_text(encoding="utf-8")
    report.write_text(clean.replace("312件", f"312件，联系人{MOBILE}"), "utf-8")
    for _ in range(2):  # the edit, then a build where nothing changed
        published = load_snapshot(root, TODAY)
        found = [w for w in published.warnings if w.file == QUARTER]
        assert [(w.line, w.field) for w in found] == [(6, "正文/body")]
        assert MASKED in found[0].zh
        entry = next(a for a in published.snapshot.announcements if a.item.source.shown == QUARTER)
        assert MASKED in entry.summary and MASKED in entry.item.source.body
        assert MOBILE not in entry.summary + entry.item.source.body
        assert_same(published, cold(root, TODAY))
    report.write_text(clean, "utf-8")
    fixed = load_snapshot(root, TODAY)
    assert not [w for w in fixed.warnings if w.file == QUARTER]
    assert_same(fixed, cold(root, TODAY))


def test_a_content_error_is_reported_on_every_build(tmp_path):
    root = write_other_community(tmp_path / "other")
    broken = root / "content/announcements/2026-11-20-broken.md"
    broken.write_text(f"---\ntitle: 缺日期\ncategory: 通知\n---\n电话 {MOBILE}\n", "utf-8")
    preview = ContentCache.of_project(root)
    reported = []
    for contents in (None, None, preview, preview):
        with pytest.raises(BoardError) as raised:
            load_snapshot(root, TODAY, contents)
        reported.append(raised.value.problems)
    assert all(problems == reported[0] for problems in reported)
    assert [(p.file, p.field, p.level) for p in reported[0]] == [
        (broken.relative_to(root).as_posix(), "date", "error")
    ]


def test_the_preview_sees_an_edit_an_added_file_a_removal_and_a_rename(tmp_path, validated):
    root = other_with_numbers(tmp_path / "other")
    announcements = root / "content/announcements"
    preview = ContentCache.of_project(root)
    load_snapshot(root, TODAY, preview)

    def step(change, validates: list[Path]) -> Published:
        """Change the files, rebuild the preview: only the files named are validated
        again, and the result is that of a load from nothing."""
        change()
        validated.clear()
        published = load_snapshot(root, TODAY, preview)
        assert [f for f in validated if f.startswith("content/")] == [
            p.relative_to(root).as_posix() for p in validates
        ]
        assert_same(published, cold(root, TODAY))
        return published

    report = root / QUARTER
    text = report.read_text("utf-8").replace("312", "313")
    edited = step(lambda: report.write_text(text, "utf-8"), [report])
    assert any("313件" in a.summary for a in edited.snapshot.announcements)

    added = announcements / "2026-11-20-new.md"
    text = f"---\ntitle: 新通知\ndate: 2026-11-20\ncategory: 通知\n---\n联系 {MOBILE}。\n"
    published = step(lambda: added.write_text(text, "utf-8"), [added])
    assert any(w.file.endswith("2026-11-20-new.md") for w in published.warnings)

    published = step(added.unlink, [])
    assert not any("new" in a.url for a in published.snapshot.announcements)

    renamed = announcements / "2026-11-12-季度报告.md"
    published = step(lambda: report.rename(renamed), [renamed])
    moved = [w for w in published.warnings if "430103" in w.zh]
    assert [w.file for w in moved] == [renamed.relative_to(root).as_posix()]


def test_damaged_facts_in_the_record_are_worked_out_again(tmp_path):
    root = other_with_numbers(tmp_path / "other")
    expected = cold(root, TODAY)
    load_snapshot(root, TODAY)
    share = share_path(root / RECORD, share_of(QUARTER))
    record = json.loads(share.read_text(encoding="utf-8"))
    record["files"][QUARTER]["facts"] = {"warnings": "none", "summary": 3}
    share.write_text(json.dumps(record), encoding="utf-8")
    assert_same(load_snapshot(root, TODAY), expected)
    repaired = json.loads(share.read_text(encoding="utf-8"))["files"][QUARTER]
    assert len(repaired["facts"]["warnings"]) == 1


def test_the_archive_order_cannot_be_changed_by_one_of_its_readers(tmp_path):
    root = demo_copy(tmp_path / "demo")
    snapshot = load_snapshot(root, DEMO_TODAY).snapshot
    dated = snapshot.dated_entries()
    assert [(e.day, e.url) for e in dated] == sorted(((e.day, e.url) for e in dated), reverse=True)
    dated.reverse()
    assert snapshot.dated_entries() == dated[::-1]


BUILD_AND_TELL = """
import sys
from generator.commands.build import build
build(sys.argv[1], today=sys.argv[2], site_dir=sys.argv[3])
print("pypinyin" in sys.modules)
"""


def test_chinese_names_are_read_as_pinyin_once(tmp_path):
    """The slugs of Chinese names (categories, tags, file names) are kept in the cache
    folder: a later build does not load pypinyin, and gives the same site; a damaged
    record is ignored."""
    root = demo_copy(tmp_path / "demo")

    def build_in_a_process(site: str) -> bool:
        done = subprocess.run(
            [sys.executable, "-c", BUILD_AND_TELL, str(root), DEMO_TODAY, str(tmp_path / site)],
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip().endswith("True")

    assert build_in_a_process("first")
    assert not build_in_a_process("second")
    assert_same_tree(tmp_path / "first", tmp_path / "second")
    (root / ".board-cache" / "pinyin.json").write_text("{not json", encoding="utf-8")
    assert build_in_a_process("third")
    assert_same_tree(tmp_path / "first", tmp_path / "third")
