"""A build killed at any moment leaves a complete site: the previous one or the new one."""

from __future__ import annotations

import hashlib
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import site_from

TRIALS = 20


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
    assert not list(root.glob(".site-building-*"))  # leftovers of killed builds are cleared
