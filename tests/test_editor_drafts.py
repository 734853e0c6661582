"""The editor's preview of a draft: the real page and the real print of text not yet
saved, drawn beside the project without touching it."""

from __future__ import annotations

import threading

import pytest
from other_community import TODAY, write_other_community

from generator.commands.drafts import DraftSite
from generator.commands.serve import preview_site


@pytest.fixture
def project(tmp_path):
    root = tmp_path / "project"
    write_other_community(root)
    return root


def _files(root):
    """The project's files; the cache folder (safe to delete, made on first use) apart."""
    return {
        p: p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".board-cache" not in p.parts
    }


def _announcement(root) -> str:
    path = next(p for p in sorted((root / "content").rglob("*.md")) if "announcements" in p.parts)
    return path.relative_to(root).as_posix()


def test_a_draft_is_drawn_as_the_page_and_the_print_without_touching_the_project(project, tmp_path):
    drafts = DraftSite(project, tmp_path / "work", TODAY, threading.Lock(), preview_site)
    before = _files(project)
    rel = _announcement(project)
    text = (project / rel).read_text(encoding="utf-8")
    draft_text = text.replace("title:", "title: 草稿标题", 1).replace(
        "\n---\n", "\n---\n\n值班电话 13912345678。\n", 1
    )
    draft = drafts.draft(rel, draft_text)
    assert draft.page and draft.print_page
    page = (drafts.folder / draft.page / "index.html").read_text(encoding="utf-8")
    assert "草稿标题" in page and "139****5678" in page and "13912345678" not in page
    sheet = (drafts.folder / draft.print_page).read_text(encoding="utf-8")
    assert "草稿标题" in sheet
    assert any("139****5678" in p.zh for p in draft.problems)  # the warning check gives
    assert _files(project) == before
    kept = [p.read_bytes() for p in (project / ".board-cache").rglob("*") if p.is_file()]
    assert not any("草稿标题".encode() in data for data in kept)


def test_a_broken_draft_says_why_and_draws_nothing(project, tmp_path):
    drafts = DraftSite(project, tmp_path / "work", TODAY, threading.Lock(), preview_site)
    rel = _announcement(project)
    draft = drafts.draft(rel, "---\ntitle: 没有日期\ncategory: 不存在\n---\n正文\n")
    assert draft.page is None and draft.print_page is None
    assert {p.file for p in draft.problems} == {rel}
    assert "预览暂停" in draft.note


def test_a_draft_dated_later_explains_why_it_has_no_page(project, tmp_path):
    drafts = DraftSite(project, tmp_path / "work", TODAY, threading.Lock(), preview_site)
    rel = "content/announcements/later.md"
    draft = drafts.draft(
        rel, "---\ntitle: 下月的通知\ndate: 2027-01-05\ncategory: 通知\n---\n正文\n"
    )
    assert draft.page is None and "未到发布日期" in draft.note


def test_the_site_is_drawn_once_when_the_editor_opens(project, tmp_path):
    drafts = DraftSite(project, tmp_path / "work", TODAY, threading.Lock(), preview_site)
    drafts.warm()
    drafts.warm()  # a second page of the editor does not draw it again
    assert drafts._warming is not None
    drafts._warming.join(timeout=120)
    assert (drafts.folder / "index.html").is_file()
    rel = _announcement(project)
    draft = drafts.draft(rel, (project / rel).read_text(encoding="utf-8"))
    assert draft.page and (drafts.folder / draft.page / "index.html").is_file()
