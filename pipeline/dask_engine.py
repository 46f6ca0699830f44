"""The Dask engine: the same chunks and the same `extract_chunk` as the local engine, run as
tasks on a Dask distributed cluster (`pip install "postmortem-miner[dask]"`).

Workers read the paths themselves, so they must see the files at the same paths (a shared
file system). Each worker thread builds its pipeline once. A chunk whose task fails (its
worker died, say) is sent again one path per task, so only the culprit becomes an error.
"""
from __future__ import annotations

from collections import deque
from typing import Iterable, Iterator

from pipeline.batch_worker import BatchSettings, Outcome, extract_chunk, thread_nlp
from pipeline.errors import Errors, PostmortemError

CONNECT_SECONDS = 15


def extract_task(paths: list[str], settings: BatchSettings, skip=None) -> list[Outcome]:
    """What runs on a Dask worker: one chunk, with the per-document time budget."""
    from pipeline.budget import Budget

    budget = Budget(settings.timeout)
    try:
        return extract_chunk(paths, settings, nlp=thread_nlp(settings.spacy_model), skip=skip, watch=budget)
    finally:
        budget.close()


def dask_imap(chunks: Iterable[list[str]], settings: BatchSettings, *, scheduler: str | None = None,
              workers: int | None = None, skip=None) -> Iterator[list[Outcome]]:
    """Outcome lists in chunk order. Without `scheduler`, a LocalCluster of `workers`
    single-threaded processes on this machine."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise PostmortemError(Errors.E021) from None
    cluster = None
    if scheduler is None:
        from pipeline.pool import default_workers

        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                               processes=True, host="127.0.0.1", dashboard_address=None)
    try:
        with Client(scheduler or cluster, timeout=CONNECT_SECONDS) as client:
            yield from _ordered(client, chunks, settings, skip)
    except OSError as exc:  # the scheduler cannot be reached
        raise PostmortemError(Errors.E022, scheduler, reason=str(exc)) from None
    finally:
        if cluster is not None:
            cluster.close()


def _ordered(client, chunks: Iterable[list[str]], settings: BatchSettings, skip) -> Iterator[list[Outcome]]:
    """Keep about two chunks per worker thread in flight and yield them in order."""
    shared_skip = client.scatter(skip, broadcast=True) if skip is not None else None
    limit = 2 * max(1, sum(client.nthreads().values()))
    in_flight: deque = deque()
    for chunk in chunks:
        in_flight.append((chunk, client.submit(extract_task, chunk, settings, shared_skip, pure=False)))
        while len(in_flight) >= limit:
            yield _result(client, *in_flight.popleft(), settings, shared_skip)
    while in_flight:
        yield _result(client, *in_flight.popleft(), settings, shared_skip)


def _result(client, chunk: list[str], future, settings: BatchSettings, skip) -> list[Outcome]:
    try:
        return future.result()
    except Exception:
        return [_one(client, path, settings, skip) for path in chunk]


def _one(client, path: str, settings: BatchSettings, skip) -> Outcome:
    try:
        return client.submit(extract_task, [path], settings, skip, pure=False).result()[0]
    except Exception as exc:
        reason = f"the Dask task failed ({type(exc).__name__}: {exc})"
        return Outcome(path, error=PostmortemError(Errors.E012, path, reason=reason).to_dict())
