"""Per-field scores of a record against its gold annotation.

The definitions are those of `../shared/score.py`, so that figures agree with it to the
last digit (a test checks this on the shared dev set):

| field | a document scores |
|---|---|
| sections | set F1 of the record's section kinds (`other` left out) against the gold kinds |
| start, end | 1 when equal: the first 16 characters of a dated ISO value, else its `HH:MM` |
| timezone | 1 when equal ignoring case and surrounding space (null = "") |
| duration | 1 when both null, or both given and at most one minute apart |
| impact | 1 when the sets of percentages, rounded to 0.1, are equal |
| timeline | F1 of entry times (a multiset); over a set, micro-averaged on the counts |
| root_cause | best token F1 between any cause and any gold phrase (1 when both have none) |
| categories | set F1 of root-cause categories |
| action_items | 1 when the counts are equal |

A document without a record scores 0 on every field. Token F1 lower-cases, drops ASCII
punctuation and the articles a/an/the, and compares the remaining words as multisets.
"""
from __future__ import annotations

import re
import string
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Callable, Iterable

from models import Record
from models.gold import Gold

FIELDS = ("sections", "start", "end", "timezone", "duration", "impact",
          "timeline", "root_cause", "categories", "action_items")

_PUNCTUATION = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def words(text: str) -> list[str]:
    return _ARTICLES.sub(" ", text.lower().translate(_PUNCTUATION)).split()


def f1(matched: int, predicted: int, expected: int) -> float:
    """F1 from counts; nothing predicted and nothing expected is perfect, no match is 0."""
    if not predicted and not expected:
        return 1.0
    if not matched:
        return 0.0
    precision, recall = matched / predicted, matched / expected
    return 2 * precision * recall / (precision + recall)


def token_f1(predicted: str, expected: str) -> float:
    got, wanted = words(predicted), words(expected)
    if not got or not wanted:
        return 0.0
    return f1(sum((Counter(got) & Counter(wanted)).values()), len(got), len(wanted))


def set_f1(predicted: Iterable, expected: Iterable) -> float:
    got, wanted = set(predicted), set(expected)
    return f1(len(got & wanted), len(got), len(wanted))


def multiset_matches(predicted: list, expected: list) -> int:
    return sum((Counter(predicted) & Counter(expected)).values())


def same_moment(predicted: str | None, expected: str | None) -> float:
    """A dated gold value compares the first 16 characters; a date-less one only `HH:MM`."""
    if expected is None:
        return float(not predicted)
    if not predicted:
        return 0.0
    if "T" in expected:
        return float("T" in predicted and predicted[:16] == expected)
    clock = predicted[11:16] if "T" in predicted else predicted[:5]
    return float(clock == expected)


def same_zone(predicted: str | None, expected: str | None) -> float:
    return float((predicted or "").strip().upper() == (expected or "").strip().upper())


def same_duration(predicted: int | None, expected: int | None) -> float:
    if predicted is None or expected is None:
        return float(predicted is None and expected is None)
    return float(abs(predicted - expected) <= 1)


def same_percents(predicted: list[float], expected: list[float]) -> float:
    return float({round(float(x), 1) for x in predicted} == {round(float(x), 1) for x in expected})


def timeline_f1(predicted: list[str], expected: list[str]) -> float:
    return f1(multiset_matches(predicted, expected), len(predicted), len(expected))


def best_cause(predicted: list[str], expected: list[str]) -> float:
    if not expected:
        return float(not predicted)
    return max((token_f1(cause, phrase) for cause in predicted for phrase in expected), default=0.0)


def same_count(predicted: int, expected: int) -> float:
    return float(predicted == expected)


# field -> how a document's (got, expected) values score
SCORERS: dict[str, Callable[[Any, Any], float]] = {
    "sections": set_f1, "start": same_moment, "end": same_moment, "timezone": same_zone,
    "duration": same_duration, "impact": same_percents, "timeline": timeline_f1,
    "root_cause": best_cause, "categories": set_f1, "action_items": same_count,
}


def expected_values(gold: Gold) -> dict[str, Any]:
    return {
        "sections": list(gold.sections), "start": gold.incident_start, "end": gold.incident_end,
        "timezone": gold.timezone, "duration": gold.duration_minutes,
        "impact": sorted(set(gold.impact_percents)), "timeline": list(gold.timeline_times),
        "root_cause": list(gold.root_cause_phrases), "categories": list(gold.root_cause_categories),
        "action_items": gold.action_items,
    }


def got_values(record: Record) -> dict[str, Any]:
    kinds = [kind for section in record.sections for kind in section.kinds if kind != "other"]
    incident = record.incident
    return {
        "sections": list(dict.fromkeys(kinds)), "start": incident.start, "end": incident.end,
        "timezone": incident.timezone, "duration": incident.duration_minutes,
        "impact": sorted(set(record.impact.percent_affected)),
        "timeline": [event.time for event in record.timeline if event.time],
        "root_cause": [cause.text for cause in record.root_causes],
        "categories": list(record.root_cause_categories), "action_items": len(record.action_items),
    }


@dataclass
class DocScore:
    """One document: its field scores and the values they compared (`got` is None without a record)."""

    doc: str
    expected: dict[str, Any]
    got: dict[str, Any] | None
    note: str | None = None  # why there is no record

    @cached_property
    def scores(self) -> dict[str, float]:
        if self.got is None:
            return dict.fromkeys(FIELDS, 0.0)
        return {field: SCORERS[field](self.got[field], self.expected[field]) for field in FIELDS}

    @property
    def overall(self) -> float:
        return sum(self.scores.values()) / len(FIELDS)

    @property
    def failing(self) -> list[str]:
        return [field for field, score in self.scores.items() if score < 1.0]

    def timeline_counts(self) -> tuple[int, int, int]:
        """(matched, predicted, expected) entry times, for the micro-average."""
        wanted = self.expected["timeline"]
        got = self.got["timeline"] if self.got is not None else []
        return multiset_matches(got, wanted), len(got), len(wanted)


def score_doc(doc: str, gold: Gold, record: Record | None, note: str | None = None) -> DocScore:
    return DocScore(doc, expected_values(gold), got_values(record) if record is not None else None, note)


def summarise(docs: list[DocScore]) -> dict[str, float]:
    """Mean of each field over the documents, the timeline micro-averaged, and their mean."""
    if not docs:
        return {}
    summary = {field: sum(d.scores[field] for d in docs) / len(docs) for field in FIELDS}
    matched, predicted, expected = (sum(column) for column in zip(*(d.timeline_counts() for d in docs)))
    if matched:  # score.py falls back to the per-document mean when nothing matched at all
        summary["timeline"] = f1(matched, predicted, expected)
    summary["overall"] = sum(summary[field] for field in FIELDS) / len(FIELDS)
    return summary
