"""The editor's pages and actions over HTTP (in the test process): what it lists, what a
save writes, and what it refuses — a forged form, a path outside content/, another host."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import ROOT
from editor_client import Client, editor_for, form_inputs
from other_community import write_other_community

from generator.editor import history
from generator.editor.access import hash_password
from generator.editor.app import EditorApp


@pytest.fixture
def demo(tmp_path) -> Path:
    """A copy of the demo community."""
    root = tmp_path / "demo"
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site_config.yml", root)
    return root


@pytest.fixture
def other(tmp_path) -> Path:
    root = tmp_path / "other"
    write_other_community(root)
    return root


def test_home_lists_every_kind_with_its_state(demo):
    page = editor_for(demo).get("/_edit/").text
    for heading in ("公告通知", "申报公示", "红黑榜", "宣传栏"):
        assert heading in page
    assert "公示中 剩" in page
    assert "新建公告" in page and "新建公示" in page


def test_home_finds_by_title(other):
    client = editor_for(other)
    page = client.get("/_edit/?q=" + quote("二次供水")).text
    assert "二次供水" in page
    assert page.count('class="row ') < client.get("/_edit/").text.count('class="row ')


def test_a_new_announcement_is_written_as_a_person_would_write_it(demo):
    client = editor_for(demo)
    form = form_inputs(client.get("/_edit/new/announcement").text)
    form.update(
        {
            "title": "关于12月1日白沙路停水的通知",
            "date": "2026年11月22日",
            "category": "停水停电",
            "tags": "停水，白沙路",
            "_body": "各位居民：\r\n\r\n12月1日8:00至18:00停水。",
        }
    )
    answer = client.post("/_edit/save", form)
    assert answer.status == 303, answer.text[:2000]
    rel = answer.headers["location"].split("f=")[1].split("&")[0]
    from urllib.parse import unquote

    path = demo / unquote(rel)
    assert path.parent == demo / "content" / "announcements"
    assert path.read_text(encoding="utf-8") == (
        "---\n"
        "title: 关于12月1日白沙路停水的通知\n"
        "date: 2026年11月22日\n"
        "category: 停水停电\n"
        "tags: [停水, 白沙路]\n"
        "---\n\n"
        "各位居民：\n\n12月1日8:00至18:00停水。\n"
    )
    changes = history.timeline(demo, unquote(rel))
    assert changes and changes[0].message == "新建了公告"


def test_a_form_without_its_token_is_refused(demo):
    client = editor_for(demo)
    form = form_inputs(client.get("/_edit/new/announcement").text)
    form.update({"title": "伪造的通知", "date": "2026-11-22", "category": "通知"})
    form.pop("_csrf")
    before = sorted((demo / "content").rglob("*"))
    answer = client.post("/_edit/save", form, csrf=False)
    assert answer.status == 403
    assert "校验码" in answer.text
    assert sorted((demo / "content").rglob("*")) == before


def test_paths_outside_content_are_refused(demo):
    client = editor_for(demo)
    for rel in ("site_config.yml", "content/../site_config.yml", "/etc/passwd", "../x"):
        answer = client.get("/_edit/item?f=" + quote(rel))
        assert answer.status in (400, 403, 404), rel
        assert "categories" not in answer.text and "root:" not in answer.text


def test_another_host_name_is_refused_on_this_computer(demo):
    client = Client(EditorApp(demo, today="2026-11-21"), host="evil.example:8000")
    assert client.get("/_edit/").status == 403


def test_the_office_network_needs_a_password(demo):
    open_app = EditorApp(demo, today="2026-11-21", host="0.0.0.0")
    answer = Client(open_app, host="192.168.1.20:8000").get("/_edit/")
    assert answer.status == 403 and "board password" in answer.text

    config = demo / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f'\nedit:\n  password: "{hash_password("社区2026")}"\n',
        encoding="utf-8",
    )
    client = Client(EditorApp(demo, today="2026-11-21", host="0.0.0.0"), host="192.168.1.20:8000")
    assert "登录编辑台" in client.get("/_edit/").text
    wrong = client.request(
        "POST", "/_edit/login", b"password=nope", "application/x-www-form-urlencoded"
    )
    assert wrong.status == 401
    right = client.request(
        "POST",
        "/_edit/login",
        f"password={quote('社区2026')}".encode(),
        "application/x-www-form-urlencoded",
    )
    assert right.status == 303
    assert "公告通知" in client.get("/_edit/").text


def test_a_save_with_an_error_is_not_written_and_says_why(demo):
    client = editor_for(demo)
    form = form_inputs(client.get("/_edit/new/announcement").text)
    form.update({"title": "没有分类的通知", "date": "2026-11-22", "category": "不存在的分类"})
    before = sorted((demo / "content").rglob("*.md"))
    answer = client.post("/_edit/save", form)
    assert answer.status == 422
    assert "不存在的分类" in answer.text and "还没有保存" in answer.text
    assert sorted((demo / "content").rglob("*.md")) == before


def test_the_second_of_two_windows_is_refused_with_the_difference(other):
    rel = next(
        p.relative_to(other).as_posix() for p in sorted((other / "content").rglob("*.md"))
        if "announcements" in p.parts
    )  # fmt: skip
    first, second = editor_for(other), editor_for(other)
    url = "/_edit/item?f=" + quote(rel)
    form_one, form_two = form_inputs(first.get(url).text), form_inputs(second.get(url).text)
    form_one["title"] = "第一个窗口改的标题"
    form_two["title"] = "第二个窗口改的标题"
    assert first.post("/_edit/save", form_one).status == 303
    refused = second.post("/_edit/save", form_two)
    assert refused.status == 409
    assert "被别人改过" in refused.text and "第一个窗口改的标题" in refused.text
    assert "第二个窗口改的标题" in refused.text  # the form keeps what was typed
    text = (other / rel).read_text(encoding="utf-8")
    assert "第一个窗口改的标题" in text and "第二个窗口改的标题" not in text


def test_a_notice_changed_during_its_period_says_so(demo):
    """公示中 on 2026-11-21: the save adds the day (and the note) to its revisions."""
    client = editor_for(demo)
    rel = "content/notices/2026-11-wenming-family.md"
    page = client.get("/_edit/item?f=" + quote(rel)).text
    assert "正在公示期内" in page
    form = form_inputs(page)
    form["applicants[0].summary"] = "更正后的事迹"
    form["_note"] = "更正事迹"
    assert client.post("/_edit/save", form).status == 303
    text = (demo / rel).read_text(encoding="utf-8")
    assert "revisions:" in text and "2026-11-21" in text and "更正事迹" in text
    assert history.timeline(demo, rel)[0].message == "更正事迹"


def test_history_is_kept_in_its_own_repository(demo):
    subprocess.run(["git", "init", "-q", str(demo)], check=True)
    client = editor_for(demo)
    form = form_inputs(client.get("/_edit/new/announcement").text)
    form.update({"title": "档案测试", "date": "2026-11-22", "category": "通知"})
    assert client.post("/_edit/save", form).status == 303
    outer = subprocess.run(
        ["git", "-C", str(demo), "log", "--oneline"], capture_output=True, text=True
    )
    assert outer.stdout == ""  # the project's own repository got no commit
    assert (demo / ".board-history").is_dir()


def test_a_disguised_upload_is_refused(demo):
    client = editor_for(demo)
    answer = client.request(
        "POST",
        "/_edit/upload?kind=announcement",
        b"<html><script>alert(1)</script></html>",
        "application/octet-stream",
        {"X-File-Name": "photo.jpg", "X-CSRF-Token": client.csrf()},
    )
    assert answer.status == 415
    assert not list((demo / "content" / "assets").rglob("photo.*"))


@pytest.mark.parametrize("megabytes", [11, 13])
def test_an_oversized_upload_is_refused(demo, megabytes):
    """Over the upload limit (10 MB), whether or not the body is read at all (12 MB)."""
    client = editor_for(demo)
    answer = client.request(
        "POST",
        "/_edit/upload?kind=announcement",
        b"\xff\xd8\xff" + b"\0" * (megabytes * 1024 * 1024),
        "application/octet-stream",
        {"X-File-Name": "big.jpg", "X-CSRF-Token": client.csrf()},
    )
    assert answer.status == 413
    assert "10 MB" in answer.text or "太大" in answer.text
    assert not list((demo / "content" / "assets").rglob("big*"))


def test_a_photo_upload_is_resized_and_named_after_the_file(demo):
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (3000, 2000), "#c84").save(picture, "JPEG")
    client = editor_for(demo)
    answer = client.request(
        "POST",
        "/_edit/upload?kind=notice",
        picture.getvalue(),
        "application/octet-stream",
        {"X-File-Name": quote("公章.jpg"), "X-CSRF-Token": client.csrf()},
    )
    assert answer.status == 200, answer.text
    path = answer.json()["path"]
    assert path.startswith("assets/notices/") and path.endswith(".jpg")
    with Image.open(demo / "content" / path) as stored:
        assert max(stored.size) == 1600


def test_a_file_broken_by_hand_opens_as_text_and_is_fixed_there(demo):
    """The form cannot open a file whose YAML is broken: it opens as text with the errors
    named, a fixed save is recorded and the form opens again."""
    rel = "content/announcements/2026-11-health-lecture.md"
    good = (demo / rel).read_text(encoding="utf-8")
    broken = good.replace("title: ", "title: [", 1)
    (demo / rel).write_text(broken, encoding="utf-8")
    client = editor_for(demo)
    page = client.get("/_edit/item?f=" + quote(rel))
    assert page.status == 200 and "表单打不开" in page.text and "Traceback" not in page.text
    form = form_inputs(page.text)
    assert form["_text"] == broken
    still = client.post("/_edit/save-raw", {**form, "_text": broken.replace("[", "[[")})
    assert still.status == 422 and "表单打不开" in still.text
    form = form_inputs(still.text)
    fixed = client.post("/_edit/save-raw", {**form, "_text": good.replace("\n", "\r\n")})
    assert fixed.status == 303
    assert (demo / rel).read_text(encoding="utf-8") == good
    assert history.timeline(demo, rel)[0].message == "以文本方式修改了文件"
    assert "修改公告" in client.get(fixed.headers["location"]).text


def test_a_new_file_never_replaces_one_of_the_same_name(demo):
    """Two windows creating the same notice on the same day: the second gets its own file."""
    first, second = editor_for(demo), editor_for(demo)
    forms = [form_inputs(c.get("/_edit/new/page").text) for c in (first, second)]
    for form in forms:
        form.update({"title": "办事指南"})
    made = [
        c.post("/_edit/save", f).headers["location"]
        for c, f in zip((first, second), forms, strict=True)
    ]
    assert made[0] != made[1]
    pages = sorted(p.name for p in (demo / "content" / "pages").glob("*.md"))
    assert len([n for n in pages if n.startswith("ban-shi-zhi-nan")]) == 2, pages


def test_guessing_the_password_is_paused_after_five_tries(demo):
    config = demo / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + f'\nedit:\n  password: "{hash_password("社区2026")}"\n',
        encoding="utf-8",
    )
    app = EditorApp(demo, today="2026-11-21", host="0.0.0.0")
    now = [1000.0]
    app.clock = lambda: now[0]
    client = Client(app, host="192.168.1.20:8000")

    def login(password: str) -> int:
        body = f"password={quote(password)}".encode()
        return client.request(
            "POST", "/_edit/login", body, "application/x-www-form-urlencoded"
        ).status

    assert [login(f"guess{n}") for n in range(5)] == [401] * 5
    assert login("社区2026") == 429  # even the right one, during the pause
    now[0] += 61
    assert login("社区2026") == 303
