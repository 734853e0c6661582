"""The fast paths of a build give exactly what the slow ones would.

Speed itself is measured in bench/ (docs/benchmarks.md), never here."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from conftest import DEMO_TODAY, ROOT

from bench.corpus import edit_one_item, write_board_corpus
from generator.commands.build import build
from generator.content.yamlio import _FastLoader, _Loader, _read, load_yaml
from generator.site import pages


def tree_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def assert_same_tree(first: Path, second: Path) -> None:
    assert tree_files(first) == tree_files(second)
    for name in tree_files(first):
        assert filecmp.cmp(first / name, second / name, shallow=False), name


@pytest.fixture()
def demo_without_print(tmp_path) -> Path:
    """The demo community, printing switched off (prints are tested in test_print)."""
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "content", root / "content")
    text = (ROOT / "site_config.yml").read_text(encoding="utf-8")
    (root / "site_config.yml").write_text(
        text.replace("print:\n", "print:\n  enabled: false\n"), encoding="utf-8"
    )
    return root


def test_page_shells_give_the_same_pages_as_full_renders(demo_without_print, tmp_path, monkeypatch):
    """The fast build draws chrome from shells and plain bodies with one shared Markdown
    instance; the full build draws every page through Material's templates and MkDocs'
    own Markdown rendering."""
    fast = build(demo_without_print, today=DEMO_TODAY, site_dir=tmp_path / "fast").site_dir
    monkeypatch.setattr(pages.PageRenderer, "use_shells", False)
    monkeypatch.setattr(pages, "needs_mkdocs", lambda body: True)
    shutil.rmtree(demo_without_print / ".board-cache")
    full = build(demo_without_print, today=DEMO_TODAY, site_dir=tmp_path / "full").site_dir
    assert_same_tree(fast, full)
    # the item pages really took the shell path: their shape is drawn with markers
    assert "boardslot" not in (
        fast / "notices" / "2026-11-wenming-family" / "index.html"
    ).read_text(encoding="utf-8")


def test_rebuild_after_an_edit_equals_a_clean_build_byte_for_byte(tmp_path):
    project = write_board_corpus(400, tmp_path / "corpus")
    site = build(project, today=DEMO_TODAY).site_dir
    untouched = site / "notices"
    before = {p: p.stat().st_ino for p in untouched.rglob("index.html")}
    edited = edit_one_item(project, "已更新")
    rebuilt = build(project, today=DEMO_TODAY).site_dir
    # the edited page shows the edit, pages it does not touch are the same files
    page = rebuilt / "announcements" / edited.stem / "index.html"
    assert "已更新" in page.read_text(encoding="utf-8")
    reused = sum(p.stat().st_ino == inode for p, inode in before.items() if p.exists())
    assert reused >= 0.9 * len(before)
    shutil.rmtree(project / ".board-cache")
    clean = build(project, today=DEMO_TODAY, site_dir=tmp_path / "clean").site_dir
    assert_same_tree(rebuilt, clean)


def test_pages_render_the_same_in_workers_and_in_one_process(tmp_path, monkeypatch):
    project = write_board_corpus(400, tmp_path / "corpus")
    monkeypatch.setattr(pages, "PARALLEL_FROM", 1)
    forked = build(project, today=DEMO_TODAY, site_dir=tmp_path / "forked").site_dir
    monkeypatch.setattr(pages, "PARALLEL_FROM", 10**9)
    shutil.rmtree(project / ".board-cache")
    single = build(project, today=DEMO_TODAY, site_dir=tmp_path / "single").site_dir
    assert_same_tree(forked, single)


def test_a_new_day_redraws_what_depends_on_the_date(tmp_path):
    project = write_board_corpus(200, tmp_path / "corpus")
    build(project, today="2026-11-21")
    site = build(project, today="2026-11-22").site_dir
    shutil.rmtree(project / ".board-cache")
    clean = build(project, today="2026-11-22", site_dir=tmp_path / "clean").site_dir
    assert_same_tree(site, clean)


def test_a_broken_link_is_reported_again_when_the_page_is_reused(tmp_path):
    project = write_board_corpus(50, tmp_path / "corpus")
    item = sorted((project / "content" / "announcements").glob("*.md"))[0]
    item.write_text(item.read_text(encoding="utf-8") + "\n[见附件](missing.md)\n", encoding="utf-8")
    first = build(project, today=DEMO_TODAY).warnings
    second = build(project, today=DEMO_TODAY).warnings
    assert any("missing.md" in w.en for w in first)
    assert [w.en for w in first if "missing.md" in w.en] == [
        w.en for w in second if "missing.md" in w.en
    ]


def content_texts() -> list[tuple[str, str, int]]:
    found = []
    for path in sorted((ROOT / "content").rglob("*")):
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8-sig")
            lines = text.split("\n")
            end = next(n for n in range(1, len(lines)) if lines[n].strip() == "---")
            found.append((str(path), "\n".join(lines[1:end]), 2))
        elif path.suffix == ".yml":
            found.append((str(path), path.read_text(encoding="utf-8-sig"), 1))
    return found


@pytest.mark.parametrize(
    ("name", "text", "first"),
    content_texts(),
    ids=lambda v: Path(v).name if isinstance(v, str) and "/" in v else "",
)
def test_libyaml_reads_every_content_file_as_the_python_reader_does(name, text, first):
    fast = _read(_FastLoader(text), first - 1, first)
    slow = _read(_Loader(text), first - 1, first)
    assert (fast.data, fast.lines) == (slow.data, slow.lines)


def test_yaml_errors_keep_the_python_readers_messages():
    text = "title: 标题\ndate: 2026-11-21\n  category: 通知\n"
    with pytest.raises(Exception) as fast:
        load_yaml(text)
    with pytest.raises(Exception) as slow:
        _read(_Loader(text), 0, 1)
    assert (fast.value.zh, fast.value.line) == (slow.value.zh, slow.value.line)
    alias = "a: &x 1\nb: *x\n"
    with pytest.raises(Exception) as refused:
        load_yaml(alias)
    assert "别名" in refused.value.zh and refused.value.line == 2
