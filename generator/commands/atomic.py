"""Putting a finished site in place in one step, so readers and a killed build never see
half of one."""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path


def swap_in(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is in one atomic step where the system allows it
    (Linux renameat2 RENAME_EXCHANGE); elsewhere with two quick renames."""
    if not target.exists():
        staging.rename(target)
    elif _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old site
    else:
        old = staging.with_name(staging.name.replace("-building-", "-old-"))
        target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0


def clear_leftovers(target: Path) -> None:
    """Staging folders of builds that were killed before they could clean up."""
    for pattern in (f".{target.name}-building-*", f".{target.name}-old-*"):
        for leftover in target.parent.glob(pattern):
            shutil.rmtree(leftover, ignore_errors=True)


def readable_by_all(folder: Path) -> None:
    """Folders 755 and files 644: the web server that serves the site runs as another
    user (mkdtemp makes the staging folder private; a strict umask does the same)."""
    folder.chmod(0o755)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), 0o755)
        for name in files:
            os.chmod(os.path.join(parent, name), 0o644)
