"""The print fonts must exist and cover Chinese: otherwise the renderer would quietly
fall back to another font or draw empty boxes."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache

from ..content.config import Fonts
from ..errors import BoardError, problem

INSTALL_HINT_ZH = "安装 Noto CJK 字体（Debian：apt-get install fonts-noto-cjk，或运行 make site）"
INSTALL_HINT_EN = (
    "install the Noto CJK fonts (Debian: apt-get install fonts-noto-cjk, or run make site)"
)


@cache
def chinese_families() -> frozenset[str]:
    """Every installed font family that has Chinese glyphs, as fontconfig names them."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise BoardError(
            [
                problem(
                    "site_config.yml",
                    f"找不到 fc-list（fontconfig），无法确认打印字体。请{INSTALL_HINT_ZH}，"
                    "并安装 fontconfig。",
                    f"fc-list (fontconfig) is missing, so the print fonts cannot be checked: "
                    f"{INSTALL_HINT_EN}, and fontconfig.",
                    field="print.fonts",
                )
            ]
        )
    listed = subprocess.run(
        [fc_list, ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(
        name.strip() for line in listed.splitlines() for name in line.split(",") if name.strip()
    )


# The body face of an official notice (GB/T 9704 asks for 仿宋), in order of preference.
BODY_FACES = (
    "FangSong",
    "仿宋",
    "FangSong_GB2312",
    "仿宋_GB2312",
    "STFangsong",
    "华文仿宋",
    "Noto Serif CJK SC",
)


def print_fonts(fonts: Fonts) -> Fonts:
    """The fonts to print with: a body face not chosen in site_config.yml is the first
    仿宋 installed, else Noto Serif CJK SC. Checked to be installed and to cover Chinese."""
    if fonts.body is None:
        families = chinese_families()
        body = next((face for face in BODY_FACES if face in families), BODY_FACES[-1])
        fonts = fonts.model_copy(update={"body": body})
    check_fonts(fonts)
    return fonts


def check_fonts(fonts: Fonts) -> None:
    families = chinese_families()
    problems = []
    for role, label in (("heading", "标题"), ("body", "正文")):
        name = getattr(fonts, role)
        if name not in families:
            known = "、".join(sorted(families)[:6]) or "（没有）"
            problems.append(
                problem(
                    "site_config.yml",
                    f"{label}字体“{name}”没有安装或不含中文字形，打印会缺字。请{INSTALL_HINT_ZH}，"
                    f"或改用已安装的中文字体：{known}。",
                    f"the {role} font '{name}' is not installed or has no Chinese glyphs, so "
                    f"prints would show missing characters: {INSTALL_HINT_EN}, or use an "
                    f"installed Chinese font: {', '.join(sorted(families)[:6]) or '(none)'}.",
                    field=f"print.fonts.{role}",
                )
            )
    if problems:
        raise BoardError(problems)
