"""The work of one batch worker: a chunk of paths in, one outcome per path out, in order.

Both engines (local processes and Dask) call `extract_chunk`, so they write the same records.
A file that cannot be read, a stage that raises and a document that overruns its time budget
each become an error outcome; the rest of the chunk goes on.
"""
from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Iterator, NamedTuple, Sequence

from pipeline.errors import Errors, PostmortemError
from pipeline.guard import Overrun  # raised into a document that ran past its budget
from pipeline.ingest import DEFAULT_MAX_BYTES, Document, read_path

DEFAULT_TIMEOUT = 60.0
DEFAULT_BATCH_SIZE = 32


@dataclass(frozen=True)
class BatchSettings:
    """How each file is read and extracted (the same on every worker)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    fmt: str | None = None
    spacy_model: str | None = None
    timeout: float = DEFAULT_TIMEOUT   # seconds one document may take
    batch_size: int = DEFAULT_BATCH_SIZE  # documents per chunk and per `nlp.pipe` batch


class Outcome(NamedTuple):
    """What became of one input: a record line, an error entry, or skipped (already written)."""

    path: str
    line: str | None = None
    error: dict | None = None
    skipped: bool = False


class Watch:
    """Told when each document of a chunk begins and when work stops. Engines subclass it: the
    local pool keeps a heartbeat its parent watches, Dask a deadline (`pipeline.budget`)."""

    def begin(self, index: int) -> None:
        pass

    def disarm(self) -> None:
        """No document is running (between attempts, and at the end)."""


def extract_chunk(paths: Sequence[str], settings: BatchSettings, *, nlp, skip=None,
                  watch: Watch | None = None) -> list[Outcome]:
    """One outcome per path, in order. `skip` holds sha256s to leave out (`--resume`).

    The documents run through `nlp.pipe` together (`extract_results`: a stage that raises
    costs its document an E012 entry). When a document overruns its budget, the pipe stops;
    the first document without an outcome is run again alone (E009 if it overruns again,
    else its record) and the pipe resumes after it.
    """
    chunk = _Chunk(paths, settings, nlp, skip, watch or Watch())
    position = 0
    while (position := _first_open(chunk.outcomes, position)) is not None:
        if chunk.attempt(position, len(paths)) is None:
            continue
        position = _first_open(chunk.outcomes, position)
        if position is not None:
            chunk.outcomes[position] = chunk.alone(position)
    return chunk.outcomes


def _first_open(outcomes: list, start: int) -> int | None:
    return next((i for i in range(start, len(outcomes)) if outcomes[i] is None), None)


class _Chunk:
    def __init__(self, paths, settings, nlp, skip, watch):
        self.paths, self.settings, self.nlp, self.skip, self.watch = paths, settings, nlp, skip, watch
        self.outcomes: list[Outcome | None] = [None] * len(paths)

    def attempt(self, start: int, stop: int) -> BaseException | None:
        """Fill the open outcomes in [start, stop); what a stage raised, or None."""
        failure = None
        try:
            self._pipe(start, stop)
        except (Exception, Overrun) as exc:
            failure = exc
        finally:
            self.watch.disarm()
        return failure

    def alone(self, index: int) -> Outcome:
        path = self.paths[index]
        failure = self.attempt(index, index + 1)
        if self.outcomes[index] is not None:
            return self.outcomes[index]
        if isinstance(failure, Overrun):
            return _error(path, PostmortemError(Errors.E009, path, seconds=f"{self.settings.timeout:g}"))
        reason = f"{type(failure).__name__}: {failure}" if str(failure) else type(failure).__name__
        return _error(path, PostmortemError(Errors.E012, path, reason=reason))

    def _pipe(self, start: int, stop: int) -> None:
        """`extract_results` turns a stage's exception into that document's E012 and goes on;
        an `Overrun` (or a tokenizer error) stops the pipe and is handled by the caller."""
        from pipeline.nlp import extract_results

        fed: deque[int] = deque()

        def documents():
            for document, index in self._documents(start, stop):
                fed.append(index)
                yield document

        for result in extract_results(documents(), nlp=self.nlp, batch_size=self.settings.batch_size):
            index = fed.popleft()
            path = self.paths[index]
            self.outcomes[index] = _error(path, result.error) if result.error is not None \
                else Outcome(path, line=result.record.model_dump_json())

    def _documents(self, start: int, stop: int) -> Iterator[tuple[Document, int]]:
        """Read lazily (a chunk never holds more than the pipe's batch); failures and skips
        become outcomes here and never reach the pipeline."""
        settings = self.settings
        for index in range(start, stop):
            if self.outcomes[index] is not None:
                continue
            self.watch.begin(index)
            path = self.paths[index]
            try:
                document = read_path(path, max_bytes=settings.max_bytes, fmt=settings.fmt)
            except PostmortemError as exc:
                self.outcomes[index] = _error(path, exc)
                continue
            if self.skip is not None and document.sha256 in self.skip:
                self.outcomes[index] = Outcome(path, skipped=True)
                continue
            yield document, index


def _error(path: str, exc: PostmortemError) -> Outcome:
    return Outcome(path, error={"path": path, "code": exc.code, "message": exc.reason})


_local = threading.local()


def thread_nlp(spacy_model: str | None):
    """This thread's pipeline, built on first use (a pipeline is not shared between threads)."""
    cache = getattr(_local, "pipelines", None)
    if cache is None:
        cache = _local.pipelines = {}
    if spacy_model not in cache:
        from pipeline.nlp import build_nlp

        cache[spacy_model] = build_nlp(spacy_model)
    return cache[spacy_model]
