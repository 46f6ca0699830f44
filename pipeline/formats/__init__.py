"""Readers for structured formats: HTML, Word (.docx) and PDF.

`read_structured(data, path=, fmt=)` turns a file into a `Document` whose text is the
markdown-flavoured rendering of what the format knows (see `blocks.py`). Each reader needs
an optional extra; a missing one is error E010 naming it. A file the reader cannot use
(corrupt, encrypted, not what its name says) is error E011 with the reason.
"""
from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass, field

from pipeline.errors import Errors, PostmortemError
from pipeline.formats.blocks import Block, render


@dataclass(frozen=True)
class Reader:
    module: str   # our module, with `parse(data) -> Parsed`
    extra: str    # the pyproject extra that installs its library
    library: str  # the top-level package that extra brings


READERS = {
    "html": Reader("pipeline.formats.html_reader", "html", "lxml"),
    "docx": Reader("pipeline.formats.docx_reader", "docx", "docx"),
    "pdf": Reader("pipeline.formats.pdf_reader", "pdf", "pdfminer"),
}


@dataclass
class Parsed:
    """What a reader found: the blocks, how the bytes were decoded, anything odd."""

    blocks: list[Block]
    encoding: str = "utf-8"
    warnings: list[dict] = field(default_factory=list)


class Unreadable(Exception):
    """Raised by a reader with the reason a file cannot be read (becomes E011)."""


def read_structured(data: bytes, *, path: str | None = None, fmt: str):
    """Bytes of an HTML, DOCX or PDF file -> `Document`; raises `PostmortemError`."""
    from pipeline.ingest import Document

    parse = reader_for(fmt, path)
    try:
        parsed = parse(data)
    except Unreadable as exc:
        raise PostmortemError(Errors.E011, path, fmt=fmt.upper(), reason=str(exc)) from None
    text, headings = render(parsed.blocks)
    if not text.strip():
        raise PostmortemError(Errors.E011, path, fmt=fmt.upper(), reason="no text found in it")
    return Document(text=text, sha256=hashlib.sha256(data).hexdigest(), path=path, format=fmt,
                    encoding=parsed.encoding, size=len(data), warnings=parsed.warnings,
                    headings=headings)


def reader_for(fmt: str, path: str | None = None):
    """The `parse` function of a format's reader; E010 when its extra is not installed."""
    reader = READERS.get(fmt)
    if reader is None:
        raise PostmortemError(Errors.E011, path, fmt=fmt, reason=f"no reader for {fmt!r} "
                              f"(known: {', '.join(sorted(READERS))})")
    try:
        module = importlib.import_module(reader.module)
    except ImportError as exc:
        if (exc.name or "").split(".")[0] != reader.library:
            raise
        raise PostmortemError(Errors.E010, path, fmt=fmt, extra=reader.extra) from None
    return module.parse
