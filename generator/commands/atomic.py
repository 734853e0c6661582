"""Putting a finished site in place in one step, so readers and a killed build never see
half of one.

Two folders take turns: the site itself (`site/`) and its spare (`.site-spare/`, beside
it), which holds the site before the current one. A build brings the spare up to date,
rewriting only what differs from what it holds, then swaps it with the site; the
previous site becomes the next spare. A rebuild after one edit so writes a few pages
instead of creating ten thousand folders, and no old site has to be deleted."""

from __future__ import annotations

import ctypes
import os
import secrets
import shutil
import subprocess
from collections.abc import Callable, Iterator, Set
from contextlib import contextmanager
from pathlib import Path

# `rm` runs on its own after the shell (and the build) have returned.
_REMOVE_IN_BACKGROUND = 'rm -rf -- "$1" &'


def spare_of(target: Path) -> Path:
    """Where the site before `target`'s current one is kept, to be brought up to date by
    the next build."""
    return target.with_name(f".{target.name}-spare")


def empty_spare(target: Path) -> Path:
    """The spare folder, emptied: what it holds is unknown (a killed build, another
    version) and is deleted in the background."""
    spare = spare_of(target)
    if spare.exists():
        old = _old_name(target)
        spare.rename(old)
        discard(old)
    spare.mkdir()
    spare.chmod(0o755)
    return spare


def build_in_spare(
    target: Path,
    trusted: bool,
    write: Callable[[Path, bool], set[str]],
    before_swap: Callable[[], None] = lambda: None,
) -> None:
    """Bring the spare of `target` up to date with `write(spare, trusted)`, which returns
    the paths of the site's files (those it writes anew need not be named), and swap it
    in. A spare whose
    contents are not known (`trusted` false: its record is gone) or that is missing is
    emptied first. Files of earlier builds that `write` neither wrote nor kept are deleted
    before the swap."""
    spare = spare_of(target)
    trusted = trusted and spare.is_dir()
    if not trusted:
        spare = empty_spare(target)
    since = mark_start(spare)
    sweep(spare, write(spare, trusted), since)
    before_swap()
    swap_in(spare, target)


def swap_in(spare: Path, target: Path) -> None:
    """Put the finished `spare` where `target` is, in one atomic step where the system
    allows it (Linux renameat2 RENAME_EXCHANGE), elsewhere with three quick renames.
    Afterwards `spare` holds the previous site, if there was one."""
    if not target.exists():
        spare.rename(target)
        return
    if not _exchange(spare, target):
        previous = _old_name(target)
        target.rename(previous)
        spare.rename(target)
        previous.rename(spare)


def _old_name(target: Path) -> Path:
    """A hidden place beside `target` for a folder that is being deleted."""
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
    """Staging folders of earlier versions' killed builds, and folders not yet deleted.
    Each is renamed out of the way at once and deleted in the background."""
    building = list(target.parent.glob(f".{target.name}-building-*"))
    old = list(target.parent.glob(f".{target.name}-old-*"))
    for leftover in building:
        try:
            old.append(leftover.rename(_old_name(target)))
        except OSError:
            pass
    for leftover in old:
        discard(leftover)


START_MARK = ".board-build-started"


def mark_start(folder: Path) -> int:
    """The moment a build starts writing into `folder`, by the file system's own clock
    (which may lag the system clock by milliseconds): every file written after it is at
    least as new."""
    mark = folder / START_MARK
    mark.write_bytes(b"")
    return mark.stat().st_mtime_ns


def sweep(folder: Path, keep: Set[str], since_ns: int) -> None:
    """Delete what earlier builds left in `folder` and this one did not make: files
    neither in `keep` (paths relative to `folder`) nor written since `since_ns`, then the
    folders left empty. This includes files someone put into the site by hand, which
    would otherwise be there in every other build. The start mark goes too."""
    (folder / START_MARK).unlink(missing_ok=True)
    _swept(str(folder), "", keep, since_ns)


def _swept(path: str, prefix: str, keep: Set[str], since_ns: int) -> bool:
    """`sweep` in the folder at `path` (`prefix` is its path in the site, with "/"):
    True if nothing is left in it."""
    left = 0
    with os.scandir(path) as listing:
        entries = list(listing)
    for entry in entries:
        name = prefix + entry.name
        if entry.is_dir(follow_symlinks=False):
            if _swept(entry.path, name + "/", keep, since_ns):
                os.rmdir(entry.path)
            else:
                left += 1
        elif name in keep or entry.stat(follow_symlinks=False).st_mtime_ns >= since_ns:
            left += 1
        else:
            os.unlink(entry.path)
    return left == 0


@contextmanager
def readable_by_all() -> Iterator[None]:
    """Folders 755 and files 644 whatever the editor's umask: the web server that serves
    the site runs as another user. The umask is restored afterwards."""
    saved = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(saved)
