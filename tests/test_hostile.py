"""Hostile HTML pasted into content, built into a site and opened in Chromium: nothing runs,
nothing is fetched from elsewhere."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import chromium, static_server
from conftest import FIXTURES, announcement_page, site_from

from generator.commands.build import build

PAYLOADS = (FIXTURES / "xss" / "payloads.txt").read_text(encoding="utf-8").splitlines()
PER_PAGE = 10


def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[Path, list[str]]:
    files, urls = {}, []
    for page in range(0, len(PAYLOADS), PER_PAGE):
        chunk = PAYLOADS[page : page + PER_PAGE]
        body = "\n\n".join(f"第{page + i}条：{p}" for i, p in enumerate(chunk))
        files[f"content/announcements/x{page:02d}.md"] = (
            f"---\ntitle: {yaml_quote(chunk[0])}\ndate: 2026-11-01\ncategory: 通知\n"
            f"tags: [{yaml_quote(chunk[1])}]\nevent: {{start: 2026-11-25 09:00, location: "
            f"{yaml_quote(chunk[2])}}}\n---\n{body}\n"
        )
        urls.append(f"announcements/x{page:02d}/")
    root = site_from(tmp_path_factory.mktemp("hostile"), files=files)
    site = build(root, today="2026-11-21").site_dir
    return site, urls + ["", "announcements/", "archive/2026/11/", "search/search_index.json"]


def test_at_least_fifty_payloads():
    assert len(PAYLOADS) >= 50


def test_nothing_runs_and_nothing_leaves(hostile_site):
    site, urls = hostile_site
    dialogs, errors, outbound = [], [], []
    with static_server(site) as base, chromium() as browser:
        context = browser.new_context()
        host = urlsplit(base).netloc

        def guard(route):
            if urlsplit(route.request.url).netloc != host:
                outbound.append(route.request.url)
                route.abort()
            else:
                route.continue_()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        for url in urls:
            page.goto(base + url)
            page.wait_for_load_state("networkidle")
            page.mouse.move(200, 300)
            for target in page.locator("article a, article span, article div").all()[:60]:
                if target.is_visible():
                    target.hover(timeout=2000, force=True)
    assert dialogs == []
    assert outbound == []
    # A stripped <img src=x> still asks this host for "x" and gets a 404: that is a broken
    # image, not code running. Anything else on the console would be.
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []


def test_safe_formatting_survives(tmp_path):
    body = (
        '<table><tr><td colspan="2"><span class="x">表格</span></td></tr></table>\n\n'
        '第一行<br>第二行\n\n<img src="../assets/photo.png" alt="照片" width="80">\n'
    )
    html = announcement_page(tmp_path, "word", "从Word粘贴", body)
    assert '<td colspan="2"><span class="x">表格</span></td>' in html
    assert "第一行<br>第二行" in html
    assert 'alt="照片"' in html and 'width="80"' in html
