"""What an editor waits for after a save, with the settings users get (print on), written
to docs/benchmarks.md.

    .venv/bin/python bench/rebuild.py [--items 10000] [--runs 3]

The generated corpus (bench/corpus.py) with print on: one cold `board build`, then
`--runs` times each of: a build with nothing changed, and a build after editing one
current announcement (bench/corpus.py's `edit_one_item`). Fresh processes, medians, and
the peak memory of the edit builds (workers included).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import edit_one_item, write_board_corpus  # noqa: E402
from bench.run import BIN, TODAY, Runs, machine, timed, write_report  # noqa: E402

PRINT_OFF = "print: {enabled: false}\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="board-rebuild-bench-") as work:
        project = write_board_corpus(args.items, Path(work) / "corpus")
        config = project / "site_config.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(PRINT_OFF, ""), "utf-8")
        command = [str(BIN / "board"), "build", "--today", TODAY]
        cold = timed(command, project)
        printed = len(list((project / "site" / "print").rglob("*.pdf")))
        unchanged, edited = Runs(), Runs()
        for turn in range(args.runs):
            timed(command, project, unchanged)
            edit_one_item(project, f"edit {turn}")
            timed(command, project, edited)
        shutil.rmtree(project, ignore_errors=True)
    rows = [
        "| measure (print on, the default) | time |",
        "|---|---|",
        f"| cold `board build`, {args.items:,} items ({printed} PDFs) | {cold:.1f} s |",
        f"| `board build` again, nothing changed (median of {args.runs}) | "
        f"{unchanged.median:.1f} s |",
        f"| `board build` after editing one announcement (median of {args.runs}) | "
        f"{edited.median:.1f} s, peak {edited.peak_mb:.0f} MB |",
    ]
    text = "\n".join(rows) + (
        f"\n\nMachine: {machine()}. Command: "
        f"`.venv/bin/python bench/rebuild.py --items {args.items} --runs {args.runs}`.\n"
    )
    write_report(text, "rebuild-bench", "Rebuilding after a save, default settings")
    print(text)


if __name__ == "__main__":
    main()
