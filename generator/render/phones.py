"""Phone numbers in text become `tel:` links, so a resident on a phone taps to call."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

# A landline with its area code (0731-85123456, 0755 2788 1234, (0731)85123456), a mobile
# number (13823456789, 138 2345 6789) or a 400/800 service line. Digits around the match
# must not continue the number: an ID or account number is not a phone number.
PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"\(?0\d{2,3}\)?[-\s]?\d{3,4}[-\s]?\d{4}"
    r"|1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}"
    r"|[48]00[-\s]?\d{3}[-\s]?\d{4}"
    r")(?![0-9A-Za-z])"
)


def phone_links(text: object) -> Markup:
    """The text, escaped, with each phone number in it as a `tel:` link."""
    escaped = str(escape("" if text is None else text))

    def link(match: re.Match) -> str:
        return f'<a class="board-tel" href="{_tel(match.group(0))}">{match.group(0)}</a>'

    return Markup(PHONE.sub(link, escaped))


def _tel(number: str) -> str:
    """The `tel:` address of a number as written (0731-85123456 → tel:073185123456)."""
    return "tel:" + re.sub(r"\D", "", number)


class PhoneLinks(Treeprocessor):
    """Phone numbers in a body's text become tel: links (not inside links or code)."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            if parent.tag in _NO_LINKS:
                continue
            if parent.text and PHONE.search(parent.text):
                parent.text = _linked(parent, 0, parent.text)
            for child in list(parent):
                if child.tail and PHONE.search(child.tail):
                    child.tail = _linked(parent, list(parent).index(child) + 1, child.tail)


_NO_LINKS = {"a", "code", "pre", "kbd", "script", "style"}


def _linked(parent: etree.Element, at: int, text: str) -> str:
    """Insert a link for each number of `text` into `parent` at `at`; return what comes
    before the first one (the text that stays where `text` was)."""
    head, links = "", list[etree.Element]()
    last = 0
    for match in PHONE.finditer(text):
        link = etree.Element("a", {"href": _tel(match.group(0)), "class": "board-tel"})
        link.text = match.group(0)
        if not links:
            head = text[last : match.start()]
        else:
            links[-1].tail = text[last : match.start()]
        links.append(link)
        last = match.end()
    links[-1].tail = text[last:]
    for offset, link in enumerate(links):
        parent.insert(at + offset, link)
    return head


class PhoneLinksExtension(Extension):
    """For the website's bodies only: on paper a number stays plain text."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(PhoneLinks(md), "board_phone_links", 4)


def makeExtension(**kwargs) -> PhoneLinksExtension:  # noqa: N802 (Markdown's loader)
    return PhoneLinksExtension(**kwargs)
