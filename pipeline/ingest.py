"""Read a file into the text the pipeline runs on.

For plain text and markdown the text is exactly the decoded bytes (no clean-up), so
every span indexes the file as the user sees it. Decoding: UTF-8 (with or without BOM),
UTF-16 with a BOM, else cp1252 with a warning. Anything that cannot be a text document
raises `PostmortemError` with a code from the catalog.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import Errors, PostmortemError, Warnings, warning

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf",
                  **dict.fromkeys(MARKDOWN_SUFFIXES, "markdown")}
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
# Magic numbers of formats that are never a text postmortem.
BINARY_MAGIC = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image",
    b"\x1f\x8b": "gzip archive", b"BZh": "bzip2 archive", b"\x7fELF": "executable",
    b"PK\x03\x04": "zip archive", b"%PDF": "PDF", b"\xd0\xcf\x11\xe0": "OLE (old Word) file",
}


@dataclass
class Document:
    """The text to extract from, where it came from, and what was odd about reading it."""

    text: str
    sha256: str
    path: str | None = None
    format: str = "text"
    encoding: str = "utf-8"
    size: int = 0
    warnings: list[dict] = field(default_factory=list)
    headings: list[dict] | None = None  # known structure from HTML / Word / PDF readers

    def source(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "chars": len(self.text),
                "format": self.format, "encoding": self.encoding, "bytes": self.size}


def read_path(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
              fmt: str | None = None) -> Document:
    """Read and decode one file; raise `PostmortemError` naming the problem."""
    name = str(path)
    data = _read_bytes(Path(path), name, max_bytes)
    return read_bytes(data, path=name, fmt=fmt)


def read_bytes(data: bytes, *, path: str | None = None, fmt: str | None = None) -> Document:
    """Decode bytes already in memory (stdin, an archive member, a test)."""
    if not data:
        raise PostmortemError(Errors.E006, path)
    fmt = fmt or guess_format(path, data)
    if fmt not in ("text", "markdown"):
        from pipeline.formats import read_structured  # optional readers, imported on demand
        return read_structured(data, path=path, fmt=fmt)
    text, encoding, notes = decode(data, path)
    return Document(text=text, sha256=hashlib.sha256(data).hexdigest(), path=path,
                    format=fmt, encoding=encoding, size=len(data), warnings=notes)


def guess_format(path: str | None, data: bytes) -> str:
    """The format named by the file's extension, else the one its content shows, else text.
    Content wins over a markdown or text extension: an HTML page saved as `.md` is HTML."""
    fmt = SUFFIX_FORMATS.get(Path(path).suffix.lower() if path else "")
    if fmt and fmt != "markdown":
        return fmt
    return sniff_format(data) or fmt or "text"


def sniff_format(data: bytes) -> str | None:
    """"pdf", "docx" or "html" when the bytes start like one, else None."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return "pdf"
    if data[:4] == b"PK\x03\x04" and b"word/" in data[:4096]:
        return "docx"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(HTML_STARTS) or head.startswith(b"<?xml") and b"<html" in head:
        return "html"
    return None


def decode(data: bytes, path: str | None = None) -> tuple[str, str, list[dict]]:
    """Bytes -> (text, encoding, warnings). Raises E007 for binary content."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data, "utf-8-sig", path), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", path), "utf-16", [warning(Warnings.W002)]
    for magic, kind in BINARY_MAGIC.items():
        if data.startswith(magic):
            raise PostmortemError(Errors.E007, path, why=kind)
    if b"\x00" in data[:65536]:
        raise PostmortemError(Errors.E007, path, why="NUL bytes")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="pm_latin1")
    return text, "cp1252", [warning(Warnings.W001)]


def _strict(data: bytes, encoding: str, path: str | None) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise PostmortemError(Errors.E008, path, reason=f"invalid {encoding}: {exc.reason}") from None


def _latin1_fallback(exc: UnicodeDecodeError):
    """cp1252 leaves five bytes undefined; read them as Latin-1 so nothing is lost."""
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("pm_latin1", _latin1_fallback)


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PostmortemError(Errors.E001, name) from None
    except PermissionError:
        raise PostmortemError(Errors.E002, name) from None
    except OSError as exc:
        raise PostmortemError(Errors.E008, name, reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise PostmortemError(Errors.E003, name)
    if not stat.S_ISREG(info.st_mode):
        kind = "FIFO" if stat.S_ISFIFO(info.st_mode) else "device or socket"
        raise PostmortemError(Errors.E004, name, kind=kind)
    if info.st_size > max_bytes:
        raise PostmortemError(Errors.E005, name, size=info.st_size, limit=max_bytes)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise PostmortemError(Errors.E001, name) from None
    except PermissionError:
        raise PostmortemError(Errors.E002, name) from None
    except OSError as exc:
        raise PostmortemError(Errors.E008, name, reason=exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise PostmortemError(Errors.E005, name, size=len(data), limit=max_bytes)
    return data
