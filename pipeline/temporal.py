"""Clock times, dates, zones and durations: parsed here and nowhere else.

Our own compiled patterns find the forms postmortems use (`10:45 AM`, `1045hrs`, `noon`,
`2023-08-15`, `15 Aug 2023`, `08/15/2023`, `20XX`, `UTC+3`, `2 hours and 15 minutes`, ...);
dateparser reads the rarer written-out dates our patterns only locate. Everything here is
a pure function over a string and offsets, so it is tested without a pipeline.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from pipeline.patterns.zones import ABBREVIATIONS, NEEDS_CLOCK, US_GENERIC, WRITTEN_OUT

MONTHS = {name: number for number, names in enumerate([
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
    ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
    ("oct", "october"), ("nov", "november"), ("dec", "december")], start=1) for name in names}
WORD_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45,
                "several": None, "few": None}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_YEAR = r"(?P<year>(?:19|20)\d\d|20[Xx]{2}|[Yy]{4}|[Xx]{4})"
_ORDINAL = r"(?:st|nd|rd|th)?"

DATE_PATTERNS = [
    ("iso", re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d\d)[-/.](?P<a>\d{1,2})[-/.](?P<b>\d{1,2})(?![\d])")),
    ("numeric", re.compile(r"(?<![\d./:-])(?P<a>\d{1,2})(?P<sep>[-/])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d|\d\d|20[Xx]{2})(?![\d.]?\d)")),
    ("numeric", re.compile(r"(?<![\d./:-])(?P<a>\d{1,2})\.(?P<b>\d{1,2})\.(?P<year>(?:19|20)\d\d)(?![\d.]?\d)")),
    ("month_day", re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})" + _ORDINAL + r"(?![\d:])(?:,?\s+" + _YEAR + r")?(?![\d])", re.I)),
    ("day_month", re.compile(_WEEKDAY + r"(?<![\d])(?P<day>\d{1,2})" + _ORDINAL + r"\s+(?:of\s+)?" + _MONTH + r"(?![a-z])(?:,?\s+" + _YEAR + r")?", re.I)),
]

_AMPM = r"(?:\s?(?P<ampm>[ap])\.?\s?m\b\.?)"
CLOCK_PATTERNS = [
    # 10:45, 10:45:30, 10:45 AM, 10:45am, 10h45
    ("colon", re.compile(r"(?<![\d:.])(?P<h>[01]?\d|2[0-3])(?::|h(?=\d\d))(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d)(?:\.\d+)?)?" + _AMPM + r"?(?![\d]|:\d)", re.I)),
    # 10.45 am (with am/pm) or bare 10.45 (weak: only where a time is expected)
    ("dot", re.compile(r"(?<![\d.:vV])(?P<h>[01]?\d|2[0-3])\.(?P<m>[0-5]\d)" + _AMPM + r"?(?![\d%]|\.\d)", re.I)),
    # 1045hrs, 1400 hours, 0930h
    ("military", re.compile(r"(?<![\d.:])(?P<h>[01]\d|2[0-3])(?P<m>[0-5]\d)\s?(?:hrs?\b|hours\b|h\b)", re.I)),
    # 2 PM, 11am
    ("hour", re.compile(r"(?<![\d.:])(?P<h>1[0-2]|0?[1-9])" + _AMPM, re.I)),
    ("word", re.compile(r"\b(?P<word>noon|midday|midnight)\b", re.I)),
]

_ZONE_NAMES = sorted(list(ABBREVIATIONS) + list(US_GENERIC) + list(WRITTEN_OUT), key=len, reverse=True)
_OFFSET = r"(?:UTC|GMT)\s?(?P<sign>[+\-\u2212])\s?(?P<oh>\d{1,2})(?::?(?P<om>\d\d))?"
_IANA = r"(?:US|America|Europe|Asia|Africa|Australia|Pacific|Atlantic)/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?"
ZONE = re.compile(r"(?<![A-Za-z0-9/])(?:" + _OFFSET + r"|(?P<iana>" + _IANA + r")|(?P<name>"
                  + "|".join(re.escape(n) for n in _ZONE_NAMES) + r"))(?![A-Za-z0-9]|/[A-Za-z])")
ZONE_AFTER_CLOCK = re.compile(r"[ \t]*\(?[ \t]*$", re.S)

_UNIT_MINUTES = {"d": 1440, "day": 1440, "h": 60, "hr": 60, "hour": 60, "m": 1, "min": 1,
                 "minute": 1, "s": 1 / 60, "sec": 1 / 60, "second": 1 / 60}
_AMOUNT = (r"(?:\d+(?:\.\d+)?(?=\s*[a-z])|\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
           r"twelve|fifteen|twenty|thirty|forty(?:-five)?|half an?)(?=\s))")
_UNIT = r"(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)(?![A-Za-z])"
DURATION = re.compile(r"(?<![\w:.])(?:" + _AMOUNT + r"\s*" + _UNIT + r"(?:\s*(?:,|and|&)?\s*)?)+", re.I)
_DURATION_PART = re.compile(r"(?P<amount>" + _AMOUNT + r")\s*(?P<unit>" + _UNIT + r")", re.I)


@dataclass(frozen=True)
class Clock:
    hour: int
    minute: int
    second: int
    start: int
    end: int
    weak: bool = False   # bare "10.45"-style: only trusted where a time is expected

    @property
    def hhmm(self) -> str:
        return f"{self.hour:02d}:{self.minute:02d}"


@dataclass(frozen=True)
class DateRef:
    year: int | None      # None when not written or written as 20XX / YYYY
    a: int                # month (or day, for numeric dates read day-first)
    b: int                # day
    start: int
    end: int
    numeric: bool = False       # written with digits only: order may be in question
    year_placeholder: str = ""  # "20XX" when the year was masked

    def resolve(self, day_first: bool = False) -> tuple[int, int] | None:
        """(month, day) for the given reading, or None when impossible."""
        month, day = (self.b, self.a) if (self.numeric and day_first) else (self.a, self.b)
        return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None

    def could_be_day_first(self) -> bool:
        return self.numeric and self.a <= 31 and self.b <= 12

    def could_be_month_first(self) -> bool:
        return not self.numeric or (self.a <= 12 and self.b <= 31)


@dataclass(frozen=True)
class Moment:
    """A date, a clock, or both, with the zone written beside them."""

    start: int
    end: int
    date: DateRef | None = None
    clock: Clock | None = None
    zone: str | None = None


def find_clocks(view: str, pos: int = 0, endpos: int | None = None) -> list[Clock]:
    endpos = len(view) if endpos is None else endpos
    found: list[Clock] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in CLOCK_PATTERNS:
        for match in pattern.finditer(view, pos, endpos):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            clock = _clock(kind, match)
            if clock:
                found.append(clock)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda c: c.start)


def _clock(kind: str, match: re.Match) -> Clock | None:
    if kind == "word":
        hour = 0 if match.group("word").lower() == "midnight" else 12
        return Clock(hour, 0, 0, match.start(), match.end())
    hour = int(match.group("h"))
    minute = int(match.group("m")) if "m" in match.groupdict() and match.group("m") else 0
    second = int(match.group("s")) if match.groupdict().get("s") else 0
    ampm = (match.groupdict().get("ampm") or "").lower()
    if ampm:
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if ampm == "p" else 0)
    weak = kind == "dot" and not ampm
    return Clock(hour, minute, second, match.start(), match.end(), weak)


def find_dates(view: str, pos: int = 0, endpos: int | None = None) -> list[DateRef]:
    endpos = len(view) if endpos is None else endpos
    found: list[DateRef] = []
    for kind, pattern in DATE_PATTERNS:
        for match in pattern.finditer(view, pos, endpos):
            if any(d.start < match.end() and match.start() < d.end for d in found):
                continue
            ref = _date(kind, match)
            if ref:
                found.append(ref)
    return sorted(found, key=lambda d: d.start)


def _date(kind: str, match: re.Match) -> DateRef | None:
    groups = match.groupdict()
    raw_year = groups.get("year") or ""
    placeholder = raw_year if raw_year and not raw_year.isdigit() else ""
    year = int(raw_year) if raw_year.isdigit() else None
    if year is not None and year < 100:
        year += 2000
    if kind == "iso":
        a, b, numeric = int(groups["a"]), int(groups["b"]), False
    elif kind == "numeric":
        a, b, numeric = int(groups["a"]), int(groups["b"]), True
    else:
        word = groups["month"]
        if word.islower() and (word in ("may", "mar") or len(word.rstrip(".")) == 3):
            return None  # "may 2", "mar 3": too often not a date
        a, b, numeric = MONTHS[word.lower().rstrip(".")], int(groups["day"]), False
    ref = DateRef(year, a, b, match.start(), match.end(), numeric, placeholder)
    if ref.resolve() is None and not (numeric and ref.resolve(day_first=True)):
        return None
    return ref


def find_zones(view: str, pos: int = 0, endpos: int | None = None) -> list[tuple[str, int, int]]:
    """Zones written in the text: (name as written, start, end)."""
    endpos = len(view) if endpos is None else endpos
    zones = []
    for match in ZONE.finditer(view, pos, endpos):
        name = match.group(0)
        if match.group("name") in NEEDS_CLOCK and not _after_clock(view, match.start()):
            continue
        zones.append((name, match.start(), match.end()))
    return zones


_CLOCK_TAIL = re.compile(r"(?:\d\d|[ap]\.?m\.?|noon|midnight|hrs?)[ \t]*\(?[ \t]*$", re.I)


def _after_clock(view: str, start: int) -> bool:
    return bool(_CLOCK_TAIL.search(view, max(0, start - 12), start)) or \
        bool(re.search(r"(?:times?|time zone|timezone|in)\W{0,3}$", view[max(0, start - 20):start], re.I))


_DATE_CLOCK_GAP = re.compile(r"[ \t]*(?:,|T|at|@|-|–)?[ \t]*(?:at[ \t]+)?", re.I)
_CLOCK_DATE_GAP = re.compile(r"[ \t]*(?:\(?[A-Z]{1,5}\)?)?[ \t]*,?[ \t]*(?:on[ \t]+)?")
_ZONE_GAP = re.compile(r"[ \t]*\(?[ \t]*")


def find_moments(view: str, pos: int = 0, endpos: int | None = None) -> list[Moment]:
    """Dates and clocks in reading order, a date joined to the clock written next to it,
    each with the zone written right after it. Linear in the length of the text."""
    endpos = len(view) if endpos is None else endpos
    dates = find_dates(view, pos, endpos)
    date_spans = [(d.start, d.end) for d in dates]
    clocks = [c for c in find_clocks(view, pos, endpos) if not _inside(c.start, date_spans)]
    by_start = {c.start: c for c in clocks}
    dates_by_start = {d.start: d for d in dates}
    moments: list[Moment] = []
    used: set[int] = set()
    for ref in dates:
        gap = _DATE_CLOCK_GAP.match(view, ref.end, min(endpos, ref.end + 7))
        clock = by_start.get(gap.end()) if gap else None
        if clock:
            used.add(clock.start)
        moments.append(Moment(ref.start, clock.end if clock else ref.end, ref, clock))
    joined: set[int] = set()
    for clock in clocks:
        if clock.start in used:
            continue
        gap = _CLOCK_DATE_GAP.match(view, clock.end, min(endpos, clock.end + 13))
        ref = dates_by_start.get(gap.end()) if gap and gap.end() > clock.end else None
        if ref and ref.start not in joined and not any(m.date is ref and m.clock for m in moments):
            joined.add(ref.start)
            moments.append(Moment(clock.start, ref.end, ref, clock))
        else:
            moments.append(Moment(clock.start, clock.end, None, clock))
    moments = [m for m in moments if not (m.clock is None and m.date and m.date.start in joined)]
    moments.sort(key=lambda m: m.start)
    zones = {start: name for name, start, _ in find_zones(view, pos, endpos)}
    return [_with_zone(m, view, zones) for m in moments]


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    index = bisect.bisect_right(spans, (offset, _FAR)) - 1
    return index >= 0 and spans[index][0] <= offset < spans[index][1]


_FAR = 1 << 62


def _with_zone(moment: Moment, view: str, zones: dict[int, str]) -> Moment:
    anchors = [moment.clock.end] if moment.clock else []
    anchors.append(moment.end)
    for anchor in anchors:
        if moment.clock and anchor == moment.clock.end and view[anchor:anchor + 1] in ("Z", "z") \
                and not view[anchor + 1:anchor + 2].isalnum():
            return replace(moment, zone="Z")
        gap = _ZONE_GAP.match(view, anchor, anchor + 3)
        if gap and gap.end() in zones:
            return replace(moment, zone=zones[gap.end()])
    return moment


def parse_duration(text: str) -> int | None:
    """'2 hours and 45 minutes' -> 165, '16h 45m' -> 1005, 'about three hours' -> 180."""
    total = 0.0
    seen = False
    for part in _DURATION_PART.finditer(text):
        amount = part.group("amount").lower()
        if amount.startswith("half"):
            value = 0.5
        elif amount in WORD_NUMBERS:
            value = WORD_NUMBERS[amount]
            if value is None:
                return None
        else:
            value = float(amount)
        unit = part.group("unit").lower().rstrip("s") or "s"
        unit = {"hr": "h", "hour": "h", "min": "m", "minute": "m", "sec": "s", "second": "s",
                "day": "d"}.get(unit, unit)
        total += value * _UNIT_MINUTES[unit]
        seen = True
    return round(total) if seen else None


def find_durations(view: str, pos: int = 0, endpos: int | None = None) -> list[tuple[int, int, int]]:
    """(minutes, start, end) for each duration phrase with a plausible unit."""
    endpos = len(view) if endpos is None else endpos
    found = []
    for match in DURATION.finditer(view, pos, endpos):
        text = match.group(0).rstrip(" ,&")
        text = re.sub(r"\s*(?:and)\s*$", "", text, flags=re.I)
        if re.fullmatch(r"\d+\s*[smdh]", text, re.I) and not re.search(r"[hd]", text, re.I):
            continue  # "5m", "30s" alone are too often sizes or offsets
        minutes = parse_duration(text)
        if minutes:
            found.append((minutes, match.start(), match.start() + len(text)))
    return found


def us_daylight(day: date) -> bool:
    """US daylight saving: second Sunday of March to first Sunday of November."""
    march = date(day.year, 3, 8)
    start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = date(day.year, 11, 1)
    end = november + timedelta(days=(6 - november.weekday()) % 7)
    return start <= day < end


def zone_name(written: str, day: date | None) -> str:
    """The zone as GOLD.md wants it: as written, except US generic names on a known date."""
    generic = US_GENERIC.get(written)
    if generic and day:
        return generic[1] if us_daylight(day) else generic[0]
    return written


def zone_offset(written: str, day: date | None) -> int | None:
    """Minutes east of UTC, or None when unknown."""
    match = ZONE.fullmatch(written)
    if match and match.group("sign"):
        minutes = int(match.group("oh")) * 60 + int(match.group("om") or 0)
        return -minutes if match.group("sign") in "-\u2212" else minutes
    name = zone_name(written, day)
    if name in ABBREVIATIONS:
        return ABBREVIATIONS[name]
    if name in WRITTEN_OUT:
        return WRITTEN_OUT[name]
    if match and match.group("iana") and day:
        return _iana_offset(name, day)
    return None


@lru_cache(maxsize=256)
def _iana_offset(name: str, day: date) -> int | None:
    try:
        from zoneinfo import ZoneInfo
        offset = datetime(day.year, day.month, day.day, 12, tzinfo=ZoneInfo(name)).utcoffset()
    except Exception:  # unknown zone or no tz database: the offset stays unknown
        return None
    return int(offset.total_seconds() // 60) if offset is not None else None


def format_offset(minutes: int) -> str:
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def iso(day: date | None, clock: Clock | tuple[int, int] | None, offset: int | None) -> str | None:
    """ISO 8601 in wall-clock time: date+time(+offset), time alone, or date alone."""
    if clock is None:
        return day.isoformat() if day else None
    hour, minute = (clock.hour, clock.minute) if isinstance(clock, Clock) else clock
    second = clock.second if isinstance(clock, Clock) else 0
    text = f"{hour:02d}:{minute:02d}:{second:02d}"
    if day is None:
        return text
    text = f"{day.isoformat()}T{text}"
    return text + format_offset(offset) if offset is not None else text


@lru_cache(maxsize=1024)
def parse_written_date(text: str) -> date | None:
    """dateparser for a written date our patterns located but cannot read."""
    import dateparser  # imported on first use: slow to load, rarely needed

    parsed = dateparser.parse(text, languages=["en"],
                              settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                        "PREFER_DATES_FROM": "past"})
    return parsed.date() if parsed else None
