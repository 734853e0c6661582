"""A build sets the loaded project aside from Python's cycle collector while it draws the
site, and hands it back when it is done, whatever happens: the preview builds again and
again in one process, and anything left set aside could never be freed."""

from __future__ import annotations

import gc
import tempfile
from pathlib import Path

import pytest
from other_community import TODAY, write_other_community

from generator.commands.build import build
from generator.commands.serve import preview_build
from generator.content.cache import ContentCache
from generator.errors import BoardError
from generator.site.cache import PageCache


@pytest.fixture()
def community(tmp_path) -> Path:
    return write_other_community(tmp_path / "hexi")


def test_a_build_hands_everything_back(community):
    build(community, today=TODAY)
    assert gc.get_freeze_count() == 0


def test_a_failed_build_hands_everything_back(community):
    notice = community / "content" / "announcements" / "2026-11-05-repairs.md"
    notice.write_text(notice.read_text(encoding="utf-8") + "\n[附件](nowhere.md)\n", "utf-8")
    with pytest.raises(BoardError) as failed:
        build(community, today=TODAY, strict=True)  # the broken link fails it while drawing
    assert any("nowhere.md" in p.en for p in failed.value.problems)
    assert gc.get_freeze_count() == 0


def test_saves_in_the_preview_leave_nothing_set_aside(community):
    """Three previews, as three saves would make them: nothing stays set aside, so what
    one preview loaded can be freed once the next one has replaced it."""
    site = Path(tempfile.mkdtemp(dir=community)) / "site"
    contents, cache = ContentCache.of_project(community), PageCache()
    notice = community / "content" / "announcements" / "2026-11-05-repairs.md"
    for turn in range(3):
        notice.write_text(notice.read_text(encoding="utf-8") + f"\n第{turn}次修改。\n", "utf-8")
        cache, _ = preview_build(community, site, TODAY, contents, cache)
        assert gc.get_freeze_count() == 0
