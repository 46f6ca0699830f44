"""Stage 2, `pm_timeline`: the timeline's events, dated and tagged, and the incident's facts.

Entries are found by `entries.py`. Each entry's date comes from its own text, else from the
day header above it ("### June 1", "Day 2"), else from the incident date; a clock that goes
back `rollover_hours` or more moves to the next day, a smaller step back is kept (and warned
about). Relative entries ("T+5m") get a datetime when the timeline marks its T+0. The
incident facts (start, end, duration, zone, detection and resolution times) come from
`incident.py`.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline import incident
from pipeline.context import day_header, document_context
from pipeline.entries import Entry, fenced_code, find_entries
from pipeline.errors import Warnings, warning
from pipeline.isotime import iso
from pipeline.markup import Line, split_lines
from pipeline.patterns.events import TAG_REGEX
from pipeline.sections import section_ranges
from pipeline.temporal import MomentIndex

ROLLOVER_HOURS = 6  # a clock this far behind the previous one is on the next day


@Language.factory("pm_timeline")
def make_timeline(nlp: Language, name: str, rollover_hours: int = ROLLOVER_HOURS) -> "TimelineBuilder":
    return TimelineBuilder(name, rollover_hours=rollover_hours)


class TimelineBuilder:
    """Writes `doc._.pm_timeline`, `doc._.pm_incident` and `doc.spans["pm_timeline"]`."""

    def __init__(self, name: str = "pm_timeline", *, rollover_hours: int = ROLLOVER_HOURS):
        self.name = name
        self.rollover_hours = rollover_hours

    def __call__(self, doc: Doc) -> Doc:
        text, view = ext.text_of(doc), ext.view_of(doc)
        lines = split_lines(view, text)
        index = MomentIndex(view).without(fenced_code(text))   # logs and configs are no story
        entries, scoped = find_entries(text, index, lines, section_ranges(doc, "timeline"))
        context = document_context(doc, index, entries)
        notes = date_entries(entries, context, index, lines, self.rollover_hours)
        for entry in entries:
            entry.tags = event_tags(scoped[entry.text_start:entry.end])
        facts = incident.incident_facts(doc, text, scoped, lines, entries, context)
        self.set_annotations(doc, entries, facts, context, notes)
        return doc

    def set_annotations(self, doc: Doc, entries: list[Entry], facts: dict, context, notes) -> None:
        events = []
        for entry in entries:
            hhmm, stamp = _entry_time(entry, context)
            events.append({"time": hhmm, "datetime": stamp, "start": entry.text_start, "end": entry.end,
                           "tags": entry.tags, "time_start": entry.start})
            ext.add_span(doc, "pm_timeline", entry.start, entry.end, "event")
        doc._.set(ext.TIMELINE, events)
        doc._.set(ext.INCIDENT, facts)
        for note in context.notes + notes + facts.pop("warnings", []):
            ext.add_warning(doc, note)
        if not entries and section_ranges(doc, "timeline"):
            ext.add_warning(doc, warning(Warnings.W011))


def _entry_time(entry: Entry, context) -> tuple[str | None, str | None]:
    """("HH:MM", ISO datetime) of an entry; an offset entry ("T+5m") has no clock of its own,
    only the datetime counted from the T+0 entry."""
    if entry.hour is None:
        return None, None
    clock = (entry.hour, entry.minute)
    stamp = iso(entry.day, clock, context.offset_on(entry.day))
    return (None if entry.offset else f"{clock[0]:02d}:{clock[1]:02d}"), stamp


def place_offsets(entries: list[Entry]) -> None:
    """Offset entries get the day and clock of the T+0 entry plus their offset: the entry
    marked T+0 ("14:20 UTC (T+0)"), else the timed entry before the first offset."""
    timed = [e for e in entries if e.hour is not None and not e.offset]
    anchor = next((e for e in timed if e.anchor), None)
    if anchor is None and any(e.offset for e in entries):
        first_offset = next(i for i, e in enumerate(entries) if e.offset)
        anchor = next((e for e in entries[:first_offset] if e.hour is not None), None)
    if anchor is None:
        return
    base = datetime.combine(anchor.day or date(2000, 1, 1), datetime.min.time())
    for entry in entries:
        if entry.offset:
            moved = base + timedelta(hours=anchor.hour, minutes=anchor.minute + entry.offset.minutes)
            entry.day = moved.date() if anchor.day else None
            entry.hour, entry.minute = moved.hour, moved.minute


def date_entries(entries: list[Entry], context, index: MomentIndex, lines: list[Line],
                 rollover_hours: int = ROLLOVER_HOURS) -> list[dict]:
    """Give each entry its calendar day (None when unknown) and its clock as resolved.
    Returns warnings (a timeline going backwards)."""
    notes: list[dict] = []
    headers = day_headers(index, lines, entries, context)
    twelve_hour = _twelve_hour_style(entries, index.view)
    current = context.base_date
    previous: int | None = None
    header_index = 0
    for entry in entries:
        while header_index < len(headers) and headers[header_index][0] < entry.start:
            current = headers[header_index][1] or current
            previous = None
            header_index += 1
        clock = entry.clock
        if entry.moment and entry.moment.date:
            entry.day = context.day_of(entry.moment.date) or current
            current = entry.day
        if clock is None:
            entry.day = entry.day or current
            continue
        minutes = clock.minutes
        if twelve_hour and previous is not None and _afternoon(clock, minutes, previous):
            minutes += 720
        if previous is not None and minutes < previous and not (entry.moment and entry.moment.date):
            if previous - minutes >= rollover_hours * 60:
                current = current + timedelta(days=1) if current else None
            else:
                notes.append(warning(Warnings.W021, time=clock.hhmm))
        entry.day = entry.day or current
        entry.hour, entry.minute = minutes // 60, minutes % 60
        previous = minutes
    place_offsets(entries)
    return notes


def _twelve_hour_style(entries: list[Entry], view: str) -> bool:
    """Whether the timeline writes 12-hour clocks without AM/PM ("11:50", "12:10", "1:05"):
    no hour over 12, no zero-padded hour below 10."""
    clocks = [e.clock for e in entries if e.clock and not e.clock.meridiem]
    if not clocks:
        return False
    return all(c.hour <= 12 and not view[c.start:c.start + 1] == "0" for c in clocks) and \
        any(c.hour == 12 for c in clocks)


def _afternoon(clock, minutes: int, previous: int) -> bool:
    """A bare "1:05" after "12:40" in a 12-hour timeline is 13:05."""
    return not clock.meridiem and 1 <= clock.hour <= 11 and minutes < previous <= minutes + 720 \
        and previous >= 11 * 60


def day_headers(index: MomentIndex, lines: list[Line], entries: list[Entry], context) -> list[tuple[int, date | None]]:
    """Lines between (and just before) the entries that only name a day, with that day: a
    date, "Day N" counted from the incident date, or a weekday on or after the day before."""
    if not entries:
        return []
    headers = []
    first, last = entries[0].start, entries[-1].start
    current = context.base_date
    for line in lines:
        if line.start > last:
            break
        if line.blank or line.start < first - 400:
            continue
        found = day_header(index, line)
        if found is None:
            continue
        if found.moment is not None:
            day = context.day_of(found.moment.date)
        elif found.number is not None:
            day = context.base_date + timedelta(days=found.number - 1) if context.base_date else None
        else:
            day = current + timedelta(days=(found.weekday - current.weekday()) % 7) if current else None
        current = day or current
        headers.append((line.start, day))
    return headers


def event_tags(text: str) -> list[str]:
    return [tag for tag, regex in TAG_REGEX.items() if regex.search(text)]
