"""The records `postmortem lint` and `postmortem stats` work from.

An input is either a postmortem (extracted here with the same pipeline as `postmortem
extract`) or a JSONL file of records that `extract` wrote earlier (read back and validated,
never re-extracted). Standard input (`-`) is a records stream when its first line is a
record, else a postmortem. Every input that cannot give a record gives a `PostmortemError`
naming it, and the other inputs still come through.

spaCy is loaded only when a postmortem has to be extracted: statistics over a records file
start instantly.
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from pydantic import ValidationError

from models import Record
from pipeline.errors import Errors, PostmortemError
from pipeline.ingest import DEFAULT_MAX_BYTES, read_bytes, read_path

RECORD_SUFFIXES = (".jsonl", ".ndjson")
RECORDS_MAX_BYTES = 1 << 30  # a records file holds every document's text: allow far more


@dataclass
class Loaded:
    """One record, or why an input gave none. `name` says where it came from."""

    name: str
    record: Record | None = None
    error: PostmortemError | None = None


def load_records(inputs: Iterable[str], *, nlp=None, max_bytes: int = DEFAULT_MAX_BYTES,
                 stdin: BinaryIO | None = None) -> Iterator[Loaded]:
    """A `Loaded` for each record of each input, in order."""
    for name in inputs:
        try:
            if name == "-":
                yield from _from_stdin(stdin or sys.stdin.buffer, nlp)
            elif Path(name).suffix.lower() in RECORD_SUFFIXES:
                document = read_path(name, max_bytes=RECORDS_MAX_BYTES, fmt="text")
                yield from read_records(document.text, name)
            else:
                yield extract_one(read_path(name, max_bytes=max_bytes), nlp)
        except PostmortemError as exc:
            yield Loaded(name, error=exc)


def _from_stdin(stream: BinaryIO, nlp) -> Iterator[Loaded]:
    data = stream.read()
    if is_records_stream(data):
        yield from read_records(data.decode("utf-8", errors="replace"), "<stdin>")
    else:
        yield extract_one(read_bytes(data, path="<stdin>"), nlp)


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


def read_records(text: str, name: str) -> Iterator[Loaded]:
    """Each non-blank line of a JSONL text as a validated record; a bad line is an error
    naming `name` and the line, and the lines after it are still read."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            yield Loaded(where, record=Record.model_validate_json(line))
        except ValidationError as exc:
            yield Loaded(where, error=PostmortemError(Errors.E015, name, line=number, reason=_first_problem(exc)))


def _first_problem(exc: ValidationError) -> str:
    problem = exc.errors()[0]
    if problem["type"] == "json_invalid":
        return f"invalid JSON ({problem['ctx']['error']})" if "ctx" in problem else "invalid JSON"
    where = ".".join(str(part) for part in problem["loc"])
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {problem['msg']}{more}" if where else f"{problem['msg']}{more}"


def extract_one(document, nlp=None) -> Loaded:
    """Extract one document; a failure inside the pipeline is an error for this document
    only (E012), so one bad file never costs the others their results."""
    from pipeline.nlp import extract_document, load

    name = document.path or "<stdin>"
    try:
        return Loaded(name, record=extract_document(document, nlp=nlp or load()))
    except PostmortemError as exc:
        return Loaded(name, error=exc)
    except Exception as exc:  # noqa: BLE001 - any stage failure is reported for this file alone
        return Loaded(name, error=PostmortemError(Errors.E012, name, reason=f"{type(exc).__name__}: {exc}"))


def display_name(loaded: Loaded) -> str:
    """The path diagnostics name: the document's own path when the record knows it."""
    if loaded.record is not None and loaded.record.source.path:
        return loaded.record.source.path
    return loaded.name
