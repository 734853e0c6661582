"""Progress on the editor's terminal: a line per phase and a bar for pages and prints.
Nothing is written when stderr is not a terminal (logs, CI, pipes)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..render.progress import SILENT, Progress

BAR = 24


class TerminalProgress(Progress):
    def __init__(self, lang: str = "zh", stream: TextIO | None = None) -> None:
        self.lang = lang
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self.step = ""
        self.drawn = False

    def phase(self, zh: str, en: str) -> None:
        self.finish()
        self.step = en if self.lang == "en" else zh
        self.stream.write(f"[{self._clock()}] {self.step}\n")
        self.stream.flush()

    def advance(self, done: int, total: int) -> None:
        filled = BAR * done // max(total, 1)
        self.stream.write(f"\r  [{'#' * filled}{'.' * (BAR - filled)}] {done}/{total}")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def _clock(self) -> str:
        return f"{time.monotonic() - self.started:5.1f}s"


def terminal_progress(lang: str = "zh") -> Progress:
    """A progress display when stderr is a terminal, else silence."""
    return TerminalProgress(lang) if sys.stderr.isatty() else SILENT
