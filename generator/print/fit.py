"""Measuring a rendered document: does it fit its sheet, and by how much does it not.

WeasyPrint breaks flowing content onto further pages and lets boxes it cannot break
(a grid cell, an image) run past the page edge; both are found from the rendered pages
and their boxes, never guessed from character counts."""

from __future__ import annotations

from dataclasses import dataclass

PX_PER_MM = 96 / 25.4
TOLERANCE_PX = 0.5


@dataclass(frozen=True)
class Measure:
    pages: int
    overflow_mm: float  # content that did not fit on the first page, in mm of height
    outside_mm: float  # how far any box reaches past the page edges
    outside_what: str = ""  # the element that reaches furthest out: table, img …

    @property
    def fits_one_page(self) -> bool:
        return self.pages == 1 and self.overflow_mm == 0 and self.outside_mm == 0


def page_box(page):
    """The laid-out box tree of a rendered page. WeasyPrint keeps it private
    (`Page._page_box`), yet it is the only way to measure what was laid out; the package
    is pinned below its next major and tests/test_dependencies.py fails on a change."""
    return page._page_box


def measure(document) -> Measure:
    first = document.pages[0]
    bottom = first.height - page_box(first).margin_bottom
    overflow = 0.0
    outside = 0.0
    outside_what = ""
    for number, page in enumerate(document.pages):
        top = page_box(page).margin_top
        lowest = top
        for box, fixed, wide in _walk(page_box(page)):
            right = box.position_x + box.margin_width()
            low = box.position_y + box.margin_height()
            reach = max(right - page.width, low - page.height, -box.position_x, -box.position_y)
            if reach > outside:
                outside, outside_what = reach, wide
            if fixed:
                continue
            lowest = max(lowest, low)
        overflow += (lowest - top) if number else max(0.0, lowest - bottom)
    return Measure(
        len(document.pages),
        _mm(overflow),
        _mm(max(0.0, outside - TOLERANCE_PX)),
        outside_what,
    )


_WIDE = ("table", "img", "pre")  # what makes a box too wide, named in the message


def _mm(px: float) -> float:
    return round(px / PX_PER_MM, 1) if px > TOLERANCE_PX else 0.0


def _walk(box, fixed: bool = False, wide: str = "text"):
    """Every box on a page with whether it sits outside the page's flow (in a fixed box
    or a page-margin box: page numbers, the QR code; those may not push content over
    but must still stay on the sheet) and the table or image it belongs to, if any."""
    for child in getattr(box, "children", ()):
        style = getattr(child, "style", None)
        inside_fixed = (
            fixed
            or type(child).__name__ == "MarginBox"
            or (style is not None and style["position"] == "fixed")
        )
        tag = getattr(child, "element_tag", "")
        inside = tag if wide == "text" and tag in _WIDE else wide
        yield child, inside_fixed, inside
        yield from _walk(child, inside_fixed, inside)
