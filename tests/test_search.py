"""Site search a resident can trust, typed into Material's search box in a real Chromium:
a word inside a longer one is found (管网 in 供水管网), what is on the board now comes
before what has expired, only titles and texts are searched (not the labels around them),
and results read and copy as plain text. On the demo and on a community unlike it."""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse
from zoneinfo import ZoneInfo

import pytest
from browser import static_server
from conftest import DEMO_TODAY, ROOT
from other_community import LONG_TITLE
from other_community import TODAY as OTHER_TODAY

from generator.content.loader import load_snapshot
from generator.site.search import SEARCH_SEPARATOR, segmented

WATER_CUT = "announcements/2026-11-water-cut/"  # urgent, current: 供水管网, 停水
PARKING = "announcements/2026-10-parking/"  # 乱停乱放
EXPIRED = "announcements/2026-09-national-day-safety/"
LONG_NOTICE = "announcements/2026-11-18-second-supply-cleaning-and-disinfection-water-stop/"
# What item pages draw around their text, which no resident searches for.
LABELS = ("分类：", "标签：", "发布日期", "发布单位", "截止日期", "朗读全文", "已过期", "公示期：")
ZWSP = "\u200b"


@pytest.fixture(scope="module")
def demo(demo_site, browser):
    with static_server(demo_site) as base:
        yield lambda query: search(browser, base, query, DEMO_TODAY)


@pytest.fixture(scope="module")
def other(other_site, browser):
    with static_server(other_site) as base:
        yield lambda query: search(browser, base, query, OTHER_TODAY)


def search(browser, base: str, query: str, today: str) -> list[dict]:
    """The results a resident sees after typing `query` on the home page: for each, the
    page it links to, its title and its snippet, as shown."""
    context = browser.new_context()
    day = datetime.fromisoformat(today).replace(hour=10, tzinfo=ZoneInfo("Asia/Shanghai"))
    context.clock.install(time=day)
    page = context.new_page()
    try:
        page.goto(base)
        page.wait_for_load_state("networkidle")  # the search index is loaded
        page.locator(".md-search__input").first.click()
        page.locator(".md-search__input").fill(query)
        page.keyboard.press("End")
        page.locator(".md-search-result__item").first.wait_for(timeout=15000)
        found = page.locator(".md-search-result__item").evaluate_all(
            """items => items.map(item => ({
                href: item.querySelector("a").href,
                title: item.querySelector("h1, h2").textContent,
                text: item.querySelector("article").textContent,
            }))"""
        )
        total = int(re.sub(r"\D", "", page.locator(".md-search-result__meta").inner_text()))
    finally:
        context.close()
    for result in found:
        result["url"] = urlparse(result["href"]).path.lstrip("/")
        result["total"] = total
    return found


def urls(results: list[dict]) -> list[str]:
    return [r["url"] for r in results]


def pages_containing(word: str, root: Path, today: str) -> set[str]:
    """The item pages whose title, text (body, applicants, honors) or tags contain `word`,
    read from the content files."""
    snapshot = load_snapshot(root, today).snapshot
    items = [
        *snapshot.announcements,
        *snapshot.notices,
        *snapshot.honors,
        *snapshot.issues,
        *snapshot.pages,
    ]
    found = set()
    for entry in items:
        meta = entry.item.meta
        texts = [entry.title, entry.item.source.body.replace("*", "")]
        texts += list(getattr(meta, "tags", []))
        texts += [f"{a.name} {a.unit} {a.summary}" for a in getattr(meta, "applicants", [])]
        texts += [f"{r.name} {r.kind} {r.reason}" for r in getattr(meta, "red", [])]
        if any(word in text for text in texts):
            found.add(entry.url)
    return found


def index_of(site: Path) -> dict[str, dict]:
    data = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in data["docs"]}


# In the browser


def test_a_word_inside_a_longer_word_finds_its_notice(demo):
    """The notice says 供水管网; jieba's precise mode cuts it 供水管/网."""
    assert urls(demo("管网"))[0] == WATER_CUT


def test_the_current_water_cut_comes_first_and_parking_rules_do_not_match(demo):
    found = urls(demo("停水"))
    assert found[0] == WATER_CUT
    assert PARKING not in found  # 乱停乱放 has 停, not 停水


def test_every_word_of_a_query_counts(demo):
    """文明家庭 is 文明 + 家庭: the 文明家庭 notice before the 文明单位 one. Dates are
    typed as they are written: 11月23日 is 11月 + 23日."""
    found = urls(demo("文明家庭"))
    assert found[0] == "notices/2026-11-wenming-family/"
    assert found.index("notices/2026-11-wenming-family/") < found.index(
        "notices/2026-11-wenming-unit/"
    )
    assert urls(demo("11月23日"))[0] == WATER_CUT


@pytest.mark.parametrize("community", ["demo", "other"])
def test_only_pages_whose_title_or_text_contain_the_words_are_found(community, request):
    site = request.getfixturevalue(f"{community}_site")
    root, today = (
        (ROOT, DEMO_TODAY) if community == "demo" else (site.parent / "project", OTHER_TODAY)
    )
    expected = pages_containing("垃圾分类", root, today)
    found = request.getfixturevalue(community)("垃圾分类")
    assert expected and found[0]["total"] == len(found)  # Material lists ten at first
    assert set(urls(found)) == expected


def test_results_read_as_plain_text_without_labels(demo):
    for query in ("停水", "垃圾分类", "文明家庭"):
        for result in demo(query):
            shown = result["title"] + result["text"]
            assert ZWSP not in shown, result
            assert not [label for label in LABELS if label in shown], result
            assert "*" not in shown, result  # no "缺少: 文明*" under a result showing 文明
    water = demo("碰口")[0]
    assert water["title"] == "关于11月23日白沙路片区临时停水的紧急通知"
    assert "新旧管道碰口施工" in water["text"]  # the paragraph that matched


def test_a_tag_finds_its_items_and_is_shown_with_them(demo):
    """暑期托管 is only a tag of the summer-class notice, in neither title nor text."""
    first = demo("暑期托管")[0]
    assert first["url"] == "announcements/2026-07-summer-class/"
    assert "暑期托管" in first["text"]  # the result shows the item's tags


@pytest.mark.parametrize("word", ["清洗消毒", "储水", "二次供水"])
def test_a_word_of_a_long_title_finds_that_notice_first(other, word):
    first = other(word)[0]
    assert first["url"] == LONG_NOTICE
    assert first["title"] == LONG_TITLE


# In the index


@pytest.mark.parametrize("community", ["demo", "other"])
def test_the_index_holds_titles_and_texts_not_labels(community, request):
    for doc in index_of(request.getfixturevalue(f"{community}_site")).values():
        assert "#" not in doc["location"]  # one entry per page
        indexed = " ".join(str(value) for value in doc.values()).replace(ZWSP, "")
        assert not [label for label in LABELS if label in indexed], doc["location"]


def test_expired_and_ended_items_weigh_less_than_current_ones(demo_site):
    boost = {url: doc.get("boost", 1.0) for url, doc in index_of(demo_site).items()}
    urgent, expired = boost[WATER_CUT], boost[EXPIRED]
    current = boost["announcements/2026-11-anti-fraud/"]
    active, ended = (
        boost["notices/2026-11-wenming-family/"],
        boost["notices/2026-06-five-good-family/"],
    )
    assert urgent > current > expired
    assert active > ended and active == current
    assert boost["honors/2026-11/"] > boost["honors/2026-08/"]
    assert boost["columns/health/2026-11-nov/"] > boost["columns/health/2026-09-sep/"]
    assert ended < boost["pages/about/"] < current


def test_black_list_entries_are_not_searchable(demo_site):
    """A black-list entry leaves the page when its time is up; the index must not keep
    it findable. The red list is searchable."""
    page = (demo_site / "honors/2026-11/index.html").read_text(encoding="utf-8")
    indexed = json.dumps(index_of(demo_site)["honors/2026-11/"], ensure_ascii=False)
    indexed = indexed.replace("\\u200b", "")
    assert "高空抛物" in page and "高空抛物" not in indexed
    assert "黄德胜" in indexed


def test_words_are_split_for_lunr_without_changing_the_text():
    """Each Chinese word is a token; a single character stays with the word before it,
    so Material's worker never narrows a query like 停水 down to 停."""
    text = "关于集中整治小区消防通道乱停乱放的公告：供水管网改造"
    tokens, extra = segmented(text)
    assert tokens.replace(ZWSP, "") == text
    words = [w for w in re.split(SEARCH_SEPARATOR, tokens) if w]
    assert not [w for w in words if len(w) == 1]
    assert "消防" in words and "整治" in words  # 消防通道: the words it is made of
    assert "管网" in extra and "消防通道" in extra
