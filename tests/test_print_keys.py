"""A print is reused only while nothing it shows has changed: its key is taken from what
it is drawn from (entries and their statuses at the build date, the site's configuration,
the engine's code), and the pictures it embeds are checked by their bytes. Deciding that
nothing changed lays nothing out, and a reused print is byte for byte a fresh one."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from conftest import DEMO_TODAY, ROOT, site_from
from PIL import Image
from pypdf import PdfReader

from generator.commands.build import build
from generator.commands.print import print_documents
from generator.content.loader import load_snapshot
from generator.content.snapshot import Badge, PublicNotice
from generator.print import keys as print_keys
from generator.print.documents import current_documents
from generator.print.fonts import print_fonts

NEXT_DAY = "2026-11-22"


def demo_project(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site_config.yml", root)
    return root


def other_project(tmp_path: Path) -> Path:
    from other_community import write_other_community

    return write_other_community(tmp_path / "other")


PROJECTS = {"demo": demo_project, "other": other_project}


def keys_of(root: Path, today: str = DEMO_TODAY) -> dict[str, str]:
    """Every current document's key, as `board build` takes them."""
    snapshot, _, _ = load_snapshot(root, today)
    keys = print_keys.PrintKeys(snapshot, print_fonts(snapshot.config.print.fonts))
    return {doc.key: keys.key(doc, doc.tile) for doc in current_documents(snapshot)}


def documents(root: Path, today: str = DEMO_TODAY):
    snapshot, _, _ = load_snapshot(root, today)
    return snapshot, current_documents(snapshot)


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


def showing(docs, print_key: str) -> set[str]:
    """The documents that show the item printed under `print_key`: its own and boards."""
    return {
        d.key
        for d in docs
        if (d.entry and d.entry.print_key == print_key)
        or any(e.print_key == print_key for e in d.entries)
    }


def first_announcement(root: Path):
    _, docs = documents(root)
    doc = next(d for d in docs if d.entry and d.entry.kind == "announcement")
    return doc, root / "content" / doc.entry.item.source.src_uri


@pytest.mark.parametrize("project", PROJECTS)
def test_an_edited_title_changes_the_keys_of_that_item_and_the_boards_showing_it(tmp_path, project):
    root = PROJECTS[project](tmp_path)
    before = keys_of(root)
    doc, path = first_announcement(root)
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", r"title: \1（更正）", text, count=1, flags=re.M))
    _, docs = documents(root)
    assert changed(before, keys_of(root)) == showing(docs, doc.key) != set()


@pytest.mark.parametrize("project", PROJECTS)
def test_an_edited_body_changes_the_keys_of_that_item_and_the_boards_showing_it(tmp_path, project):
    root = PROJECTS[project](tmp_path)
    before = keys_of(root)
    doc, path = first_announcement(root)
    path.write_text(path.read_text(encoding="utf-8") + "\n补充：周六照常开放。\n", "utf-8")
    _, docs = documents(root)
    assert changed(before, keys_of(root)) == showing(docs, doc.key) != set()


KEYS_IN_A_PROCESS = """\
import json, sys
from pathlib import Path
from generator.content.loader import load_snapshot
from generator.print.documents import current_documents
from generator.print.fonts import print_fonts
from generator.print.keys import PrintKeys
snapshot, _, _ = load_snapshot(Path(sys.argv[1]), sys.argv[2])
keys = PrintKeys(snapshot, print_fonts(snapshot.config.print.fonts))
print(json.dumps({d.key: keys.key(d, d.tile) for d in current_documents(snapshot)}))
"""


@pytest.mark.parametrize("project", PROJECTS)
def test_the_keys_are_the_same_when_nothing_changed_in_any_process(tmp_path, project):
    """A key never depends on the process (the order of sets, object addresses)."""
    root = PROJECTS[project](tmp_path)
    found = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", KEYS_IN_A_PROCESS, str(root), DEMO_TODAY],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        )
        found.append(json.loads(done.stdout))
    assert found[0] == found[1] == keys_of(root) != {}


def edit_config(root: Path, pattern: str, replacement: str) -> None:
    config = root / "site_config.yml"
    text = config.read_text(encoding="utf-8")
    edited = re.sub(pattern, replacement, text, count=1, flags=re.M)
    assert edited != text
    config.write_text(edited, encoding="utf-8")


def keys_around_config_edit(tmp_path, project: str, pattern: str, replacement: str):
    """The print keys of `project` before and after one edit of its site_config.yml."""
    root = PROJECTS[project](tmp_path)
    before = keys_of(root)
    edit_config(root, pattern, replacement)
    return before, keys_of(root)


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        (r"^(community:\n  name: ).*$", r"\1某某社区居民委员会"),
        (r"^(site:\n(?:  .*\n)*?  url: ).*$", r"\1https://board.example.cn/new/"),
    ],
    ids=["community name", "site url"],
)
@pytest.mark.parametrize("project", PROJECTS)
def test_a_changed_community_name_or_site_url_changes_every_key(
    tmp_path, project, pattern, replacement
):
    """Every print names the community (or its publisher) and carries a QR code to
    its page on the site."""
    before, after = keys_around_config_edit(tmp_path, project, pattern, replacement)
    assert changed(before, after) == set(before)


@pytest.mark.parametrize(
    ("pattern", "replacement"),
    [
        (r"^(  address: ).*$", r"\1新街1号"),
        (r"^(community:\n(?:  .*\n)*?  phone: ).*$", r"\g<1>0731-85559999"),
    ],
    ids=["address", "phone"],
)
@pytest.mark.parametrize("project", PROJECTS)
def test_a_changed_community_address_or_phone_changes_the_boards_keys(
    tmp_path, project, pattern, replacement
):
    """A board's footer shows the community's address and telephone."""
    before, after = keys_around_config_edit(tmp_path, project, pattern, replacement)
    boards = {key for key in before if key.startswith("boards/")}
    assert boards and boards <= changed(before, after)


def test_a_notices_days_left_shown_on_a_board_changes_the_boards_key(tmp_path):
    """The board card shows 公示中 剩N天, which counts down with the build date."""
    root = demo_project(tmp_path)
    snapshot, docs = documents(root)
    keys = print_keys.PrintKeys(snapshot, print_fonts(snapshot.config.print.fonts))
    board = next(d for d in docs if any(isinstance(e, PublicNotice) for e in d.entries))
    notice = next(e for e in board.entries if isinstance(e, PublicNotice))
    assert "剩" in notice.badges[0].label
    counted_down = dataclasses.replace(notice, badges=(Badge("公示中 剩1天", "active"),))
    entries = tuple(counted_down if e is notice else e for e in board.entries)
    assert keys.key(board, board.tile) != keys.key(
        dataclasses.replace(board, entries=entries), board.tile
    )


@pytest.mark.parametrize("project", PROJECTS)
def test_the_next_day_changes_the_keys_of_boards_not_of_unchanged_announcements(tmp_path, project):
    """A board of current items prints its 更新 date; an announcement's sheet and a
    column's board show nothing of the day."""
    root = PROJECTS[project](tmp_path)
    before, after = keys_of(root), keys_of(root, NEXT_DAY)
    _, docs = documents(root)
    boards = {d.key for d in docs if d.composition}
    kept = {key for key in before if key.startswith("announcements/")} - changed(before, after)
    assert boards and boards <= changed(before, after)
    assert kept


def test_a_new_print_engine_changes_every_key(tmp_path, monkeypatch):
    root = demo_project(tmp_path)
    before = keys_of(root)
    monkeypatch.setattr(print_keys, "engine_salt", lambda: "another engine")
    assert changed(before, keys_of(root)) == set(before)


def test_the_engine_salt_changes_with_a_print_template(tmp_path, monkeypatch):
    templates = tmp_path / "print"
    shutil.copytree(print_keys.PRINT_DIR, templates)
    monkeypatch.setattr(print_keys, "_CODE", (templates,))
    before = print_keys.engine_salt()
    css = templates / "print.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.urgent-banner { color: red; }\n")
    assert print_keys.engine_salt() != before


def test_what_templates_read_of_the_snapshot_is_found_through_extends_and_imports():
    """A board prints the build date; a template that hands the whole snapshot on, or
    includes a template by a computed name, counts as reading all of it."""
    templates = {
        "base.html": "{% block sheet %}{% endblock %}",
        "_macros.html": "{% macro stamp() %}{{ snapshot.now }}{% endmacro %}",
        "dated.html": (
            '{% extends "base.html" %}{% import "_macros.html" as m with context %}'
            "{% block sheet %}{{ snapshot.today }}{{ m.stamp() }}{% endblock %}"
        ),
        "whole.html": '{% extends "base.html" %}{% block sheet %}{{ f(snapshot) }}{% endblock %}',
        "computed.html": "{% include name %}",
    }
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    assert print_keys.snapshot_reads(env, ("dated.html",)) == {"today", "now"}
    assert print_keys.snapshot_reads(env, ("whole.html",)) is None
    assert print_keys.snapshot_reads(env, ("computed.html",)) is None
    real = print_keys.template_env()
    assert print_keys.snapshot_reads(real, ("board.html", print_keys.TILES)) == {"today"}


# -- real prints ---------------------------------------------------------------------


def png(color: str) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (60, 40), color).save(data, "PNG")
    return data.getvalue()


HONORS = (
    "title: 2026年11月红黑榜\nperiod: 2026年11月\npublished: 2026-11-15\n"
    "red:\n  - name: 李建国家庭\n    kind: 文明家庭\n    photo: assets/photo.png\n"
)
WITH_PICTURE = (
    "---\ntitle: 楼道整治前后对比\ndate: 2026-11-10\ncategory: 通知\n---\n"
    "各位居民：整治后的楼道如下图。\n\n![整治后](../assets/photo.png)\n"
)
PICTURES = {
    "honors photo": ("content/honors/2026-11.yml", HONORS, "honors/2026-11/"),
    "body image": ("content/announcements/tidy.md", WITH_PICTURE, "announcements/tidy/"),
}


@pytest.mark.parametrize("case", PICTURES)
def test_a_picture_replaced_under_the_same_name_is_printed_again(tmp_path, case):
    path, text, ref = PICTURES[case]
    root = site_from(tmp_path, files={path: text, "content/assets/photo.png": png("red")})

    def printed(out: str) -> bytes:
        result = print_documents(root, [ref], out=tmp_path / out, today=DEMO_TODAY)
        assert result.problems == []
        return result.files[0].read_bytes()

    red = printed("red")
    (root / "content/assets/photo.png").write_bytes(png("blue"))
    blue = printed("blue")
    shutil.rmtree(root / ".board-cache")
    assert blue != red
    assert blue == printed("clean")


def test_a_picture_added_after_printing_without_it_is_printed(tmp_path):
    root = site_from(tmp_path, files={"content/announcements/tidy.md": WITH_PICTURE})
    (root / "content/assets/photo.png").unlink()

    def printed(out: str) -> bytes:
        result = print_documents(
            root, ["announcements/tidy/"], out=tmp_path / out, today=DEMO_TODAY
        )
        return result.files[0].read_bytes()

    without = printed("without")
    (root / "content/assets/photo.png").write_bytes(png("green"))
    assert b"/Image" not in without
    assert b"/Image" in printed("with")


BOARD_NOTICE = """\
---
title: 关于楼栋长人选的公示
kind: 楼栋长
issued: 2026-11-18
period: {start: 2026-11-19, end: 2026-11-25}
applicants:
  - name: 王秀英
    unit: 3栋
    summary: 热心楼栋事务。
contact:
  person: 刘芳
  phone: 0731-85550001
---
现将楼栋长人选予以公示。
"""


def site_prints(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in (site / "print").rglob("*")
        if p.is_file()
    }


def test_a_second_build_lays_nothing_out_and_writes_the_same_prints(tmp_path, monkeypatch):
    root = site_from(tmp_path, files={"content/notices/leader.md": BOARD_NOTICE})
    first = site_prints(build(root, today=DEMO_TODAY).site_dir)

    def refuse(*args):
        raise AssertionError("a print was laid out again")

    monkeypatch.setattr("generator.print.engine.print_all", refuse)
    again = site_prints(build(root, today=DEMO_TODAY).site_dir)
    assert again == first and "print/boards/window.pdf" in first


@pytest.mark.parametrize("notice", [True, False], ids=["with a notice", "announcements only"])
def test_the_next_days_prints_are_those_of_a_clean_build_of_that_day(tmp_path, notice):
    """The board's 更新 date (and a notice's 剩N天 on it) move on; the announcement's
    sheet is kept."""
    files = {"content/notices/leader.md": BOARD_NOTICE} if notice else {}
    root = site_from(tmp_path, files=files)
    build(root, today=DEMO_TODAY)
    store = root / ".board-cache" / "prints"
    kept = {p.name: p.stat().st_mtime_ns for p in store.glob("*.pdf")}
    today = site_prints(root / "site")
    next_day = site_prints(build(root, today=NEXT_DAY).site_dir)
    unchanged = {name for name in kept if (store / name).exists()}
    assert unchanged and all((store / n).stat().st_mtime_ns == kept[n] for n in unchanged)
    clean = site_from(tmp_path / "clean", files=files)
    assert site_prints(build(clean, today=NEXT_DAY).site_dir) == next_day
    board = "print/boards/window.pdf"
    assert next_day[board] != today[board]
    text = "".join(p.extract_text() or "" for p in PdfReader(root / "site" / board).pages)
    assert "2026年11月22日更新" in text.replace(" ", "")
    assert ("剩4天" in text.replace(" ", "")) == notice
