"""Timeline entries: where each event of a timeline begins and ends, and the time it opens with.

Forms: a line opening with a time (bullet, plain line, heading, `[10:45]`, `At 10:05`, a
date-time stamp, a range `10:00-10:15`), a chat paste (`Name [10:47 AM]: ...`, `Name  10:45 AM
...`), a table row with the time in one of its first cells, a relative offset (`T+5m`), and
narrative sentences holding a clock ("The migration finished at 10:52."). Inside a timeline
section every form counts, fenced code included; without one, the longest run of at least
three adjacent entries anywhere is the timeline. Everything here is linear in the text.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field, replace
from datetime import date

from pipeline.markup import Line, split_lines
from pipeline.context import day_header
from pipeline.temporal import Moment, MomentIndex, Offset, offset_at

# What may stand before the time at the start of an entry: brackets, "At", "~", "#".
_PREFIX = re.compile(r"[\[(\s]*(?:#{1,6}\s+)?(?:(?:at|around|approx\.?|approximately|about|~|by|on|"
                     r"from|circa|ca\.)\s+)?", re.I)
# A chat paste: a speaker (a name or handle, up to four words) before the time.
_SPEAKER = re.compile(r"(?P<who>[\w@][\w.@'’-]{0,30}(?:[ \t][\w@][\w.@'’-]{0,30}){0,3})"
                      r"(?:[ \t]*[\[(]|[ \t]{2,}|\t)")
# The rest of a range after an entry's first time ("10:00-10:15", "01:00 to 03:00").
_RANGE_TAIL = re.compile(r"[ \t]*(?:-|–|—|to|until|till)[ \t]*", re.I)
# What separates the time from the event text.
_SEPARATOR = re.compile(r"[\s\])]*(?:(?:\(?(?:[A-Z]{1,5}|(?:UTC|GMT)[+\-−]\d{1,2}(?::?\d\d)?)\)?|"
                        r"[A-Z][a-z]+ [A-Z][a-z]+ Time)(?![\w])\s*)?[\])]*\s*(?:\(T\s?[+\-]\s?\d+\s?\w*\)\s*)?"
                        r"[:\-–—|,.>\]]*\s*")
_ANCHOR = re.compile(r"\bT\s?(?:\+\s?)?0\b|\bT\s?=\s?0\b")
_WORDS = re.compile(r"[^\W_]")
_FENCE = re.compile(r"^[ \t]*(```|~~~)", re.M)


@dataclass
class Entry:
    moment: Moment | None      # the time the entry opens with; None for an offset-only entry
    start: int                 # where the entry's time begins
    text_start: int            # where the event text begins
    end: int
    offset: Offset | None = None
    anchor: bool = False       # marked as T+0: relative offsets count from here
    narrative: bool = False    # a sentence of prose rather than a line opening with a time
    prose: bool = False        # a line opening with "At 10:05 ...": read as prose
    day: date | None = None
    hour: int | None = None    # the clock as resolved (a bare "1:05" after "12:40" is 13:05;
    minute: int | None = None  # an offset entry: T+0's clock plus the offset)
    tags: list[str] = field(default_factory=list)

    @property
    def clock(self):
        return self.moment.clock if self.moment else None


def find_entries(text: str, index: MomentIndex, lines: list[Line],
                 ranges: list[tuple[int, int]]) -> tuple[list[Entry], str]:
    """Entries of the timeline sections (`ranges`), else the longest run of entries anywhere;
    with the view they were read from. `index` holds the moments outside fenced code: code is
    read only inside a timeline section (a pasted chat or log is the timeline there)."""
    if ranges:
        code = [span for span in fenced_code(text) if _within(span[0], ranges)]
        restored = restore_code(text, index.view, code)
        scoped = index.restored(restored, code) if code else index
        scoped_lines = lines if not code else split_lines(restored, text)
        inside = [i for i, line in enumerate(scoped_lines) if _within(line.start, ranges)]
        entries = _without_intro(entries_in(inside, scoped_lines, scoped, weak_ok=True, code=code))
        if entries:
            return entries, restored
    candidates = list(range(len(lines)))
    return longest_run(entries_in(candidates, lines, index, weak_ok=False), lines, index), index.view


def fenced_code(text: str) -> list[tuple[int, int]]:
    """(body start, closing fence) of every fenced code block, in order."""
    fences = [m.start() for m in _FENCE.finditer(text)]
    spans = []
    for open_at, close_at in zip(fences[::2], fences[1::2]):
        body = text.find("\n", open_at, close_at) + 1
        if body > 0:
            spans.append((body, close_at))
    return spans


def restore_code(text: str, view: str, spans: list[tuple[int, int]]) -> str:
    """The view with the text of the code `spans` put back (same length: offsets hold)."""
    if not spans:
        return view
    pieces, last = [], 0
    for body, close_at in spans:
        pieces += [view[last:body], text[body:close_at]]
        last = close_at
    return "".join(pieces) + view[last:]


def _without_intro(entries: list[Entry]) -> list[Entry]:
    """Sentences before a timeline's first line entry are its introduction ("The deploy at
    14:20 is T+0", "all times UTC"), not events."""
    first_line = next((i for i, e in enumerate(entries) if not e.narrative), None)
    return entries[first_line:] if first_line else entries


def _within(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


def entries_in(indices: list[int], lines: list[Line], index: MomentIndex, weak_ok: bool,
               code: list[tuple[int, int]] = ()) -> list[Entry]:
    """Line entries of the given lines, plus narrative entries in the lines no entry covers
    (not in pasted code, where only lines opening with a time count)."""
    entries: list[Entry] = []
    opened = _Openers(lines, index, weak_ok)
    view = index.view
    allowed = set(indices)
    covered_until = -1
    for i in indices:
        line = lines[i]
        if line.blank or line.start < covered_until:
            continue
        entry = opened.at(i)
        if entry is not None and entry.prose:
            entry = None   # "At 10:05 Tunde ran ...": prose, where every clock is an event
        if entry is not None:
            entry.end = _entry_end(lines, i, allowed, view, entry, opened)
            covered_until = entry.end
            entries += split_inline(entry, index)
        elif not line.text.startswith(("|", "#")) and not _within(line.start, code):
            paragraph_end = _paragraph_end(lines, i, allowed, opened)
            entries += narrative_entries(index, line.content_start, paragraph_end)
            covered_until = paragraph_end
    return entries


def _bare_opener(opened: "_Openers", j: int) -> bool:
    entry = opened.at(j)
    return entry is not None and not entry.prose


class _Openers:
    """`entry_at` for each line, computed once (the continuation scan asks again)."""

    def __init__(self, lines: list[Line], index: MomentIndex, weak_ok: bool):
        self.lines, self.index, self.view, self.weak_ok = lines, index, index.view, weak_ok
        self.cache: dict[int, Entry | None] = {}

    def at(self, i: int) -> Entry | None:
        if i not in self.cache:
            self.cache[i] = entry_at(self.lines[i], self.index, self.weak_ok)
        return self.cache[i]


def entry_at(line: Line, index: MomentIndex, weak_ok: bool = True) -> Entry | None:
    """The entry a line opens, if it begins with a time (or is a table row holding one)."""
    if line.blank:
        return None
    if line.text.startswith("|"):
        return _table_entry(line, index)
    view = index.view
    at = _PREFIX.match(view, line.content_start, line.end).end()
    entry = _timed_entry(index, at, line.end, weak_ok)
    if entry is not None:
        entry.prose = bool(_WORDS.search(view, line.content_start, at))
    if entry is None:
        speaker = _SPEAKER.match(view, line.content_start, line.end)
        if speaker and speaker.end() - line.content_start <= 40:
            at = _PREFIX.match(view, speaker.end(), line.end).end()
            entry = _timed_entry(index, at, line.end, weak_ok, chat=True)
    if entry is None:
        offset = offset_at(view, line.content_start, line.end)
        if offset and (weak_ok or offset.minutes):
            sep = _SEPARATOR.match(view, offset.end, line.end)
            entry = Entry(None, offset.start, sep.end(), line.end, offset=offset, anchor=offset.minutes == 0)
    return entry


def _timed_entry(index: MomentIndex, at: int, end: int, weak_ok: bool, chat: bool = False) -> Entry | None:
    view = index.view
    moments = index.between(at, min(end, at + 80))
    first = moments[0] if moments else None
    if not first or first.start != at:
        return None
    after = first.zone_span[1] if first.zone_span and first.zone_span[1] > first.end else first.end
    if first.clock and (weak_ok or not first.clock.weak):
        tail = _RANGE_TAIL.match(view, after, end)
        if tail and len(moments) > 1 and moments[1].start == tail.end() and moments[1].clock:
            after = moments[1].zone_span[1] if moments[1].zone_span else moments[1].end
        sep = _SEPARATOR.match(view, after, end)
        anchor = bool(_ANCHOR.search(view, after, min(end, after + 12)))
        return Entry(first, at, sep.end(), end, anchor=anchor)
    if first.date and not first.clock and not chat:
        sep = _SEPARATOR.match(view, after, end)
        if view[after:sep.end()].strip(" \t") and sep.end() < end:
            return Entry(first, at, sep.end(), end)  # a dated entry without a clock
    return None


# "12:06pm EAT: While ..." after a sentence end inside an entry: several entries on one line.
_INLINE_OPENER = re.compile(r"[ \t]*(?:\(?(?:[A-Z]{1,5}|(?:UTC|GMT)[+\-−]\d{1,2}(?::?\d\d)?)\)?)?[ \t]*(?::|-|–|—|=>)[ \t]")


_INLINE_HINT = re.compile(r"[.!?;]\s+\d")


def split_inline(entry: Entry, index: MomentIndex) -> list[Entry]:
    """An entry whose text holds more "TIME: event" openers after sentence ends ("12:00pm: Issue
    detected. 12:06pm: While using curl ...") is several entries."""
    parts, view, limit = [entry], index.view, entry.end
    if not _INLINE_HINT.search(view, entry.text_start, limit):
        return parts
    for moment in index.between(entry.text_start, limit):
        if not moment.clock or moment.clock.weak:
            continue
        before = view[max(entry.text_start, moment.start - 3):moment.start].rstrip()
        after = moment.zone_span[1] if moment.zone_span and moment.zone_span[1] > moment.end else moment.end
        opener = _INLINE_OPENER.match(view, after, limit)
        labelled = opener and opener.group(0).strip() == ":" and (moment.clock.meridiem or moment.zone)
        if opener and (before.endswith((".", "!", "?", ";")) or labelled):
            parts[-1].end = _trim_end(view, parts[-1].text_start, moment.start)
            parts.append(Entry(moment, moment.start, opener.end(), limit))
    return parts


def _table_entry(line: Line, index: MomentIndex) -> Entry | None:
    """`| 14:10 | Event |`, `| 2019-12-04 00:30 | Event |`, `| 2019-12-04 | 00:30 | Event |`:
    a time in one of the first three cells (with the date of the cell before it)."""
    view = index.view
    cells = [(line.content_start + m.start(), line.content_start + m.end())
             for m in re.finditer(r"[^|]+", view[line.content_start:line.end])]
    day = None
    for position, (start, end) in enumerate(cells[:3]):
        start += len(view[start:end]) - len(view[start:end].lstrip())
        moments = index.between(start, end)
        first = moments[0] if moments and moments[0].start == start else None
        if first and first.clock and position + 1 < len(cells):
            if day and not first.date:
                first = replace(first, date=day.date)
            rest = cells[position + 1][0]
            text_start = rest + len(view[rest:cells[position + 1][1]]) - len(view[rest:cells[position + 1][1]].lstrip())
            return Entry(first, start, text_start, _trim_end(view, text_start, line.end))
        day = first if first and first.date and not view[first.end:end].strip() else None
    return None


def narrative_entries(index: MomentIndex, start: int, end: int) -> list[Entry]:
    """Clock times in a paragraph of prose: each opens an entry that runs to the next one
    ("At 10:05 Tunde ran the migration. ... The migration finished at 10:52."). The second
    end of a range ("between 09:14 and 11:02") opens none."""
    entries: list[Entry] = []
    view = index.view
    for moment in index.between(start, end):
        if not moment.clock or moment.clock.weak or _vague(view, start, moment):
            continue
        if entries and _RANGE_GAP.fullmatch(view, entries[-1].moment.end, moment.start):
            continue
        lower = entries[-1].moment.end if entries else start
        boundary = _clause_start(view, lower, moment.start, after_clock=bool(entries))
        if entries:
            entries[-1].end = _trim_end(view, entries[-1].text_start, boundary)
        entries.append(Entry(moment, moment.start, boundary, end, narrative=True))
    if entries:
        entries[-1].end = _trim_end(view, entries[-1].text_start, end)
    return entries


# "Shortly after midnight, at 00:15": a word clock after such a word is not an event.
_VAGUE_WORD_CLOCK = re.compile(r"\b(?:after|before|past|since|until|till|towards?|near|around)\s+(?:noon|midday|midnight)$", re.I)


def _vague(view: str, lower: int, moment: Moment) -> bool:
    return bool(_VAGUE_WORD_CLOCK.search(view, max(lower, moment.start - 12), moment.end))


_RANGE_GAP = re.compile(r"[ \t]*(?:\(?[A-Z]{2,5}\)?)?[ \t]*(?:-|–|—|to|until|till|and)[ \t]*", re.I)
_CLAUSE_LEAD = re.compile(r"[\s,;]*(?:(?:and|then|but|while)\b)?\s*", re.I)


def _clause_start(view: str, lower: int, at: int, after_clock: bool) -> int:
    """Start of the sentence holding `at`, or of its clause when an earlier clock of the same
    sentence (ending at `lower`) is before it."""
    sentence = _sentence_start(view, lower, at)
    if sentence > lower or not after_clock:
        return sentence
    return _CLAUSE_LEAD.match(view, lower, at).end()


def _sentence_start(view: str, lower: int, at: int) -> int:
    """Start of the sentence holding `at` (not before `lower`)."""
    index = at
    while index > lower:
        if view[index - 1] in ".!?\n" and (index == at or view[index].isspace()):
            break
        index -= 1
    while index < at and view[index].isspace():
        index += 1
    return index


def _paragraph_end(lines: list[Line], i: int, allowed: set[int], opened: _Openers) -> int:
    """End of the plain paragraph starting at line i (up to a blank line, a heading, an entry
    opening with a bare time)."""
    end = lines[i].end
    j = i + 1
    while j < len(lines) and j in allowed and not lines[j].blank and not lines[j].bullet \
            and not lines[j].text.startswith(("#", "|")) and not _bare_opener(opened, j):
        end = lines[j].end
        j += 1
    return _trim_end(opened.view, lines[i].start, end)


def _entry_end(lines: list[Line], i: int, allowed: set[int], view: str, entry: Entry, opened: _Openers) -> int:
    """An entry runs on over continuation lines: deeper-indented lines, wrapped lines, and the
    paragraph under an entry whose line holds only the time (a `### 9:00` heading)."""
    line = lines[i]
    end = _trim_end(view, entry.text_start, line.end)
    only_time = not view[entry.text_start:line.end].strip()
    j, seen_blank = i + 1, False
    while j < len(lines) and j in allowed:
        nxt = lines[j]
        if nxt.blank:
            if not only_time or (seen_blank and end > line.end):
                break
            seen_blank = True
            j += 1
            continue
        if nxt.text.startswith(("#", "|")) or (seen_blank and not only_time) or opened.at(j):
            break
        if nxt.bullet and nxt.indent <= line.indent and not only_time:
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


def longest_run(entries: list[Entry], lines: list[Line], index: MomentIndex, minimum: int = 3) -> list[Entry]:
    """Without a timeline heading: the longest run of adjacent entries (only blank lines or
    date-only day headers between them), if it has at least `minimum` entries."""
    starts = [line.start for line in lines]
    best: list[Entry] = []
    run: list[Entry] = []
    for entry in entries:
        if run and not _adjacent(run[-1], entry, lines, starts, index):
            best = run if len(run) > len(best) else best
            run = []
        run.append(entry)
    best = run if len(run) > len(best) else best
    return best if len(best) >= minimum else []


def _adjacent(previous: Entry, entry: Entry, lines: list[Line], starts: list[int], index: MomentIndex) -> bool:
    first = bisect.bisect_right(starts, previous.end)
    last = bisect.bisect_right(starts, entry.start) - 1
    between = lines[first:last]
    if len(between) > 6:
        return False
    return all(line.blank or day_header(index, line) is not None for line in between)
