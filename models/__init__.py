"""Pydantic models of the postmortem record (no spaCy here: importable anywhere)."""
from models.record import (
    SCHEMA_VERSION, ActionItem, CharSpan, Impact, Incident, Record, RootCause, Section,
    Source, TimelineEvent, Warning, fold_space,
)

__all__ = [
    "SCHEMA_VERSION", "ActionItem", "CharSpan", "Impact", "Incident", "Record", "RootCause",
    "Section", "Source", "TimelineEvent", "Warning", "fold_space",
]
