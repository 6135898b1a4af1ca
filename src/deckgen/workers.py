"""Worker processes: the one way deckgen uses more than one core.

    with Workers(jobs, state) as workers:
        for result in workers.map(function, items):   # function(state, item), in order
            ...

Each worker holds ``state`` from its start: forked where the system can, so a large
state (a page, its cards) is inherited rather than pickled, and only the items and
results cross between processes.
"""

from __future__ import annotations

import gc
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # imported when a pool starts: a small build never starts one
    from concurrent.futures import Future, ProcessPoolExecutor

_Item = TypeVar("_Item")
_Result = TypeVar("_Result")

# A worker process's copy of its pool's state: the one process-wide slot, set once
# when the worker starts (see _hold), read by every task it runs.
_held: Any = None


def _hold(state: Any, parent: int) -> None:
    global _held
    _held = state
    _die_with(parent)


def _die_with(parent: int) -> None:
    """End this worker when the build's process ends, even by ``kill -9``: a worker left
    behind would sleep forever. (Linux's PR_SET_PDEATHSIG; elsewhere the pool's own
    shutdown is all there is.)"""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1: PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:  # the build ended before the worker started
        os._exit(1)


def _call(function: Callable[..., _Result], args: tuple) -> _Result:
    return function(_held, *args)


def _context():
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


class Workers:
    """``jobs`` processes that each hold ``state`` and run ``function(state, ...)``."""

    def __init__(self, jobs: int, state: Any = None) -> None:
        self.jobs = jobs
        self.state = state
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        import sys
        from concurrent.futures import ProcessPoolExecutor

        if sys.platform.startswith("linux"):
            # What _die_with needs, imported here once: a forked worker inherits it, where
            # each would otherwise import it anew (about 10 ms, six workers a large build).
            import ctypes  # noqa: F401

        _share_before_fork()
        self.pool = ProcessPoolExecutor(self.jobs, _context(), _hold, (self.state, os.getpid()))
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.pool is not None
        self.pool.shutdown(cancel_futures=exc[0] is not None)
        gc.unfreeze()  # the build's objects may be collected again (see _share_before_fork)

    def submit(self, function: Callable[..., _Result], *args: Any) -> Future[_Result]:
        """Run ``function(state, *args)`` in a worker."""
        assert self.pool is not None
        return self.pool.submit(_call, function, args)

    def map(
        self, function: Callable[[Any, _Item], _Result], items: Iterable[_Item]
    ) -> Iterator[_Result]:
        """``function(state, item)`` for each item, in order.

        Items are taken from ``items`` only a little ahead of the results, so a caller
        that gives them out of a large list lets go of them about as fast as results come.
        """
        in_flight: deque[Future[_Result]] = deque()
        items = iter(items)
        while True:
            for item in itertools.islice(items, self.jobs + 1 - len(in_flight)):
                in_flight.append(self.submit(function, item))
            if not in_flight:
                return
            yield in_flight.popleft().result()


def _share_before_fork() -> None:
    """Keep the memory a forked worker shares with this process shared, as Python's
    documentation of gc.freeze advises: a page either process writes to is copied.

    - The heap's free memory goes back to the system first (glibc's malloc_trim): else
      the new objects of this process (the notes, as the workers send them) fill the
      holes left in pages the workers share, and each such page is copied.
    - The objects made so far are frozen: no full collection walks them, in this
      process or a worker, writing to each of them as it goes.

    100,000 cards, the whole build's memory at its largest: 592 -> 509 MB.
    """
    gc.freeze()
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc (musl, macOS): only the freeze then
        pass


def available() -> int:
    """How many processes a build uses by default: one per CPU this process may run on.

    Not fewer on a machine busy with other work: there, measured at 10,000 cards with
    two other processes keeping both CPUs busy, two processes took 5.5 s and one 6.5 to
    8 s (the system shares its CPUs out by process).
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def event():
    """A flag the main process can set and workers can read (a multiprocessing Event)."""
    return _context().Event()


def can_fork() -> bool:
    """Whether workers inherit the state instead of receiving a pickled copy."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
