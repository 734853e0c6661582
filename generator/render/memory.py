"""Python's cycle collector and a loaded project.

A project of thousands of items is millions of objects that live until the build ends.
The loader pauses the collector while it makes them (content/loader.py); for the rest of
the build they are set aside from its walks (`gc.freeze`), which would otherwise visit
them all again and again while the site is drawn (about a sixth of a build that changes
nothing, at 10,000 items) and while prints are laid out (after each of which the
collector runs: print/engine.py). When the build is over they are handed back, so that
what is no longer used can be freed: the preview builds again and again in one process."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

IDLE_SECONDS = 0.5  # after a preview's rebuild (and the browser's reload), before a full walk


@contextmanager
def spared_from_collection() -> Iterator[None]:
    """Around what follows loading a project: everything made until then is left out of
    the collector's walks until the block ends. Inside a block that already did so (the
    prints of a build), nothing changes."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def collect_when_idle() -> None:
    """A full walk of the collector soon after a preview's rebuild, while the editor
    reads the page, rather than in the middle of the next one."""
    timer = threading.Timer(IDLE_SECONDS, gc.collect)
    timer.daemon = True
    timer.start()
