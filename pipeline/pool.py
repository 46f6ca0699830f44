"""The local engine: worker processes that each build the pipeline once and extract chunks.

The parent hands each worker at most `IN_FLIGHT` chunks through its own pipe and gets the
outcomes back through another, so a worker that is killed can only damage its own pipes.
Each worker keeps a heartbeat in shared memory (which chunk, which document, since when):
a document that runs past the time budget gets its worker killed and an E009 entry, a worker
that dies (a crash, the OOM killer) gives its document an E012 entry; either way a new worker
takes the slot and the rest of the chunk is sent again. Chunks come out in input order.
"""
from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Iterable, Iterator

from pipeline.batch_worker import BatchSettings, Outcome, Watch, extract_chunk
from pipeline.errors import Errors, PostmortemError

IN_FLIGHT = 2          # chunks given to one worker at a time: one running, one waiting
POLL_SECONDS = 0.25    # how often the parent looks at heartbeats
IDLE = -1.0            # heartbeat chunk number of a worker between chunks
MAX_BLIND_RESTARTS = 3  # workers dying with no document to blame before the batch gives up


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


@dataclass
class Job:
    """A chunk of inputs; `fixed` holds the positions whose outcome is already known."""

    seq: int
    items: list[str]
    fixed: dict[int, Outcome] = field(default_factory=dict)

    def open_positions(self) -> list[int]:
        return [i for i in range(len(self.items)) if i not in self.fixed]

    def merge(self, outcomes: list[Outcome]) -> list[Outcome]:
        merged = dict(self.fixed)
        merged.update(zip(self.open_positions(), outcomes))
        return [merged[i] for i in range(len(self.items))]


class _Heartbeat(Watch):
    """shared = [chunk seq or IDLE, document index in the chunk, monotonic time it began]."""

    def __init__(self, shared):
        self.shared = shared

    def begin(self, index: int) -> None:
        self.shared[2] = time.monotonic()
        self.shared[1] = index


def _worker_main(tasks, results, shared, settings: BatchSettings, skip) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    try:
        from pipeline.nlp import build_nlp

        nlp = build_nlp(settings.spacy_model)
    except Exception as exc:
        results.send(("failed", str(exc)))
        return
    results.send(("ready",))
    watch = _Heartbeat(shared)
    while (job := tasks.recv()) is not None:
        seq, paths = job
        shared[1], shared[2], shared[0] = -1, time.monotonic(), seq
        outcomes = extract_chunk(paths, settings, nlp=nlp, skip=skip, watch=watch)
        shared[0] = IDLE
        results.send(("done", seq, outcomes))


class _Slot:
    """One worker process, its pipes, its heartbeat and the jobs it holds."""

    def __init__(self, context, settings: BatchSettings, skip):
        self.shared = context.RawArray("d", [IDLE, -1.0, 0.0])
        task_reader, self.tasks = context.Pipe(duplex=False)
        self.results, result_writer = context.Pipe(duplex=False)
        self.process = context.Process(target=_worker_main, name="postmortem-worker", daemon=True,
                                       args=(task_reader, result_writer, self.shared, settings, skip))
        self.process.start()
        task_reader.close()
        result_writer.close()
        self.jobs: deque[Job] = deque()
        self.ready = False

    def send(self, job: Job) -> None:
        self.jobs.append(job)
        self.tasks.send((job.seq, [job.items[i] for i in job.open_positions()]))

    def overrunning(self, budget: float) -> bool:
        return self.shared[0] != IDLE and time.monotonic() - self.shared[2] > budget

    def stop(self, wait_seconds: float) -> None:
        try:
            self.tasks.send(None)
        except OSError:
            pass
        self.process.join(wait_seconds)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.tasks.close()
        self.results.close()


def _context():
    methods = mp.get_all_start_methods()
    context = mp.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        context.set_forkserver_preload(["pipeline.pool", "pipeline.nlp"])
    return context


class LocalPool:
    """`imap(chunks)`: lists of outcomes, one list per chunk, in the chunks' order."""

    def __init__(self, settings: BatchSettings, workers: int | None = None, skip=None):
        self.settings = settings
        self.workers = workers or default_workers()
        self.skip = skip
        self._context = _context()
        self._slots: list[_Slot] = []
        self._retry: deque[Job] = deque()
        self._done: dict[int, list[Outcome]] = {}
        self._blind_restarts = 0
        self._exhausted = False

    def imap(self, chunks: Iterable[list[str]]) -> Iterator[list[Outcome]]:
        self._slots = [_Slot(self._context, self.settings, self.skip) for _ in range(self.workers)]
        jobs = (Job(seq, list(items)) for seq, items in enumerate(chunks))
        taken = emitted = 0
        clean = False
        try:
            while True:
                taken += self._dispatch(jobs, outstanding=taken - emitted)
                while emitted in self._done:
                    yield self._done.pop(emitted)
                    emitted += 1
                if emitted == taken and not self._retry and self._exhausted:
                    break
                self._receive()
                self._watch()
            clean = True
        finally:
            for slot in self._slots:
                slot.stop(5.0 if clean else 0.0)

    def _dispatch(self, jobs: Iterator[Job], outstanding: int) -> int:
        """Give free workers jobs (retries first); returns how many new jobs were taken."""
        taken = 0
        limit = self.workers * (IN_FLIGHT + 2)  # bounds what waits in memory for a slow chunk
        for slot in sorted(self._slots, key=lambda s: len(s.jobs)):
            while len(slot.jobs) < IN_FLIGHT:
                if self._retry:
                    slot.send(self._retry.popleft())
                    continue
                if self._exhausted or outstanding + taken >= limit:
                    break
                job = next(jobs, None)
                if job is None:
                    self._exhausted = True
                    break
                taken += 1
                slot.send(job)
        return taken

    def _receive(self) -> None:
        by_reader = {slot.results: slot for slot in self._slots}
        for reader in wait(list(by_reader), timeout=POLL_SECONDS):
            slot = by_reader[reader]
            try:
                message = reader.recv()
            except (EOFError, OSError):
                self._replace(slot, *self._death_reason(slot))
                continue
            self._handle(slot, message)

    def _handle(self, slot: _Slot, message: tuple) -> None:
        kind = message[0]
        if kind == "ready":
            slot.ready = True
        elif kind == "failed":
            raise PostmortemError(Errors.E020, reason=message[1])
        else:
            _, seq, outcomes = message
            job = next(job for job in slot.jobs if job.seq == seq)
            slot.jobs.remove(job)
            self._done[seq] = job.merge(outcomes)
            self._blind_restarts = 0

    def _watch(self) -> None:
        for slot in list(self._slots):
            if slot.overrunning(self.settings.timeout):
                slot.process.kill()
                slot.process.join()
                self._replace(slot, Errors.E009, seconds=f"{self.settings.timeout:g}")
            elif not slot.process.is_alive():
                self._replace(slot, *self._death_reason(slot))

    def _death_reason(self, slot: _Slot) -> tuple:
        slot.process.join()
        code = slot.process.exitcode
        how = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
        return Errors.E012, {"reason": f"the worker process died ({how})"}

    def _replace(self, slot: _Slot, message, values: dict | None = None, **more) -> None:
        """Collect what a dead worker finished, blame its current document, send the rest again."""
        self._drain(slot)
        if not slot.ready:
            raise PostmortemError(Errors.E020, reason="a worker process died while starting")
        seq, index = slot.shared[0], int(slot.shared[1])
        blamed = False
        for job in slot.jobs:
            if job.seq == seq and index >= 0:
                position = job.open_positions()[index]
                path = job.items[position]
                error = PostmortemError(message, path, **(values or {}), **more)
                job.fixed[position] = Outcome(path, error=error.to_dict())
                blamed = True
        self._retry.extendleft(reversed(slot.jobs))
        self._blind_restarts = 0 if blamed else self._blind_restarts + 1
        if self._blind_restarts > MAX_BLIND_RESTARTS:
            raise PostmortemError(Errors.E020, reason="worker processes keep dying between documents")
        slot.jobs.clear()
        slot.stop(0.0)
        self._slots[self._slots.index(slot)] = _Slot(self._context, self.settings, self.skip)

    def _drain(self, slot: _Slot) -> None:
        try:
            while slot.results.poll():
                message = slot.results.recv()
                if message[0] == "done":
                    self._handle(slot, message)
                elif message[0] == "ready":
                    slot.ready = True
        except Exception:  # a message cut short by the kill: the rest is sent again
            pass
