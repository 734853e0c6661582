"""A digest of the code and templates that make an output, so what was made before is
reused only while they are unchanged (content read in content/cache.py, pages in
site/cache.py, prints in print/store.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

SOURCE_SUFFIXES = (".py", ".html", ".js", ".css")


def code_fingerprint(prefix: str, folders: Iterable[Path], packages: Iterable[str]) -> str:
    """`prefix`, the versions of `packages` and every source file under `folders` (by
    path, size and modification time: cheap enough for every build)."""
    versions = "|".join(version(name) for name in packages)
    digest = hashlib.sha256(f"{prefix}|{versions}".encode())
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()
