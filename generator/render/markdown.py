"""The site's Markdown dialect, shared by the web pages and the printed sheets, so a body
reads the same on screen and on paper."""

from __future__ import annotations

import copy
from typing import Any

import markdown

# Nested lists indented by 2 spaces work as editors expect (CONTENT-SPEC).
MARKDOWN_EXTENSIONS: list[Any] = [
    "tables",
    "attr_list",
    "md_in_html",
    "admonition",
    "footnotes",
    "def_list",
    {"toc": {"permalink": False}},
    {"mdx_truly_sane_lists": {"nested_indent": 2, "truly_sane": True}},
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.tilde",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.betterem",
    "generator.render.tables",  # cells labelled with their column, for phones
]


# The website's additions: a phone number a resident taps to call.
WEB_EXTENSIONS: list[Any] = ["generator.render.phones"]


def markdown_extensions(web: bool = False) -> list[Any]:
    """A fresh copy (MkDocs mutates the list it is given); `web` adds the website's
    extensions to the dialect paper shares."""
    return copy.deepcopy(MARKDOWN_EXTENSIONS + (WEB_EXTENSIONS if web else []))


def converter() -> markdown.Markdown:
    """A Markdown instance speaking the dialect, for text outside MkDocs (print)."""
    names, configs = [], {}
    for extension in markdown_extensions():
        if isinstance(extension, dict):
            ((name, options),) = extension.items()
            names.append(name)
            configs[name] = options
        else:
            names.append(extension)
    return markdown.Markdown(extensions=names, extension_configs=configs)
