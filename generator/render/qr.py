"""QR codes to a page of the site, as SVG so they stay sharp at any size: on paper (print)
and on a lobby TV (screen mode)."""

from __future__ import annotations

import segno
from markupsafe import Markup


def _code(url: str) -> segno.QRCode:
    # Level M survives a scuffed or sun-bleached sheet and a TV's glare; never a Micro QR,
    # which many phone cameras do not read.
    return segno.make(url, error="m", micro=False)


def qr_data_uri(url: str) -> str:
    """For an <img> in a print template. The 4-module quiet zone is the standard's minimum
    for phone cameras."""
    return _code(url).svg_data_uri(border=4, dark="#000")


def qr_svg(url: str) -> Markup:
    """Inline SVG for a web page: scales with its box (no width or height of its own) and
    draws its own white quiet zone, so it scans on any background. The site keeps the
    codes it drew between builds (site/cache.py, PageCache.qr_svg)."""
    svg = _code(url).svg_inline(
        border=4, dark="#000", light="#fff", omitsize=True, svgclass="board-qr", lineclass=None
    )
    return Markup(svg)
