"""The residents' website as a noticeboard, read in Chromium at 1280 px (desktop) and 360 px
(phone) on the demo and on the other community: the home page's boxes in the
noticeboard's order, dated rows, the contact block, ended notices kept in view, field
values that never break inside, tables as labelled cards on a phone, "暂无…" when the
reader's clock has hidden a whole group, and the 宣传栏 cards."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from browser import chromium, static_server
from other_community import PHONES

SHANGHAI = ZoneInfo("Asia/Shanghai")
BUILD_DAY = datetime(2026, 11, 21, 10, 0)  # both communities are built for 2026-11-21
WIDTHS = {"desktop": 1280, "phone": 360}
BOXES = ["公告通知", "正在公示", "红黑榜", "宣传栏", "联系我们"]
OTHER_ENDED = [
    "2026年第三季度低保复核结果公示",
    "2025年度“好人好事”推荐对象公示",
    "2024年度“文明家庭”推荐对象公示",
]
TABLE_PAGES = {
    "demo": ["notices/2026-11-wenming-unit/"],
    "other": ["announcements/2026-11-05-repairs/", "notices/2026-11-18-notice-0/"],
}
FIELD_PAGES = {
    "demo": [
        "announcements/2026-11-water-cut/",
        "announcements/2026-11-health-lecture/",
        "notices/2026-11-wenming-unit/",
        "honors/2026-11/",
        "columns/health/2026-11-nov/",
    ],
    "other": [
        "announcements/2026-11-18-second-supply-cleaning-and-disinfection-water-stop/",
        "notices/2026-11-18-notice-0/",
        "honors/2026-q4/",
    ],
}


@pytest.fixture(scope="module")
def reader(demo_site, other_site):
    """Open a page of either community at a width, with the reader's clock at a moment."""
    with (
        static_server(demo_site) as demo,
        static_server(other_site) as other,
        chromium() as browser,
    ):
        bases = {"demo": demo, "other": other}
        contexts = []

        def open_page(
            site: str, url: str, width: int = 1280, at: datetime = BUILD_DAY, contrast=False
        ):
            context = browser.new_context(viewport={"width": width, "height": 800})
            contexts.append(context)
            if contrast:  # as the 高对比度 button leaves it, before the page is drawn
                context.add_init_script('localStorage.setItem("board-contrast", "1")')
            context.clock.install(time=at.replace(tzinfo=SHANGHAI))
            page = context.new_page()
            page.goto(bases[site] + url)
            page.wait_for_load_state("load")
            return page

        yield open_page
        for context in contexts:
            context.close()


def box(page, title: str):
    return page.locator(".board-box", has=page.locator("h2", has_text=title))


def visible(locator) -> list[str]:
    return locator.evaluate_all(
        "els => els.filter(e => e.offsetParent !== null).map(e => e.innerText.trim())"
    )


@pytest.mark.parametrize("site", ["demo", "other"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_home_is_a_noticeboard_in_its_order(reader, site, width):
    page = reader(site, "", width)
    headings = page.locator(".board-box__head h2").all_inner_texts()
    assert headings == BOXES
    tops = {t: box(page, t).bounding_box() for t in BOXES}
    if width == WIDTHS["phone"]:  # one column, in the noticeboard's order
        ys = [tops[t]["y"] for t in BOXES]
        assert ys == sorted(ys) and len({round(tops[t]["x"]) for t in BOXES}) == 1
    else:  # 公告 wide on the left, 正在公示 and 红黑榜 beside it
        news, notices, honors = tops["公告通知"], tops["正在公示"], tops["红黑榜"]
        assert news["x"] < notices["x"] and news["y"] == notices["y"]
        assert news["width"] > notices["width"] and honors["x"] == notices["x"]
    if site == "demo":  # the urgent banner comes first
        urgent = page.locator(".board-urgent").bounding_box()
        assert urgent["y"] < tops["公告通知"]["y"]
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize("site", ["demo", "other"])
def test_home_announcements_are_dated_rows_newest_first(reader, site):
    page = reader(site, "")
    rows = box(page, "公告通知").locator("li.board-entry")
    assert rows.count() >= 3
    pinned, days = [], []
    for n in range(rows.count()):
        row = rows.nth(n)
        assert row.locator(".board-entry__title").inner_text().strip()
        assert row.locator(".board-entry__category").inner_text().strip()
        day = row.locator("time").get_attribute("datetime")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", day)
        assert row.locator("time").inner_text() == "{}年{}月{}日".format(*map(int, day.split("-")))
        pinned.append(row.locator(".board-badge--pinned").count() > 0)
        if not pinned[-1]:
            days.append(day)
    assert pinned == sorted(pinned, reverse=True)  # 置顶 first, then newest first
    assert days == sorted(days, reverse=True)
    # On a desktop each row is one line: title on the left, category and date on the right.
    first = rows.nth(len(pinned) - 1)
    title, date = first.locator(".board-entry__title"), first.locator("time")
    assert title.bounding_box()["x"] < date.bounding_box()["x"]
    assert abs(title.bounding_box()["y"] - date.bounding_box()["y"]) < 20
    if site == "demo":
        water = rows.filter(has_text="白沙路片区临时停水")
        assert water.locator(".board-badge--urgent").inner_text() == "紧急"


@pytest.mark.parametrize(
    ("site", "name", "phones"),
    [
        ("demo", "文庙坪社区居民委员会", ["073185123456", "073185123400"]),
        (
            "other",
            "深圳市龙华区龙华街道河西新村社区居民委员会",
            [re.sub(r"\D", "", p) for p in PHONES],
        ),
    ],
)
def test_home_contact_block_calls_the_office_with_a_tap(reader, site, name, phones):
    page = reader(site, "", WIDTHS["phone"])
    contact = box(page, "联系我们")
    text = contact.inner_text()
    assert name in text and "地址" in text and "办公时间" in text
    links = contact.locator("a[href^='tel:']")
    assert [links.nth(n).get_attribute("href") for n in range(links.count())] == [
        f"tel:{p}" for p in phones
    ]
    assert all(
        h >= 44 for h in links.evaluate_all("ls => ls.map(l => l.getBoundingClientRect().height)")
    )


def test_phone_numbers_of_a_notice_contact_are_tel_links(reader):
    page = reader("other", "notices/2026-11-18-notice-0/", WIDTHS["phone"])
    link = page.locator(".board-contact a[href^='tel:']")
    assert link.get_attribute("href") == "tel:075527881234" and link.inner_text() == PHONES[0]


def test_ended_notices_stay_listed_under_the_open_ones(reader):
    page = reader("other", "notices/")
    open_list = page.locator(".board-notices--open li.board-entry")
    assert visible(open_list.locator(".board-entry__title")) == [
        "2026年度河西新村社区“文明家庭”推荐对象公示"
    ]
    ended = page.locator(".board-notices--ended")
    assert ended.locator("h2").inner_text() == "已结束的公示"
    assert visible(ended.locator(".board-entry__title")) == OTHER_ENDED  # latest ended first
    assert visible(ended.locator(".board-badge")) == ["已结束"] * 3
    assert ended.bounding_box()["y"] > page.locator(".board-notices--open").bounding_box()["y"]
    assert "最美楼道" not in page.content()  # issued only on 11-25: not public yet
    archive = ended.get_by_role("link", name="归档")
    archive.click()
    assert page.locator("h1").inner_text() == "归档"


def test_a_notice_that_ends_while_the_page_is_stale_moves_to_the_ended_list(reader):
    # 文明家庭 (demo) ends 2026-11-24; the page was built on 11-21 and read on 11-25.
    title = "2026年度文庙坪社区“文明家庭”推荐对象公示"
    before = reader("demo", "notices/", at=datetime(2026, 11, 24, 20, 0))
    assert title in visible(before.locator(".board-notices--open .board-entry__title"))
    assert title not in visible(before.locator(".board-notices--ended .board-entry__title"))
    after = reader("demo", "notices/", at=datetime(2026, 11, 25, 8, 0))
    assert title not in visible(after.locator(".board-notices--open .board-entry__title"))
    assert visible(after.locator(".board-notices--ended .board-entry__title"))[0] == title


# A value's lines (the tops of its text's boxes) and its width on one line, measured on a
# copy beside it that may not wrap, against the room its list has.
LINES_OF = """dd => {
  const tops = new Set(), walker = document.createTreeWalker(dd, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top / 4));
  }
  const probe = dd.cloneNode(true);
  probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap;width:auto";
  dd.parentElement.appendChild(probe);
  const natural = probe.getBoundingClientRect().width;
  probe.remove();
  return [dd.innerText, tops.size, natural, dd.closest("dl").clientWidth];
}"""


@pytest.mark.parametrize("site", ["demo", "other"])
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_field_values_are_never_broken_inside_where_they_fit(reader, site, width):
    broken = []
    for url in FIELD_PAGES[site]:
        page = reader(site, url, width)
        values = page.locator(".board-fields dd").evaluate_all(f"dds => dds.map({LINES_OF})")
        assert values, url
        broken += [
            (url, text, lines)
            for text, lines, natural, room in values
            if natural <= room and lines > 1
        ]
        page.context.close()
    assert broken == []


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_dated_value_stays_on_one_line(reader, width):
    page = reader("demo", "announcements/2026-11-water-cut/", width)
    published = page.locator(".board-fields div", has_text="发布日期").locator("dd")
    text, lines, _, _ = published.evaluate(LINES_OF)
    assert text == "2026年11月20日 星期五 16:00" and lines == 1


CELLS = """table => [...table.querySelectorAll("tbody td")].map(td => {
  const style = getComputedStyle(td), label = getComputedStyle(td, "::before");
  return [td.dataset.label, label.content, style.display, parseFloat(style.fontSize),
          td.getBoundingClientRect().right];
})"""


@pytest.mark.parametrize("width", WIDTHS.values())
def test_the_seal_covers_only_the_signature(reader, width):
    page = reader("demo", "notices/2026-11-wenming-unit/", width)
    seal = page.locator(".board-seal").bounding_box()
    links = page.locator(".board-print-links").bounding_box()
    assert seal and links and seal["y"] + seal["height"] <= links["y"]


@pytest.mark.parametrize("site", ["demo", "other"])
def test_tables_are_labelled_cards_at_body_size_on_a_phone(reader, site):
    for url in TABLE_PAGES[site]:
        page = reader(site, url, WIDTHS["phone"])
        body = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.board-body p')).fontSize)"
        )
        table = page.locator("table.board-table")
        assert table.count() == 1, url
        assert table.evaluate("t => getComputedStyle(t.querySelector('tr')).display") == "block"
        cells = table.evaluate(CELLS)
        assert len(cells) >= 12, url
        for label, before, display, size, right in cells:
            assert label and before == f'"{label}"', (url, label)  # each cell names its column
            assert display != "table-cell" and size >= body and right <= 360, (url, label)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), url
        page.context.close()


@pytest.mark.parametrize("site", ["demo", "other"])
def test_tables_stay_tables_at_body_size_on_a_desktop(reader, site):
    for url in TABLE_PAGES[site]:
        page = reader(site, url)
        body = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.board-body p')).fontSize)"
        )
        cells = page.locator("table.board-table").evaluate(CELLS)
        assert {display for _, _, display, _, _ in cells} == {"table-cell"}
        assert {size for _, _, _, size, _ in cells} == {body}, url
        page.context.close()


def test_a_markdown_table_in_a_body_is_labelled_in_the_html(other_site):
    html = (other_site / "announcements/2026-11-05-repairs/index.html").read_text(encoding="utf-8")
    assert '<table class="board-table">' in html
    assert html.count('<td data-label="完成情况说明">') == 40


def test_no_table_box_scrolls_sideways_unreachable_by_keyboard(reader):
    from axe_playwright_python.sync_playwright import Axe

    rule = {"runOnly": {"type": "rule", "values": ["scrollable-region-focusable"]}}
    found = {}
    for width in WIDTHS.values():
        for url in TABLE_PAGES["other"]:
            page = reader("other", url, width)
            violations = Axe().run(page, options=rule).response["violations"]
            if violations:
                found[f"{url}@{width}"] = [n["target"] for v in violations for n in v["nodes"]]
            page.context.close()
    assert found == {}


WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.mark.parametrize("mode", ["normal", "contrast"])
def test_axe_finds_nothing_on_the_other_communitys_pages(reader, mode):
    """The demo is checked in every mode by test_accessibility.py; the other community's
    long titles, sub-path, ended notices and long tables in the noticeboard layout too."""
    from axe_playwright_python.sync_playwright import Axe

    found = {}
    for width in WIDTHS.values():
        for url in ["", "notices/", *TABLE_PAGES["other"]]:
            page = reader("other", url, width, contrast=mode == "contrast")
            violations = Axe().run(page, options=WCAG).response["violations"]
            if violations:
                found[f"{url}@{width}"] = [
                    (v["id"], n["target"]) for v in violations for n in v["nodes"][:3]
                ]
            page.context.close()
    assert found == {}


# Demo: every 公示 has ended by 12-20; every black entry of 2026-11 has left by 2027-02-08.
# Other: its one 公示 ends 11-24; its black entry (2026-10-01, 待整改) leaves after 90 days.
STALE = {"demo": datetime(2027, 2, 10, 9, 0), "other": datetime(2027, 1, 5, 9, 0)}
GROUPS = {  # page: [(the group, what it says once all its rows are hidden)]
    "": [
        (".board-box--notices", "目前没有正在公示的事项。"),
        (".board-honors-mini__black", "本期黑榜已全部撤下。"),
    ],
    "notices/": [(".board-notices--open", "目前没有正在公示的事项。")],
    "honors/": [(".board-honors__black", "本期黑榜已全部撤下。")],
}


@pytest.mark.parametrize("site", ["demo", "other"])
def test_a_stale_page_says_so_when_the_clock_hid_a_whole_group(reader, site):
    honors = {"demo": "honors/2026-11/", "other": "honors/2026-q4/"}[site]
    for url, groups in GROUPS.items():
        url = honors if url == "honors/" else url
        fresh, stale = reader(site, url), reader(site, url, at=STALE[site])
        for group, note in groups:
            assert visible(fresh.locator(f"{group} li")), (url, group)
            assert note not in visible(fresh.locator(f"{group} .board-empty")), (url, note)
            assert visible(stale.locator(f"{group} li")) == [], (url, group)
            assert note in visible(stale.locator(f"{group} .board-empty")), (url, note)
        fresh.context.close()
        stale.context.close()


@pytest.mark.parametrize("site", ["demo", "other"])
@pytest.mark.parametrize("url", ["", "columns/"])
def test_column_cards_show_the_issues_cover_or_a_named_panel(reader, site, url):
    page = reader(site, url, WIDTHS["phone"])
    cards = page.locator("li.board-column-card")
    assert cards.count() == {"demo": 2, "other": 1}[site]
    for n in range(cards.count()):
        card = cards.nth(n)
        cover = card.locator(".board-column-card__cover")
        shape = cover.bounding_box()
        assert abs(shape["height"] - shape["width"] * 9 / 16) < 2  # every card alike
        if site == "demo":
            card.locator("img").scroll_into_view_if_needed()
            assert card.locator("img").evaluate("i => i.complete && i.naturalWidth > 0")
            assert card.locator("img").get_attribute("src").endswith(".png")
        else:  # no cover: a coloured panel with the column's name, not a blank
            assert cover.inner_text() == "平安河西宣传栏"
            background = cover.evaluate("c => getComputedStyle(c).backgroundImage")
            assert "gradient" in background
        assert "本期：" in card.inner_text()


def test_ended_notices_continue_on_numbered_pages_after_the_open_ones():
    import dataclasses

    from conftest import DEMO_TODAY, ROOT

    from generator.content.lifecycle import ENDED
    from generator.content.loader import load_snapshot
    from generator.site.plan import plan_site

    snapshot = load_snapshot(ROOT, DEMO_TODAY).snapshot  # two ended notices, three open
    ended = next(n for n in snapshot.notices if n.status.label == ENDED)
    snapshot.notices += [dataclasses.replace(ended, url=f"notices/old-{n:02d}/") for n in range(24)]
    pages = [p for p in plan_site(snapshot) if p.url.startswith("notices/") and not p.entry]
    assert [p.url for p in pages] == ["notices/", "notices/page/2/"]
    first, second = pages
    assert first.entries == snapshot.open_notices and second.entries == []
    listed = [e.url for p in pages for e in p.groups[0][2]]
    assert listed == [e.url for e in snapshot.ended_notices] and len(listed) == 26
    assert [len(p.groups[0][2]) for p in pages] == [20, 6]


ARCHIVE_SUMMARIES = {
    "demo": ("archive/2026/03/", "3月5日是“学雷锋纪念日”"),
    "other": ("archive/2026/11/", "2026年第四季度，社区共办理居民事项312件"),
}


@pytest.mark.parametrize("site", ["demo", "other"])
def test_every_archive_page_has_its_heading_and_summaries_keep_their_numbers(reader, site):
    """Year, month, category and tag pages once all read "None"; summaries once dropped a
    number that starts a paragraph ("3月5日是…" → "月5日是…")."""
    index = reader(site, "archive/")
    links = index.locator("#board-main a").evaluate_all("links => links.map(a => a.href)")
    assert len(links) >= 5
    page = index.context.new_page()
    for href in links:
        page.goto(href)
        heading = page.locator("#board-main h1").inner_text().strip()
        assert heading and heading != "None", href
    url, summary = ARCHIVE_SUMMARIES[site]
    shown = reader(site, url).locator(".board-entry__summary").all_inner_texts()
    assert any(summary in text for text in shown)
