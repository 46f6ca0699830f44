"""A one-line progress display on a terminal: files, files/s, errors, ETA.

It draws only on a terminal (never in a pipe, a log file or CI), at most a few times a
second, and moves out of the way for error lines.
"""
from __future__ import annotations

import os
import threading
import time
from typing import Iterable, TextIO

REDRAW_SECONDS = 0.2


def wanted(stream: TextIO, quiet: bool = False) -> bool:
    """Draw only for a person watching: a terminal, not quiet, not CI."""
    isatty = getattr(stream, "isatty", None)
    return not quiet and not os.environ.get("CI") and bool(isatty and isatty())


def format_eta(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def status_line(done: int, total: int | None, errors: int, elapsed: float) -> str:
    """`1,200/5,000 files  84.1 files/s  3 errors  ETA 0:45` (no total: no ETA)."""
    rate = done / elapsed if elapsed > 0 else 0.0
    count = f"{done:,}/{total:,} files" if total is not None else f"{done:,} files"
    eta = format_eta((total - done) / rate) if total is not None and rate > 0 else "?"
    return f"{count}  {rate:,.1f} files/s  {errors:,} error{'s' if errors != 1 else ''}  ETA {eta}"


class Progress:
    """`update(error=...)` per finished input; `note(text)` prints a line above the bar."""

    def __init__(self, stream: TextIO, *, enabled: bool, total: int | None = None):
        self.stream, self.enabled, self.total = stream, enabled, total
        self.done = self.errors = 0
        self._started = time.monotonic()
        self._drawn = 0.0

    def count_in_background(self, paths: Iterable[str]) -> None:
        """Learn the total (for the ETA) by walking the inputs a second time, in a thread."""
        if self.enabled:
            threading.Thread(target=self._count, args=(paths,), daemon=True, name="pm-count").start()

    def _count(self, paths: Iterable[str]) -> None:
        self.total = sum(1 for _ in paths)

    def update(self, *, error: bool = False) -> None:
        self.done += 1
        self.errors += error
        now = time.monotonic()
        if self.enabled and now - self._drawn >= REDRAW_SECONDS:
            self._drawn = now
            self._draw()

    def note(self, text: str) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        if self.enabled:
            self._draw()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _draw(self) -> None:
        line = status_line(self.done, self.total, self.errors, time.monotonic() - self._started)
        self.stream.write("\r\x1b[K" + line)
        self.stream.flush()
