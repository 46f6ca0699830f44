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
- In any other thread a watcher thread makes `Overrun` pending in the working thread. That
  stops Python code at its next bytecode, but not a single long call into C (a regex):
  when that matters, run the work in the main thread of a process of its own.
"""
from __future__ import annotations

import ctypes
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
    target = threading.get_ident()
    done = threading.Event()
    fired = threading.Event()
    lock = threading.Lock()

    def watch():
        if not done.wait(seconds):
            with lock:
                if not done.is_set():
                    _raise_in(target, Overrun)
                    fired.set()

    watcher = threading.Thread(target=watch, name="pm-deadline", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            done.set()
            if fired.is_set():  # raised too late to land inside the block: take it back
                _raise_in(target, None)
        watcher.join()


def _raise_in(thread_id: int, exc_type) -> None:
    """Make `exc_type` pending in thread `thread_id` (None clears a pending one)."""
    value = ctypes.py_object(exc_type) if exc_type is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), value)
