"""A time budget per document: a runaway extraction becomes an E009 error, not a hang.

    >>> from pipeline.guard import extract_guarded
    >>> result = extract_guarded(document, seconds=30)
    >>> result.record or result.error.code          # a Record, or "E009" / "E012"

`deadline(seconds)` is the mechanism, usable around any work: it raises `Overrun` (a
`BaseException`, so no `except Exception` in a stage can swallow it) in the thread that
entered it once the time is up.

- In the main thread it is a real-time alarm (SIGALRM). The signal handler runs between
  bytecodes and, since Python 3.11, inside a long `re` match too, so a catastrophic regex
  is stopped as well as a slow loop.
- In any other thread a watcher thread (`pipeline.budget.Budget`) makes `Overrun` pending in
  the working thread. That stops Python code at its next bytecode, but not a single long
  call into C (a regex): when that matters, run the work in the main thread of a process of
  its own, as `postmortem batch` does.
"""
from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager
from typing import Iterable, Iterator

from pipeline.errors import Errors, PostmortemError
from pipeline.ingest import Document

DEFAULT_SECONDS = 60.0


class Overrun(BaseException):
    """Raised into work that ran past its deadline."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `Overrun` in this thread if the block is still running after `seconds`
    (None or 0: no limit)."""
    if not seconds:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _watcher(seconds):
            yield


def extract_guarded(document: Document, *, nlp=None, seconds: float | None = DEFAULT_SECONDS):
    """One document's `Result` (from `pipeline.nlp`): its record, E012 when a stage raised,
    or E009 when extraction took longer than `seconds`."""
    from pipeline.nlp import Result, extract_results, load

    nlp = nlp or load()
    try:
        with deadline(seconds):
            return next(extract_results([document], nlp=nlp))
    except Overrun:
        return Result(document, error=PostmortemError(Errors.E009, document.path, seconds=f"{seconds:g}"))


def guarded_results(documents: Iterable[Document], *, nlp=None,
                    seconds: float | None = DEFAULT_SECONDS) -> Iterator:
    """`extract_guarded` for each document, in order: one runaway costs `seconds`, and the
    documents after it are extracted as if it had not been there."""
    for document in documents:
        yield extract_guarded(document, nlp=nlp, seconds=seconds)


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def ring(signum, frame):
        if armed:  # an alarm that lands after the block ended is ignored
            raise Overrun(f"over {seconds:g} s")

    started = time.monotonic()
    previous_handler = signal.signal(signal.SIGALRM, ring)
    previous_delay, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if previous_delay:  # an outer alarm keeps what was left of its time
            left = previous_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))


@contextmanager
def _watcher(seconds: float) -> Iterator[None]:
    from pipeline.budget import Budget  # the watcher thread batch's Dask workers use

    budget = Budget(seconds)
    budget.begin(0)
    try:
        yield
    finally:
        budget.close()
