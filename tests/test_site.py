"""End-to-end: the demo community built at 2026-11-21, read as a visitor would."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import DEMO_TODAY, ROOT, announcement_page, site_from

from generator.commands.build import build
from generator.content.loader import load_snapshot
from generator.site.build import render_site

SCHEDULED = ["2026-11-28-fire-drill", "2026-12-constitution-day"]
RAW_PRIVATE = [
    "13807315678",
    "13907318826",
    "430103198805121234",
    "刘德明",
    "王建华",
    "欧阳明辉",
    "孙建军",
    "司马晓东",
    "湘A·6K7Q8",
    "湘A·12345",
    "湘A·D12345",
]


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def every_file_text(site: Path):
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt", ".js"}:
            yield path, path.read_text(encoding="utf-8", errors="ignore")


def test_home_shows_what_is_current(demo_site):
    home = text_of(page(demo_site, ""))
    assert "今天是 2026年11月21日 星期六" in home
    assert re.search(r"紧急通知 关于11月23日白沙路片区临时停水的紧急通知", home)
    # Pinned first, in order, before the newest unpinned item.
    assert (
        home.index("冬季消防安全提示")
        < home.index("关于调整社区网格划分")
        < home.index("关于11月23日白沙路片区临时停水的紧急通知 紧急")
    )
    assert "公示中 剩4天" in home and "公示中 剩6天" in home
    assert "2026年11月文明创建红黑榜" in home
    assert re.search(r"本期： ?第8期", home)


def test_scheduled_items_appear_nowhere(demo_site):
    for slug in SCHEDULED:
        assert not (demo_site / "announcements" / slug).exists()
    assert not (demo_site / "honors" / "2026-12").exists()
    for path, text in every_file_text(demo_site):
        for marker in [*SCHEDULED, "消防演练", "宪法宣传日", "2026年12月文明创建红黑榜"]:
            assert marker not in text, f"{marker} leaked into {path}"


def test_expired_items_live_only_in_the_archive(demo_site):
    # 停水通知-白沙路.md: urgent, dated 2025-12-16 07:40, expired 2025-12-17.
    item = text_of(page(demo_site, "announcements/ting-shui-tong-zhi-bai-sha-lu"))
    assert "已过期 本公告已于 2025年12月17日 截止" in item
    for url in ("", "announcements/"):
        assert "ting-shui-tong-zhi-bai-sha-lu" not in page(demo_site, url)
    december = page(demo_site, "archive/2025/12")
    entry = re.search(r'href="[^"]*ting-shui-tong-zhi-bai-sha-lu/".*?</li>', december, re.S)
    assert entry and "已过期" in entry.group(0)


def test_notice_states(demo_site):
    notices = text_of(page(demo_site, "notices/"))
    assert "公示中 剩4天" in notices and "未开始" in notices
    # Ended notices stay public record, listed after the open ones.
    listed = notices.split("已结束的公示", 1)[1]
    assert "“文明社区”" in listed and "已结束" in listed
    ended = text_of(page(demo_site, "notices/2026-09-wenming-community"))
    assert re.search(r"公示期： ?2026年9月28日 ?至 ?2026年10月9日", ended) and "已结束" in ended


def test_chinese_file_names_get_pinyin_urls(demo_site):
    assert (demo_site / "announcements/dong-ji-xiao-fang-an-quan-ti-shi/index.html").is_file()


def test_private_data_never_reaches_any_output(demo_site):
    for path, text in every_file_text(demo_site):
        for raw in RAW_PRIVATE:
            assert raw not in text.replace("\u200b", ""), f"{raw} in {path}"
    honors = text_of(page(demo_site, "honors/2026-11"))
    assert "5栋住户刘**" in honors and "湘A·****8" in honors


def test_black_entries_past_retention_are_gone(demo_site):
    may = text_of(page(demo_site, "honors/2026-05"))
    assert "孙**" not in may and "本期黑榜信息已到期撤下" in may
    assert "鑫旺烟酒商行" not in text_of(page(demo_site, "honors/2026-11"))


def test_search_index_has_bodies_but_not_lists_or_scheduled(demo_site):
    index = json.loads((demo_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "announcements/2026-11-water-cut/" in locations
    assert "" not in locations and "announcements/" not in locations
    water = next(d for d in index["docs"] if d["location"] == "announcements/2026-11-water-cut/")
    assert "\u200b" in water["text"]  # jieba segmented the Chinese text


def test_sitemap_lists_public_pages_only(demo_site):
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://example.org/board/notices/2026-11-wenming-family/" in sitemap
    assert "fire-drill" not in sitemap


def test_overdue_columns_are_marked_in_the_preview_only(demo_site, tmp_path):
    """Residents read the published site; the staff's reminders (超期, 应有N期) are for
    `board serve` and `board check`, and would freeze on a stale build."""
    published = [text_of(page(demo_site, url)) for url in ("", "columns/", "columns/law")]
    assert not any("超期" in text or "应有" in text for text in published)
    health = text_of(page(demo_site, "columns/health"))
    assert "本期" in health and "第9期" not in health
    snapshot = load_snapshot(ROOT, DEMO_TODAY).snapshot
    preview = tmp_path / "preview"
    preview.mkdir()
    render_site(ROOT, snapshot, preview, preview=True)
    assert "法治宣传栏 超期14天未更换" in text_of(page(preview, "columns/"))
    law = text_of(page(preview, "columns/law"))
    assert "本期已上栏超过更换周期 14 天" in law and "到今天应有 10 期" in law


def test_free_pages_in_navigation(demo_site):
    home = page(demo_site, "")
    assert "社区简介" in home and "联系我们" in home
    assert "文庙坪社区" in text_of(page(demo_site, "pages/about"))


def test_404_page_is_chinese(demo_site):
    assert "找不到这个页面" in (demo_site / "404.html").read_text(encoding="utf-8")


def test_sections_paginate_twenty_a_page(tmp_path):
    items = {
        f"content/announcements/n{i:02d}.md": f"---\ntitle: 第{i}号通知\ndate: 2026-10-{i % 28 + 1}\ncategory: 通知\n---\n正文{i}\n"
        for i in range(45)
    }
    root = site_from(tmp_path, files=items)
    out = build(root, today="2026-11-21").site_dir
    first, third = page(out, "announcements/"), page(out, "announcements/page/3/")
    assert first.count("board-entry--announcement") == 20
    assert third.count("board-entry--announcement") == 6
    assert "第 3 / 3 页" in text_of(third) and 'rel="prev"' in third


def test_markdown_body_images_links_and_two_space_lists(tmp_path):
    body = (
        "![照片](../assets/photo.png)\n\n- 一级\n  - 二级\n\n"
        '[另一则](ok.md)\n\n<script>alert(1)</script><p onclick="x()">点</p>\n'
    )
    html = announcement_page(tmp_path, "rich", "图文", body)
    assert 'src="../../assets/photo.png"' in html
    assert re.search(r"<li>一级\s*<ul>\s*<li>二级</li>", html)
    assert 'href="../ok/"' in html
    assert "alert(1)" not in html and "onclick" not in html


def test_editor_text_cannot_become_markup(tmp_path):
    title = '<img src=x onerror=alert(1)>"停水'
    root = site_from(
        tmp_path,
        files={
            "content/announcements/x.md": f"---\ntitle: '{title}'\ndate: 2026-11-01\ncategory: 通知\n"
            "tags: ['<b>t</b>']\n---\n正文\n"
        },
    )
    out = build(root, today="2026-11-21").site_dir
    for url in ("", "announcements/", "announcements/x/", "archive/2026/11/"):
        html = page(out, url)
        assert "<img src=x" not in html and "<b>t</b>" not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url


def test_audit_finds_nothing_in_the_demo_and_catches_a_leak(demo_site, tmp_path):
    import shutil

    from generator.commands.audit import audit

    root = Path(__file__).resolve().parents[1]
    assert audit(root, demo_site, "2026-11-21").problems == []
    leaked = tmp_path / "leaked"
    shutil.copytree(demo_site, leaked)
    (leaked / "extra.html").write_text(
        "<p>联系 13807315678，证件 430103198805121234，5栋住户刘德明</p>"
        "<li>12栋住户孙** 高空抛物</li>",
        encoding="utf-8",
    )
    found = [p.en for p in audit(root, leaked, "2026-11-21").problems]
    assert "an unmasked mobile number" in found and "an unmasked ID number" in found
    assert any(f.startswith("a full black-list name") for f in found)
    assert "a black-list entry past retention: 12栋住户孙** 高空抛物" in found


def test_files_used_only_by_hidden_entries_are_not_published(demo_site):
    # shop-front.png belongs only to a 2026-05 black entry past its retention.
    assert not (demo_site / "assets/honors/shop-front.png").exists()
    assert (demo_site / "assets/honors/stairwell.png").exists()


def test_same_content_and_date_build_byte_identical(tmp_path):
    import filecmp

    root = Path(__file__).resolve().parents[1]
    first = build(root, today="2026-10-01", site_dir=tmp_path / "a").site_dir
    second = build(root, today="2026-10-01", site_dir=tmp_path / "b").site_dir
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    _, mismatch, errors = filecmp.cmpfiles(first, second, names, shallow=False)
    assert mismatch == [] and errors == []
    assert "<lastmod>2026-10-01</lastmod>" in (first / "sitemap.xml").read_text(encoding="utf-8")


def test_every_list_and_archive_page_has_its_own_heading(demo_site):
    """Pages drawn outside MkDocs' loop once showed the heading "None"."""
    headings = {}
    for path in demo_site.rglob("index.html"):
        found = re.search(r"<h1[^>]*>(.*?)</h1>", path.read_text(encoding="utf-8"), re.S)
        if found:
            headings[path.relative_to(demo_site).parent.as_posix()] = found[1].strip()
    assert headings["archive/2026/11"] == "2026年11月归档"
    assert headings["archive/category/tong-zhi"] == "分类：通知"
    assert [url for url, text in headings.items() if text in ("None", "")] == []
