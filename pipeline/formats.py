"""Readers for structured formats (HTML, Word, PDF)."""
from pipeline.errors import Errors, PostmortemError


def read_structured(data: bytes, *, path: str | None = None, fmt: str):
    raise PostmortemError(Errors.E011, path, fmt=fmt, reason="this format is not supported yet")
