"""The project installs as an ordinary package: a wheel built from the source carries the
theme and the scaffolding, and `board init` + `board build` work far from the source tree."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

from conftest import ROOT

SOURCES = ["pyproject.toml", "README.md", "generator", "theme", "docs/guide.md"]


def run(*command, cwd: Path) -> str:
    done = subprocess.run(
        [str(c) for c in command], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def built_wheel(tmp_path: Path) -> Path:
    """A wheel built from a copy of the sources (the build leaves nothing in the repo)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(
                ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-build-isolation",
        "-q",
        "-w",
        tmp_path / "dist",
        source,
        cwd=tmp_path,
    )
    return next((tmp_path / "dist").glob("community_board-*.whl"))


def fresh_environment(tmp_path: Path, wheel: Path) -> Path:
    """A new virtual environment with the wheel installed (not editable). Its
    dependencies come from this environment's site-packages, added as a plain path."""
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    purelib = run(
        python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=tmp_path
    ).strip()
    Path(purelib, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "-q",
        wheel,
        cwd=tmp_path,
    )
    return venv / "bin"


def test_a_wheel_installs_and_builds_a_new_site_outside_the_source_tree(tmp_path):
    wheel = built_wheel(tmp_path)
    bin_dir = fresh_environment(tmp_path, wheel)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = run(
        bin_dir / "python", "-c", "import generator; print(generator.__file__)", cwd=elsewhere
    )
    assert where.startswith(str(tmp_path / "venv")), where
    run(bin_dir / "board", "init", "枫林苑社区", "--name", "枫林苑社区", cwd=elsewhere)
    run(bin_dir / "board", "build", "-p", "枫林苑社区", "--today", "2026-11-21", cwd=elsewhere)
    site = elsewhere / "枫林苑社区" / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "枫林苑社区" in home
    assert (site / "assets" / "board" / "board.css").is_file()  # the theme's own assets
    assert (site / "print" / "index.html").is_file()  # print templates came along too
    assert list((site / "print").rglob("*.pdf"))
    # The editor's field help comes from the guide, installed with the program.
    helped = run(
        bin_dir / "python",
        "-c",
        "from generator.editor.guide import field_help; print(len(field_help()))",
        cwd=elsewhere,
    )
    assert int(helped) > 50
