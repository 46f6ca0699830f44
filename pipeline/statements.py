"""What the document states about the outage outside its timeline: start, end and length.

Forms: labelled lines ("Start time: ...", "Outage Duration: 10:45 AM - 12:30 PM", "Total
duration: 31h 30m"), ranges ("from 16:58 to 18:46 UTC", "between 09:14 and 11:02 EAT",
"from 14:05 UTC on 2 March until 03:40 UTC on 3 March"), prose ("the attack started at 10:47",
"we were fully recovered at 12:19", "errors were back at baseline by 12:52") and lengths
("lasted 2 hours", "for 58 minutes", "5h40m in total", a Duration table column). Each
candidate has a strength; `incident.py` decides between them and the timeline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from pipeline.markup import Line
from pipeline.patterns.statements import (
    AFTER_DURATION, AFTER_RANGE, BETWEEN, COLUMNS, CONNECTOR, DURATION_CUE, DURATION_LABEL, END_LABEL, FOR,
    OUTAGE_WORDS, PROSE_END, PROSE_START, RANGE_LABEL, SEPARATOR_ROW, START_LABEL,
)
from pipeline.temporal import Duration, Moment, find_durations

@dataclass
class Point:
    """A moment of the incident: a day (maybe unknown) and a clock (maybe unknown)."""

    day: date | None
    clock: tuple[int, int] | None
    start: int
    end: int
    marked: bool = False    # a timeline's "<END OF OUTAGE>" marker says so
    stated: bool = False    # taken from a statement rather than the timeline

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


@dataclass
class Stated:
    """The candidates found, strongest first within each kind."""

    ranges: list[tuple[int, Point, Point]] = field(default_factory=list)   # (strength, start, end)
    starts: list[tuple[int, Point]] = field(default_factory=list)
    ends: list[tuple[int, Point]] = field(default_factory=list)
    durations: list[tuple[int, Duration]] = field(default_factory=list)
    start_day: date | None = None
    moments: list[Moment] = field(default_factory=list)   # every moment of the statement lines


def point(moment: Moment, context, fallback_day: date | None = None) -> Point:
    day = context.day_of(moment.date) if moment.date else fallback_day
    clock = (moment.clock.hour, moment.clock.minute) if moment.clock else None
    return Point(day, clock, moment.start, moment.end)


def find_statements(view: str, lines: list[Line], moments_by_line, context) -> Stated:
    """Every statement of the outage's start, end and length in the given lines
    (`moments_by_line`: (line, moments of that line) for the lines that may hold statements)."""
    stated = Stated()
    for index, (line, moments) in enumerate(moments_by_line):
        following = moments_by_line[index + 1] if index + 1 < len(moments_by_line) else None
        _ranges(view, line, moments, context, stated)
        _labels(view, line, moments, following, context, stated)
        _prose(view, line, moments, context, stated)
        _durations(view, line, stated)
    stated.ranges.sort(key=lambda item: -item[0])
    stated.starts.sort(key=lambda item: -item[0])
    stated.ends.sort(key=lambda item: -item[0])
    stated.durations.sort(key=lambda item: -item[0])
    return stated


def _ranges(view, line, moments, context, stated: Stated) -> None:
    for first, second in zip(moments, moments[1:]):
        if not (first.clock and second.clock):
            continue
        connector = CONNECTOR.match(view, first.end, second.start)
        if not connector:
            continue
        before = view[max(line.content_start, first.start - 80):first.start]
        if connector.group("word").lower() == "and" and not BETWEEN.search(before):
            continue
        start, end = _range_points(first, second, context)
        strength = 3 if RANGE_LABEL.search(before) else 2 if _outage_words(view, line, first.start) else 1
        stated.ranges.append((strength, start, end))


def _range_points(first: Moment, second: Moment, context) -> tuple[Point, Point]:
    start, end = point(first, context), point(second, context)
    if start.day is None and end.day is not None:
        start.day = end.day
    if end.day is None:
        end.day = start.day
    if start.day is None and context.base_date:
        start.day = end.day = context.base_date
    if second.date is None and start.minutes() > end.minutes():
        end = Point(end.day + timedelta(days=1) if end.day else None, end.clock, end.start, end.end)
    return start, end


def _labels(view, line, moments, following, context, stated: Stated) -> None:
    for kind, label in (("start", START_LABEL), ("end", END_LABEL)):
        for i, moment in enumerate(moments):
            lower = line.content_start if i == 0 else moments[i - 1].end
            before = view[max(lower, moment.start - 80):moment.start]
            if not label.search(before) or not _label_opens(before, label):
                continue
            _add_labelled(kind, point(moment, context, context.base_date if kind == "start" else None), stated)
            break
        else:
            if following and label.fullmatch(view[line.content_start:line.end].strip(" \t*_")) and following[1]:
                _add_labelled(kind, point(following[1][0], context), stated)


def _label_opens(before: str, label: re.Pattern) -> bool:
    """The label is a label: at the line start, after a separator, or in "Start 21:40, end 05:10"."""
    match = label.search(before)
    head = before[:match.start()]
    return not head.strip(" \t*_-•") or bool(re.search(r"[.;,|·(]\s*$|\bthe\s+$", head))


def _add_labelled(kind: str, found: Point, stated: Stated) -> None:
    if found.clock is None:
        if kind == "start" and stated.start_day is None:
            stated.start_day = found.day
        return
    (stated.starts if kind == "start" else stated.ends).append((3, found))


def _prose(view, line, moments, context, stated: Stated) -> None:
    for i, moment in enumerate(moments):
        if not moment.clock:
            continue
        lower = max(line.content_start, moments[i - 1].end if i else line.content_start, moment.start - 90)
        before = view[lower:moment.start]
        if PROSE_START.search(before):
            stated.starts.append((1, point(moment, context)))
        elif PROSE_END.search(before):
            stated.ends.append((1, point(moment, context)))


def _durations(view: str, line: Line, stated: Stated) -> None:
    for duration in find_durations(view, line.content_start, line.end):
        before = view[max(line.content_start, duration.start - 60):duration.start]
        after = view[duration.end:min(line.end, duration.end + 30)]
        if DURATION_LABEL.search(before):
            strength = 4
        elif DURATION_CUE.search(before) or AFTER_DURATION.match(after) or AFTER_RANGE.search(before):
            strength = 3
        elif FOR.search(before) and _outage_words(view, line, duration.start):
            strength = 2
        else:
            continue
        stated.durations.append((strength - (1 if duration.hedged else 0), duration))


def _outage_words(view: str, line: Line, at: int) -> bool:
    """Whether the sentence around `at` says something was down or failing."""
    return bool(OUTAGE_WORDS.search(view, max(line.content_start, at - 200), min(line.end, at + 200)))


def table_statements(view: str, lines: list[Line], index, context, stated: Stated) -> None:
    """A table whose header names Start / End / Duration columns: the values in its first
    data row (| 0915hrs | 1240hrs | 3h 25m |)."""
    for number, line in enumerate(lines):
        if not line.text.startswith("|"):
            continue
        kinds = {i: kind for i, (start, end) in enumerate(_cells(view, line))
                 for kind, header in COLUMNS if header.fullmatch(view[start:end].strip())}
        row = next((r for r in lines[number + 1:number + 3] if r.text.startswith("|")
                    and not SEPARATOR_ROW.fullmatch(r.text)), None)
        if not kinds or row is None:
            continue
        cells = _cells(view, row)
        for column, kind in kinds.items():
            if column < len(cells):
                _table_value(view, kind, cells[column], index, context, stated)


def _cells(view: str, line: Line) -> list[tuple[int, int]]:
    return [(line.content_start + m.start(), line.content_start + m.end())
            for m in re.finditer(r"[^|]+", view[line.content_start:line.end])]


def _table_value(view, kind, cell, index, context, stated: Stated) -> None:
    if kind == "duration":
        found = find_durations(view, *cell)
        if found:
            stated.durations.append((4, found[0]))
        return
    timed = [m for m in index.between(*cell) if m.clock]
    if timed:
        found = point(timed[0], context)
        (stated.starts if kind == "start" else stated.ends).append((3, found))
