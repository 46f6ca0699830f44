"""Push records into an OpenSearch (or Elasticsearch-compatible) cluster with the official
`opensearch-py` client (the `[opensearch]` extra).

The index is created with `pipeline.export.mapping()` when it does not exist. Records go
in `_bulk` chunks; a chunk or document refused with 429 (too many requests) is retried
with a doubling back-off, a connection failure or 502/503/504 by the client itself. A
document the server rejects is reported through `on_error` with its file, and the others
are still sent.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from models import Record
from pipeline.errors import Errors, OnError, PostmortemError, raise_error
from pipeline.export import DEFAULT_INDEX, check_index_name, document, mapping

DEFAULT_CHUNK = 500
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF = 2.0
MAX_BACKOFF = 60.0
DEFAULT_TIMEOUT = 30.0


@dataclass
class PushReport:
    indexed: int = 0
    rejected: int = 0
    created_index: bool = False


def connect(url: str, *, timeout: float = DEFAULT_TIMEOUT, max_retries: int = DEFAULT_RETRIES):
    """An `OpenSearch` client for `url` (`https://user:password@host:9200` carries credentials)."""
    try:
        from opensearchpy import OpenSearch
    except ImportError:
        raise PostmortemError(Errors.E074, None) from None
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PostmortemError(Errors.E071, None, url=_safe(url), reason="the URL must be http(s)://host[:port]")
    return OpenSearch(hosts=[url], timeout=timeout, max_retries=max_retries, retry_on_timeout=True)


def ensure_index(client, index: str, url: str) -> bool:
    """Create `index` with our mapping unless it exists; True if it was created."""
    from opensearchpy.exceptions import ConnectionError, TransportError

    try:
        if client.indices.exists(index=index):
            return False
        client.indices.create(index=index, body=mapping())
        return True
    except ConnectionError as exc:
        raise PostmortemError(Errors.E071, None, url=_safe(url), reason=_reason(exc)) from None
    except TransportError as exc:
        if _kind(exc.info) == "resource_already_exists_exception":  # created meanwhile
            return False
        raise PostmortemError(Errors.E073, None, action=f"create index {index!r}", status=exc.status_code,
                              reason=_reason(exc)) from None


def push(records: Iterable[Record], url: str, *, index: str = DEFAULT_INDEX, chunk_size: int = DEFAULT_CHUNK,
         max_retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF, timeout: float = DEFAULT_TIMEOUT,
         on_error: OnError = raise_error, client=None) -> PushReport:
    """Index `records` into `index` at `url`; report each rejected document to `on_error`."""
    from opensearchpy import helpers

    check_index_name(index)
    client = client or connect(url, timeout=timeout, max_retries=max_retries)
    report = PushReport(created_index=ensure_index(client, index, url))
    paths: dict[str, str] = {}
    results = helpers.streaming_bulk(
        client, _actions(records, index, paths), chunk_size=chunk_size, max_retries=max_retries,
        initial_backoff=backoff, max_backoff=MAX_BACKOFF, raise_on_error=False, raise_on_exception=False)
    for ok, item in results:
        (_, info), = item.items()
        if ok:
            report.indexed += 1
        else:
            report.rejected += 1
            on_error(_rejection(info, paths.get(info.get("_id"), info.get("_id")), url))
    return report


def _rejection(info: dict, path: str, url: str) -> PostmortemError:
    """Why one document is not in the index: the server said no, or could not be reached."""
    reason = _reason(info.get("exception") or info.get("error"))
    if info.get("status") == "N/A":  # no answer at all, after the client's own retries
        return PostmortemError(Errors.E071, path, url=_safe(url), reason=reason)
    return PostmortemError(Errors.E072, path, status=info.get("status"), kind=_kind(info.get("error")), reason=reason)


def _actions(records: Iterable[Record], index: str, paths: dict[str, str]) -> Iterator[dict]:
    for record in records:
        paths[record.id] = record.source.path or record.id
        yield {"_op_type": "index", "_index": index, "_id": record.id, "_source": document(record)}


def _kind(error) -> str:
    """The engine's error type ('mapper_parsing_exception') from an error body."""
    if isinstance(error, dict):
        inner = error.get("error", error)
        return inner.get("type", "error") if isinstance(inner, dict) else "error"
    return "error"


def _reason(error) -> str:
    """One line saying why: from an engine error body, or a client exception."""
    if isinstance(error, Exception):
        info = getattr(error, "info", None)  # the response body, or the network error
        if not isinstance(info, dict):
            return str(info or error)
        error = info
    if isinstance(error, dict):
        inner = error.get("error", error)
        return str(inner.get("reason") or inner.get("type") or inner) if isinstance(inner, dict) else str(inner)
    return str(error)


def _safe(url: str) -> str:
    """`url` without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=f"{parts.username}:***@{host}").geturl()
