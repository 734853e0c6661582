"""Screen mode on a lobby TV, under a faked clock: rotation, urgent first and again,
items leaving when they expire, reload after a rebuild, and no harm when offline; slides
that fill portrait and landscape screens, cut only at the smallest readable size and at a
sentence end; QR codes that a phone reads from the screen itself."""

from __future__ import annotations

import io
import json
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from browser import static_server
from conftest import site_from
from other_community import URL as OTHER_URL
from PIL import Image
from test_accessibility import axe_violations

from generator.commands.build import build

SHANGHAI = ZoneInfo("Asia/Shanghai")
WATER_CUT = "关于11月23日白沙路片区临时停水的紧急通知"
SHOWING = ".screen-slide.is-showing .screen-slide__title"
PORTRAIT, LANDSCAPE = (1080, 1920), (1920, 1080)
BUILD_MOMENT = datetime(2026, 11, 21, 10, 0)


def open_screen(browser, base, moment: datetime, size=(1920, 1080)):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.clock.install(time=moment.replace(tzinfo=SHANGHAI))
    page.goto(base + "screen/")
    return page


def advance(page) -> None:
    """Move the screen's clock on by the showing slide's duration: the next slide shows."""
    seconds = int(page.locator(".screen-slide.is-showing").get_attribute("data-screen-seconds"))
    page.clock.run_for(seconds * 1000 + 100)


def rotation(page, count: int) -> list[str]:
    """The titles shown in turn, advancing the screen's clock by each slide's duration."""
    shown = []
    for _ in range(count):
        shown.append(page.locator(SHOWING).inner_text())
        advance(page)
    return shown


def test_rotation_starts_urgent_and_repeats_it_between_others(demo_site, browser):
    with static_server(demo_site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0))
        shown = rotation(page, 9)
        assert shown[0] == WATER_CUT
        assert len(set(shown[1:4])) == 3 and WATER_CUT not in shown[1:4]
        assert shown[4] == WATER_CUT  # again after three others
        assert page.locator("[data-screen-clock]").inner_text().startswith("09:")
        assert page.locator("[data-board-today]").inner_text() == "2026年11月21日 星期六"


def test_expired_item_leaves_the_rotation_on_the_screens_clock(demo_site, browser):
    with static_server(demo_site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 23, 23, 58))
        assert page.locator(SHOWING).inner_text() == WATER_CUT
        page.clock.run_for(3 * 60 * 1000)  # past midnight: the water cut is over
        assert page.locator(SHOWING).inner_text() != WATER_CUT
        assert WATER_CUT not in rotation(page, 20)
        assert page.locator("[data-board-today]").inner_text() == "2026年11月24日 星期二"


def test_default_slide_when_nothing_is_current(tmp_path, browser):
    expired = (
        "---\ntitle: 正常的通知\ndate: 2026-11-01\nexpires: 2026-11-10\ncategory: 通知\n---\n测试。"
    )
    root = site_from(tmp_path, files={"content/announcements/ok.md": expired})
    site = build(root, today="2026-11-21").site_dir
    with static_server(site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0))
        assert page.locator(SHOWING).inner_text() == "欢迎关注社区公告栏"
        assert "0731-85550000" in page.locator(".screen-slide.is-showing").inner_text()


def test_type_is_readable_from_three_metres_in_both_orientations(demo_site, browser):
    with static_server(demo_site) as base:
        for size in ((1920, 1080), (1080, 1920)):
            page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0), size)
            px = page.evaluate(
                """sel => parseFloat(getComputedStyle(
                document.querySelector(sel)).fontSize)""",
                ".screen-slide.is-showing .screen-slide__body",
            )
            title = page.evaluate(
                """sel => parseFloat(getComputedStyle(
                document.querySelector(sel)).fontSize)""",
                SHOWING,
            )
            assert px >= 40 and title >= 60, size  # ≈ 2.5 cm and 4 cm on a 55-inch TV
            assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
            assert page.locator(".md-header").count() == 0  # no site menus on a TV


def test_reloads_after_a_rebuild_and_keeps_content_when_offline(demo_site, browser, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(demo_site, site)
    stamp = site / "screen" / "build.json"
    with static_server(site) as base:
        page = open_screen(browser, base, datetime(2026, 11, 21, 9, 0))
        page.wait_for_load_state("networkidle")
        page.evaluate("window.stillTheSamePage = true")
        page.route("**/screen/build.json", lambda route: route.abort())  # network down
        stamp.write_text(json.dumps({"build": "rebuilt"}), encoding="utf-8")
        page.clock.run_for(61 * 1000)
        page.wait_for_timeout(300)
        assert page.evaluate("window.stillTheSamePage === true")
        assert page.locator(SHOWING).is_visible()
        page.unroute("**/screen/build.json")  # back online: the new build is seen
        with page.expect_navigation():
            page.clock.run_for(61 * 1000)
        assert page.evaluate("window.stillTheSamePage === undefined")


# What a resident sees of the slide on screen, measured in the page: where its last line
# of text ends, where the footer starts, the text size against the smallest one
# (--fit-min: 3.75 % of the shorter side) and whether a part was left out. When a part
# was left out, `nextFits` says whether the next sentence (or list entry) would have fit.
MEASURE = """() => {
  const slide = document.querySelector('.screen-slide.is-showing');
  const body = slide.querySelector('.screen-slide__body');
  const visible = el => el.getClientRects().length > 0;
  const text = [...slide.querySelectorAll('p, li, h2, h3')]
    .filter(el => visible(el) && !el.closest('.screen-qr'));
  const all = [...slide.querySelectorAll('*')].filter(visible);
  const note = slide.querySelector('[data-fit-more]');
  const cut = !!note && !note.hidden;
  const result = {
    title: slide.querySelector('.screen-slide__title').innerText,
    footerTop: document.querySelector('.screen-foot').getBoundingClientRect().top,
    lastText: Math.max(...text.map(el => el.getBoundingClientRect().bottom)),
    lastAny: Math.max(...all.map(el => el.getBoundingClientRect().bottom)),
    clipped: body.scrollHeight > body.clientHeight + 1,
    font: parseFloat(getComputedStyle(body).fontSize),
    floor: Math.min(innerWidth, innerHeight) * 0.0375,
    atLargest: slide.style.getPropertyValue('--fit') === '1',
    cut, nextFits: null,
  };
  if (cut) {
    const partial = body.querySelector('[data-fit-text]');
    const next = partial || [...body.querySelectorAll('[data-fit-part]')]
      .find(p => p.classList.contains('is-cut') && !p.closest('[hidden]'));
    if (next) {
      const shown = partial ? partial.textContent : '';
      const whole = partial ? partial.getAttribute('data-fit-text') : next.textContent;
      const more = whole.slice(shown.length).match(/^[^。！？!?]+(?:[。！？!?]+|$)/);
      for (const g of slide.querySelectorAll('[data-fit-group]')) g.classList.remove('is-cut');
      next.classList.remove('is-cut');
      if (next.matches('[data-fit-part=text]')) next.textContent = shown + (more ? more[0] : '');
      result.nextFits = body.scrollHeight <= body.clientHeight + 1;
      dispatchEvent(new Event('resize'));  // the screen fits the slide afresh
    }
  }
  return result;
}"""


def slides_in_turn(page, distinct: int = 10, steps: int = 80):
    """The first `distinct` slides and the first of each kind, each measured on screen."""
    seen: dict[str, dict] = {}
    kinds: set[str] = set()
    for _ in range(steps):
        slide = page.locator(".screen-slide.is-showing")
        kind = slide.get_attribute("class").split("screen-slide--")[1].split()[0]
        title = slide.locator(".screen-slide__title").inner_text()
        if title not in seen and (len(seen) < distinct or kind not in kinds):
            seen[title] = page.evaluate(MEASURE) | {"kind": kind}
        kinds.add(kind)
        advance(page)
    return seen


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE, (1366, 768)], ids=str)
@pytest.mark.parametrize("which", ["demo_site", "other_site"])
def test_slides_fill_the_screen_and_cut_only_at_the_smallest_size(browser, request, which, size):
    site = request.getfixturevalue(which)
    with static_server(site) as base:
        page = open_screen(browser, base, BUILD_MOMENT, size)
        measured = slides_in_turn(page)
    height = size[1]
    assert {m["kind"] for m in measured.values()} >= {"announcement", "notice", "honors"}
    first = next(iter(measured.values()))  # what a passer-by sees on arrival
    assert first["footerTop"] - first["lastText"] < 0.15 * height
    for title, m in measured.items():
        assert not m["clipped"], title  # nothing half-hidden at the bottom
        assert m["font"] >= m["floor"] - 0.5, title
        # The slide reaches down to the footer: its QR code sits in the bottom corner.
        assert m["footerTop"] - m["lastAny"] < 0.15 * height, title
        if not m["atLargest"]:  # text smaller than its largest size fills the height
            assert m["footerTop"] - m["lastText"] < 0.15 * height, (title, m)
        if m["cut"]:  # cut only at the smallest size, and only what did not fit
            assert m["font"] < m["floor"] + 0.5, title
            assert m["nextFits"] is False, (title, m)


def qr_on_screen(page, selector: str) -> list[str]:
    """Photograph a QR code as the screen draws it and read it, as a phone would."""
    png = page.locator(selector).screenshot()
    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def show_slide(page, predicate: str, arg=None, steps: int = 80) -> None:
    """Let the rotation run until the slide on screen matches `predicate`, a JS function
    of the slide and `arg`."""
    for _ in range(steps):
        slide = page.locator(".screen-slide.is-showing").element_handle()
        if page.evaluate(f"([s, arg]) => ({predicate})(s, arg)", [slide, arg]):
            return
        advance(page)
    raise AssertionError(f"no slide matching {predicate}")


@pytest.mark.parametrize(
    "size, scale", [(PORTRAIT, 1), (LANDSCAPE, 1), ((1366, 768), 1), (LANDSCAPE, 2)], ids=str
)
@pytest.mark.parametrize("which", ["demo_site", "other_site"])
def test_qr_codes_on_screen_lead_to_the_site_and_to_the_item(browser, request, which, size, scale):
    site: Path = request.getfixturevalue(which)
    current = json.loads((site / "api" / "current.json").read_text(encoding="utf-8"))
    assert current["url"] == ("https://example.org/board/" if which == "demo_site" else OTHER_URL)
    url_of = {item["title"]: item["url"] for item in current["items"]}
    longest = max(url_of, key=lambda title: len(url_of[title]))
    with static_server(site) as base:
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]}, device_scale_factor=scale
        )
        page = context.new_page()
        page.clock.install(time=BUILD_MOMENT.replace(tzinfo=SHANGHAI))
        page.goto(base + "screen/")
        assert qr_on_screen(page, ".screen-qr--site svg") == [current["url"]]
        assert page.locator(".screen-qr--site").inner_text() == "扫码访问社区网站"
        item = ".screen-slide.is-showing .screen-qr--item"
        assert qr_on_screen(page, item + " svg") == [url_of[page.locator(SHOWING).inner_text()]]
        assert page.locator(item).inner_text() == "扫码查看全文"
        show_slide(page, "(s, title) => s.querySelector('h2').innerText === title", longest)
        assert qr_on_screen(page, item + " svg") == [url_of[longest]]


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=str)
def test_notice_shows_as_many_applicants_as_fit_and_always_the_contact(other_site, browser, size):
    """24 applicants with long names: the first ones in order, a note that more are on the
    website, and whom to tell of an objection, on screen."""
    with static_server(other_site) as base:
        page = open_screen(browser, base, BUILD_MOMENT, size)
        show_slide(page, "s => s.classList.contains('screen-slide--notice')")
        slide = page.locator(".screen-slide.is-showing")
        names = slide.locator("li b").all()
        shown = [n.inner_text() for n in names if n.is_visible()]
        assert len(shown) >= (10 if size == PORTRAIT else 5)
        assert shown == [n.inner_text() for n in names[: len(shown)]]  # the first, in order
        assert slide.get_by_text("其余公示对象详见网站，扫码查看").is_visible()
        contact = slide.locator(".screen-slide__contact")
        assert contact.is_visible() and "0755-27881234" in contact.inner_text()
        assert contact.bounding_box()["y"] + contact.bounding_box()["height"] <= size[1]


def test_notice_with_few_applicants_shows_them_all_with_their_deeds(demo_site, browser):
    with static_server(demo_site) as base:
        page = open_screen(browser, base, BUILD_MOMENT, PORTRAIT)
        show_slide(page, "s => s.classList.contains('screen-slide--notice')")
        slide = page.locator(".screen-slide.is-showing")
        assert all(li.is_visible() for li in slide.locator("li").all())
        assert slide.locator(".screen-slide__detail").first.is_visible()  # 简要事迹
        assert not slide.locator("[data-fit-more]").is_visible()
        assert "0731-85123461" in slide.locator(".screen-slide__contact").inner_text()


@pytest.mark.parametrize("which", ["demo_site", "other_site"])
def test_honors_slide_shows_red_list_and_black_list_only_while_it_is_shown(browser, request, which):
    site: Path = request.getfixturevalue(which)
    with static_server(site) as base:
        page = open_screen(browser, base, BUILD_MOMENT, LANDSCAPE)
        show_slide(page, "s => s.classList.contains('screen-slide--honors')")
        slide = page.locator(".screen-slide.is-showing")
        assert slide.locator(".screen-slide__red").is_visible()
        assert slide.locator(".screen-slide__black").is_visible()
        leaving = slide.locator(".screen-slide__black ~ ul li").all()
        last = max(li.get_attribute("data-board-until") for li in leaving)
        assert leaving[0].is_visible()
        # After the last black entry is withdrawn, on the screen's own clock.
        later = datetime.fromisoformat(last).astimezone(SHANGHAI).replace(tzinfo=None)
        page = open_screen(browser, base, later.replace(hour=9), LANDSCAPE)
        show_slide(page, "s => s.classList.contains('screen-slide--honors')")
        slide = page.locator(".screen-slide.is-showing")
        assert slide.locator(".screen-slide__red").is_visible()
        assert not slide.locator(".screen-slide__black").is_visible()
        assert slide.locator("li").first.is_visible()


@pytest.mark.parametrize("size", [PORTRAIT, LANDSCAPE], ids=str)
@pytest.mark.parametrize("which", ["demo_site", "other_site"])
def test_text_on_screen_passes_wcag_aa(browser, request, which, size):
    with static_server(request.getfixturevalue(which)) as base:
        page = open_screen(browser, base, BUILD_MOMENT, size)
        for _ in range(4):  # the first slides in turn, whatever their kind
            assert axe_violations(page) == []
            advance(page)


def test_the_screen_shows_what_the_boards_show_not_years_of_announcements(other_site):
    """The other community has four years of monthly reports without an end date: the
    lobby TV shows the recent ones (print.recent_days), the site keeps them all."""
    screen = (other_site / "screen/index.html").read_text(encoding="utf-8")
    assert "2026年11月物业服务情况通报" in screen  # 2026-11-20, within 60 days
    assert "2026年8月物业服务情况通报" not in screen  # 2026-08-22, older
    assert "2023年1月物业服务情况通报" not in screen
    assert (other_site / "announcements/2023-01-10-monthly-notice-00/index.html").is_file()
