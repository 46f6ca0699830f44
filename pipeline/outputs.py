"""Where records are written: never a truncated file, and a run that stops can be resumed.

`atomic_output` writes through a temporary file renamed into place. `PartialOutput` does the
same for batch runs but keeps its temporary file, `OUT.partial`, when a run is interrupted, so
`--resume` continues from the records already written. `ShaIndex` answers "is this document
already in the output?" for millions of records in 8 bytes each.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from array import array
from bisect import bisect_left
from contextlib import contextmanager
from typing import Iterable

from pipeline.errors import Errors, PostmortemError

PARTIAL_SUFFIX = ".partial"
NOT_A_RECORD = "no source sha256, so --resume cannot append to this file"
# The first "sha256" of a record line is its source's (source comes before any quoted text,
# and quotes inside quoted text are escaped, so this cannot match inside the text).
_SOURCE_SHA = re.compile(rb'"sha256":"([0-9a-f]{64})"')


@contextmanager
def atomic_output(path: str, mode: str = "w"):
    """Write to `path` through a temporary file renamed into place: a crash never leaves a
    truncated file. `-` is standard output."""
    if path == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    directory = os.path.dirname(os.path.abspath(path)) or "."
    handle = tempfile.NamedTemporaryFile(mode, dir=directory, delete=False, encoding="utf-8",
                                         prefix=".postmortem-", suffix=".tmp")
    try:
        with handle:
            yield handle
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise


def key_of(digest: str) -> int:
    return int(digest[:16], 16)


class ShaIndex:
    """A sorted set of 64-bit sha256 prefixes (the same 16 hex digits as a record id)."""

    def __init__(self, digests: Iterable[str] = ()):
        self._keys = array("Q", sorted({key_of(digest) for digest in digests}))

    def __len__(self) -> int:
        return len(self._keys)

    @classmethod
    def from_keys(cls, keys: array) -> "ShaIndex":
        index = cls()
        index._keys = array("Q", sorted(set(keys)))
        return index

    def __contains__(self, digest: str) -> bool:
        key = key_of(digest)
        at = bisect_left(self._keys, key)
        return at < len(self._keys) and self._keys[at] == key


class PartialOutput:
    """Records go to `OUT.partial`; `commit()` renames it to `OUT`.

    Without `resume` the partial file starts empty. With `resume` it continues an interrupted
    run's partial file if there is one, else starts as a copy of `OUT`; `index` then holds the
    sha256 of every record already there, and a line cut short by a crash is dropped.
    """

    def __init__(self, path: str, *, resume: bool = False):
        self.path = path
        self.partial = path + PARTIAL_SUFFIX
        self.resumed_from: str | None = None
        if resume and os.path.exists(self.partial):
            self.resumed_from = self.partial
        elif resume and os.path.exists(path):
            shutil.copyfile(path, self.partial)
            self.resumed_from = path
        self.index = _index_and_repair(self.partial, shown=self.resumed_from) if self.resumed_from else ShaIndex()
        self._handle = open(self.partial, "a" if self.resumed_from else "w", encoding="utf-8")
        self.written = 0

    def write(self, line: str) -> None:
        self._handle.write(line)
        self._handle.write("\n")
        self.written += 1

    def flush(self) -> None:
        self._handle.flush()

    def commit(self) -> None:
        """Make the records durable, then put them in place of `OUT` in one step."""
        self._handle.flush()
        os.fsync(self._handle.fileno())
        self._handle.close()
        os.replace(self.partial, self.path)

    def keep(self) -> None:
        """Stop without committing: the partial file stays for `--resume` (unless it holds
        nothing, as when the run could not start)."""
        self._handle.flush()
        self._handle.close()
        if not self.written and not self.resumed_from:
            os.unlink(self.partial)


def _index_and_repair(path: str, shown: str) -> ShaIndex:
    """The source sha256 of each record in `path`, cutting off a final line a crash left short.
    A complete line that is not a record is an error: resuming onto it would mix contents."""
    keys, good_end = array("Q"), 0
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            found = _SOURCE_SHA.search(line)
            if not line.endswith(b"\n"):
                break  # cut short: dropped below
            if found is None:
                if line.strip():
                    raise PostmortemError(Errors.E017, shown, line=number, reason=NOT_A_RECORD)
            else:
                keys.append(int(found.group(1)[:16], 16))
            good_end += len(line)
    if os.path.getsize(path) != good_end:
        os.truncate(path, good_end)
    return ShaIndex.from_keys(keys)
