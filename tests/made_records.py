"""Records made by hand, for tests of what is done with records (index, search, export)
that must not depend on how well extraction is doing today."""
from __future__ import annotations

import hashlib

from models import Record


def make_record(text: str, *, path: str | None = None, title: str | None = None, cause: str | None = None,
                categories: list[str] | None = None, start: str | None = None, duration: int | None = None,
                percent: list[float] | None = None, all_users: bool = False, services: list[str] | None = None,
                summary: str | None = None) -> Record:
    """A valid record of `text`; `cause` and `summary` must be quoted from it."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    causes = []
    if cause:
        at = text.index(cause)
        causes.append({"text": cause, "categories": categories or ["unknown"], "start": at, "end": at + len(cause)})
    sections = []
    if summary:
        at = text.index(summary)
        sections.append({"kinds": ["summary"], "heading": "Summary", "level": 2, "start": at, "end": at + len(summary)})
    return Record(
        id=f"pm-{sha[:16]}", source={"path": path, "sha256": sha, "chars": len(text), "format": "markdown",
                                     "bytes": len(text.encode("utf-8"))},
        text=text, title=title, sections=sections,
        incident={"start": start, "duration_minutes": duration},
        impact={"percent_affected": percent or [], "all_users": all_users, "services": services or [],
                "summary": summary},
        root_causes=causes, root_cause_categories=categories or ["unknown"],
    )
