"""Benchmarks against mkdocs-material's blog plugin and Hugo, written to docs/benchmarks.md.

    make bench                      # or: .venv/bin/python bench/run.py [--sizes 1000,5000]

For each size the same generated corpus (bench/corpus.py) is built with `board build`
(search and feeds on, print off), with Material's blog plugin and with Hugo, runs taking
turns, each a fresh process; medians, ratios and peak memory (max RSS of the process and
its workers) go into the table between the markers in docs/benchmarks.md. Also measured:
a rebuild after editing one item, `board serve` from save to the browser showing the edit,
and print (one A4 notice, the whole demo).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import edit_one_item, write_corpus  # noqa: E402

BIN = Path(sys.executable).parent
TODAY = "2026-11-21"
DOC = ROOT / "docs" / "benchmarks.md"
BLOG_RUNS = {1000: 3, 5000: 1, 10000: 1}  # the blog plugin takes minutes beyond that
EDITED = "bench-edited"


@dataclass
class Runs:
    seconds: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def peak_mb(self) -> float | None:
        return max(self.peak_kb) / 1024 if self.peak_kb else None


def timed(command: list[str], cwd: Path, runs: Runs | None = None, check: bool = True) -> float:
    """Wall time of one fresh process; its peak memory (with children) into `runs`."""
    with tempfile.TemporaryFile() as said:  # a pipe would fill up with warnings and block
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=said, stderr=said)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        if check and os.waitstatus_to_exitcode(status) != 0:
            said.seek(0)
            raise SystemExit(
                f"failed: {' '.join(command)} in {cwd}\n{said.read().decode()[-2000:]}"
            )
    if runs is not None:
        runs.seconds.append(seconds)
        runs.peak_kb.append(usage.ru_maxrss)
    return seconds


def board_build(corpus: Path, runs: Runs | None, clean: bool = True) -> float:
    project = corpus / "board"
    if clean:
        for leftover in ("site", ".site-spare", ".board-cache"):
            shutil.rmtree(project / leftover, ignore_errors=True)
    return timed([str(BIN / "board"), "build", "--today", TODAY], project, runs)


def blog_build(corpus: Path, runs: Runs) -> float:
    shutil.rmtree(corpus / "blog-site", ignore_errors=True)
    return timed(
        [str(BIN / "mkdocs"), "build", "-q", "-d", str(corpus / "blog-site")], corpus / "blog", runs
    )


def hugo_build(corpus: Path, runs: Runs) -> float:
    shutil.rmtree(corpus / "hugo-site", ignore_errors=True)
    return timed(
        [str(BIN / "hugo"), "--quiet", "-d", str(corpus / "hugo-site")], corpus / "hugo", runs
    )


def measure_size(size: int, runs: int, work: Path) -> dict:
    corpus = write_corpus(size, work / f"corpus-{size}")
    board, blog, hugo, warm = Runs(), Runs(), Runs(), Runs()
    for turn in range(runs):
        board_build(corpus, board)
        board_build(corpus, None, clean=False)  # makes the spare folder, as any build does
        edit_one_item(corpus / "board", f"{EDITED}{turn}")
        board_build(corpus, warm, clean=False)
        if turn < BLOG_RUNS.get(size, 0):
            blog_build(corpus, blog)
        hugo_build(corpus, hugo)
        blogged = turn < BLOG_RUNS.get(size, 0)
        print(
            f"{size}: turn {turn + 1}/{runs} board {board.seconds[-1]:.1f} s "
            f"({board.peak_kb[-1] // 1024} MB), warm {warm.seconds[-1]:.1f} s, blog "
            + (f"{blog.seconds[-1]:.1f} s ({blog.peak_kb[-1] // 1024} MB)" if blogged else "-")
            + f", hugo {hugo.seconds[-1]:.1f} s",
            flush=True,
        )
    shutil.rmtree(corpus, ignore_errors=True)
    return {"board": board, "blog": blog, "hugo": hugo, "warm": warm}


def measure_serve(size: int, work: Path, tries: int = 3, tool: str = "board") -> list[float]:
    """Seconds from saving an item to the browser showing the change, in `board serve`
    or, with `tool="hugo"`, in `hugo server` (its defaults) on the same corpus."""
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    corpus = write_corpus(size, work / f"serve-{size}-{tool}")
    project = corpus / "board"
    newest = sorted((project / "content" / "announcements").glob("*.md"))[-1]
    port = 8765
    if tool == "board":
        command = [str(BIN / "board"), "serve", "--today", TODAY, "--port", str(port)]
        folder, ready, url = project, "preview at", f"announcements/{newest.stem}/"

        def save(mark: str) -> None:
            edit_one_item(project, mark)
    else:
        command = [str(BIN / "hugo"), "server", "--port", str(port), "--bind", "127.0.0.1"]
        folder, ready, url = corpus / "hugo", "Web Server is available", f"posts/{newest.stem}/"
        post = folder / "content" / "posts" / newest.name

        def save(mark: str) -> None:
            text = post.read_text(encoding="utf-8")
            text = re.sub(r'^title: "(.*)"$', rf'title: "\1（{mark}）"', text, count=1, flags=re.M)
            post.write_text(text + f"\n补充说明：{mark}。\n", encoding="utf-8")

    server = subprocess.Popen(
        command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seconds = []
    try:
        assert server.stdout is not None
        base = f"http://127.0.0.1:{port}/"
        for line in server.stdout:
            if ready in line:
                if tool == "hugo":  # Hugo serves under the path of its baseURL
                    base += re.search(r"http://\S+?:\d+/(\S*)", line)[1]
                break
        threading.Thread(target=server.stdout.read, daemon=True).start()  # keep it drained
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(base + url)
            for n in range(tries):
                mark = f"预览{n}"
                time.sleep(1.0)  # let the watcher settle between saves
                saved = time.perf_counter()
                save(mark)
                page.wait_for_function(f"document.title.includes('{mark}')", timeout=120_000)
                seconds.append(time.perf_counter() - saved)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=120)
        shutil.rmtree(corpus, ignore_errors=True)
    return seconds


def measure_print() -> tuple[float, float]:
    """One A4 notice (median of 5, warm process) and the whole demo (`board print --all`;
    a document the demo cannot print is reported by it, not a failure of the benchmark)."""
    from bench.print_bench import one_a4_notice

    a4 = one_a4_notice()
    with tempfile.TemporaryDirectory() as work:
        demo = Path(work) / "demo"  # a copy: the repository's own print store would be used
        shutil.copytree(ROOT / "content", demo / "content")
        shutil.copy(ROOT / "site_config.yml", demo)
        seconds = timed(
            [str(BIN / "board"), "print", "--all", "--today", TODAY, "--out", str(demo / "out")],
            demo,
            check=False,
        )
    return a4, seconds


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = (
        next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        / 1024
        / 1024
    )
    versions = subprocess.run(
        [str(BIN / "python"), "-m", "pip", "list", "--format=freeze"],
        capture_output=True,
        text=True,
    ).stdout
    wanted = {
        k: v
        for k, v in (line.split("==") for line in versions.split() if "==" in line)
        if k.lower() in ("mkdocs", "mkdocs-material", "hugo", "weasyprint")
    }
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, Python "
        f"{platform.python_version()}, " + ", ".join(f"{k} {v}" for k, v in wanted.items())
    )


def verdict(ok: bool | None) -> str:
    return "—" if ok is None else ("met" if ok else "**not met**")


def report(
    results: dict, serve: list[float], print_times: tuple[float, float] | None, runs: int
) -> str:
    def seconds(value: float | None) -> str:
        return "—" if value is None else f"{value:.1f} s"

    lines = [
        f"Machine: {machine()}.",
        "",
        f"Command: `make bench` (`.venv/bin/python bench/run.py`), {runs} turns per size; "
        "in each turn the tools build the same corpus one after another "
        f"(blog plugin runs per size: {BLOG_RUNS}). Times are medians of wall time of a "
        "fresh process; memory is the peak resident size of the process and its workers. "
        "`board` builds with search and feeds on and print off; *cold* is a build with no "
        "site, spare folder or `.board-cache/`; *warm* is `board build` after editing one "
        "item, the build before it having made the spare folder (as every build after the "
        "first does).",
        "",
        "| items | board cold | board warm (1 edit) | blog plugin | Hugo | blog ÷ board "
        "| board peak memory | blog peak memory |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size, r in results.items():
        b, blog = r["board"].median, r["blog"].median
        ratio = f"{blog / b:.1f}×" if b and blog else "—"
        lines.append(
            f"| {size:,} | {seconds(b)} | {seconds(r['warm'].median)} | "
            f"{seconds(blog)} | {seconds(r['hugo'].median)} | {ratio} | "
            f"{r['board'].peak_mb:.0f} MB | "
            + (f"{r['blog'].peak_mb:.0f} MB |" if r["blog"].peak_mb else "— |")
        )
    at = {size: r["board"].median for size, r in results.items()}
    blog10 = results.get(10000, {}).get("blog")
    warm10 = results.get(10000, {}).get("warm")
    secs, times, megabytes = "{:.2f} s".format, "{:.2f}×".format, "{:.0f} MB".format
    goals = [  # (goal, measured or None, met?, how to show the figure)
        ("cold build of 10,000 items ≤ 30 s", at.get(10000), lambda v: v <= 30, secs),
        (
            "≥ 8× faster than the blog plugin at 10,000",
            blog10.median / at[10000] if blog10 and blog10.median and at.get(10000) else None,
            lambda v: v >= 8,
            times,
        ),
        (
            "20,000 ≤ 2.2 × the 10,000 time",
            at[20000] / at[10000] if at.get(20000) and at.get(10000) else None,
            lambda v: v <= 2.2,
            times,
        ),
        (
            "warm rebuild after one edit ≤ 3 s at 10,000",
            warm10.median if warm10 else None,
            lambda v: v <= 3,
            secs,
        ),
        (
            "`board serve`: save → browser shows it ≤ 1 s at 5,000",
            statistics.median(serve) if serve else None,
            lambda v: v <= 1,
            secs,
        ),
        (
            "peak memory ≤ 1 GB at 10,000",
            results[10000]["board"].peak_mb if 10000 in results else None,
            lambda v: v <= 1024,
            megabytes,
        ),
        (
            "one A4 notice PDF ≤ 1 s",
            print_times[0] if print_times else None,
            lambda v: v <= 1,
            secs,
        ),
        (
            "print of the whole demo ≤ 60 s",
            print_times[1] if print_times else None,
            lambda v: v <= 60,
            secs,
        ),
    ]
    lines += ["", "| goal | measured | |", "|---|---|---|"]
    for name, value, test, show in goals:
        measured = "—" if value is None else show(value)
        lines.append(f"| {name} | {measured} | {verdict(None if value is None else test(value))} |")
    return "\n".join(lines)


def write_report(text: str, marker: str = "bench", heading: str = "") -> None:
    """Put `text` between the `<!-- {marker}:start/end -->` lines of docs/benchmarks.md,
    adding them (under `heading`) at the end the first time."""
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    doc = DOC.read_text(encoding="utf-8")
    if start not in doc:
        doc += f"\n## {heading}\n\n{start}\n{end}\n"
    head, _, rest = doc.partition(start)
    tail = rest.partition(end)[2]
    DOC.write_text(f"{head}{start}\n{text.rstrip()}\n{end}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,10000,20000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-size", type=int, default=5000)
    parser.add_argument("--no-print", action="store_true")
    parser.add_argument("--dry", action="store_true", help="print the table, leave the doc")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="board-bench-") as temp:
        work = Path(temp)
        results = {
            size: measure_size(size, args.runs, work) for size in map(int, args.sizes.split(","))
        }
        serve = measure_serve(args.serve_size, work) if args.serve_size else []
        print(f"serve: {serve}", flush=True)
    print_times = None if args.no_print else measure_print()
    text = report(results, serve, print_times, args.runs)
    print(text)
    if not args.dry:
        write_report(text)


if __name__ == "__main__":
    main()
