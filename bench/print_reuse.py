"""What print costs with the settings users get (print on), written to docs/benchmarks.md.

    .venv/bin/python bench/print_reuse.py [--announcements 2000] [--runs 3]

The generated corpus (bench/corpus.py) is sized to hold about the given number of
announcements (with notices, 红黑榜 and column issues in proportion). It is built twice as
a site keeps being built, once with print on (the default) and once with
`print: {enabled: false}`; after each cold build, `--runs` builds with nothing changed are
timed (fresh processes, medians). Also: one A4 notice in a warm process (the demo's
two-page 公示), and `board print --all` on the demo.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import write_board_corpus  # noqa: E402
from bench.print_bench import one_a4_notice  # noqa: E402
from bench.run import BIN, TODAY, Runs, machine, timed, write_report  # noqa: E402

ANNOUNCEMENT_SHARE = 0.6  # of the corpus's items (bench/corpus.py)
PRINT_OFF = "print: {enabled: false}\n"


def builds(project: Path, runs: int) -> tuple[float, Runs]:
    """A cold build, then `runs` builds with nothing changed."""
    shutil.rmtree(project / "site", ignore_errors=True)
    shutil.rmtree(project / ".board-cache", ignore_errors=True)
    command = [str(BIN / "board"), "build", "--today", TODAY]
    cold = timed(command, project)
    warm = Runs()
    for _ in range(runs):
        timed(command, project, warm)
    return cold, warm


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--announcements", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    items = round(args.announcements / ANNOUNCEMENT_SHARE)
    with tempfile.TemporaryDirectory(prefix="board-print-bench-") as work:
        off = write_board_corpus(items, Path(work) / "print-off")  # the corpus prints nothing
        on = Path(work) / "print-on"
        shutil.copytree(off, on)
        config = on / "site_config.yml"
        text = config.read_text(encoding="utf-8")
        assert PRINT_OFF in text
        config.write_text(text.replace(PRINT_OFF, ""), encoding="utf-8")
        cold_on, warm_on = builds(on, args.runs)
        printed = len(list((on / "site" / "print").rglob("*.pdf")))
        cold_off, warm_off = builds(off, args.runs)
        demo = Path(work) / "demo-print"
        shutil.rmtree(ROOT / ".board-cache" / "prints", ignore_errors=True)
        demo_all = timed(
            [str(BIN / "board"), "print", "--all", "--today", TODAY, "--out", str(demo)],
            ROOT,
            check=False,
        )
    shutil.rmtree(ROOT / ".board-cache" / "prints", ignore_errors=True)
    a4 = one_a4_notice()
    ratio = warm_on.median / warm_off.median
    rows = [
        ("| measure | print on (default) | print off | goal |", ""),
        ("|---|---|---|---|", ""),
        (
            f"| cold `board build`, {items:,} items (~{args.announcements:,} announcements) | "
            f"{cold_on:.1f} s ({printed} PDFs) | {cold_off:.1f} s | — |",
            "",
        ),
        (
            f"| `board build` again, nothing changed (median of {args.runs}) | "
            f"{warm_on.median:.1f} s | {warm_off.median:.1f} s | on ≤ 1.2 × off: "
            f"{ratio:.2f} × — {'met' if ratio <= 1.2 else '**not met**'} |",
            "",
        ),
        (
            f"| one A4 notice, warm process (median of 5) | {a4:.2f} s | — | ≤ 0.5 s — "
            f"{'met' if a4 <= 0.5 else '**not met**'} |",
            "",
        ),
        (f"| `board print --all` on the demo (cold) | {demo_all:.1f} s | — | — |", ""),
    ]
    text = "\n".join(r for r, _ in rows)
    text += (
        f"\n\nMachine: {machine()}. Command: "
        f"`.venv/bin/python bench/print_reuse.py --announcements {args.announcements} "
        f"--runs {args.runs}`.\n"
    )
    write_report(text, "print-bench", "Print with the default settings")
    print(text)


if __name__ == "__main__":
    main()
