"""Forms from the content schema, and the way back from a posted form to a file's data."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from generator.content.kinds import ANNOUNCEMENT, HONORS, KINDS, NOTICE
from generator.content.loader import read_project
from generator.editor.forms import data_from_form, form_fields, form_values
from generator.editor.guide import help_for


@pytest.fixture(scope="module")
def config():
    project, _, _ = read_project(Path(ROOT))
    return project.config


def _walk(fields, prefix=""):
    for f in fields:
        name = f"{prefix}.{f.name}" if prefix else f.name
        yield name, f
        if f.widget != "period":
            yield from _walk(f.children, name)


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_field_has_the_guides_words_beside_it(kind, config):
    missing = [name for name, _ in _walk(form_fields(kind, config)) if not help_for(kind, name)]
    assert missing == []


def test_the_form_offers_what_site_config_allows(config):
    fields = {f.name: f for f in form_fields(ANNOUNCEMENT, config)}
    assert fields["category"].widget == "select"
    assert fields["category"].choices == tuple(config.categories)
    assert fields["date"].widget == "when" and fields["pinned"].widget == "flag"
    honors = {f.name: f for f in form_fields(HONORS, config)}
    black = {f.name: f for f in honors["black"].children}
    assert honors["black"].widget == "rows"
    assert black["status"].choices == ("待整改", "已整改")
    assert black["date"].widget == "date"


def test_a_posted_notice_becomes_the_data_a_person_writes(config):
    posted = {
        "title": "2026年度文明家庭推荐公示",
        "kind": "文明家庭",
        "issued": "2026-11-17",
        "period.start": "2026年11月18日",
        "period.workdays": "5",
        "period.days": "7",  # typed, then the length was switched to working days
        "period.length": "workdays",
        "applicants[0].name": "李建国家庭",
        "applicants[0].summary": "  照顾独居老人  ",
        "applicants[2].name": "王芳家庭",  # the second row was removed in the browser
        "applicants[3].name": "",  # a row added and left empty
        "contact.phone": "0731-85550000",
        "seal": "",
    }
    data = data_from_form(form_fields(NOTICE, config), posted)
    assert data == {
        "title": "2026年度文明家庭推荐公示",
        "kind": "文明家庭",
        "issued": "2026-11-17",
        "period": {"start": "2026年11月18日", "workdays": 5},
        "applicants": [
            {"name": "李建国家庭", "summary": "照顾独居老人"},
            {"name": "王芳家庭"},
        ],
        "contact": {"phone": "0731-85550000"},
    }


def test_what_the_form_does_not_show_is_kept(config):
    """extra: and a notice's revisions are the file's own; a written `pinned: false` stays."""
    before = {
        "title": "通知",
        "date": "2026-11-20",
        "category": "通知",
        "pinned": False,
        "extra": {"来源": "街道转发"},
    }
    posted = {"title": "通知（更正）", "date": "2026-11-20", "category": "通知"}
    data = data_from_form(form_fields(ANNOUNCEMENT, config), posted, before)
    assert data == {**before, "title": "通知（更正）"}


def test_a_period_written_as_one_line_opens_in_its_parts():
    values = form_values({"period": "2026年11月23日起5个工作日", "tags": ["停水", "供水"]})
    assert values["period.start"] == "2026年11月23日"
    assert values["period.workdays"] == "5"
    assert values["tags"] == "停水，供水"
