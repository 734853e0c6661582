"""What an editor waits for after a save, at street-office scale, with the settings users
get (print on), written to docs/benchmarks.md.

    .venv/bin/python bench/rebuild.py [--items 10000] [--runs 3] [--serve 1000,5000]

The generated corpus (bench/corpus.py) with print on: `--runs` times each of a cold
`board build` (no site, no .board-cache), a build with nothing changed (which makes the
first spare folder), a build after editing one current announcement (bench/corpus.py's
`edit_one_item`) and one more with nothing changed, fresh processes,
medians, peak memory of each kind of build (workers included). Then `board serve` and
`hugo server` (its defaults) on the same corpus at each `--serve` size: seconds from
saving the item to the open browser tab showing it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import edit_one_item, write_board_corpus  # noqa: E402
from bench.run import BIN, TODAY, Runs, machine, measure_serve, timed, write_report  # noqa: E402

PRINT_OFF = "print: {enabled: false}\n"


def measure_builds(items: int, runs: int, work: Path) -> dict:
    project = write_board_corpus(items, work / "corpus")
    config = project / "site_config.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(PRINT_OFF, ""), "utf-8")
    command = [str(BIN / "board"), "build", "--today", TODAY]
    cold, unchanged, edited, settled = Runs(), Runs(), Runs(), Runs()
    for turn in range(runs):
        for leftover in (project / "site", project / ".site-spare", project / ".board-cache"):
            shutil.rmtree(leftover, ignore_errors=True)
        timed(command, project, cold)
        timed(command, project, unchanged)  # the first spare is made: every page linked
        edit_one_item(project, f"edit {turn}")
        timed(command, project, edited)
        timed(command, project, settled)  # the spare is up to date but for the edit
        print(
            f"builds turn {turn + 1}: cold {cold.seconds[-1]:.1f} s, unchanged "
            f"{unchanged.seconds[-1]:.1f} s, one edit {edited.seconds[-1]:.1f} s, "
            f"unchanged again {settled.seconds[-1]:.1f} s",
            flush=True,
        )
    printed = len(list((project / "site" / "print").rglob("*.pdf")))
    shutil.rmtree(project, ignore_errors=True)
    return {
        "cold": cold,
        "unchanged": unchanged,
        "edited": edited,
        "settled": settled,
        "pdfs": printed,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve", default="1000,5000", help="corpus sizes for serve")
    parser.add_argument("--dry", action="store_true", help="print the table, leave the doc")
    args = parser.parse_args()
    serve: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="board-rebuild-bench-") as work:
        builds = measure_builds(args.items, args.runs, Path(work))
        for size in map(int, filter(None, args.serve.split(","))):
            serve[size] = {
                tool: statistics.median(measure_serve(size, Path(work), args.runs, tool))
                for tool in ("board", "hugo")
            }
            print(f"serve {size}: {serve[size]}", flush=True)
    text = report(args.items, args.runs, builds, serve)
    print(text)
    if not args.dry:
        write_report(text, "rebuild-bench", "Rebuilding after a save, default settings")


def report(items: int, runs: int, builds: dict, serve: dict[int, dict[str, float]]) -> str:
    def row(measure: str, value: float, goal: float | None, unit: str = "s") -> str:
        shown = f"{value:.0f} MB" if unit == "MB" else f"{value:.2f} s"
        if goal is None:
            return f"| {measure} | {shown} | — | |"
        limit = f"≤ {goal:.0f} MB" if unit == "MB" else f"≤ {goal:g} s"
        return f"| {measure} | {shown} | {limit} | {'met' if value <= goal else '**not met**'} |"

    cold, unchanged, edited = builds["cold"], builds["unchanged"], builds["edited"]
    settled = builds["settled"]
    peak = max(run.peak_mb or 0 for run in (cold, unchanged, edited, settled))
    rows = [
        "| measure (print on, the default) | median | goal | |",
        "|---|---|---|---|",
        row(f"cold `board build`, {items:,} items ({builds['pdfs']} PDFs)", cold.median, 20.0),
        row(
            "`board build` again, nothing changed (first spare folder made)", unchanged.median, None
        ),
        row("`board build` after editing one announcement", edited.median, 3.0),
        row("`board build` again after that, nothing changed", settled.median, None),
        row(f"peak memory of any build, {items:,} items", peak, 1024.0, "MB"),
    ]
    for size, times in serve.items():
        ratio = times["board"] / times["hugo"]
        rows.append(
            row(
                f"`board serve`, save → browser shows it, {size:,} items",
                times["board"],
                1.0 if size == 5000 else None,
            )
        )
        rows.append(
            f"| `hugo server` on the same corpus and edit, {size:,} items | "
            f"{times['hugo']:.2f} s | — | board ÷ Hugo {ratio:.1f}× |"
        )
    return "\n".join(rows) + (
        f"\n\nMachine: {machine()}. Command: `.venv/bin/python bench/rebuild.py --items "
        f"{items} --runs {runs}` (part of `make bench`); medians of {runs} fresh runs each.\n"
    )


if __name__ == "__main__":
    main()
