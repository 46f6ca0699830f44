"""What every date and time of a document is resolved against: the incident's day (not the
day the write-up was reviewed or mailed), the default year, the day/month order of numeric
dates, the zone the times are written in, and the day headers of a multi-day timeline."""
from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline.errors import Warnings, warning
from pipeline.isotime import resolve_day, zone_name, zone_offset
from pipeline.markup import Line
from pipeline.patterns.moments import WEEKDAYS
from pipeline.patterns.zones import DAY_FIRST_ZONES
from pipeline.temporal import DateRef, Moment, MomentIndex, find_zones, zone_header

# Parts that tell the story after the fact: their dates and zones are not the incident's.
AFTERMATH = {"root_cause", "corrective_actions", "lessons"}
# A date on a line about the write-up itself is not the incident's date.
_METADATA = re.compile(r"\b(?:review(?:ed)?|written|wrote|updated?|edited|modified|published|posted|prepared|"
                       r"created|drafted|revised|meeting|retro(?:spective)?|sent|approved|signed|generated|"
                       r"printed|authored|as of)\b[^.;|·\n]{0,40}$", re.I)
_EMAIL_DATE = re.compile(r"^(?:date|sent)\s*:", re.I)
_EMAIL_HEADER = re.compile(r"^[ \t]*(?:from|to|cc|subject)[ \t]*:", re.I | re.M)
_PAREN_ABBREVIATION = re.compile(r"\s*\(([A-Z]{2,5})\)")



@dataclass
class Context:
    """What every date in the document is resolved against."""

    base_date: date | None
    default_year: int | None
    day_first: bool
    zone: str | None
    zone_span: tuple[int, int] | None
    year_placeholder: str = ""
    moments: list[Moment] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)

    def day_of(self, ref: DateRef) -> date | None:
        if self.year_placeholder and ref.year is None:
            return None
        return resolve_day(ref, self.day_first, self.default_year)

    def offset_on(self, day: date | None) -> int | None:
        return zone_offset(self.zone, day or self.base_date) if self.zone else None


def document_context(doc: Doc, index: MomentIndex, entries: list) -> Context:
    view, moments = index.view, index.moments
    dated = [m for m in moments if m.date]
    story = SectionMap(doc._.get(ext.SECTIONS) or [])
    zone, span = document_zone(view, moments, story)
    day_first, notes = _day_first(view, dated, zone)
    placeholder = next((m.date.year_placeholder for m in dated if m.date.year_placeholder), "")
    years = [m.date.year for m in dated if m.date.year]
    probe = Context(None, Counter(years).most_common(1)[0][0] if years else None, day_first, None, None, placeholder)
    base = _incident_date(story, view, dated, entries, probe)
    default_year = None if placeholder else base.year if base else probe.default_year
    if zone:
        zone = zone_name(zone, base)
    return Context(base, default_year, day_first, zone, span, placeholder, moments, notes)


def _day_first(view: str, dated: list[Moment], zone: str | None) -> tuple[bool, list[dict]]:
    """Day/month order of numeric dates: from a part over 12, else from the month-name dates
    of the same document, else from the zone's habit (warned about), else month first."""
    numeric = [m.date for m in dated if m.date.numeric]
    if not numeric or any(ref.a > 12 for ref in numeric):
        return bool(numeric), []
    if any(ref.b > 12 for ref in numeric):
        return False, []
    named = {(m.date.year, m.date.a) for m in dated if not m.date.numeric}
    votes = Counter()
    for ref in numeric:
        votes["day"] += (ref.year, ref.b) in named or (None, ref.b) in named
        votes["month"] += (ref.year, ref.a) in named or (None, ref.a) in named
    if votes["day"] != votes["month"]:
        return votes["day"] > votes["month"], []
    day_first = bool(zone) and zone in DAY_FIRST_ZONES
    ambiguous = next((r for r in numeric if r.ambiguous), None)
    if ambiguous is None:
        return day_first, []
    month, day = ambiguous.resolve(day_first)
    text = view[ambiguous.start:ambiguous.end]
    return day_first, [warning(Warnings.W022, date=text, reading=f"month {month}, day {day}")]


def _incident_date(story: "SectionMap", view, dated, entries, probe: Context) -> date | None:
    """The outage's day: the first dated timeline entry, else the first date outside the
    cause/actions/lessons parts that is not about the write-up itself (reviewed, written,
    the Date: header of an e-mail); None when only such dates are written."""
    for entry in entries:
        if entry.moment and entry.moment.date and probe.day_of(entry.moment.date):
            if not probe.year_placeholder:
                return probe.day_of(entry.moment.date)
    candidates = [m for m in dated if (m.date.year or probe.default_year) and not m.date.year_placeholder]
    for moment in candidates:
        if not (story.within(moment.start, AFTERMATH) or _metadata(view, moment.start)):
            day = probe.day_of(moment.date)
            if day:
                return day
    return None


def _metadata(view: str, start: int) -> bool:
    line_start = max(start - 200, view.rfind("\n", max(0, start - 200), start) + 1)
    if _METADATA.search(view, max(line_start, start - 60), start):
        return True
    return bool(_EMAIL_DATE.match(view[line_start:start].strip(" \t*_"))) and \
        bool(_EMAIL_HEADER.search(view, max(0, line_start - 300), min(len(view), start + 300)))


def document_zone(view: str, moments: list[Moment], story: "SectionMap | None" = None
                  ) -> tuple[str | None, tuple[int, int] | None]:
    """A header zone ("all times PDT", "Time (WAT)", "TIMELINE (ALL TIMES CAT)") first, else
    the first zone written beside a clock time (not "midnight UTC" in the cause's story)."""
    for name, start, end in find_zones(view):
        if zone_header(view, start):
            return _prefer_abbreviation(view, name, end), (start, end)
    for moment in moments:
        if moment.zone and moment.clock and moment.zone_span and not view[moment.clock.start].isalpha() \
                and not (story and story.within(moment.start, AFTERMATH)):
            start, end = moment.zone_span
            return _prefer_abbreviation(view, moment.zone, end), (start, end)
    return None, None


def _prefer_abbreviation(view: str, name: str, end: int) -> str:
    """"Central African Time (CAT)" -> "CAT"."""
    match = _PAREN_ABBREVIATION.match(view, end)
    return match.group(1) if match and (" " in name or len(name) > 5) else name


class SectionMap:
    """The kinds of the innermost section around any offset (sections nest by scope): a
    line of the summary under a title that names a kind is still in the summary."""

    def __init__(self, sections: list[dict]):
        self.sections = sorted(sections, key=lambda s: (s["start"], -s["end"]))
        self.starts = [s["start"] for s in self.sections]
        self.parents: list[int] = []
        stack: list[int] = []
        for i, section in enumerate(self.sections):
            while stack and self.sections[stack[-1]]["end"] <= section["start"]:
                stack.pop()
            self.parents.append(stack[-1] if stack else -1)
            stack.append(i)

    def kinds(self, offset: int) -> list[str]:
        i = bisect.bisect_right(self.starts, offset) - 1
        while i >= 0 and offset >= self.sections[i]["end"]:
            i = self.parents[i]
        return self.sections[i]["scope_kinds"] if i >= 0 else []

    def within(self, offset: int, kinds: set[str]) -> bool:
        return bool(set(self.kinds(offset)) & kinds)


_WEEKDAY_ONLY = re.compile(r"[\W_]*\(?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\)?[\W_]*", re.I)
_HEADER_PREFIX = re.compile(r"[\[(\s]*(?:#{1,6}\s+)?")
_DAY_WORDS = re.compile(r"\W*(?:day\s+(?P<n>\d{1,2})|(?P<word>first|second|third|fourth|fifth) day)\b", re.I)



@dataclass(frozen=True)
class DayHeader:
    """A line that only names a day: by date, by number ("Day 2") or by weekday ("Tuesday")."""

    number: int | None = None
    moment: Moment | None = None
    weekday: int | None = None


def day_header(index: MomentIndex, line: Line) -> DayHeader | None:
    """"### June 1", "2023-08-25", "Day 2", "Day 1 — Monday, Jan 3, 2022", "**Tuesday 4 June:**",
    "June 2 (Tue)", "Wednesday:"; None for any other line."""
    if line.blank or len(line.text) > 60:
        return None
    view = index.view
    weekday = _WEEKDAY_LINE.fullmatch(view, line.content_start, line.end)
    if weekday:
        return DayHeader(weekday=WEEKDAYS[weekday.group("day").lower()[:3]])
    number = _DAY_WORDS.match(view, line.content_start, line.end)
    opening = number.end() if number else _HEADER_PREFIX.match(view, line.content_start, line.end).end()
    moments = index.between(opening, line.end)
    if len(moments) > 1 or (moments and (moments[0].clock or not moments[0].date)):
        return None
    dated = moments[0] if moments else None
    before = view[opening:dated.start] if dated else ""
    rest = view[dated.end:line.end] if dated else view[opening:line.end]
    if _WORDS.search(before) or (_WORDS.search(rest) and not (dated and _WEEKDAY_ONLY.fullmatch(rest))):
        return None
    if not number:
        return DayHeader(moment=dated) if dated else None
    n = number.group("n") or ["first", "second", "third", "fourth", "fifth"].index(number.group("word").lower()) + 1
    return DayHeader(int(n), dated)


_WORDS = re.compile(r"[^\W_]")
_WEEKDAY_LINE = re.compile(r"[\W_]*(?P<day>mon|tue|wed|thu|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?[\W_]*", re.I)
