"""The one catalog of warnings (kept in a record) and errors (a file that gave no record).

Codes are stable: users grep for them, batch error files carry them, tests name them.
`Warnings.W020.format(...)` gives the message; `warning(Warnings.W020, ...)` the record entry.
"""
from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable


@dataclass(frozen=True)
class Message:
    code: str
    template: str

    def format(self, **values) -> str:
        return self.template.format(**values)

    def parse(self, text: str) -> dict | None:
        """The values a message was formatted with (`format` run backwards), as strings;
        None when `text` is not this message. Lets a record's warnings be read back."""
        fields, pattern = _template_pattern(self.template)
        match = pattern.fullmatch(text)
        if match is None:
            return None
        return {name: _unrepr(match.group(name)) if conversion == "r" else match.group(name)
                for name, conversion in fields}


@lru_cache(maxsize=None)
def _template_pattern(template: str) -> tuple[tuple[tuple[str, str | None], ...], re.Pattern]:
    fields, parts = [], []
    for literal, name, _, conversion in string.Formatter().parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            fields.append((name, conversion))
            parts.append(f"(?P<{name}>.+?)")
    return tuple(fields), re.compile("".join(parts), re.S)


def _unrepr(text: str) -> str:
    try:
        return str(ast.literal_eval(text))
    except (ValueError, SyntaxError):
        return text


class Warnings:
    """Something odd about a document that still gave a record."""

    W001 = Message("W001", "not valid UTF-8; decoded as cp1252")
    W002 = Message("W002", "decoded as {encoding} (byte order mark)")
    W003 = Message("W003", "{count} control characters in the text (the first at character {offset})")
    W004 = Message("W004", "{count} characters of the PDF have no Unicode mapping in their font; shown as U+FFFD")
    W005 = Message("W005", "the PDF is damaged after page {pages}; only the pages before were read")
    W006 = Message("W006", "{count} invalid {encoding} sequences; each became U+FFFD (the first at {where})")
    W007 = Message("W007", "the file looks cut off while being written: it ends {how}")
    W008 = Message("W008", "decoded as {encoding}: no byte order mark, but NUL bytes placed as UTF-16 puts them")
    W009 = Message("W009", "line endings {styles}: each is read as a line break")
    W010 = Message("W010", "no headings found; sections guessed from the text alone")
    W011 = Message("W011", "no timeline entries found")
    W020 = Message("W020", "stated duration {stated} min disagrees with the {other} ({derived} min)")
    W021 = Message("W021", "timeline goes backwards at {time}; kept in document order")
    W022 = Message("W022", "day/month order of {date!r} is ambiguous; read as {reading}")
    W023 = Message("W023", "year written as {year!r}: the date is unknown, times kept without it")
    W024 = Message("W024", "no timezone stated for the times")
    W025 = Message("W025", "stated start {start} disagrees with the timeline ({derived}); kept the stated value")
    W026 = Message("W026", "stated end {end} disagrees with the timeline ({derived}); kept the stated value")
    W030 = Message("W030", "no root cause found")
    W040 = Message("W040", "could not align {what} at {start}:{end} with the tokens; kept the characters")
    W050 = Message("W050", "document is very long ({chars} characters); extraction may be slow")


class Errors:
    """A file that could not become a record, or an index or server that could not be used.
    `code` is what batch error files carry."""

    E001 = Message("E001", "no such file")
    E002 = Message("E002", "permission denied")
    E003 = Message("E003", "is a directory")
    E004 = Message("E004", "not a regular file ({kind})")
    E005 = Message("E005", "file is {size} bytes, over the limit of {limit}")
    E006 = Message("E006", "file is empty")
    E007 = Message("E007", "binary content ({why}), not a text document")
    E008 = Message("E008", "could not read: {reason}")
    E009 = Message("E009", "extraction took longer than {seconds} s")
    E010 = Message("E010", "format {fmt!r} needs the optional extra: pip install \"postmortem-miner[{extra}]\"")
    E011 = Message("E011", "cannot read {fmt} file: {reason}")
    E012 = Message("E012", "extraction failed: {reason}")
    E013 = Message("E013", "not valid JSON: {reason}")
    E014 = Message("E014", "not a gold annotation: {reason}")
    E015 = Message("E015", "no document beside it (looked for {looked})")
    E016 = Message("E016", "no *.gold.json files in it")
    E017 = Message("E017", "line {line}: not a record: {reason}")
    E018 = Message("E018", "not a directory")
    E019 = Message("E019", "cannot write: {reason}")
    # Batch runs (`postmortem batch`).
    E020 = Message("E020", "the worker processes could not start: {reason}")
    E021 = Message("E021", "the Dask engine needs the optional extra: pip install \"postmortem-miner[dask]\"")
    E022 = Message("E022", "cannot reach the Dask scheduler: {reason}")
    # Input faults met while reading (see pipeline/ingest.py, pipeline/decoding.py).
    E030 = Message("E030", "no text: the file holds only white space")
    E031 = Message("E031", "symbolic link loop")
    # The search index (`postmortem index build`, `search`, `similar`).
    E060 = Message("E060", "no index here; build one with `postmortem index build INPUT... --db {db}`")
    E061 = Message("E061", "not a postmortem index: {reason}")
    E062 = Message("E062", "index format {found} is not this version's ({expected}); rebuild it with --rebuild")
    E063 = Message("E063", "another `postmortem index build` is writing this index{holder}; "
                           "wait for it to finish (one writer at a time)")
    E064 = Message("E064", "malformed query {query!r}: {reason}")
    E065 = Message("E065", "cannot write the index: {reason}")
    # Export to OpenSearch / Elasticsearch.
    E070 = Message("E070", "invalid index name {name!r}: {reason}")
    E071 = Message("E071", "cannot reach {url}: {reason}")
    E072 = Message("E072", "rejected by the server ({status} {kind}): {reason}")
    E073 = Message("E073", "the server refused to {action} ({status}): {reason}")
    E074 = Message("E074", "pushing needs the optional extra: pip install \"postmortem-miner[opensearch]\"")


class GoldChecks:
    """What `scripts/check_gold.py` finds wrong with a gold file beside its document.
    G0xx are errors (the annotation breaks a rule of GOLD.md); G1xx are doubts worth a look
    (a stated value may legitimately differ from what the checker can derive)."""

    G001 = Message("G001", "doc {doc!r} is not named after the gold file ({stem}.*)")
    G002 = Message("G002", "root cause phrase {phrase!r} is not in {doc} verbatim")
    G003 = Message("G003", "{count} root cause phrases; 1 to 3 expected (none only for 'unknown')")
    G004 = Message("G004", "{field} {values} should be sorted ascending without duplicates")
    G005 = Message("G005", "{field} lists {value!r} more than once")
    G006 = Message("G006", "incident_end {end} is before incident_start {start}")
    G007 = Message("G007", "'unknown' is listed together with other categories")
    G008 = Message("G008", "timezone {zone} is not in force on {date}: {expected} is")
    G101 = Message("G101", "duration_minutes is {stated} but start..end gives {derived} min")
    G102 = Message("G102", "root cause phrase {phrase!r} has {words} words (2-15 expected)")
    G103 = Message("G103", "{field} {value} is not written in {doc} in any clock form")
    G104 = Message("G104", "timezone {zone!r} is not written in {doc}")
    G105 = Message("G105", "incident_start {start} and incident_end {end} mix dated and date-less forms")


class PostmortemError(Exception):
    """A document that gave no record (or an index, query or server that failed); `code`
    comes from `Errors` and `path` names the file concerned."""

    def __init__(self, message: Message, path: str | None = None, **values):
        self.code = message.code
        self.path = path
        self.reason = message.format(**values)
        super().__init__(f"{path}: {self.reason}" if path else self.reason)

    def to_dict(self) -> dict:
        return {"path": self.path, "code": self.code, "message": self.reason}


def warning(message: Message, **values) -> dict:
    """A record warning entry, as the `Warning` model expects it."""
    return {"code": message.code, "message": message.format(**values)}


# How a library function that goes on after a failed input reports it (`postmortem: error:` lines).
OnError = Callable[[PostmortemError], None]


def raise_error(error: PostmortemError) -> None:
    """The default `OnError`: stop at the first problem."""
    raise error
