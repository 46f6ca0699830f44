"""Stage 3, `pm_impact`: who was affected and how much.

Percentages count only when they are shares of users, requests or customers ("78% of flag
evaluation requests", "the remaining 20%", "100% downtime"); CPU, error-rate or cache
percentages never do. "All users", "the site was down", "complete outage" count as 100
unless the sentence limits them to a subset (a region, some users, a percentage).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline.sections import kinds_at
from pipeline.patterns.impact import (
    AFFECTED, ALL_USERS, CORE_WHO, FRACTION, FRACTION_CORE, FRACTIONS, GRATITUDE, NEEDS_AFFECTED, NOT_AFFECTED_SHARE,
    NOT_A_SERVICE, NOT_IMPACT, PERCENT, PERCENT_BEFORE, PERCENT_OF, PERCENT_WHOLE, SERVICE_LABEL, SERVICE_PHRASE,
    SUBSET, USERS_COUNT,
)

# Sections whose percentages and "all users" talk about something other than the outage.
SKIP_KINDS = {"corrective_actions", "lessons"}
# "All users"-style statements are trusted only where the outage itself is described.
WHOLE_KINDS = {"summary", "impact", "timeline"}
_SENTENCE_BREAK = re.compile(r"[.!?](?=\s)|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")


@Language.factory("pm_impact")
def make_impact(nlp: Language, name: str) -> "ImpactFinder":
    return ImpactFinder(name)


class ImpactFinder:
    """Writes `doc._.pm_impact` and `doc.spans["pm_impact"]`."""

    def __init__(self, name: str = "pm_impact"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        view = ext.view_of(doc)
        sections = doc._.get(ext.SECTIONS) or []
        shares = list(find_percentages(view, sections))
        found = shares + list(find_all_users(view, sections, in_timeline=not shares))
        impact = {
            "percent_affected": sorted({value for value, _, _ in found}),
            "users_affected": find_user_count(view),
            "all_users": any(value == 100.0 for value, _, _ in found),
            "services": find_services(view, sections),
            "summary": impact_summary(ext.text_of(doc), view, sections),
            "spans": [{"start": start, "end": end} for _, start, end in found],
        }
        self.set_annotations(doc, impact)
        return doc

    def set_annotations(self, doc: Doc, impact: dict) -> None:
        doc._.set(ext.IMPACT, impact)
        for span in impact["spans"]:
            ext.add_span(doc, "pm_impact", span["start"], span["end"], "impact")


SENTENCE_REACH = 400  # a "sentence" never reaches further than this either way


def _sentence(view: str, offset: int) -> tuple[int, int]:
    """The sentence around `offset`, bounded so that a huge line stays linear."""
    start = max(0, offset - SENTENCE_REACH)
    for match in _SENTENCE_BREAK.finditer(view, start, offset):
        start = match.end()
    limit = min(len(view), offset + SENTENCE_REACH)
    stop = _SENTENCE_BREAK.search(view, offset, limit)
    return start, stop.start() if stop else limit


def find_percentages(view: str, sections: list[dict]):
    """(value, start, end) for each share of users / requests affected."""
    for match in PERCENT.finditer(view):
        value = float(match.group("value"))
        if not 0 < value <= 100 or set(kinds_at(sections, match.start())) & SKIP_KINDS:
            continue
        sentence_start, sentence_end = _sentence(view, match.start())
        before = view[max(sentence_start, match.start() - 40):match.start()]
        after = view[match.end():min(sentence_end, match.end() + 80)]
        sentence = view[sentence_start:sentence_end]
        if NOT_AFFECTED_SHARE.search(before) or NOT_IMPACT.search(before[-25:]):
            continue
        share = PERCENT_OF.match(after)
        if share and not NOT_IMPACT.search(share.group(0)) and not NOT_AFFECTED_SHARE.search(share.group(0)):
            if CORE_WHO.search(share.group(0)) or AFFECTED.search(sentence):
                yield value, match.start(), match.end() + len(share.group(0).rstrip(" \t\n,.;:"))
        elif PERCENT_WHOLE.match(after) or (PERCENT_BEFORE.search(before) and AFFECTED.search(sentence)
                                             and not NOT_IMPACT.search(before + after[:20])):
            yield value, match.start(), match.end()
    for match in FRACTION.finditer(view):
        if set(kinds_at(sections, match.start())) & SKIP_KINDS:
            continue
        written = match.group("fraction")
        value = next((v for pattern, v in FRACTIONS.items() if re.match(pattern, written, re.I)), None)
        start, end = _sentence(view, match.start())
        core = FRACTION_CORE.match(view, match.end("fraction"))
        if value is not None and (core or AFFECTED.search(view, start, end)):
            yield value, match.start(), match.end()


def find_all_users(view: str, sections: list[dict], in_timeline: bool = True):
    """(100.0, start, end) for a statement that the whole user base was hit. A timeline's
    "site is down" counts only when no share of users is stated anywhere (`in_timeline`)."""
    allowed = WHOLE_KINDS if in_timeline else WHOLE_KINDS - {"timeline"}
    for match in ALL_USERS.finditer(view):
        kinds = kinds_at(sections, match.start())
        if kinds and not set(kinds) & allowed:
            continue
        start, end = _sentence(view, match.start())
        window = view[max(start, match.start() - 30):min(end, match.end() + 60)]
        if SUBSET.search(window):
            continue
        if NEEDS_AFFECTED.match(match.group(0)) and (not AFFECTED.search(window) or GRATITUDE.search(window)):
            continue
        yield 100.0, match.start(), match.end()


def find_user_count(view: str) -> int | None:
    """The number of users affected, when written as a count ("about 1,200 users")."""
    for match in USERS_COUNT.finditer(view):
        count = match.group("count").lower().replace(",", "").replace(" ", "")
        scale = 1
        for suffix, factor in (("thousand", 1000), ("million", 1_000_000), ("k", 1000), ("m", 1_000_000)):
            if count.endswith(suffix):
                count, scale = count[: -len(suffix)], factor
                break
        try:
            value = int(float(count) * scale)
        except ValueError:
            continue
        if value >= 2:
            return value
    return None


def find_services(view: str, sections: list[dict], limit: int = 5) -> list[str]:
    """Services named on a "Component:" / "Affected services:" line, else the services the
    summary and impact sections name ("the checkout API", "our web application")."""
    services: list[str] = []
    for line in view.splitlines():
        match = SERVICE_LABEL.match(line.strip())
        if match:
            for name in re.split(r",|;| and ", match.group("value")):
                _add_service(services, name)
    if services:
        return services[:limit]
    for match in SERVICE_PHRASE.finditer(view):
        kinds = kinds_at(sections, match.start())
        if kinds and not set(kinds) & {"summary", "impact"}:
            continue
        _add_service(services, match.group("name"))
    specific = [name for name in services if " " in name]
    return (specific or services)[:limit]  # "the web application" over a bare "service"


def _add_service(services: list[str], name: str) -> None:
    name = " ".join(name.split()).strip(" .,:;")
    if name and len(name) <= 60 and not NOT_A_SERVICE.match(name) and name.lower() not in {s.lower() for s in services}:
        services.append(name)


def impact_summary(text: str, view: str, sections: list[dict]) -> str | None:
    """The first sentence of the impact section (or of an "Impact:" field)."""
    for section in sections:
        if "impact" in section["kinds"]:
            body = section["body_start"]
            while body < section["end"] and view[body].isspace():
                body += 1
            if body < section["end"]:
                _, stop = _sentence(view, body)
                sentence = " ".join(view[body:min(stop + 1, section["end"])].split())
                if sentence:
                    return sentence
    field = re.search(r"(?im)^\W*impact\W*:\s*(?P<value>\S[^\n]*)", view)
    if field:
        return " ".join(field.group("value").split()) or None
    return None
