"""Packing cards (board items, column panels) into the columns of a board: each card
goes to the shortest column so far, so the most urgent items line the top row."""

from __future__ import annotations

from dataclasses import dataclass

CHARS_PER_LINE = 32  # a line of Chinese on a board: short enough to read, wide enough for tables


@dataclass(frozen=True)
class Columns:
    count: int
    width_mm: float


def columns_for(content_width_mm: float, font_pt: float, items: int, gap_mm: float) -> Columns:
    """As many columns of about CHARS_PER_LINE characters as fit, never more than items."""
    line_mm = font_pt * 25.4 / 72 * CHARS_PER_LINE
    count = max(1, min(items, int((content_width_mm + gap_mm) / (line_mm + gap_mm))))
    return Columns(count, (content_width_mm - gap_mm * (count - 1)) / count)


def masonry(heights: list[float], count: int, limit: float) -> list[list[int]] | None:
    """Card indices per column, in order; None when a card would pass `limit`."""
    columns, skipped = fill(heights, count, limit)
    return None if skipped else columns


def fill(heights: list[float], count: int, limit: float) -> tuple[list[list[int]], list[int]]:
    """Place cards in order, each in the shortest column; a card that fits nowhere is
    skipped and the next ones still get their chance. Returns (columns, skipped)."""
    columns: list[list[int]] = [[] for _ in range(count)]
    used = [0.0] * count
    skipped = []
    for index, height in enumerate(heights):
        shortest = min(range(count), key=lambda c: (used[c], c))
        if used[shortest] + height > limit:
            skipped.append(index)
            continue
        columns[shortest].append(index)
        used[shortest] += height
    return columns, skipped
