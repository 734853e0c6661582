"""Printing many documents in one process: each layout's garbage is freed after its
document, print.css is parsed once per engine, the PDF is what the published HTML gives
on its own, and a board's type size is found from a guess in fewer layouts, the same."""

from __future__ import annotations

import gc
import io

import pytest
import weasyprint.css
from conftest import DEMO_TODAY, ROOT
from pypdf import PdfReader
from weasyprint import HTML

from generator.content.loader import load_snapshot
from generator.print import engine as print_engine
from generator.print.documents import PrintDoc, current_documents
from generator.print.engine import CONTENT_ROOT_URL, PrintEngine, print_all
from generator.render.progress import Progress


@pytest.fixture(scope="module")
def demo():
    snapshot = load_snapshot(ROOT, DEMO_TODAY).snapshot
    return snapshot, current_documents(snapshot)


def first(docs: list[PrintDoc], layout: str) -> PrintDoc:
    """The first document of `layout`; for a composition, the first one that is tiled."""
    return next(d for d in docs if d.layout == layout and (layout != "board.html" or d.tile))


class Garbage(Progress):
    """After each document: how many unreachable objects the collector finds then."""

    def __init__(self) -> None:
        self.left: list[int] = []

    def advance(self, done: int, total: int) -> None:
        self.left.append(gc.collect())


def test_printing_in_one_process_frees_each_documents_layouts(demo, monkeypatch):
    snapshot, docs = demo
    monkeypatch.setattr(print_engine, "cores", lambda: 1)
    flowing = [d for d in docs if d.flows][:6]
    boards = [d for d in docs if d.layout == "issue.html"][:1]
    progress = Garbage()
    results = print_all(snapshot, ROOT / "content", flowing + boards, None, progress)
    assert all(not isinstance(r, list) for r in results)
    # Each layout leaves thousands of objects in reference cycles (an issue, rendered
    # several times while it is fitted, some 15 000); none of them outlive the document.
    assert len(progress.left) == len(results)
    assert max(progress.left) < 100, progress.left


def test_printing_in_this_process_leaves_the_collector_as_it_was(demo, monkeypatch):
    snapshot, docs = demo
    monkeypatch.setattr(print_engine, "cores", lambda: 1)
    one = [d for d in docs if d.flows][:1]
    refreeze = bool(gc.get_freeze_count())  # an earlier build in this process froze its load
    gc.unfreeze()
    try:
        print_all(snapshot, ROOT / "content", one, None, Progress())  # as `board print`
        assert gc.get_freeze_count() == 0

        gc.freeze()  # as a build, which froze the project it loaded: that stays frozen
        frozen = gc.get_freeze_count()
        print_all(snapshot, ROOT / "content", one, None, Progress())
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        if refreeze:
            gc.freeze()


def test_print_css_is_parsed_once_per_engine(demo, monkeypatch):
    snapshot, docs = demo
    engine = PrintEngine(snapshot, ROOT / "content")
    parsed: list[str] = []
    original = weasyprint.css.CSS

    def recording(*args, **kwargs):
        parsed.append(kwargs.get("string") or "")
        return original(*args, **kwargs)

    monkeypatch.setattr(weasyprint.css, "CSS", recording)
    board = first(docs, "board.html")
    printed = engine.print_doc(board, board.tile)
    assert printed.tiled
    assert parsed, "the document's own <style> is still parsed with each render"
    assert not [css for css in parsed if engine.css.strip() in css]


def pdf_pages(pdf: bytes) -> list[tuple[float, float, str]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1), p.extract_text())
        for p in reader.pages
    ]


@pytest.mark.parametrize(
    "layout", ["announcement.html", "notice.html", "honors.html", "issue.html", "board.html"]
)
def test_the_pdf_is_what_the_published_html_prints_on_its_own(demo, layout):
    """The HTML in site/print/ carries print.css inline; laid out alone it gives the PDF
    that the engine made from the stylesheet it parsed once."""
    snapshot, docs = demo
    engine = PrintEngine(snapshot, ROOT / "content")
    doc = first(docs, layout)
    printed = engine.print_doc(doc)
    assert f"<style>{engine.css}</style>" in printed.html
    alone = HTML(
        string=printed.html,
        base_url=f"{CONTENT_ROOT_URL}print/{doc.key}.html",
        url_fetcher=engine.fetcher,
    ).write_pdf()
    assert pdf_pages(printed.pdf) == pdf_pages(alone)
    assert printed.pdf == alone


def test_a_search_from_a_guess_finds_what_the_binary_search_finds():
    """Every number of sizes, every place success can begin along them (or none), every
    guess: the same result as the plain binary search, each size tried once at most."""
    for length in range(15):
        steps = [float(n) for n in range(length)]
        for begins in range(length + 1):
            for guess in range(-1, length + 1):
                expected = print_engine._first_success(steps, Attempts(begins))
                attempts = Attempts(begins)
                found = print_engine._first_success_from(steps, attempts, guess)
                assert found == expected, (length, begins, guess)
                assert len(attempts.tried) == len(set(attempts.tried))
                if 0 <= guess < length and abs(guess - begins) <= 1:
                    assert len(attempts.tried) <= 3  # a right guess, or one off


class Attempts:
    """Success from the size `begins` on; the sizes tried."""

    def __init__(self, begins: int) -> None:
        self.begins, self.tried = begins, []

    def __call__(self, step: float) -> str | None:
        self.tried.append(step)
        return f"at {step}" if step >= self.begins else None
