"""The postmortem record: one per input document, one JSON line each.

These models are the single source of truth for the schema (`postmortem schema` prints it).
Every value that was read from the document carries `start`/`end` character offsets into
`Record.text`; the record validates on construction that each quoted `text` is that slice
(white space folded), so a record can never point at the wrong evidence.
"""
from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1"

SectionKind = Literal[
    "summary", "impact", "timeline", "root_cause", "resolution",
    "corrective_actions", "lessons", "other",
]
EventTag = Literal[
    "detection", "investigation", "misleading", "escalation", "mitigation",
    "resolution", "communication",
]
Category = Literal[
    "configuration", "code_change", "capacity", "dependency", "infrastructure",
    "human_error", "security", "unknown",
]
SourceFormat = Literal["text", "markdown", "html", "docx", "pdf"]

_SPACES = re.compile(r"\s+")


def fold_space(text: str) -> str:
    """Collapse runs of white space to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class CharSpan(_Model):
    """Where a value was read: `Record.text[start:end]`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Source(_Model):
    path: Optional[str] = None
    sha256: str
    chars: int = Field(ge=0)
    format: SourceFormat = "text"
    encoding: str = "utf-8"
    bytes: int = Field(default=0, ge=0)


class Section(_Model):
    kinds: list[SectionKind]
    heading: Optional[str] = None
    level: int = Field(default=1, ge=0)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Incident(_Model):
    """The outage itself. Times are ISO 8601 in the document's own wall-clock time:
    with the offset when the zone is known, a bare date-time when it is not, and a
    date-less time ("10:00:00") when only the clock is known."""

    start: Optional[str] = None
    end: Optional[str] = None
    timezone: Optional[str] = None
    utc_offset: Optional[str] = None
    duration_minutes: Optional[int] = None
    detected_at: Optional[str] = None
    mitigated_at: Optional[str] = None
    resolved_at: Optional[str] = None
    time_to_detect_minutes: Optional[int] = None
    time_to_resolve_minutes: Optional[int] = None
    evidence: dict[str, CharSpan] = Field(default_factory=dict)


class Impact(_Model):
    percent_affected: list[float] = Field(default_factory=list)
    users_affected: Optional[int] = None
    all_users: bool = False
    services: list[str] = Field(default_factory=list)
    summary: Optional[str] = None
    spans: list[CharSpan] = Field(default_factory=list)


class TimelineEvent(_Model):
    time: Optional[str] = Field(default=None, pattern=r"^\d{2}:\d{2}$")
    datetime: Optional[str] = None
    text: str
    tags: list[EventTag] = Field(default_factory=list)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class RootCause(_Model):
    text: str
    categories: list[Category] = Field(default_factory=list)
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ActionItem(_Model):
    text: str
    owner: Optional[str] = None
    due: Optional[str] = None
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Warning(_Model):
    code: str = Field(pattern=r"^W\d{3}$")
    message: str


class Record(_Model):
    schema_version: Literal["1"] = SCHEMA_VERSION
    id: str
    source: Source
    text: str
    title: Optional[str] = None
    sections: list[Section] = Field(default_factory=list)
    incident: Incident = Field(default_factory=Incident)
    impact: Impact = Field(default_factory=Impact)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    root_causes: list[RootCause] = Field(default_factory=list)
    root_cause_categories: list[Category] = Field(default_factory=list)
    action_items: list[ActionItem] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_quote_the_text(self) -> "Record":
        text = self.text
        for where, span in self._spans():
            if not span.start <= span.end <= len(text):
                raise ValueError(f"{where}: span {span.start}:{span.end} lies outside the text")
            quoted = getattr(span, "text", None)
            if quoted is not None and quoted != text[span.start:span.end] \
                    and fold_space(quoted) != fold_space(text[span.start:span.end]):
                raise ValueError(f"{where}: text is not text[{span.start}:{span.end}]")
        return self

    def _spans(self):
        for i, section in enumerate(self.sections):
            yield f"sections[{i}]", section
        for name, span in self.incident.evidence.items():
            yield f"incident.evidence.{name}", span
        for i, span in enumerate(self.impact.spans):
            yield f"impact.spans[{i}]", span
        for field in ("timeline", "root_causes", "action_items"):
            for i, item in enumerate(getattr(self, field)):
                yield f"{field}[{i}]", item
