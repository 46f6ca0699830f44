"""The incident's own facts: its date, zone, start, end and duration.

Stated facts win ("Duration: 10:00 to 12:30", "Start Time:", "lasted 2 hours"); the
timeline fills in what is not stated (its START/END markers, its first entry, the entry
where service is restored). Where a stated value and the timeline disagree, the stated
value is kept and a warning says so. Used by the timeline stage.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline.errors import Warnings, warning
from pipeline.markup import Line
from pipeline.patterns.events import END_MARKER, RECOVERY, RECOVERY_REPORT, START_MARKER
from pipeline.temporal import (
    DateRef, Moment, find_durations, find_moments, find_zones, iso, zone_name, zone_offset,
)

NOT_STATEMENTS = {"timeline", "root_cause", "corrective_actions", "lessons", "resolution"}
_RANGE = re.compile(
    r"\s*(?:\(?[A-Z]{2,5}(?:[+\-]\d{1,2})?\)?)?\s*,?\s*(?:-|–|—|to|until|till|through|thru|"
    r"and (?:ended|ending|finished|was resolved|resolved|lasted until)(?: at| by)?)\s*", re.I)
_START_LABEL = re.compile(r"(?:outage |incident |impact )?(?:start(?:ed)?(?: time| date)?|began|begin|"
                          r"date ?/ ?time|date and time|when|first (?:detected|noticed))\s*:", re.I)
_END_LABEL = re.compile(r"(?:outage |incident |impact )?(?:end(?:ed)?(?: time| date)?|resolved(?: at)?|"
                        r"recovered(?: at)?|restored(?: at)?)\s*:", re.I)
_DURATION_CUE = re.compile(r"(?:lasting|lasted(?: for)?|duration(?: of(?: the outage)?)?|period of|outage of|"
                           r"downtime of|down for|for|total of|spanning|over)\W{0,4}(?:about|approximately|"
                           r"approx\.?|around|roughly|nearly|almost|just over|over|~|a total of)?\s*\(?~?\s*$", re.I)
_HEADER_ZONE = re.compile(r"(?:times?|time zone|timezone)\b[^.\n]{0,14}$", re.I)
_PAREN_ABBREVIATION = re.compile(r"\s*\(([A-Z]{2,5})\)")
TIMELINE_SNAP_MINUTES = 5


@dataclass
class Context:
    """What every date in the document is resolved against."""

    base_date: date | None
    default_year: int | None
    day_first: bool
    zone: str | None
    zone_span: tuple[int, int] | None
    year_placeholder: str = ""

    def day_of(self, ref: DateRef) -> date | None:
        if ref.year_placeholder:
            return None
        year = ref.year or self.default_year
        reading = ref.resolve(day_first=self.day_first) or ref.resolve(day_first=not self.day_first)
        if year is None or reading is None:
            return None
        try:
            return date(year, *reading)
        except ValueError:
            return None

    def offset_on(self, day: date | None) -> int | None:
        return zone_offset(self.zone, day or self.base_date) if self.zone else None


def document_context(doc: Doc, view: str, lines: list[Line]) -> Context:
    moments = find_moments(view)
    dated = [m for m in moments if m.date]
    day_first = _day_first(dated)
    years = [m.date.year for m in dated if m.date.year]
    default_year = Counter(years).most_common(1)[0][0] if years else None
    placeholder = next((m.date.year_placeholder for m in dated if m.date.year_placeholder), "")
    skip = _ranges(doc, {"root_cause", "corrective_actions", "lessons"})
    probe = Context(None, default_year, day_first, None, None, placeholder)
    base = next((probe.day_of(m.date) for m in dated if not _inside(m.start, skip)
                 and (m.date.year or m.date.year_placeholder)), None)
    if base is None and not placeholder:
        base = next((probe.day_of(m.date) for m in dated if m.date.year), None)
    zone, span = _document_zone(view, moments)
    if zone:
        zone = zone_name(zone, base)
    return Context(base, default_year if not placeholder else None, day_first, zone, span, placeholder)


def _day_first(dated: list[Moment]) -> bool:
    """Day/month order of numeric dates: from a part over 12, else from the month-name
    dates of the same document, else month first (US)."""
    numeric = [m.date for m in dated if m.date.numeric]
    if not numeric:
        return False
    if any(ref.a > 12 for ref in numeric):
        return True
    if any(ref.b > 12 for ref in numeric):
        return False
    named = {(m.date.year, m.date.a) for m in dated if not m.date.numeric and m.date.year}
    votes = Counter()
    for ref in numeric:
        votes["day"] += (ref.year, ref.b) in named
        votes["month"] += (ref.year, ref.a) in named
    return votes["day"] > votes["month"]


def _document_zone(view: str, moments: list[Moment]) -> tuple[str | None, tuple[int, int] | None]:
    """A header zone ("all times PDT", "Time (WAT)") first, else the first zone written
    beside a clock time."""
    for name, start, end in find_zones(view):
        if _HEADER_ZONE.search(view, max(0, start - 30), start):
            return _prefer_abbreviation(view, name, end), (start, end)
    for moment in moments:
        if moment.zone and moment.clock:
            start = view.find(moment.zone, moment.start)
            return _prefer_abbreviation(view, moment.zone, start + len(moment.zone)), (start, start + len(moment.zone))
    return None, None


def _prefer_abbreviation(view: str, name: str, end: int) -> str:
    """"Central African Time (CAT)" -> "CAT"."""
    match = _PAREN_ABBREVIATION.match(view, end)
    return match.group(1) if match and " " in name else name


def _ranges(doc: Doc, kinds: set[str]) -> list[tuple[int, int]]:
    return [(s["body_start"], s["end"]) for s in doc._.get(ext.SECTIONS) or []
            if set(s["scope_kinds"]) & kinds]


def _inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


@dataclass
class Point:
    """A moment of the incident: a day (maybe unknown) and a clock (maybe unknown)."""

    day: date | None
    clock: tuple[int, int] | None
    start: int
    end: int

    def minutes(self) -> int | None:
        if self.clock is None:
            return None
        base = self.day.toordinal() * 1440 if self.day else 0
        return base + self.clock[0] * 60 + self.clock[1]

    def plus(self, minutes: int) -> "Point":
        if self.clock is None:
            return self
        anchor = datetime(2000, 1, 1) if self.day is None else datetime(self.day.year, self.day.month, self.day.day)
        moved = anchor + timedelta(hours=self.clock[0], minutes=self.clock[1] + minutes)
        return Point(moved.date() if self.day else None, (moved.hour, moved.minute), self.start, self.end)


def _point(moment: Moment, context: Context, fallback_day: date | None = None) -> Point:
    day = context.day_of(moment.date) if moment.date else fallback_day
    clock = (moment.clock.hour, moment.clock.minute) if moment.clock else None
    return Point(day, clock, moment.start, moment.end)


def stated_facts(doc: Doc, view: str, lines: list[Line], context: Context) -> dict:
    """Start, end and duration as the document states them outside its timeline."""
    skip = _ranges(doc, NOT_STATEMENTS)
    facts: dict = {}
    for index, line in enumerate(lines):
        if line.blank or _inside(line.start, skip):
            continue
        moments = find_moments(view, line.content_start, line.end)
        if "start" not in facts or "end" not in facts:
            _range_statement(view, moments, context, facts)
        _label_statement(view, line, moments, lines[index + 1:index + 2], context, facts)
        if "duration" not in facts:
            _duration_statement(view, line, facts)
        if "duration" not in facts and line.text.startswith("|"):
            _table_duration(view, lines, index, facts)
    return facts


def _range_statement(view: str, moments: list[Moment], context: Context, facts: dict) -> None:
    for first, second in zip(moments, moments[1:]):
        if not (first.clock and second.clock) or "start" in facts:
            continue
        if not _RANGE.fullmatch(view, first.end, second.start):
            continue
        start = _point(first, context)
        end = _point(second, context)
        if start.day is None and end.day is not None:
            start.day = end.day
        if end.day is None:
            end.day = start.day
        if start.day is None and context.base_date and not context.year_placeholder:
            start.day = end.day = context.base_date
        if first.date is None and second.date is None and start.minutes() > end.minutes():
            end = Point(end.day + timedelta(days=1) if end.day else None, end.clock, end.start, end.end)
        facts["start"], facts["end"] = start, end
        return


def _label_statement(view, line, moments, following, context, facts) -> None:
    for key, label in (("start", _START_LABEL), ("end", _END_LABEL)):
        match = label.match(view, line.content_start, line.end)
        if not match or key in facts:
            continue
        after = [m for m in moments if m.start >= match.end()]
        if not after and following:
            after = find_moments(view, following[0].content_start, following[0].end)
        if not after:
            continue
        point = _point(after[0], context, context.base_date if key == "start" else facts.get("start_day"))
        if point.clock is None:
            facts.setdefault(f"{key}_day", point.day)
            continue
        if key == "end" and point.day is None and "start" in facts:
            point.day = facts["start"].day
        facts[key] = point


def _duration_statement(view: str, line: Line, facts: dict) -> None:
    labelled = re.search(r"duration", view[line.content_start:line.end], re.I)
    for minutes, start, end in find_durations(view, line.content_start, line.end):
        before = view[max(line.content_start, start - 40):start]
        in_parens = before.rstrip().endswith("(")
        if labelled and labelled.start() + line.content_start < start or in_parens or _DURATION_CUE.search(before):
            facts["duration"] = (minutes, start, end)
            return


def _table_duration(view: str, lines: list[Line], index: int, facts: dict) -> None:
    """A "Duration" column in a table: the value in the first data row below the header."""
    header = [cell.strip() for cell in view[lines[index].content_start:lines[index].end].strip().strip("|").split("|")]
    column = next((i for i, cell in enumerate(header) if re.search(r"duration", cell, re.I)), None)
    if column is None:
        return
    for row in lines[index + 1:index + 4]:
        cells = view[row.content_start:row.end].strip().strip("|").split("|")
        if column < len(cells) and not re.fullmatch(r"[\s:\-]*", cells[column]):
            found = find_durations(view, row.content_start, row.end)
            if found:
                facts["duration"] = found[0]
            return


def incident_facts(doc: Doc, view: str, lines: list[Line], entries: list, context: Context) -> dict:
    """Everything `Record.incident` holds, plus warnings under "warnings"."""
    stated = stated_facts(doc, view, lines, context)
    points = [_entry_point(e, view) for e in entries]
    timed = [p for p in points if p and p.clock]
    start = stated.get("start") or _marker(points, entries, view, START_MARKER) or (timed[0] if timed else None)
    if start and "start" in stated:
        start = _matching_entry_day(start, timed)
    if start is None and not entries:
        start = _first_clock(view, lines, doc, context)
    if start and start.day is None and stated.get("start_day") and not context.year_placeholder:
        start.day = stated["start_day"]
    end = stated.get("end") or _marker(points, entries, view, END_MARKER) or _recovery(points, entries, view)
    duration = stated.get("duration")
    notes = []
    if end is None and start and duration:
        end = start.plus(duration[0])
    if end and start and end.minutes() is not None and start.minutes() is not None and end.minutes() < start.minutes():
        end = None if stated.get("end") is None else end
    span_minutes = end.minutes() - start.minutes() if (start and end and start.minutes() is not None and end.minutes() is not None) else None
    if span_minutes is not None and span_minutes < 0 and start.day is None:
        span_minutes += 1440
    minutes = duration[0] if duration else span_minutes
    if duration and span_minutes is not None and abs(duration[0] - span_minutes) > TIMELINE_SNAP_MINUTES:
        notes.append(warning(Warnings.W020, stated=duration[0], other="start and end", derived=span_minutes))
    if not context.zone and (entries or start):
        notes.append(warning(Warnings.W024))
    if context.year_placeholder:
        notes.append(warning(Warnings.W023, year=context.year_placeholder))
    return _facts_dict(start, end, minutes, duration, entries, points, context, notes)


def _entry_point(entry, view: str) -> Point | None:
    if entry.moment is None or entry.moment.clock is None:
        return Point(entry.day, None, entry.start, entry.end)
    clock = entry.moment.clock
    return Point(entry.day, (clock.hour, clock.minute), entry.moment.start, entry.moment.end)


def _marker(points, entries, view, marker) -> Point | None:
    for point, entry in zip(points, entries):
        if point and point.clock and marker.search(view, entry.text_start, entry.end):
            return point
    return None


def _recovery(points, entries, view) -> Point | None:
    """The last entry saying service is back (reports about recovery do not count)."""
    found = None
    for point, entry in zip(points, entries):
        text = view[entry.text_start:entry.end]
        if point and point.clock and RECOVERY.search(text) and not RECOVERY_REPORT.search(text):
            found = point
    return found


def _matching_entry_day(start: Point, timed: list[Point]) -> Point:
    """A stated start whose clock is a timeline entry's clock takes that entry's day (the
    timeline is the detailed record; the summary's date is the one more often mistyped)."""
    for point in timed:
        if point.clock == start.clock and point.day and point.day != start.day:
            return Point(point.day, start.clock, start.start, start.end)
    return start


def _first_clock(view, lines, doc, context) -> Point | None:
    """No timeline and no statement: the first clock time of the text around the outage."""
    skip = _ranges(doc, {"corrective_actions", "lessons"})
    for moment in find_moments(view):
        if moment.clock and not moment.clock.weak and not _inside(moment.start, skip):
            return _point(moment, context, context.base_date)
    return None


def _facts_dict(start, end, minutes, duration, entries, points, context, notes) -> dict:
    def stamp(point: Point | None) -> str | None:
        if point is None or point.clock is None:
            return None
        return iso(point.day, point.clock, context.offset_on(point.day))

    tagged = {tag: next((p for p, e in zip(points, entries) if tag in e.tags and p and p.clock), None)
              for tag in ("detection", "mitigation")}
    evidence = {}
    for name, point in (("start", start), ("end", end)):
        if point:
            evidence[name] = {"start": point.start, "end": point.end}
    if duration:
        evidence["duration"] = {"start": duration[1], "end": duration[2]}
    if context.zone_span:
        evidence["timezone"] = {"start": context.zone_span[0], "end": context.zone_span[1]}
    offset = context.offset_on(start.day if start else None)
    return {
        "start": stamp(start), "end": stamp(end), "timezone": context.zone,
        "utc_offset": _format(offset), "duration_minutes": minutes,
        "detected_at": stamp(tagged["detection"]), "mitigated_at": stamp(tagged["mitigation"]),
        "resolved_at": stamp(end),
        "time_to_detect_minutes": _between(start, tagged["detection"]),
        "time_to_resolve_minutes": minutes if start and end else None,
        "evidence": evidence, "warnings": notes,
    }


def _between(first: Point | None, second: Point | None) -> int | None:
    if not first or not second or first.minutes() is None or second.minutes() is None:
        return None
    if (first.day is None) != (second.day is None):
        return None
    gap = second.minutes() - first.minutes()
    return gap if gap >= 0 else None


def _format(offset: int | None) -> str | None:
    from pipeline.temporal import format_offset
    return format_offset(offset) if offset is not None else None
