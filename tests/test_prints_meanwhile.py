"""After an edit, the few prints it changes are laid out in a forked process while the
site is drawn. The site is still exactly a clean build's: an edited print shows the edit,
and a print that turns out impossible is not linked from its page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from other_community import TODAY, write_other_community
from pypdf import PdfReader
from test_incremental import clean_build
from test_speed import assert_same_tree

from generator.commands.build import build
from generator.print import output

REPAIRS = "announcements/2026-11-05-repairs"
WIDE_TABLE = "\n\n" + "\n".join(
    "|" + "|".join([cell] * 40) + "|" for cell in ("ABCDEFGHIJKLMNOP", "---", "ABCDEFGHIJKLMNOP")
)


@dataclass
class Printing:
    root: Path
    started: list = field(default_factory=list)  # the prints laid out in the background


@pytest.fixture()
def printing_community(tmp_path, monkeypatch) -> Printing:
    """The other community with printing on (as users get it), built once; later builds
    lay out up to seven changed prints in the background, whatever this machine's cores."""
    root = write_other_community(tmp_path / "hexi")
    config = root / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("print:\n  enabled: false\n", ""), "utf-8"
    )
    build(root, today=TODAY)
    printing = Printing(root)

    class Counted(output.Background):
        def __init__(self, function) -> None:
            printing.started.append(function)
            super().__init__(function)

    monkeypatch.setattr(output, "cores", lambda: 8)
    monkeypatch.setattr(output, "Background", Counted)
    return printing


def edit_repairs(root: Path, addition: str) -> None:
    source = root / "content" / f"{REPAIRS}.md"
    source.write_text(source.read_text(encoding="utf-8") + addition, encoding="utf-8")


def digest_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(path).pages).replace(" ", "")


def test_a_print_laid_out_meanwhile_shows_the_edit(printing_community, tmp_path):
    root = printing_community.root
    edit_repairs(root, "\n另：楼道灯已全部更换。\n")
    result = build(root, today=TODAY)
    assert len(printing_community.started) == 1
    assert "楼道灯已全部更换" in pdf_text(result.site_dir / "print" / f"{REPAIRS}.pdf")
    assert_same_tree(result.site_dir, clean_build(root, TODAY, tmp_path))


def test_a_print_that_fails_meanwhile_is_not_linked_from_its_page(printing_community, tmp_path):
    root = printing_community.root
    page = root / "site" / REPAIRS / "index.html"
    assert f"print/{REPAIRS}.pdf" in page.read_text(encoding="utf-8")
    edit_repairs(root, WIDE_TABLE)
    result = build(root, today=TODAY)
    assert len(printing_community.started) == 1
    assert f"print/{REPAIRS}.pdf" not in page.read_text(encoding="utf-8")
    assert not (result.site_dir / "print" / f"{REPAIRS}.pdf").exists()
    wide = [w for w in result.warnings if w.file.endswith("repairs.md") and "表格比纸面宽" in w.zh]
    assert len(wide) == 1, "the print's problem is reported once"
    assert_same_tree(result.site_dir, clean_build(root, TODAY, tmp_path))


def test_an_edit_leaves_the_prints_of_the_previous_site_as_they_were(printing_community):
    """The site's prints are the print store's files, linked: an edit replaces the
    store's file and the new site's, never the bytes the previous site still shows."""
    root = printing_community.root
    build(root, today=TODAY)  # the previous site, linked from the store
    before = digest_of(root / "site" / "print" / f"{REPAIRS}.pdf")
    edit_repairs(root, "\n另：楼道灯已全部更换。\n")
    result = build(root, today=TODAY)
    previous = root / ".site-spare" / "print" / f"{REPAIRS}.pdf"
    assert digest_of(previous) == before
    assert "楼道灯已全部更换" in pdf_text(result.site_dir / "print" / f"{REPAIRS}.pdf")
    assert "楼道灯已全部更换" not in pdf_text(previous)
