"""Cutting a board into office-printer sheets: the grid (pure geometry) and the PDF
that places the board's own vector page behind each sheet's marks."""

from __future__ import annotations

import io
import math
import string
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
)

from ..content.sizes import PaperSize

OVERLAP_MM = 10.0  # each sheet repeats this much of its right and lower neighbours
MARGIN_MM = 12.0  # unprinted edge of office printers, used for marks and labels
PT_PER_MM = 72 / 25.4


@dataclass(frozen=True)
class Tile:
    row: int
    col: int
    x: float  # the part of the board this sheet shows, in mm from the board's top left
    y: float
    width: float
    height: float

    @property
    def label(self) -> str:
        return f"{row_letter(self.row)}{self.col + 1}"


@dataclass(frozen=True)
class TileGrid:
    board: PaperSize
    sheet: PaperSize  # oriented the way that needs fewer sheets
    rows: int
    cols: int
    tiles: tuple[Tile, ...]

    @property
    def image_width(self) -> float:
        return self.sheet.width_mm - 2 * MARGIN_MM

    @property
    def image_height(self) -> float:
        return self.sheet.height_mm - 2 * MARGIN_MM


def row_letter(row: int) -> str:
    letters = string.ascii_uppercase
    return letters[row] if row < 26 else letters[row // 26 - 1] + letters[row % 26]


def tile_grid(board: PaperSize, sheet: PaperSize) -> TileGrid:
    """The fewest sheets of `sheet` (either way round) that cover `board` with
    OVERLAP_MM between neighbours."""
    options = [
        _grid(board, sheet),
        _grid(board, PaperSize(sheet.height_mm, sheet.width_mm, sheet.label + " landscape")),
    ]
    return min(options, key=lambda g: (g.rows * g.cols, g.rows))


def _grid(board: PaperSize, sheet: PaperSize) -> TileGrid:
    image_w = sheet.width_mm - 2 * MARGIN_MM
    image_h = sheet.height_mm - 2 * MARGIN_MM
    cols = _count(board.width_mm, image_w)
    rows = _count(board.height_mm, image_h)
    tiles = tuple(
        Tile(
            r,
            c,
            c * (image_w - OVERLAP_MM),
            r * (image_h - OVERLAP_MM),
            min(image_w, board.width_mm - c * (image_w - OVERLAP_MM)),
            min(image_h, board.height_mm - r * (image_h - OVERLAP_MM)),
        )
        for r in range(rows)
        for c in range(cols)
    )
    return TileGrid(board, sheet, rows, cols, tiles)


def _count(length: float, image: float) -> int:
    if length <= image:
        return 1
    return math.ceil((length - OVERLAP_MM) / (image - OVERLAP_MM) - 1e-9)


def map_placement(grid: TileGrid, area_w: float, area_h: float) -> float:
    """Scale of the board's miniature on the assembly map."""
    return min(area_w / grid.board.width_mm, area_h / grid.board.height_mm)


def assemble(
    board_pdf: bytes, overlay_pdf: bytes, grid: TileGrid, map_box: tuple[float, float, float]
) -> bytes:
    """The tiled PDF: page 1 is the assembly map with the board in miniature at
    `map_box` (x, y from the top left in mm, scale); then one sheet per tile, each
    showing its part of the board, clipped to its image area, under the overlay's marks.
    The board is embedded once as a form and drawn by reference on every sheet."""
    board_page = PdfReader(io.BytesIO(board_pdf)).pages[0]
    writer = PdfWriter(clone_from=io.BytesIO(overlay_pdf))
    form = DecodedStreamObject()
    contents = board_page.get_contents()
    if contents is None:
        raise ValueError("the board's PDF page has no content to tile")
    form.set_data(contents.get_data())
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(FloatObject(v) for v in board_page.mediabox),
            NameObject("/Resources"): board_page["/Resources"].clone(writer),
        }
    )
    form_ref = indirect(writer, form)
    board_h = grid.board.height_mm
    sheet_h = grid.sheet.height_mm
    x, y, scale = map_box
    pages = list(writer.pages)
    _draw(
        writer,
        pages[0],
        form_ref,
        _cm(scale, x, sheet_h - y - board_h * scale),
        (x, sheet_h - y - board_h * scale, grid.board.width_mm * scale, board_h * scale),
    )
    for page, tile in zip(pages[1:], grid.tiles, strict=True):
        left = MARGIN_MM
        bottom = sheet_h - MARGIN_MM - tile.height
        # The board's point (tile.x, tile.y) from its top left lands on the image
        # area's top left corner.
        _draw(
            writer,
            page,
            form_ref,
            _cm(1, left - tile.x, sheet_h - MARGIN_MM - board_h + tile.y),
            (left, bottom, tile.width, tile.height),
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def indirect(writer: PdfWriter, value):
    """`value` added to the PDF as an indirect object (content streams and forms must be).
    pypdf keeps this private (`_add_object`); it is pinned below its next major and
    tests/test_dependencies.py fails on a change."""
    return writer._add_object(value)


def _cm(scale: float, dx_mm: float, dy_mm: float) -> str:
    return f"{scale:.6f} 0 0 {scale:.6f} {dx_mm * PT_PER_MM:.3f} {dy_mm * PT_PER_MM:.3f} cm"


def _draw(
    writer: PdfWriter, page, form_ref, matrix: str, clip_mm: tuple[float, float, float, float]
) -> None:
    """Draw the board form under the page's own content, clipped to `clip_mm`."""
    x, y, w, h = (v * PT_PER_MM for v in clip_mm)
    resources = page["/Resources"].get_object()
    if "/XObject" not in resources:
        resources[NameObject("/XObject")] = DictionaryObject()
    resources["/XObject"].get_object()[NameObject("/BoardArt")] = form_ref
    stream = DecodedStreamObject()
    stream.set_data(f"q {x:.3f} {y:.3f} {w:.3f} {h:.3f} re W n {matrix} /BoardArt Do Q\n".encode())
    contents = page.get("/Contents")
    existing = contents.get_object() if contents is not None else None
    refs = (
        list(existing)
        if isinstance(existing, ArrayObject)
        else ([contents] if contents is not None else [])
    )
    page[NameObject("/Contents")] = ArrayObject([indirect(writer, stream), *refs])
