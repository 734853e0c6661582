"""Paper and board sizes: `A0`…`A5` or `WIDTHxHEIGHTmm`, optionally ` landscape`."""

from __future__ import annotations

import re
from dataclasses import dataclass

ISO_A = {
    "A0": (841, 1189),
    "A1": (594, 841),
    "A2": (420, 594),
    "A3": (297, 420),
    "A4": (210, 297),
    "A5": (148, 210),
}

_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)\s*[x×*]\s*(\d+(?:\.\d+)?)\s*mm$", re.I)


@dataclass(frozen=True)
class PaperSize:
    width_mm: float
    height_mm: float
    label: str

    @property
    def css(self) -> str:
        return f"{self.width_mm:g}mm {self.height_mm:g}mm"


def parse_size(value: object) -> PaperSize:
    """Read a size; raises ValueError with a bilingual message for anything else."""
    text = str(value).strip() if isinstance(value, str) else ""
    parts = text.split()
    landscape = len(parts) == 2 and parts[1].lower() == "landscape"
    if parts and (len(parts) == 1 or landscape):
        name = parts[0].upper()
        if name in ISO_A:
            w, h = ISO_A[name]
            return _oriented(w, h, landscape, text)
        match = _CUSTOM.match(parts[0])
        if match and float(match[1]) > 0 and float(match[2]) > 0:
            return _oriented(float(match[1]), float(match[2]), landscape, text)
    raise ValueError(
        f"无法识别的尺寸“{value}”。请写 A0～A5，或“宽x高mm”如 2400x1200mm，"
        "可加“ landscape”表示横向。|"
        f"cannot read the size '{value}'. Use A0…A5 or WIDTHxHEIGHTmm such as 2400x1200mm, "
        "optionally followed by ' landscape'."
    )


def _oriented(w: float, h: float, landscape: bool, label: str) -> PaperSize:
    if landscape and w < h:
        w, h = h, w
    return PaperSize(w, h, label)
