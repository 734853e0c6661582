"""QR codes to an item's page online, as SVG so they stay sharp at any print size."""

from __future__ import annotations

import segno


def qr_data_uri(url: str) -> str:
    # Level M survives a scuffed or sun-bleached sheet; the 4-module quiet zone is the
    # standard's minimum for phone cameras.
    return segno.make(url, error="m", micro=False).svg_data_uri(border=4, dark="#000")
