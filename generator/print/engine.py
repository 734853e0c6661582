"""Rendering print documents: template → HTML → fitted WeasyPrint layout → PDF.

The HTML written next to each PDF is byte for byte what WeasyPrint laid out, so the
preview an editor opens is the print."""

from __future__ import annotations

import bisect
import gc
import itertools
import logging
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from ..content.sizes import PaperSize
from ..content.snapshot import Entry, Snapshot
from ..errors import BoardError, Problem, problem
from ..paths import PRINT_DIR
from ..render import filters
from ..render.memory import spared_from_collection
from ..render.progress import Progress
from ..render.qr import qr_data_uri
from ..render.workers import cores, forked_map
from . import markup, tiles
from .documents import PrintDoc
from .fit import PX_PER_MM, Measure, measure, page_box
from .fonts import print_fonts
from .keys import ContentFiles, template_env
from .pack import Columns, columns_for, fill, masonry
from .store import Printed

# WeasyPrint reports CSS it ignores on purpose (screen-only rules) as warnings.
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("fontTools").setLevel(logging.ERROR)

MM_PER_PT = 25.4 / 72
A4_MARGINS = "37mm 26mm 35mm 28mm"  # GB/T 9704: 156 × 225 mm text block
A4_TEXT_BLOCK_MM = 225.0
# Boards start larger and shrink to fit: a big board with little on it fills out.
BOARD_GROWTH = (3.0, 2.5, 2.1, 1.8, 1.6, 1.45, 1.3, 1.2, 1.1)
PACKED_LAYOUTS = {"issue.html", "board.html"}
# What reaches past the sheet, as the message names it, and the fix.
WIDE_ELEMENTS = {
    "table": (
        "一个表格",
        "a table",
        "请减少表格的列数或缩短单元格里的长串字母数字，或把表格另存为附件。",
        "Use fewer columns or shorter unbroken strings, or attach the table as a file.",
    ),
    "img": ("一张图片", "an image", "请换一张小一些的图片。", "Use a smaller image."),
    "pre": (
        "一段代码格式的文字",
        "a preformatted block",
        "请改成普通段落。",
        "Write it as ordinary paragraphs.",
    ),
}
WIDE_TEXT = (
    "一段不能折行的文字",
    "an unbreakable run of text",
    "请在长串字母数字中加空格。",
    "Add spaces to the long run of letters or digits.",
)
PACK_GAP_REM = 1.2  # .pack gap in print.css


@dataclass(frozen=True)
class _Cards:
    columns: Columns
    heights: list[float]
    limit: float  # height left for the cards once the header and footer are set


@dataclass
class _Layout:
    html: str
    document: Any  # weasyprint.Document (untyped)
    measure: Measure
    font_pt: float


class PrintEngine:
    """Renders the documents of one published snapshot."""

    def __init__(self, snapshot: Snapshot, content_dir: Path):
        self.snapshot = snapshot
        self.content_dir = Path(content_dir).resolve()
        self.fonts = print_fonts(snapshot.config.print.fonts)
        self.env = template_env()
        filters.register(self.env, snapshot.config.site.timezone)
        self.env.filters["css_string"] = _css_string
        self.css = (PRINT_DIR / "print.css").read_text(encoding="utf-8")
        self.fetcher = ContentFetcher(self.content_dir)
        # The published HTML carries print.css inline so that it opens on its own.
        # Parsing it again for every render (a board is rendered several times while it
        # is fitted) costs about a fifth of the layout, so it is parsed once here and each
        # HTML is laid out without its inline copy. WeasyPrint ranks a stylesheet passed
        # this way (user origin) below all of the document's own rules, whereas inline it
        # only came before the per-document <style> (page size and margins, root font
        # size, fonts). The result is the same because print.css sets none of those: no
        # @page rule, no font-family, no font size on the root (tests/test_print_speed.py
        # checks each PDF against its published HTML laid out alone).
        self._inline_css = f"<style>{self.css}</style>"
        self._stylesheet = CSS(string=self.css, url_fetcher=self.fetcher)
        self._codes: dict[str, str] = {}

    # -- public ---------------------------------------------------------------------

    def print_doc(self, doc: PrintDoc, tile: PaperSize | None = None) -> Printed:
        self.fetcher.fetched = {}
        layout, dropped = self._fitted(doc)
        pdf = layout.document.write_pdf()
        printed = Printed(doc, layout.html, pdf, layout.font_pt, layout.measure.pages, dropped)
        printed.files = self.fetcher.fetched
        printed.warnings = [self._dropped_warning(doc, dropped)] if dropped else []
        if tile and not doc.flows:
            printed.tiled = self.tile(doc, pdf, tile)
        return printed

    def tile(self, doc: PrintDoc, pdf: bytes, sheet: PaperSize) -> bytes:
        grid = tiles.tile_grid(doc.size, sheet)
        header_mm = 34.0
        area_w = grid.image_width
        area_h = grid.image_height - header_mm
        scale = tiles.map_placement(grid, area_w, area_h)
        x = tiles.MARGIN_MM + (area_w - doc.size.width_mm * scale) / 2
        y = tiles.MARGIN_MM + header_mm
        html = self.env.get_template("tiles.html").render(
            doc=doc,
            grid=grid,
            scale=scale,
            map_x=x,
            map_y=y,
            margin=tiles.MARGIN_MM,
            overlap=tiles.OVERLAP_MM,
            css=self.css,
            fonts=self.fonts,
            snapshot=self.snapshot,
        )
        overlay = self._laid_out(html, doc).write_pdf()
        return tiles.assemble(pdf, overlay, grid, (x, y, scale))

    # -- fitting --------------------------------------------------------------------

    def _fitted(self, doc: PrintDoc) -> tuple[_Layout, tuple[Entry, ...]]:
        if doc.flows:
            return self._fit_flowing(doc), ()
        steps = self._board_steps(doc)
        if doc.layout not in PACKED_LAYOUTS:
            layout = self._largest(doc, steps, lambda m: m.fits_one_page, ())
            if layout is None:
                raise BoardError([self._overflow_problem(doc, self._render(doc, steps[-1], ()))])
            return layout, ()
        # Measure at the floor size first: a composition shows what fits there, most
        # urgent first; a column issue has to fit whole. Then find the largest size,
        # starting where the measured cards, grown with the type, would still pack.
        entries = doc.entries
        floor = steps[-1]
        cards = self._cards(doc, floor, entries)
        _, skipped = fill(cards.heights, cards.columns.count, cards.limit)
        if skipped and not doc.composition:
            raise BoardError([self._packing_problem(doc, cards, floor, entries, skipped[0])])
        kept = [e for i, e in enumerate(entries) if i not in skipped]
        guess = _packing_guess(doc.size, steps[:-1], cards, floor, skipped)
        layout = self._largest_packed(doc, steps[:-1], tuple(kept), guess)
        if layout is None:
            # With nothing left off, the cards just measured are the ones to pack.
            layout = self._packed(doc, floor, tuple(kept), None if skipped else cards)
            # A composition never fails: what the measured heights let through but the
            # real layout cannot hold is left off too, least urgent first.
            while layout is None and doc.composition and kept:
                kept.pop()
                layout = self._packed(doc, floor, tuple(kept))
                if layout is not None:
                    layout = self._largest_packed(doc, steps[:-1], tuple(kept)) or layout
            if layout is None:
                problem = self._overflow_problem(doc, self._render(doc, floor, tuple(kept)))
                raise BoardError([problem])
        shown = {id(e) for e in kept}
        return layout, tuple(e for e in entries if id(e) not in shown)

    def _fit_flowing(self, doc: PrintDoc) -> _Layout:
        """An official notice: one sheet at the largest size that fits it (a short one
        renders once); a text too long for one sheet even at the smallest size flows
        onto numbered A4 pages at the standard size (三号), or at the largest size at
        which its widest table or image fits across. Only an element wider than the
        text block even at the smallest size cannot be printed."""
        steps = doc.typography.steps()
        first = self._render(doc, steps[0], ())
        if first.measure.fits_one_page:
            return first
        if first.measure.outside_mm:
            across = self._largest(doc, steps[1:], lambda m: not m.outside_mm, ())
            if across is None:
                raise BoardError([self._overflow_problem(doc, self._render(doc, steps[-1], ()))])
            steps = steps[steps.index(across.font_pt) :]
            first = across
            if first.measure.fits_one_page:
                return first
        if _clearly_longer_than_a_page(first, steps[-1]):
            return self._render(doc, steps[0], (), numbered=True)
        floor = self._render(doc, steps[-1], ()) if len(steps) > 1 else first
        if not floor.measure.fits_one_page:
            return self._render(doc, steps[0], (), numbered=True)
        return self._largest(doc, steps[1:-1], lambda m: m.fits_one_page, ()) or floor

    def _board_steps(self, doc: PrintDoc) -> list[float]:
        base = doc.typography.base_pt
        return [round(base * g, 2) for g in BOARD_GROWTH] + doc.typography.steps()

    def _largest(self, doc, steps, ok, entries) -> _Layout | None:
        """The render at the largest of `steps` (largest first) that `ok` accepts;
        fitting only gets easier as type shrinks, so a binary search does."""
        return _first_success(steps, lambda pt: _accepted(self._render(doc, pt, entries), ok))

    def _largest_packed(self, doc, steps, entries, guess: int | None = None) -> _Layout | None:
        def packed(font_pt: float) -> _Layout | None:
            return self._packed(doc, font_pt, entries)

        if guess is None:
            return _first_success(steps, packed)
        return _first_success_from(steps, packed, guess)

    def _packed(self, doc, font_pt: float, entries, cards: _Cards | None = None) -> _Layout | None:
        """The board with `entries` packed at `font_pt`, if they all fit on it."""
        if cards is None:
            cards = self._cards(doc, font_pt, entries)
        pack = masonry(cards.heights, cards.columns.count, cards.limit)
        if pack is None:
            return None
        layout = self._render(doc, font_pt, entries, pack=pack, col_w=cards.columns.width_mm)
        return layout if layout.measure.fits_one_page else None

    def _cards(self, doc: PrintDoc, font_pt: float, entries) -> _Cards:
        """Each card's height at `font_pt`, read from one render where every card
        stands in its own column on a very tall sheet."""
        count = self._card_count(doc, entries)
        margin = _board_margin_mm(doc.size)
        width = doc.size.width_mm - 2 * margin
        columns = columns_for(width, font_pt, max(count, 1), PACK_GAP_REM * font_pt * MM_PER_PT)
        html = self.measuring_html(doc, font_pt, entries, columns.width_mm)
        document = self._laid_out(html, doc)
        heights = [0.0] * count
        furniture = {"head": 0.0, "foot": 0.0}
        for page in document.pages:  # many cards run onto further measuring pages
            on_page = [0.0] * count
            for box in page_box(page).descendants():
                element = getattr(box, "element", None)
                if element is None or not hasattr(element, "get"):
                    continue
                height = box.margin_height() / PX_PER_MM
                if (card := element.get("data-card")) is not None:
                    on_page[int(card)] = max(on_page[int(card)], height)
                elif (part := element.get("data-measure")) is not None:
                    furniture[part] = max(furniture[part], height)
            heights = [a + b for a, b in zip(heights, on_page, strict=True)]
        limit = doc.size.height_mm - 2 * margin - sum(furniture.values())
        return _Cards(columns, heights, limit)

    def measuring_html(self, doc: PrintDoc, font_pt: float, entries, col_w: float = 0.0) -> str:
        """The document with every card (board item, column panel) in its own column: all
        that a packed board can show, in one page of HTML."""
        pack = [[i] for i in range(self._card_count(doc, entries))]
        return self.html(doc, font_pt, entries, pack=pack, col_w=col_w, measuring=True)

    def _card_count(self, doc: PrintDoc, entries) -> int:
        return len(entries) if doc.composition else len(self._sections(doc))

    # -- rendering ------------------------------------------------------------------

    def _render(
        self, doc: PrintDoc, font_pt: float, entries, numbered: bool = False, **packing
    ) -> _Layout:
        html = self.html(doc, font_pt, entries if doc.composition else (), numbered, **packing)
        document = self._laid_out(html, doc)
        return _Layout(html, document, measure(document), font_pt)

    def html(
        self,
        doc: PrintDoc,
        font_pt: float,
        entries=(),
        numbered: bool = False,
        *,
        pack=(),
        col_w: float = 0.0,
        measuring: bool = False,
    ) -> str:
        config = self.snapshot.config
        depth = doc.key.count("/") + 1
        root = "../" * depth

        def asset(path: str) -> str:
            return root + path

        def body(entry: Entry, closing: bool = True):
            text = entry.item.source.body
            if not closing:
                text = markup.without_closing(text)
            return markup.body_html(text, entry.item.source.src_uri, asset)

        def columns(items: int, chars: int = 24) -> int:
            """As many columns of about `chars` characters as the sheet holds."""
            width = doc.size.width_mm / (font_pt * MM_PER_PT * chars)
            return max(1, min(items, int(width)))

        def panels(entry: Entry):
            return [
                (h, markup.body_html(text, entry.item.source.src_uri, asset))
                for h, text in markup.sections(entry.item.source.body)
            ]

        return self.env.get_template(doc.layout).render(
            doc=doc,
            entry=doc.entry,
            entries=entries,
            snapshot=self.snapshot,
            config=config,
            font_pt=font_pt,
            numbered=numbered,
            css=self.css,
            fonts=self.fonts,
            margins=A4_MARGINS if doc.flows else f"{_board_margin_mm(doc.size):g}mm",
            asset=asset,
            body=body,
            panels=panels,
            pack=pack,
            col_w=col_w,
            measuring=measuring,
            qr=self._qr,
            page_url=self._page_url,
            issuer=config.community.name,
        )

    def _laid_out(self, html: str, doc: PrintDoc) -> Any:
        """WeasyPrint's layout (a `weasyprint.Document`) of `html`, print.css taken
        from the stylesheet parsed once rather than from the copy inlined in `html`."""
        # The HTML sits at print/<key>.html in the site, whose root mirrors content/,
        # so its relative asset links resolve inside content/ here. The root is a fixed
        # name that the fetcher maps to content/: WeasyPrint names each image in the PDF
        # after its URL, so the same project prints the same bytes in any folder.
        base = f"{CONTENT_ROOT_URL}print/{doc.key}.html"
        bare = html.replace(self._inline_css, "", 1)
        sheets = [self._stylesheet] if len(bare) < len(html) else []
        return HTML(string=bare, base_url=base, url_fetcher=self.fetcher).render(stylesheets=sheets)

    @staticmethod
    def _sections(doc: PrintDoc) -> list[tuple[str, str]]:
        """The panels of a one-item board (a column issue)."""
        return markup.sections(doc.entry.item.source.body) if doc.entry else []

    def _page_url(self, entry: Entry) -> str:
        return self.snapshot.config.site.url + entry.url

    def _qr(self, entry: Entry) -> str:
        """Each code drawn once: a board is rendered at several sizes, and segno takes
        milliseconds per code."""
        url = self._page_url(entry)
        if url not in self._codes:
            self._codes[url] = qr_data_uri(url)
        return self._codes[url]

    # -- messages -------------------------------------------------------------------

    def _overflow_problem(self, doc: PrintDoc, layout: _Layout) -> Problem:
        m = layout.measure
        size = doc.size.label or doc.size.css
        if m.outside_mm and (doc.flows or not m.overflow_mm):
            what_zh, what_en, fix_zh, fix_en = WIDE_ELEMENTS.get(m.outside_what, WIDE_TEXT)
            return problem(
                doc.source,
                f"《{doc.title}》里的{what_zh}比纸面宽，超出边缘 {m.outside_mm:g} 毫米。{fix_zh}",
                f"{what_en} in '{doc.title}' is wider than the sheet and reaches "
                f"{m.outside_mm:g} mm past its edge. {fix_en}",
                field=doc.field,
            )
        what = f"《{doc.title}》"
        return problem(
            doc.source,
            f"{what}在 {size} 上放不下：字号缩到 {layout.font_pt:g}pt（在此尺寸下能看清的最小字号）"
            f"仍超出约 {m.overflow_mm + m.outside_mm:g} 毫米。请删减文字、分成两期，或改用更大的尺寸。",
            f"{what} does not fit on {size}: at {layout.font_pt:g} pt, the smallest type "
            f"readable at this size, it still overflows by about "
            f"{m.overflow_mm + m.outside_mm:g} mm. Shorten the text, split it, or use a "
            "larger size.",
            field=doc.field,
        )

    def _packing_problem(
        self, doc: PrintDoc, cards: _Cards, floor: float, entries, first: int
    ) -> Problem:
        """The first card that cannot be placed at the floor size, and by how much."""
        if doc.composition:
            what = f"{doc.title}中的《{entries[first].title}》"
        else:
            heading = self._sections(doc)[first][0]
            what = f"《{doc.title}》" + (f"的“{heading}”一栏" if heading else "")
        over = max(
            cards.heights[first] - cards.limit,
            sum(cards.heights) / cards.columns.count - cards.limit,
            1.0,
        )
        size = doc.size.label or doc.size.css
        return problem(
            doc.source,
            f"{what}在 {size} 上放不下：字号缩到 {floor:g}pt（此尺寸下能看清的最小字号）"
            f"仍超出约 {over:.0f} 毫米。请删减文字、分成两期，或改用更大的尺寸。",
            f"{what} does not fit on {size}: at {floor:g} pt, the smallest type readable at "
            f"this size, it still overflows by about {over:.0f} mm. Shorten the text, split "
            "it, or use a larger size.",
            field=doc.field,
        )

    def _dropped_warning(self, doc: PrintDoc, dropped: tuple[Entry, ...]) -> Problem:
        names = "、".join(f"《{e.title}》" for e in dropped)
        return problem(
            doc.source,
            f"{doc.title}放不下全部当前内容，以下 {len(dropped)} 项未排入："
            f"{names}。请在网站或单独张贴。",
            f"{doc.title} cannot hold every current item; these {len(dropped)} were "
            f"left off: {names}. Post them separately.",
            field=doc.field,
            level="warning",
        )


CONTENT_ROOT = PurePosixPath("/board-content")
CONTENT_ROOT_URL = "file:///board-content/"


class ContentFetcher(URLFetcher):
    """Only data: URLs and files inside content/ (addressed under CONTENT_ROOT_URL): a
    print never reaches the network or a file outside the project. Each file asked for
    is recorded in `fetched` with the digest of its bytes (None when there is no such
    file), taken before it is read, so that the print is made again once it changes."""

    def __init__(self, content_dir: Path):
        super().__init__(allowed_protocols={"file", "data"})
        self.files = ContentFiles(content_dir)
        self.fetched: dict[str, str | None] = {}

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            url = self._content_file(url).as_uri()
        return super().fetch(url, headers)

    def _content_file(self, url: str) -> Path:
        path = PurePosixPath(unquote(urlparse(url).path))
        if not path.is_relative_to(CONTENT_ROOT):
            raise ValueError(f"not fetched while printing: {url}")
        relative = path.relative_to(CONTENT_ROOT).as_posix()
        self.fetched[relative] = self.files.digest(relative)
        file = self.files.path(relative)
        if file is None:
            raise ValueError(f"not fetched while printing: {url}")
        return file


def _clearly_longer_than_a_page(layout: _Layout, floor_pt: float) -> bool:
    """True when even the smallest type cannot bring the text onto one A4 page: its area
    shrinks with the square of the type size, so the floor render can be skipped."""
    block = A4_TEXT_BLOCK_MM
    shrunk = (block + layout.measure.overflow_mm) * (floor_pt / layout.font_pt) ** 2
    return shrunk > block * 1.15


def _board_margin_mm(size: PaperSize) -> float:
    return max(10.0, round(min(size.width_mm, size.height_mm) * 0.03, 1))


def _first_success(steps: list[float], attempt):
    """The result for the first of `steps` where `attempt` succeeds (returns a value),
    by binary search: success only gets likelier along `steps`. None for no steps."""
    results: dict[int, object] = {}

    def succeeded(index: int) -> bool:
        results[index] = attempt(steps[index])
        return results[index] is not None

    first = bisect.bisect_left(range(len(steps)), True, key=succeeded)
    if first == len(steps):
        return None
    return results[first] if first in results else attempt(steps[first])


def _first_success_from(steps: list[float], attempt, start: int):
    """`_first_success`, beginning at the index `start` (a guess): steps of 1, 1, 2, 4 …
    away from it until success turns to failure, then a binary search between. The same
    result, in two attempts when the guess is right and three when it is one off,
    instead of four or five."""
    results: dict[int, object] = {}

    def succeeded(index: int) -> bool:
        if index not in results:
            results[index] = attempt(steps[index])
        return results[index] is not None

    if not steps:
        return None
    start = min(max(start, 0), len(steps) - 1)
    gaps = itertools.chain((1, 1), (2**n for n in itertools.count(1)))
    if succeeded(start):  # the first success is at `start` or before it
        failed, found = start - next(gaps), start
        while failed >= 0 and succeeded(failed):
            found, failed = failed, failed - next(gaps)
        failed = max(failed, -1)
    else:  # after it, if anywhere
        failed, found = start, start + next(gaps)
        while found < len(steps) and not succeeded(found):
            failed, found = found, found + next(gaps)
        found = min(found, len(steps))
    between = range(failed + 1, found)
    first = failed + 1 + bisect.bisect_left(between, True, key=succeeded)
    return results[first] if first < len(steps) else None


def _packing_guess(
    size: PaperSize, steps: list[float], cards: _Cards, floor_pt: float, skipped: list[int]
) -> int:
    """The index in `steps` (largest first) of the largest size at which the cards
    measured at the floor size would still pack, their text grown with the type (height
    with its square, over the narrower columns) and so the header and footer."""
    heights = [h for i, h in enumerate(cards.heights) if i not in skipped]
    margin = _board_margin_mm(size)
    width, height = size.width_mm - 2 * margin, size.height_mm - 2 * margin
    furniture = height - cards.limit
    for index, font_pt in enumerate(steps):
        scale = font_pt / floor_pt
        columns = columns_for(
            width, font_pt, max(len(heights), 1), PACK_GAP_REM * font_pt * MM_PER_PT
        )
        widen = cards.columns.width_mm / columns.width_mm
        grown = [h * scale * scale * widen for h in heights]
        if masonry(grown, columns.count, height - furniture * scale) is not None:
            return index
    return len(steps) - 1


def _accepted(layout: _Layout, ok) -> _Layout | None:
    return layout if ok(layout.measure) else None


def _css_string(value: str) -> Markup:
    """A font name as a CSS string; the names come from site_config.yml."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return Markup(f'"{text}"')


def print_all(
    snapshot: Snapshot,
    content_dir: Path,
    docs: list[PrintDoc],
    tile: PaperSize | None,
    progress: Progress,
) -> list[Printed | list[Problem]]:
    """Each of `docs` printed (tiled onto `tile`, else its board's tile sheet), or the
    problems that keep it from printing, on every core."""
    workers = min(len(docs), cores())
    if workers > 1:
        return forked_map(
            _print_in_worker,
            [(doc, tile) for doc in docs],
            workers,
            _start_worker,
            (snapshot, content_dir),
            on_result=lambda done: progress.advance(done, len(docs)),
        )
    results: list[Printed | list[Problem]] = []
    with spared_from_collection():
        engine = PrintEngine(snapshot, content_dir)
        for doc in docs:
            results.append(_print_one(engine, doc, tile))
            progress.advance(len(results), len(docs))
    return results


# A WeasyPrint layout leaves its boxes, styles and fonts in reference cycles, some 50 MB
# for a large board, which only the cyclic collector frees, and it runs rarely once the
# heap is large: a printing process would grow by hundreds of megabytes. So the
# collector runs after each document, and what was there before printing began (the
# loaded project, in a worker the whole state inherited from the build) is left out of
# those collections (render/memory.py): each then looks only at what printing made, and
# a forked worker does not copy the pages it shares with the build by touching them.


def _print_one(engine: PrintEngine, doc: PrintDoc, tile: PaperSize | None):
    try:
        return engine.print_doc(doc, tile or doc.tile)
    except BoardError as exc:
        return exc.problems
    finally:
        gc.collect()


_worker_engine: PrintEngine | None = None


def _start_worker(snapshot: Snapshot, content_dir: Path) -> None:
    """A forked worker: it prints until it exits, so what it inherited stays frozen."""
    global _worker_engine
    gc.freeze()
    _worker_engine = PrintEngine(snapshot, content_dir)


def _print_in_worker(job: tuple[PrintDoc, PaperSize | None]):
    if _worker_engine is None:
        raise RuntimeError("the print worker was started without its engine")
    return _print_one(_worker_engine, *job)
