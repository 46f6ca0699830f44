"""An archive of records for the dashboard, from what a user has: JSON-lines record files
and/or postmortems, read by `pipeline.sources` (as `postmortem stats` and `lint` read them).

Nothing that fails stops the rest: each failure is kept as its coded `PostmortemError`,
and the same document given twice (same record id) is counted once.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Errors, PostmortemError
from pipeline.ingest import DEFAULT_MAX_BYTES


@dataclass
class Archive:
    records: list = field(default_factory=list)
    problems: list[PostmortemError] = field(default_factory=list)  # inputs or lines that gave no record
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (where, record id) counted once


def load_archive(inputs, *, nlp=None, max_bytes: int = DEFAULT_MAX_BYTES) -> Archive:
    """Records from every input, in input order; `-` reads standard input."""
    from pipeline.sources import load_records

    archive, seen = Archive(), set()
    for loaded in load_records([str(name) for name in inputs], nlp=nlp, max_bytes=max_bytes):
        if loaded.error is not None:
            if loaded.error.path is None:
                loaded.error.path = loaded.name
            archive.problems.append(loaded.error)
        elif loaded.record.id in seen:
            archive.duplicates.append((loaded.name, loaded.record.id))
        else:
            seen.add(loaded.record.id)
            archive.records.append(loaded.record)
    return archive


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
