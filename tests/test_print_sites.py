"""Print on sites the project did not write: long documents flow instead of being refused,
compositions never fail, column boards fill, what prints by default, PDFs reused between
builds and byte-identical between processes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import site_from
from pypdf import PdfReader

from generator.commands.build import build
from generator.commands.print import print_documents

TODAY = "2026-11-21"


def announcement(title: str, body: str, day: str = "2026-11-10", extra: str = "") -> str:
    return f"---\ntitle: {title}\ndate: {day}\ncategory: 通知\n{extra}---\n{body}\n"


def table(rows: int) -> str:
    lines = ["| 序号 | 楼栋 | 住户 | 缴费情况说明 |", "|---|---|---|---|"]
    lines += [
        f"| {n} | {n % 12 + 1}栋 | {n}号 | 已按时缴纳本年度物业服务费 |" for n in range(1, rows + 1)
    ]
    return "各位居民：现将缴费情况公布如下。\n\n" + "\n".join(lines) + "\n\n特此通知。"


def pdf_text(pdf: Path) -> list[str]:
    return [(p.extract_text() or "").replace(" ", "") for p in PdfReader(pdf).pages]


def test_a_sixty_row_table_flows_onto_numbered_pages_with_its_header_repeated(tmp_path):
    root = site_from(
        tmp_path,
        files={"content/announcements/fees.md": announcement("物业费缴纳情况公示", table(60))},
    )
    result = print_documents(root, ["announcements/fees/"], out=tmp_path / "out", today=TODAY)
    assert result.problems == []
    pages = pdf_text(result.files[0])
    assert len(pages) >= 3
    for number, text in enumerate(pages, 1):
        assert f"第{number}页共{len(pages)}页" in text
        assert "缴费情况说明" in text  # the table's header row on every page
    assert "60号" in pages[-1] and "特此通知" in pages[-1]


def test_a_long_announcement_stays_at_the_standard_size(tmp_path):
    """Type does not shrink below 三号 to squeeze a long text: it continues on page 2."""
    body = "\n\n".join("各位居民：本通知用于说明冬季用电安全的注意事项。" * 6 for _ in range(12))
    root = site_from(
        tmp_path, files={"content/announcements/long.md": announcement("长通知", body)}
    )
    result = print_documents(root, ["announcements/long/"], out=tmp_path / "out", today=TODAY)
    assert result.problems == [] and len(PdfReader(result.files[0]).pages) > 1
    document = pdfium.PdfDocument(str(result.files[0]))
    sizes = {
        round(
            document[1].get_textpage().get_charbox(i)[3]
            - document[1].get_textpage().get_charbox(i)[1]
        )
        for i in range(5)
    }
    assert max(sizes) >= 13  # glyphs of 15.75 pt type, not 12 pt


def test_a_composition_with_two_hundred_items_leaves_cards_off_with_a_warning(tmp_path):
    files = {
        f"content/announcements/n{n:03d}.md": announcement(
            f"第{n}号通知", "各位居民：" + "请注意用电安全。" * 8
        )
        for n in range(200)
    }
    root = site_from(tmp_path, files=files)
    result = print_documents(root, [], board_id="window", out=tmp_path / "out", today=TODAY)
    assert [p.level for p in result.problems] == ["warning"]
    warning = result.problems[0].zh
    assert warning.startswith("宣传橱窗放不下全部当前内容，以下") and "《第199号通知》" in warning
    assert len(result.files) == 1 and len(PdfReader(result.files[0]).pages) == 1


def test_a_column_board_with_little_on_it_scales_its_type_up_to_fill(tmp_path):
    files = {
        "content/columns/health/column.yml": "title: 健康教育宣传栏\ncadence_days: 60\nsize: 3000x1000mm\n",
        "content/columns/health/1.md": "---\nissue: 1\ndate: 2026-11-01\ntitle: 冬季防流感\n---\n"
        "## 勤洗手\n\n饭前便后洗手。\n\n## 多通风\n\n每天开窗两次。\n\n## 打疫苗\n\n老人儿童优先。\n",
    }
    root = site_from(tmp_path, files=files)
    result = print_documents(root, ["columns/health/1/"], out=tmp_path / "out", today=TODAY)
    assert result.problems == []
    page = pdfium.PdfDocument(str(result.files[0]))[0]
    width, height = page.get_size()
    text = page.get_textpage()
    lowest_panel_text = min(
        text.get_charbox(i)[1]
        for i in range(text.count_chars())
        if text.get_text_range(i, 1) in "老优先"
    )
    assert lowest_panel_text < height * 0.5  # the panels reach down past the board's middle


def test_old_announcements_stay_on_the_site_but_not_on_paper(tmp_path):
    files = {
        "content/announcements/old.md": announcement(
            "三个月前的通知", "旧内容。", day="2026-08-01"
        ),
        "content/announcements/old-pinned.md": announcement(
            "置顶的旧通知", "旧内容。", day="2026-08-01", extra="pinned: true\n"
        ),
        "content/announcements/old-expiring.md": announcement(
            "有截止日期的旧通知", "旧内容。", day="2026-08-01", extra="expires: 2026-12-31\n"
        ),
    }
    root = site_from(tmp_path, files=files)
    site = build(root, today=TODAY).site_dir
    printed = {p.stem for p in (site / "print" / "announcements").glob("*.pdf")}
    assert printed == {"ok", "old-pinned", "old-expiring"}
    assert (site / "announcements" / "old" / "index.html").is_file()
    one = print_documents(root, ["content/announcements/old.md"], out=tmp_path / "o", today=TODAY)
    assert [p.name for p in one.files] == ["old.pdf"]


def test_the_next_build_reuses_every_unchanged_pdf(tmp_path):
    root = site_from(
        tmp_path,
        files={"content/announcements/second.md": announcement("第二则通知", "内容。")},
    )
    site = build(root, today=TODAY).site_dir
    store = root / ".board-cache" / "prints"
    kept = {p.name: p.stat().st_mtime_ns for p in store.glob("*.pdf")}
    assert len(kept) == 3  # two announcements and the window board
    first = {p.name: p.read_bytes() for p in (site / "print").rglob("*.pdf")}
    (root / "content/announcements/second.md").write_text(
        announcement("第二则通知（更正）", "内容。"), encoding="utf-8"
    )
    site = build(root, today=TODAY).site_dir
    again = {p.name: p.stat().st_mtime_ns for p in store.glob("*.pdf")}
    unchanged = {name for name in kept if again.get(name) == kept[name]}
    assert len(unchanged) == 1  # only the untouched announcement; the board shows the edit
    assert (site / "print/announcements/ok.pdf").read_bytes() == first["ok.pdf"]
    assert len(again) == 3  # prints no longer shown are dropped from the store


def test_builds_in_separate_processes_give_byte_identical_pdfs(tmp_path):
    root = site_from(tmp_path)
    digests = []
    for seed in ("1", "2"):
        shutil.rmtree(root / ".board-cache", ignore_errors=True)
        out = tmp_path / f"site-{seed}"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "generator.cli",
                "build",
                "-p",
                str(root),
                "--today",
                TODAY,
                "--site-dir",
                str(out),
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        digests.append(
            {
                p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(out.rglob("*.pdf"))
            }
        )
    assert digests[0] and digests[0] == digests[1]


def test_the_body_face_is_fangsong_where_installed_else_a_serif(monkeypatch):
    from generator.content.config import Fonts
    from generator.print import fonts

    installed = set(fonts.chinese_families())
    monkeypatch.setattr(fonts, "chinese_families", lambda: frozenset(installed | {"FangSong"}))
    assert fonts.print_fonts(Fonts()).body == "FangSong"
    monkeypatch.setattr(fonts, "chinese_families", lambda: frozenset(installed - {"FangSong"}))
    assert fonts.print_fonts(Fonts()).body == "Noto Serif CJK SC"
    assert fonts.print_fonts(Fonts(body="Noto Sans CJK SC")).body == "Noto Sans CJK SC"


def test_the_same_project_in_another_folder_prints_the_same_bytes(tmp_path):
    """PDFs with pictures too: WeasyPrint names an image after its URL, which must not
    carry the project's folder."""
    honors = (
        "title: 2026年11月红黑榜\nperiod: 2026年11月\npublished: 2026-11-15\n"
        "red:\n  - name: 李建国家庭\n    kind: 文明家庭\n    photo: assets/photo.png\n"
    )
    pdfs = []
    for folder in ("first", "a-much-longer-second-folder"):
        root = site_from(tmp_path / folder, files={"content/honors/2026-11.yml": honors})
        result = print_documents(
            root, ["honors/2026-11/"], out=tmp_path / folder / "out", today=TODAY
        )
        assert result.problems == []
        pdfs.append(result.files[0].read_bytes())
    assert b"/Image" in pdfs[0]
    assert pdfs[0] == pdfs[1]


def test_a_picture_outside_content_is_not_printed(tmp_path):
    from generator.print.engine import ContentFetcher

    root = site_from(tmp_path)
    fetcher = ContentFetcher((root / "content").resolve())
    for url in ("file:///etc/passwd", "file:///board-content/../etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("file:///board-content/assets/photo.png").read(4) == b"\x89PNG"
