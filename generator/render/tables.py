"""Tables in Markdown bodies that a phone can show as cards: each body cell carries its
column's heading (`data-label`), so on a narrow screen every row becomes a card whose cells
are labelled, instead of a table wider than the screen. Part of the site's Markdown dialect
(render/markdown.py); print reads the same HTML and ignores the labels."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

TABLE_CLASS = "board-table"  # labelled tables; the site's stylesheet stacks them on phones


class TableLabels(Treeprocessor):
    """Labels the cells of every table whose head names its columns."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            labels = _head_labels(table)
            if not any(labels):
                continue
            table.set("class", " ".join(filter(None, [table.get("class"), TABLE_CLASS])))
            for row in table.iterfind("tbody/tr"):
                for label, cell in zip(labels, row, strict=False):
                    if label:
                        cell.set("data-label", label)


def _head_labels(table: etree.Element) -> list[str]:
    """The plain text of each heading cell in the table's first head row."""
    row = table.find("thead/tr")
    if row is None:
        return []
    texts = (HTML_PLACEHOLDER_RE.sub(" ", "".join(cell.itertext())) for cell in row)
    return [" ".join(text.split()) for text in texts]


class TableLabelsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Markdown's API)
        # After the inline patterns (priority 20), so a heading's text is final.
        md.treeprocessors.register(TableLabels(md), "board_table_labels", 5)


def makeExtension(**kwargs) -> TableLabelsExtension:  # noqa: N802 (Markdown's loader)
    return TableLabelsExtension(**kwargs)
