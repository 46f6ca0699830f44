"""Stage 2, `pm_timeline`: the timeline's events, dated, and the incident's start and end.

An event is a line (bullet, table row, heading, plain line) that begins with a clock time
or a date and time, inside a timeline section; without a timeline heading, a run of such
lines anywhere. Each event's date comes from its own text, else from the day header above
it, else from the incident date; a clock that jumps far backwards moves to the next day.
The incident facts (start, end, duration, zone) are worked out in `incident.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline import incident
from pipeline.errors import Warnings, warning
from pipeline.markup import Line
from pipeline.patterns.events import TAG_REGEX
from pipeline.sections import section_ranges
from pipeline.temporal import Moment, find_moments, iso

# What may stand before the time at the start of an entry: brackets, "At", "~", "#".
_ENTRY_PREFIX = re.compile(r"[\[(\s]*(?:#{1,6}\s+)?(?:(?:at|around|approx\.?|approximately|about|~|by)\s+)?", re.I)
# What separates the time from the event text.
_SEPARATOR = re.compile(r"[\s\])]*(?:(?:\(?[A-Z]{2,5}\)?|[A-Z][a-z]+ [A-Z][a-z]+ Time)\s*)?[\])]*\s*[:\-–—|,.>]*\s*")
_RELATIVE = re.compile(r"[\[(\s]*(?:T\s?)?(?P<sign>[+\-])\s?(?P<amount>\d{1,4})\s?(?P<unit>m|min|mins|minutes|h|hr|hrs|hours)\b", re.I)
_DAY_HEADER = re.compile(r"^\W*(?:day\s+(?P<n>\d{1,2})|(?P<word>first|second|third|fourth) day)\b\W*$", re.I)
ROLLOVER_HOURS = 6  # a clock this far behind the previous one is on the next day


@dataclass
class Entry:
    moment: Moment | None
    start: int                 # start of the entry (time included)
    text_start: int            # start of the event text after the time
    end: int
    offset_minutes: int | None = None
    day: date | None = None
    tags: list[str] = field(default_factory=list)


@Language.factory("pm_timeline")
def make_timeline(nlp: Language, name: str, rollover_hours: int = ROLLOVER_HOURS) -> "TimelineBuilder":
    return TimelineBuilder(name, rollover_hours=rollover_hours)


class TimelineBuilder:
    """Writes `doc._.pm_timeline`, `doc._.pm_incident` and `doc.spans["pm_timeline"]`."""

    def __init__(self, name: str = "pm_timeline", *, rollover_hours: int = ROLLOVER_HOURS):
        self.name = name
        self.rollover_hours = rollover_hours

    def __call__(self, doc: Doc) -> Doc:
        view = ext.view_of(doc)
        lines = ext.lines_of(doc)
        context = incident.document_context(doc, view, lines)
        entries = find_entries(doc, view, lines)
        notes = date_entries(entries, context, view, lines, self.rollover_hours)
        for entry in entries:
            entry.tags = event_tags(view[entry.text_start:entry.end])
        facts = incident.incident_facts(doc, view, lines, entries, context)
        self.set_annotations(doc, entries, facts, context, notes)
        return doc

    def set_annotations(self, doc: Doc, entries: list[Entry], facts: dict, context, notes) -> None:
        events = []
        for entry in entries:
            clock = entry.moment.clock if entry.moment else None
            offset = context.offset_on(entry.day)
            events.append({
                "time": clock.hhmm if clock else None,
                "datetime": iso(entry.day, clock, offset) if clock else None,
                "start": entry.text_start, "end": entry.end, "tags": entry.tags,
                "time_start": entry.start, "offset_minutes": entry.offset_minutes,
            })
            ext.add_span(doc, "pm_timeline", entry.start, entry.end, "event")
        doc._.set(ext.TIMELINE, events)
        doc._.set(ext.INCIDENT, facts)
        for note in notes + facts.pop("warnings", []):
            ext.add_warning(doc, note)
        if not entries and section_ranges(doc, "timeline"):
            ext.add_warning(doc, warning(Warnings.W011))


def find_entries(doc: Doc, view: str, lines: list[Line]) -> list[Entry]:
    """Timeline entries in the timeline sections, else the longest run of entry lines."""
    ranges = section_ranges(doc, "timeline")
    if ranges:
        inside = [i for i, line in enumerate(lines) if _within(line.start, ranges)]
        entries = _entries_from(inside, lines, view, weak_ok=True)
        if entries:
            return entries
        return _entries_in_prose(view, ranges)
    candidates = [i for i, line in enumerate(lines) if not line.blank]
    return _longest_run(_entries_from(candidates, lines, view, weak_ok=False), lines)


def _within(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def _entries_from(indices: list[int], lines: list[Line], view: str, weak_ok: bool) -> list[Entry]:
    entries: list[Entry] = []
    index_set = set(indices)
    for i in indices:
        entry = entry_at(lines[i], view, weak_ok)
        if entry is None:
            continue
        entry.end = _entry_end(lines, i, index_set, view, entry)
        entries.append(entry)
    return entries


def entry_at(line: Line, view: str, weak_ok: bool = True) -> Entry | None:
    """The entry a line opens, if it begins with a time (or is a table row with one)."""
    if line.blank:
        return None
    if line.text.startswith("|"):
        return _table_entry(line, view)
    prefix = _ENTRY_PREFIX.match(view, line.content_start, line.end)
    at = prefix.end()
    moments = find_moments(view, at, min(line.end, at + 80))
    first = moments[0] if moments else None
    if first and first.start == at and first.clock and (weak_ok or not first.clock.weak):
        sep = _SEPARATOR.match(view, first.end, line.end)
        return Entry(first, at, sep.end(), line.end)
    if first and first.start == at and first.date and _SEPARATOR.match(view, first.end, line.end).end() < line.end:
        sep = _SEPARATOR.match(view, first.end, line.end)
        if view[first.end:sep.end()].strip(" \t") and sep.end() < line.end:
            return Entry(first, at, sep.end(), line.end)  # a dated entry without a clock
    relative = _RELATIVE.match(view, line.content_start, line.end)
    if relative and weak_ok:
        minutes = int(relative.group("amount")) * (60 if relative.group("unit")[0].lower() == "h" else 1)
        minutes = -minutes if relative.group("sign") == "-" else minutes
        sep = _SEPARATOR.match(view, relative.end(), line.end)
        return Entry(None, relative.start(), sep.end(), line.end, offset_minutes=minutes)
    return None


def _table_entry(line: Line, view: str) -> Entry | None:
    """`| 14:10 | Event |` or `| 2019-12-04 00:30 | Event |`: time in the first or second cell."""
    cells = [m for m in re.finditer(r"[^|]+", view[line.content_start:line.end])]
    for position, cell in enumerate(cells[:2]):
        start = line.content_start + cell.start()
        stripped = start + len(cell.group(0)) - len(cell.group(0).lstrip())
        moments = find_moments(view, stripped, line.content_start + cell.end())
        if moments and moments[0].start == stripped and moments[0].clock and len(cells) > position + 1:
            rest = line.content_start + cells[position + 1].start()
            text_start = rest + len(cells[position + 1].group(0)) - len(cells[position + 1].group(0).lstrip())
            return Entry(moments[0], stripped, text_start, line.end)
    return None


def _entry_end(lines: list[Line], i: int, allowed: set[int], view: str, entry: Entry) -> int:
    """An entry runs on over continuation lines: deeper-indented lines, wrapped lines, and the
    paragraph under an entry whose line holds only the time (a `### 9:00` heading)."""
    line = lines[i]
    end = _trim_end(view, entry.text_start, line.end)
    only_time = not view[entry.text_start:line.end].strip()
    j = i + 1
    seen_blank = False
    while j < len(lines) and j in allowed:
        nxt = lines[j]
        if nxt.blank:
            if not only_time or seen_blank and end > line.end:
                break
            seen_blank = True
            j += 1
            continue
        if entry_at(nxt, view) or nxt.text.startswith("#") or nxt.text.startswith("|"):
            break
        if nxt.bullet and nxt.indent <= line.indent and not only_time:
            break
        if seen_blank and not only_time:
            break
        end = _trim_end(view, nxt.start, nxt.end)
        if only_time and entry.text_start >= line.end:
            entry.text_start = nxt.content_start
        j += 1
    return max(end, entry.text_start)


def _trim_end(view: str, start: int, end: int) -> int:
    while end > start and view[end - 1] in " \t\r|":
        end -= 1
    return end


def _entries_in_prose(view: str, ranges: list[tuple[int, int]]) -> list[Entry]:
    """A timeline written as paragraphs: each sentence holding a clock time is an event."""
    entries = []
    for start, end in ranges:
        for moment in find_moments(view, start, end):
            if not moment.clock or moment.clock.weak:
                continue
            sentence_start = max(view.rfind(". ", start, moment.start) + 2, view.rfind("\n", start, moment.start) + 1, start)
            stop = re.compile(r"[.!?](?=\s)|\n").search(view, moment.end, end)
            sentence_end = stop.end() if stop else end
            entries.append(Entry(moment, moment.start, sentence_start, _trim_end(view, sentence_start, sentence_end)))
    return entries


def _longest_run(entries: list[Entry], lines: list[Line], minimum: int = 3) -> list[Entry]:
    """Without a timeline heading: the longest run of entry lines (only text between them
    that belongs to the entries), if it has at least `minimum` entries."""
    runs: list[list[Entry]] = []
    for entry in entries:
        if runs and _adjacent(runs[-1][-1], entry, lines):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    best = max(runs, key=len, default=[])
    return best if len(best) >= minimum else []


def _adjacent(previous: Entry, entry: Entry, lines: list[Line]) -> bool:
    between = [line for line in lines if previous.end <= line.start < entry.start]
    return all(line.blank for line in between) and len(between) <= 3


def date_entries(entries: list[Entry], context, view: str, lines: list[Line], rollover_hours: int) -> list[dict]:
    """Give each entry its calendar day (or None when unknown). Returns warnings."""
    notes: list[dict] = []
    headers = _day_headers(view, lines, entries, context)
    current = context.base_date
    previous_minutes: int | None = None
    header_index = 0
    for entry in entries:
        while header_index < len(headers) and headers[header_index][0] < entry.start:
            current = headers[header_index][1] or current
            previous_minutes = None
            header_index += 1
        moment = entry.moment
        if moment and moment.date:
            day = context.day_of(moment.date)
            current = day or current
            entry.day = day
        elif moment and moment.clock:
            minutes = moment.clock.hour * 60 + moment.clock.minute
            if previous_minutes is not None and minutes < previous_minutes:
                if previous_minutes - minutes >= rollover_hours * 60:
                    current = current + timedelta(days=1) if current else None
                else:
                    notes.append(warning(Warnings.W021, time=moment.clock.hhmm))
            entry.day = current
        if moment and moment.clock:
            previous_minutes = moment.clock.hour * 60 + moment.clock.minute
    return notes


def _day_headers(view: str, lines: list[Line], entries: list[Entry], context) -> list[tuple[int, date | None]]:
    """Lines between entries that hold only a date ("### 2016-11-07", "June 2", "Day 2")."""
    if not entries:
        return []
    headers = []
    first, last = entries[0].start, entries[-1].start
    entry_starts = {e.start for e in entries}
    for line in lines:
        if line.blank or not (first - 400 <= line.start <= last) or line.content_start in entry_starts:
            continue
        text = line.text.lstrip("#").strip()
        if len(text) > 40:
            continue
        day_header = _DAY_HEADER.match(text)
        if day_header and context.base_date:
            n = int(day_header.group("n")) if day_header.group("n") else \
                ["first", "second", "third", "fourth"].index(day_header.group("word").lower()) + 1
            headers.append((line.start, context.base_date + timedelta(days=n - 1)))
            continue
        opening = _ENTRY_PREFIX.match(view, line.content_start, line.end).end()
        moments = find_moments(view, opening, line.end)
        if len(moments) == 1 and moments[0].date and not moments[0].clock and moments[0].start == opening \
                and not re.sub(r"[\W_]+", "", view[moments[0].end:line.end]):
            headers.append((line.start, context.day_of(moments[0].date)))
    return headers


def event_tags(text: str) -> list[str]:
    return [tag for tag, regex in TAG_REGEX.items() if regex.search(text)]
