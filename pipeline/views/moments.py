"""Put a record's times on one real time axis.

Record times are ISO 8601 in the document's own wall-clock time: a full date-time
(with or without offset), a date-less clock time ("10:00:00"), or a bare "HH:MM" on a
timeline event. Everything is placed as a naive wall-clock `datetime`; clock-only values
borrow the date of the nearest earlier dated value (or one placeholder day) and roll over
midnight when the clock jumps back by more than half a day.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

PLACEHOLDER_DAY = date(2000, 1, 1)  # the day of a clock-only axis (never printed)
ROLLOVER = timedelta(hours=12)      # a clock that goes back this much crossed midnight


@dataclass
class Placed:
    """Axis positions: one per timeline event (None = no time stated) and the incident's moments."""

    events: list[datetime | None]
    moments: dict[str, datetime] = field(default_factory=dict)
    dated: bool = True  # False: the axis shows clock times and day offsets, not dates

    def all(self) -> list[datetime]:
        return [at for at in self.events if at is not None] + list(self.moments.values())


def parse_iso(value: str | None) -> datetime | time | None:
    """A full date-time (made naive: the wall clock is kept), a clock time, or None."""
    if not value:
        return None
    try:
        if "T" in value or len(value) == 10:
            return datetime.fromisoformat(value).replace(tzinfo=None)
        return time.fromisoformat(value).replace(tzinfo=None)
    except ValueError:
        return None


def event_value(event) -> datetime | time | None:
    """An event's time: its ISO datetime, else its "HH:MM" clock."""
    return parse_iso(event.datetime) or parse_iso(event.time)


def place(record, moment_keys) -> Placed:
    """Axis positions for the events and the incident moments named by `moment_keys`."""
    values = [event_value(event) for event in record.timeline]
    incident = {key: parse_iso(getattr(record.incident, key)) for key in moment_keys}
    dated = [v for v in [incident.get("start"), *values, *incident.values()] if isinstance(v, datetime)]
    base = dated[0].date() if dated else PLACEHOLDER_DAY
    events, previous = [], None
    for value in values:
        at = _anchor(value, previous, base)
        events.append(at)
        previous = at or previous
    moments, start = {}, None
    for key, value in incident.items():
        at = _anchor(value, start, base)
        if at is not None:
            moments[key] = at
            start = start or at
    return Placed(events, moments, dated=bool(dated))


def _anchor(value, previous: datetime | None, base: date) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    at = datetime.combine(previous.date() if previous else base, value)
    if previous is not None and at < previous - ROLLOVER:
        at += timedelta(days=1)
    return at


# Tick steps in minutes, smallest first; the first that gives at most `max_ticks` ticks wins.
TICK_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080, 20160, 43200)


def span_of(points: list[datetime], pad: float = 0.04) -> tuple[datetime, datetime]:
    """The axis domain: all points with a margin; one point gets an hour around it."""
    lo, hi = min(points), max(points)
    if hi - lo < timedelta(minutes=10):
        return lo - timedelta(minutes=30), hi + timedelta(minutes=30)
    margin = (hi - lo) * pad
    return lo - margin, hi + margin


def ticks(lo: datetime, hi: datetime, max_ticks: int = 9) -> list[datetime]:
    """Round tick positions between lo and hi, aligned to the step from midnight."""
    minutes = (hi - lo).total_seconds() / 60
    step = next((s for s in TICK_STEPS if minutes / s <= max_ticks), TICK_STEPS[-1])
    midnight = datetime.combine(lo.date(), time())
    first = midnight + timedelta(minutes=step * -(-((lo - midnight).total_seconds() / 60) // step))
    out, at = [], first
    while at <= hi:
        out.append(at)
        at += timedelta(minutes=step)
    return out


def tick_label(at: datetime, previous: datetime | None, dated: bool, start_day: date) -> tuple[str, str]:
    """(clock, day) labels of a tick; the day is shown on the first tick and where it changes."""
    clock = at.strftime("%H:%M")
    if previous is not None and previous.date() == at.date():
        return clock, ""
    if dated:
        return clock, f"{at:%b} {at.day}, {at.year}" if previous is None else f"{at:%b} {at.day}"
    offset = (at.date() - start_day).days
    return clock, f"day +{offset}" if offset else ""
