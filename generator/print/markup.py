"""Markdown bodies as print HTML: the site's Markdown dialect, sanitised the same way,
with images pointing at files WeasyPrint can open."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from markupsafe import Markup

from ..render.markdown import converter
from ..render.sanitize import clean_html

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")')
_SECTION = re.compile(r"^##(?!#)\s*(.*?)\s*#*\s*$", re.M)


def body_html(text: str, src_uri: str, asset: Callable[[str], str]) -> Markup:
    """HTML of a (masked) Markdown body; relative image paths are resolved against the
    file's folder in content/ and handed to `asset` for the URL to use."""
    html = clean_html(converter().convert(text))
    base = posixpath.dirname(src_uri)

    def resolve(match: re.Match) -> str:
        src = match[2]
        if ":" in src.split("/")[0] or src.startswith(("/", "#")):
            return match[0]
        path = posixpath.normpath(posixpath.join(base, src.replace("&amp;", "&")))
        return f"{match[1]}{asset(path)}{match[3]}"

    return Markup(_IMG_SRC.sub(resolve, html))


def sections(text: str) -> list[tuple[str, str]]:
    """A column issue's `##` sections, each one panel of the board: [(heading, body)].
    Text before the first `##` becomes a panel without a heading."""
    parts = _SECTION.split(text)
    panels = [("", parts[0])] if parts[0].strip() else []
    panels += [(parts[i], parts[i + 1]) for i in range(1, len(parts), 2)]
    return panels


_CLOSING = re.compile(r"\n*^[ \t]*特此公示[。.!！]?[ \t]*\Z", re.M)


def without_closing(text: str) -> str:
    """The body without a final 特此公示 line: the printed notice sets it last, after the
    applicants and the 公示期."""
    return _CLOSING.sub("", text.rstrip())
