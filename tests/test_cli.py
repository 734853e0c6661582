"""The commands an editor types: init, new, check, build --strict."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

from conftest import ROOT, site_from


def board(*args: str, cwd=None, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


def test_init_makes_a_site_that_builds(tmp_path):
    target = tmp_path / "newsite"
    assert board("init", str(target), "--name", "桃源社区").returncode == 0
    assert "桃源社区" in (target / "site_config.yml").read_text(encoding="utf-8")
    result = board("build", "-p", str(target), "--today", "2026-11-21")
    assert result.returncode == 0, result.stderr
    assert "社区公告栏网站开通" in (target / "site/index.html").read_text(encoding="utf-8")


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "x.txt").write_text("keep", encoding="utf-8")
    result = board("init", str(tmp_path))
    assert result.returncode == 1 and "目录不是空的，没有改动" in result.stderr


def test_new_files_hold_hints_that_check_refuses_until_replaced(tmp_path):
    root = site_from(tmp_path, "duplicate_issue_numbers")
    (root / "content/columns/health/b.md").unlink()
    for args in (
        ["announcement", "白沙路停水通知"],
        ["notice", "2026年度文明家庭推荐公示"],
        ["honors", "2026年11月红黑榜"],
        ["issue", "冬季防流感", "--column", "health"],
    ):
        result = board("new", *args, "-p", str(root), "--today", "2026-11-21")
        assert result.returncode == 0, result.stderr  # an unfinished file never blocks the next
    issue = root / "content/columns/health/2026-11-21-dong-ji-fang-liu-gan.md"
    assert "issue: 2" in issue.read_text(encoding="utf-8")
    announcement = root / "content/announcements/2026-11-21-bai-sha-lu-ting-shui-tong-zhi.md"
    notice = root / "content/notices/2026-11-21-wen-ming-jia-ting-tui-jian.md"
    assert announcement.is_file() and notice.is_file()
    check = board("check", "-p", str(root), "--today", "2026-11-21")
    assert check.returncode == 1
    assert (
        f"错误 {announcement.relative_to(root)}:12: 字段 正文/body：还留着 board new 写的提示文字"
        "“（在这里写通知正文。）”。请换成实际内容（不需要就删去）。" in check.stderr
    )
    assert (
        f"错误 {notice.relative_to(root)}:7: 字段 第1位申报对象的名称：还留着 board new 写的提示文字"
        "“（申报对象名称）”。" in check.stderr
    )
    assert check.stderr.count("还留着 board new 写的提示文字") == 8
    for path in root.rglob("2026-*.*"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"（[^（）\n]+）", "实际内容", text), encoding="utf-8")
    assert board("check", "-p", str(root), "--today", "2026-11-21").returncode == 0


def test_check_json_lists_errors_and_warnings(tmp_path):
    root = site_from(
        tmp_path,
        "many_errors",
        files={"content/pages/contact.md": "---\ntitle: 联系我们\n---\n网格员 13807315678\n"},
    )
    result = board("check", "-p", str(root), "--format", "json", "--today", "2026-11-21")
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert (report["ok"], report["errors"]) == (False, 7)
    first = report["problems"][0]
    assert set(first) == {
        "level",
        "file",
        "line",
        "column",
        "field",
        "field_zh",
        "field_en",
        "zh",
        "en",
    }


def test_demo_check_reports_privacy_and_cadence_warnings():
    result = board("check", "-p", str(ROOT), "--format", "json", "--today", "2026-11-21")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["errors"] == 0
    fields = {(p["file"], p["field"]) for p in report["problems"]}
    assert ("content/notices/2026-11-wenming-family.md", "applicants[2].summary") in fields
    assert ("content/columns/law/column.yml", "cadence_days") in fields


def test_strict_build_fails_on_warnings(tmp_path):
    root = site_from(
        tmp_path,
        files={"content/pages/contact.md": "---\ntitle: 联系我们\n---\n网格员 13807315678\n"},
    )
    result = board("build", "-p", str(root), "--strict", "--today", "2026-11-21")
    assert result.returncode == 1
    assert "含有完整的手机号，公开时显示为 138****5678" in result.stderr
    assert "--strict：警告按错误处理" in result.stderr
    assert not (root / "site").exists()


def test_bad_today_is_a_clear_error(tmp_path):
    result = board("build", "-p", str(site_from(tmp_path)), "--today", "明天")
    assert result.returncode == 1 and "无法识别的日期“明天”" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_line_is_out_before_the_program_ends(tmp_path):
    """The program leaves freeing its memory to the system when it ends: what it printed
    is flushed first, into a pipe too (where the output is not flushed line by line),
    with the command's exit status."""
    root = tmp_path / "site"
    assert board("init", str(root), "--name", "桃源社区").returncode == 0
    for n in range(30):
        day = f"2026-11-0{n % 9 + 1}"
        (root / f"content/announcements/{day}-n{n}.md").write_text(
            f"---\ntitle: 通知{n}\ndate: {day}\ncategory: 通知\n---\n请联系 13912345678。\n",
            encoding="utf-8",
        )
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    result = board("build", "-p", str(root), "--today", "2026-11-21", "--lang", "en", env=buffered)
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("1 column.") and "31 announcements" in result.stdout
    assert result.stderr.count("warning ") >= 30
