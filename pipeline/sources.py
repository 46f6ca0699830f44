"""The records `postmortem lint` and `postmortem stats` work from.

An input is either a postmortem (extracted here with the same pipeline as `postmortem
extract`) or a JSONL file of records that `extract` wrote earlier (read back and validated,
never re-extracted). Standard input (`-`) is a records stream when its first line is a
record, else a postmortem. Every input that cannot give a record gives a `PostmortemError`
naming it, and the other inputs still come through.

spaCy is loaded only when a postmortem has to be extracted: statistics over a records file
start instantly. `index build` and `export` also name records files explicitly (`records=`),
walk folders (`expand_paths`), and skip what is already indexed (`keep=`).
"""
from __future__ import annotations

import fnmatch
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Callable, Iterable, Iterator

from pydantic import ValidationError

from models import Record
from pipeline.errors import Errors, OnError, PostmortemError
from pipeline.gold import validation_summary
from pipeline.ingest import DEFAULT_MAX_BYTES, Document, read_bytes, read_path

RECORD_SUFFIXES = (".jsonl", ".ndjson")
RECORDS_MAX_BYTES = 1 << 30  # a records file holds every document's text: allow far more
# What a folder walk picks up: the formats `pipeline.ingest` reads.
POSTMORTEM_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".txt", ".text",
                       ".html", ".htm", ".xhtml", ".docx", ".pdf"}
# A folder of postmortems often has a README that describes it; it is not an incident.
SKIPPED_STEMS = {"readme"}
# keep(path, sha256): False skips a postmortem before extraction, or a record read back.
Keep = Callable[[str | None, str], bool]


@dataclass
class Loaded:
    """One record, or why an input gave none. `name` says where it came from."""

    name: str
    record: Record | None = None
    error: PostmortemError | None = None


def load_records(inputs: Iterable[str], *, nlp=None, max_bytes: int = DEFAULT_MAX_BYTES,
                 stdin: BinaryIO | None = None, fmt: str | None = None, records: Iterable[str] = (),
                 keep: Keep | None = None) -> Iterator[Loaded]:
    """A `Loaded` for each record of each input, in input order (the `records` files, read as
    JSON lines whatever their names, first). Postmortems go through `extract_results`
    together (batched; a document the pipeline fails on gives E012). `fmt` forces how
    postmortems are read; with `keep`, what it refuses is skipped without a word."""
    items = [_read(name, max_bytes, stdin, fmt, as_records=True) for name in records]
    items += [_read(name, max_bytes, stdin, fmt) for name in inputs]
    if keep is not None:
        items = [item for item in items if not isinstance(item, Document) or keep(item.path, item.sha256)]
    documents = [item for item in items if isinstance(item, Document)]
    results = _extract(documents, nlp)
    for item in items:
        if isinstance(item, Document):
            result = next(results)
            yield Loaded(item.path or "<stdin>", record=result.record, error=result.error)
        else:
            yield from (loaded for loaded in item if keep is None or loaded.record is None
                        or keep(loaded.record.source.path, loaded.record.source.sha256))


def _read(name: str, max_bytes: int, stdin: BinaryIO | None, fmt: str | None = None,
          as_records: bool = False) -> Document | Iterable[Loaded]:
    """The document to extract, or the records (or the error) an input gives without extraction."""
    try:
        if name == "-":
            data = (stdin or sys.stdin.buffer).read()
            if as_records or is_records_stream(data):
                return read_records(data.decode("utf-8", errors="replace").splitlines(), "<stdin>")
            return read_bytes(data, path="<stdin>", fmt=fmt)
        if as_records or Path(name).suffix.lower() in RECORD_SUFFIXES:
            return read_records(read_path(name, max_bytes=RECORDS_MAX_BYTES, fmt="text").text.splitlines(), name)
        return read_path(name, max_bytes=max_bytes, fmt=fmt)
    except PostmortemError as exc:
        return [Loaded(name, error=exc)]


def expand_paths(paths: Iterable[str], globs: Iterable[str] | None = None) -> Iterator[str]:
    """Files as given; folders walked (sorted, recursively) for postmortem files, leaving
    out hidden ones and READMEs. With `globs`, a folder gives the files matching any of
    them instead (see `matches`)."""
    globs = tuple(globs) if globs else None
    for path in paths:
        if path != "-" and os.path.isdir(path):
            yield from _walk(path, globs)
        else:
            yield path


def matches(path: str, folder: str, globs: Iterable[str]) -> bool:
    """A glob without `/` matches the file name; with `/`, the path below the folder."""
    name = os.path.basename(path)
    below = os.path.relpath(path, folder).replace(os.sep, "/")
    return any(fnmatch.fnmatch(below if "/" in glob else name, glob) for glob in globs)


def _walk(folder: str, globs: tuple[str, ...] | None = None) -> Iterator[str]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(root, name)
            if not name.startswith(".") and (_is_postmortem(name) if globs is None else matches(path, folder, globs)):
                yield path


def _is_postmortem(name: str) -> bool:
    stem, suffix = os.path.splitext(name)
    return suffix.lower() in POSTMORTEM_SUFFIXES and stem.lower() not in SKIPPED_STEMS


def _extract(documents: list[Document], nlp) -> Iterator:
    if not documents:
        return iter(())
    from pipeline.nlp import extract_results  # spaCy only when there is something to extract

    return iter(extract_results(documents, nlp=nlp))


def is_records_stream(data: bytes) -> bool:
    """True when the first non-blank line is a JSON record (has a `schema_version`)."""
    first = next((line for line in data.lstrip().splitlines()[:1]), b"")
    if not first.startswith(b"{"):
        return False
    try:
        value = json.loads(first)
    except ValueError:
        return False
    return isinstance(value, dict) and "schema_version" in value


def read_records(lines: Iterable[str], name: str) -> Iterator[Loaded]:
    """Each non-blank line of a JSON-lines file as a validated record; a bad line is an error
    naming `name` and the line (E017), and the lines after it are still read."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield Loaded(f"{name}:{number}", record=Record.model_validate_json(line))
        except ValidationError as exc:
            yield Loaded(f"{name}:{number}", error=PostmortemError(
                Errors.E017, name, line=number, reason=validation_summary(exc)))


def records_of(loaded: Iterable[Loaded], on_error: OnError) -> Iterator[Record]:
    """The records alone; each input that gave none is handed to `on_error`."""
    for item in loaded:
        if item.error is not None:
            on_error(item.error)
        else:
            yield item.record


def display_name(loaded: Loaded) -> str:
    """The path diagnostics name: the document's own path when the record knows it."""
    if loaded.record is not None and loaded.record.source.path:
        return loaded.record.source.path
    return loaded.name
