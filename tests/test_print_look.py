"""The A4 official-notice look (GB/T 9704), measured in the printed PDFs: the QR footer
fits any address, the 落款 sits at the right edge with the seal over it, tables give the
longest text the room and keep rows whole, no stray punctuation, the configured fonts,
and the 已整改 stamp clear of the text beside it."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from conftest import site_from
from test_print import objects_outside, qr_urls

from generator.commands.print import print_documents

TODAY = "2026-11-21"
MM = 72 / 25.4  # PDF points per millimetre
# A4 text block (GB/T 9704, margins 37 26 35 28 mm): 28–184 mm across, 37–262 mm down.
BLOCK_LEFT, BLOCK_RIGHT, BLOCK_BOTTOM = 28.0, 184.0, 297.0 - 35.0
ISSUER = "测试社区居民委员会"  # community.name of tests/fixtures/base


# -- reading the PDF ------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A box on the page in mm from the top left corner."""

    left: float
    top: float
    right: float
    bottom: float

    @property
    def centre_x(self) -> float:
        return (self.left + self.right) / 2

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def union(boxes) -> Box:
    boxes = list(boxes)
    return Box(
        min(b.left for b in boxes),
        min(b.top for b in boxes),
        max(b.right for b in boxes),
        max(b.bottom for b in boxes),
    )


@dataclass(frozen=True)
class Glyph:
    char: str
    box: Box
    font: str


class Page:
    """The printed characters of one page (whitespace left out) and its drawn objects."""

    def __init__(self, pdf: Path, number: int):
        document = pdfium.PdfDocument(str(pdf))
        page = document[number]
        self.height = page.get_height()
        self.width_mm = page.get_width() / MM
        self.height_mm = self.height / MM
        text = page.get_textpage()
        self.glyphs: list[Glyph] = []
        buffer = ctypes.create_string_buffer(256)
        flags = ctypes.c_int()
        for i in range(text.count_chars()):
            # PDFium reports a hyphen that ends a line as U+FFFE.
            char = text.get_text_range(i, 1).replace("\ufffe", "-")
            if not char or char.isspace():
                continue
            pdfium_c.FPDFText_GetFontInfo(text.raw, i, buffer, 256, ctypes.byref(flags))
            self.glyphs.append(
                Glyph(char, self._box(*text.get_charbox(i)), buffer.value.decode("latin-1"))
            )
        self.text = "".join(g.char for g in self.glyphs)
        self.objects = [
            (obj.type, self._box(*obj.get_bounds())) for obj in page.get_objects(max_depth=1)
        ]

    def _box(self, left, bottom, right, top) -> Box:
        return Box(left / MM, (self.height - top) / MM, right / MM, (self.height - bottom) / MM)

    def runs(self, text: str) -> list[list[Glyph]]:
        """The glyphs of every occurrence of `text` (without whitespace) in print order."""
        text = "".join(text.split())
        found, start = [], self.text.find(text)
        while start >= 0:
            found.append(self.glyphs[start : start + len(text)])
            start = self.text.find(text, start + 1)
        return found

    def run(self, text: str, which: int = 0) -> list[Glyph]:
        runs = self.runs(text)
        assert runs, f"{text!r} is not printed on this page: {self.text!r}"
        return runs[which]


def pages(pdf: Path) -> list[Page]:
    return [Page(pdf, n) for n in range(len(pdfium.PdfDocument(str(pdf))))]


def box_of(glyphs) -> Box:
    return union(g.box for g in glyphs)


def one_line(glyphs) -> bool:
    tops = [g.box.top for g in glyphs if g.char not in "，。、；：“”（）"]
    return max(tops) - min(tops) < 1.5


# -- fixture content ------------------------------------------------------------------


def notice(applicants: list[tuple[str, str, str]], contact: str, seal: bool = True) -> str:
    rows = "\n".join(
        f"  - name: {name}\n    unit: {unit}\n    summary: {summary}"
        for name, unit, summary in applicants
    )
    return (
        "---\ntitle: 2026年度社区“文明家庭”推荐对象公示\nkind: 文明家庭\nissued: 2026-11-17\n"
        f"period: {{start: 2026-11-18, workdays: 5}}\napplicants:\n{rows}\n"
        f"contact: {contact}\n" + ("seal: assets/photo.png\n" if seal else "") + "---\n"
        "经居民自荐、楼栋推荐、社区“两委”会议审核，拟推荐以下家庭为候选对象，现予以公示。\n\n"
        "特此公示。\n"
    )


SHORT_NOTICE = notice(
    [
        ("黄德胜家庭", "文庙坪小区4栋", "夫妻结婚50年相濡以沫，热心调解邻里纠纷。"),
        ("刘秀英家庭", "文庙坪小区8栋", "全家三口均为社区注册志愿者，累计志愿服务860小时。"),
    ],
    "{phone: 0731-88886666}",
)

DEED = (
    "常年照顾楼栋里的独居老人，每周上门帮忙买菜、打扫卫生，带头参与垃圾分类督导和楼道清洁，"
    "多次调解邻里纠纷，被居民称为“热心肠”，家庭和睦，教子有方，子女均已成才"
)
NAMES = ["黄德胜", "刘秀英", "彭志华", "谭国强", "周建平", "罗美玲", "谢文斌", "白小雨"]
APPLICANTS = [
    (f"{name}家庭", f"文庙坪小区{i + 1}栋", f"（第{i + 1}户事迹）{DEED}。")
    for i, name in enumerate(NAMES)
]
LONG_NOTICE = notice(
    APPLICANTS, "{person: 王老师, phone: 0731-88886666, address: 文庙坪巷18号}", seal=False
)

ANNOUNCEMENT = """---
title: 关于开展冬季消防安全检查的通知
date: 2026-11-10
category: 通知
attachments:
  - assets/attachments/冬季消防安全检查登记表.csv
---
各位居民：

社区将于11月25日开展冬季消防安全检查，请各户留人在家配合，检查人员将查看燃气管道、灶具和电线。
"""

TASKS = [
    "请各户留人在家配合检查人员入户查看燃气管道、灶具和热水器的使用情况，发现隐患当场登记，"
    "由物业在三日内上门整改，整改完毕后由楼栋长签字确认",
    "请住户提前清理楼道和楼梯间堆放的纸箱、旧家具和电动车，保持消防通道畅通，"
    "逾期未清理的由社区统一清运",
]
TABLE_ROWS = "\n".join(
    f"| {i}栋 | {'上午' if i % 2 else '下午'} | （{i}栋安排）{TASKS[i % 2]}。 |"
    for i in range(1, 25)
)
TABLE_ANNOUNCEMENT = f"""---
title: 冬季消防安全检查安排表
date: 2026-11-10
category: 通知
attachments:
  - assets/attachments/检查安排.csv
  - assets/attachments/整改回执.csv
---
各楼栋检查安排如下：

| 楼栋 | 时间 | 安排 |
|---|---|---|
{TABLE_ROWS}

请大家相互转告。
"""

HONORS = """title: 2026年11月文明创建红黑榜
period: 2026年11月
published: 2026-11-15
red:
  - name: 黄德胜家庭
    kind: 文明家庭
    reason: 黄德胜夫妇结婚50年相濡以沫，主动调解楼栋邻里纠纷十余起。
black:
  - subject: 5栋住户刘德明
    behavior: 楼道堆物
    location: 5栋1单元一楼楼梯间
    date: 2026-11-04
    status: 已整改
    rectified: 2026-11-12
    photo: assets/photo.png
  - subject: 白沙路118号院居民王建华
    behavior: 高空抛物
    location: 白沙路118号院内通道
    date: 2026-11-09
    status: 待整改
"""

LOOKS = {
    "notice": ("content/notices/short.md", SHORT_NOTICE, "notices/short.pdf"),
    "long_notice": ("content/notices/long.md", LONG_NOTICE, "notices/long.pdf"),
    "announcement": ("content/announcements/check.md", ANNOUNCEMENT, "announcements/check.pdf"),
    "table": ("content/announcements/table.md", TABLE_ANNOUNCEMENT, "announcements/table.pdf"),
    "honors": ("content/honors/2026-11.yml", HONORS, "honors/2026-11.pdf"),
}
ATTACHMENTS = {
    f"content/assets/attachments/{name}.csv": "楼栋,户号\n"
    for name in ("冬季消防安全检查登记表", "检查安排", "整改回执")
}


@pytest.fixture(scope="module")
def looks(tmp_path_factory) -> dict[str, Path]:
    """Each look printed once, in one run."""
    tmp = tmp_path_factory.mktemp("looks")
    files = {path: text for path, text, _ in LOOKS.values()} | ATTACHMENTS
    root = site_from(tmp, files=files)
    result = print_documents(
        root, [path for path, _, _ in LOOKS.values()], out=tmp / "out", today=TODAY
    )
    assert result.problems == []
    return {name: tmp / "out" / pdf for name, (_, _, pdf) in LOOKS.items()}


def test_nothing_is_drawn_off_the_sheet(looks):
    for pdf in looks.values():
        assert objects_outside(pdf) == [], pdf.name


# -- 1. the QR footer fits any address --------------------------------------------------


def site_url(length: int) -> str:
    """A site address of about `length` characters, as a long sub-site path makes it."""
    url = "https://shuanggang.example.org/gonggao/"
    while len(url) < length:
        url += "wenmiaoping-shequ-juweihui/"
    return url[: length - 1].rstrip("/-") + "/"


LONG_NAME = "2026-11-wenmiaoping-shequ-dongji-xiaofang-anquan-jiancha-tongzhi-baishalu-pianqu"


@pytest.mark.parametrize("length", [20, 60, 120])
def test_a4_qr_footer_fits_long_addresses_and_file_names(tmp_path, length):
    url = "https://sgsq.org.cn/" if length == 20 else site_url(length)
    assert abs(len(url) - length) <= 2 and len(LONG_NAME) == 80
    root = site_from(
        tmp_path,
        files={
            "content/notices/short.md": SHORT_NOTICE,
            f"content/announcements/{LONG_NAME}.md": ANNOUNCEMENT,
        }
        | ATTACHMENTS,
    )
    config = root / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("https://example.org/board/", url),
        encoding="utf-8",
    )
    items = ["content/notices/short.md", f"content/announcements/{LONG_NAME}.md"]
    result = print_documents(root, items, out=tmp_path / "out", today=TODAY)
    assert result.problems == []
    pages_urls = {
        tmp_path / "out/notices/short.pdf": url + "notices/short/",
        tmp_path / f"out/announcements/{LONG_NAME}.pdf": f"{url}announcements/{LONG_NAME}/",
    }
    assert sorted(result.files) == sorted(pages_urls)
    for pdf, page_url in pages_urls.items():
        (page,) = pages(pdf)  # one page
        assert objects_outside(pdf) == []
        # Caption and the whole address are printed in the bottom margin, right of the
        # text block's left edge and no further right than its right edge.
        footer = [g for g in page.glyphs if g.box.top >= BLOCK_BOTTOM]
        assert "".join(g.char for g in footer) == "扫码查看网上原文" + page_url
        drawn = [box for _, box in page.objects if box.top >= BLOCK_BOTTOM - 0.5]
        area = union([g.box for g in footer] + drawn)
        assert area.left >= BLOCK_LEFT and area.right <= BLOCK_RIGHT + 0.5, area
        assert area.bottom <= page.height_mm - 3, area
        # The QR code: about 20 mm square (its quiet zone is blank), holding the full address.
        (code,) = [
            box
            for kind, box in page.objects
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH and box.top >= BLOCK_BOTTOM and box.width > 10
        ]
        assert 14 <= code.width <= 20.1 and abs(code.width - code.height) < 1, code
        assert qr_urls(pdf, dpi=300) == [page_url]


# -- 2. the 落款 -----------------------------------------------------------------------


def signature(page: Page, day: str) -> tuple[Box, Box]:
    return box_of(page.run(ISSUER, -1)), box_of(page.run(day, -1))


@pytest.mark.parametrize(
    "name, day", [("announcement", "2026年11月10日"), ("notice", "2026年11月17日")]
)
def test_signature_is_flush_right_issuer_over_date(looks, name, day):
    page = pages(looks[name])[-1]
    issuer, date = signature(page, day)
    right = max(issuer.right, date.right)
    assert BLOCK_RIGHT - 2 <= right <= BLOCK_RIGHT + 0.5, right
    assert abs(issuer.centre_x - date.centre_x) < 1.0, (issuer, date)  # centred on each other
    assert date.top > issuer.bottom, (issuer, date)  # the date on its own line below
    assert date.top - issuer.bottom < 10
    closing = "特此公示。" if name == "notice" else "电线。"
    assert box_of(page.run(closing, -1)).bottom < issuer.top  # after the text, same page


def test_seal_is_centred_over_the_signature_below_the_text(looks):
    page = pages(looks["notice"])[-1]
    issuer, date = signature(page, "2026年11月17日")
    block = union([issuer, date])
    (seal,) = [
        box
        for kind, box in page.objects
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM)
        and abs(box.width - 42) < 1
    ]
    assert abs(seal.height - 42) < 1
    assert abs(seal.centre_x - block.centre_x) < 1.0, (seal, block)
    assert seal.top < issuer.top and date.bottom < seal.bottom  # issuer and date on the seal
    text_above = [
        g.box for g in page.glyphs if g.box.bottom < issuer.top and g.box.top < BLOCK_BOTTOM
    ]
    assert text_above and all(not seal.overlaps(b) for b in text_above)
    # within a line of it (GB/T 9704): one line pitch of 10.2 mm plus the half-leading
    assert seal.top - max(b.bottom for b in text_above) < 13


# -- 3. tables: content widths, whole rows, repeated headers ----------------------------


def test_applicants_summary_gets_the_room_rows_stay_whole(looks):
    printed = pages(looks["long_notice"])
    with_rows = [p for p in printed if any(f"第{i + 1}户事迹" in p.text for i in range(8))]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "序号名称所在单位简要事迹" in page.text  # the header on every page
    for name, unit, summary in APPLICANTS:
        holding = [p for p in printed if "".join(summary.split()) in p.text]
        assert len(holding) == 1, f"{name}: its row is split over pages"
        assert name + unit in holding[0].text
    first = printed[0]
    name, unit, summary = APPLICANTS[0]
    name_x = first.run(name)[0].box.left
    unit_x = first.run(unit)[0].box.left
    summary_x = first.run(summary[:6])[0].box.left
    number_w, name_w = name_x - BLOCK_LEFT, unit_x - name_x
    unit_w, summary_w = summary_x - unit_x, BLOCK_RIGHT - summary_x
    assert number_w < min(20, name_w, unit_w), number_w  # 序号 narrow
    assert summary_w > 1.5 * max(name_w, unit_w) and summary_w > 0.4 * 156, (
        name_w,
        unit_w,
        summary_w,
    )
    assert one_line(first.run(name)), "a short name is not broken"


def test_markdown_table_on_a4_rows_whole_headers_repeated(looks):
    printed = pages(looks["table"])
    with_rows = [p for p in printed if "栋安排）" in p.text]
    assert len(with_rows) >= 2
    for page in with_rows:
        assert "楼栋时间安排" in page.text
        assert one_line(page.run("楼栋时间安排")), "the header is squeezed"
    for i in range(1, 25):
        text = f"（{i}栋安排）{TASKS[i % 2]}。"
        assert sum(text in p.text for p in printed) == 1, f"row {i} is split over pages"
    first = printed[0]
    building_x = first.run("1栋上午")[0].box.left
    time_x = first.run("上午（1栋安排）")[0].box.left
    task_x = first.run("（1栋安排）")[0].box.left
    assert BLOCK_RIGHT - task_x > 3 * max(time_x - building_x, task_x - time_x)
    assert one_line(first.run("上午")), "a short column is squeezed to one character"


# -- 4. no stray punctuation ------------------------------------------------------------


def test_contact_and_attachments_have_no_stray_punctuation(looks):
    short = "".join(p.text for p in pages(looks["notice"]))
    assert "反映。电话：0731-88886666。" in short
    assert "；。" not in short and "。。" not in short
    full = "".join(p.text for p in pages(looks["long_notice"]))
    assert "联系人：王老师；电话：0731-88886666；地址：文庙坪巷18号。" in full
    one = "".join(p.text for p in pages(looks["announcement"]))
    assert "附件：冬季消防安全检查登记表.csv" in one and "；" not in one
    two = "".join(p.text for p in pages(looks["table"]))
    assert "附件：1.检查安排.csv2.整改回执.csv" in two


# -- 5. fonts ---------------------------------------------------------------------------


def test_title_in_a_bold_serif_body_in_fangsong_or_serif(looks, tmp_path):
    page = pages(looks["announcement"])[0]
    title = page.run("关于开展冬季消防安全检查的通知")
    assert all("Serif" in g.font and "Bold" in g.font for g in title), {g.font for g in title}
    body = page.run("各位居民")
    # Without print.fonts.body the body is a 仿宋 when one is installed, else Noto Serif.
    faces = {g.font for g in body}
    assert all("Bold" not in f and ("Serif" in f or "Fang" in f) for f in faces), faces
    # The families come from print.fonts: swapped there, swapped in print.
    root = site_from(tmp_path, files={"content/announcements/check.md": ANNOUNCEMENT} | ATTACHMENTS)
    config = root / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "print:\n  fonts: {heading: Noto Sans CJK SC, body: Noto Serif CJK SC}\n",
        encoding="utf-8",
    )
    print_documents(root, ["content/announcements/check.md"], out=tmp_path / "out", today=TODAY)
    page = pages(tmp_path / "out/announcements/check.pdf")[0]
    title = page.run("关于开展冬季消防安全检查的通知")
    assert all("Sans" in g.font and "Bold" in g.font for g in title), {g.font for g in title}
    body = page.run("各位居民")
    assert all("Serif" in g.font for g in body), {g.font for g in body}


# -- 6. the 已整改 stamp ----------------------------------------------------------------


def test_rectified_stamp_does_not_cover_the_entry_text(looks):
    (page,) = pages(looks["honors"])
    facts = page.run("地点：5栋1单元一楼楼梯间　日期：2026年11月4日　状态：已整改")
    words = page.run("5栋住户刘**楼道堆物")
    stamp = page.run("已整改2026年11月12日")
    area = box_of(stamp)
    assert all(not area.overlaps(g.box) for g in facts + words), (area, box_of(facts))
    assert area.left > box_of(facts).right  # at the right end of the entry, beside the text
    tilt = stamp[0].box.top - stamp[2].box.top  # 已 sits lower than 改: still turned
    assert tilt > 2, tilt
