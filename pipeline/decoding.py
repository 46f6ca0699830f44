"""Bytes -> text, for files from dirty archives: what encoding, is it text at all, what was odd.

`decode` picks the encoding (a byte order mark, UTF-16 without one, UTF-8, else cp1252),
refuses binary content (E007) and says in warnings what it had to repair. `text_warnings`
names what is odd about the text itself (control characters, old or mixed line endings,
its length). Nothing here changes a character that was read: the text the pipeline sees
is the decoding of the bytes, so every offset points into it.
"""
from __future__ import annotations

import codecs
import re

from pipeline.errors import Errors, PostmortemError, Warnings, warning

# (byte order mark, codec that decodes it, codec that encodes U+FFFD in that byte order).
# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# How formats that are never a text postmortem begin.
BINARY_SIGNATURES = tuple((re.compile(signature, re.S), kind) for signature, kind in (
    (rb"\x89PNG\r\n\x1a\n", "PNG image"),
    (rb"\xff\xd8\xff", "JPEG image"),
    (rb"GIF8[79]a", "GIF image"),
    (rb"RIFF....WEBP", "WebP image"),
    (rb"II\*\x00|MM\x00\*", "TIFF image"),
    (rb"\x1f\x8b\x08", "gzip archive"),
    (rb"BZh[1-9]1AY&SY", "bzip2 archive"),
    (rb"\xfd7zXZ\x00", "xz archive"),
    (rb"\x28\xb5\x2f\xfd", "zstd archive"),
    (rb"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (rb"Rar!\x1a\x07", "RAR archive"),
    (rb"PK\x03\x04|PK\x05\x06", "zip archive"),
    (rb"%PDF-", "PDF"),
    (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE (old Word) file"),
    (rb"\x7fELF", "executable"),
    (rb"SQLite format 3\x00", "SQLite database"),
))
# Characters no text document is made of. Tab, line feed, vertical tab, form feed, carriage
# return and escape (colour codes of pasted terminal output) are not counted.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
BINARY_SAMPLE = 65536       # characters looked at to tell text from binary
BINARY_SHARE = 0.05         # more control characters than this share: binary
UTF16_NUL_SHARE = 0.3       # NULs in one byte position of the pairs (ASCII text in UTF-16) ...
UTF16_OTHER_SHARE = 0.05    # ... and hardly any in the other
LONG_DOCUMENT = 1_000_000   # characters: W050 above this
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LINE_BREAKS = (("CRLF", re.compile(r"\r\n")), ("CR", re.compile(r"\r(?!\n)")), ("LF", re.compile(r"(?<!\r)\n")))


def decode(data: bytes, path: str | None = None) -> tuple[str, str, list[dict]]:
    """Bytes -> (text, encoding, warnings). Raises E007 for binary content."""
    text, encoding, notes = _decoded(data, path)
    body = text.rstrip("\x00")
    if not body:
        raise PostmortemError(Errors.E007, path, why="only NUL bytes")
    if len(body) < len(text):  # a file cut off while being written often ends in NULs
        notes.append(warning(Warnings.W007, how=f"with {len(text) - len(body)} NUL characters, left out"))
    return _checked(body, path), encoding, notes


def _decoded(data: bytes, path: str | None) -> tuple[str, str, list[dict]]:
    for bom, codec, plain in BOMS:
        if data.startswith(bom):
            text, notes, _ = _lenient(data, codec, plain)
            if codec != "utf-8-sig":
                notes.insert(0, warning(Warnings.W002, encoding=plain[:6].upper()))
            return text, codec, notes
    for signature, kind in BINARY_SIGNATURES:
        if signature.match(data):
            raise PostmortemError(Errors.E007, path, why=kind)
    codec = _utf16_without_bom(data) if b"\x00" in data else None
    if codec:
        text, notes, _ = _lenient(data, codec, codec)
        return text, codec, [warning(Warnings.W008, encoding=codec.upper()), *notes]
    return _eight_bit(data)


def without_surrogates(text: str) -> tuple[str, list[dict]]:
    """A `str` can hold lone surrogates (from `surrogateescape`), which are not text and
    which no tokenizer takes: each becomes U+FFFD (one character for one: offsets hold)."""
    first = _SURROGATE.search(text)
    if not first:
        return text, []
    text, count = _SURROGATE.subn("\ufffd", text)
    return text, [warning(Warnings.W006, count=count, encoding="Unicode (lone surrogates)",
                          where=f"character {first.start()}")]


def text_warnings(text: str) -> list[dict]:
    """What is odd about a text that is still read: control characters, line endings, length."""
    notes = []
    first = CONTROL.search(text)
    if first:
        notes.append(warning(Warnings.W003, count=len(CONTROL.findall(text)), offset=first.start()))
    counts = {name: len(pattern.findall(text)) for name, pattern in _LINE_BREAKS} if "\r" in text else {}
    used = [f"{name} {count}" for name, count in counts.items() if count]
    if counts.get("CR") or len(used) > 1:
        notes.append(warning(Warnings.W009, styles=", ".join(used)))
    if len(text) > LONG_DOCUMENT:
        notes.append(warning(Warnings.W050, chars=len(text)))
    return notes


def _lenient(data: bytes, codec: str, plain: str) -> tuple[str, list[dict], int]:
    """(text, warnings, bad): bytes that are not `codec` become U+FFFD. `bad` counts the
    invalid sequences; a cut-off last character is a W007 instead, and `bad` is then minus
    the number of bytes it kept."""
    try:
        return data.decode(codec), [], 0
    except UnicodeDecodeError as exc:
        first, reason = exc.start, exc.reason
    text = data.decode(codec, errors="replace")
    if reason in ("unexpected end of data", "truncated data") and first >= len(data) - 4:
        how = f"in the middle of a {plain.upper()} character, kept as U+FFFD"
        return text, [warning(Warnings.W007, how=how)], first - len(data)
    bad = text.count("\ufffd") - data.count("\ufffd".encode(plain))
    return text, [warning(Warnings.W006, count=bad, encoding=plain.upper(), where=f"byte {first}")], bad


def _eight_bit(data: bytes) -> tuple[str, str, list[dict]]:
    """UTF-8; UTF-8 with a few damaged bytes (no more bad sequences than good non-ASCII
    characters) or a cut-off last character; else cp1252, the encoding of old Windows wikis.
    A single high byte at the very end is a cut-off UTF-8 character only if other
    characters show the file is UTF-8 ("café" in Latin-1 ends in one high byte too)."""
    text, notes, bad = _lenient(data, "utf-8", "utf-8")
    if bad == 0:
        return text, "utf-8", notes
    replaced = bad if bad > 0 else 1
    others = len(_NON_ASCII.findall(text)) - replaced  # good non-ASCII characters
    if (bad > 0 and others >= bad) or bad < -1 or (bad == -1 and others > 0):
        return text, "utf-8", notes
    return data.decode("cp1252", errors="pm_latin1"), "cp1252", [warning(Warnings.W001)]


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec when NULs sit in every other byte the way ASCII text in UTF-16 puts them."""
    body = len(data.rstrip(b"\x00"))
    sample = data[:min(body + body % 2, BINARY_SAMPLE * 2)]  # NUL padding at the end says nothing
    even, odd = sample[0::2], sample[1::2]
    even_share, odd_share = even.count(0) / max(len(even), 1), odd.count(0) / max(len(odd), 1)
    for codec, nul, other in (("utf-16-le", odd_share, even_share), ("utf-16-be", even_share, odd_share)):
        if nul >= UTF16_NUL_SHARE and other <= UTF16_OTHER_SHARE:
            return codec
    return None


def _checked(text: str, path: str | None) -> str:
    """The text, unless control characters say it is binary content (E007)."""
    sample = text[:BINARY_SAMPLE]
    controls = len(CONTROL.findall(sample))
    if sample and controls / len(sample) > BINARY_SHARE:
        why = "NUL bytes" if "\x00" in sample else f"{controls} control characters in the first {len(sample)}"
        raise PostmortemError(Errors.E007, path, why=why)
    return text


def _latin1_fallback(exc: UnicodeDecodeError):
    """cp1252 leaves five bytes undefined; read them as Latin-1 so nothing is lost."""
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("pm_latin1", _latin1_fallback)
