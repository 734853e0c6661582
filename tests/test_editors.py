"""What a 居委会 editor meets: what a Chinese keyboard types, one-line 公示期, messages in
each language, output a web server can read, file names, the holiday calendar's end, and
progress on the terminal."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, site_from

from generator.commands.build import build
from generator.commands.check import check
from generator.commands.terminal import TerminalProgress

TODAY = "2026-11-21"
NOTICE = (
    "---\ntitle: 文明家庭推荐公示\nkind: 文明家庭\nissued: 2026-11-20\nperiod: {period}\n"
    "applicants:\n  - name: 李建国家庭\n    summary: {summary}\n"
    "contact: {{phone: 0731-85550000}}\n---\n正文\n"
)


def lines(root: Path, lang: str = "zh", level: str = "error") -> list[str]:
    return [p.format(lang).split("\n")[0] for p in check(root, TODAY) if p.level == level]


def board(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=cwd
    )


def announcement(front: str) -> dict:
    return {"content/announcements/bad.md": f"---\n{front}\n---\n正文\n"}


# -- what Chinese input methods type ---------------------------------------------------


def test_a_full_width_colon_after_a_key_is_named_on_its_own_line(tmp_path):
    root = site_from(tmp_path, files=announcement("title: 停水\ndate: 2026-11-21\ncategory：通知"))
    assert lines(root) == [
        "错误 content/announcements/bad.md:4: 字段 category：“category”后面的冒号是全角的“：”"
        "（中文输入法打出的）。键后面要用英文半角冒号再加一个空格：category: 通知"
    ]
    assert lines(root, "en") == [
        "error content/announcements/bad.md:4: field category: the colon after 'category' is "
        "the full-width '：' a Chinese input method types. Use an ASCII colon and a space: "
        "'category: 通知'."
    ]


def test_a_full_width_colon_on_the_first_key_and_on_an_alias(tmp_path):
    root = site_from(
        tmp_path, files=announcement("title：关于停水\n日期：2026-11-21\ncategory: 通知")
    )
    assert [line.split("：")[0] for line in lines(root)] == [
        "错误 content/announcements/bad.md:2: 字段 title",
        "错误 content/announcements/bad.md:3: 字段 日期",
    ]


def test_a_full_width_colon_inside_a_value_is_fine(tmp_path):
    root = site_from(
        tmp_path, files=announcement("title: 通知：明天停水\ndate: 2026-11-21\ncategory: 通知")
    )
    assert lines(root) == []


def test_full_width_indentation_and_quoted_keys(tmp_path):
    event = "event:\n  start: 2026-11-22 09:00\n\u3000\u3000location: 活动室"
    root = site_from(
        tmp_path,
        files={
            **announcement(f"title: 活动\ndate: 2026-11-21\ncategory: 活动\n{event}"),
            "content/announcements/quoted.md": "---\n“title”: 通知\ndate: 2026-11-21\n"
            "category: 通知\n---\n正文\n",
        },
    )
    assert lines(root) == [
        "错误 content/announcements/bad.md:7: 字段 location：行首用了全角空格（中文输入法的空格）来缩进。"
        "请删掉它们，改用英文半角空格。",
        "错误 content/announcements/quoted.md:2: 字段 title：键名“title”不要加中文引号。请写成 title: …",
    ]


# -- the 公示期 as editors write it -----------------------------------------------------


@pytest.mark.parametrize(
    ("period", "end"),
    [
        ("2026年11月23日至11月29日", "2026-11-29"),
        ("2026-11-23 至 2026-11-29", "2026-11-29"),
        ("2026年11月23日到2026年12月1日", "2026-12-01"),
        ("2026年11月23日起5个工作日", "2026-11-27"),
        ("2026-11-23起7天", "2026-11-29"),
    ],
)
def test_a_period_on_one_line(tmp_path, period, end):
    root = site_from(
        tmp_path, files={"content/notices/n.md": NOTICE.format(period=period, summary="孝老")}
    )
    site = build(root, today=TODAY).site_dir
    page = (site / "notices/n/index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)  # the dates sit in spans that keep them whole
    year, month, day = (int(x) for x in end.split("-"))
    assert f"至{year}年{month}月{day}日" in text


def test_an_unreadable_period_lists_every_form(tmp_path):
    root = site_from(
        tmp_path, files={"content/notices/n.md": NOTICE.format(period="一周", summary="孝老")}
    )
    assert lines(root) == [
        "错误 content/notices/n.md:5: 字段 period：看不懂公示期“一周”。可以写成以下任一种："
        "period: 2026年11月23日至11月29日；period: 2026年11月23日起5个工作日；"
        "period: {start: 2026-11-23, end: 2026-11-29}；period: {start: 2026-11-23, workdays: 5}；"
        "period: {start: 2026-11-23, days: 7}。"
    ]


# -- messages ---------------------------------------------------------------------------


def test_warnings_are_shown_with_errors_and_positions_count_from_one(tmp_path):
    root = site_from(
        tmp_path,
        files={
            "content/notices/n.md": NOTICE.format(
                period="2026-11-23起7天", summary="电话13807315678"
            ),
            **announcement("title: 停水\ndate: 2026-02-30\ncategory: 通知"),
        },
    )
    assert lines(root, level="warning") == [
        "警告 content/notices/n.md:8: 字段 第1位申报对象的简要事迹：含有完整的手机号，公开时显示为 "
        "138****5678。如不需公开，请删去或改用座机。"
    ]
    assert lines(root, "en", level="warning") == [
        "warning content/notices/n.md:8: field applicant 1 › summary: contains a full mobile "
        "number; it is published as 138****5678. Remove it or use a landline if it need not be "
        "public."
    ]
    result = board("check", "-p", str(root), "--today", TODAY)
    assert (
        "共 1 个错误，1 个警告。" in result.stderr
        and "警告 content/notices/n.md:8" in result.stderr
    )


def test_english_output_is_english_only_and_counts_agree(tmp_path):
    root = site_from(tmp_path, files=announcement("title: 停水\ndate: 2026-02-30\ncategory: 通知"))
    result = board("check", "-p", str(root), "--today", TODAY, "--lang", "en")
    assert result.stderr.splitlines()[-1] == "1 error, 0 warnings."
    assert not re.search(r"[\u4e00-\u9fff]{2,}[，。]", result.stderr.replace("2026-02-30", ""))
    assert "共" not in result.stderr
    fine = board("check", "-p", str(site_from(tmp_path / "b")), "--today", TODAY, "--lang", "en")
    assert fine.stdout == "No problems found.\n"


def test_own_data_under_extra_in_list_entries(tmp_path):
    honors = (
        "title: 红黑榜\nperiod: 2026-11\npublished: 2026-11-15\n"
        "red:\n  - name: 李家\n    kind: 文明家庭\n    extra: {楼栋: 3栋}\n"
        "black:\n  - subject: 张某某\n    behavior: 高空抛物\n    date: 2026-11-03\n"
        "    extra: {编号: 12}\n"
    )
    notice = NOTICE.format(period="2026-11-23起7天", summary="孝老").replace(
        "contact: {phone: 0731-85550000}", "contact: {phone: 0731-85550000, wechat: x}"
    )
    root = site_from(
        tmp_path, files={"content/honors/h.yml": honors, "content/notices/n.md": notice}
    )
    assert lines(root) == [
        "错误 content/notices/n.md:9: 字段 contact.wechat：不认识的字段“wechat”。可用的字段："
        "person, phone, email, address。自己的数据请放在 extra: 下面（文件最上层）。"
    ]


# -- files and output -------------------------------------------------------------------


def test_the_site_is_readable_by_a_web_server_whatever_the_umask(tmp_path):
    root = site_from(tmp_path)
    saved = os.umask(0o077)
    try:
        site = build(root, today=TODAY).site_dir
    finally:
        os.umask(saved)
    modes = {oct(p.stat().st_mode & 0o777) for p in [site, *site.rglob("*")] if p.is_dir()}
    assert modes == {"0o755"}
    modes = {oct(p.stat().st_mode & 0o777) for p in site.rglob("*") if p.is_file()}
    assert modes == {"0o644"}


def test_init_ignores_what_builds_write_and_names_the_site_after_its_folder(tmp_path):
    assert board("init", "枫林苑社区", cwd=tmp_path).returncode == 0
    site = tmp_path / "枫林苑社区"
    assert "name: 枫林苑社区公告栏" in (site / "site_config.yml").read_text(encoding="utf-8")
    ignored = (site / ".gitignore").read_text(encoding="utf-8").split()
    assert {"/site/", "/print/", "/.board-cache/"} <= set(ignored)
    ours = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert {"/site/", "/print/", "/.board-cache/"} <= set(ours)
    for _ in range(2):  # the second build leaves the previous site as the spare
        assert board("build", "--today", "2026-11-21", cwd=site).returncode == 0
    assert (site / ".site-spare").is_dir()
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    added = subprocess.run(
        ["git", "add", "--dry-run", "--all"], cwd=site, capture_output=True, text=True
    ).stdout
    tracked = {line.split("'")[1].split("/")[0] for line in added.splitlines()}
    assert tracked == {".gitignore", "content", "site_config.yml"}


def test_new_file_names_are_short_whole_syllables_or_as_given(tmp_path):
    root = site_from(tmp_path)
    title = "关于开展2026年冬季“温暖文庙坪”志愿服务活动的通知"
    made = board("new", "announcement", title, "-p", str(root), "--today", TODAY)
    assert made.returncode == 0, made.stderr
    names = [p.name for p in (root / "content/announcements").glob("2026-11-21-*.md")]
    assert names == ["2026-11-21-kai-zhan-2026-nian-dong-ji-wen.md"]
    given = board(
        "new", "announcement", title, "--name", "冬季志愿服务", "-p", str(root), "--today", TODAY
    )
    assert given.returncode == 0 and (root / "content/announcements/冬季志愿服务.md").is_file()
    wrong = board("new", "notice", "公示", "--name", "../x", "-p", str(root), "--today", TODAY)
    assert wrong.returncode == 1 and "文件名“../x”" in wrong.stderr


# -- the holiday calendar's end -----------------------------------------------------------


def test_working_days_in_a_year_without_holiday_data_count_monday_to_friday(tmp_path):
    root = site_from(tmp_path, "workdays_beyond_calendar")
    warnings = lines(root, level="warning")
    assert warnings == [
        "警告 content/notices/bad.md:5: 字段 period.workdays：还没有 2030、2031 年的法定节假日安排，"
        "这段公示期按周一至周五计算工作日，网站上会注明。国务院公布 2030、2031 年放假和调休日期后，"
        "请填入 site_config.yml 的 calendar:（holidays: 放假日期，workdays: 调休上班日期），"
        "或升级本程序。"
    ]
    site = build(root, today="2026-12-21").site_dir
    page = re.sub(r"<[^>]+>", "", (site / "notices/bad/index.html").read_text(encoding="utf-8"))
    assert "2030年12月28日至2031年1月3日（按周一至周五计算，未含2030、2031年节假日安排）" in page


# -- progress -----------------------------------------------------------------------------


def test_a_build_on_a_terminal_shows_its_phases_and_counts(tmp_path):
    root = site_from(tmp_path)
    shown = io.StringIO()
    build(root, today=TODAY, progress=TerminalProgress(stream=shown))
    text = shown.getvalue()
    phases = re.findall(r"\] (\S+)", text)
    assert phases[0] == "读取并检查内容" and phases[-1] == "写入网站"
    assert re.search(r"生成打印版：\d+ 份", text) and re.search(r"生成网页：\d+ 页", text)
    assert re.search(r"\[#{24}\] (\d+)/\1", text)  # a bar that reaches its total


def test_a_build_in_a_log_prints_no_progress(tmp_path):
    result = board("build", "-p", str(site_from(tmp_path)), "--today", TODAY)
    assert "生成网页" not in result.stderr and "[####" not in result.stderr


# -- first steps, as a new user takes them ---------------------------------------------


def test_first_steps_from_init_to_build_in_a_new_shell(tmp_path):
    """init prints a next step that works when pasted into a new shell (board is not on
    PATH there); then new, edit, check and build."""
    home = tmp_path / "home"
    home.mkdir()
    command = shutil.which("board", path=str(Path(sys.executable).parent))
    assert command, "the board command is installed beside this Python"
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8"}
    init = subprocess.run(
        [command, "init", "枫林苑社区", "--name", "枫林苑社区"],
        cwd=home,
        env=bare,
        capture_output=True,
        text=True,
    )
    assert init.returncode == 0, init.stderr
    step = next(line.strip() for line in init.stdout.splitlines() if line.strip().startswith("cd "))
    assert step.endswith(" serve")
    site = home / "枫林苑社区"
    # The step as printed, but for one check instead of a server that runs until stopped.
    run_step = subprocess.run(
        ["bash", "-c", step.removesuffix(" serve") + " check --today 2026-11-21"],
        cwd=tmp_path,
        env=bare,
        capture_output=True,
        text=True,
    )
    assert run_step.returncode == 0, run_step.stdout + run_step.stderr
    board_path = step.split("&& ")[1].removesuffix(" serve")

    def in_shell(words: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", "-c", f"cd {site} && {board_path} {words} --today 2026-11-21"],
            env=bare,
            capture_output=True,
            text=True,
        )

    made = in_shell("new notice 2026年度文明家庭推荐公示")
    assert made.returncode == 0, made.stderr
    notice = next((site / "content/notices").glob("*.md"))
    refused = in_shell("check")
    assert refused.returncode == 1 and "还留着 board new 写的提示文字" in refused.stderr
    notice.write_text(
        re.sub(r"（[^（）\n]+）", "李建国家庭", notice.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    for action in ("check", "build"):
        done = in_shell(action)
        assert done.returncode == 0, done.stderr
    assert "李建国家庭" in (
        site
        / "site"
        / notice.relative_to(site / "content").with_suffix("").as_posix()
        / "index.html"
    ).read_text(encoding="utf-8")


def test_a_missing_image_in_a_body_is_named_in_chinese_with_its_file(tmp_path):
    body = "---\ntitle: 停水\ndate: 2026-11-01\ncategory: 通知\n---\n见图：![图](../assets/nothere.png)\n"
    root = site_from(tmp_path, files={"content/announcements/img.md": body})
    warnings = [w.format().split("\n")[0] for w in build(root, today=TODAY).warnings]
    assert (
        "警告 content/announcements/img.md: 字段 正文/body：正文里的链接或图片“../assets/nothere.png”"
        "指向的文件不存在（content/assets/nothere.png）。请检查文件名和文件夹（路径相对于这个文件，区分大小写）。"
    ) in warnings
