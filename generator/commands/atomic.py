"""Putting a finished site in place in one step, so readers and a killed build never see
half of one.

The previous site is deleted after the swap, in the background: a street office's site has
thousands of folders, and nobody needs to wait for them to go. Until it is gone it sits
beside the site under a hidden name that the next build clears if it is still there."""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import subprocess
from pathlib import Path

# `rm` runs on its own after the shell (and the build) have returned.
_REMOVE_IN_BACKGROUND = 'rm -rf -- "$1" &'


def swap_in(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is in one atomic step where the system allows it
    (Linux renameat2 RENAME_EXCHANGE); elsewhere with two quick renames. The previous
    site is deleted in the background."""
    if not target.exists():
        staging.rename(target)
        return
    old = _old_name(target)
    if _exchange(staging, target):
        staging.rename(old)  # staging now holds the previous site
    else:
        target.rename(old)
        staging.rename(target)
    discard(old)


def _old_name(target: Path) -> Path:
    """A hidden place beside `target` for its previous version, until it is deleted."""
    return target.with_name(f".{target.name}-old-{secrets.token_hex(6)}")


def _exchange(first: Path, second: Path) -> bool:
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    return renameat2(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), rename_exchange) == 0


def discard(folder: Path) -> None:
    """Delete `folder` without waiting for it: a detached `rm -rf` in its own session
    outlives the build; where there is no shell, the folder is deleted here and now."""
    try:
        subprocess.run(
            ["/bin/sh", "-c", _REMOVE_IN_BACKGROUND, "sh", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        shutil.rmtree(folder, ignore_errors=True)


def clear_leftovers(target: Path) -> None:
    """Staging folders of builds that were killed before they could clean up, and previous
    sites not yet deleted. Each is renamed out of the way at once and deleted in the
    background, like the previous site after a swap."""
    building = list(target.parent.glob(f".{target.name}-building-*"))
    old = list(target.parent.glob(f".{target.name}-old-*"))
    for leftover in building:
        try:
            old.append(leftover.rename(_old_name(target)))
        except OSError:
            pass
    for leftover in old:
        discard(leftover)


def readable_by_all(folder: Path) -> None:
    """Folders 755 and files 644: the web server that serves the site runs as another
    user (mkdtemp makes the staging folder private; a strict umask does the same)."""
    folder.chmod(0o755)
    for parent, folders, files in os.walk(folder):
        for name in folders:
            os.chmod(os.path.join(parent, name), 0o755)
        for name in files:
            os.chmod(os.path.join(parent, name), 0o644)
