"""The few private APIs of dependencies the product relies on, each behind one adapter.
These tests fail loudly when an upgrade moves one, naming what to look at; the packages
are pinned below their next major release in pyproject.toml."""

from __future__ import annotations

import inspect
import re
import tomllib

import pytest
from conftest import ROOT

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


def test_material_still_segments_chinese_through_our_index():
    """Material calls `_segment_chinese` for every entry; ours splits with rjieba."""
    from material.plugins.search.plugin import SearchIndex

    from generator.site.search import BoardSearchIndex

    assert "_segment_chinese" in inspect.getsource(SearchIndex), (
        "Material no longer calls SearchIndex._segment_chinese: see generator/site/search.py"
    )
    index = BoardSearchIndex(
        lang=["zh"], separator=r"[\s]+", pipeline=[], jieba_dict=None, jieba_dict_user=None
    )
    import rjieba

    assert index._segment_chinese("停水通知") == "\u200b".join(rjieba.cut("停水通知"))


@pytest.mark.parametrize("name", ["content", "epoch"])
def test_mkdocs_livereload_still_injects_into_every_page(name):
    from mkdocs.livereload import LiveReloadServer

    hook = getattr(LiveReloadServer, "_inject_js_into_html", None)
    assert hook is not None, "MkDocs' LiveReloadServer._inject_js_into_html moved"
    assert name in inspect.signature(hook).parameters
