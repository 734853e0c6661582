"""`board init DIR`: a new site project that builds as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import BoardError, problem
from ..paths import SCAFFOLD_DIR

# What a build, a print run and the caches write into a site folder: not content.
GITIGNORE = (
    "# 生成的网站（及其备用目录）、打印版和缓存，不必纳入版本管理\n"
    "/site/\n/.site-spare/\n/print/\n/.board-cache/\n"
)


def init_site(directory: Path, *, name: str | None = None) -> Path:
    """A new site project in `directory`, named `name` (default: the folder's name)."""
    directory = Path(directory)
    name = name or directory.resolve().name
    if directory.exists() and any(directory.iterdir()):
        raise BoardError(
            [
                problem(
                    str(directory),
                    "目录不是空的，没有改动。请指定一个新目录。",
                    "the folder is not empty; nothing was changed. Name a new folder.",
                )
            ]
        )
    shutil.copytree(SCAFFOLD_DIR / "site", directory, dirs_exist_ok=True)
    config = directory / "site_config.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("示例社区", name), encoding="utf-8"
    )
    (directory / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return directory
