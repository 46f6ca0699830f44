"""Stage 4, `pm_root_cause`: the short phrases that name the cause, and their categories.

Candidates, most trusted first: a "Root Cause:" field; "the root cause was ..."; the first
sentence under a root-cause heading; "caused by / due to / traced to / resulted from /
because ..." inside root-cause sections, then in the summary. Each phrase is cut before its
effects (", causing ...", "which ...", "leading to ...") and stripped of filler; a sentence
whose subject is the cause ("A misconfigured cache caused ...") keeps the subject.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline.errors import Warnings, warning
from pipeline.patterns.causes import (
    CATEGORY_REGEX, CAUSAL_VERB, CAUSE_CUE_REGEX, LEADING_FILLER, OVERRIDING, PHRASE_STOP,
)

MAX_CAUSES = 5
MAX_WORDS = 22
_FIELD = re.compile(r"^\W*(?:the\s+)?(?:root[- ]?causes?|causes?|trigger)\s*(?:\([^)]*\))?\s*[:\-–]\s*", re.I)
_PRONOUN_START = re.compile(r"^(?:this|it|that|these|those|they|we|he|she|which|what|there|the (?:issue|problem|outage|incident))\b", re.I)
_CONJUNCTION = re.compile(r"\b(?:combined with|coupled with|together with|along with|as well as|compounded by|and)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


@dataclass
class Cause:
    start: int
    end: int
    rank: int


@Language.factory("pm_root_cause")
def make_root_cause(nlp: Language, name: str, max_causes: int = MAX_CAUSES) -> "RootCauseFinder":
    return RootCauseFinder(name, max_causes=max_causes)


class RootCauseFinder:
    """Writes `doc._.pm_root_causes`, `doc._.pm_categories`, `doc.spans["pm_root_cause"]`."""

    def __init__(self, name: str = "pm_root_cause", *, max_causes: int = MAX_CAUSES):
        self.name = name
        self.max_causes = max_causes

    def __call__(self, doc: Doc) -> Doc:
        view = ext.view_of(doc)
        causes = find_causes(view, doc._.get(ext.SECTIONS) or [], ext.lines_of(doc))[: self.max_causes]
        self.set_annotations(doc, view, causes)
        return doc

    def set_annotations(self, doc: Doc, view: str, causes: list[Cause]) -> None:
        entries = [{"start": c.start, "end": c.end, "categories": categorize(view[c.start:c.end])} for c in causes]
        categories = list(entries[0]["categories"]) if entries else ["unknown"]
        if not entries:
            ext.add_warning(doc, warning(Warnings.W030))
        doc._.set(ext.ROOT_CAUSES, entries)
        doc._.set(ext.CATEGORIES, categories or ["unknown"])
        for cause in causes:
            ext.add_span(doc, "pm_root_cause", cause.start, cause.end, "root_cause")


def find_causes(view: str, sections: list[dict], lines) -> list[Cause]:
    """Candidate cause phrases, best first, no two overlapping."""
    cause_ranges = [(s["body_start"], s["end"]) for s in sections if "root_cause" in s["kinds"]]
    prose_ranges = _prose_ranges(sections, len(view))
    candidates: list[Cause] = []
    for line in lines:  # "Root Cause: ..." fields and labels
        field = _FIELD.match(line.text)
        if field and not line.blank:
            start = line.content_start + field.end()
            if start >= line.end:
                start = _next_text(view, line.end)
            if not _has_cue(view, start, len(view)):
                _add(candidates, view, start, 0, subject=True)
    for start, end in cause_ranges:  # the first sentence under a root-cause heading
        first = _next_text(view, start, end)
        if not _has_cue(view, first, end):
            _add(candidates, view, first, 2, subject=True, limit=end)
    for name, regex in CAUSE_CUE_REGEX:
        rank = 1 if name in ("root_cause_was", "cause_was", "culprit") else 3
        for match in regex.finditer(view):
            inside_cause = _inside(match.start(), cause_ranges)
            if rank == 3 and not (inside_cause or _inside(match.start(), prose_ranges)):
                continue
            _add(candidates, view, match.end(), rank if inside_cause or rank == 1 else rank + 1)
    candidates.sort(key=lambda c: (c.rank, c.start))
    chosen: list[Cause] = []
    for cause in candidates:
        if not any(c.start < cause.end and cause.start < c.end for c in chosen):
            chosen.append(cause)
    return chosen


def _has_cue(view: str, start: int, end: int) -> bool:
    """Does the sentence starting at `start` name its cause with a cue ("caused by", ...)?"""
    stop = _SENTENCE_END.search(view, start, end)
    sentence_end = stop.start() if stop else end
    return any(regex.search(view, start, sentence_end) for _, regex in CAUSE_CUE_REGEX)


def _prose_ranges(sections: list[dict], length: int) -> list[tuple[int, int]]:
    """Where the outage is told: before the first heading, summaries, impact sections."""
    first = min((s["start"] for s in sections), default=length)
    ranges = [(0, first)]
    ranges += [(s["body_start"], s["end"]) for s in sections if set(s["kinds"]) & {"summary", "impact"}]
    return ranges


def _inside(offset: int, ranges) -> bool:
    return any(start <= offset < end for start, end in ranges)


def _next_text(view: str, start: int, end: int | None = None) -> int:
    end = len(view) if end is None else end
    while start < end and view[start].isspace():
        start += 1
    while start < end and view[start] in "-*•o\u2022\uf0a7" and start + 1 < end and view[start + 1] in " \t":
        start += 2
        while start < end and view[start].isspace():
            start += 1
    return start


def _add(found: list[Cause], view: str, start: int, rank: int, subject: bool = False, limit: int | None = None) -> None:
    span = cause_phrase(view, start, limit, subject)
    if span is None:
        return
    found.append(Cause(span[0], span[1], rank))


def cause_phrase(view: str, start: int, limit: int | None = None, subject: bool = False) -> tuple[int, int] | None:
    """(start, end) of the cause phrase that begins at `start`, or None if there is none."""
    limit = len(view) if limit is None else limit
    if start >= limit:
        return None
    stop = PHRASE_STOP.search(view, start, min(limit, start + 600))
    end = stop.start() if stop else min(limit, start + 600)
    if subject:
        verb = CAUSAL_VERB.search(view, start, end)
        if verb and len(view[start:verb.start()].split()) >= 2:
            end = verb.start()
    filler = LEADING_FILLER.match(view, start, end)
    if filler:
        start = filler.end()
    end = _cap_words(view, start, end)
    while end > start and view[end - 1] in " \t\n,:;-–*\"'`":
        end -= 1
    while start < end and view[start] in " \t\n\"'`*":
        start += 1
    phrase = view[start:end]
    words = phrase.split()
    if not words or not re.search(r"[A-Za-z]{2}", phrase) or _PRONOUN_START.match(phrase) and len(words) < 4:
        return None
    return start, end


def _cap_words(view: str, start: int, end: int) -> int:
    """Long phrases stop at a comma after a few words, else after MAX_WORDS words."""
    words = list(re.finditer(r"\S+", view[start:end]))
    if len(words) <= MAX_WORDS:
        return end
    for word in words[6:MAX_WORDS]:
        if word.group(0).endswith(","):
            return start + word.end() - 1
    return start + words[MAX_WORDS - 1].end()


def categorize(phrase: str) -> list[str]:
    """Categories of one cause phrase: an overriding kind first (security, infrastructure,
    dependency), else the first kind named; a second only after "combined with"/"and"."""
    hits = {category: match.start() for category, regex in CATEGORY_REGEX.items()
            if (match := regex.search(phrase))}
    if not hits:
        return ["unknown"]
    overriding = [c for c in OVERRIDING if c in hits]
    ordered = sorted(hits, key=hits.get)
    primary = overriding[0] if overriding else ordered[0]
    categories = [primary]
    joint = _CONJUNCTION.search(phrase)
    if joint:
        tail = phrase[joint.end():]
        second = next((c for c in ordered if c != primary and CATEGORY_REGEX[c].search(tail)), None)
        if second:
            categories.append(second)
    return categories
