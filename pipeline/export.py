"""Feeds for OpenSearch and Elasticsearch: `_bulk` NDJSON and an index mapping.

Each document is the record itself (it validates against `models.Record`), under the
stable `_id` of the record id, so re-exporting a document overwrites it. The mapping is
derived from the pydantic models, so it covers every field of the schema; the tables
below only say which strings are prose (`text`) and which are date-times (`date`).
Both engines read the same bulk format and mapping.
"""
from __future__ import annotations

import json
import re
import types
from typing import Iterable, Iterator, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from models import Record
from pipeline.errors import Errors, PostmortemError

DEFAULT_INDEX = "postmortems"
FORMATS = ("opensearch", "elasticsearch")  # the same bulk format; two names users look for

SCALAR_TYPES = {str: "keyword", int: "integer", float: "float", bool: "boolean"}
# Counts that may pass 2^31 ("3 billion users"): 64-bit.
LONG_FIELDS = {"impact.users_affected"}
# Prose, searched by words (dotted paths into the record).
TEXT_FIELDS = {"text", "title", "sections.heading", "impact.summary", "impact.services", "timeline.text",
               "root_causes.text", "action_items.text", "warnings.message"}
# Prose that is also sorted or aggregated on as a whole: a `.keyword` sub-field.
KEYWORD_SUBFIELDS = {"title", "impact.services"}
# ISO 8601 date-times. A date-less time ("14:05:00") stays in `_source` but is not indexed
# as a date (`ignore_malformed`), so it never becomes 1 January 1970.
DATE_FIELDS = {"incident.start", "incident.end", "incident.detected_at", "incident.mitigated_at",
               "incident.resolved_at", "timeline.datetime"}
TEXT_MAPPING = {"type": "text", "analyzer": "english"}
DATE_MAPPING = {"type": "date", "format": "strict_date_optional_time", "ignore_malformed": True}
# Maps of evidence offsets (`incident.evidence`): kept, not searched.
OPAQUE_MAPPING = {"type": "object", "enabled": False}
# Index names both engines refuse: (pattern that must not match, why).
_INDEX_NAME_RULES = (
    (re.compile(r"^$"), "it is empty"),
    (re.compile(r"[A-Z]"), "it must be lower case"),
    (re.compile(r"[\\/*?\"<>| ,#:]"), "it may not contain \\ / * ? \" < > | , # : or spaces"),
    (re.compile(r"^[-_+]"), "it may not start with -, _ or +"),
    (re.compile(r"^\.\.?$"), "it may not be . or .."),
)


def check_index_name(name: str) -> str:
    for pattern, reason in _INDEX_NAME_RULES:
        if pattern.search(name):
            raise PostmortemError(Errors.E070, None, name=name, reason=reason)
    if len(name.encode("utf-8")) > 255:
        raise PostmortemError(Errors.E070, None, name=name, reason="it is longer than 255 bytes")
    return name


def mapping(model: type[BaseModel] = Record) -> dict:
    """The body of `PUT /<index>`: every field of `model` with its type. `dynamic: strict`
    makes the engine refuse a field the mapping does not know, as the model does."""
    return {"mappings": {"dynamic": "strict", "properties": properties(model)}}


def properties(model: type[BaseModel], prefix: str = "") -> dict:
    return {name: field_mapping(info.annotation, f"{prefix}{name}")
            for name, info in model.model_fields.items()}


def field_mapping(annotation, path: str) -> dict:
    """The mapping of one field; `path` is its dotted place in the record."""
    annotation = _element(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"properties": properties(annotation, f"{path}.")}
    if get_origin(annotation) is dict:
        return dict(OPAQUE_MAPPING)
    if path in DATE_FIELDS:
        return dict(DATE_MAPPING)
    if path in TEXT_FIELDS:
        extra = {"fields": {"keyword": {"type": "keyword", "ignore_above": 256}}} if path in KEYWORD_SUBFIELDS else {}
        return {**TEXT_MAPPING, **extra}
    if path in LONG_FIELDS:
        return {"type": "long"}
    scalar = type(get_args(annotation)[0]) if get_origin(annotation) is Literal else annotation
    if scalar not in SCALAR_TYPES:
        raise TypeError(f"no search-engine type for {path}: {annotation!r}")
    return {"type": SCALAR_TYPES[scalar]}


def _element(annotation):
    """Optional[X] -> X, list[X] -> X (engines map arrays by their element type)."""
    while True:
        origin, args = get_origin(annotation), get_args(annotation)
        if origin in (Union, types.UnionType):
            annotation = next(arg for arg in args if arg is not type(None))
        elif origin is list:
            annotation = args[0]
        else:
            return annotation


def bulk_lines(records: Iterable[Record], index: str = DEFAULT_INDEX) -> Iterator[str]:
    """The `_bulk` body, two lines per record (no newlines inside a line)."""
    for record in records:
        yield json.dumps({"index": {"_index": index, "_id": record.id}})
        yield record.model_dump_json()


def document(record: Record) -> dict:
    """The `_source` of a record."""
    return record.model_dump(mode="json")
