"""`board publish`: build, audit, then copy the site to every target in site_config.yml.

Everything runs locally: a folder target, rsync and rclone to plain local paths (rsync and
rclone treat those as a local copy). The SSH part of rsync and the Cache-Control header
rclone sends to object storage cannot be exercised without a server."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import site_from
from other_community import PHONES, TODAY, write_other_community

from generator.commands.check import check
from generator.commands.publish import publish
from generator.content.config import RsyncTarget
from generator.errors import BoardError
from generator.publish.targets import send


def with_targets(root: Path, targets: str) -> Path:
    """Append a `publish:` list to the project's site_config.yml."""
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + targets, encoding="utf-8")
    return root


def other_community(tmp_path: Path, targets: str) -> Path:
    return with_targets(write_other_community(tmp_path / "project"), targets)


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def board(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True
    )


def test_folder_target_switches_a_link_to_each_release_and_keeps_the_previous(tmp_path):
    root = other_community(tmp_path, "publish:\n  - type: folder\n    path: ../www/board\n")
    board_link = tmp_path / "www/board"
    releases = tmp_path / "www/.board-releases/board"

    first = publish(root, today=TODAY)
    assert [(t.name, t.ok) for t in first.targets] == [("folder ../www/board", True)]
    assert first.targets[0].message.startswith(f"已发布到 {board_link}（版本 ")
    assert board_link.is_symlink() and not Path(board_link.readlink()).is_absolute()
    first_release = board_link.resolve()
    assert first_release.parent == releases.resolve()
    assert files_under(board_link) == files_under(root / "site")
    home = (board_link / "index.html").read_text(encoding="utf-8")
    assert "河西新村社区" in home
    assert PHONES[1] in home  # the duty mobile of site_config.yml is public on purpose
    reader = (first_release / "index.html").open(encoding="utf-8")  # a page being served

    (root / "content/announcements/2026-11-20-new.md").write_text(
        "---\ntitle: 东区三巷路灯检修完成\ndate: 2026-11-20\ncategory: 通知\n---\n已修好。\n",
        encoding="utf-8",
    )
    second = publish(root, today=TODAY)
    assert "上一版已保留以便回退" in second.targets[0].message
    second_release = board_link.resolve()
    assert second_release != first_release
    assert "东区三巷路灯检修完成" in (board_link / "index.html").read_text(encoding="utf-8")
    # The previous release is untouched: for a rollback, and for readers midway.
    assert "东区三巷路灯检修完成" not in (first_release / "index.html").read_text(encoding="utf-8")

    publish(root, today=TODAY)
    kept = {p.name for p in releases.iterdir()}
    assert kept == {second_release.name, board_link.resolve().name}  # the first is pruned
    assert not first_release.exists()
    assert "河西新村社区" in reader.read()  # an open page still reads to its end
    reader.close()
    assert not list((tmp_path / "www").glob(".board.*"))  # no link left half-made


def test_first_publish_onto_a_real_folder_is_refused_and_the_folder_kept(tmp_path):
    root = other_community(
        tmp_path,
        f"publish:\n  - type: folder\n    name: 网站文件夹\n    path: {tmp_path}/www\n"
        f"  - type: rsync\n    destination: {tmp_path}/mirror\n",
    )
    (tmp_path / "www").mkdir()
    (tmp_path / "www/index.html").write_text("旧网站", encoding="utf-8")

    report = publish(root, today=TODAY)

    folder, mirror = report.targets
    assert (folder.name, folder.ok) == ("网站文件夹", False)
    assert folder.message == (
        f"{tmp_path}/www 已经是一个文件夹。发布会把它换成指向新版本的链接，程序不会删除或改动它："
        f"请先把它改名（只需这一次），如 mv {tmp_path}/www {tmp_path}/www.old，再运行 board "
        f"publish；确认网站正常后可删除 {tmp_path}/www.old。"
    )
    assert (tmp_path / "www/index.html").read_text(encoding="utf-8") == "旧网站"
    assert mirror.ok and (tmp_path / "mirror/index.html").is_file()  # the others still run
    assert not report.ok


def test_a_site_that_fails_the_audit_is_copied_nowhere(tmp_path):
    root = site_from(tmp_path)
    with_targets(
        root,
        'mkdocs:\n  copyright: "值班手机 13807315678"\n'  # reaches every page unmasked
        "publish:\n  - type: folder\n    path: www\n"
        f"  - type: rsync\n    destination: {tmp_path}/mirror\n"
        f"  - type: rclone\n    remote: {tmp_path}/bucket\n",
    )
    with pytest.raises(BoardError) as raised:
        publish(root, today="2026-11-21")
    found = {(p.file, p.zh) for p in raised.value.problems}
    assert ("site/index.html", "含未遮蔽的手机号 138…") in found
    assert (root / "site/index.html").is_file()  # built, but not published
    assert not (root / "www").exists() and not (root / ".board-releases").exists()
    assert not (tmp_path / "mirror").exists() and not (tmp_path / "bucket").exists()


def test_rsync_sends_pages_after_what_they_use_and_removes_stale_files_last(tmp_path):
    log = tmp_path / "rsync.log"
    mirror = tmp_path / "mirror"
    root = other_community(
        tmp_path,
        f"publish:\n  - type: rsync\n    destination: {mirror}\n"
        f'    options: ["--log-file={log}"]\n',
    )
    (mirror / "gone").mkdir(parents=True)
    (mirror / "old.html").write_text("已删除的页面", encoding="utf-8")
    (mirror / "gone/old.css").write_text("", encoding="utf-8")

    report = publish(root, today=TODAY)

    assert [(t.name, t.ok, t.message) for t in report.targets] == [
        (f"rsync {mirror}", True, f"已上传到 {mirror}，旧文件已删除")
    ]
    assert files_under(mirror) == files_under(root / "site")
    lines = log.read_text(encoding="utf-8").splitlines()
    sent = [line.split()[-1] for line in lines if ">f" in line]
    first_page = next(n for n, name in enumerate(sent) if name.endswith(".html"))
    assert first_page > 10 and all(name.endswith(".html") for name in sent[first_page:])
    assert any(name.endswith(".css") for name in sent[:first_page])
    deleted = [n for n, line in enumerate(lines) if "*deleting" in line]
    last_sent = max(n for n, line in enumerate(lines) if ">f" in line)
    assert len(deleted) == 3 and min(deleted) > last_sent


def test_rclone_sends_pages_after_what_they_use_and_removes_stale_files_last(tmp_path, monkeypatch):
    config, log, bucket = tmp_path / "rclone.conf", tmp_path / "rclone.log", tmp_path / "bucket"
    config.write_text("", encoding="utf-8")
    monkeypatch.setenv("RCLONE_CONFIG", str(config))
    monkeypatch.setenv("RCLONE_LOG_FILE", str(log))
    monkeypatch.setenv("RCLONE_LOG_LEVEL", "INFO")
    root = with_targets(
        site_from(tmp_path),
        f"publish:\n  - type: rclone\n    name: 对象存储\n    remote: {bucket}\n",
    )
    bucket.mkdir()
    (bucket / "old.html").write_text("已删除的页面", encoding="utf-8")

    report = publish(root, today="2026-11-21")

    assert [(t.name, t.ok, t.message) for t in report.targets] == [
        ("对象存储", True, f"已上传到 {bucket}，旧文件已删除")
    ]
    assert files_under(bucket) == files_under(root / "site")
    lines = log.read_text(encoding="utf-8").splitlines()
    copied = [re.search(r": (\S+): Copied", line)[1] for line in lines if ": Copied" in line]
    first_page = next(n for n, name in enumerate(copied) if name.endswith(".html"))
    assert first_page > 10 and all(name.endswith(".html") for name in copied[first_page:])
    assert any(name.endswith(".pdf") for name in copied[:first_page])  # the prints too
    deleted = [n for n, line in enumerate(lines) if "old.html: Deleted" in line]
    last_copied = max(n for n, line in enumerate(lines) if ": Copied" in line)
    assert len(deleted) == 1 and deleted[0] > last_copied


def test_a_target_whose_tool_is_missing_or_fails_says_why(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>公告</p>", encoding="utf-8")
    unreachable = RsyncTarget(type="rsync", destination=f"{tmp_path}/file/under-a-file")
    (tmp_path / "file").write_text("", encoding="utf-8")
    failed = send(unreachable, site, tmp_path)
    assert not failed.ok
    assert failed.zh.startswith("rsync 在“上传网页以外的文件”这一步失败（退出码 ")
    assert failed.zh.endswith("Not a directory (20)")  # rsync's own words, not its summary
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))
    missing = send(unreachable, site, tmp_path)
    assert (missing.ok, missing.zh) == (
        False,
        "需要安装 rsync 才能发布到这里（Debian/Ubuntu：sudo apt install rsync；"
        "其他系统见 https://rsync.samba.org/）。",
    )


def test_without_targets_publish_says_how_to_add_them_before_building(tmp_path):
    root = site_from(tmp_path)
    for config in ("", "publish: []\n"):
        with_targets(root, config)
        with pytest.raises(BoardError) as raised:
            publish(root, today="2026-11-21")
        (only,) = raised.value.problems
        assert only.file == "site_config.yml"
        assert only.zh.startswith("site_config.yml 里没有 publish:，不知道把网站发布到哪里。")
        assert "  - type: folder                  # 复制到本机网站服务器的文件夹\n" in only.zh
        assert not (root / "site").exists()


def test_target_mistakes_name_the_field_and_the_line(tmp_path):
    root = with_targets(
        site_from(tmp_path),
        "publish:\n"
        "  - type: folder\n    pathh: /srv/www/board\n"
        "  - type: ftp\n    host: example.org\n"
        "  - type: rsync\n    remote: oss:bucket\n",
    )
    lines = [p.format().split("\n")[0] for p in check(root, "2026-11-21")]
    assert lines == [
        "错误 site_config.yml:13: 字段 第1个发布目标的网站服务器读取的文件夹：缺少必填字段 path"
        "（网站服务器读取的文件夹）。请添加一行，如 path: /srv/www/board",
        "错误 site_config.yml:14: 字段 第1个发布目标的pathh：不认识的字段“pathh”。是不是想写 path？"
        "可用的字段：type, name, path。自己的数据请放在 extra: 下面（文件最上层）。",
        "错误 site_config.yml:15: 字段 第2个发布目标的发布方式：发布方式 type 只能是 folder"
        "（本机文件夹）、rsync（经 SSH 上传到服务器）或 rclone（对象存储等），如 type: folder。",
        "错误 site_config.yml:17: 字段 第3个发布目标的上传到：缺少必填字段 destination（上传到）。"
        '请添加一行，如 destination: "user@host:/srv/www/board"',
        "错误 site_config.yml:18: 字段 第3个发布目标的remote：不认识的字段“remote”。"
        "可用的字段：type, name, destination, options。自己的数据请放在 extra: 下面（文件最上层）。",
    ]


def test_board_publish_builds_for_today_unless_told_and_exits_1_when_a_target_fails(tmp_path):
    root = other_community(
        tmp_path,
        "publish:\n  - type: folder\n    path: www\n"
        "  - type: rsync\n    name: 服务器\n    destination: file-not-folder/x\n",
    )
    (root / "file-not-folder").write_text("", encoding="utf-8")

    run = board("publish", "-p", str(root))

    assert run.returncode == 1
    assert run.stdout.startswith(f"✓ folder www：已发布到 {root}/www（版本 ")
    assert "✗ 服务器：rsync 在“上传网页以外的文件”这一步失败" in run.stderr
    assert "1 个目标发布失败（见上面），其余 1 个已发布。" in run.stderr
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    sitemap = (root / "www/sitemap.xml").read_text(encoding="utf-8")
    assert f"<lastmod>{today}</lastmod>" in sitemap

    (root / "file-not-folder").unlink()
    (root / "file-not-folder").mkdir()  # rsync makes the last folder only, as over SSH
    run = board("publish", "-p", str(root), "--today", "2026-11-21", "--lang", "en")
    assert run.returncode == 0, run.stderr
    assert "✓ 服务器: uploaded to file-not-folder/x; stale files removed" in run.stdout
    assert "Published to 2 targets." in run.stdout
    sitemap = (root / "www/sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-11-21</lastmod>" in sitemap


def test_board_publish_with_a_leak_says_nothing_was_published(tmp_path):
    root = with_targets(
        site_from(tmp_path),
        'mkdocs:\n  copyright: "值班手机 13807315678"\npublish:\n  - type: folder\n    path: www\n',
    )
    run = board("publish", "-p", str(root), "--today", "2026-11-21")
    assert run.returncode == 1 and run.stdout == ""
    assert "错误 site/index.html:" in run.stderr and "含未遮蔽的手机号 138…" in run.stderr
    assert run.stderr.endswith(
        "没有发布：上面的问题改好之前，任何地方的网站都不会改动。\n"
        "Nothing was published: no target changes until the problems above are fixed.\n"
    )
    assert not (root / "www").exists()
