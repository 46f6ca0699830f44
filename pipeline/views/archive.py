"""An archive of records from what a user has: JSON-lines record files and/or postmortems.

A record file is read line by line and each line validated; any other input is read and
extracted (with `extract_results`, batched). Nothing that fails stops the rest: each
failure becomes a `Problem` naming the file (and line) with a catalog code, and the same
document given twice is counted once.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Errors, PostmortemError

RECORD_SUFFIXES = (".jsonl", ".ndjson")


@dataclass(frozen=True)
class Problem:
    """An input (or one line of it) that gave no record."""

    path: str
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Archive:
    records: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (input, record id) counted once

    def add(self, record, where: str, seen: set[str]) -> None:
        if record.id in seen:
            self.duplicates.append((where, record.id))
            return
        seen.add(record.id)
        self.records.append(record)


def is_record_file(name: str) -> bool:
    return name == "-" or name.lower().endswith(RECORD_SUFFIXES)


def load_archive(inputs, *, nlp=None, max_bytes: int | None = None, fmt: str | None = None) -> Archive:
    """Records from every input, in input order; `-` reads records from standard input.
    Postmortems are extracted together (batched); one that fails is an E012 problem."""
    from pipeline.ingest import DEFAULT_MAX_BYTES, read_path

    slots, documents = [], []  # per input: its records and problems, or None for "the next extracted"
    for name in map(str, inputs):
        try:
            if is_record_file(name):
                slots.append((name, list(read_records(name))))
            else:
                documents.append(read_path(name, max_bytes=max_bytes or DEFAULT_MAX_BYTES, fmt=fmt))
                slots.append((name, None))
        except PostmortemError as exc:
            slots.append((name, [Problem(name, exc.code, exc.reason)]))
    extracted = _extracted(documents, nlp)
    archive, seen = Archive(), set()
    for name, items in slots:
        for item in next(extracted) if items is None else items:
            if isinstance(item, Problem):
                archive.problems.append(item)
            else:
                archive.add(item, name, seen)
    return archive


def _extracted(documents, nlp):
    """[record] or [problem] per document; spaCy is loaded only when there is something to extract."""
    if not documents:
        return iter(())
    from pipeline.nlp import extract_results

    return ([result.record] if result.record else [Problem(result.document.path, result.error.code,
                                                            result.error.reason)]
            for result in extract_results(documents, nlp=nlp))


def read_records(name: str):
    """Each line of a JSON-lines file as a `Record`, or a `Problem` (E017) for a line that is
    not one. A file that cannot be opened raises `PostmortemError`."""
    from pydantic import ValidationError

    from models import Record
    from pipeline.gold import validation_summary

    handle = _open(name)
    try:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                yield Record.model_validate_json(line)
            except ValidationError as exc:
                reason = validation_summary(exc, limit=2)
                yield Problem(name, Errors.E017.code, Errors.E017.format(line=number, reason=reason))
    except UnicodeDecodeError as exc:
        yield Problem(name, Errors.E008.code, Errors.E008.format(reason=f"not UTF-8 ({exc.reason})"))
    finally:
        if handle is not sys.stdin:
            handle.close()


def _open(name: str):
    from pipeline.ingest import os_error

    if name == "-":
        return sys.stdin
    try:
        return open(name, encoding="utf-8")
    except OSError as exc:
        raise os_error(exc, name) from None


def write_pages(records, directory: str | os.PathLike) -> dict[str, Path]:
    """Write each record's `show` page as DIRECTORY/<record id>.html; returns id -> path."""
    from pipeline.views.show import show_html

    folder = Path(directory)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = {}
        for record in records:
            written[record.id] = write_text(folder / f"{record.id}.html", show_html(record))
        return written
    except OSError as exc:
        raise PostmortemError(Errors.E019, str(folder), reason=exc.strerror or str(exc)) from None


def write_text(path: Path, text: str) -> Path:
    """Write through a temporary file renamed into place: never a half-written page."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
