"""`board init DIR`: a new site project that builds as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

from ..errors import BoardError, problem
from ..paths import SCAFFOLD_DIR


def init_site(directory: Path, *, name: str = "示例社区") -> Path:
    directory = Path(directory)
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
    return directory
