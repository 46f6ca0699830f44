"""Read a file into the text the pipeline runs on.

For plain text and markdown the text is exactly the decoded bytes (no clean-up), so
every span indexes the file as the user sees it; `pipeline.decoding` chooses the encoding
and says what was odd. Anything that cannot be a text document raises `PostmortemError`
with a code from the catalog, naming the file: never a traceback, never a hang (a FIFO or
a device is refused before a byte is read).
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.decoding import decode, text_warnings, without_surrogates
from pipeline.errors import Errors, PostmortemError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf",
                  **dict.fromkeys(MARKDOWN_SUFFIXES, "markdown")}
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body")
# Opening never blocks (a FIFO without a writer) nor takes a terminal; regular files ignore O_NONBLOCK.
OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
# What a path is when it is not a regular file (E003 / E004).
FILE_KINDS = ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"),
              (stat.S_ISBLK, "block device"), (stat.S_ISSOCK, "socket"))
# OS errors with a code of their own; any other is E008 with the system's words.
OS_ERRORS = {errno.ENOENT: Errors.E001, errno.EACCES: Errors.E002, errno.EPERM: Errors.E002,
             errno.EISDIR: Errors.E003, errno.ELOOP: Errors.E031}


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

    @classmethod
    def from_text(cls, text: str, *, path: str | None = None) -> "Document":
        """A document for text already in memory, taken as it is (any string gives a record;
        only lone surrogates become U+FFFD), with the warnings `text_warnings` finds."""
        data = text.encode("utf-8", errors="surrogatepass")
        text, notes = without_surrogates(text)
        fmt = "markdown" if path and Path(path).suffix.lower() in MARKDOWN_SUFFIXES else "text"
        return cls(text=text, sha256=hashlib.sha256(data).hexdigest(), path=path, format=fmt,
                   size=len(data), warnings=notes + text_warnings(text))

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
    if not text.strip():
        raise PostmortemError(Errors.E030, path)
    return Document(text=text, sha256=hashlib.sha256(data).hexdigest(), path=path,
                    format=fmt, encoding=encoding, size=len(data), warnings=notes + text_warnings(text))


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


def os_error(exc: OSError, name: str) -> PostmortemError:
    """The catalog error for an OS error met while opening or reading `name`."""
    message = OS_ERRORS.get(exc.errno)
    if message is None:
        return PostmortemError(Errors.E008, name, reason=exc.strerror or str(exc))
    return PostmortemError(message, name)


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    """The file's bytes. It is opened first and checked on the open descriptor, so a file
    swapped for a FIFO, deleted or made unreadable after it was listed gives an error, not a hang."""
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a socket cannot be opened
            raise PostmortemError(Errors.E004, name, kind="socket") from None
        raise os_error(exc, name) from None
    except ValueError as exc:  # a NUL in the path
        raise PostmortemError(Errors.E008, name, reason=str(exc)) from None
    try:
        _check_kind(os.fstat(fd), name, max_bytes)
        with open(fd, "rb", closefd=False) as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise os_error(exc, name) from None
    finally:
        os.close(fd)
    if len(data) > max_bytes:  # it grew after fstat
        raise PostmortemError(Errors.E005, name, size=len(data), limit=max_bytes)
    return data


def _check_kind(info: os.stat_result, name: str, max_bytes: int) -> None:
    if stat.S_ISDIR(info.st_mode):
        raise PostmortemError(Errors.E003, name)
    kind = next((kind for test, kind in FILE_KINDS if test(info.st_mode)), None)
    if kind or not stat.S_ISREG(info.st_mode):
        raise PostmortemError(Errors.E004, name, kind=kind or "special file")
    if info.st_size > max_bytes:
        raise PostmortemError(Errors.E005, name, size=info.st_size, limit=max_bytes)
