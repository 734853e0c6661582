"""Print benchmark: one A4 notice and one 2400 × 1200 mm board, from the demo content.

Run: .venv/bin/python bench/print_bench.py   (numbers go to stdout; copy into
docs/benchmarks.md with the machine)."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.content.loader import load_snapshot
from generator.print.documents import board_document, find_entry, item_document
from generator.print.engine import PrintEngine

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def one_a4_notice() -> float:
    """Median seconds for the demo's A4 申报公示 in a warm process (fonts loaded)."""
    snapshot = load_snapshot(ROOT, "2026-11-21").snapshot
    engine = PrintEngine(snapshot, ROOT / "content")
    notice = item_document(find_entry(snapshot, "notices/2026-11-wenming-family/"), snapshot)
    engine.print_doc(notice)
    return statistics.median(timed(lambda: engine.print_doc(notice)) for _ in range(RUNS))


def main() -> None:
    snapshot = load_snapshot(ROOT, "2026-11-21").snapshot
    engine = PrintEngine(snapshot, ROOT / "content")
    notice = item_document(find_entry(snapshot, "notices/2026-11-wenming-family/"), snapshot)
    window = board_document(snapshot.config.board("east-window"), snapshot)
    engine.print_doc(notice)  # warm: fonts loaded once per process
    for name, doc, tile in (
        ("A4 notice (2 pages)", notice, None),
        ("2400x1200mm board", window, None),
        ("2400x1200mm board + A3 tiles", window, window.tile),
    ):
        runs = [timed(lambda d=doc, t=tile: engine.print_doc(d, t)) for _ in range(RUNS)]
        print(f"{name}: median {statistics.median(runs):.2f} s over {RUNS} runs")


if __name__ == "__main__":
    main()
