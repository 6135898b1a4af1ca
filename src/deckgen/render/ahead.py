"""Code highlighted ahead: while the parse pass looks for a large page's cards (one core
at work), a worker highlights the page's fenced code on the other core.

Highlighting is about a third of rendering's work, and depends only on a fence's info
string and code, so the render pass takes the results as they are (see
``html.fence_html``). A fence not done in time, or that a card holds in another form
(in a list item, with a cloze), is highlighted when its card is rendered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..workers import Workers, event

if TYPE_CHECKING:
    from concurrent.futures import Future

AHEAD_FROM = 200  # fewer fences than this: a worker's start costs about what it saves
# The most fences handed to the worker: about what it gets through while the cards of
# the largest pages are found, and what keeps the memory a head start costs bounded
# (about 15 MB of HTML).
AHEAD_MOST = 10_000
BATCH = 50  # fences between looks at the stop flag: about what finish() waits for

Fence = tuple[str, str]  # (info string, code)


class Ahead:
    """``start(fences)`` hands them to a worker; ``finish()`` stops it and takes what it
    has done."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.fences: list[Fence] = []
        self.workers: Workers | None = None
        self.stop: Any = None
        self.done: Future[list[str]] | None = None

    def start(self, fences: list[Fence]) -> None:
        if self.jobs < 2 or len(fences) < AHEAD_FROM:
            return  # no idle core, or not worth a process
        # One task that runs until told to stop: a worker fed batch by batch would wait
        # on the main process, which is busy finding cards. The worker inherits the
        # fences as its state: they are not copied into a message.
        self.fences, self.stop = fences[:AHEAD_MOST], event()
        self.workers = Workers(1, (self.stop, self.fences)).__enter__()
        self.done = self.workers.submit(_highlight)

    def finish(self) -> dict[Fence, str]:
        """The HTML of every fence done so far, by (info, code)."""
        if self.workers is None or self.done is None:
            return {}
        self.stop.set()
        try:
            # The worker gives the HTML of the fences it got to, a prefix of them.
            found = dict(zip(self.fences, self.done.result(), strict=False))
        except Exception:  # only a head start is lost: the render highlights them itself
            found = {}
        self.workers.__exit__(None, None, None)
        self.workers = self.done = None
        return found


def _highlight(state: tuple[Any, list[Fence]]) -> list[str]:
    from .html import fence_html

    stop, fences = state
    done: list[str] = []
    for at in range(0, len(fences), BATCH):
        if stop.is_set():
            break
        done += [fence_html(info, code) for info, code in fences[at : at + BATCH]]
    return done
