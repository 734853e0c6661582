"""A rebuild writes into the spare folder (the site before the current one) only what
differs, then swaps it in. Whatever happened in between, the site equals a clean build of
the same project, byte for byte, and the site readers see is never written into."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import site_from
from other_community import TODAY, write_other_community
from test_atomic import tree_digest
from test_speed import assert_same_tree

from generator.commands.build import build
from generator.commands.serve import preview_build
from generator.content.cache import ContentCache
from generator.site import cache
from generator.site.cache import PageCache

NEXT_WEEK = "2026-12-03"  # the 文明家庭 notice's 公示期 has ended by then


def clean_build(root: Path, today: str, tmp_path: Path) -> Path:
    """The same project built from nothing, in a folder of its own."""
    copy = tmp_path / "clean-project"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns("site", ".site-*", ".board-cache"))
    return build(copy, today=today).site_dir


class Rebuilds:
    """Builds one project again and again, checking each result against a clean build
    and that the previous site (now the spare) was left exactly as readers saw it."""

    def __init__(self, root: Path, tmp_path: Path) -> None:
        self.root, self.tmp_path = root, tmp_path
        self.site = build(root, today=TODAY).site_dir

    def again(self, today: str = TODAY) -> Path:
        shown = tree_digest(self.site)
        build(self.root, today=today)
        assert tree_digest(self.root / ".site-spare") == shown, "the previous site was changed"
        assert_same_tree(self.site, clean_build(self.root, today, self.tmp_path))
        return self.site

    def page(self, url: str) -> str:
        return (self.site / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture()
def community(tmp_path) -> Rebuilds:
    return Rebuilds(write_other_community(tmp_path / "hexi"), tmp_path)


def announcement(root: Path, name: str) -> Path:
    return root / "content" / "announcements" / name


def test_edits_additions_deletions_and_renames_equal_a_clean_build(community):
    root = community.root
    repairs = announcement(root, "2026-11-05-repairs.md")
    repairs.write_text(repairs.read_text(encoding="utf-8").replace("公共维修", "楼道维修"))
    community.again()
    assert "11月楼道维修完成情况公告" in community.page("announcements/2026-11-05-repairs")

    added = announcement(root, "2026-11-20-heating.md")
    added.write_text(
        "---\ntitle: 供暖试运行通知\ndate: 2026-11-20\ncategory: 通知\n---\n试运行。\n"
    )
    community.again()
    assert "供暖试运行通知" in community.page("")

    added.unlink()
    site = community.again()
    assert not (site / "announcements" / "2026-11-20-heating").exists()
    assert "供暖试运行通知" not in community.page("")

    renamed = announcement(root, "2026-11-12-fourth-quarter-report.md")
    announcement(root, "2026-11-12-quarter-report.md").rename(renamed)
    site = community.again()
    assert (site / "announcements" / "2026-11-12-fourth-quarter-report" / "index.html").is_file()
    assert not (site / "announcements" / "2026-11-12-quarter-report").exists()


def test_a_new_date_moves_an_item_between_months(community):
    report = announcement(community.root, "2026-11-12-quarter-report.md")
    report.write_text(report.read_text(encoding="utf-8").replace("2026-11-12", "2026-10-30"))
    community.again()
    assert "第四季度居务公开" in community.page("archive/2026/10")
    assert "第四季度居务公开" not in community.page("archive/2026/11")


def test_a_notice_ends_on_a_later_day(community):
    before = community.page("notices")
    community.again(NEXT_WEEK)
    after = community.page("notices")
    assert before != after
    ended = after.split("已结束的公示", 1)[1]
    assert "2026年度河西新村社区“文明家庭”推荐对象公示" in ended


def test_a_configuration_change_rebuilds_every_page(community):
    config = community.root / "site_config.yml"
    pages = list(community.site.rglob("index.html"))
    before = {p: p.stat().st_ino for p in pages}
    config.write_text(config.read_text(encoding="utf-8").replace("河西新村", "河西新邨", 1))
    site = community.again()
    assert all((site / p.relative_to(community.site)).stat().st_ino != i for p, i in before.items())


def test_a_code_or_template_upgrade_starts_from_an_empty_folder(community, monkeypatch):
    community.again()  # now there is a spare
    stray = community.root / ".site-spare" / "left-by-an-old-version.html"
    stray.write_text("旧版本留下的文件", encoding="utf-8")
    upgraded = cache.code_fingerprint
    monkeypatch.setattr(cache, "code_fingerprint", lambda *a: "upgraded" + upgraded(*a))
    community.again()
    assert not stray.exists()


def test_a_photo_put_back_with_an_older_time_is_published(tmp_path):
    root = site_from(tmp_path)
    photo = root / "content" / "assets" / "photo.png"
    rebuilds = Rebuilds(root, tmp_path)
    old = photo.stat()
    rebuilds.again()  # the spare now holds a copy of the photo too
    photo.write_bytes(photo.read_bytes() + b"\0")  # another picture, restored from a backup
    os.utime(photo, ns=(old.st_atime_ns, old.st_mtime_ns - 10**9))
    site = rebuilds.again()
    assert (site / "assets" / "photo.png").read_bytes() == photo.read_bytes()


def test_a_lost_record_or_spare_gives_a_clean_build(community):
    community.again()  # now there is a spare and its record
    (community.root / ".board-cache" / cache.SPARE_RECORD).unlink()
    community.again()
    shutil.rmtree(community.root / ".site-spare")
    community.again()
    (community.root / ".board-cache" / cache.RECORD).unlink()
    community.again()


def test_the_cache_folder_is_kept_out_of_version_control(community):
    ignore = community.root / ".board-cache" / ".gitignore"
    assert ignore.read_text(encoding="utf-8") == "*\n"


def test_a_file_put_into_the_site_by_hand_does_not_come_and_go(community):
    community.again()  # now there is a spare
    stray = community.site / "google1234.html"
    stray.write_text("google-site-verification: google1234.html", encoding="utf-8")
    community.again()
    community.again()  # the folder it was put in is the site again: without it


def test_previews_after_saves_equal_previews_from_nothing(community, tmp_path):
    """`board serve` keeps its records, the validated files and the previous build's page
    plans in memory between saves and builds in its own spare: each preview still equals
    a first preview of the same project from nothing. The saves touch what a page shows
    of other files (a column's title on its issues, a new page's link, a masked mobile)
    and the day moves on."""
    root = community.root
    site, contents = tmp_path / "preview" / "site", ContentCache.of_project(root)
    site.parent.mkdir()
    pages, _ = preview_build(root, site, TODAY, contents, PageCache())
    repairs = announcement(root, "2026-11-05-repairs.md")
    report = announcement(root, "2026-11-12-quarter-report.md")
    column = root / "content" / "columns" / "safety" / "column.yml"
    issue = root / "content" / "columns" / "safety" / "2026-10-anti-fraud.md"
    linked = announcement(root, "2026-11-21-linked.md")
    later = announcement(root, "2026-11-20-later.md")
    saves = [
        (repairs, "公共维修", "楼道维修", TODAY),
        (report, "2026-11-12", "2026-10-30", TODAY),
        (repairs, "楼道维修", "公共维修", TODAY),  # back to a text an earlier preview showed
        (column, "平安河西宣传栏", "平安河西专栏", TODAY),  # shown on every issue's page
        (issue, "识破冒充客服退款骗局", "识破冒充客服骗局", TODAY),
        (repairs, "公共维修", "公共维修（电话 13912345678）", TODAY),  # now masked
        (linked, "", page("见后续通知", "2026-11-21", "[后续通知](2026-11-20-later.md)"), TODAY),
        (later, "", page("后续通知", "2026-11-20", "详见维修通知。"), TODAY),  # now linked to
        (report, "2026-10-30", "2026-10-31", NEXT_WEEK),  # and a week later
    ]
    for n, (path, old, new, today) in enumerate(saves):  # old "": a new file
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert old in text
        path.write_text(text.replace(old, new, 1) if old else new, encoding="utf-8")
        pages, _ = preview_build(root, site, today, contents, pages)
        fresh = tmp_path / f"fresh{n}"
        shutil.copytree(root, fresh, ignore=shutil.ignore_patterns("site", ".site-*", ".board-*"))
        (fresh / "preview").mkdir()
        first = fresh / "preview" / "site"
        preview_build(fresh, first, today, ContentCache.of_project(fresh), PageCache())
        assert_same_tree(site, first)


def page(title: str, day: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: {day}\ncategory: 通知\n---\n{body}\n"
