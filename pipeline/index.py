"""An embedded search index: records in an SQLite database with an FTS5 full-text index.

`build_index()` extracts (or reads) records and stores them, incrementally: a file whose
sha256 is unchanged is not extracted again, a changed one is replaced, and `prune=True`
drops documents whose files are gone. One writer at a time holds `<db>.lock`; readers
(`open_index()`, used by `pipeline.search`) may search while a build runs.

Every value reaches SQL as a bound parameter; the only text put into SQL strings are the
names below.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import quote

from models import Record
from pipeline.errors import Errors, OnError, PostmortemError, raise_error
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.sources import expand_paths, load_records, records_of

DEFAULT_DB = "postmortems.db"
DB_ENV = "POSTMORTEM_DB"
INDEX_FORMAT = 1  # PRAGMA user_version; bump when the tables change
# Full-text columns, in order: bm25() weights and snippets follow this order.
FTS_COLUMNS = ("title", "summary", "causes", "timeline", "actions", "impact", "body")
TOKENIZER = "porter unicode61 remove_diacritics 2"
SCHEMA = f"""
BEGIN;
CREATE TABLE documents (
    doc INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,          -- absolute path of the file, or sha256:<hash> for stdin
    id TEXT NOT NULL,
    path TEXT,
    sha256 TEXT NOT NULL,
    title TEXT,
    categories TEXT NOT NULL,          -- JSON list, most important first
    start TEXT,                        -- incident.start as in the record
    started TEXT,                      -- its local date-time 'YYYY-MM-DDTHH:MM:SS'; NULL if undated
    duration_minutes INTEGER,
    impact_percent REAL,               -- largest share affected; 100 for all users
    record TEXT NOT NULL               -- the whole record, JSON
);
CREATE INDEX documents_started ON documents(started);
CREATE INDEX documents_id ON documents(id);
CREATE TABLE categories (
    doc INTEGER NOT NULL REFERENCES documents(doc) ON DELETE CASCADE,
    category TEXT NOT NULL
);
CREATE INDEX categories_category ON categories(category, doc);
CREATE VIRTUAL TABLE fts USING fts5({", ".join(FTS_COLUMNS)}, tokenize='{TOKENIZER}');
PRAGMA user_version = {INDEX_FORMAT};
COMMIT;
"""
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(:\d{2})?)?")
_LOCK_SUFFIX = ".lock"


def default_db() -> str:
    """`$POSTMORTEM_DB`, else `postmortems.db` in the current folder."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def document_key(path: str | None, sha256: str) -> str:
    """What identifies an indexed document: its file's absolute path, or its content hash
    when it came from no file (standard input)."""
    if not path or path.startswith("<"):
        return f"sha256:{sha256}"
    return os.path.abspath(path)


def file_is_gone(key: str) -> bool:
    """A document keyed by a path whose file no longer exists (`--prune` drops it)."""
    return not key.startswith("sha256:") and not Path(key).is_file()


# -- from a record to its rows ------------------------------------------------------------

def started_at(start: str | None) -> str | None:
    """'2024-03-02T14:05:00+00:00' -> '2024-03-02T14:05:00' (local wall clock, sortable);
    a start with no date ('14:05:00') cannot be placed in time: None."""
    match = _DATED.match(start or "")
    if not match:
        return None
    return f"{match.group(1)}T{match.group(2) or '00:00'}{match.group(3) or ':00'}"


def impact_percent(record: Record) -> float | None:
    shares = list(record.impact.percent_affected) + ([100.0] if record.impact.all_users else [])
    return max(shares) if shares else None


def summary_text(record: Record) -> str:
    """The summary sections' text; else the impact summary."""
    parts = [record.text[s.start:s.end] for s in record.sections if "summary" in s.kinds]
    return "\n".join(parts) or record.impact.summary or ""


def fts_values(record: Record) -> tuple[str, ...]:
    """The text of each `FTS_COLUMNS` column."""
    impact = [record.impact.summary or "", *record.impact.services]
    return (
        record.title or "",
        summary_text(record),
        "\n".join(cause.text for cause in record.root_causes),
        "\n".join(event.text for event in record.timeline),
        "\n".join(item.text for item in record.action_items),
        "\n".join(part for part in impact if part),
        record.text,
    )


def document_row(record: Record, key: str) -> dict:
    return {
        "key": key, "id": record.id, "path": record.source.path, "sha256": record.source.sha256,
        "title": record.title, "categories": json.dumps(record.root_cause_categories),
        "start": record.incident.start, "started": started_at(record.incident.start),
        "duration_minutes": record.incident.duration_minutes, "impact_percent": impact_percent(record),
        "record": record.model_dump_json(),
    }


# -- opening ----------------------------------------------------------------------------

def open_index(db_path: str | os.PathLike) -> sqlite3.Connection:
    """A read-only connection to an existing index (never creates one)."""
    name = str(db_path)
    if not Path(name).is_file():
        raise PostmortemError(Errors.E060, name, db=name)
    uri = f"file:{quote(os.path.abspath(name))}?mode=ro"
    return _checked(sqlite3.connect(uri, uri=True, timeout=30), name, create=False)


def _checked(conn: sqlite3.Connection, name: str, *, create: bool) -> sqlite3.Connection:
    """The connection once its database is known to be an index of this format."""
    conn.row_factory = sqlite3.Row
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version == 0 and not tables and create:
            conn.executescript(SCHEMA)
            conn.execute("PRAGMA journal_mode = WAL")
            return conn
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise PostmortemError(Errors.E061, name, reason=str(exc)) from None
    if version == 0 or not {"documents", "fts"} <= tables:
        conn.close()
        raise PostmortemError(Errors.E061, name, reason="it has no postmortem tables")
    if version != INDEX_FORMAT:
        conn.close()
        raise PostmortemError(Errors.E062, name, found=version, expected=INDEX_FORMAT)
    return conn


@contextmanager
def writer_lock(db_path: str) -> Iterator[None]:
    """Hold `<db>.lock` for the whole build: a second writer fails at once, naming the first.
    The operating system releases the lock when the process ends, however it ends."""
    lock_path = db_path + _LOCK_SUFFIX
    try:
        handle = open(lock_path, "a+", encoding="utf-8")
    except OSError as exc:
        raise PostmortemError(Errors.E065, db_path, reason=exc.strerror or str(exc)) from None
    with handle:
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip()
            raise PostmortemError(Errors.E063, db_path, holder=f" (process {holder})" if holder else "")
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            handle.truncate(0)
            _unlock(handle)


def _try_lock(handle) -> bool:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _unlock(handle) -> None:
    try:
        import fcntl
    except ImportError:
        import msvcrt
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.flock(handle, fcntl.LOCK_UN)


# -- writing ----------------------------------------------------------------------------

class IndexWriter:
    """The one writer of an index (see `writer_lock`). Changes are committed by `commit()`."""

    def __init__(self, db_path: str | os.PathLike):
        self.name = str(db_path)
        try:
            conn = sqlite3.connect(self.name, timeout=30)
        except sqlite3.Error as exc:
            raise PostmortemError(Errors.E065, self.name, reason=str(exc)) from None
        self.conn = _checked(conn, self.name, create=True)
        self.conn.execute("PRAGMA foreign_keys = ON")
        # With WAL, NORMAL never corrupts the index; a power cut may lose the last commits.
        self.conn.execute("PRAGMA synchronous = NORMAL")

    def known(self) -> dict[str, str]:
        """key -> sha256 of every indexed document."""
        return dict(self.conn.execute("SELECT key, sha256 FROM documents").fetchall())

    def put(self, record: Record, key: str) -> None:
        """Store `record` under `key`, replacing what was there."""
        self.remove(key)
        row = document_row(record, key)
        names = ", ".join(row)
        cursor = self.conn.execute(f"INSERT INTO documents ({names}) VALUES ({', '.join('?' * len(row))})",
                                   tuple(row.values()))
        doc = cursor.lastrowid
        self.conn.executemany("INSERT INTO categories (doc, category) VALUES (?, ?)",
                              [(doc, category) for category in record.root_cause_categories])
        self.conn.execute(f"INSERT INTO fts (rowid, {', '.join(FTS_COLUMNS)}) "
                          f"VALUES (?, {', '.join('?' * len(FTS_COLUMNS))})", (doc, *fts_values(record)))

    def remove(self, key: str) -> None:
        row = self.conn.execute("SELECT doc FROM documents WHERE key = ?", (key,)).fetchone()
        if row is not None:
            self.conn.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
            self.conn.execute("DELETE FROM documents WHERE doc = ?", (row[0],))

    def clear(self) -> None:
        for table in ("fts", "categories", "documents"):
            self.conn.execute(f"DELETE FROM {table}")

    def commit(self) -> None:
        try:
            self.conn.commit()
        except sqlite3.Error as exc:
            raise PostmortemError(Errors.E065, self.name, reason=str(exc)) from None

    def close(self) -> None:
        self.conn.close()


@dataclass
class BuildReport:
    """What a build did. `added`/`replaced`/`pruned` hold document paths (or keys)."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    pruned: list[str] = field(default_factory=list)
    failed: int = 0


class _Plan:
    """Which inputs need (re-)indexing: a key already indexed with the same sha256 does not,
    nor a key seen earlier in the same run."""

    def __init__(self, known: dict[str, str], report: BuildReport):
        self.known, self.report, self.seen = known, report, set()

    def wanted(self, path: str | None, sha256: str) -> bool:
        key = document_key(path, sha256)
        if key in self.seen:
            return False
        self.seen.add(key)
        if self.known.get(key) == sha256:
            self.report.unchanged += 1
            return False
        return True


def build_index(db_path: str | os.PathLike, paths: Iterable[str] = (), records_files: Iterable[str] = (),
                *, prune: bool = False, rebuild: bool = False, nlp=None, on_error: OnError = raise_error,
                max_bytes: int = DEFAULT_MAX_BYTES, fmt: str | None = None, chunk_size: int = 32) -> BuildReport:
    """Index the postmortem files `paths` and the records of `records_files` into `db_path`."""
    name, report = str(db_path), BuildReport()

    def failed(error: PostmortemError) -> None:
        report.failed += 1
        on_error(error)

    with writer_lock(name):
        writer = IndexWriter(name)
        try:
            if rebuild:
                writer.clear()
            plan = _Plan(writer.known(), report)
            records = _wanted_records(plan, paths, records_files, nlp, failed, max_bytes, fmt)
            for chunk in chunked(records, chunk_size):
                _store(writer, plan, chunk, report)
            if prune:
                report.pruned = _prune(writer, plan)
            writer.commit()
        finally:
            writer.close()
    return report


def _wanted_records(plan: _Plan, paths, records_files, nlp, on_error, max_bytes, fmt):
    loaded = load_records(expand_paths(paths), records=records_files, nlp=nlp, max_bytes=max_bytes,
                          fmt=fmt, keep=plan.wanted)
    return records_of(loaded, on_error)


def _store(writer: IndexWriter, plan: _Plan, records: list[Record], report: BuildReport) -> None:
    for record in records:
        key = document_key(record.source.path, record.source.sha256)
        (report.replaced if key in plan.known else report.added).append(record.source.path or key)
        writer.put(record, key)
    writer.commit()


def _prune(writer: IndexWriter, plan: _Plan) -> list[str]:
    gone = [key for key in plan.known if key not in plan.seen and file_is_gone(key)]
    for key in gone:
        writer.remove(key)
    return gone


def chunked(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
