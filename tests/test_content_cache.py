"""Content files read last time are not read again: unchanged, touched, edited, added and
removed files, files with errors, a damaged or foreign record, a new program version; and
a site built from the record equals a site built from nothing."""

from __future__ import annotations

import filecmp
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from other_community import TODAY, write_other_community

from generator.commands.build import build
from generator.content import cache as content_cache
from generator.content import loader
from generator.content.loader import load_project
from generator.errors import BoardError

RECORD = Path(".board-cache/content")
NOTICE = "content/announcements/2026-11-12-quarter-report.md"


def share_holding(project: Path, rel: str) -> Path:
    """The record's file that holds the file at `rel`."""
    return content_cache.share_path(project / RECORD, content_cache.share_of(rel))


def record_lines(project: Path, rel: str, lines: str) -> None:
    """Write `lines` as the recorded field lines of the file at `rel`."""
    share = share_holding(project, rel)
    record = json.loads(share.read_text(encoding="utf-8"))
    record["files"][rel]["lines"] = lines
    share.write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    return write_other_community(tmp_path / "project")


@pytest.fixture
def parsed_files(monkeypatch) -> list[str]:
    """The files whose text is parsed (not taken from the record), in this test."""
    parsed: list[str] = []
    real = loader._parsed

    def counting(text, shown, markdown):
        parsed.append(shown)
        return real(text, shown, markdown)

    monkeypatch.setattr(loader, "_parsed", counting)
    return parsed


def same_tree(a: Path, b: Path) -> bool:
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    if files_a != files_b:
        return False
    return all(filecmp.cmp(a / f, b / f, shallow=False) for f in files_a)


def test_a_second_read_parses_nothing_and_gives_the_same_project(project, parsed_files):
    first = load_project(project).project
    assert len(parsed_files) > 50 and share_holding(project, NOTICE).is_file()
    parsed_files.clear()
    second = load_project(project).project
    assert parsed_files == []
    assert second.announcements == first.announcements
    assert second.notices == first.notices
    assert second.columns == first.columns


def test_only_edited_and_added_files_are_parsed_and_removed_ones_forgotten(project, parsed_files):
    load_project(project)
    parsed_files.clear()
    edited = project / NOTICE
    edited.write_text(edited.read_text(encoding="utf-8").replace("312件", "313件"), "utf-8")
    added = project / "content/announcements/2026-11-20-new.md"
    added.write_text("---\ntitle: 新通知\ndate: 2026-11-20\ncategory: 通知\n---\n正文。\n", "utf-8")
    removed = project / "content/announcements/2023-01-10-monthly-notice-00.md"
    removed.unlink()
    again = load_project(project).project
    assert sorted(parsed_files) == sorted([NOTICE, "content/announcements/2026-11-20-new.md"])
    body = next(a for a in again.announcements if a.slug == "2026-11-12-quarter-report")
    assert "313件" in body.source.body
    gone = "content/announcements/2023-01-10-monthly-notice-00.md"
    files = json.loads(share_holding(project, gone).read_text(encoding="utf-8"))["files"]
    assert gone not in files


def test_a_touched_file_is_recognised_by_its_text(project, parsed_files):
    load_project(project)
    parsed_files.clear()
    touched = project / NOTICE
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    load_project(project)
    assert parsed_files == []


def test_a_file_with_an_error_is_read_until_it_is_fixed(project, parsed_files):
    broken = project / "content/announcements/2026-11-20-broken.md"
    broken.write_text("---\ntitle: 缺日期\ncategory: 通知\n---\n正文。\n", "utf-8")
    for _ in range(2):
        with pytest.raises(BoardError) as raised:
            load_project(project)
        assert any(
            p.file == "content/announcements/2026-11-20-broken.md" for p in raised.value.problems
        )
    assert parsed_files.count("content/announcements/2026-11-20-broken.md") == 2


@pytest.mark.parametrize(
    "record",
    [
        b"\x00\xff garbage",
        b'{"format": 1, "salt": "x", "files": []}',
        pickle.dumps({"format": 1}),
        b"[1, 2, 3]",
    ],
    ids=["garbage", "foreign", "pickle", "wrong-shape"],
)
def test_a_damaged_or_foreign_record_is_ignored(project, parsed_files, capsys, record):
    clean = load_project(project).project
    parsed_files.clear()
    for share in (project / RECORD).iterdir():
        share.write_bytes(record)
    again = load_project(project).project
    assert again.announcements == clean.announcements
    assert len(parsed_files) > 50  # everything read again
    assert capsys.readouterr().err.count("\n") <= 1  # one line at most, never a traceback


def test_a_damaged_share_of_the_record_costs_only_its_files(project, parsed_files, capsys):
    load_project(project)
    parsed_files.clear()
    damaged = share_holding(project, NOTICE)
    damaged.write_bytes(b"\x00\xff garbage")
    load_project(project)
    held = json.loads(damaged.read_text(encoding="utf-8"))["files"]  # written again
    assert NOTICE in held and sorted(parsed_files) == sorted(held)
    assert capsys.readouterr().err.count("\n") == 1


def test_a_build_after_one_edit_rewrites_one_share_of_the_record(project):
    load_project(project)
    times = {p.name: p.stat().st_mtime_ns for p in (project / RECORD).iterdir()}
    assert len(times) > content_cache.SHARES // 2  # the other community fills most shares
    edited = project / NOTICE
    edited.write_text(edited.read_text(encoding="utf-8").replace("312件", "313件"), "utf-8")
    load_project(project)
    rewritten = [
        p.name for p in (project / RECORD).iterdir() if p.stat().st_mtime_ns != times[p.name]
    ]
    assert rewritten == [share_holding(project, NOTICE).name]


def test_damaged_entries_of_a_valid_record_are_read_again(project, parsed_files):
    load_project(project)
    record_lines(project, NOTICE, "not a list")
    parsed_files.clear()
    load_project(project)
    assert parsed_files == [NOTICE]


def test_damaged_lines_in_a_record_cost_only_the_line_numbers(project, parsed_files):
    """A file's lines are read from the record when a message first needs one; a text
    damaged past the first look gives a message without a line, never a traceback."""
    load_project(project)
    record_lines(project, NOTICE, '["title", "not a line"]')
    parsed_files.clear()
    again = load_project(project).project
    item = next(i for i in again.announcements if i.source.shown == NOTICE)
    assert parsed_files == []
    assert item.source.line_of("title") is None
    assert dict(item.source.lines) == {}


def test_another_version_of_the_program_reads_everything(project, parsed_files, monkeypatch):
    load_project(project)
    parsed_files.clear()
    monkeypatch.setattr(content_cache, "code_salt", lambda: "another version")
    load_project(project)
    assert len(parsed_files) > 50


def test_sites_built_from_the_record_equal_sites_built_from_nothing(project, tmp_path):
    """Build, edit one file, build again (from the record); then build the same content
    with no record at all: every file of the two sites is the same."""
    build(project, today=TODAY, site_dir=tmp_path / "first")
    edited = project / NOTICE
    edited.write_text(edited.read_text(encoding="utf-8").replace("312件", "313件"), "utf-8")
    build(project, today=TODAY, site_dir=tmp_path / "warm")
    shutil.rmtree(project / ".board-cache")
    build(project, today=TODAY, site_dir=tmp_path / "cold")
    assert same_tree(tmp_path / "warm", tmp_path / "cold")
    assert "313件" in (
        tmp_path / "warm/announcements/2026-11-12-quarter-report/index.html"
    ).read_text(encoding="utf-8")


def test_a_preview_keeps_the_files_in_memory_and_writes_them_when_it_stops(project, parsed_files):
    """`board serve` holds one cache for all its rebuilds."""
    contents = content_cache.ContentCache.of_project(project)
    load_project(project, contents)
    assert not (project / RECORD).exists()  # nothing written while the preview runs
    parsed_files.clear()
    edited = project / NOTICE
    edited.write_text(edited.read_text(encoding="utf-8").replace("312件", "314件"), "utf-8")
    load_project(project, contents)
    assert parsed_files == [NOTICE]
    contents.save()
    parsed_files.clear()
    again = load_project(project).project  # a later build reads the record
    assert parsed_files == []
    assert any("314件" in a.source.body for a in again.announcements)
