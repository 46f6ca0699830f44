"""Stage 6: turn a processed Doc into a validated `Record`.

Values quoted from the document are sliced from `doc.text` with the offsets the stages
found, so `record.text[start:end]` is always the evidence (the model checks it).
"""
from __future__ import annotations

import hashlib

from spacy.tokens import Doc

from models import Record
from pipeline import extensions as ext


def record_id(sha256: str) -> str:
    """Same bytes -> same id."""
    return f"pm-{sha256[:16]}"


def doc_to_record(doc: Doc, text: str | None = None) -> Record:
    """`text` is `doc.text` when the caller has it already (spaCy rebuilds `doc.text` from
    the tokens on every access, a cost that grows with the document)."""
    text = ext.text_of(doc) if text is None else text
    source = dict(doc._.get(ext.SOURCE) or {})
    if not source.get("sha256"):
        source["sha256"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source.setdefault("chars", len(text))
    source["chars"] = len(text)
    incident = dict(doc._.get(ext.INCIDENT) or {})
    incident.pop("warnings", None)
    categories = doc._.get(ext.CATEGORIES) or ["unknown"]
    return Record(
        id=record_id(source["sha256"]),
        source=source,
        text=text,
        title=doc._.get(ext.TITLE),
        sections=[_section(s) for s in doc._.get(ext.SECTIONS) or []],
        incident=incident,
        impact=doc._.get(ext.IMPACT) or {},
        timeline=[_event(text, e) for e in doc._.get(ext.TIMELINE) or []],
        root_causes=[{"text": text[c["start"]:c["end"]], "categories": c["categories"],
                      "start": c["start"], "end": c["end"]} for c in doc._.get(ext.ROOT_CAUSES) or []],
        root_cause_categories=categories,
        action_items=[{"text": text[a["start"]:a["end"]], "owner": a.get("owner"), "due": a.get("due"),
                       "start": a["start"], "end": a["end"]} for a in doc._.get(ext.ACTIONS) or []],
        warnings=doc._.get(ext.WARNINGS) or [],
    )


def _section(section: dict) -> dict:
    return {"kinds": section["kinds"] or ["other"], "heading": section["text"] or None,
            "level": section["level"], "start": section["start"], "end": section["end"]}


def _event(text: str, event: dict) -> dict:
    return {"time": event["time"], "datetime": event["datetime"], "tags": event["tags"],
            "text": text[event["start"]:event["end"]], "start": event["start"], "end": event["end"]}
