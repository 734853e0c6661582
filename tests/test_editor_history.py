"""档案: every save is recorded in the project's own git history, hand edits are kept apart,
and any version (even of a deleted item) can be restored, without touching a repository
the project sits in or obeying the user's own git settings."""

from __future__ import annotations

import copy
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from other_community import write_other_community

from generator.content.kinds import ANNOUNCEMENT, COLUMN, HONORS, NOTICE
from generator.editor import history
from generator.editor.history import (
    FIRST_MESSAGE,
    OUTSIDE_MESSAGE,
    catch_up,
    describe_change,
    record,
    restore,
    text_at,
    timeline,
    when_text,
)
from generator.errors import BoardError


def _demo(root: Path) -> Path:
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copy(ROOT / "site_config.yml", root / "site_config.yml")
    return root


@pytest.fixture(params=["demo", "other"])
def project(request, tmp_path) -> Path:
    """A copy of the demo or the other community, in a folder with a Chinese name."""
    root = tmp_path / "社区网站"
    return _demo(root) if request.param == "demo" else write_other_community(root)


def _notice(root: Path) -> str:
    first = sorted((root / "content" / NOTICE.folder).glob("*.md"))[0]
    return first.relative_to(root).as_posix()


def _edit(root: Path, rel: str, line: str) -> str:
    path = root / rel
    text = path.read_text(encoding="utf-8") + f"\n{line}\n"
    path.write_text(text, encoding="utf-8")
    return text


def _git(folder: Path, *args: str, env: dict | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    ).stdout


def _log(root: Path) -> list[str]:
    return _git(root, f"--git-dir={root / '.board-history'}", "log", "--format=%an|%ae|%s").split(
        "\n"
    )[:-1]


def test_a_save_follows_the_archive_of_what_was_there(project):
    rel = _notice(project)
    original = (project / rel).read_text(encoding="utf-8")
    first = catch_up(project)
    edited = _edit(project, rel, "补充：公示期间接受来信来访。")
    commit = record(project, [rel], "修改了正文")

    changes = timeline(project, rel)
    assert [c.message for c in changes] == ["修改了正文", FIRST_MESSAGE]
    assert [c.commit for c in changes] == [commit, first]
    assert text_at(project, rel, first) == original
    assert text_at(project, rel, commit) == edited
    assert _log(project) == [
        f"编辑台|editor@board.local|{m}" for m in ("修改了正文", FIRST_MESSAGE)
    ]
    assert all(abs(datetime.now().astimezone() - c.when) < timedelta(minutes=5) for c in changes)


def test_a_save_that_changed_nothing_records_nothing(project):
    rel = _notice(project)
    _edit(project, rel, "补充说明。")
    assert record(project, [rel], "修改了正文") is not None
    assert record(project, [rel], "修改了正文") is None
    assert len(_log(project)) == 2


def test_the_first_record_archives_everything_else(tmp_path):
    root = _demo(tmp_path / "site")
    rel = _notice(root)
    _edit(root, rel, "补充说明。")
    record(root, [rel], "修改了正文")
    other = "content/announcements/停水通知-白沙路.md"
    assert [c.message for c in timeline(root, other)] == [FIRST_MESSAGE]
    assert [c.message for c in timeline(root, "site_config.yml")] == [FIRST_MESSAGE]
    # The editor's file was already saved when the history was made: it starts with the save.
    assert [c.message for c in timeline(root, rel)] == ["修改了正文"]
    recorded = _git(root, f"--git-dir={root / '.board-history'}", "ls-files", "-z").split("\0")
    assert all(
        name.startswith("content/") or name == "site_config.yml" for name in recorded if name
    )


def test_a_hand_edit_is_recorded_apart_from_the_editors_save(tmp_path):
    root = _demo(tmp_path / "site")
    notice = _notice(root)
    hand = "content/announcements/冬季消防安全提示.md"
    catch_up(root)
    by_hand = _edit(root, hand, "（用记事本改的）")
    _edit(root, notice, "编辑台里改的。")
    record(root, [notice], "修改了正文")

    assert [c.message for c in timeline(root, hand)] == [OUTSIDE_MESSAGE, FIRST_MESSAGE]
    assert [c.message for c in timeline(root, notice)] == ["修改了正文", FIRST_MESSAGE]
    assert text_at(root, hand, timeline(root, hand)[0].commit) == by_hand


def test_catch_up_keeps_a_hand_edit_of_the_file_about_to_be_saved(tmp_path):
    root = _demo(tmp_path / "site")
    rel = _notice(root)
    catch_up(root)
    by_hand = _edit(root, rel, "（用记事本改的）")
    assert catch_up(root) is not None  # the editor opens the item
    _edit(root, rel, "编辑台里改的。")
    record(root, [rel], "修改了正文")
    changes = timeline(root, rel)
    assert [c.message for c in changes] == ["修改了正文", OUTSIDE_MESSAGE, FIRST_MESSAGE]
    assert text_at(root, rel, changes[1].commit) == by_hand


def test_restore_writes_the_old_version_back_and_records_it(project):
    rel = _notice(project)
    catch_up(project)
    first = _edit(project, rel, "第一次修改。")
    record(project, [rel], "修改了正文")
    _edit(project, rel, "第二次修改。")
    record(project, [rel], "修改了正文")
    wanted = timeline(project, rel)[1]

    commit = restore(project, rel, wanted.commit)
    assert (project / rel).read_text(encoding="utf-8") == first
    newest = timeline(project, rel)[0]
    assert newest.commit == commit
    assert newest.message == f"恢复为{when_text(wanted.when)}的版本"
    assert restore(project, rel, wanted.commit) is None  # it already reads so
    assert not list((project / rel).parent.glob(".*.tmp"))


def test_restore_keeps_a_hand_edit_it_replaces(tmp_path):
    root = _demo(tmp_path / "site")
    rel = _notice(root)
    original = (root / rel).read_text(encoding="utf-8")
    first = catch_up(root)
    by_hand = _edit(root, rel, "（用记事本改的）")
    restore(root, rel, first)
    assert (root / rel).read_text(encoding="utf-8") == original
    changes = timeline(root, rel)
    assert [c.message for c in changes][1:] == [OUTSIDE_MESSAGE, FIRST_MESSAGE]
    assert text_at(root, rel, changes[1].commit) == by_hand


def test_a_deleted_item_can_be_restored(project):
    rel = _notice(project)
    original = (project / rel).read_text(encoding="utf-8")
    catch_up(project)
    (project / rel).unlink()
    deleted = record(project, [rel], "删除了公示")
    assert deleted is not None
    changes = timeline(project, rel)
    assert [c.message for c in changes] == ["删除了公示", FIRST_MESSAGE]
    assert text_at(project, rel, deleted) is None

    # 恢复 beside "删除了公示" brings back the notice as it was just before.
    restore(project, rel, deleted)
    assert (project / rel).read_text(encoding="utf-8") == original
    assert timeline(project, rel)[0].message == f"恢复为{when_text(changes[1].when)}的版本"


def test_a_deleted_column_folder_is_recorded(tmp_path):
    root = _demo(tmp_path / "site")
    catch_up(root)
    column = root / "content" / COLUMN.folder / "law"
    rels = [p.relative_to(root).as_posix() for p in sorted(column.iterdir())]
    shutil.rmtree(column)
    assert record(root, rels, "删除了宣传栏") is not None
    assert all(text_at(root, rel, timeline(root, rel)[0].commit) is None for rel in rels)


def test_chinese_file_and_folder_names(tmp_path):
    root = _demo(tmp_path / "文庙坪社区")
    catch_up(root)
    rel = f"content/{COLUMN.folder}/健康教育/2026年12月“冬季养生”专题.md"
    text = "---\nissue: 1\ndate: 2026-12-01\ntitle: 冬季养生\n---\n多喝热水。\n"
    (root / rel).parent.mkdir()
    (root / rel).write_text(text, encoding="utf-8")
    commit = record(root, [rel], "新建了宣传栏")
    assert [c.commit for c in timeline(root, rel)] == [commit]
    assert text_at(root, rel, commit) == text
    (root / rel).write_text("改坏了\n", encoding="utf-8")
    record(root, [rel], "修改了正文")
    restore(root, rel, commit)
    assert (root / rel).read_text(encoding="utf-8") == text


def test_an_outer_repository_is_left_alone(tmp_path, monkeypatch):
    outer = tmp_path / "外层仓库"
    root = _demo(outer / "公告栏")
    setup = ["-c", "user.name=居委会", "-c", "user.email=a@b.c"]
    _git(outer, "init", "-q")
    _git(outer, "add", "-A")
    _git(outer, *setup, "commit", "-q", "-m", "网站")
    rel = _notice(root)
    _edit(root, rel, "补充说明。")
    head = _git(outer, "rev-parse", "HEAD")
    index = (outer / ".git" / "index").read_bytes()
    status = _git(outer, "status", "--porcelain", "--untracked-files=all")
    # As if the editor were started from a git hook of the outer repository.
    monkeypatch.setenv("GIT_DIR", str(outer / ".git"))
    monkeypatch.setenv("GIT_INDEX_FILE", str(outer / ".git" / "index"))
    monkeypatch.setenv("GIT_WORK_TREE", str(outer))

    assert record(root, [rel], "修改了正文") is not None
    restore(root, rel, timeline(root, rel)[-1].commit)

    monkeypatch.delenv("GIT_DIR")
    monkeypatch.delenv("GIT_INDEX_FILE")
    monkeypatch.delenv("GIT_WORK_TREE")
    assert _git(outer, "rev-parse", "HEAD") == head
    assert (outer / ".git" / "index").read_bytes() == index
    assert _git(outer, "status", "--porcelain", "--untracked-files=all") == status.replace(
        f" M {rel_in(outer, root, rel)}\n", ""
    )
    assert ".board-history" not in _git(outer, "status", "--porcelain", "--ignored=no")


def rel_in(outer: Path, root: Path, rel: str) -> str:
    return (root / rel).relative_to(outer).as_posix()


def test_the_users_own_git_settings_do_not_apply(tmp_path, monkeypatch):
    home = tmp_path / "home"
    hooks = home / "hooks"
    hooks.mkdir(parents=True)
    for hook in ("pre-commit", "commit-msg"):
        (hooks / hook).write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
        (hooks / hook).chmod(0o755)
    (home / "ignore").write_text("*.md\n", encoding="utf-8")
    (home / ".gitconfig").write_text(
        f"[user]\n\tname = 某人\n\temail = someone@example.com\n[commit]\n\tgpgSign = true\n"
        f"[core]\n\thooksPath = {hooks}\n\texcludesFile = {home / 'ignore'}\n",
        encoding="utf-8",
    )
    (home / ".config" / "git").mkdir(parents=True)
    (home / ".config" / "git" / "ignore").write_text("*.yml\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)

    root = _demo(tmp_path / "site")
    rel = _notice(root)
    _edit(root, rel, "补充说明。")
    assert record(root, [rel], "修改了正文") is not None
    assert _log(root)[0] == "编辑台|editor@board.local|修改了正文"
    assert [c.message for c in timeline(root, "content/honors/2026-11.yml")] == [FIRST_MESSAGE]


def test_leftovers_of_editors_and_systems_are_not_recorded(tmp_path):
    root = _demo(tmp_path / "site")
    folder = root / "content" / ANNOUNCEMENT.folder
    for name in (".DS_Store", "冬季消防安全提示.md~", ".停水通知.md.swp", "~$通知.docx"):
        (folder / name).write_text("x", encoding="utf-8")
    catch_up(root)
    recorded = _git(root, "-c", "core.quotepath=false", "--git-dir=.board-history", "ls-files")
    assert "冬季消防安全提示.md\n" in recorded
    assert "~" not in recorded and ".DS_Store" not in recorded and ".swp" not in recorded


def test_without_git_the_editor_says_what_to_install(tmp_path, monkeypatch):
    root = _demo(tmp_path / "site")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    with pytest.raises(BoardError) as caught:
        record(root, [_notice(root)], "修改了正文")
    assert "需要安装 git" in str(caught.value)


@pytest.mark.parametrize(
    "rel", ["../secret.md", "/etc/passwd", "site/index.html", ".board-history/config", "content"]
)
def test_only_content_and_the_site_configuration_are_reachable(tmp_path, rel):
    root = _demo(tmp_path / "site")
    first = catch_up(root)
    assert first is not None
    with pytest.raises(BoardError, match="档案只记录"):
        text_at(root, rel, first)
    with pytest.raises(BoardError, match="档案只记录"):
        restore(root, rel, first)


@pytest.mark.parametrize("commit", ["--output=/tmp/x", "main", "HEAD", "0" * 40])
def test_only_recorded_versions_can_be_restored(tmp_path, commit):
    root = _demo(tmp_path / "site")
    catch_up(root)
    with pytest.raises(BoardError, match="档案里没有这个版本"):
        restore(root, _notice(root), commit)


def test_timeline_of_a_project_without_history_is_empty(tmp_path):
    root = _demo(tmp_path / "site")
    assert timeline(root, _notice(root)) == []
    assert not (root / history.HISTORY_DIR).exists()


def test_when_text_reads_like_a_date_on_a_notice():
    cst = timezone(timedelta(hours=8))
    when = datetime(2026, 11, 18, 14, 5, tzinfo=cst)
    assert when_text(when, now=datetime(2026, 11, 21, tzinfo=cst)) == "11月18日 14:05"
    assert when_text(when, now=datetime(2027, 1, 3, tzinfo=cst)) == "2026年11月18日 14:05"


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


@pytest.mark.parametrize("community", ["demo", "other"])
def test_describe_a_change_of_notice_period_and_applicants(tmp_path, community):
    root = _demo(tmp_path) if community == "demo" else write_other_community(tmp_path)
    before = _front_matter(root / _notice(root))
    after = copy.deepcopy(before)
    after["period"] = {**after["period"], "start": "2026-12-01"}
    after["applicants"][-1]["summary"] = "热心公益，帮扶独居老人。"
    assert describe_change(NOTICE, before, after, True) == "修改了公示期、公示对象和正文"
    assert describe_change(NOTICE, before, after, False) == "修改了公示期和公示对象"
    after["period"] = before["period"]
    assert describe_change(NOTICE, before, after, False) == "修改了公示对象"
    assert describe_change(NOTICE, before, copy.deepcopy(before), True) == "修改了正文"


def test_describe_a_change_of_honors_entries():
    before = _front_matter_yml(ROOT / "content" / HONORS.folder / "2026-11.yml")
    after = copy.deepcopy(before)
    after["red"][0]["name"] = "王秀英家庭"
    assert describe_change(HONORS, before, after, False) == "修改了红榜"
    after["black"].append({"subject": "5栋住户某某", "behavior": "高空抛物", "date": "2026-11-20"})
    assert describe_change(HONORS, before, after, False) == "修改了红榜和黑榜"
    rectified = copy.deepcopy(before)
    rectified["black"][0]["status"] = "待整改"
    assert describe_change(HONORS, before, rectified, False) == "修改了黑榜"


def _front_matter_yml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_describe_new_deleted_and_unchanged_items():
    assert describe_change(ANNOUNCEMENT, None, {"title": "停水通知"}, True) == "新建了公告"
    assert describe_change(NOTICE, {"title": "公示"}, None, False) == "删除了公示"
    assert describe_change(HONORS, None, {"title": "红黑榜"}, False) == "新建了红黑榜"
    written = {"标题": "停水通知", "date": "2026-11-21", "category": "通知", "pinned": False}
    formed = {"title": "停水通知", "date": "2026-11-21 ", "category": "通知", "tags": []}
    assert describe_change(ANNOUNCEMENT, written, formed, False) == "保存（无改动）"
    period = {"period": {"start": "2026-11-23", "workdays": 5}}
    assert describe_change(
        NOTICE, period, {"period": {"start": "2026-11-23", "workdays": "5"}}, False
    ) == ("保存（无改动）")


def test_describe_uses_the_chinese_name_of_each_field():
    before = {"title": "健康教育宣传栏", "cadence_days": 60}
    after = {"title": "健康宣传栏", "cadence_days": 90, "board": "east-window"}
    assert (
        describe_change(COLUMN, before, after, False) == "修改了栏目名称、更换周期（天）和展板编号"
    )
    assert describe_change(ANNOUNCEMENT, {"title": "a"}, {"title": "b", "pinned": True}, False) == (
        "修改了标题和置顶"
    )
