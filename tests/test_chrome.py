"""The site's frame in a real Chromium, on the demo and on a community unlike it: the
community's footer, page titles and the trail of where a page sits, the phone's menu,
Chinese fonts, 朗读 sentence by sentence, no failed requests, the sitemap and the keyboard.
Each site is served at its own address's path, as its web host does (site_pages.py)."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

import pytest
from other_community import PHONES
from site_pages import MISSING, hosted, page_types

from generator.render.phones import PHONE

SITES = ["demo", "other"]
BUILD_DAY = datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
PHONE_WIDTH, DESK_WIDTH = 360, 1280
COMMUNITY = {
    "demo": ("文庙坪社区居民委员会", "白沙路文庙坪巷18号", "周一至周五 8:30—12:00"),
    "other": ("河西新村社区居民委员会", "党群服务中心一楼", "周一至周六 9:00—18:00"),
}
SECTIONS = ["公告通知", "申报公示", "红黑榜", "宣传栏"]


@pytest.fixture(scope="module")
def sites(demo_site, other_site):
    """name -> (built folder, base URL) for both communities, served at once."""
    with hosted(demo_site) as demo, hosted(other_site) as other:
        yield {"demo": (demo_site, demo), "other": (other_site, other)}


@pytest.fixture
def open_page(browser):
    """Open a page in a fresh context at the build date; closes them all afterwards."""
    contexts = []

    def opener(url: str, width: int = DESK_WIDTH, script: str = ""):
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.clock.install(time=BUILD_DAY)
        if script:
            context.add_init_script(script)
        contexts.append(context)
        page = context.new_page()
        page.goto(url)
        return page

    yield opener
    for context in contexts:
        context.close()


def settle(page) -> None:
    """Wait until Material's transitions (drawer, search) have ended."""
    page.evaluate("Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")


# ---- Footer, titles, trail ----------------------------------------------------------


@pytest.mark.parametrize("name", SITES)
def test_footer_shows_the_community_and_every_phone_number_is_a_tel_link(sites, open_page, name):
    site, base = sites[name]
    for url in ("", page_types(site)["announcement"], MISSING):
        page = open_page(base + url)
        footer = page.locator("footer .board-footer")
        text = footer.inner_text()
        assert all(part in text for part in COMMUNITY[name]), (url, text)
        numbers = [m.group(0) for m in PHONE.finditer(text)]
        links = footer.locator("a[href^='tel:']").all_inner_texts()
        assert numbers and links == numbers, url
    if name == "other":
        hrefs = footer.locator("a[href^='tel:']").evaluate_all("els => els.map(e => e.href)")
        assert hrefs == ["tel:" + re.sub(r"\D", "", number) for number in PHONES]


@pytest.mark.parametrize("name", SITES)
def test_titles_name_the_page_then_the_site_and_home_only_the_site(sites, open_page, name):
    site, base = sites[name]
    home = open_page(base)
    site_name = home.locator(".md-header__topic").first.inner_text().strip()
    assert home.title() == site_name
    item = open_page(base + page_types(site)["notice"])
    heading = item.locator("h1").inner_text().strip()
    assert item.title() == f"{heading} - {site_name}"
    assert open_page(base + MISSING).title() == f"找不到这个页面 - {site_name}"


def trail(page) -> list[tuple[str, str | None]]:
    """The 当前位置 trail as (text, absolute link or None for the current page)."""
    return page.locator('nav[aria-label="当前位置"] ol > li').evaluate_all(
        """items => items.map(li => { const a = li.querySelector('a');
            return [li.textContent.trim(), a ? a.href : null]; })"""
    )


@pytest.mark.parametrize("name", SITES)
def test_every_page_but_home_shows_where_it_sits(sites, open_page, name):
    site, base = sites[name]
    types = page_types(site)
    assert open_page(base).locator('nav[aria-label="当前位置"]').count() == 0
    section = {"announcement": "公告通知", "notice": "申报公示", "honors item": "红黑榜"}
    for kind, label in section.items():
        page = open_page(base + types[kind])
        steps = trail(page)
        title = page.locator("h1").inner_text().split("\n")[0].strip()
        assert steps[0] == ["首页", base]
        assert steps[1] == [label, base + types[kind].split("/")[0] + "/"]
        assert steps[-1][1] is None and title.startswith(steps[-1][0])
        assert page.locator('[aria-current="page"]').inner_text() == steps[-1][0]
    issue = open_page(base + types["issue"])
    assert [text for text, _ in trail(issue)][:2] == ["首页", "宣传栏"]
    assert trail(issue)[2][1] == base + types["column"]  # the issue's own column
    for kind in ("archive year", "category", "tag"):
        assert trail(open_page(base + types[kind]))[1] == ["归档", base + "archive/"]
    assert len(trail(open_page(base + types["free page"]))) == 2  # 首页 › 社区简介
    assert len(trail(open_page(base + "notices/"))) == 2


# ---- Layout: the phone's menu and the wide screen --------------------------------------


@pytest.mark.parametrize("name", SITES)
def test_the_phone_menu_lists_the_sections_and_wide_screens_waste_no_column(sites, open_page, name):
    site, base = sites[name]
    url = base + page_types(site)["announcement"]
    phone = open_page(url, PHONE_WIDTH)
    drawer = phone.locator(".md-sidebar--primary")
    assert not drawer.get_by_role("link", name="公告通知").is_visible()  # closed
    phone.locator(".md-header label[for=__drawer]").click()
    settle(phone)
    for label in SECTIONS:
        box = drawer.get_by_role("link", name=label, exact=True).bounding_box()
        assert box and 0 <= box["x"] and box["x"] + box["width"] <= PHONE_WIDTH, label
    desk = open_page(url, DESK_WIDTH)
    assert not desk.locator(".md-sidebar--primary").is_visible()
    tabs = desk.locator(".md-tabs__link").first.bounding_box()
    content = desk.locator(".md-content").bounding_box()  # no empty column before it
    assert tabs and content and abs(content["x"] - tabs["x"]) < 24
    assert desk.evaluate("document.documentElement.scrollWidth") <= DESK_WIDTH


# ---- Fonts ----------------------------------------------------------------------------

QUOTED = {"demo": "announcements/2025-11-garbage-sorting/", "other": "notices/2026-11-18-notice-0/"}


@pytest.mark.parametrize("name", SITES)
def test_chinese_text_and_its_quotes_come_from_a_chinese_font_and_headings_are_bold(
    sites, open_page, name
):
    _, base = sites[name]
    page = open_page(base + QUOTED[name])
    quoted = page.locator("#board-main :is(h1, p)", has_text="“").first
    quoted.evaluate("e => e.setAttribute('data-font-probe', '')")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-font-probe]"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    assert fonts and all("CJK" in f["familyName"] for f in fonts), fonts
    weights = page.locator("#board-main :is(h1, h2)").evaluate_all(
        "els => els.map(e => parseInt(getComputedStyle(e).fontWeight))"
    )
    assert weights and min(weights) >= 600


# ---- 朗读 -------------------------------------------------------------------------------

# A speech engine that only records: the test says when a sentence has been spoken.
FAKE_SPEECH = """
window.spoken = []; window.cancels = 0;
Object.defineProperty(window, "speechSynthesis", { configurable: true, value: {
  speak(u) { window.spoken.push(u); },
  cancel() { window.cancels += 1; },
  pause() {}, resume() {}, speaking: false, pending: false, getVoices() { return []; },
}});
window.endSentence = () => { const u = window.spoken[window.spoken.length - 1]; u.onend && u.onend(); };
"""
READ_PAGES = {
    "demo": "announcements/2026-11-water-cut/",
    "other": "announcements/2026-11-18-second-supply-cleaning-and-disinfection-water-stop/",
}


def spoken(page) -> list[str]:
    return page.evaluate("window.spoken.map(u => u.text)")


@pytest.mark.parametrize("name", SITES)
def test_read_aloud_reads_title_date_and_body_sentence_by_sentence(sites, open_page, name):
    _, base = sites[name]
    page = open_page(base + READ_PAGES[name], PHONE_WIDTH, FAKE_SPEECH)
    title = page.locator("h1 .board-entry__head").inner_text().split("\n")[0]
    page.get_by_role("button", name="朗读全文").click()
    for _ in range(60):  # the whole item; each sentence ends, then the next begins
        if page.get_by_role("button", name="朗读全文").count():
            break
        page.evaluate("window.endSentence()")
    texts = spoken(page)
    langs = page.evaluate("[...new Set(window.spoken.map(u => u.lang))]")
    assert langs == ["zh-CN"]
    assert title.startswith(texts[0]) and re.fullmatch(r"\d{4}年\d+月\d+日", texts[1])
    body = page.locator(".board-body").inner_text()
    for sentence in texts[2:]:
        assert re.sub(r"\s", "", sentence)[:6] in re.sub(r"\s", "", body), sentence
        assert not re.search(r"[。！？；].", sentence.rstrip("”’）)")), sentence  # one each
    assert not any(label in "".join(texts) for label in ("分类：", "标签：", "发布单位", "朗读"))
    assert any("请提前" in t or "请受影响" in t for t in texts)  # the body is reached


@pytest.mark.parametrize("name", SITES)
def test_read_aloud_pauses_resumes_at_the_sentence_and_stops(sites, open_page, name):
    _, base = sites[name]
    page = open_page(base + READ_PAGES[name], DESK_WIDTH, FAKE_SPEECH)
    page.get_by_role("button", name="朗读全文").click()
    page.evaluate("window.endSentence(); window.endSentence()")  # title, date: now the body
    current = spoken(page)[-1]
    marked = page.evaluate("[...CSS.highlights.get('board-reading')][0].toString()")
    assert re.sub(r"\s", "", marked) == re.sub(r"\s", "", current)
    page.get_by_role("button", name="暂停朗读").click()
    count = len(spoken(page))
    page.evaluate("window.spoken[window.spoken.length - 1].onerror({error: 'interrupted'})")
    assert len(spoken(page)) == count  # the cancelled sentence's end starts nothing
    page.get_by_role("button", name="继续朗读").click()
    assert spoken(page)[-1] == current  # picks up at the sentence that was cut off
    page.get_by_role("button", name="停止朗读").click()
    assert page.get_by_role("button", name="朗读全文").is_visible()
    assert not page.get_by_role("button", name="停止朗读").is_visible()
    assert page.evaluate("CSS.highlights.has('board-reading')") is False
    assert page.evaluate("window.cancels") >= 2


# ---- Requests and the sitemap ------------------------------------------------------------


@pytest.mark.parametrize("name", SITES)
def test_no_page_type_makes_a_failed_request(sites, browser, name):
    site, base = sites[name]
    context = browser.new_context()
    context.clock.install(time=BUILD_DAY)
    page = context.new_page()
    failed: list[tuple] = []
    page.on("requestfailed", lambda r: failed.append(("failed", r.url)))
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and not r.request.is_navigation_request()
            and failed.append((r.status, r.url))
        ),
    )
    visited = {}
    for kind, url in page_types(site).items():
        response = page.goto(base + url)
        assert response and response.status == (404 if url == MISSING else 200), kind
        page.wait_for_load_state("networkidle")
        visited[kind] = list(failed)
        failed.clear()
    context.close()
    assert {kind: found for kind, found in visited.items() if found} == {}
    assert len(visited) >= 17


@pytest.mark.parametrize("name", SITES)
def test_feeds_stay_discoverable(sites, open_page, name):
    site, base = sites[name]
    page = open_page(base + "announcements/")
    feeds = page.locator('link[rel~="alternate"]').evaluate_all(
        "els => els.map(e => [e.type, e.href])"
    )
    assert ["application/rss+xml", base + "announcements/rss.xml"] in feeds
    for _, href in feeds:
        assert (site / href.removeprefix(base)).is_file(), href


@pytest.mark.parametrize("name", SITES)
def test_the_sitemap_lists_every_indexable_page_and_no_noindex_page(sites, name):
    site, _ = sites[name]
    listed = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    root = listed[0]
    urls = {u.removeprefix(root) for u in listed}
    noindex, indexable = set(), set()
    for html in site.rglob("index.html"):
        url = html.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        if url.startswith("print/"):
            continue
        text = html.read_text(encoding="utf-8")
        (noindex if re.search(r'name="robots" content="[^"]*noindex', text) else indexable).add(url)
    assert "screen/" in noindex
    assert urls & noindex == set()
    assert indexable <= urls


# ---- Keyboard ----------------------------------------------------------------------------

# The focused element's box; one that is not (yet) seen gets the frames and transitions
# it needs to come in (Material's search dialog slides in when its box takes focus).
FOCUS_BOX = """async () => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const seen = () => { const r = e.getBoundingClientRect();
    return e.checkVisibility({visibilityProperty: true, opacityProperty: true})
      && r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
      && r.left < innerWidth && r.top < innerHeight; };
  for (let tries = 0; tries < 3 && !seen(); tries++) {
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
    await Promise.all(document.getAnimations()
      .filter(a => a.effect.getComputedTiming().endTime !== Infinity)
      .map(a => a.finished.catch(() => null)));
  }
  const result = [e.outerHTML.slice(0, 90), seen()];
  // Leaving the search, Material unlocks the page's scrolling a moment later; a person's
  // next Tab comes after that.
  while (document.body.hasAttribute("data-md-scrolllock") && !document.getElementById("__search").checked)
    await new Promise(done => requestAnimationFrame(done));
  return result;
}"""


@pytest.mark.parametrize("name", SITES)
def test_every_tab_stop_is_visible_at_phone_and_desk_widths(sites, browser, name):
    site, base = sites[name]
    unseen = {}
    for width in (PHONE_WIDTH, DESK_WIDTH):
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.clock.install(time=BUILD_DAY)
        page = context.new_page()
        for kind, url in page_types(site).items():
            if kind == "screen":  # a lobby TV, nothing to tab to
                continue
            page.goto(base + url)
            stops = 0
            for _ in range(400):
                page.keyboard.press("Tab")
                focused = page.evaluate(FOCUS_BOX)
                if focused is None:
                    break
                stops += 1
                if not focused[1]:
                    unseen.setdefault(f"{width}:{kind}", []).append(focused[0])
            assert stops >= 5, (width, kind)
        context.close()
    assert unseen == {}


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two CSS rgb()/rgba() colours."""

    def luminance(color: str) -> float:
        r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", color)[:3])
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


RING = """() => { const s = getComputedStyle(document.activeElement);
  return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor,
          (s.boxShadow.match(/rgba?\\([^)]*\\)/) || [null])[0]]; }"""


@pytest.mark.parametrize("name", SITES)
def test_the_focus_ring_stands_out_on_the_red_header_and_the_white_page(sites, open_page, name):
    site, base = sites[name]
    page = open_page(base + page_types(site)["announcement"])
    header = page.locator(".md-header").evaluate("e => getComputedStyle(e).backgroundColor")
    white = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert contrast(header, "rgb(255, 255, 255)") > 3  # the red header
    for target in (".md-header .md-logo", "#board-main a"):
        page.locator(target).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus from the keyboard, as :focus-visible needs
        style, width, outline, shadow = page.evaluate(RING)
        assert style != "none" and width >= 2 and shadow, target
        for background in (header, white):
            assert max(contrast(outline, background), contrast(shadow, background)) >= 3
        assert contrast(outline, shadow) >= 3  # two rings, each seen against the other


@pytest.mark.parametrize("name", SITES)
def test_the_404_page_leads_home_from_any_depth_by_an_underlined_link(sites, open_page, name):
    _, base = sites[name]
    page = open_page(base + MISSING + "deeper/still/")
    assert page.locator("h1").inner_text() == "找不到这个页面"
    home = page.get_by_role("link", name="返回首页")
    assert "underline" in home.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert urljoin(page.url, home.get_attribute("href")) == base
    home.click()
    page.wait_for_load_state()
    assert page.url == base and page.locator("h1").count() == 1
    assert page.locator(".board-aids").is_visible()  # the home page, with its scripts


@pytest.mark.parametrize("name", SITES)
def test_a_pressed_aid_is_announced_by_its_name_without_the_check_mark(sites, open_page, name):
    _, base = sites[name]
    page = open_page(base)
    page.get_by_role("button", name="特大字").click()
    button = page.locator("[data-board-text='2']")
    assert button.get_attribute("aria-pressed") == "true"
    assert "✓" in button.evaluate("e => getComputedStyle(e, '::before').content")  # seen
    button.evaluate("e => e.setAttribute('data-name-probe', '')")
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-name-probe]"})
    tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node["nodeId"]})
    names = [
        n["name"]["value"] for n in tree["nodes"] if n.get("role", {}).get("value") == "button"
    ]
    assert names == ["特大字"]
