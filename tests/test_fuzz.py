"""Generated front matter and YAML either loads or yields clear errors: never a crash."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.loader import load_project
from generator.errors import BoardError

KEYS = [
    "title",
    "date",
    "expires",
    "category",
    "pinned",
    "urgent",
    "tags",
    "event",
    "extra",
    "标题",
    "日期",
    "截止",
    "分类",
    "置顶",
    "period",
    "applicants",
    "contact",
    "kind",
    "issued",
    "seal",
    "cover",
    "attachments",
    "start",
    "end",
    "workdays",
    "days",
    "name",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "2026-11-21",
            "2026年2月30日",
            "2026-9-1 25:61",
            "通知",
            "../../etc/passwd",
            "assets/photo.png",
            "*alias",
            "&a x",
        ]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=5),
    ),
    max_leaves=20,
)
front = st.dictionaries(st.sampled_from(KEYS), values, max_size=10)

BASE = Path(tempfile.mkdtemp(prefix="board-fuzz-"))
shutil.copytree(FIXTURES / "base", BASE / "site", dirs_exist_ok=True)


def load(files: dict[str, str]) -> None:
    root = Path(tempfile.mkdtemp(dir=BASE))
    shutil.copytree(BASE / "site", root, dirs_exist_ok=True)
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    try:
        load_project(root)
    except BoardError as exc:
        for p in exc.problems:
            assert p.file and p.zh and p.en
    finally:
        shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=150, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(front, st.sampled_from(["announcements/a.md", "notices/n.md", "pages/p.md"]))
def test_generated_front_matter_never_crashes(data, where):
    text = "---\n" + yaml.safe_dump(data, allow_unicode=True) + "---\n正文\n"
    load({f"content/{where}": text})


@settings(max_examples=150, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(list("ab:- \n\t'\"[]{}&*!|>#%@`汉字") + ["---\n", "2026-02-30"]),
        max_size=60,
    ).map("".join)
)
def test_garbled_yaml_never_crashes(text):
    load({"content/honors/h.yml": text, "content/announcements/a.md": "---\n" + text + "\n---\n"})


@settings(max_examples=60, deadline=10_000, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_generated_config_never_crashes(data):
    load(
        {"site_config.yml": yaml.safe_dump({"site": data, "categories": data}, allow_unicode=True)}
    )


def test_a_key_with_a_bracket_is_named_as_an_unknown_field(tmp_path):
    """Found by the garbled-YAML search: `a[:` once crashed the message builder."""
    root = Path(tempfile.mkdtemp(dir=BASE))
    shutil.copytree(BASE / "site", root, dirs_exist_ok=True)
    (root / "content/announcements/a.md").write_text("---\na[:\n---\n", encoding="utf-8")
    try:
        load_project(root)
    except BoardError as exc:
        messages = [p.zh for p in exc.problems if p.field == "a["]
        assert messages and "不认识的字段“a[”" in messages[0]
    else:
        raise AssertionError("an unknown key must be an error")
    finally:
        shutil.rmtree(root, ignore_errors=True)
