"""The Chinese guide for editors (docs/guide.md) stays true: every complete example in it,
saved where it says, passes `board check --strict` and builds."""

from __future__ import annotations

import re
import shutil

from conftest import FIXTURES, ROOT

from generator.commands.build import build
from generator.commands.check import check

GUIDE = ROOT / "docs" / "guide.md"
EXAMPLE = re.compile(r"\*\*完整示例\*\*（保存为 `([^`]+)`）：\n\n```[a-z]*\n(.*?)\n```", re.S)


def test_every_complete_example_in_the_guide_checks_clean_and_builds(tmp_path):
    root = tmp_path / "guide-site"
    shutil.copytree(FIXTURES / "base", root)
    examples = EXAMPLE.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(examples) >= 8  # each content type, a column and its issue, site_config.yml
    for path, text in examples:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text + "\n", encoding="utf-8")
    picture = (FIXTURES / "base/content/assets/photo.png").read_bytes()
    for used in re.findall(r"assets/[\w/.\-\u4e00-\u9fff]+\.(?:jpg|png|xlsx)", GUIDE.read_text()):
        target = root / "content" / used
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(picture)
    for number in range(1, 6):  # earlier issues, so the example column is not behind
        column = next((root / "content/columns").iterdir())
        (column / f"2026-0{number}-earlier.md").write_text(
            f"---\nissue: {number}\ndate: 2026-0{number}-05\ntitle: 第{number}期\n---\n## 内容\n\n内容\n",
            encoding="utf-8",
        )
    problems = [p.format().split("\n")[0] for p in check(root, "2026-11-21")]
    assert problems == []
    site = build(root, today="2026-11-21").site_dir
    assert (site / "index.html").is_file()
