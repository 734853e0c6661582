"""Python's cycle collector and a loaded project.

A project of thousands of items is millions of objects that live until the build ends.
The loader pauses the collector while it makes them (content/loader.py); afterwards they
are set aside from its walks (`gc.freeze`), which would otherwise visit them all again
and again while the site is drawn: about a sixth of a build that changes nothing, at
10,000 items. The objects of an earlier load (the preview's previous save) are handed
back to it first, so what is no longer used can still be freed."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def loading_for_the_build() -> Iterator[None]:
    """Load inside this: what was loaded is then left out of the collector's walks."""
    gc.unfreeze()
    try:
        yield
    finally:
        gc.freeze()
