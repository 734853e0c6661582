"""The editor writes files as a person would: a change in the form changes only its own
lines of a hand-written file, a new file reads like one written by hand, and two windows
never overwrite each other silently."""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
import shutil
from datetime import date
from pathlib import Path

import pytest

from generator.content.kinds import ANNOUNCEMENT, COLUMN, HONORS, ISSUE, KINDS, NOTICE, Kind
from generator.content.loader import load_project
from generator.content.reader import parse_markdown_file, parse_yaml_file
from generator.editor.documents import (
    Conflict,
    delete_document,
    new_rel,
    read_document,
    save_document,
)
from generator.editor.roundtrip import render_document
from generator.errors import BoardError
from tests.other_community import LONG_TITLE, write_other_community

ROOT = Path(__file__).resolve().parents[1]
HAND = ROOT / "tests" / "fixtures" / "editor_documents"


def demo_copy(tmp_path: Path) -> Path:
    """The demo community's configuration and content, in a folder of its own."""
    root = tmp_path / "demo"
    root.mkdir()
    shutil.copy(ROOT / "site_config.yml", root)
    shutil.copytree(ROOT / "content", root / "content")
    return root


def with_hand_files(tmp_path: Path) -> Path:
    """The demo with the hand-written fixture files in their folders."""
    root = demo_copy(tmp_path)
    shutil.copy(HAND / "announcement.md", root / "content/announcements/hand.md")
    shutil.copy(HAND / "notice.md", root / "content/notices/hand.md")
    shutil.copy(HAND / "honors.yml", root / "content/honors/hand.yml")
    return root


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a reviewer sees in the diff: removed with -, added with +."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("---", "+++")]


def edit(root: Path, rel: str, kind: Kind, change) -> tuple[str, str]:
    """The file's text before and after `change(data)` is made through the editor."""
    doc = read_document(root, rel)
    data = copy.deepcopy(doc.data)
    change(data)
    return doc.text, render_document(kind, data, doc.body, doc)


def kind_of(rel: str) -> Kind:
    folder, name = rel.split("/")[1], rel.rsplit("/", 1)[1]
    if folder == COLUMN.folder:
        return COLUMN if name == "column.yml" else ISSUE
    return next(kind for kind in KINDS if kind.folder == folder)


def item_at(root: Path, rel: str):
    """The validated item the whole project loads from `rel`."""
    project = load_project(root).project
    items = [*project.announcements, *project.notices, *project.honors, *project.pages]
    for column in project.columns:
        items += [column, *column.issues]
    return next(item for item in items if item.source.shown == rel)


# A hand-written file keeps everything the change did not touch ---------------------------------


def test_changing_the_title_changes_only_the_title_line(tmp_path):
    root = with_hand_files(tmp_path)
    rel = "content/announcements/hand.md"
    before, after = edit(
        root, rel, ANNOUNCEMENT, lambda d: d.update(title="白沙路停水通知（更正）")
    )
    assert changed_lines(before, after) == [
        "-标题: 关于白沙路片区临时停水的通知",
        "+标题: 白沙路停水通知（更正）",
    ]


def test_nested_changes_change_only_their_own_lines(tmp_path):
    root = with_hand_files(tmp_path)

    def longer_period(data):
        data["period"]["workdays"] = 7

    before, after = edit(root, "content/notices/hand.md", NOTICE, longer_period)
    assert changed_lines(before, after) == ["-  workdays: 5", "+  workdays: 7"]

    def rectified(data):
        data["black"][0].update(status="已整改", rectified="2026-11-20")

    before, after = edit(root, "content/honors/hand.yml", HONORS, rectified)
    assert changed_lines(before, after) == [
        "-    status: 待整改   # 等车主整改",
        "+    status: 已整改   # 等车主整改",
        "+    rectified: 2026-11-20",
    ]
    assert "    rectified: 2026-11-20\n    # 照片是物业拍的\n    photo:" in after


def test_clearing_a_field_removes_its_line_and_keeps_the_comment_below(tmp_path):
    root = with_hand_files(tmp_path)
    before, after = edit(
        root, "content/announcements/hand.md", ANNOUNCEMENT, lambda d: d.pop("expires")
    )
    assert changed_lines(before, after) == ["-截止: 2026-11-23"]
    assert "# 分类按区里的规定\n分类: 停水停电" in after


def test_a_new_field_goes_where_the_schema_puts_it_in_the_persons_spelling(tmp_path):
    root = with_hand_files(tmp_path)
    before, after = edit(
        root,
        "content/announcements/hand.md",
        ANNOUNCEMENT,
        lambda d: d.update(pinned=True, urgent=False),
    )
    assert changed_lines(before, after) == [
        "-紧急: 是   # 今天必须放最上面",
        "+pinned: true",
        "+紧急: false # 今天必须放最上面",
    ]


def test_removing_a_row_removes_only_its_lines(tmp_path):
    root = with_hand_files(tmp_path)
    before, after = edit(root, "content/honors/hand.yml", HONORS, lambda d: d["black"].pop())
    assert changed_lines(before, after) == [
        "-  - subject: 文庙坪巷鑫旺烟酒商行",
        "-    subject_type: shop",
        "-    behavior: 占道经营",
        "-    date: 2026-10-08",
        "-    status: 已整改",
        "-    rectified: 2026-10-15",
    ]


def test_a_tidy_persons_spacing_is_kept_outside_the_change(tmp_path):
    """`[供水,停水]` and `publisher:   长沙…` stay as typed while the title changes."""
    root = with_hand_files(tmp_path)
    before, after = edit(
        root, "content/announcements/hand.md", ANNOUNCEMENT, lambda d: d.update(title="新标题")
    )
    assert "标签: [供水,停水]\npublisher:   长沙水业集团天心区供水服务中心\n" in after
    assert after.endswith(before.split("---\n", 2)[2])  # the body, byte for byte


@pytest.mark.parametrize("community", ["demo", "other"])
def test_every_file_written_back_unchanged_is_the_same_file(tmp_path, community):
    root = ROOT if community == "demo" else write_other_community(tmp_path / "other")
    files = sorted(
        p.relative_to(root).as_posix()
        for p in (root / "content").rglob("*")
        if p.suffix in (".md", ".yml")
    )
    assert len(files) > 50
    for rel in files:
        doc = read_document(root, rel)
        assert render_document(kind_of(rel), doc.data, doc.body, doc) == doc.text, rel


def test_a_crlf_file_with_a_bom_keeps_both(tmp_path):
    root = demo_copy(tmp_path)
    rel = "content/announcements/windows.md"
    text = "\ufeff---\r\ntitle: 记事本写的通知\r\ndate: 2026-11-20\r\ncategory: 通知\r\n---\r\n正文第一段。\r\n\r\n第二段。\r\n"
    (root / rel).write_bytes(text.encode("utf-8"))
    doc = read_document(root, rel)
    assert doc.body == "正文第一段。\n\n第二段。\n"
    # A browser sends the textarea back with CRLF line ends.
    after = render_document(
        ANNOUNCEMENT, {**doc.data, "title": "改过的通知"}, doc.body.replace("\n", "\r\n"), doc
    )
    assert after == text.replace("记事本写的通知", "改过的通知")
    save_document(root, rel, after, doc.digest)
    assert item_at(root, rel).meta.title == "改过的通知"


# A new file reads like one written by hand ------------------------------------------------------


def test_a_new_notice_is_written_in_schema_order_with_plain_dates(tmp_path):
    form = {
        "contact": {"person": "王老师", "phone": "0731-85550000", "email": "", "address": None},
        "applicants": [
            {"name": "李建国家庭", "unit": "", "summary": "孝老爱亲，" + "热心公益" * 40},
            {"name": "周建平", "summary": None},
        ],
        "period": {"start": "2026-11-23", "workdays": "5", "end": "", "days": None},
        "issued": "2026-11-22",
        "kind": "文明家庭",
        "title": "2026年度“文明家庭”推荐对象公示",
        "issuer": "",
        "seal": None,
        "extra": {},
    }
    text = render_document(NOTICE, form, "经居民推荐，现予以公示。\r\n\r\n特此公示。\n\n\n")
    assert text == (
        "---\n"
        "title: 2026年度“文明家庭”推荐对象公示\n"
        "kind: 文明家庭\n"
        "issued: 2026-11-22\n"
        "period:\n"
        "  start: 2026-11-23\n"
        "  workdays: 5\n"
        "applicants:\n"
        f"  - name: 李建国家庭\n    summary: 孝老爱亲，{'热心公益' * 40}\n"
        "  - name: 周建平\n"
        "contact:\n"
        "  person: 王老师\n"
        "  phone: 0731-85550000\n"
        "---\n"
        "\n"
        "经居民推荐，现予以公示。\n\n特此公示。\n"
    )


def test_a_new_announcement_leaves_out_what_nobody_writes(tmp_path):
    form = {
        "title": "冬季消防演练",
        "date": "2026-11-22",
        "category": "通知",
        "pinned": False,
        "urgent": True,
        "tags": ["消防", "演练"],
        "attachments": [],
        "event": {"start": "2026-11-28 09:00", "end": "", "location": "社区广场"},
    }
    assert render_document(ANNOUNCEMENT, form, "") == (
        "---\ntitle: 冬季消防演练\ndate: 2026-11-22\ncategory: 通知\nurgent: true\n"
        "tags: [消防, 演练]\nevent:\n  start: 2026-11-28 09:00\n  location: 社区广场\n---\n"
    )


MISREAD = [
    "是",
    "否",
    "yes",
    "No",
    "on",
    "true",
    "12:30",
    "0731",
    "1e3",
    "null",
    "~",
    "*重要",
    "&锚",
    "#第一名",
    "标题: 含冒号",
    "[不是列表]",
    "{不是字典}",
    "! 叹号",
    "a #b",
    "- 横线",
    "%百分",
    "@某人",
    "`反引号`",
    "'单引号'",
    '"双引号"',
    "2026-11-22",
    "=",
    "<<",
]


@pytest.mark.parametrize("value", MISREAD)
def test_text_yaml_would_misread_reads_back_as_the_same_text(value):
    text = render_document(
        HONORS,
        {
            "title": value,
            "period": value,
            "published": "2026-11-15",
            "red": [{"name": value, "kind": "好人好事", "reason": f"第一行\n{value}"}],
        },
        None,
    )
    data = parse_yaml_file(text, "content/honors/x.yml").data
    assert data["title"] == data["period"] == data["red"][0]["name"] == value
    assert data["red"][0]["reason"] == f"第一行\n{value}"
    assert "published: 2026-11-15\n" in text
    markdown = render_document(
        ANNOUNCEMENT, {"title": value, "date": "2026-11-22", "category": "通知"}, value
    )
    source = parse_markdown_file(markdown, "content/announcements/x.md")
    assert source.doc.data["title"] == value and source.body.strip() == value


def test_new_files_of_every_kind_load_with_the_project(tmp_path):
    root = demo_copy(tmp_path)
    day = date(2026, 11, 22)
    tricky = "是: 12:30 *注意* #1"
    files = {
        ANNOUNCEMENT: (
            {
                "title": tricky,
                "date": "2026-11-22",
                "category": "停水停电",
                "publisher": "yes",
                "urgent": "true",
                "tags": ["供水", "12:30"],
            },
            "正文。",
        ),
        NOTICE: (
            {
                "title": "2026年度“好人好事”公示",
                "kind": "好人好事",
                "issued": "2026-11-22",
                "period": {"start": "2026-11-23", "workdays": "5"},
                "applicants": [{"name": "周建平", "summary": "退休电工"}],
                "contact": {"person": "刘芳", "phone": "0731-85123461"},
            },
            "现予以公示。",
        ),
        HONORS: (
            {
                "title": "2026年12月红黑榜",
                "period": "2026年12月",
                "published": "2026-12-01",
                "black": [
                    {
                        "subject": "湘A·12345",
                        "subject_type": "vehicle",
                        "behavior": "乱停乱放",
                        "date": "2026-11-20",
                        "status": "已整改",
                        "rectified": "2026-11-21",
                    }
                ],
            },
            None,
        ),
        COLUMN: (
            {"title": "消防安全宣传栏", "cadence_days": "60", "description": "每两个月一期"},
            None,
        ),
    }
    written = {}
    for kind, (data, body) in files.items():
        rel = new_rel(root, kind, data["title"], day)
        save_document(root, rel, render_document(kind, data, body), None)
        written[kind] = rel
    column = written[COLUMN].split("/")[2]
    issue = {"issue": "1", "date": "2026-11-22", "title": "冬季防火"}
    issue_rel = new_rel(root, ISSUE, issue["title"], day, column=column)
    save_document(root, issue_rel, render_document(ISSUE, issue, "## 用电安全"), None)

    announcement = item_at(root, written[ANNOUNCEMENT]).meta
    assert (announcement.title, announcement.publisher, announcement.urgent) == (
        tricky,
        "yes",
        True,
    )
    assert announcement.tags == ["供水", "12:30"]
    notice = item_at(root, written[NOTICE]).meta
    assert (notice.period.start, notice.period.workdays) == (date(2026, 11, 23), 5)
    black = item_at(root, written[HONORS]).meta.black[0]
    assert (black.status, black.rectified) == ("已整改", date(2026, 11, 21))
    assert item_at(root, written[COLUMN]).meta.cadence_days == 60
    assert item_at(root, issue_rel).meta.issue == 1
    assert issue_rel.startswith(f"content/columns/{column}/")


# Saving: two windows, names taken, half-written files ------------------------------------------


def test_the_second_window_is_refused_with_a_diff_and_the_first_save_stays(tmp_path):
    root = with_hand_files(tmp_path)
    rel = "content/announcements/hand.md"
    first = second = read_document(root, rel)
    mine = render_document(
        ANNOUNCEMENT, {**first.data, "title": "第一个窗口的标题"}, first.body, first
    )
    theirs = render_document(
        ANNOUNCEMENT, {**second.data, "title": "第二个窗口的标题"}, second.body, second
    )
    digest = save_document(root, rel, mine, first.digest)
    assert digest == hashlib.sha256((root / rel).read_bytes()).hexdigest()
    with pytest.raises(Conflict) as refused:
        save_document(root, rel, theirs, second.digest)
    assert (root / rel).read_text(encoding="utf-8") == mine
    conflict = refused.value
    assert (conflict.rel, conflict.digest) == (rel, digest)
    assert conflict.diff.startswith("--- 磁盘上的版本\n+++ 你的版本\n")
    assert changed_lines(mine, theirs) == ["-标题: 第一个窗口的标题", "+标题: 第二个窗口的标题"]
    assert "-标题: 第一个窗口的标题\n+标题: 第二个窗口的标题\n" in conflict.diff
    # Saving again from what is on disk now works.
    assert save_document(root, rel, theirs, conflict.digest)


def test_a_hand_edit_or_a_deletion_since_reading_is_a_conflict(tmp_path):
    root = with_hand_files(tmp_path)
    rel = "content/notices/hand.md"
    doc = read_document(root, rel)
    (root / rel).write_text(doc.text.replace("刘芳", "王芳"), encoding="utf-8")
    with pytest.raises(Conflict, match="已被修改"):
        save_document(root, rel, doc.text, doc.digest)
    (root / rel).unlink()
    with pytest.raises(Conflict) as refused:
        save_document(root, rel, doc.text, doc.digest)
    assert refused.value.digest == "" and not (root / rel).exists()


def test_a_new_file_never_overwrites_one_of_the_same_name(tmp_path):
    root = with_hand_files(tmp_path)
    rel = "content/notices/hand.md"
    before = (root / rel).read_bytes()
    with pytest.raises(BoardError, match="已有同名文件，没有覆盖"):
        save_document(root, rel, "---\ntitle: 另一条\n---\n", None)
    assert (root / rel).read_bytes() == before


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    root = with_hand_files(tmp_path)
    rel = "content/honors/hand.yml"
    doc = read_document(root, rel)
    folder = root / "content/honors"
    names = sorted(os.listdir(folder))

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        save_document(root, rel, doc.text.replace("黄德胜", "黄德明"), doc.digest)
    monkeypatch.undo()
    assert sorted(os.listdir(folder)) == names
    assert (root / rel).read_text(encoding="utf-8") == doc.text
    save_document(root, rel, doc.text.replace("黄德胜", "黄德明"), doc.digest)
    assert sorted(os.listdir(folder)) == names


def test_only_files_under_content_can_be_written(tmp_path):
    root = demo_copy(tmp_path)
    for rel in (
        "site_config.yml",
        "content/../site_config.yml",
        "/etc/passwd",
        "content/.hidden.md",
    ):
        with pytest.raises(BoardError, match="只能编辑 content/"):
            save_document(root, rel, "x", None)


# Deleting -------------------------------------------------------------------------------------


def test_deleting_refuses_a_changed_file_and_a_column_with_issues(tmp_path):
    root = with_hand_files(tmp_path)
    rel = "content/notices/hand.md"
    doc = read_document(root, rel)
    (root / rel).write_text(doc.text + "补充一句。\n", encoding="utf-8")
    with pytest.raises(Conflict):
        delete_document(root, rel, doc.digest)
    assert (root / rel).exists()
    delete_document(root, rel, read_document(root, rel).digest)
    assert not (root / rel).exists()

    health = read_document(root, "content/columns/health/column.yml")
    with pytest.raises(BoardError, match="请先删除这些期，再删除栏目"):
        delete_document(root, health.rel, health.digest)
    assert (root / health.rel).exists()


def test_deleting_an_empty_column_removes_its_folder(tmp_path):
    root = demo_copy(tmp_path)
    rel = new_rel(root, COLUMN, "消防安全宣传栏", date(2026, 11, 22))
    digest = save_document(
        root,
        rel,
        render_document(COLUMN, {"title": "消防安全宣传栏", "cadence_days": 60}, None),
        None,
    )
    (root / rel).with_name(".DS_Store").write_bytes(b"\0")
    delete_document(root, rel, digest)
    assert not (root / rel).parent.exists()
    load_project(root)  # no column folder left without its column.yml


# Names of new files ---------------------------------------------------------------------------


def test_new_names_are_short_readable_and_unique(tmp_path):
    root = demo_copy(tmp_path)
    day = date(2026, 11, 22)
    rel = new_rel(root, ANNOUNCEMENT, "关于白沙路停水的通知", day)
    assert rel == "content/announcements/2026-11-22-bai-sha-lu-ting-shui-tong-zhi.md"
    (root / rel).write_text("x", encoding="utf-8")
    assert new_rel(root, ANNOUNCEMENT, "关于白沙路停水的通知", day).endswith("-tong-zhi-2.md")
    (root / rel).with_name("2026-11-22-bai-sha-lu-ting-shui-tong-zhi-2.md").write_text("x")
    assert new_rel(root, ANNOUNCEMENT, "关于白沙路停水的通知", day).endswith("-tong-zhi-3.md")
    assert new_rel(root, HONORS, "2026年11月红黑榜", day) == "content/honors/2026-11-2.yml"
    assert (
        new_rel(root, HONORS, "2027年1月红黑榜", date(2027, 1, 5)) == "content/honors/2027-01.yml"
    )
    assert new_rel(root, NOTICE, "2026年度文明家庭推荐对象公示", day) == (
        "content/notices/2026-11-22-wen-ming-jia-ting-tui-jian-dui.md"
    )


def test_column_and_issue_names(tmp_path):
    root = demo_copy(tmp_path)
    day = date(2026, 11, 22)
    assert new_rel(root, COLUMN, "消防安全宣传栏", day) == (
        "content/columns/xiao-fang-an-quan-xuan-chuan/column.yml"
    )
    # A folder named in Chinese already has the address jian-kang.
    (root / "content/columns/健康").mkdir()
    assert new_rel(root, COLUMN, "健康", day) == "content/columns/jian-kang-2/column.yml"
    assert new_rel(root, ISSUE, "冬季防流感", day, column="health") == (
        "content/columns/health/2026-11-22-dong-ji-fang-liu-gan.md"
    )
    with pytest.raises(BoardError, match="找不到栏目“消防”。请选择一个栏目：health、law"):
        new_rel(root, ISSUE, "冬季防流感", day, column="消防")


def test_names_in_the_other_community(tmp_path):
    root = write_other_community(tmp_path / "other")
    day = date(2026, 11, 22)
    rel = new_rel(root, ANNOUNCEMENT, LONG_TITLE, day)
    name = rel.rsplit("/", 1)[1]
    assert rel.startswith("content/announcements/2026-11-22-he-xi-xin-cun-")
    assert len(name) <= len("2026-11-22-") + 30 + len(".md")
    assert new_rel(root, ISSUE, "防范电信诈骗", day, column="safety").startswith(
        "content/columns/safety/2026-11-22-fang-fan-dian-xin-zha-pian"
    )
    issue = {"issue": 9, "date": "2026-11-22", "title": "防范电信诈骗"}
    issue_rel = new_rel(root, ISSUE, issue["title"], day, column="safety")
    save_document(root, issue_rel, render_document(ISSUE, issue, "内容。"), None)
    assert item_at(root, issue_rel).meta.title == "防范电信诈骗"
    honors = sorted((root / "content/honors").iterdir())[0].relative_to(root).as_posix()
    before, after = edit(root, honors, HONORS, lambda d: d.update(title="第四季度红黑榜（更正）"))
    assert len(changed_lines(before, after)) == 2
