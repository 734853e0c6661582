"""A build killed at any moment leaves a complete site: the previous one or the new one.
The previous site becomes the spare that the next build brings up to date; a spare that
cannot be used is deleted without the build waiting for it."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, site_from
from test_speed import assert_same_tree

from generator.commands.build import build

TRIALS = 20
NO_PRINT_CONFIG = (FIXTURES / "base" / "site_config.yml").read_text(
    encoding="utf-8"
) + "print:\n  enabled: false\n"


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_killed_builds_never_leave_a_half_written_site(tmp_path):
    root = site_from(tmp_path)
    site = root / "site"
    item = root / "content/announcements/ok.md"
    versions = [
        item.read_text(encoding="utf-8"),
        "---\ntitle: 改过的通知\ndate: 2026-11-01\ncategory: 通知\n---\n新正文\n",
    ]
    command = [
        sys.executable,
        "-m",
        "generator.cli",
        "build",
        "-p",
        str(root),
        "--today",
        "2026-11-21",
    ]
    complete, durations = [], []
    for text in versions:  # the two complete sites a killed build may leave
        item.write_text(text, encoding="utf-8")
        started = time.monotonic()
        assert subprocess.run(command, capture_output=True).returncode == 0
        durations.append(time.monotonic() - started)
        complete.append(tree_digest(site))
    assert complete[0] != complete[1]
    rng = random.Random(20261121)
    killed = 0
    for trial in range(TRIALS):
        current = tree_digest(site)
        item.write_text(versions[trial % 2], encoding="utf-8")
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, max(durations) * 1.1))
        process.send_signal(signal.SIGKILL)
        killed += process.wait() == -signal.SIGKILL
        after = tree_digest(site)
        assert after in complete, f"trial {trial}: the site is neither the old nor the new one"
        assert after in (current, complete[trial % 2])
    assert killed >= TRIALS // 2  # most trials really were killed mid-build
    assert subprocess.run(command, capture_output=True).returncode == 0
    assert tree_digest(site) == complete[(TRIALS - 1) % 2]  # whatever the spare held


def wait_until(condition, seconds: float = 120) -> bool:
    """Poll for something another process does; the limit only keeps a hang from
    blocking the suite."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture()
def held_rm(tmp_path, monkeypatch) -> Iterator[Path]:
    """An `rm` that deletes only once the returned file exists, so a test sees what a
    build leaves while the previous site is still being deleted."""
    folder = tmp_path / "bin"
    folder.mkdir()
    release = tmp_path / "release-rm"
    script = folder / "rm"
    script.write_text(
        f'#!/bin/sh\nwhile [ ! -e "{release}" ]; do sleep 0.05; done\nexec /bin/rm "$@"\n'
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    yield release
    release.touch()  # never leave a held deletion behind


def test_the_previous_site_is_kept_as_the_spare_and_brought_up_to_date(tmp_path):
    root = site_from(tmp_path, files={"site_config.yml": NO_PRINT_CONFIG})
    clean = build(root, today="2026-11-21", site_dir=tmp_path / "clean").site_dir
    site = build(root, today="2026-11-21").site_dir
    first = (site / "index.html").stat().st_ino
    build(root, today="2026-11-21")
    spare = root / ".site-spare"
    assert (spare / "index.html").stat().st_ino == first  # the previous site, whole
    assert_same_tree(spare, clean)
    build(root, today="2026-11-21")
    assert (site / "index.html").stat().st_ino == first  # brought up to date, not redrawn
    assert_same_tree(site, clean)


def test_the_build_does_not_wait_for_an_unusable_spare_to_be_deleted(tmp_path, held_rm):
    root = site_from(tmp_path, files={"site_config.yml": NO_PRINT_CONFIG})
    clean = build(root, today="2026-11-21", site_dir=tmp_path / "clean").site_dir
    build(root, today="2026-11-21")
    site = build(root, today="2026-11-21").site_dir
    (root / ".board-cache" / "spare.json").unlink()  # what the spare holds is unknown
    build(root, today="2026-11-21")
    # the command returned with the new site complete while the old spare is still there
    assert_same_tree(site, clean)
    assert len(list(root.glob(".site-old-*"))) == 1
    held_rm.touch()
    assert wait_until(lambda: not list(root.glob(".site-old-*")))
    assert_same_tree(site, clean)


def test_leftovers_of_killed_builds_and_deletions_are_cleared(tmp_path):
    root = site_from(tmp_path, files={"site_config.yml": NO_PRINT_CONFIG})
    build(root, today="2026-11-21")
    staging = root / ".site-building-killed1"
    half_deleted = root / ".site-old-killed2"
    for leftover in (staging, half_deleted):
        (leftover / "announcements").mkdir(parents=True)
        (leftover / "announcements" / "index.html").write_text("旧")
    build(root, today="2026-11-21")
    # a killed build's staging folder is out of the way as soon as the next build is done
    assert not staging.exists()
    assert wait_until(lambda: not list(root.glob(".site-old-*")))
    assert not list(root.glob(".site-building-*"))
    assert (root / "site" / "index.html").is_file()
