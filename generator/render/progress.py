"""How a long build says how far it has got. The model and renderers report phases and
counts; the command decides whether and how to show them (see commands/terminal.py)."""

from __future__ import annotations


class Progress:
    """Reports nowhere: what tests, the preview's rebuilds and other callers get."""

    def phase(self, zh: str, en: str) -> None:
        """A new step of the build begins."""

    def advance(self, done: int, total: int) -> None:
        """`done` of the step's `total` pieces are finished."""

    def finish(self) -> None:
        """The step with counts is over."""


SILENT = Progress()
