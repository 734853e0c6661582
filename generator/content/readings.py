"""The pinyin slugs of Chinese names kept between builds (`.board-cache/pinyin.json`), so a
build whose names were all read before does not load pypinyin at all (content/slugs.py).

JSON only: the record sits in the project folder, and reading it must never be able to
run code. A damaged record, or one from another version of the program or of pypinyin, is
ignored: the names are read again.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from ..fingerprint import code_fingerprint
from ..paths import CACHE_DIR, cache_folder
from . import slugs

RECORD = "pinyin.json"


def load_readings(root: Path) -> dict[str, str]:
    """Make the slugs kept in the project's record known to `slugify`; what was kept."""
    try:
        record = json.loads((root / CACHE_DIR / RECORD).read_bytes())
        names = record["names"] if record["salt"] == _salt() else {}
        kept = {
            name: slug
            for name, slug in names.items()
            if isinstance(name, str) and isinstance(slug, str)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
    slugs.READ_AS_PINYIN.update(kept)
    return kept


def save_readings(root: Path, kept: dict[str, str]) -> None:
    """Keep the slugs this process read, when there are more than the record `kept`."""
    if slugs.READ_AS_PINYIN.keys() <= kept.keys():
        return
    path = root / CACHE_DIR / RECORD
    names = dict(sorted(slugs.READ_AS_PINYIN.items()))
    try:
        cache_folder(root)
        partial = path.with_name(RECORD + ".partial")
        partial.write_text(json.dumps({"salt": _salt(), "names": names}, ensure_ascii=False))
        os.replace(partial, path)
    except OSError:
        pass  # a read-only project still builds; it reads the names again next time


@functools.cache
def _salt() -> str:
    return code_fingerprint("pinyin-1", [Path(slugs.__file__).parent], ["pypinyin"])
