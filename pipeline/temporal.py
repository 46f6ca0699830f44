"""Clock times, dates, zones, offsets and durations: parsed here and nowhere else.

Our own compiled patterns (`pipeline/patterns/moments.py`, `zones.py`) find the forms
postmortems use (`10:45 AM`, `1045hrs`, `noon`, `2023-08-15`, `15 Aug 2023`, `08/15/2023`,
`20XX`, `UTC+3`, `T+5m`, `2 hours and 15 minutes`, ...). Everything here is a pure function
over a string and offsets (linear in its length), so it is tested without a pipeline.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from pipeline.patterns import moments as P
from pipeline.patterns.zones import ABBREVIATIONS, NEEDS_CLOCK, US_GENERIC, WRITTEN_OUT

_FAR = 1 << 62


@dataclass(frozen=True)
class Clock:
    hour: int
    minute: int
    second: int
    start: int
    end: int
    weak: bool = False       # a bare "10.45": trusted only where an entry's time is expected
    meridiem: bool = False   # written with AM/PM (or noon/midnight): never read as the other half

    @property
    def hhmm(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"

    @property
    def minutes(self) -> int:
        return self.hour * 60 + self.minute


@dataclass(frozen=True)
class DateRef:
    year: int | None      # None when not written, or masked as 20XX / YYYY
    a: int                # month (or day, for a numeric date read day-first)
    b: int                # day
    start: int
    end: int
    numeric: bool = False       # digits only, day/month order in question
    year_placeholder: str = ""  # "20XX" when the year was masked
    weekday: int | None = None  # 0 = Monday, when written

    def resolve(self, day_first: bool = False) -> tuple[int, int] | None:
        """(month, day) for the given reading, or None when impossible."""
        month, day = (self.b, self.a) if (self.numeric and day_first) else (self.a, self.b)
        return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None

    @property
    def ambiguous(self) -> bool:
        """Both readings possible and different ("03/04/2024")."""
        return self.numeric and self.a != self.b and self.a <= 12 and self.b <= 12


@dataclass(frozen=True)
class Moment:
    """A date, a clock, or both, with the zone written beside them."""

    start: int
    end: int
    date: DateRef | None = None
    clock: Clock | None = None
    zone: str | None = None
    zone_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Offset:
    """A relative time: "T+5m", "+15 min", "T-2h" (minutes after the anchor)."""

    minutes: int
    start: int
    end: int


@dataclass(frozen=True)
class Duration:
    minutes: int
    start: int
    end: int
    hedged: bool = False   # "about 2 hours", "a little over an hour"


# --- clocks -------------------------------------------------------------------------------

def find_clocks(view: str, pos: int = 0, endpos: int | None = None) -> list[Clock]:
    """Clock times in reading order; where forms overlap the earlier kind wins."""
    endpos = len(view) if endpos is None else endpos
    found: list[Clock] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in P.CLOCK_PATTERNS:
        for match in pattern.finditer(view, pos, endpos):
            if _overlaps(taken, match.start(), match.end()):
                continue
            clock = _clock(kind, match, view)
            if clock:
                found.append(clock)
                bisect.insort(taken, (match.start(), match.end()))
    return sorted(found, key=lambda c: c.start)


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, disjoint `spans`."""
    index = bisect.bisect_left(spans, (start, -1))
    return (index < len(spans) and spans[index][0] < end) or (index > 0 and spans[index - 1][1] > start)


def _clock(kind: str, match: re.Match, view: str) -> Clock | None:
    groups = match.groupdict()
    if kind == "word":
        hour = 0 if groups["word"].lower() == "midnight" else 12
        return Clock(hour, 0, 0, match.start(), match.end(), meridiem=True)
    if kind == "military" and groups["unit"] == "hours" and not _hours_clock(view, match):
        return None  # "1400 hours of compute"
    hour = int(groups["h"])
    minute = int(groups.get("m") or 0)
    second = int(groups.get("s") or 0)
    ampm = (groups.get("ampm") or "").lower()
    if ampm:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    weak = kind == "dot" and not ampm
    return Clock(hour, minute, second, match.start(), match.end(), weak, bool(ampm))


def _hours_clock(view: str, match: re.Match) -> bool:
    line_start = view.rfind("\n", max(0, match.start() - 40), match.start()) + 1
    opens_line = not view[max(line_start, match.start() - 40):match.start()].strip(" \t-*•[(")
    return bool(P.MILITARY_HOURS_CUE.search(view, max(0, match.start() - 10), match.start())) or \
        (opens_line and bool(P.MILITARY_HOURS_OPENER.match(view, match.end())))


# --- dates --------------------------------------------------------------------------------

def find_dates(view: str, pos: int = 0, endpos: int | None = None) -> list[DateRef]:
    """Dates in reading order; where forms overlap, the leftmost and then longest wins
    ("12 May 20XX", not "May 20")."""
    endpos = len(view) if endpos is None else endpos
    candidates = []
    for kind, pattern in P.DATE_PATTERNS:
        for match in pattern.finditer(view, pos, endpos):
            candidates.append((match.start(), -match.end(), kind, match))
    found: list[DateRef] = []
    reach = -1
    for start, _, kind, match in sorted(candidates, key=lambda c: c[:2]):
        if start < reach:
            continue
        ref = _date(kind, match)
        if ref:
            found.append(ref)
            reach = match.end()
    return found


def _date(kind: str, match: re.Match) -> DateRef | None:
    groups = match.groupdict()
    raw_year = groups.get("year") or ""
    placeholder = raw_year if raw_year and not raw_year.isdigit() else ""
    year = int(raw_year) if raw_year.isdigit() else None
    if year is not None and year < 100:
        year += 2000
    weekday = P.WEEKDAYS.get((groups.get("weekday") or "").lower())
    if kind in ("iso", "numeric"):
        ref = DateRef(year, int(groups["a"]), int(groups["b"]), match.start(), match.end(),
                      kind == "numeric", placeholder)
    else:
        word = groups["month"]
        if word.islower() and (word in ("may", "mar") or len(word.rstrip(".")) == 3) \
                and not raw_year and not match.group(0)[match.end("day") - match.start():].strip()[:2].isalpha():
            return None  # "may 2", "mar 3": too often not a date (unless "14th may 2023")
        start = match.start("weekday") if weekday is not None else match.start("month") \
            if kind == "month_day" else match.start("day")
        ref = DateRef(year, P.MONTHS[word.lower().rstrip(".")], int(groups["day"]), start, match.end(),
                      False, placeholder, weekday)
    if ref.resolve() is None and not (ref.numeric and ref.resolve(day_first=True)):
        return None
    return ref


# --- zones --------------------------------------------------------------------------------

_ZONE_NAMES = sorted(list(ABBREVIATIONS) + list(US_GENERIC) + list(WRITTEN_OUT), key=len, reverse=True)
_OFFSET_ZONE = r"(?:UTC|GMT)\s?(?P<sign>[+\-\u2212])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d\d))?"
_IANA = r"(?:US|America|Europe|Asia|Africa|Australia|Pacific|Atlantic)/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?"
ZONE = re.compile(r"(?<![A-Za-z0-9/])(?:" + _OFFSET_ZONE + r"|(?P<iana>" + _IANA + r")|(?P<name>"
                  + "|".join(re.escape(n) for n in _ZONE_NAMES) + r"))(?![A-Za-z0-9]|/[A-Za-z]|[+\-]\d)")
_CLOCK_TAIL = re.compile(r"(?:\d\d|[ap]\.?m\.?|noon|midnight|hrs?)[ \t]*\(?[ \t]*$", re.I)
# "all times are in", "Times:", "Timeline (", "time zone:", "Date and Time in": a zone header.
ZONE_HEADER = re.compile(r"\b(?:times?|time ?zone|timeline|clock)\b(?:[ \t:(\[\-–,]|\b(?:are|is|shown|given|listed|"
                         r"below|above|here|in|of|this|that|post|page|document|report|doc|throughout|all|the|"
                         r"our|local|expressed|written|used|refer to)\b)*$", re.I)


def find_zones(view: str, pos: int = 0, endpos: int | None = None) -> list[tuple[str, int, int]]:
    """Zones written in the text: (name as written, start, end). Ambiguous abbreviations
    ("CAT", "IST", "PT") count only after a clock time or in a zone header."""
    endpos = len(view) if endpos is None else endpos
    zones = []
    for match in ZONE.finditer(view, pos, endpos):
        if match.group("name") in NEEDS_CLOCK and not (after_clock(view, match.start())
                                                       or zone_header(view, match.start())):
            continue
        zones.append((match.group(0), match.start(), match.end()))
    return zones


_TIME_WORD_TAIL = re.compile(r"\btime\W{0,12}$", re.I)


def after_clock(view: str, start: int) -> bool:
    """Right after a clock time, or after "... Time" ("East African Time (EAT)")."""
    return bool(_CLOCK_TAIL.search(view, max(0, start - 12), start)
                or _TIME_WORD_TAIL.search(view, max(0, start - 18), start))


def zone_header(view: str, start: int) -> bool:
    """Whether the zone at `start` is announced as the zone of the document's times."""
    line_start = view.rfind("\n", max(0, start - 60), start) + 1
    return bool(ZONE_HEADER.search(view, max(line_start, start - 60), start))


# --- moments ------------------------------------------------------------------------------

def find_moments(view: str, pos: int = 0, endpos: int | None = None) -> list[Moment]:
    """Dates and clocks in reading order, a date joined to the clock written next to it (in
    either order), each with the zone written right after it. Linear in the text length."""
    endpos = len(view) if endpos is None else endpos
    dates = find_dates(view, pos, endpos)
    date_spans = [(d.start, d.end) for d in dates]
    zones = find_zones(view, pos, endpos)
    zone_spans = [(s, e) for _, s, e in zones]
    clocks = [c for c in find_clocks(view, pos, endpos)
              if not _inside(c.start, date_spans) and not _inside(c.start, zone_spans)]
    clocks_at = {c.start: c for c in clocks}
    dates_at = {d.start: d for d in dates}
    moments: list[Moment] = []
    used: set[int] = set()       # clocks joined to the date before them
    for ref in dates:
        gap = P.DATE_CLOCK_GAP.match(view, ref.end, min(endpos, ref.end + 14))
        clock = clocks_at.get(gap.end()) if gap else None
        if clock:
            used.add(clock.start)
        moments.append(Moment(ref.start, clock.end if clock else ref.end, ref, clock))
    dated = {m.date.start for m in moments if m.clock}
    joined: set[int] = set()     # dates joined to the clock before them
    for clock in (c for c in clocks if c.start not in used):
        gap = P.CLOCK_DATE_GAP.match(view, clock.end, min(endpos, clock.end + 24))
        ref = dates_at.get(gap.end()) if gap else None
        ref = ref or _short_date_before(view, clock, pos)
        if ref and ref.start not in dated and ref.start not in joined:
            joined.add(ref.start)
            moments.append(Moment(min(clock.start, ref.start), max(ref.end, clock.end), ref, clock))
        else:
            moments.append(Moment(clock.start, clock.end, None, clock))
    moments = [m for m in moments if not (m.clock is None and m.date and m.date.start in joined)]
    moments.sort(key=lambda m: m.start)
    zone_at = {start: (name, start, end) for name, start, end in zones}
    return [_with_zone(m, view, zone_at) for m in moments]


class MomentIndex:
    """Every moment of a text, found once, looked up by offsets (stages ask per line)."""

    def __init__(self, view: str, moments: list[Moment] | None = None):
        self.view = view
        self.moments = find_moments(view) if moments is None else moments
        self._starts = [m.start for m in self.moments]

    def between(self, start: int, end: int) -> list[Moment]:
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        return [m for m in self.moments[first:last] if m.end <= end]

    def without(self, spans: list[tuple[int, int]]) -> "MomentIndex":
        """The moments outside the sorted, disjoint `spans` (fenced code, say)."""
        return MomentIndex(self.view, [m for m in self.moments if not _inside(m.start, spans)]) if spans else self

    def restored(self, view: str, spans: list[tuple[int, int]]) -> "MomentIndex":
        """The index of `view`, a copy of this view with the sorted `spans` changed."""
        kept = [m for m in self.moments if not _inside(m.start, spans)]
        for start, end in spans:
            kept += find_moments(view, start, end)
        return MomentIndex(view, sorted(kept, key=lambda m: m.start))


def _short_date_before(view: str, clock: Clock, pos: int) -> DateRef | None:
    """"16/04 10:30": a day/month without a year, right before a clock."""
    line_start = max(pos, clock.start - 12, view.rfind("\n", max(0, clock.start - 12), clock.start) + 1)
    for match in P.SHORT_DATE.finditer(view, line_start, clock.start):
        if not view[match.end():clock.start].strip(" \t"):
            ref = DateRef(None, int(match.group("a")), int(match.group("b")), match.start(), match.end(), numeric=True)
            if ref.resolve() or ref.resolve(day_first=True):
                return ref
    return None


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (offset, _FAR)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


_ZONE_GAP = re.compile(r"[ \t]{0,2}[(\-]?[ \t]?")


def _with_zone(moment: Moment, view: str, zone_at: dict) -> Moment:
    anchors = [moment.clock.end] if moment.clock else []
    anchors.append(moment.end)
    for anchor in anchors:
        if moment.clock and anchor == moment.clock.end:
            if view[anchor:anchor + 1] in ("Z", "z") and not view[anchor + 1:anchor + 2].isalnum():
                return replace(moment, zone="Z", zone_span=(anchor, anchor + 1))
            numeric = P.NUMERIC_OFFSET.match(view, anchor, anchor + 6)
            if numeric:
                written = f"UTC{numeric.group('sign')}{numeric.group('oh')}:{numeric.group('om')}"
                return replace(moment, zone=written, zone_span=(numeric.start("sign"), numeric.end()))
        gap = _ZONE_GAP.match(view, anchor, anchor + 4)
        if gap and gap.end() in zone_at:
            name, start, end = zone_at[gap.end()]
            return replace(moment, zone=name, zone_span=(start, end))
    return moment


# --- relative offsets and durations -------------------------------------------------------

def offset_at(view: str, pos: int, endpos: int) -> Offset | None:
    """A relative time ("T+5m", "+15 min", "T+0") starting exactly at `pos`."""
    match = P.OFFSET.match(view, pos, endpos)
    if not match or (match.group("sign") and not match.group("unit")):
        return None
    unit = P.UNIT_NAMES.get((match.group("unit") or "m").lower().rstrip("s") or "s", "minute")
    minutes = int(match.group("amount")) * P.UNIT_MINUTES[unit]
    if (match.group("tsign") or "+") in "-\u2212":
        minutes = -minutes
    return Offset(round(minutes), match.start(), match.end())


def parse_duration(text: str) -> int | None:
    """'2 hours and 45 minutes' -> 165, '16h 45m' -> 1005, 'an hour and a half' -> 90."""
    total = 0.0
    last_unit = None
    for part in P.DURATION_PART.finditer(text):
        if part.group("half"):
            if last_unit is None:
                return None
            total += 0.5 * P.UNIT_MINUTES[last_unit]
            continue
        if part.group("number"):
            value = float(part.group("number").replace(",", "."))
            unit_text = part.group("unit")
        else:
            value = _word_amount(part.group("word").lower())
            unit_text = part.group("word_unit")
            if value is None:
                return None
        last_unit = _unit(unit_text)
        total += value * P.UNIT_MINUTES[last_unit]
    return round(total) if last_unit else None


def _word_amount(word: str) -> float | None:
    if word.startswith("half"):
        return 0.5
    if word.endswith("and a half"):
        return P.WORD_NUMBERS[word.split()[0]] + 0.5
    return P.WORD_NUMBERS.get(word)


def _unit(text: str) -> str:
    text = text.lower()
    return P.UNIT_NAMES.get(text) or P.UNIT_NAMES.get(text.rstrip("s")) or P.UNIT_NAMES[text[0]]


_BARE_SHORT = re.compile(r"\d+(?:[.,]\d+)?\s*[msMS]")
_MILITARY = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d\s?(?:hrs?|hours|h)", re.I)


def find_durations(view: str, pos: int = 0, endpos: int | None = None) -> list[Duration]:
    """Lengths of time with a plausible unit; a lone "5m" or "30s" (sizes, offsets) is not one."""
    endpos = len(view) if endpos is None else endpos
    found = []
    for match in P.DURATION.finditer(view, pos, endpos):
        text = match.group(0)
        if _BARE_SHORT.fullmatch(text) or _MILITARY.fullmatch(text) or \
                view[max(0, match.start() - 2):match.start()] in ("T+", "T-"):
            continue  # "5m users", "0915hrs" (a clock), "T+5m" (an offset)
        minutes = parse_duration(text)
        if minutes:
            hedged = bool(P.HEDGE.search(view, max(pos, match.start() - 30), match.start()))
            found.append(Duration(minutes, match.start(), match.end(), hedged))
    return found
