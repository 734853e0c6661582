"""The page record in .board-cache/ is JSON and only ever a hint: whatever is in it, the
next build is the same as a clean one."""

from __future__ import annotations

import json
import pickle

import pytest
from conftest import site_from
from test_speed import assert_same_tree

from generator.commands.build import build

NO_PRINT = "print:\n  enabled: false\n"


@pytest.fixture()
def project(tmp_path):
    root = site_from(tmp_path)
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + NO_PRINT, encoding="utf-8")
    return root


def damaged_records(record: dict) -> list[str | bytes]:
    """Ways a record can be wrong: not JSON, not ours, right salt with broken entries,
    and a pickle that would run code if it were ever unpickled."""
    broken_entries = dict(record, records={url: {"key": 7} for url in record["records"]})
    wrong_types = dict(
        record, records={url: dict(r, logs="x") for url, r in record["records"].items()}
    )

    class Boom:
        def __reduce__(self):
            return (exec, ("raise SystemExit('the page record ran code')",))

    return [
        "{",
        "[]",
        json.dumps(dict(record, format=0)),
        json.dumps(broken_entries),
        json.dumps(wrong_types),
        pickle.dumps(Boom()),
    ]


def test_a_damaged_or_foreign_record_gives_a_clean_build(project, tmp_path):
    clean = build(project, today="2026-11-21", site_dir=tmp_path / "clean").site_dir
    site = build(project, today="2026-11-21").site_dir
    record_path = project / ".board-cache" / "pages.json"
    record = json.loads(record_path.read_text(encoding="utf-8"))
    assert record["records"], "the build keeps a record of its pages"
    for damaged in damaged_records(record):
        if isinstance(damaged, bytes):
            record_path.write_bytes(damaged)
        else:
            record_path.write_text(damaged, encoding="utf-8")
        site = build(project, today="2026-11-21").site_dir
        assert_same_tree(site, clean)
