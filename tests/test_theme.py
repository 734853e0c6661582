"""How a site changes the look: its own template folder layered over the board's, and
other MkDocs plugins, which send every page through MkDocs' own page loop."""

from __future__ import annotations

import filecmp
from pathlib import Path

from conftest import site_from

from generator.commands.build import build

NO_PRINT = "print:\n  enabled: false\n"


def config_with(root: Path, extra: str) -> None:
    config = root / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8") + extra, encoding="utf-8")


def test_a_sites_custom_dir_overrides_one_template_and_keeps_the_rest(tmp_path):
    root = site_from(
        tmp_path,
        files={
            "overrides/board/content/home.html": '<p class="our-home">枫林苑自己的首页</p>\n{% for a in snapshot.current_announcements %}'
            '<a href="{{ a.url | url }}">{{ a.title }}</a>{% endfor %}\n',
        },
    )
    config_with(root, NO_PRINT + "mkdocs:\n  theme:\n    custom_dir: overrides\n")
    site = build(root, today="2026-11-21").site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "枫林苑自己的首页" in home and "正常的通知" in home
    item = (site / "announcements" / "ok" / "index.html").read_text(encoding="utf-8")
    assert 'class="board-entry' in item or "board-fields" in item  # the board's partials
    assert "assets/board/board.css" in item
    assert (site / "assets" / "board" / "board.css").is_file()


def test_a_change_in_a_sites_own_templates_redraws_the_pages(tmp_path):
    root = site_from(tmp_path, files={"overrides/board/content/announcement.html": "甲版\n"})
    config_with(root, NO_PRINT + "mkdocs:\n  theme:\n    custom_dir: overrides\n")
    site = build(root, today="2026-11-21").site_dir
    assert "甲版" in (site / "announcements/ok/index.html").read_text(encoding="utf-8")
    (root / "overrides/board/content/announcement.html").write_text("乙版\n", encoding="utf-8")
    site = build(root, today="2026-11-21").site_dir
    assert "乙版" in (site / "announcements/ok/index.html").read_text(encoding="utf-8")


def test_with_another_plugin_every_page_goes_through_mkdocs_and_reads_the_same(tmp_path):
    plain = site_from(tmp_path / "plain")
    config_with(plain, NO_PRINT)
    fast = build(plain, today="2026-11-21", site_dir=tmp_path / "fast").site_dir
    other = site_from(tmp_path / "other")
    config_with(other, NO_PRINT + "mkdocs:\n  plugins:\n    - material/meta\n")
    slow = build(other, today="2026-11-21", site_dir=tmp_path / "slow").site_dir
    pages = sorted(p.relative_to(fast) for p in fast.rglob("index.html"))
    assert pages == sorted(p.relative_to(slow) for p in slow.rglob("index.html"))
    assert Path("announcements/ok/index.html") in pages
    different = [str(p) for p in pages if not filecmp.cmp(fast / p, slow / p, shallow=False)]
    assert different == []
