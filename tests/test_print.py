"""Printed boards, checked in the PDFs themselves: sizes, pages, text, fonts, nothing
drawn off the sheet, QR codes that scan to the item's page, fit and tiling."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import DEMO_TODAY, ROOT, site_from
from pypdf import PdfReader

from generator.commands.build import build
from generator.commands.print import print_documents
from generator.errors import BoardError
from generator.print import tiles

MM = 72 / 25.4  # PDF points per millimetre
SITE_URL = "https://example.org/board/"


@pytest.fixture(scope="module")
def demo_prints(tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("prints")
    result = print_documents(ROOT, [], everything=True, out=out, today=DEMO_TODAY)
    return out, result.files


def page_mm(pdf: Path) -> list[tuple[float, float]]:
    return [
        (round(float(p.mediabox.width) / MM), round(float(p.mediabox.height) / MM))
        for p in PdfReader(pdf).pages
    ]


def text_of(pdf: Path) -> str:
    return "".join(p.extract_text() or "" for p in PdfReader(pdf).pages).replace(" ", "")


def qr_urls(pdf: Path, page: int = 0, dpi: int = 150) -> list[str]:
    """Rasterise a page as a printer would and read every QR code on it."""
    document = pdfium.PdfDocument(str(pdf))
    image = document[page].render(scale=dpi / 72).to_pil()
    return [
        r.text for r in zxingcpp.read_barcodes(image) if r.format == zxingcpp.BarcodeFormat.QRCode
    ]


def objects_outside(pdf: Path, tolerance_pt: float = 0.5) -> list:
    """Every drawn object whose bounds leave its page. A tiled sheet draws the whole
    board as one form inside a clip: there the clip rectangle must lie on the sheet."""
    found = []
    document = pdfium.PdfDocument(str(pdf))
    for number, page in enumerate(document):
        width, height = page.get_size()
        for obj in page.get_objects(max_depth=1):
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_FORM and pdf.name.endswith("-tiles.pdf"):
                found += _clips_outside(pdf, number, width, height)
                continue
            left, bottom, right, top = obj.get_bounds()
            if (
                left < -tolerance_pt
                or bottom < -tolerance_pt
                or right > width + tolerance_pt
                or top > height + tolerance_pt
            ):
                found.append((pdf.name, number, obj.type, (left, bottom, right, top)))
    return found


def _clips_outside(pdf: Path, number: int, width: float, height: float) -> list:
    content = PdfReader(pdf).pages[number].get_contents().get_data().decode("latin-1")
    clip = re.search(r"q ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re W n", content)
    assert clip, f"{pdf.name} page {number}: the board is drawn without a clip"
    x, y, w, h = map(float, clip.groups())
    inside = x >= 0 and y >= 0 and x + w <= width + 0.5 and y + h <= height + 0.5
    return [] if inside else [(pdf.name, number, "clip", (x, y, w, h))]


def fonts_embedded(pdf: Path) -> dict[str, bool]:
    fonts = {}
    for page in PdfReader(pdf).pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            fonts[str(font["/BaseFont"])] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def test_print_all_writes_every_current_item_and_board(demo_prints):
    out, files = demo_prints
    names = {str(f.relative_to(out)) for f in files}
    assert "notices/2026-11-wenming-family.pdf" in names  # 公示中
    assert "announcements/2026-11-water-cut.pdf" in names  # urgent, current
    assert "honors/2026-11.pdf" in names  # the current 红黑榜
    assert "columns/health/2026-11-nov.pdf" in names  # current issue of each column
    assert "columns/law/2026-10-oct.pdf" in names
    assert {
        "boards/east-window.pdf",
        "boards/health-board.pdf",
        "boards/east-window-A3-tiles.pdf",
    } <= names
    assert "announcements/2025-11-garbage-sorting.pdf" not in names  # expired
    assert "notices/2026-06-five-good-family.pdf" not in names  # 已结束


@pytest.mark.parametrize(
    "name, size",
    [
        ("notices/2026-11-wenming-family.pdf", (210, 297)),
        ("announcements/2026-11-water-cut.pdf", (210, 297)),
        ("honors/2026-11.pdf", (594, 420)),  # A2 landscape by default
        ("columns/law/2026-10-oct.pdf", (841, 594)),  # the column's own `size: A1 landscape`
        ("columns/health/2026-11-nov.pdf", (2000, 1000)),  # its board's size
        ("boards/east-window.pdf", (2400, 1200)),
    ],
)
def test_each_pdf_opens_at_its_size_with_its_qr_code(demo_prints, name, size):
    out, _ = demo_prints
    pdf = out / name
    assert set(page_mm(pdf)) == {size}
    if not name.startswith("boards/"):
        url = SITE_URL + name.removesuffix(".pdf") + "/"
        dpi = 150 if size[0] <= 600 else 30  # a board is scanned from further away
        assert url in qr_urls(pdf, dpi=dpi)


def test_every_printed_pdf_has_its_text_embedded_fonts_and_nothing_off_the_sheet(demo_prints):
    out, files = demo_prints
    for pdf in files:
        fonts = fonts_embedded(pdf)
        assert fonts and all(fonts.values()), (pdf, fonts)
        assert any("CJK" in name for name in fonts), (pdf, fonts)
        assert objects_outside(pdf) == []
    assert "关于11月23日白沙路片区临时停水的紧急通知" in text_of(
        out / "announcements/2026-11-water-cut.pdf"
    )
    assert "特此公示" in text_of(out / "notices/2026-11-wenming-family.pdf")


def test_a4_notice_keeps_the_official_text_block(demo_prints):
    """GB/T 9704: 37 mm top, 28 mm left, a 156 × 225 mm text block."""
    out, _ = demo_prints
    document = pdfium.PdfDocument(str(out / "announcements/2026-11-anti-fraud.pdf"))
    page = document[0]
    height = page.get_height()
    text = page.get_textpage()
    boxes = [
        text.get_charbox(i)
        for i in range(text.count_chars())
        if not text.get_text_range(i, 1).isspace()
    ]
    in_block = [b for b in boxes if (height - b[1]) / MM < 297 - 35]  # above the bottom margin
    left = min(b[0] for b in in_block) / MM
    right = max(b[2] for b in in_block) / MM
    top = (height - max(b[3] for b in in_block)) / MM
    assert 28 <= left <= 29, left
    assert 182 <= right <= 184.5, right  # justified lines reach the right edge of the block
    assert 37 <= top <= 44, top  # the title's first line, inside its 1.5 line box


def test_a4_notice_sets_issuer_date_seal_and_the_period(demo_prints):
    out, _ = demo_prints
    text = text_of(out / "notices/2026-11-wenming-family.pdf")
    assert "公示期：2026年11月18日至2026年11月24日" in text
    assert "2026年11月17日" in text  # the date in Arabic numerals
    assert "139****8826" in text and "13907318826" not in text  # masked in print too
    images = [
        o
        for p in pdfium.PdfDocument(str(out / "notices/2026-11-wenming-family.pdf"))
        for o in p.get_objects()
        if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE
    ]
    assert images  # the seal


def long_announcement(chars: int) -> str:
    paragraph = (
        "为进一步做好冬季安全工作，社区将开展入户走访，请各位居民配合登记并检查家中用电用气安全。"
    )
    body = "\n\n".join(paragraph for _ in range(chars // len(paragraph) + 1))
    return f"---\ntitle: 关于开展冬季安全入户走访的通知\ndate: 2026-11-10\ncategory: 通知\n---\n{body}\n"


def test_long_announcement_flows_onto_numbered_pages_at_the_standard_size(tmp_path):
    root = site_from(tmp_path, files={"content/announcements/long.md": long_announcement(1000)})
    result = print_documents(
        root, ["content/announcements/long.md"], out=tmp_path / "out", today="2026-11-21"
    )
    pdf = tmp_path / "out/announcements/long.pdf"
    assert result.files == [pdf]
    reader = PdfReader(pdf)
    count = len(reader.pages)
    assert count >= 2
    assert f"第1页共{count}页" in (reader.pages[0].extract_text() or "").replace(" ", "")
    assert f"第{count}页共{count}页" in (reader.pages[-1].extract_text() or "").replace(" ", "")
    assert objects_outside(pdf) == []


def test_text_that_fits_after_shrinking_stays_on_one_page(tmp_path):
    root = site_from(tmp_path, files={"content/announcements/long.md": long_announcement(400)})
    print_documents(root, ["announcements/long/"], out=tmp_path / "out", today="2026-11-21")
    reader = PdfReader(tmp_path / "out/announcements/long.pdf")
    assert len(reader.pages) == 1
    assert "第1页" not in (reader.pages[0].extract_text() or "")


def test_a_column_issue_too_long_for_its_board_names_it_and_the_overflow(tmp_path):
    text = "## 一个很长的版块\n\n" + "居民朋友们要注意冬季用火用电安全。" * 100
    root = site_from(
        tmp_path,
        files={
            "content/columns/tiny/column.yml": "title: 小宣传栏\ncadence_days: 60\nsize: A5\n",
            "content/columns/tiny/1.md": f"---\nissue: 1\ndate: 2026-11-01\ntitle: 冬季安全\n---\n{text}",
        },
    )
    result = print_documents(root, ["columns/tiny/1/"], out=tmp_path / "out", today="2026-11-21")
    (problem,) = result.problems
    assert problem.level == "error"
    assert problem.file == "content/columns/tiny/column.yml" and problem.field == "size"
    assert "“一个很长的版块”一栏在 A5 上放不下" in problem.zh
    assert "毫米" in problem.zh and "does not fit on A5" in problem.en
    assert result.files == [] and not (tmp_path / "out").exists()


def test_a_missing_print_font_is_a_clear_error(tmp_path):
    root = site_from(tmp_path)
    config = root / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "print:\n  fonts: {body: 方正不存在体}\n",
        encoding="utf-8",
    )
    with pytest.raises(BoardError) as caught:
        print_documents(root, [], everything=True, out=tmp_path / "out", today="2026-11-21")
    (problem,) = caught.value.problems
    assert problem.field == "print.fonts.body"
    assert "方正不存在体" in problem.zh and "fonts-noto-cjk" in problem.zh


def test_unknown_item_and_board_are_named(tmp_path):
    root = site_from(tmp_path)
    with pytest.raises(BoardError) as caught:
        print_documents(
            root, ["notices/nope/"], board_id="gate", out=tmp_path / "o", today="2026-11-21"
        )
    messages = [p.zh for p in caught.value.problems]
    assert any("notices/nope/" in m for m in messages)
    assert any("gate" in m and "window" in m for m in messages)


def test_tiled_board_has_a_map_and_overlapping_labelled_sheets(demo_prints):
    out, _ = demo_prints
    pdf = out / "boards/east-window-A3-tiles.pdf"
    grid = tiles.tile_grid(
        tiles.PaperSize(2400, 1200, "2400x1200mm"), tiles.PaperSize(297, 420, "A3")
    )
    sheet = (round(grid.sheet.width_mm), round(grid.sheet.height_mm))
    assert page_mm(pdf) == [sheet] * (1 + grid.rows * grid.cols)
    for left, right in zip(grid.tiles, grid.tiles[1:], strict=False):
        if left.row == right.row:
            assert left.x + left.width - right.x >= 10  # neighbours overlap by 10 mm
    text = text_of(pdf)
    assert "拼贴图" in text and f"共{grid.rows}行×{grid.cols}列" in text
    assert "B2" in text and "第2行第2列" in text
    assert objects_outside(pdf) == []
    # Each sheet shows its own part of the board: the first sheet shows ink.
    image = pdfium.PdfDocument(str(pdf))[1].render(scale=0.3).to_pil().convert("L")
    assert image.getextrema()[0] < 100


def test_site_has_print_versions_linked_from_item_pages(demo_site):
    page = (demo_site / "notices/2026-11-wenming-family/index.html").read_text(encoding="utf-8")
    assert "print/notices/2026-11-wenming-family.pdf" in page
    assert (demo_site / "print/notices/2026-11-wenming-family.pdf").stat().st_size > 10_000
    preview = (demo_site / "print/notices/2026-11-wenming-family.html").read_text(encoding="utf-8")
    assert "公示期" in preview and "../../assets/seal.png" in preview
    index = (demo_site / "print/index.html").read_text(encoding="utf-8")
    assert "east-window-A3-tiles.pdf" in index
    expired = (demo_site / "announcements/2025-11-garbage-sorting/index.html").read_text(
        encoding="utf-8"
    )
    assert "打印版" not in expired


def test_print_can_be_switched_off(tmp_path):
    root = site_from(tmp_path)
    config = root / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "print:\n  enabled: false\n", encoding="utf-8"
    )
    site = build(root, today="2026-11-21").site_dir
    assert not (site / "print").exists()
    assert "打印版" not in (site / "announcements/ok/index.html").read_text(encoding="utf-8")


def test_a_board_with_nothing_current_still_prints(tmp_path):
    expired = (
        "---\ntitle: 旧通知\ndate: 2026-11-01\nexpires: 2026-11-10\ncategory: 通知\n---\n测试。"
    )
    root = site_from(tmp_path, files={"content/announcements/ok.md": expired})
    result = print_documents(root, [], board_id="window", out=tmp_path / "out", today="2026-11-21")
    assert result.problems == []
    assert "暂无当前内容" in text_of(tmp_path / "out/boards/window.pdf")
