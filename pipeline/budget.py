"""A time budget per document for a thread that cannot be killed (a Dask worker's task).

A watcher thread raises `Overrun` into the working thread once the document that began last
has run past its budget. Python code is interrupted at its next bytecode; a long call inside
a C extension is interrupted when it returns. (The local engine's workers are processes: its
parent kills a worker that overruns, see `pipeline.pool`.)
"""
from __future__ import annotations

import ctypes
import threading
import time

from pipeline.batch_worker import Overrun, Watch


def _raise_in(thread_id: int, exc_type) -> None:
    """Make `exc_type` pending in thread `thread_id` (None clears a pending one)."""
    value = ctypes.py_object(exc_type) if exc_type is not None else None
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), value)


class Budget(Watch):
    """`begin(i)` arms a deadline `seconds` away for the calling thread; `disarm()` clears it
    and any `Overrun` raised too late to matter. Use one per chunk; `close()` ends the watcher."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._thread_id = threading.get_ident()
        self._cond = threading.Condition()
        self._deadline: float | None = None
        self._fired = False
        self._closed = False
        threading.Thread(target=self._watch, name="pm-budget", daemon=True).start()

    def begin(self, index: int) -> None:
        with self._cond:
            self._settle()
            self._deadline = time.monotonic() + self.seconds
            self._cond.notify()

    def disarm(self) -> None:
        while True:  # an Overrun may land while we wait for the lock: it is cleared here
            try:
                with self._cond:
                    self._deadline = None
                    self._settle()
                return
            except Overrun:
                continue

    def close(self) -> None:
        self.disarm()
        with self._cond:
            self._closed = True
            self._cond.notify()

    def _settle(self) -> None:
        if self._fired:
            _raise_in(self._thread_id, None)
            self._fired = False

    def _watch(self) -> None:
        with self._cond:
            while not self._closed:
                if self._deadline is None:
                    self._cond.wait()
                elif (left := self._deadline - time.monotonic()) > 0:
                    self._cond.wait(left)
                else:
                    _raise_in(self._thread_id, Overrun)
                    self._fired, self._deadline = True, None
