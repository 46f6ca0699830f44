"""ISO 8601 values for parsed moments: the day a date means, a zone's name and UTC offset on
that day, and the ISO string in the document's own wall-clock time (never converted)."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import lru_cache

from pipeline.patterns.zones import ABBREVIATIONS, US_GENERIC, WRITTEN_OUT
from pipeline.temporal import ZONE, Clock, DateRef, Moment


def resolve_day(ref: DateRef, day_first: bool = False, default_year: int | None = None) -> date | None:
    """The calendar day of a date as the document writes it; None when its year is masked
    ("20XX") or unknown, or it is not a real day."""
    if ref.year_placeholder:
        return None
    year = ref.year or default_year
    reading = ref.resolve(day_first=day_first) or ref.resolve(day_first=not day_first)
    if year is None or reading is None:
        return None
    try:
        return date(year, *reading)
    except ValueError:
        return None


def moment_iso(moment: Moment, day_first: bool = False, default_year: int | None = None) -> str | None:
    """"15 Aug 2023 10:45 UTC" -> "2023-08-15T10:45:00+00:00"; "10:45" -> "10:45:00"."""
    day = resolve_day(moment.date, day_first, default_year) if moment.date else None
    offset = zone_offset(moment.zone, day) if moment.zone else None
    return iso(day, moment.clock, offset)


def us_daylight(day: date) -> bool:
    """US daylight saving: second Sunday of March to first Sunday of November."""
    march = date(day.year, 3, 8)
    start = march + timedelta(days=(6 - march.weekday()) % 7)
    november = date(day.year, 11, 1)
    end = november + timedelta(days=(6 - november.weekday()) % 7)
    return start <= day < end


def zone_name(written: str, day: date | None) -> str:
    """The zone as GOLD.md wants it: as written, except US generic names on a known date."""
    generic = US_GENERIC.get(written) or US_GENERIC.get(written.title())
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
    """ISO 8601 in wall-clock time: date and time, or the time alone when the date is unknown
    ("10:45:00+03:00"), each with the zone's offset when known; or the date alone."""
    if clock is None:
        return day.isoformat() if day else None
    hour, minute = (clock.hour, clock.minute) if isinstance(clock, Clock) else clock
    second = clock.second if isinstance(clock, Clock) else 0
    text = f"{hour:02d}:{minute:02d}:{second:02d}"
    if day is not None:
        text = f"{day.isoformat()}T{text}"
    return text + format_offset(offset) if offset is not None else text
