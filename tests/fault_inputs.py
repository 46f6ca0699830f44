"""The catalog of input faults a dirty archive holds, as files a test (or a script) can make.

Each `Fault` makes one file system entry in a folder and says what reading and extracting
it must give: an error with a stable code, or a record carrying certain warning codes. The
big inputs (a 10 MB line, 10,000 timeline entries) have generators of their own: tests
use them at small sizes, `scripts/bench_faults.py` at full size.
"""
from __future__ import annotations

import codecs
import gzip
import io
import os
import socket
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

# A short postmortem in our own words, with a non-ASCII name, a dash and smart quotes.
POSTMORTEM = """# Postmortem: photo uploads failing for José's team

## Summary

On 12 May 2024 between 08:10 and 09:25 UTC photo uploads failed for about 30% of users.
The upload service rejected files with a “quota exceeded” error – the quota was never reached.

## Timeline (UTC)

- 08:10 - deploy of upload-api 4.2 finishes
- 08:14 - alert: upload error rate above 5%
- 08:40 - on-call rolls back upload-api to 4.1
- 09:25 - error rate back to normal, incident resolved

## Root cause

The root cause was a quota check that read the limit in kilobytes instead of megabytes.

## Action items

- Add a unit test for the quota conversion (owner: José)
- Alert on the share of rejected uploads, not only on 5xx
"""
# Right-to-left scripts, bidirectional text and emoji (astral characters, one code point each).
RTL_EMOJI = """# Incident 🔥 עדכון / تحديث

## Root cause

The root cause was a renewal job 🤖 that skipped the certificate for שלום.example (مرحبا).

## Action items

- Page on renewal failures ✅
"""


@dataclass(frozen=True)
class Fault:
    """One bad input: how to make it at a path, and what it must give."""

    name: str                                  # file name in the fault folder
    make: Callable[[Path], None]
    error: str | None = None                   # the code when it gives no record
    warnings: tuple[str, ...] = ()             # codes its record must carry
    same_as: str | None = None                 # gives the record of this text (line endings, encodings)


def write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def png() -> bytes:
    """A real 1x1 PNG image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) \
        + chunk(b"IEND", b"")


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("postmortem.md", POSTMORTEM)
    return buffer.getvalue()


def fifo(path: Path) -> None:
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays


def self_link(path: Path) -> None:
    path.symlink_to(path.name)


def directory_loop(path: Path) -> None:
    path.mkdir()
    (path / "again").symlink_to(".", target_is_directory=True)


def sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.truncate(size)
    return make


def single_line(n_bytes: int, unit: str = "error retrying upstream request ") -> str:
    """A pasted log: one line of `n_bytes` characters, no line break."""
    return (unit * (n_bytes // len(unit) + 1))[:n_bytes]


def long_timeline(entries: int) -> str:
    """A timeline section with `entries` bulleted, time-stamped lines, in order."""
    lines = [f"- {(i // 60) % 24:02d}:{i % 60:02d} UTC - worker {i} restarted after a health check failed"
             for i in range(entries)]
    return "# Timeline\n\n" + "\n".join(lines) + "\n\n# Root cause\n\nThe root cause was a leaking file handle.\n"


def nested_bullets(depth: int) -> str:
    """Action items nested `depth` levels deep, two spaces per level."""
    return "# Action items\n\n" + "".join(f"{'  ' * level}- fix layer {level}\n" for level in range(depth))


UTF8 = POSTMORTEM.encode("utf-8")
ENDINGS = POSTMORTEM.replace("\n", "\r\n")

FAULTS = (
    Fault("empty.md", write(b""), error="E006"),
    Fault("whitespace.md", write(b" \n\t\r\n   \n\x0c\n"), error="E030"),
    Fault("nul-bytes.md", write(bytes(range(256)) * 8), error="E007"),
    Fault("only-nuls.md", write(b"\x00" * 4096), error="E007"),
    Fault("image.md", write(png()), error="E007"),
    Fault("archive.md", write(zip_archive()), error="E007"),
    Fault("gzipped.txt", write(gzip.compress(UTF8)), error="E007"),
    Fault("random.txt", write(bytes((i * 7919 + 13) % 251 + 1 for i in range(3000))), error="E007"),
    Fault("latin1.md", write(POSTMORTEM.replace("“", '"').replace("”", '"').replace("–", "-").encode("latin-1")),
          warnings=("W001",)),
    Fault("cp1252-quotes.md", write(POSTMORTEM.encode("cp1252")), warnings=("W001",), same_as=POSTMORTEM),
    Fault("utf8-bom.md", write(codecs.BOM_UTF8 + UTF8), same_as=POSTMORTEM),
    Fault("utf16-le-bom.md", write(POSTMORTEM.encode("utf-16")), warnings=("W002",), same_as=POSTMORTEM),
    Fault("utf16-be-bom.md", write(codecs.BOM_UTF16_BE + POSTMORTEM.encode("utf-16-be")), warnings=("W002",),
          same_as=POSTMORTEM),
    Fault("utf16-no-bom.txt", write(POSTMORTEM.encode("utf-16-le")), warnings=("W008",), same_as=POSTMORTEM),
    Fault("utf32-bom.txt", write(POSTMORTEM.encode("utf-32")), warnings=("W002",), same_as=POSTMORTEM),
    Fault("damaged-utf8.md", write(UTF8.replace(b"kilobytes", b"kilo\xffbytes")), warnings=("W006",)),
    Fault("cut-off.md", write(UTF8 + "é".encode()[:1]), warnings=("W007",)),
    Fault("nul-padded.md", write(UTF8 + b"\x00" * 4096), warnings=("W007",), same_as=POSTMORTEM),
    Fault("crlf.md", write(ENDINGS.encode()), same_as=ENDINGS),
    Fault("cr-only.md", write(POSTMORTEM.replace("\n", "\r").encode()), warnings=("W009",),
          same_as=POSTMORTEM.replace("\n", "\r")),
    Fault("mixed-endings.md", write(POSTMORTEM.replace("\n\n", "\r\n\r\n").replace("- ", "\r- ").encode()),
          warnings=("W009",)),
    Fault("control-chars.md", write(UTF8.replace(b"deploy of", b"deploy\x01\x02 of")), warnings=("W003",)),
    Fault("no-headings.txt", write(b"Uploads failed for an hour on Sunday. We rolled back and they worked again.\n"),
          warnings=("W010",)),
    Fault("empty-heading.md", write(b"# Root cause\n\n# Action items\n\n- add a test\n")),
    Fault("nested-bullets.md", write(nested_bullets(300).encode())),
    Fault("rtl-emoji.md", write(RTL_EMOJI.encode())),
    Fault("fifo.md", fifo, error="E004"),
    Fault("socket.md", unix_socket, error="E004"),
    Fault("self-link.md", self_link, error="E031"),
    Fault("loop", directory_loop, error="E003"),
    Fault("too-big.md", sparse(10 * 1024 * 1024 + 1), error="E005"),
)
GOOD = [fault for fault in FAULTS if fault.error is None]
BAD = [fault for fault in FAULTS if fault.error is not None]


def make_all(folder: Path, faults=FAULTS) -> dict[str, Path]:
    """Every fault made in `folder`; name -> path."""
    paths = {}
    for fault in faults:
        fault.make(folder / fault.name)
        paths[fault.name] = folder / fault.name
    return paths


def fields(record) -> tuple:
    """What a record says, without offsets or text: equal for the same postmortem written
    with other line endings or in another encoding."""
    from models.record import fold_space

    return (record.title, [(s.kinds, s.heading and fold_space(s.heading)) for s in record.sections],
            record.incident.model_dump(exclude={"evidence"}), record.impact.model_dump(exclude={"spans", "summary"}),
            record.impact.summary and fold_space(record.impact.summary),
            [(e.time, e.datetime, e.tags, fold_space(e.text)) for e in record.timeline],
            [(fold_space(c.text), c.categories) for c in record.root_causes], record.root_cause_categories,
            [fold_space(a.text) for a in record.action_items])


# Inputs that grow: family -> (text of about n characters, n for the small size). A stage
# that is linear takes about 8x longer on 8n; a super-linear regex shows as 64x.
SCALING = {
    "words on one line": (single_line, 4000),
    "a run of spaces": (lambda n: "# Impact\n\nx" + " " * n + "x\n", 1000),
    "a run of digits": (lambda n: "# Impact\n\n" + "7" * n + "\n", 500),
    "a run of asterisks": (lambda n: "# Impact\n\n" + "*" * n + "\n", 250),
    "percentages without a full stop": (lambda n: "# Impact\n\n" + "1% " * (n // 3) + "\n", 2000),
    "clock times on one line": (lambda n: "# Timeline\n\n" + "12:00 " * (n // 6) + "\n", 2000),
    "timeline entries": (lambda n: long_timeline(n // 80), 40_000),
}


def stage_seconds(nlp, text: str) -> dict[str, float]:
    """Seconds `spacy.blank("en")`'s tokenizer (a fresh one: its cache would flatter it), each
    stage of `nlp` and the making of the record take on `text`, in pipeline order."""
    import spacy

    from pipeline.record import doc_to_record

    blank = spacy.blank("en")
    blank.max_length = nlp.max_length
    started = time.perf_counter()
    blank.make_doc(text)
    seconds = {"tokenizer": time.perf_counter() - started}
    doc = nlp.make_doc(text)
    for name, stage in nlp.pipeline:
        started = time.perf_counter()
        doc = stage(doc)
        seconds[name] = time.perf_counter() - started
    started = time.perf_counter()
    doc_to_record(doc)
    seconds["record"] = time.perf_counter() - started
    return seconds
