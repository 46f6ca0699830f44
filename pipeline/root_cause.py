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
from pipeline.sections import inside
from pipeline.errors import Warnings, warning
from pipeline.patterns.causes import (
    CATEGORY_REGEX, CAUSAL_VERB, CAUSE_CUE_REGEX, CONFIG_STRONG, FINITE_VERB, LEADING_FILLER, OVERRIDE_WITHIN,
    OVERRIDING, PHRASE_STOP,
    WEAK_INFRASTRUCTURE,
)

MAX_CAUSES = 5
MAX_WORDS = 22
_FIELD = re.compile(r"^\W*(?:the\s+)?(?:root[- ]?causes?|causes?|trigger)\s*(?:\([^)]*\))?\s*[:\-–]\s*", re.I)
_PRONOUN_START = re.compile(r"^(?:this|it|that|these|those|they|we|he|she|which|what|there|the (?:issue|problem|outage|incident))\b", re.I)
_CONJUNCTION = re.compile(r"\b(?:combined with|coupled with|together with|along with|as well as|compounded by|"
                          r"on top of|plus)\b", re.I)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n")


@dataclass
class Cause:
    start: int
    end: int
    rank: int
    group: int = -1   # causes enumerated together ("Two things: 1. ... 2. ...") share a group


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
        causes = find_causes(view, doc._.get(ext.SECTIONS) or [], ext.lines_of(doc), ext.text_of(doc))[: self.max_causes]
        self.set_annotations(doc, view, causes)
        return doc

    def set_annotations(self, doc: Doc, view: str, causes: list[Cause]) -> None:
        entries = [{"start": c.start, "end": c.end, "categories": categorize(view[c.start:c.end]),
                    "strength": category_strength(view[c.start:c.end]), "rank": c.rank, "group": c.group}
                   for c in causes]
        categories = _document_categories(entries)
        if not entries:
            ext.add_warning(doc, warning(Warnings.W030))
        doc._.set(ext.ROOT_CAUSES, [{k: v for k, v in e.items() if k not in ("strength", "rank", "group")} for e in entries])
        doc._.set(ext.CATEGORIES, categories or ["unknown"])
        for cause in causes:
            ext.add_span(doc, "pm_root_cause", cause.start, cause.end, "root_cause")


# Candidate kinds, most trusted first (the rank is the position in this tuple).
RANKS = ("field", "explicit", "heading_subject", "cue_in_cause", "prose_subject", "heading_sentence", "cue_in_prose")
_STRONG_HEADING = re.compile(r"\bcauses?\b", re.I)
_FACTOR_COUNT = re.compile(r"^(?:the )?(?:a few|several|two|three|four|five|six|\d+|multiple|a number of|a combination of|"
                           r"a series of)\s+(?:[\w-]+\s+){0,2}?(?:factors|issues|causes|things|problems|reasons|failures|"
                           r"mistakes)\b", re.I)
_LISTED_LEAD = re.compile(r"^(?P<lead>[^:.!?]{3,80}?)(?::\s+|\.\s+(?=[A-Z]))")
MAX_LISTED = 3
_LEADING_CLAUSE = re.compile(
    r"(?:(?:on|at|around|by|in|during|after|shortly after|since|between|from)\s[^,\n]{1,60},\s*|"
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?,?\s+)?"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4},?\s+)+", re.I)
# Where a cause phrase goes on to say something else: an aside after a comma, "while ...".
_CONTINUATION = re.compile(r",\s|\s(?:while|whereas|but|and the|and we|so we|so the|which meant|not anything)\s|\n\s*[-*•]\s")
_NOT_A_PHRASE = re.compile(r"^(?:not (?:yet )?(?:found|determined|known|identified|clear)|unknown|none|n/?a|tbd|unclear|"
                           r"human error|hardware|software|configuration|network|see below|see above)\W*$", re.I)
# Template instructions, fragments, narration and negations are never a cause phrase.
_NOT_A_CAUSE = re.compile(
    r"^(?:identify|explain|describe|outline|list|provide|summari[sz]e|detail|include|insert|write|fill in)\b|"
    r"\b(?:the following|in detail|in-depth|below|above)\b|"
    r"^(?:however|at first|initially|then|later|meanwhile|like|also|additionally|furthermore|moreover|"
    r"unfortunately|luckily|fortunately|not)\b|"
    r"(?:^|\n)\s*#", re.I)
# A phrase ending on one of these words stops mid-thought (lower case: "UPS A" is fine).
_DANGLING = re.compile(r"\b(?:was|were|is|are|be|been|being|not|the|a|an|of|to|that|which|and|or|but|by|for|with|"
                       r"had|has|have|our|their|its|his|her|this|these|those)$")
_LABEL_LINE = re.compile(r"(?:^|\n)\s*[A-Z][A-Za-z /]{1,30}:\s*\n")
_AMOUNT_SUBJECT = re.compile(r"(?:roughly|about|approximately|around|nearly|over|almost|some|~)?\s*\d", re.I)
_RELATIVE = re.compile(r"\b(?:whose|which|that|who|where|when)\b", re.I)
_RELATIVE_END = re.compile(r"\s(?:that|which|who)\s*$")
_HARD_BREAK = re.compile(r"[.;!?](?=\s)|\n\s*\n")
# "X filled the disk, causing writes to fail": the cause is the whole clause before the comma.
_EFFECT_CLAUSE = re.compile(r",\s*(?:causing|leading to|resulting in|which (?:caused|led to|resulted in))\b", re.I)
_RELATIVE_CAUSE = re.compile(r"(?P<np>\b(?:an?|the)\s(?:[\w'-]+\s){0,2}?(?:outage|failure|problem|issue|incident|"
                             r"disruption|bug|error|fault|misconfiguration)\s(?:with|in|of|at|on)\s[^.,;:\n]{3,60}?)\s"
                             r"(?:that|which)\s(?:caused|led to|resulted in|triggered|brought down|took down)\b", re.I)
_PRONOUN_SUBJECT = re.compile(r"^(?:we|i|you|they|he|she|it|this|that|there|our team|the team)\b|\bwe\b", re.I)


def find_causes(view: str, sections: list[dict], lines, text: str = "") -> list[Cause]:
    """Candidate cause phrases, best first, no two overlapping. `text` is the raw text the
    view was made from (bold leads of listed causes are only visible there)."""
    heading_lines = {s["start"] for s in sections}
    cause_sections = [s for s in sections if "root_cause" in s["kinds"]]
    cause_ranges = [(s["body_start"], s["end"]) for s in cause_sections]
    prose = _prose_ranges(sections, len(view))
    candidates: list[Cause] = []
    for line in lines:
        field = _FIELD.match(line.text)
        if field and not line.blank:
            start = line.content_start + field.end()
            if not view[start:line.end].strip():
                start = _next_text(view, line.end, skip=heading_lines)
            if not _has_cue(view, start, len(view)):
                _add(candidates, view, start, "field", subject=True)
    for section in cause_sections:
        first = _next_text(view, section["body_start"], section["end"], skip=heading_lines)
        if _has_cue(view, first, section["end"]):
            continue
        strong = _STRONG_HEADING.search(section["text"]) is not None
        causal = _causal_verb_in_sentence(view, first, section["end"])
        kind = "heading_subject" if strong and causal else "heading_sentence"
        _add(candidates, view, first, kind, subject=True, limit=section["end"], lines=lines, text=text)
    for name, regex in CAUSE_CUE_REGEX:
        explicit = name in ("root_cause_was", "cause_was", "culprit", "in_short")
        for match in regex.finditer(view):
            if explicit:
                _add(candidates, view, match.end(), "explicit", lines=lines, text=text, noun_phrase=name != "in_short")
            elif inside(match.start(), cause_ranges):
                _add(candidates, view, match.end(), "cue_in_cause", lines=lines, text=text)
            elif inside(match.start(), prose):
                _add(candidates, view, match.end(), "cue_in_prose", lines=lines, text=text)
    for start, end in prose:
        for sentence_start in _sentence_starts(view, start, end):
            if _causal_verb_in_sentence(view, sentence_start, end):
                _add_subject(candidates, view, sentence_start, end)
        _add_relative(candidates, view, start, end)
    candidates.sort(key=lambda c: (c.rank, c.start))
    chosen: list[Cause] = []
    for cause in candidates:
        if not any(c.start < cause.end and cause.start < c.end for c in chosen):
            chosen.append(cause)
    return chosen


def _sentence_starts(view: str, start: int, end: int):
    position = _next_text(view, start, end)
    while position < end:
        yield position
        stop = _SENTENCE_END.search(view, position, end)
        if not stop:
            return
        position = _next_text(view, stop.end(), end)


def _causal_verb_in_sentence(view: str, start: int, end: int) -> bool:
    stop = _SENTENCE_END.search(view, start, end)
    return CAUSAL_VERB.search(view, start, stop.start() if stop else end) is not None


def _add_subject(candidates: list[Cause], view: str, start: int, end: int) -> None:
    """"A misconfigured cache caused ..." in a summary: the subject is a cause."""
    lead = _LEADING_CLAUSE.match(view, start, end)
    begin = lead.end() if lead else start
    verb = CAUSAL_VERB.search(view, begin, min(end, begin + 300))
    if not verb or _PRONOUN_SUBJECT.search(view[begin:verb.start()]) or _RELATIVE_END.search(view, begin, verb.start()):
        return
    if "%" in view[begin:verb.start()] or _AMOUNT_SUBJECT.match(view, begin, verb.start()):
        return  # "12% of scans failed", "Roughly 210k requests failed": who was affected, not what was wrong
    sentence_stop = _SENTENCE_END.search(view, begin, end)
    clause = _EFFECT_CLAUSE.search(view, begin, sentence_stop.start() if sentence_stop else end)
    stop = clause.start() if clause else verb.start()
    words = view[begin:stop].split()
    begin, stop = _trim(view, begin, stop)
    if len(words) <= 20 and not _HARD_BREAK.search(view, begin, stop) and acceptable(view[begin:stop]):
        candidates.append(Cause(begin, stop, RANKS.index("prose_subject")))


def _add_relative(candidates: list[Cause], view: str, start: int, end: int) -> None:
    """"... an outage with the payment provider that caused all orders to fail": the noun
    phrase before "that caused" is a cause."""
    for match in _RELATIVE_CAUSE.finditer(view, start, end):
        begin, stop = _trim(view, match.start("np"), match.end("np"))
        if acceptable(view[begin:stop]):
            candidates.append(Cause(begin, stop, RANKS.index("prose_subject")))


def _has_cue(view: str, start: int, end: int) -> bool:
    """Does the sentence starting at `start` name its cause with a cue ("caused by", ...)?"""
    stop = _SENTENCE_END.search(view, start, end)
    sentence_end = stop.start() if stop else end
    return any(regex.search(view, start, sentence_end) for name, regex in CAUSE_CUE_REGEX if name != "introduced")


def _prose_ranges(sections: list[dict], length: int) -> list[tuple[int, int]]:
    """Where the outage is told: text under no kind of heading (the lead, a title's scope),
    summaries and impact sections."""
    boundaries = sorted({0, length, *(s["start"] for s in sections), *(s["end"] for s in sections)})
    ranges = []
    for start, end in zip(boundaries, boundaries[1:]):
        inner: list[str] = []
        for section in sections:
            if section["start"] <= start < section["end"]:
                inner = section["scope_kinds"]
        if not inner or set(inner) & {"summary", "impact"}:
            ranges.append((start, end))
    return ranges


def _next_text(view: str, start: int, end: int | None = None, skip: set[int] = frozenset()) -> int:
    """The next offset holding text (past white space, list markers and heading lines)."""
    end = len(view) if end is None else end
    while start < end and view[start].isspace():
        start += 1
    line_start = view.rfind("\n", 0, start) + 1
    if line_start in skip:
        newline = view.find("\n", start, end)
        return _next_text(view, newline, end, skip) if newline != -1 else end
    while start < end and view[start] in "-*•o\u2022\uf0a7" and start + 1 < end and view[start + 1] in " \t":
        start += 2
        while start < end and view[start].isspace():
            start += 1
    return start


def _add(found: list[Cause], view: str, start: int, kind: str, subject: bool = False,
         limit: int | None = None, lines=None, text: str = "", noun_phrase: bool = False) -> None:
    span = cause_phrase(view, start, limit, subject)
    if span is None:
        return
    verb = FINITE_VERB.search(view, span[0], span[1]) if noun_phrase else None
    if verb and len(view[span[0]:verb.start()].split()) >= 3 and not _RELATIVE.search(view, span[0], verb.start()):
        span = (span[0], verb.start())
    if _FACTOR_COUNT.match(view[span[0]:span[1]]) and lines is not None:
        _add_listed(found, view, span[1], kind, lines, text)  # "three compounding factors:" -> the list
        return
    found.append(Cause(span[0], span[1], RANKS.index(kind)))


def _add_listed(found: list[Cause], view: str, after: int, kind: str, lines, text: str = "") -> None:
    """The causes a "Two things:" / "three factors:" phrase introduces: each listed item's
    lead ("**Retry amplification**:") and the subject of its sentence, as one group."""
    items = []
    for line in lines:
        if line.start <= after:
            continue
        if line.bullet:
            items.append(line)
        elif items and not line.blank and line.indent == 0:
            break
        if len(items) == MAX_LISTED:
            break
    rank = RANKS.index(kind)
    for item in items:
        lead_end = _bold_lead_end(text, item) if text else None
        lead = None if lead_end else _LISTED_LEAD.match(item.text)
        if lead:
            lead_end = item.content_start + len(lead.group("lead"))
        lead_span = _trim(view, item.content_start, lead_end) if lead_end else None
        if lead_span and acceptable(view[lead_span[0]:lead_span[1]]):
            found.append(Cause(*lead_span, rank, group=after))
        body = _next_text(view, lead_end + 1, item.end) if lead_end else item.content_start
        span = cause_phrase(view, body, item.end, subject=True)
        if span:
            found.append(Cause(span[0], span[1], rank + (1 if lead_end else 0), group=after))


def _bold_lead_end(text: str, item) -> int | None:
    """`1. **A retry storm** from the app`: where the bold lead of a list item ends."""
    start = item.content_start
    while start > item.start and text[start - 1] in "*_":
        start -= 1  # the view blanks the markers; the raw text still has them
    if not text.startswith(("**", "__"), start):
        return None
    close = text.find(text[start:start + 2], start + 2, item.end)
    return close if close > start + 2 else None


def cause_phrase(view: str, start: int, limit: int | None = None, subject: bool = False) -> tuple[int, int] | None:
    """(start, end) of the cause phrase that begins at `start`, or None if there is none."""
    limit = len(view) if limit is None else limit
    if start >= limit:
        return None
    filler = LEADING_FILLER.match(view, start, limit)
    if filler:
        start = filler.end()
    stop = PHRASE_STOP.search(view, start, min(limit, start + 600))
    end = stop.start() if stop else min(limit, start + 600)
    if subject:
        verb = CAUSAL_VERB.search(view, start, end)
        if verb and len(view[start:verb.start()].split()) >= 2:
            end = verb.start()
    continuation = _CONTINUATION.search(view, start, end)
    if continuation and len(view[start:continuation.start()].split()) >= 3:
        end = continuation.start()
    end = _cap_words(view, start, end)
    start, end = _trim(view, start, end)
    return (start, end) if acceptable(view[start:end]) else None


def acceptable(phrase: str) -> bool:
    """Could this be a cause phrase at all? Not a fragment, a template instruction, a
    field value like "Not found", narration or a heading."""
    words = phrase.split()
    if len(words) < 2 or not re.search(r"[A-Za-z]{2}", phrase):
        return False
    if _PRONOUN_START.match(phrase) and len(words) < 4:
        return False
    return not (_NOT_A_PHRASE.match(phrase) or "\n" in phrase and _LABEL_LINE.search(phrase)
                or _NOT_A_CAUSE.search(phrase) or _DANGLING.search(phrase))


def _trim(view: str, start: int, end: int) -> tuple[int, int]:
    while end > start and view[end - 1] in " \t\n,:;-–*\"'`":
        end -= 1
    while start < end and view[start] in " \t\n\"'`*":
        start += 1
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


def _document_categories(entries: list[dict]) -> list[str]:
    """The first candidate that names a category decides; a component word ("server",
    "load balancer") decides only when no candidate names anything else."""
    named = [e for e in entries if e.get("strength") == "named"]
    weak = [e for e in entries if e.get("strength") == "component"]
    chosen = named[0] if named else weak[0] if weak else None
    stated = entries[0] if entries and entries[0].get("rank", 99) <= RANKS.index("heading_subject") else None
    if stated and stated.get("strength") == "component":
        chosen = stated  # the stated cause names only a component: it still decides
    if chosen is None:
        return ["unknown"]
    categories = list(chosen["categories"])
    if chosen.get("group", -1) >= 0:  # enumerated causes: a different second one contributes too
        for entry in entries:
            if entry.get("group") == chosen["group"] and entry.get("strength") == "named":
                extra = next((c for c in entry["categories"] if c not in categories and c != "unknown"), None)
                if extra:
                    categories.append(extra)
                    break
    return categories[:2]


def category_strength(phrase: str) -> str:
    """"named" when a category's own words occur, "component" when only a component does."""
    if any(regex.search(phrase) for regex in CATEGORY_REGEX.values()):
        return "named"
    return "component" if WEAK_INFRASTRUCTURE.search(phrase) else "none"


def categorize(phrase: str) -> list[str]:
    """Categories of one cause phrase: an overriding kind first (security, infrastructure,
    dependency), else the first kind named; a second only after "combined with"/"and"."""
    hits = {category: match.start() for category, regex in CATEGORY_REGEX.items()
            if (match := regex.search(phrase))}
    if "unknown" in hits:
        return ["unknown"]
    if CONFIG_STRONG.search(phrase) and not any(hits[c] < OVERRIDE_WITHIN for c in OVERRIDING if c in hits):
        hits["configuration"] = -1
    if not hits:
        return ["infrastructure"] if WEAK_INFRASTRUCTURE.search(phrase) else ["unknown"]
    overriding = [c for c in OVERRIDING if c in hits and hits[c] < OVERRIDE_WITHIN]
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
