"""The incident's own facts: its date, zone, start, end, duration and response times.

Stated facts win (`statements.py`: labelled lines, ranges, prose, lengths); the timeline
fills in what is not stated (its START/END markers, the first entry where something is
wrong, the entry where service is back). Where a stated value and the timeline disagree,
the stated value is kept and a warning says so. Used by the timeline stage.
"""
from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline.context import Context, SectionMap
from pipeline.errors import Warnings, warning
from pipeline.isotime import format_offset, iso
from pipeline.markup import Line
from pipeline.patterns.events import END_MARKER, LEAD_UP, PROBLEM, RECOVERY, RECOVERY_REPORT, START_MARKER
from pipeline.statements import Point, Stated, find_statements, point, table_statements
from pipeline.temporal import MomentIndex

NOT_STATEMENTS = {"timeline", "root_cause", "corrective_actions", "lessons", "resolution"}
TIMELINE_SNAP_MINUTES = 5
# A stated value and the timeline disagree when they are further apart than this share of
# the outage (at least DISAGREE_MINUTES): "15:20 restored" vs "End: 15:30" is no news.
DISAGREE_SHARE = 0.2
DISAGREE_MINUTES = 20
_SPACE = re.compile(r"\s+")


def stated_facts(doc: Doc, view: str, lines: list[Line], entries: list, context: Context) -> Stated:
    """Statements outside the timeline and the cause/actions/lessons/resolution parts."""
    story = SectionMap(doc._.get(ext.SECTIONS) or [])
    entry_lines = {e.start for e in entries}
    by_line = []
    moments = iter(context.moments)
    pending = next(moments, None)
    for line in lines:
        found = []
        while pending is not None and pending.start < line.end:
            if pending.start >= line.start:
                found.append(pending)
            pending = next(moments, None)
        if line.blank or story.within(line.start, NOT_STATEMENTS) or any(m.start in entry_lines for m in found[:1]):
            continue
        by_line.append((line, found))
    stated = find_statements(view, lines, by_line, context)
    stated.moments = [m for _, found in by_line for m in found]
    table_statements(view, [line for line, _ in by_line], MomentIndex(view, context.moments), context, stated)
    stated.durations.sort(key=lambda item: -item[0])
    return stated


def incident_facts(doc: Doc, text: str, view: str, lines: list[Line], entries: list, context: Context) -> dict:
    """Everything `Record.incident` holds, plus warnings under "warnings"."""
    stated = stated_facts(doc, view, lines, entries, context)
    points = [entry_point(e) for e in entries]
    start, end, minutes, duration, notes = decide(stated, points, entries, text, view, context)
    if not context.zone and (entries or start):
        notes.append(warning(Warnings.W024))
    if context.year_placeholder:
        notes.append(warning(Warnings.W023, year=context.year_placeholder))
    return facts_dict(start, end, minutes, duration, entries, points, context, notes)


def decide(stated: Stated, points: list[Point], entries: list, text: str, view: str, context: Context):
    """(start, end, minutes, duration evidence, warnings): statements first, then the timeline."""
    notes: list[dict] = []
    timed = [p for p in points if p.clock]
    timeline_start = _timeline_start(points, entries, text, view)
    start = _decide_start(stated, timed, timeline_start, context)
    timeline_end = _timeline_end(points, entries, text, view, start)
    duration, strength = _best_duration(stated)
    end = _decide_end(stated, timed, timeline_end, start, duration, context)
    span = minutes_between(start, end)
    if span is None and start and end and start.day is None and end.day is None:
        span = (end.minutes() - start.minutes()) % 1440
    if duration and (strength >= 3 or span is None):
        minutes = duration.minutes
        if span is not None and abs(span - minutes) > TIMELINE_SNAP_MINUTES:
            notes.append(warning(Warnings.W020, stated=minutes, other="start and end", derived=span))
    else:
        minutes, duration = span, None
    scale = minutes or 0
    if _stated(start, timeline_start) and _disagree(start, timeline_start, scale):
        notes.append(warning(Warnings.W025, start=_clock_text(start), derived=_clock_text(timeline_start)))
    if _stated(end, timeline_end) and _disagree(end, timeline_end, scale):
        notes.append(warning(Warnings.W026, end=_clock_text(end), derived=_clock_text(timeline_end)))
    derived = minutes_between(timeline_start, timeline_end)
    if minutes is not None and derived is not None and abs(derived - minutes) > _tolerance(minutes) \
            and not any(n["code"] == "W020" for n in notes):
        notes.append(warning(Warnings.W020, stated=minutes, other="timeline", derived=derived))
    return start, end, minutes, duration, notes


def _decide_start(stated: Stated, timed: list[Point], timeline_start: Point | None, context: Context) -> Point | None:
    candidates = [(s, a) for s, a, _ in stated.ranges] + stated.starts
    start = _strongest(candidates, timed, timeline_start)
    if start:
        start = _with_day(_matching_entry_day(start, timed), context.base_date, context)
        start.stated = True
    else:
        start = timeline_start or _first_clock(stated, context)
    if start and start.day is None and stated.start_day and not context.year_placeholder:
        start.day = stated.start_day
    return start


def _decide_end(stated, timed, timeline_end, start, duration, context) -> Point | None:
    """A stated end; else the timeline's END marker; else a stated start plus a stated length;
    else the timeline's recovery entry; else any start plus a stated length."""
    end = _strongest([(s, b) for s, _, b in stated.ranges] + stated.ends, timed, timeline_end)
    if end:
        end = _after(end, start, context)
        end.stated = True
        return end
    if timeline_end and timeline_end.marked:
        return timeline_end
    if start and duration and start.stated:
        return start.plus(duration.minutes)
    return timeline_end or (start.plus(duration.minutes) if start and duration else None)


def _stated(found: Point | None, timeline: Point | None) -> bool:
    return bool(found and timeline and found.stated and found is not timeline)


def _tolerance(minutes: int) -> float:
    return max(DISAGREE_MINUTES, DISAGREE_SHARE * minutes)


def _disagree(stated: Point, derived: Point, scale: int) -> bool:
    gap = minutes_between(stated, derived)
    gap = gap if gap is not None else minutes_between(derived, stated)
    return gap is not None and gap > _tolerance(scale)


def _strongest(candidates: list[tuple[int, Point]], timed: list[Point], timeline: Point | None) -> Point | None:
    """The strongest candidate, the first in the document among equals. A weak one (a clock
    in prose) gives way to the timeline's own value unless a timeline entry has its clock."""
    usable = [(strength, found) for strength, found in candidates if found.clock]
    if not usable:
        return None
    best = max(strength for strength, _ in usable)
    chosen = min((found for strength, found in usable if strength == best), key=lambda p: p.start)
    if best <= 1 and timeline is not None and all(p.clock != chosen.clock for p in timed):
        return None
    return chosen


def _best_duration(stated: Stated):
    if not stated.durations:
        return None, 0
    best = max(strength for strength, _ in stated.durations)
    first = min((d for strength, d in stated.durations if strength == best), key=lambda d: d.start)
    return first, best


def _with_day(found: Point, day, context: Context) -> Point:
    if found.day is None and day and not context.year_placeholder:
        return Point(day, found.clock, found.start, found.end)
    return found


def _after(end: Point, start: Point | None, context: Context) -> Point:
    """A stated end without a date is on the start's day, or the next one if earlier."""
    if end.day is not None or start is None:
        return _with_day(end, context.base_date, context)
    day = start.day
    if day and start.clock and end.clock < start.clock:
        day = date.fromordinal(day.toordinal() + 1)
    return Point(day, end.clock, end.start, end.end)


def _clock_text(found: Point) -> str:
    text = f"{found.clock[0]:02d}:{found.clock[1]:02d}"
    return f"{found.day.isoformat()} {text}" if found.day else text


def _timeline_start(points: list[Point], entries: list, text: str, view: str) -> Point | None:
    """The START marker, else the first entry that is not lead-up ("sync starts on schedule",
    "change approved"), else the first timed entry."""
    timed = [(p, e) for p, e in zip(points, entries) if p.clock]
    for index, entry in enumerate(entries):
        if points[index].clock and START_MARKER.search(_raw(text, entry, _next(entries, index))):
            return points[index]
    for found, entry in timed[:4]:
        text = view[entry.text_start:entry.end]
        if not (LEAD_UP.search(text) and not PROBLEM.search(text)):
            return found
    return timed[0][0] if timed else None


def _timeline_end(points: list[Point], entries: list, text: str, view: str, start: Point | None) -> Point | None:
    """The END marker, else the last entry saying service is back (not a report about it)."""
    found = None
    for index, (candidate, entry) in enumerate(zip(points, entries)):
        if not candidate.clock:
            continue
        if END_MARKER.search(_raw(text, entry, _next(entries, index))):
            candidate.marked = True
            return candidate
        own = view[entry.text_start:entry.end]
        if RECOVERY.search(own) and not RECOVERY_REPORT.search(own):
            if start is None or minutes_between(start, candidate) is not None or candidate.day is None:
                found = candidate
    return found


def _raw(text: str, entry, following) -> str:
    """An entry's raw text up to the next entry, with markup such as "<END OF OUTAGE>" that
    the plain view blanked, white space folded."""
    stop = following.start if following is not None else entry.end + 60
    return _SPACE.sub(" ", text[entry.text_start:max(stop, entry.end)])


def _next(entries: list, index: int):
    return entries[index + 1] if index + 1 < len(entries) else None


def _matching_entry_day(start: Point, timed: list[Point]) -> Point:
    """A stated start whose clock is a timeline entry's clock takes that entry's day (the
    timeline is the detailed record; the summary's date is the one more often mistyped)."""
    for found in timed:
        if found.clock == start.clock and found.day and found.day != start.day:
            return Point(found.day, start.clock, start.start, start.end)
    return start


def _first_clock(stated: Stated, context: Context) -> Point | None:
    """No timeline and no statement: the first clock time outside the cause/actions parts."""
    for moment in stated.moments:
        if moment.clock and not moment.clock.weak:
            return point(moment, context, context.base_date)
    return None


def entry_point(entry) -> Point:
    """The entry as a moment of the incident (an offset entry's span is its offset)."""
    where = entry.moment or entry.offset
    clock = (entry.hour, entry.minute) if entry.hour is not None else None
    return Point(entry.day, clock, where.start if where else entry.start, where.end if where else entry.start)


def facts_dict(start, end, minutes, duration, entries, points, context, notes) -> dict:
    def stamp(found: Point | None) -> str | None:
        if found is None or found.clock is None:
            return None
        return iso(found.day, found.clock, context.offset_on(found.day))

    detected = first_tagged("detection", points, entries, start)
    mitigated = first_tagged("mitigation", points, entries, start)
    evidence = {}
    for name, found in (("start", start), ("end", end)):
        if found:
            evidence[name] = {"start": found.start, "end": found.end}
    if duration:
        evidence["duration"] = {"start": duration.start, "end": duration.end}
    if context.zone_span:
        evidence["timezone"] = {"start": context.zone_span[0], "end": context.zone_span[1]}
    offset = context.offset_on(start.day if start else None)
    return {
        "start": stamp(start), "end": stamp(end), "timezone": context.zone,
        "utc_offset": format_offset(offset) if offset is not None else None, "duration_minutes": minutes,
        "detected_at": stamp(detected), "mitigated_at": stamp(mitigated), "resolved_at": stamp(end),
        "time_to_detect_minutes": minutes_between(start, detected),
        "time_to_resolve_minutes": minutes if start and end else None,
        "evidence": evidence, "warnings": notes,
    }


def first_tagged(tag: str, points: list[Point], entries: list, start: Point | None) -> Point | None:
    """The first entry with `tag` (and not tagged misleading: a rollback on a wrong theory is
    no mitigation) at or after the start, or anywhere when the start is unknown."""
    for found, entry in zip(points, entries):
        if tag in entry.tags and "misleading" not in entry.tags and found.clock \
                and (start is None or minutes_between(start, found) is not None):
            return found
    return None


def minutes_between(first: Point | None, second: Point | None) -> int | None:
    if not first or not second or first.minutes() is None or second.minutes() is None:
        return None
    if (first.day is None) != (second.day is None):
        return None
    gap = second.minutes() - first.minutes()
    return gap if gap >= 0 else None
