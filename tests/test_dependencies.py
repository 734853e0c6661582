"""The few private APIs of dependencies the product relies on, each behind one adapter.
These tests fail loudly when an upgrade moves one, naming what to look at; the packages
are pinned below their next major release in pyproject.toml."""

from __future__ import annotations

import inspect
import json
import re
import tomllib
from pathlib import Path

import material
import pytest
from conftest import ROOT

THEME = Path(material.__file__).parent / "templates"
PINNED_BELOW_NEXT_MAJOR = {"mkdocs": "2", "mkdocs-material": "10", "weasyprint": "71", "pypdf": "8"}


def test_packages_with_private_apis_in_use_are_pinned_below_their_next_major():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = {re.split(r"[<>=!~ ]", spec)[0]: spec for spec in project["project"]["dependencies"]}
    for package, major in PINNED_BELOW_NEXT_MAJOR.items():
        assert f"<{major}" in pins[package], f"{package} must stay below {major}: {pins[package]}"


def test_weasyprint_page_box_still_measures_a_page():
    from weasyprint import HTML

    from generator.print.fit import measure, page_box

    document = HTML(string='<p style="height: 50mm">x</p>').render()
    box = page_box(document.pages[0])
    assert box.margin_top > 0 and list(box.descendants()), "WeasyPrint's Page._page_box moved"
    assert measure(document).fits_one_page


def test_pypdf_indirect_objects_still_work():
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, IndirectObject

    from generator.print.tiles import indirect

    writer = PdfWriter()
    reference = indirect(writer, DecodedStreamObject())
    assert isinstance(reference, IndirectObject), "pypdf's PdfWriter._add_object moved"


def test_material_still_indexes_pages_through_our_index():
    """Material hands every page to `search_index.add_entry_from_context`, and its browser
    worker takes a query as message type 2 (theme/overrides/assets/board/search.js ends
    the query's Chinese there). tests/test_search.py checks the worker's side in Chromium."""
    from material.plugins.search.plugin import SearchIndex, SearchPlugin

    from generator.site.search import BoardSearchIndex

    source = inspect.getsource(SearchPlugin.on_page_context)
    assert "self.search_index.add_entry_from_context(page)" in source, (
        "Material no longer indexes pages through SearchIndex.add_entry_from_context: "
        "see generator/site/search.py"
    )
    assert issubclass(BoardSearchIndex, SearchIndex)
    bundle = next(THEME.glob("assets/javascripts/bundle.*.min.js.map"))
    sources = "\n".join(json.loads(bundle.read_text(encoding="utf-8"))["sourcesContent"])
    assert re.search(r"enum SearchMessageType \{\s*SETUP,[^}]*READY,[^}]*QUERY,", sources), (
        "Material's search worker no longer takes a query as message type 2: "
        "see theme/overrides/assets/board/search.js"
    )


@pytest.mark.parametrize("name", ["content", "epoch"])
def test_mkdocs_livereload_still_injects_into_every_page(name):
    from mkdocs.livereload import LiveReloadServer

    hook = getattr(LiveReloadServer, "_inject_js_into_html", None)
    assert hook is not None, "MkDocs' LiveReloadServer._inject_js_into_html moved"
    assert name in inspect.signature(hook).parameters


def test_mkdocs_livereload_still_watches_through_its_observer(tmp_path):
    from generator.commands.serve import PreviewServer

    server = PreviewServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        watched = {emitter.watch.path for emitter in server.observer.emitters}
        assert watched == {str(tmp_path)}, "MkDocs' LiveReloadServer no longer uses .observer"
    finally:
        server.server_close()
