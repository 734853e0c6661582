"""The editor (编辑台) in a real Chromium against a real `board serve`, used as a person in
a 居委会 office uses it: Chinese typed through an input method (composition events), the
forms of every kind, the preview beside the form, the history, deleting, publishing, the
公示期 calculator, privacy marks; axe-core on every editor page; and the keyboard alone.

Each project (the demo and a community unlike it) gets one `board serve` for the module;
the tests write nothing themselves: every file on disk comes from the forms."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, make_server
from zoneinfo import ZoneInfo

import pytest
from conftest import ROOT
from other_community import write_other_community

from generator.editor.access import hash_password
from generator.editor.app import EditorApp

TODAY = "2026-11-21"
OFFICE_TIME = datetime(2026, 11, 21, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
# What each page records: the composition events it saw, and its live-check requests
# counted where they are made (a request event may come a moment after the fetch).
RECORDER = """
window.__ime = [];
document.addEventListener("compositionstart", e => __ime.push("start " + e.target.name), true);
document.addEventListener("compositionend", e => __ime.push("end " + e.data), true);
window.__checks = 0;
const fetched = window.fetch;
window.fetch = function (url, options) {
  if (String(url).endsWith("/check")) window.__checks += 1;
  return fetched.call(this, url, options);
};
"""
PUBLISH = "\npublish:\n  - type: folder\n    path: www/board\n"


# --- the projects and their editors ---------------------------------------------------


@dataclass
class Project:
    name: str
    root: Path
    base: str  # http://127.0.0.1:PORT/
    category: str  # a category of its site_config.yml
    board: str  # a board id of its site_config.yml
    phone: str  # the community's phone, which a new notice starts with

    @property
    def edit(self) -> str:
        return self.base + "_edit/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def answers(url: str, timeout: float = 60) -> None:
    """Wait until `board serve` answers at `url` (its first build takes a moment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"board serve did not answer at {url}")


@pytest.fixture(scope="module")
def serve(tmp_path_factory) -> Iterator:
    """Starts `board serve` on a project; every one is stopped when the module ends."""
    running: list[subprocess.Popen] = []

    def start(root: Path) -> str:
        port = free_port()
        temporary = root.parent / "tmp"
        temporary.mkdir(exist_ok=True)
        log = (root.parent / "serve.log").open("wb")
        command = [sys.executable, "-m", "generator.cli", "serve", "-p", str(root)]
        command += ["--port", str(port), "--today", TODAY]
        process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(temporary)},
        )
        running.append(process)
        base = f"http://127.0.0.1:{port}/"
        answers(base + "_edit/")
        return base

    yield start
    for process in running:
        process.terminate()
    for process in running:
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def demo(serve, tmp_path_factory) -> Project:
    root = tmp_path_factory.mktemp("editor-demo") / "project"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site_config.yml", root)
    return Project("demo", root, serve(root), "停水停电", "health-board", "0731-85123456")


@pytest.fixture(scope="module")
def other(serve, tmp_path_factory) -> Project:
    root = write_other_community(tmp_path_factory.mktemp("editor-other") / "project")
    with (root / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write(PUBLISH)
    phone = "0755-27881234（值班手机 13823456789）"
    return Project("other", root, serve(root), "停水停电", "gate", phone)


@pytest.fixture(params=["demo", "other"])
def project(request) -> Project:
    return request.getfixturevalue(request.param)


@dataclass
class Window:
    """One browser tab on the editor, with what it recorded."""

    page: Any
    cdp: Any
    requests: list[str] = field(default_factory=list)

    def checks(self) -> int:
        return self.page.evaluate("window.__checks")


@pytest.fixture
def window(browser) -> Iterator[Window]:
    with open_window(browser) as opened:
        yield opened


@contextlib.contextmanager
def open_window(browser) -> Iterator[Window]:
    """A browser window of its own (cookies, session) on the office's day."""
    context = browser.new_context(
        viewport={"width": 1600, "height": 1000}, timezone_id="Asia/Shanghai"
    )
    # The preview pages judge 公示中 and 已结束 by the reader's clock: the office's day.
    context.clock.install(time=OFFICE_TIME)
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.set_default_timeout(20000)
    opened = Window(page, context.new_cdp_session(page))
    page.on("request", lambda r: opened.requests.append(r.url))
    try:
        yield opened
    finally:
        context.close()


# --- doing what a person does -----------------------------------------------------------


def compose(w: Window, selector: str, pinyin: str, text: str) -> None:
    """Type `text` into the field as a Chinese input method does: the pinyin grows in a
    composition, then the chosen characters are committed. The page must see it so."""
    field = w.page.locator(selector)
    field.focus()
    seen = len(w.page.evaluate("window.__ime"))
    for n in range(1, len(pinyin) + 1):
        w.cdp.send(
            "Input.imeSetComposition",
            {"text": pinyin[:n], "selectionStart": n, "selectionEnd": n},
        )
    w.cdp.send("Input.insertText", {"text": text})
    events = w.page.evaluate("window.__ime")[seen:]
    name = field.get_attribute("name")
    assert events == [f"start {name}", f"end {text}"], events


def field_named(name: str) -> str:
    return f'[name="{name}"]'


def fill(w: Window, name: str, value: str) -> None:
    """Digits and dates, typed as they are (no input method)."""
    w.page.locator(field_named(name)).fill(value)


def choose(w: Window, name: str, value: str) -> None:
    w.page.locator(field_named(name)).select_option(value)


def preview_shows(w: Window, text: str) -> None:
    """The draft's site page beside the form, redrawn after a pause in typing."""
    from playwright.sync_api import expect

    frame = w.page.frame_locator("#site-preview")
    expect(frame.locator("body")).to_contain_text(text, timeout=20000)


def print_preview_shows_the_whole_sheet(page, text: str) -> None:
    """The print preview beside the form holds the sheet's full width, scaled down."""
    from playwright.sync_api import expect

    expect(page.frame_locator("#print-preview").locator("body")).to_contain_text(text)
    page.wait_for_function(
        """() => {
          const sheet = document.getElementById("print-preview");
          const page = sheet.contentDocument.documentElement;
          const shown = sheet.getBoundingClientRect(), room = sheet.parentNode.getBoundingClientRect();
          return page.scrollWidth <= sheet.clientWidth && shown.right <= room.right + 1;
        }"""
    )


def save(w: Window) -> str:
    """Press 保存; the saved item's file, from the address the editor lands on."""
    page = w.page
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_url(re.compile(r"/_edit/item\?f=.*saved=1"))
    assert "已保存" in page.locator("main").inner_text()
    return parse_qs(urlsplit(page.url).query)["f"][0]


def history_of(w: Window, project: Project, rel: str) -> list[str]:
    """The item's 档案 page, newest first."""
    w.page.goto(project.edit + "history?f=" + rel)
    return w.page.locator("ol.timeline > li").all_inner_texts()


def latest_change(w: Window) -> str:
    """What the item's page lists first under 最近的修改."""
    return w.page.locator('section[aria-labelledby="history-h"] li').first.inner_text()


def open_item(w: Window, project: Project, rel: str) -> None:
    w.page.goto(project.edit + "item?f=" + rel)


def delete(w: Window, project: Project, rel: str, *changes: str) -> None:
    """Delete the item open in the window, accepting the browser's 确定删除 question;
    its 档案 then lists the deletion above the earlier `changes`."""
    page = w.page
    questions: list[str] = []

    def accept(dialog) -> None:
        questions.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.get_by_role("button", name="删除这个文件").click()
    page.wait_for_url(re.compile(r"/_edit/\?done="))
    assert questions and questions[0].startswith("确定删除")
    assert "已删除" in page.locator("main").inner_text()
    assert not (project.root / rel).exists()
    listed = history_of(w, project, rel)
    assert len(listed) == len(changes)
    for said, entry in zip(changes, listed, strict=True):
        assert said in entry, (said, listed)


def on_disk(project: Project, rel: str) -> str:
    return (project.root / rel).read_text(encoding="utf-8")


# --- one item of each kind, created, edited and deleted through the forms ---------------


def test_an_announcement_typed_in_chinese(window, project):
    """The body is typed through the input method and the toolbar adds Markdown where the
    cursor is; no live check is sent while a character is being composed."""
    w, page = window, window.page
    page.goto(project.edit)
    page.get_by_role("link", name="新建公告").click()
    page.wait_for_url("**/_edit/new/announcement")
    page.wait_for_function("window.__checks > 0")  # the first preview, as the form opens
    compose(w, "#f-title", "baishaluting", "白沙路停水通知")
    choose(w, "category", project.category)
    compose(w, "#body", "geweijumin", "各位居民：")

    # Half-way through a word nothing is sent, however long the person hesitates.
    before, sent = w.checks(), len([u for u in w.requests if u.endswith("/check")])
    w.cdp.send("Input.imeSetComposition", {"text": "ting", "selectionStart": 4, "selectionEnd": 4})
    page.clock.run_for(5000)
    page.evaluate("1")  # the request, had one been made, has been seen by now
    assert w.checks() == before
    assert len([u for u in w.requests if u.endswith("/check")]) == sent
    w.cdp.send("Input.insertText", {"text": "停水"})
    page.clock.run_for(1000)
    page.wait_for_function(f"window.__checks > {before}")  # sent once the word is chosen

    page.get_by_role("button", name="加粗").click()
    page.get_by_role("button", name="列表").click()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="表格").click()
    assert page.locator("#body").input_value() == (
        "各位居民：停水**加粗的字**- 第一项\n- 第二项\n"
        "\n| 项目 | 时间 | 地点 |\n| --- | --- | --- |\n|  |  |  |\n"
    )
    preview_shows(w, "白沙路停水通知")
    rel = save(w)
    assert re.fullmatch(r"content/announcements/2026-11-21-[a-z0-9-]+\.md", rel), rel
    assert on_disk(project, rel) == (
        "---\n"
        "title: 白沙路停水通知\n"
        "date: 2026-11-21\n"
        f"category: {project.category}\n"
        "---\n\n"
        "各位居民：停水**加粗的字**- 第一项\n- 第二项\n\n"
        "| 项目 | 时间 | 地点 |\n| --- | --- | --- |\n|  |  |  |\n"
    )
    assert "新建了公告" in latest_change(w)

    page.locator("#f-title").fill("")
    compose(w, "#f-title", "baishalutingshui", "白沙路临时停水通知")
    preview_shows(w, "白沙路临时停水通知")
    assert save(w) == rel
    assert on_disk(project, rel).startswith("---\ntitle: 白沙路临时停水通知\ndate: 2026-11-21\n")
    assert "修改了标题" in latest_change(w)
    delete(w, project, rel, "删除了公告", "修改了标题", "新建了公告")


def test_a_notice_with_its_period_calculated(window, project):
    """The 公示期 calculator names the holiday a period runs over, then the notice is
    written with the start and the working days the person chose."""
    w, page = window, window.page
    page.goto(project.edit + "new/notice")
    compose(w, "#f-title", "wenmingloudao", "2026年度“最美楼道”推荐对象公示")
    compose(w, "#f-kind", "zuimeiloudao", "最美楼道")
    result = page.locator("#period-result")
    fill(w, "period.start", "2026-09-28")
    from playwright.sync_api import expect

    expect(result).to_contain_text("跨国庆节")
    expect(result).to_contain_text("共5个工作日")
    fill(w, "period.start", "2026年11月23日")
    expect(result).to_contain_text("2026年11月23日至2026年11月27日，共5个工作日")
    page.get_by_role("button", name="添加一项公示对象").click()
    compose(w, field_named("applicants[0].name"), "baishalu", "白沙路3栋楼道")
    compose(w, field_named("applicants[0].summary"), "zhengjie", "楼道整洁，无堆放杂物。")
    compose(w, field_named("contact.person"), "zhouting", "周婷")
    compose(w, "#body", "xianyuyigongshi", "现予以公示。")
    preview_shows(w, "“最美楼道”推荐对象公示")
    if project.name == "demo":  # the other community does not print
        print_preview_shows_the_whole_sheet(page, "“最美楼道”推荐对象公示")
    rel = save(w)
    assert re.fullmatch(r"content/notices/2026-11-21-[a-z0-9-]+\.md", rel), rel
    assert on_disk(project, rel) == (
        "---\n"
        "title: 2026年度“最美楼道”推荐对象公示\n"
        "kind: 最美楼道\n"
        "issued: 2026-11-21\n"
        "period:\n"
        "  start: 2026年11月23日\n"
        "  workdays: 5\n"
        "applicants:\n"
        "  - name: 白沙路3栋楼道\n"
        "    summary: 楼道整洁，无堆放杂物。\n"
        "contact:\n"
        "  person: 周婷\n"
        f"  phone: {project.phone}\n"
        "---\n\n"
        "现予以公示。\n"
    )
    assert "新建了公示" in latest_change(w)

    compose(w, field_named("applicants[0].unit"), "baishalu", "白沙路社区")
    rel_again = save(w)
    assert rel_again == rel
    assert "  - name: 白沙路3栋楼道\n    unit: 白沙路社区\n    summary: 楼道整洁" in on_disk(
        project, rel
    )
    assert "修改了公示对象" in latest_change(w)
    delete(w, project, rel, "删除了公示", "修改了公示对象", "新建了公示")


def test_a_privacy_mark_beside_a_mobile_number(window, project):
    """A mobile number in an applicant's summary is marked with what the site will show."""
    w, page = window, window.page
    page.goto(project.edit + "new/notice")
    page.get_by_role("button", name="添加一项公示对象").click()
    compose(w, field_named("applicants[0].summary"), "dianhua", "联系电话13912345678")
    from playwright.sync_api import expect

    mark = page.locator('[data-field="applicants[0].summary"] .checks .privacy')
    expect(mark).to_contain_text("手机号")
    expect(mark).to_contain_text("13912345678")
    expect(mark).to_contain_text("139****5678")


def test_a_red_and_black_list(window, project):
    w, page = window, window.page
    page.goto(project.edit + "new/honors")
    compose(w, "#f-title", "hongheibang", "2026年12月文明创建红黑榜")
    compose(w, "#f-period", "shieryue", "2026年12月")
    fill(w, "published", "2026-11-21")
    page.get_by_role("button", name="添加一项红榜").click()
    compose(w, field_named("red[0].name"), "chenjia", "东区3栋陈家")
    compose(w, field_named("red[0].kind"), "wenmingjiating", "文明家庭")
    compose(w, field_named("red[0].reason"), "rexin", "热心公益，常年照顾孤寡老人。")
    page.get_by_role("button", name="添加一项黑榜").click()
    compose(w, field_named("black[0].subject"), "mifendian", "老长沙米粉店")
    choose(w, "black[0].subject_type", "shop")
    compose(w, field_named("black[0].behavior"), "zhandao", "占道经营")
    fill(w, "black[0].date", "2026-11-20")
    choose(w, "black[0].status", "待整改")
    preview_shows(w, "2026年12月文明创建红黑榜")
    rel = save(w)
    assert rel == "content/honors/2026-11.yml" or rel.startswith("content/honors/2026-11-"), rel
    assert on_disk(project, rel) == (
        "title: 2026年12月文明创建红黑榜\n"
        "period: 2026年12月\n"
        "published: 2026-11-21\n"
        "red:\n"
        "  - name: 东区3栋陈家\n"
        "    kind: 文明家庭\n"
        "    reason: 热心公益，常年照顾孤寡老人。\n"
        "black:\n"
        "  - subject: 老长沙米粉店\n"
        "    subject_type: shop\n"
        "    behavior: 占道经营\n"
        "    date: 2026-11-20\n"
        "    status: 待整改\n"
    )
    assert "新建了红黑榜" in latest_change(w)

    compose(w, field_named("black[0].location"), "baishalu", "白沙路口")
    assert save(w) == rel
    assert "    behavior: 占道经营\n    location: 白沙路口\n    date: 2026-11-20\n" in on_disk(
        project, rel
    )
    assert "修改了黑榜" in latest_change(w)
    delete(w, project, rel, "删除了红黑榜", "修改了黑榜", "新建了红黑榜")


def test_a_column_and_an_issue_of_it(window, project):
    """A new 宣传栏, then its first issue from the home page; the column can be deleted
    once its issue is."""
    w, page = window, window.page
    page.goto(project.edit + "new/column")
    compose(w, "#f-title", "jianshen", "冬季健身宣传栏")
    fill(w, "cadence_days", "30")
    choose(w, "board", project.board)
    compose(w, "#f-description", "jianshenzhishi", "冬季健身小知识。")
    preview_shows(w, "冬季健身宣传栏")
    column = save(w)
    assert re.fullmatch(r"content/columns/[a-z0-9-]+/column\.yml", column), column
    assert on_disk(project, column) == (
        "title: 冬季健身宣传栏\n"
        "cadence_days: 30\n"
        f"board: {project.board}\n"
        "description: 冬季健身小知识。\n"
    )
    assert "新建了宣传栏" in latest_change(w)

    page.goto(project.edit)
    page.get_by_role("link", name="新建“冬季健身宣传栏”一期").click()
    compose(w, "#f-title", "sanbu", "饭后散步")
    compose(w, "#body", "sanbu", "## 慢慢走")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    compose(w, "#body", "sanbu", "饭后半小时再散步。")
    preview_shows(w, "饭后散步")
    issue = save(w)
    folder = column.removesuffix("column.yml")
    assert issue.startswith(folder) and issue.endswith(".md"), issue
    assert on_disk(project, issue) == (
        "---\nissue: 1\ndate: 2026-11-21\ntitle: 饭后散步\n---\n\n## 慢慢走\n\n饭后半小时再散步。\n"
    )
    assert "新建了" in latest_change(w)
    delete(w, project, issue, "删除了", "新建了")

    open_item(w, project, column)
    page.locator("#f-cadence_days").fill("60")
    assert save(w) == column
    assert "cadence_days: 60\n" in on_disk(project, column)
    assert "修改了更换周期" in latest_change(w)
    delete(w, project, column, "删除了宣传栏", "修改了更换周期", "新建了宣传栏")


def test_a_page(window, project):
    w, page = window, window.page
    page.goto(project.edit + "new/page")
    compose(w, "#f-title", "zhibanbiao", "居委会值班表")
    fill(w, "order", "5")
    compose(w, "#body", "zhiban", "周六上午有人值班。")
    preview_shows(w, "周六上午有人值班。")
    rel = save(w)
    assert re.fullmatch(r"content/pages/[a-z0-9-]+\.md", rel), rel
    assert on_disk(project, rel) == (
        "---\ntitle: 居委会值班表\norder: 5\n---\n\n周六上午有人值班。\n"
    )
    assert "新建了页面" in latest_change(w)
    page.locator("#f-order").fill("2")
    assert save(w) == rel
    assert on_disk(project, rel) == (
        "---\ntitle: 居委会值班表\norder: 2\n---\n\n周六上午有人值班。\n"
    )
    assert "修改了排序" in latest_change(w)
    delete(w, project, rel, "删除了页面", "修改了排序", "新建了页面")
    assert_accessible(page, "the history of a deleted file")


# --- publishing ------------------------------------------------------------------------


def test_publish_to_a_folder_swaps_a_link_to_a_new_release(window, other):
    """发布网站 builds, audits and copies the site; the target is a link that moves to each
    new complete release in one step. (The other community: it does not print, so a
    publish takes a second or two.)"""
    page = window.page
    target = other.root / "www" / "board"
    releases = []
    for _ in range(2):
        page.goto(other.edit)
        page.get_by_role("button", name="发布网站").click()
        page.wait_for_url("**/_edit/publish")
        result = page.locator(".targets").inner_text()
        assert "已发布" in result and "失败" not in result, result
        assert target.is_symlink()
        release = target.resolve()
        assert release.parent == other.root / "www" / ".board-releases" / "board"
        assert (release / "index.html").is_file()
        releases.append(release)
    assert releases[0] != releases[1]
    assert_accessible(page, "publish result")


# --- accessibility ----------------------------------------------------------------------


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page, options=WCAG).response["violations"]
    return [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in found]


def assert_accessible(page, where: str) -> None:
    settle(page)
    assert axe_violations(page) == [], where


def settle(page) -> None:
    """A form's first live check has come back and been shown."""
    if page.locator("#item-form").count():
        page.wait_for_function("window.__checks > 0")
        page.wait_for_function("document.getElementById('live-status').textContent !== '正在检查…'")


def test_axe_finds_nothing_on_the_editor_pages(window, project):
    page = window.page
    column = sorted(p.parent.name for p in (project.root / "content/columns").glob("*/column.yml"))
    page.goto(project.edit)
    pages = ["", "new/announcement", "new/notice", "new/honors", "new/column"]
    pages += [f"new/issue?column={column[0]}", "new/page"]
    found = {}
    for url in pages:
        page.goto(project.edit + url)
        settle(page)
        found[url or "home"] = axe_violations(page)
    page.goto(project.edit)
    page.locator(".kind").first.locator(".rows a").first.click()  # an item to edit
    settle(page)
    found["edit form"] = axe_violations(page)
    rel = parse_qs(urlsplit(page.url).query)["f"][0]
    page.goto(project.edit + "raw?f=" + rel)
    found["as text"] = axe_violations(page)
    page.goto(project.edit + "history?f=" + rel)
    found["history"] = axe_violations(page)
    page.locator("ol.timeline a").first.click()
    page.wait_for_url(re.compile(r"/_edit/version\?"))
    found["version"] = axe_violations(page)
    assert {k: v for k, v in found.items() if v} == {}


def test_a_failed_save_and_a_conflict_say_why_accessibly(browser, project):
    """A save with a missing title is refused (422) with the problem beside the field; of
    two windows editing one file, the second save is refused (409) with the difference."""
    announcements = sorted((project.root / "content/announcements").glob("*.md"))
    rel = announcements[0].relative_to(project.root).as_posix()
    with open_window(browser) as one, open_window(browser) as two:
        for w in (one, two):
            open_item(w, project, rel)
            settle(w.page)
        one.page.locator("#f-title").fill("第一个窗口改的标题")
        save(one)
        page = two.page
        page.locator("#f-title").fill("第二个窗口改的标题")
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url("**/_edit/save")
        conflict = page.locator(".conflict")
        assert "被别人改过" in conflict.inner_text()
        assert "第一个窗口改的标题" in conflict.locator(".diff").inner_text()
        assert page.locator("#f-title").input_value() == "第二个窗口改的标题"
        assert "第一个窗口改的标题" in on_disk(project, rel)
        assert_accessible(page, "conflict")

        page.goto(project.edit + "new/announcement")
        settle(page)
        page.get_by_role("button", name="保存", exact=True).click()
        page.wait_for_url("**/_edit/save")
        assert "还没有保存" in page.locator(".problems").inner_text()
        assert page.locator('[data-field="title"] .problem.error').count()
        assert_accessible(page, "failed save")


@pytest.fixture
def office_editor(tmp_path) -> Iterator[str]:
    """The editor on the office network (a password set), served in this process."""
    root = write_other_community(tmp_path / "office")
    with (root / "site_config.yml").open("a", encoding="utf-8") as config:
        config.write(f'edit:\n  password: "{hash_password("社区2026")}"\n')
    app = EditorApp(root, today=TODAY, host="0.0.0.0")
    server = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/_edit/"
    server.shutdown()


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


def test_the_login_page_is_accessible(window, office_editor):
    page = window.page
    page.goto(office_editor)
    assert page.get_by_role("heading", name="登录编辑台").is_visible()
    assert_accessible(page, "login")
    page.get_by_label("密码").fill("不对")
    page.get_by_role("button", name="登录").click()
    assert "密码不对" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "login, wrong password")
    page.get_by_label("密码").fill("社区2026")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("link", name="新建公告").is_visible()


# --- the keyboard alone -----------------------------------------------------------------

FOCUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const seen = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  return {tag: e.tagName, id: e.id, type: e.type, name: e.className, outline: s.outlineStyle,
          text: (e.textContent || "").trim().slice(0, 20), seen};
}"""


def tab_to(page, wanted, limit: int = 80) -> None:
    """Tab until `wanted(focused)`; every element on the way shows that it has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        assert focused["seen"], f"focus not visible on {focused}"
        if wanted(focused):
            return
    raise AssertionError("never reached")


def test_a_new_announcement_with_the_keyboard_alone(window, project):
    page = window.page
    page.goto(project.edit)
    tab_to(page, lambda f: f["text"] == "新建公告")
    page.keyboard.press("Enter")
    page.wait_for_url("**/_edit/new/announcement")
    settle(page)
    tab_to(page, lambda f: f["id"] == "f-title")
    page.keyboard.type("楼道杂物清理通知")
    tab_to(page, lambda f: f["id"] == "f-date")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026年11月22日")
    tab_to(page, lambda f: f["id"] == "f-category")
    page.keyboard.press("ArrowDown")
    chosen = page.locator("#f-category").input_value()
    assert chosen
    tab_to(page, lambda f: f["text"] == "保存")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/_edit/item\?f=.*saved=1"))
    rel = parse_qs(urlsplit(page.url).query)["f"][0]
    assert on_disk(project, rel) == (
        f"---\ntitle: 楼道杂物清理通知\ndate: 2026年11月22日\ncategory: {chosen}\n---\n"
    )
