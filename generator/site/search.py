"""Site search residents can trust: one entry per item page, its title and its text only.

Material's search plugin writes `search/search_index.json`; its browser worker indexes
every field listed in the plugin's `fields` with lunr and shows `title` and `text`. The
worker has no Chinese word list: it splits a query's Chinese against the words the index
holds, and never looks a query's last character up on its own. So the index must hold
every word a resident might type, and no single Chinese character as a word (else "停水"
is looked up as "停", which finds 乱停乱放). Here, at build time, with jieba-rs (the
`rjieba` binding of jieba, about thirty times faster):
- `title` and `text` are the words residents read, split by jieba's precise mode into
  the shortest dictionary words (紧急 通知), single characters kept on the word before
  them (停水的, 白沙路);
- `title_words` and `text_words` (hidden) hold, once each, the other words jieba's full
  mode finds in them: 管网 in 供水管网, 停水 in 停水的, 紧急通知;
- the text is the page's body, a notice's applicants and an honors list's red cards, not
  the labels, dates and badges drawn around them;
- current and urgent items weigh more than expired or ended ones.
The words are separated by zero-width spaces, which lunr splits on; board/search.js takes
them out of the results a resident sees and copies, and mends the worker's last-character
lookup.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from html import escape, unescape

from lxml import etree
from material.plugins.search.plugin import SearchIndex

from ..content import lifecycle as life
from ..content.snapshot import (
    Entry,
    PublicAnnouncement,
    PublicHonors,
    PublicIssue,
    PublicNotice,
)

SEARCH_PLUGIN = "material/search"
# Where lunr splits words: spaces, the zero-width space between Chinese words, the mark
# board/search.js ends a query's Chinese with, "*" (the worker writes 文明* 家庭 for
# 文明家庭, then adds its own "*" to each word) and punctuation, Chinese and Latin (the
# same pattern in Python and in the browser).
SEARCH_SEPARATOR = (
    r"[\s\u200b\u303b*\-_,.:;!?=\[\](){}<>\"'`/|"
    r"，。、；：？！（）《》〈〉【】「」『』“”‘’·…—～]+"
)
# A word of the title counts far more than one of the text; a word found only inside or
# across the words shown (管网 in 供水管网, 文明单位 around 文明 单位) a tenth of that.
# An item's tags are words its editor chose for it: they count like the title's hidden
# words, and the results show them (Material's own weight for tags, a million, would put
# any tagged item above every title).
SEARCH_FIELDS = {
    "title": {"boost": 1000.0},
    "tags": {"boost": 100.0},
    "title_words": {"boost": 100.0},
    "text": {"boost": 1.0},
    "text_words": {"boost": 0.1},
}


def search_fields() -> dict:
    """The plugin's `fields` option (a copy: Material adds its own to it)."""
    return {name: dict(field) for name, field in SEARCH_FIELDS.items()}


# How much an item weighs in the results, by what it is now.
URGENT, CURRENT, PLAIN, PAST = 4.0, 2.0, 1.0, 0.5

_SEPARATOR = re.compile(f"({SEARCH_SEPARATOR})")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
ZWSP = "\u200b"


def search_boost(entry: Entry | None) -> float:
    """Urgent notices first, then what is on the board now, then free pages, then what
    has expired, ended or been replaced by a newer issue."""
    if isinstance(entry, PublicAnnouncement):
        if entry.state != life.CURRENT:
            return PAST
        return URGENT if entry.item.meta.urgent else CURRENT
    if isinstance(entry, PublicNotice):
        return PAST if entry.status.label == life.ENDED else CURRENT
    if isinstance(entry, PublicHonors | PublicIssue):
        return CURRENT if entry.current else PAST
    return PLAIN


class WrittenEntries(str):
    """A page's index entries as they stand in `search_index.json` (`written_entries`),
    kept from an earlier build with the page: added to the index as they are."""


def written_entries(entries: list[dict]) -> WrittenEntries:
    """Entries as JSON, separated by commas, as the index file holds them: a drawn page's
    entries are written once and kept in the page record (site/cache.py), so a build
    neither reads nor writes the entries of the thousands of pages it reuses."""
    return WrittenEntries(",".join(map(_compact_json, entries)))


def _compact_json(value: object) -> str:
    """Material's index JSON, in UTF-8 rather than with \\u escapes: Chinese takes half the
    bytes a resident's phone downloads."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, default=str)


class BoardSearchIndex(SearchIndex):
    """Material's index, with the board's entries (below) and pages' entries added as
    written before (`WrittenEntries`)."""

    def add_written(self, written: WrittenEntries) -> None:
        if written:
            self.entries.append(written)

    def generate_search_index(self, prev) -> str:
        """The index file Material writes (its `config`, then `docs`), entries as they
        were added. `prev` is Material's index of a `mkdocs serve --dirty` reload, which
        the board never runs."""
        config = {key: self.config[key] for key in ("lang", "separator", "pipeline", "fields")}
        docs = ",".join(
            e if isinstance(e, WrittenEntries) else _compact_json(e) for e in self.entries
        )
        return f'{{"config":{_compact_json(config)},"docs":[{docs}]}}'

    def add_entry_from_context(self, page) -> None:
        """One entry per board page (Material would index its labels and split it at
        headings); pages that are not the board's are left to Material."""
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        reader = read_page(page.content or "")
        if not reader.found:
            super().add_entry_from_context(page)
            return
        title = str(page.meta.get("title", page.title))
        entry = board_entry(
            page.url, title, reader.blocks, search.get("boost"), search.get("tags", [])
        )
        self.entries.append(entry)


def board_entry(
    url: str, title: str, blocks: list[str], boost: float | None, tags: Sequence[str] = ()
) -> dict:
    """The index entry of a page. `title` is HTML-escaped already (as page titles are);
    `blocks` are plain text, one per paragraph, so a result shows the paragraph that
    matched; `tags` are the item's tags, whose words count with the title's."""
    title_tokens, title_extra = segmented(unescape(title))
    tag_tokens = []
    for tag in tags:
        tokens, extra = segmented(tag)
        tag_tokens.append(tokens)
        title_extra += extra
    text_tokens: list[str] = []
    text_extra: list[str] = []
    paragraphs = []
    for block in blocks:
        tokens, extra = segmented(block)
        text_tokens.append(tokens)
        text_extra += extra
        paragraphs.append(f"<p>{escape(tokens, quote=False)}</p>")
    entry: dict = {
        "location": url,
        "title": escape(title_tokens, quote=False),
        "text": "".join(paragraphs),
    }
    entry["title_words"] = " ".join(_new(title_extra, _words_of(title_tokens)))
    entry["text_words"] = " ".join(_new(text_extra, _words_of(ZWSP.join(text_tokens))))
    if tags:
        # Split like the title: a tag as one token (垃圾分类) would make the worker look
        # the whole word up, and miss the pages that say 垃圾 分类.
        entry["tags"] = [escape(tokens, quote=False) for tokens in tag_tokens]
    if boost is not None and boost != PLAIN:
        entry["boost"] = boost
    return entry


def segmented(text: str) -> tuple[str, list[str]]:
    """`text` with zero-width spaces between its words, and the other words jieba's full
    mode finds in it. A single Chinese character never stands alone: it stays with the
    word before it (the one after, at the start of a run)."""
    parts = _SEPARATOR.split(text)
    extra: list[str] = []
    for n in range(0, len(parts), 2):  # even parts are runs without separators
        run = parts[n]
        if not _HAN.search(run):
            continue
        words = _jieba().cut(run)
        pieces = [part for word in words for part in _tiled(word)]
        parts[n] = ZWSP.join(_glued(pieces))
        extra += [w for w in _jieba().cut_all(run) + words if len(w) > 1 and not w.isascii()]
        # 5栋, 23日 are words as typed; 栋, 日 also begin the Chinese of "5栋停水".
        extra += [after for w, after in _pairs(pieces) if _single_han(after) and w.isascii()]
    return "".join(parts), extra


@functools.cache
def _jieba():
    """jieba-rs, loaded with its dictionary (a tenth of a second) only by a build that
    draws a page: a rebuild that reuses every page never needs it."""
    import rjieba

    return rjieba


@functools.cache
def _tiled(word: str) -> tuple[str, ...]:
    """A long word as the shorter words it is made of, when they make it up exactly
    (紧急通知 as 紧急 通知, so "紧急" is a word of the title, not the start of one)."""
    if len(word) < 4:
        return (word,)
    parts = {p for p in _jieba().cut_for_search(word) if 1 < len(p) < len(word)}
    ways: dict[int, list[str]] = {0: []}
    for end in range(2, len(word) + 1):
        for size in (2, 3):
            start = end - size
            if start in ways and word[start:end] in parts:
                ways[end] = ways[start] + [word[start:end]]
                break
    return tuple(ways.get(len(word), [word]))


def _glued(words: list[str]) -> list[str]:
    """Single Chinese characters joined to the word before them (or after, first)."""
    out: list[str] = []
    for word in words:
        if out and (_single_han(word) or (len(out) == 1 and _single_han(out[0]))):
            out[-1] += word
        else:
            out.append(word)
    return out


def _pairs(words: list[str]) -> list[tuple[str, str]]:
    return list(zip(words, words[1:], strict=False))


def _single_han(word: str) -> bool:
    return len(word) == 1 and bool(_HAN.match(word))


def _words_of(tokens: str) -> set[str]:
    return {w.lower() for w in re.split(SEARCH_SEPARATOR, tokens) if w}


def _new(words: list[str], known: set[str]) -> list[str]:
    """`words` not in `known`, each once, in order."""
    seen = set(known)
    out = []
    for word in words:
        if word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return out


# What a resident reads on an item page, by the classes the board's templates keep.
_BODY, _APPLICANTS, _CARD = "board-body", "board-applicants", "board-card"
_BLOCKS = {
    "p", "li", "tr", "dt", "dd", "pre", "blockquote", "figcaption", "caption", "div",
    "section", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
_CELLS = {"td", "th"}
_SKIP = {"script", "style", "template", "button", "svg"}
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip


def read_page(content: str) -> _Reader:
    """What `_Reader` finds in a page's content HTML, parsed by lxml (libxml2, in C:
    Python's html.parser took a fifth of the time a page took to draw)."""
    reader = _Reader()
    parser = etree.HTMLParser(target=reader)
    parser.feed(content)
    parser.close()
    return reader


class _Reader:
    """The paragraphs of an item's body, of its applicants table (a row each; the cells,
    not the column headings) and of its honors cards (a card each). A card that the
    reader's clock takes down (a black-list entry, shown for a limited time) is not
    indexed: the index would keep it findable by name after it is gone from the page.
    A parser target: lxml calls `start`, `end`, `data` and `close` as it reads."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, str]] = []  # (tag, what it contributes: "" | kind)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.found = False

    def start(self, tag: str, values: Mapping[str, str]) -> None:
        if tag in _VOID:
            if tag == "br":
                self.current.append(" ")
            return
        classes = (values.get("class") or "").split()
        role = ""
        if "data-search-exclude" in values or tag in _SKIP or "data-board-until" in values:
            role = "skip"
        elif _BODY in classes:
            role = "text"
        elif _CARD in classes:
            role = "card"
        elif _APPLICANTS in classes:
            role = "cells"
        elif tag in _CELLS and self._inside("cells") and tag == "td":
            role = "text"
        self.found = self.found or role in ("text", "card", "cells")
        if tag in _BLOCKS or tag in _CELLS:
            self._flush(tag in _CELLS or self._inside("card"))
        self.stack.append((tag, role))

    def end(self, tag: str) -> None:
        if not any(open_tag == tag for open_tag, _ in self.stack):
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in _BLOCKS:
            self._flush(self._inside("card"))

    def data(self, data: str) -> None:
        if self._reading():
            self.current.append(data)

    def _inside(self, role: str) -> bool:
        return any(r == role for _, r in self.stack)

    def _reading(self) -> bool:
        """Inside text to index and not inside anything to skip."""
        roles = [r for _, r in self.stack if r]
        return "skip" not in roles and bool(roles) and roles[-1] in ("text", "card")

    def _flush(self, within: bool = False) -> None:
        """End the current paragraph; a table cell, or a part of a card, only adds a
        space (a card is one paragraph: name, kind and reason)."""
        if within:
            self.current.append(" ")
            return
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def close(self) -> _Reader:
        self._flush()
        return self


def use_board_index(config) -> None:
    """Swap the search plugin's index for ours (call after the plugin's on_config)."""
    search = config.plugins.get(SEARCH_PLUGIN)
    if search is not None:
        search.search_index = BoardSearchIndex(**search.config)
