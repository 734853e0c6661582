"""HTML from Markdown bodies, cleaned with nh3: keep what Word/WPS pastes that is safe
(tables, spans, line breaks, images), drop scripts, handlers and dangerous URLs."""

from __future__ import annotations

import nh3

TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "center",
    "font",
}
GLOBAL = {"class", "id", "title", "lang", "dir", "align"}
ATTRIBUTES = {
    "*": GLOBAL,
    "a": GLOBAL | {"href", "name"},
    "img": GLOBAL | {"src", "alt", "width", "height", "loading"},
    "td": GLOBAL | {"colspan", "rowspan", "valign", "width", "data-label"},  # render/tables.py
    "th": GLOBAL | {"colspan", "rowspan", "valign", "width", "scope"},
    "col": GLOBAL | {"span", "width"},
    "colgroup": GLOBAL | {"span"},
    "ol": GLOBAL | {"start", "type"},
    "table": GLOBAL | {"border", "summary"},
    "details": GLOBAL | {"open"},
    "font": GLOBAL | {"color"},
}


def _keep_url(element: str, attribute: str, value: str) -> str | None:
    """Images come from the site itself (or are data: images): a page never loads anything
    from another host. Nothing may be javascript: or another data: URL."""
    lowered = "".join(value.split()).lower()
    if lowered.startswith(("javascript:", "vbscript:")):
        return None
    if element == "img" and attribute == "src" and lowered.startswith(("http:", "https:", "//")):
        return None
    if lowered.startswith("data:"):
        image = element == "img" and attribute == "src" and lowered.startswith("data:image/")
        return value if image and not lowered.startswith("data:image/svg") else None
    return value


def clean_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel", "data"},
        attribute_filter=_keep_url,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
