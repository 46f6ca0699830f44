"""Batch extraction: many inputs in, records out in input order, errors to their own file.

    >>> from pipeline.batch import run_batch
    >>> summary = run_batch(["postmortems/"], "records.jsonl", errors="errors.jsonl")
    >>> summary.records, summary.errors

Inputs are files, directories (walked recursively in name order for the postmortem formats, or
the files matching `globs`) and `-` for a list of paths, one a line, on `stdin`. They are enumerated lazily and
go through the engine in chunks, so memory does not grow with their number.
"""
from __future__ import annotations

import contextlib
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import Callable, Iterable, Iterator, TextIO

from pipeline.batch_worker import BatchSettings, Outcome
from pipeline.errors import Errors, PostmortemError
from pipeline.outputs import PartialOutput, ShaIndex, atomic_output
from pipeline.sources import expand_paths

ENGINES = ("local", "dask")


@dataclass
class BatchSummary:
    """What a run did: every input is exactly one of records, errors or skipped."""

    records: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0

    @property
    def files(self) -> int:
        return self.records + self.errors + self.skipped

    def add(self, outcome: Outcome) -> None:
        if outcome.skipped:
            self.skipped += 1
        elif outcome.error is not None:
            self.errors += 1
        else:
            self.records += 1


def iter_inputs(inputs: Iterable[str | os.PathLike], *, globs: Iterable[str] | None = None,
                stdin: TextIO | None = None) -> Iterator[str]:
    """Paths to extract, in a stable order: folders walked as `pipeline.sources.expand_paths`
    walks them (the postmortem formats, or the files matching `globs`). Named files are kept
    whatever their name; a missing one is still yielded (it becomes an E001 entry). `-` reads
    paths (or folders) from `stdin`, one a line."""
    for item in inputs:
        item = os.fspath(item)
        if item != "-":
            yield from expand_paths([item], globs)
            continue
        if stdin is None:
            raise ValueError("'-' needs stdin, the stream the paths are read from")
        for line in stdin:
            path = line.rstrip("\r\n")
            if path.strip():
                yield from expand_paths([path], globs)


def chunked(paths: Iterable[str], size: int) -> Iterator[list[str]]:
    paths = iter(paths)
    while chunk := list(islice(paths, size)):
        yield chunk


def batch_outcomes(paths: Iterable[str], settings: BatchSettings = BatchSettings(), *,
                   workers: int | None = None, engine: str = "local", scheduler: str | None = None,
                   skip: ShaIndex | None = None) -> Iterator[Outcome]:
    """One `Outcome` per path, in order, extracted by the chosen engine."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    chunks = chunked(paths, settings.batch_size)
    if engine == "dask" or scheduler:
        from pipeline.dask_engine import dask_imap

        results = dask_imap(chunks, settings, scheduler=scheduler, workers=workers, skip=skip)
    else:
        from pipeline.pool import LocalPool

        results = LocalPool(settings, workers, skip).imap(chunks)
    for outcomes in results:
        yield from outcomes


def run_batch(inputs: Iterable[str | os.PathLike], output: str, *, errors: str | None = None,
              resume: bool = False, settings: BatchSettings = BatchSettings(),
              workers: int | None = None, engine: str = "local", scheduler: str | None = None,
              globs: Iterable[str] | None = None, stdin: TextIO | None = None,
              on_outcome: Callable[[Outcome], None] | None = None) -> BatchSummary:
    """Write a record line per input to `output` (`-`: stdout, else atomically through
    `output.partial`), an error line per failed input to `errors`, and return the counts.

    With `resume`, inputs whose sha256 is already in `output` are skipped and the new
    records appended. If the run is interrupted, `output` is left as it was and the records
    written so far stay in `output.partial`, where `resume` picks them up.
    """
    if resume and output == "-":
        raise ValueError("resume needs an output file, not standard output")
    summary, started = BatchSummary(), time.monotonic()
    sink = _open_sink(output, resume)
    try:
        with _error_sink(errors) as error_file:
            paths = iter_inputs(inputs, globs=globs, stdin=stdin)
            for outcome in batch_outcomes(paths, settings, workers=workers, engine=engine,
                                          scheduler=scheduler, skip=getattr(sink, "index", None)):
                _write(outcome, sink, error_file)
                summary.add(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
    except BaseException:
        sink.keep()
        raise
    sink.commit()
    summary.seconds = time.monotonic() - started
    return summary


def _write(outcome: Outcome, sink, error_file) -> None:
    if outcome.line is not None:
        sink.write(outcome.line)
    elif outcome.error is not None and error_file is not None:
        import json

        error_file.write(json.dumps(outcome.error, ensure_ascii=False) + "\n")


def _open_sink(output: str, resume: bool):
    if output == "-":
        return _StdoutSink()
    try:
        return PartialOutput(output, resume=resume)
    except OSError as exc:
        raise PostmortemError(Errors.E019, output, reason=exc.strerror or str(exc)) from None


@contextmanager
def _error_sink(errors: str | None):
    """The errors file, written atomically; a path that cannot be written is E019."""
    if errors is None:
        yield None
        return
    with contextlib.ExitStack() as stack:
        try:
            handle = stack.enter_context(atomic_output(errors))
        except OSError as exc:
            raise PostmortemError(Errors.E019, errors, reason=exc.strerror or str(exc)) from None
        yield handle


class _StdoutSink:
    """Standard output: records as they come; nothing to commit or keep."""

    def write(self, line: str) -> None:
        import sys

        sys.stdout.write(line + "\n")

    def commit(self) -> None:
        import sys

        sys.stdout.flush()

    keep = commit
