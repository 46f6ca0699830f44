"""Record times on one real axis: dated, clock-only, across midnight, and the ticks."""
from datetime import datetime, time

import pytest

from models.record import Incident, Record, Source, TimelineEvent
from pipeline.views.moments import PLACEHOLDER_DAY, parse_iso, place, tick_label, ticks


@pytest.mark.parametrize("value, expected", [
    ("2024-03-02T14:05:00+00:00", datetime(2024, 3, 2, 14, 5)),        # the wall clock is kept, offset dropped
    ("2024-03-02T14:05:00-07:00", datetime(2024, 3, 2, 14, 5)),
    ("2024-03-02T14:05:00", datetime(2024, 3, 2, 14, 5)),
    ("2024-03-02", datetime(2024, 3, 2)),
    ("10:00:00", time(10, 0)),                                          # date-less ISO time
    ("14:05", time(14, 5)),
    ("not a time", None),
    (None, None),
])
def test_parse_iso(value, expected):
    assert parse_iso(value) == expected


def record(events, **incident):
    text = " ".join(f"e{i}" for i in range(len(events))) or "x"
    timeline = [TimelineEvent(time=t, datetime=d, text=f"e{i}", start=3 * i, end=3 * i + 2)
                for i, (t, d) in enumerate(events)]
    return Record(id="pm-1", source=Source(sha256="0" * 64, chars=len(text)), text=text,
                  timeline=timeline, incident=Incident(**incident))


def test_dated_events_keep_their_dates():
    placed = place(record([("23:50", "2023-12-31T23:50:00"), ("00:10", "2024-01-01T00:10:00")],
                          start="2023-12-31T23:45:00"), ["start"])
    assert placed.events == [datetime(2023, 12, 31, 23, 50), datetime(2024, 1, 1, 0, 10)]
    assert placed.dated


def test_clock_only_events_roll_over_midnight_but_not_backwards_steps():
    # 23:40 -> 00:15 crossed midnight; 02:00 -> 01:30 is an out-of-order entry, kept on the same day.
    placed = place(record([("23:40", None), ("00:15", None), ("02:00", None), ("01:30", None)],
                          start="23:40:00", end="00:30:00"), ["start", "end"])
    day = PLACEHOLDER_DAY
    assert [at.date() for at in placed.events] == [day, day.replace(day=2), day.replace(day=2), day.replace(day=2)]
    assert placed.moments["end"] > placed.moments["start"]
    assert not placed.dated


def test_clock_only_events_borrow_the_incident_date():
    placed = place(record([("14:05", None)], start="2024-03-02T14:00:00+00:00"), ["start"])
    assert placed.events == [datetime(2024, 3, 2, 14, 5)]


def test_events_without_time_are_kept_as_none():
    placed = place(record([("09:00", "2024-01-01T09:00:00"), (None, None)]), [])
    assert placed.events[1] is None and len(placed.events) == 2


@pytest.mark.parametrize("lo, hi, step_minutes", [
    (datetime(2024, 1, 1, 9, 0), datetime(2024, 1, 1, 11, 0), 15),
    (datetime(2024, 1, 1, 9, 7), datetime(2024, 1, 1, 9, 20), 2),
    (datetime(2024, 1, 1, 22, 0), datetime(2024, 1, 3, 9, 0), 360),    # a day and a half: six-hour steps
    (datetime(2024, 1, 1), datetime(2024, 2, 20), 10080),               # seven weeks: weekly
])
def test_ticks_are_round_and_inside(lo, hi, step_minutes):
    found = ticks(lo, hi)
    assert 2 <= len(found) <= 9
    assert all(lo <= at <= hi for at in found)
    assert {(b - a).total_seconds() / 60 for a, b in zip(found, found[1:])} == {step_minutes}


def test_tick_labels_name_the_day_where_it_changes():
    first, second = datetime(2024, 1, 1, 23, 0), datetime(2024, 1, 2, 0, 0)
    assert tick_label(first, None, True, first.date()) == ("23:00", "Jan 1, 2024")
    assert tick_label(second, first, True, first.date()) == ("00:00", "Jan 2")
    assert tick_label(second, first, False, first.date()) == ("00:00", "day +1")
