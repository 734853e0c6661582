"""Every content fault gets one exact, actionable message naming file, line and field."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import FIXTURES, site_from

from generator.commands.check import check
from generator.errors import BoardError

CASES = {
    "alias_bomb": [
        "错误 content/honors/bad.yml:5:8: 不支持 YAML 别名（*名称）。请把内容直接写出来；如果文字以 * 开头，请加引号。",
    ],
    "alias_twice": [
        "错误 content/announcements/bad.md:3: 字段 title：字段 title 写了两次（中文别名“标题”与英文同义）。请只保留一个。",
    ],
    "bad_config": [
        "错误 site_config.yml:3: 字段 site.url：网站地址“example.org”应以 http:// 或 https:// 开头。",
        "错误 site_config.yml:4: 字段 site.timezone：不认识的时区“Asia/Beijing”，请写 Asia/Shanghai 这样的时区名。",
        "错误 site_config.yml:9: 字段 第1块展板的展板编号：展板编号“东门”只能用英文字母、数字、- 和 _，如 east-window。",
        "错误 site_config.yml:11: 字段 第1块展板的展板尺寸：无法识别的尺寸“huge”。请写 A0～A5，或“宽x高mm”如 2400x1200mm，可加“ landscape”表示横向。",
    ],
    "bad_status": [
        "错误 content/honors/2026-11.yml:8: 字段 黑榜第1条的整改状态：“整改中”不是可选值。可选：待整改、已整改。",
    ],
    "column_without_definition": [
        "错误 content/columns/health/: 栏目文件夹里缺少 column.yml（栏目名称、更换周期等）。",
    ],
    "duplicate_issue_numbers": [
        "错误 content/columns/health/b.md:2: 字段 issue：期号 1 与 content/columns/health/a.md 重复。每期的 issue 必须不同。",
    ],
    "empty_applicants": [
        "错误 content/notices/bad.md:6: 字段 applicants：不能为空，至少写一项。",
    ],
    "empty_file": [
        "错误 content/announcements/bad.md: 文件是空的。请在开头写 --- 包起来的字段（如 title、date），再写正文。",
    ],
    "expires_before_date": [
        "错误 content/announcements/bad.md:4: 字段 expires：截止日期 2026-11-01 早于发布日期 2026-11-10。请把 expires 改到发布日期之后。",
    ],
    "front_matter_not_mapping": [
        "错误 content/announcements/bad.md:2: 字段区不是“键: 值”的形式。请写成每行一个“键: 值”，如 title: 停水通知。",
    ],
    "impossible_date": [
        "错误 content/announcements/bad.md:3: 字段 date：日期“2026-02-30”不存在（2026年没有2月30日）。请改成实际存在的日期。",
    ],
    "invalid_size": [
        "错误 content/columns/health/column.yml:3: 字段 size：无法识别的尺寸“B5”。请写 A0～A5，或“宽x高mm”如 2400x1200mm，可加“ landscape”表示横向。",
    ],
    "many_errors": [
        "错误 content/announcements/a.md:3: 字段 date：日期“2026-13-01”不存在（2026年没有13月1日）。请改成实际存在的日期。",
        "错误 content/announcements/b.md:2: 字段 category：缺少必填字段 category（分类）。请添加一行，如 category: 通知",
        "错误 content/notices/c.md:2: 字段 applicants：缺少必填字段 applicants（公示对象）。请添加一行，如 applicants: [{name: 李建国家庭, summary: 孝老爱亲}]",
        "错误 content/notices/c.md:2: 字段 contact：缺少必填字段 contact（异议联系方式）。请添加一行，如 contact: {person: 王老师, phone: 0731-85550000}",
        "错误 content/notices/c.md:2: 字段 issued：缺少必填字段 issued（落款日期）。请添加一行，如 issued: 2026-11-21",
        "错误 content/notices/c.md:2: 字段 kind：缺少必填字段 kind（申报类别）。请添加一行，如 kind: 文明家庭",
        "错误 content/notices/c.md:2: 字段 period：缺少必填字段 period（公示期）。请添加一行，如 period: 2026年11月23日至11月29日（也可以写：period: 2026年11月23日起5个工作日；period: {start: 2026-11-23, end: 2026-11-29}；period: {start: 2026-11-23, workdays: 5}；period: {start: 2026-11-23, days: 7}）",
    ],
    "missing_file": [
        "错误 content/honors/2026-11.yml:7: 字段 红榜第1条的照片：找不到文件 content/assets/honors/li.jpg。请检查文件名和文件夹（路径相对于 content/，区分大小写）。",
    ],
    "missing_required": [
        "错误 content/announcements/bad.md:2: 字段 title：缺少必填字段 title（标题）。请添加一行，如 title: 关于白沙路停水的通知",
    ],
    "no_contact": [
        "错误 content/notices/bad.md:8: 字段 contact：异议联系方式至少要有 phone、email、address 之一。",
    ],
    "no_front_matter": [
        "错误 content/announcements/bad.md:1: 文件开头缺少 --- 。第一行必须是 ---，然后写 title、date 等字段，再用一行 --- 结束。",
    ],
    "nonpositive_issue": [
        "错误 content/columns/health/a.md:2: 字段 issue：应为大于 0 的整数，而不是“0”。",
    ],
    "path_escapes": [
        "错误 content/announcements/bad.md:5: 字段 第1个附件：路径“../site_config.yml”指到了 content/ 之外。文件必须放在 content/ 里，如 assets/seal.png。",
    ],
    "period_end_before_start": [
        "错误 content/notices/bad.md:5: 字段 period.end：公示截止日期 2026-11-05 早于开始日期 2026-11-10。",
    ],
    "period_two_lengths": [
        "错误 content/notices/bad.md:5: 字段 period：公示期要写 start，再加 end、workdays、days 三者之一，如 {start: 2026-11-18, workdays: 5}。",
    ],
    "rectified_missing": [
        "错误 content/honors/2026-11.yml:5: 字段 黑榜第1条的整改日期：状态为“已整改”时必须填写整改日期 rectified，如 rectified: 2026-11-10。",
    ],
    "same_url": [
        "错误 content/announcements/停水.md: 与 content/announcements/ting-shui.md 生成相同的网址 announcements/ting-shui/。请给其中一个文件改名。",
    ],
    "tab_indent": [
        "错误 content/announcements/bad.md:4:1: 用了 Tab 键缩进。YAML 只能用空格缩进，请把行首的 Tab 换成两个空格。",
    ],
    "unclosed_front_matter": [
        "错误 content/announcements/bad.md:1: 开头的字段区没有结束：请在字段之后、正文之前加一行 --- 。",
    ],
    "unknown_board": [
        "错误 content/columns/health/column.yml:3: 字段 board：展板“east”没有在 site_config.yml 的 boards 里定义。已有：window。",
    ],
    "unknown_category": [
        "错误 content/announcements/bad.md:4: 字段 category：分类“停水”不在 site_config.yml 的 categories 里。可选：通知、活动；或先把它加进 categories。",
    ],
    "unknown_key": [
        "错误 content/announcements/bad.md:2: 字段 titel：不认识的字段“titel”。是不是想写 title？可用的字段：title, date, expires, category, publisher, pinned, urgent, tags, event, attachments, cover, extra。自己的数据请放在 extra: 下面。",
    ],
    "unreadable_date": [
        "错误 content/announcements/bad.md:3: 字段 date：无法识别的日期“下周一”。请写成 2026-11-21 或 2026年11月21日，需要时间写成 2026-11-21 08:30。",
    ],
    "wrong_type": [
        "错误 content/announcements/bad.md:5: 字段 pinned：应为 true 或 false（也可写 是 / 否），而不是“也许”。",
        "错误 content/announcements/bad.md:6: 字段 tags：应为列表：每项单独一行，以“- ”开头，而不是“键: 值 / mapping”。",
    ],
    "yaml_syntax": [
        "错误 content/announcements/bad.md:4:10: 冒号用法不对：同一行里出现了第二个“: ”，或上一行缩进不对。含冒号的文字请加引号。",
    ],
}


def error_lines(root) -> list[str]:
    return [p.format().split("\n")[0] for p in check(root, "2026-11-21") if p.level == "error"]


@pytest.mark.parametrize("case", sorted(CASES))
def test_fault_gives_exact_message(tmp_path, case):
    assert error_lines(site_from(tmp_path, case)) == CASES[case]


def test_every_fixture_case_is_covered():
    cases = {
        p.name
        for p in FIXTURES.iterdir()
        if (p / "content").is_dir() or (p / "site_config.yml").is_file()
    }
    cases -= {"base", "chinese_aliases", "workdays_beyond_calendar"}  # the last warns only
    assert cases == set(CASES)


def test_messages_come_in_english_too(tmp_path):
    problems = check(site_from(tmp_path, "unknown_key"), "2026-11-21")
    assert problems[0].format("en") == (
        "error content/announcements/bad.md:2: field titel: unknown field 'titel'. Did you mean "
        "title? Allowed fields: title, date, expires, category, publisher, pinned, urgent, tags, "
        "event, attachments, cover, extra. Put your own data under extra:."
    )


def test_gbk_file_names_the_encoding_and_the_fix(tmp_path):
    text = "---\ntitle: 停水通知\ndate: 2026-11-01\ncategory: 通知\n---\n正文\n"
    root = site_from(tmp_path, files={"content/announcements/gbk.md": text.encode("gbk")})
    assert error_lines(root) == [
        "错误 content/announcements/gbk.md:6: 文件不是 UTF-8 编码（看起来是 GBK 编码）。请用记事本或 WPS "
        "打开，“另存为”时把编码选为 UTF-8 再保存。"
    ]


def test_utf8_bom_is_fine(tmp_path):
    text = "\ufeff---\ntitle: 停水通知\ndate: 2026-11-01\ncategory: 通知\n---\n正文\n"
    root = site_from(tmp_path, files={"content/announcements/bom.md": text})
    assert error_lines(root) == []


def test_file_over_one_megabyte(tmp_path):
    table = "| 姓名 | 地址 |\n" * 80_000
    text = f"---\ntitle: 名单\ndate: 2026-11-01\ncategory: 通知\n---\n{table}"
    root = site_from(tmp_path, files={"content/announcements/big.md": text})
    assert error_lines(root) == [
        "错误 content/announcements/big.md: 文件有 1.5 MB，超过 1 MB 的上限。大表格请另存为附件（attachments），"
        "图片请放进 assets/ 后引用。"
    ]


def test_symlink_leading_outside_content(tmp_path):
    root = site_from(
        tmp_path,
        files={
            "content/announcements/a.md": "---\ntitle: 通知\ndate: 2026-11-01\ncategory: 通知\n"
            "cover: assets/link.png\n---\n正文\n"
        },
    )
    os.symlink(root / "site_config.yml", root / "content/assets/link.png")
    assert error_lines(root) == [
        "错误 content/announcements/a.md:5: 字段 cover：路径“assets/link.png”指到了 content/ 之外。"
        "文件必须放在 content/ 里，如 assets/seal.png。"
    ]


def test_missing_config(tmp_path):
    root = site_from(tmp_path)
    (root / "site_config.yml").unlink()
    assert error_lines(root) == [
        "错误 site_config.yml: 找不到 site_config.yml。它是网站的配置文件，请从 board init 新建的网站复制一份。"
    ]


def test_chinese_aliases_and_date_forms_are_read(tmp_path):
    from generator.content.loader import load_project

    project = load_project(site_from(tmp_path, "chinese_aliases")).project
    item = next(a for a in project.announcements if a.slug == "good")
    meta = item.meta
    assert (meta.title, meta.category, meta.pinned, meta.urgent) == ("停水通知", "通知", True, True)
    assert (str(meta.date), str(meta.expires), meta.tags) == (
        "2026-11-02T08:30",
        "2026-11-05",
        ["停水", "白沙路"],
    )
    assert meta.publisher == "测试社区物业"


def test_cli_reports_every_error_and_exits_1_without_traceback(tmp_path):
    root = site_from(tmp_path, "many_errors")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "-p", str(root), "--today", "2026-11-21"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "共 7 个错误，0 个警告。\n7 errors, 0 warnings." in result.stderr
    assert not (root / "site").exists()


def test_failed_build_leaves_previous_site(tmp_path):
    from generator.commands.build import build

    root = site_from(tmp_path)
    build(root, today="2026-11-21")
    before = (root / "site/index.html").read_bytes()
    (root / "content/announcements/bad.md").write_text("---\ntitle: x\n---\n", encoding="utf-8")
    with pytest.raises(BoardError):
        build(root, today="2026-11-21")
    assert (root / "site/index.html").read_bytes() == before


def test_problems_with_and_without_lines_in_one_file_sort(tmp_path):
    bad = "---\ntitle: 停水通知\ndate: 2026-11-01\ncategory: 停水\n---\n正文\n"
    root = site_from(tmp_path, "same_url", files={"content/announcements/停水.md": bad})
    assert [line.split("：")[0] for line in error_lines(root)] == [
        "错误 content/announcements/停水.md: 与 content/announcements/ting-shui.md 生成相同的网址 "
        "announcements/ting-shui/。请给其中一个文件改名。",
        "错误 content/announcements/停水.md:4: 字段 category",
    ]


def test_half_a_character_written_as_an_escape_is_named_not_a_crash(tmp_path):
    text = '---\ntitle: 停水通知\ndate: 2026-11-01\ncategory: 通知\ntags: [供水, "坏\\ud800"]\n---\n正文\n'
    root = site_from(tmp_path, files={"content/announcements/escape.md": text})
    assert error_lines(root) == [
        "错误 content/announcements/escape.md:5: 字段 tags.1：有一个只写了一半的字符"
        "（\\ud800 这样的转义写法）。请删去这个转义，直接写出要用的字。"
    ]
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "-p", str(root), "--today", "2026-11-21"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not (root / "site").exists()
