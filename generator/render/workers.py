"""Forked worker processes for the parts of a build that use both cores (pages, prints).

Workers are forked so they inherit the loaded board and compiled templates; a build that
is killed takes its workers with it (Linux)."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")
PR_SET_PDEATHSIG = 1


def cores() -> int:
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


_task: Callable | None = None  # what forked workers run; they inherit it, unpickled


def forked_map(
    function: Callable[[T], R],
    jobs: Iterable[T],
    workers: int,
    initializer: Callable | None = None,
    initargs: tuple = (),
    on_result: Callable[[int], None] | None = None,
) -> list[R]:
    """`function` (any callable, a bound method too) over `jobs` in `workers` forked
    processes, results in job order. Only jobs and results are pickled. `on_result` is
    told how many results are in, as they arrive."""
    global _task
    _task = function

    def start(*args):
        die_with_parent()
        if initializer:
            initializer(*args)

    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=start, initargs=initargs
        ) as pool:
            results = []
            for result in pool.map(_run_task, jobs):
                results.append(result)
                if on_result:
                    on_result(len(results))
            return results
    finally:
        _task = None


def _run_task(job):
    return _task(job)


def die_with_parent() -> None:
    """A build killed mid-way must not leave its workers behind (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


class Background(Generic[R]):
    """`function()` run in a forked process while this one goes on: the print of an
    edited notice is laid out on one core while the site is drawn on the other. The
    function and what it reads are inherited, not copied; only its result is pickled."""

    def __init__(self, function: Callable[[], R]) -> None:
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_deliver, args=(function, send))
        self._process.start()
        send.close()  # this process only receives: the child's end closing means it ended

    def result(self) -> R:
        """Wait for the result; an error in the function is raised here."""
        try:
            failed, value = self._receive.recv()
        except EOFError:
            raise RuntimeError("the background process ended without a result") from None
        finally:
            self._receive.close()
            self._process.join()
        if failed:
            raise RuntimeError(f"the background process failed:\n{value}")
        return value

    def cancel(self) -> None:
        """Stop it: the build it was part of has failed."""
        self._process.kill()
        self._process.join()
        self._receive.close()


def _deliver(function: Callable, send) -> None:
    die_with_parent()
    try:
        outcome = (False, function())
    except Exception:
        outcome = (True, traceback.format_exc())
    send.send(outcome)
    send.close()
