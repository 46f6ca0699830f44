"""Clock times, dates, zones, offsets and durations as people write them in postmortems.

Each row is a real-looking phrase, the ISO value it must give and the exact characters it
must be read from (its span). Odd rows carry a comment saying why they are odd.
"""
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.isotime import moment_iso, resolve_day, zone_name, zone_offset
from pipeline.temporal import find_clocks, find_durations, find_moments, find_zones, offset_at, parse_duration

# (phrase, ISO value of its first moment, the characters it is read from)
MOMENTS = [
    # --- clock times alone: no date, so a date-less ISO time
    ("At 10:45 AM the first alert fired", "10:45:00", "10:45 AM"),
    ("10:45am: on-call paged", "10:45:00", "10:45am"),
    ("2:05 PM - rollback started", "14:05:00", "2:05 PM"),
    ("9:05 p.m. customers notified", "21:05:00", "9:05 p.m."),
    ("12:30 PM: fix deployed", "12:30:00", "12:30 PM"),
    ("12:15 AM: disk full", "00:15:00", "12:15 AM"),  # 12 AM is just after midnight
    ("14:05 - error rate climbs", "14:05:00", "14:05"),
    ("14:05:30 first 502s at the ingress", "14:05:30", "14:05:30"),
    ("12:00:04  presale opens", "12:00:04", "12:00:04"),
    ("23:59:59.250 last write", "23:59:59", "23:59:59.250"),  # fractions of a second dropped
    ("00:05 - nightly job starts", "00:05:00", "00:05"),
    ("9:00 - standup", "09:00:00", "9:00"),
    ("1045hrs - Grafana alert", "10:45:00", "1045hrs"),
    ("at 1400 hours the bridge opened", "14:00:00", "1400 hours"),
    ("0930h restart", "09:30:00", "0930h"),
    ("the cron ran at 0300Z", "03:00:00", "0300Z"),  # military time with the Zulu suffix: zone Z
    ("10h45 : bascule DNS", "10:45:00", "10h45"),
    ("around 2 PM the queue drained", "14:00:00", "2 PM"),
    ("11am: status page updated", "11:00:00", "11am"),
    ("by 8 a.m. all green", "08:00:00", "8 a.m."),
    ("at noon the fix landed", "12:00:00", "noon"),
    ("midnight - traffic peaks", "00:00:00", "midnight"),
    ("about midday we rolled back", "12:00:00", "midday"),
    ("3 o'clock: meeting", "03:00:00", "3 o'clock"),  # no AM/PM: kept as written
    ("11:26-am-GMT until 12:45-pm-GMT", "11:26:00+00:00", "11:26-am"),  # hyphenated student style
    ("[10:45] deploybot: v3.14.0 to prod", "10:45:00", "10:45"),
    ("Amani Otieno [10:47 AM]: request rate going vertical", "10:47:00", "10:47 AM"),
    ("10:00-10:15 maintenance window", "10:00:00", "10:00"),  # a range: the event starts at the first
    ("10:00 to 10:15 degraded", "10:00:00", "10:00"),
    ("1412hrs IST – DROP TABLE executed", "14:12:00+05:30", "1412hrs"),
    ("1400 hours - bridge opened", "14:00:00", "1400 hours"),  # "hours" opening a line
    # --- zones beside a clock: wall-clock time kept, offset added, never converted
    ("10:45 UTC - alert", "10:45:00+00:00", "10:45"),  # no date: an ISO time with its offset
    ("04:49 PM UTC on 26 May 2021", "2021-05-26T16:49:00+00:00", "04:49 PM UTC on 26 May 2021"),
    # --- dates alone
    ("On August 15, 2023 the site went down", "2023-08-15", "August 15, 2023"),
    ("Incident date: 15 Aug 2023", "2023-08-15", "15 Aug 2023"),
    ("Tuesday 14 February 2023", "2023-02-14", "Tuesday 14 February 2023"),
    ("on the 3rd of March 2024", "2024-03-03", "3rd of March 2024"),
    ("Jan. 3rd, 2022", "2022-01-03", "Jan. 3rd, 2022"),
    ("Sept 9 2024 postmortem", "2024-09-09", "Sept 9 2024"),
    ("2023-08-15", "2023-08-15", "2023-08-15"),
    ("2023/08/15 release", "2023-08-15", "2023/08/15"),
    ("08/15/2023 outage", "2023-08-15", "08/15/2023"),  # 15 cannot be a month: month first
    ("15/08/2023 outage", "2023-08-15", "15/08/2023"),  # 15 cannot be a month: day first
    ("15.08.2023 Störung", "2023-08-15", "15.08.2023"),
    ("23-05-2024 retro", "2024-05-23", "23-05-2024"),
    ("notes from 5-26-21", "2021-05-26", "5-26-21"),  # two-digit year
    ("On 14th may 2023 we", "2023-05-14", "14th may 2023"),  # lower-case month, but with a year
    ("Tue 14 Nov 2023", "2023-11-14", "Tue 14 Nov 2023"),
    # --- dates and clocks together, in any common order
    ("2023-08-15T10:45Z", "2023-08-15T10:45:00+00:00", "2023-08-15T10:45"),
    ("2023-08-15 10:45:30 UTC host db-1", "2023-08-15T10:45:30+00:00", "2023-08-15 10:45:30"),
    ("[2013-03-09 21:50 UTC] ISSUE", "2013-03-09T21:50:00+00:00", "2013-03-09 21:50"),
    ("August 15, 2023, 10:45 AM (UTC)", "2023-08-15T10:45:00+00:00", "August 15, 2023, 10:45 AM"),
    ("Aug 15, 2023 at 10:45 AM PDT", "2023-08-15T10:45:00-07:00", "Aug 15, 2023 at 10:45 AM"),
    ("18 Jun 2024 06:30 | Release deployed", "2024-06-18T06:30:00", "18 Jun 2024 06:30"),
    ("Monday, Jan 3, 2022 21:40 CET", "2022-01-03T21:40:00+01:00", "Monday, Jan 3, 2022 21:40"),
    ("14:20 UTC on 2024-03-12", "2024-03-12T14:20:00+00:00", "14:20 UTC on 2024-03-12"),
    ("10:45 AM, August 15, 2023", "2023-08-15T10:45:00", "10:45 AM, August 15, 2023"),
    ("23:48 BST on Saturday 21 September 2024", "2024-09-21T23:48:00+01:00", "23:48 BST on Saturday 21 September 2024"),
    ("Date: Mon, 26 Feb 2024 08:47:12 +0300", "2024-02-26T08:47:12+03:00", "Mon, 26 Feb 2024 08:47:12"),
    ("14th may 2023 (12pm GMT +1)", "2023-05-14T12:00:00+01:00", "14th may 2023 (12pm"),
    ("16/04/2024 10:30  4.2.0 staged rollout", "2024-04-16T10:30:00", "16/04/2024 10:30"),
    # --- every common zone, written after the clock
    ("2024-06-01 14:00 GMT", "2024-06-01T14:00:00+00:00", "2024-06-01 14:00"),
    ("2024-06-01 09:15 EAT", "2024-06-01T09:15:00+03:00", "2024-06-01 09:15"),
    ("2024-06-01 09:15 WAT", "2024-06-01T09:15:00+01:00", "2024-06-01 09:15"),
    ("2024-06-01 09:15 CAT", "2024-06-01T09:15:00+02:00", "2024-06-01 09:15"),
    ("2024-06-01 09:15 SAST", "2024-06-01T09:15:00+02:00", "2024-06-01 09:15"),
    ("2024-01-10 09:15 CET", "2024-01-10T09:15:00+01:00", "2024-01-10 09:15"),
    ("2024-06-10 09:15 CEST", "2024-06-10T09:15:00+02:00", "2024-06-10 09:15"),
    ("2024-06-10 09:15 BST", "2024-06-10T09:15:00+01:00", "2024-06-10 09:15"),
    ("2024-06-10 09:15 IST", "2024-06-10T09:15:00+05:30", "2024-06-10 09:15"),
    ("2024-01-10 09:15 EST", "2024-01-10T09:15:00-05:00", "2024-01-10 09:15"),
    ("2024-06-10 09:15 EDT", "2024-06-10T09:15:00-04:00", "2024-06-10 09:15"),
    ("2024-01-10 09:15 CST", "2024-01-10T09:15:00-06:00", "2024-01-10 09:15"),
    ("2024-06-10 09:15 CDT", "2024-06-10T09:15:00-05:00", "2024-06-10 09:15"),
    ("2024-01-10 09:15 MST", "2024-01-10T09:15:00-07:00", "2024-01-10 09:15"),
    ("2024-06-10 09:15 MDT", "2024-06-10T09:15:00-06:00", "2024-06-10 09:15"),
    ("2024-01-10 09:15 PST", "2024-01-10T09:15:00-08:00", "2024-01-10 09:15"),
    ("2024-06-10 09:15 PDT", "2024-06-10T09:15:00-07:00", "2024-06-10 09:15"),
    ("2024-06-10 09:15 JST", "2024-06-10T09:15:00+09:00", "2024-06-10 09:15"),
    ("2024-06-10 09:15 AEST", "2024-06-10T09:15:00+10:00", "2024-06-10 09:15"),
    ("2024-06-10 09:15 UTC+3", "2024-06-10T09:15:00+03:00", "2024-06-10 09:15"),
    ("2024-06-10 09:15 GMT-05:00", "2024-06-10T09:15:00-05:00", "2024-06-10 09:15"),
    ("2024-06-10 09:15 (UTC+05:30)", "2024-06-10T09:15:00+05:30", "2024-06-10 09:15"),
    ("2024-06-10 09:15 UTC−4", "2024-06-10T09:15:00-04:00", "2024-06-10 09:15"),  # typographic minus
    ("2024-06-10 09:15 US/Pacific", "2024-06-10T09:15:00-07:00", "2024-06-10 09:15"),  # tz database name
    ("2024-01-10 09:15 PT", "2024-01-10T09:15:00-08:00", "2024-01-10 09:15"),  # generic: standard in January
    ("2024-07-10 09:15 Pacific Time", "2024-07-10T09:15:00-07:00", "2024-07-10 09:15"),  # daylight in July
    ("approximately 06:05 Central African Time (CAT)", "06:05:00+02:00", "06:05"),
]


def first_moment(text: str):
    moments = find_moments(text)
    assert moments, f"nothing found in {text!r}"
    return moments[0]


@pytest.mark.parametrize("text,expected,span", MOMENTS)
def test_moment_value_and_span(text, expected, span):
    moment = first_moment(text)
    assert text[moment.start:moment.end] == span
    assert moment_iso(moment) == expected


def test_table_has_at_least_eighty_phrases():
    assert len(MOMENTS) >= 80


# Dates the document's context completes: a year from elsewhere, day/month order, masked years.
CONTEXT_DATES = [
    ("Aug 15th", dict(default_year=2023), "2023-08-15"),
    ("Monday, Jan 3", dict(default_year=2022), "2022-01-03"),
    ("### June 2", dict(default_year=2025), "2025-06-02"),
    ("03/04/2024", dict(day_first=False), "2024-03-04"),  # ambiguous: month first unless told
    ("03/04/2024", dict(day_first=True), "2024-04-03"),
    ("16/04 10:30", dict(default_year=2024, day_first=True), "2024-04-16"),  # no year, before a clock
    ("Aug 15th", dict(), None),  # no year anywhere: the day is unknown
    ("March 3, 20XX", dict(default_year=2024), None),  # a masked year is never filled in
    ("12/25/YYYY", dict(default_year=2024), None),
]


@pytest.mark.parametrize("text,context,expected", CONTEXT_DATES)
def test_dates_resolved_against_the_document(text, context, expected):
    day = resolve_day(first_moment(text).date, **context)
    assert (day.isoformat() if day else None) == expected


def test_masked_year_is_kept_as_written():
    assert first_moment("Starting around 7:30 AM on March 3, 20XX").date.year_placeholder == "20XX"


# Things that look like times and are not.
NOT_TIMES = [
    "v1.10.45 released",
    "release 4.18.0 rolled out",
    "80% of users",
    "error rate at 10.45%",
    "host 10.0.0.45:8080 unreachable",
    "192.168.10.45 dropped packets",
    "portal_app:8081 refused",
    "took 3.5s per request",
    "1400 hours of compute",  # an amount of time, not a clock
    "ratio 8/8 replicas",
    "we may 2 things",  # "may" the verb
    "fe80::1:45 link-local",
    "cost $12.30 per GB",
    "disk at 12.30 GB",
]


@pytest.mark.parametrize("text", NOT_TIMES)
def test_numbers_that_are_not_times(text):
    assert [m for m in find_moments(text) if not (m.clock and m.clock.weak)] == []


def test_bare_dotted_time_is_weak():
    clock = find_clocks("10.45 restarted")[0]
    assert (clock.hhmm, clock.weak) == ("10:45", True)


# Relative offsets: minutes after the anchor, and their span.
OFFSETS = [
    ("T+5m — first failed events", 5, "T+5m"),
    ("T+0 deploy", 0, "T+0"),
    ("+15 min — on-call acks", 15, "+15 min"),
    ("T-2h planning call", -120, "T-2h"),
    ("(T+33m) mobile team", 33, "(T+33m)"),
    ("T+70m — queues drained", 70, "T+70m"),
]


@pytest.mark.parametrize("text,minutes,span", OFFSETS)
def test_relative_offsets(text, minutes, span):
    offset = offset_at(text, 0, len(text))
    assert (offset.minutes, text[offset.start:offset.end]) == (minutes, span)


def test_plus_number_without_unit_is_not_an_offset():
    assert offset_at("+15 people joined", 0, 17) is None


# Lengths of time: minutes, span, and whether the text hedges them.
DURATIONS = [
    ("lasted 2 hours and 15 minutes", 135, "2 hours and 15 minutes", False),
    ("Duration: 45 min", 45, "45 min", False),
    ("down for 1h30m", 90, "1h30m", False),
    ("for about three hours", 180, "three hours", True),
    ("5h40m in total", 340, "5h40m", False),
    ("46 h 50 min in total", 2810, "46 h 50 min", False),
    ("Total duration: 31h 30m.", 1890, "31h 30m", False),
    ("an hour and a half", 90, "an hour and a half", False),
    ("1.5 hours of downtime", 90, "1.5 hours", False),
    ("half an hour later", 30, "half an hour", False),
    ("~24h40m", 1480, "24h40m", True),  # the tilde hedges it
    ("(2 hours, 35 minutes)", 155, "2 hours, 35 minutes", False),
    ("a little under two hours", 120, "two hours", True),
    ("15 hours 40 minutes", 940, "15 hours 40 minutes", False),
    ("a day and a half", 2160, "a day and a half", False),
]


@pytest.mark.parametrize("text,minutes,span,hedged", DURATIONS)
def test_durations(text, minutes, span, hedged):
    duration = find_durations(text)[0]
    assert (duration.minutes, text[duration.start:duration.end], duration.hedged) == (minutes, span, hedged)


@pytest.mark.parametrize("text", ["5m users", "30s timeout", "T+5m", "a few hours", "several minutes"])
def test_not_durations(text):
    assert find_durations(text) == []


# Zone names as GOLD.md wants them, and their offsets.
ZONES = [
    ("PST/PDT", date(2023, 8, 25), "PDT", -420),
    ("PST/PDT", date(2016, 11, 7), "PST", -480),  # after the first Sunday of November
    ("Pacific time", date(2025, 6, 1), "PDT", -420),
    ("Central", date(2023, 12, 31), "CST", -360),
    ("ET", date(2024, 3, 10), "EDT", -240),  # DST starts on the second Sunday of March
    ("ET", date(2024, 3, 9), "EST", -300),
    ("PT", None, "PT", None),  # no date: kept as written, offset unknown
    ("UTC+3", None, "UTC+3", 180),
    ("GMT +1", None, "GMT +1", 60),
    ("East Africa Time", None, "East Africa Time", 180),
    ("Europe/Berlin", date(2024, 7, 1), "Europe/Berlin", 120),
]


@pytest.mark.parametrize("written,day,name,offset", ZONES)
def test_zone_names_and_offsets(written, day, name, offset):
    assert (zone_name(written, day), zone_offset(written, day)) == (name, offset)


@pytest.mark.parametrize("text,zone", [
    ("Timeline (all times UTC)", "UTC"),
    ("TIMELINE (ALL TIMES CAT)", "CAT"),  # CAT alone is a word: accepted in a times header
    ("Timeline (JST)", "JST"),
    ("All times are East Africa Time.", "East Africa Time"),
    ("all times in this post are Pacific time", "Pacific time"),
    ("| Time (BST) | Who | What |", "BST"),
])
def test_zone_headers(text, zone):
    assert [name for name, _, _ in find_zones(text)] == [zone]


@pytest.mark.parametrize("text", ["the cat sat", "EAT more vegetables", "IST is a code", "the Pacific region"])
def test_ambiguous_abbreviations_need_a_clock_or_a_header(text):
    assert find_zones(text) == []


def test_parse_duration_rejects_vague_amounts():
    assert parse_duration("a few minutes") is None


clock_strings = st.builds(
    lambda h, m, s, style: style.format(h=h, h12=(h % 12) or 12, m=m, s=s, ampm="AM" if h < 12 else "PM"),
    st.integers(0, 23), st.integers(0, 59), st.integers(0, 59),
    st.sampled_from(["{h:02d}:{m:02d}", "{h}:{m:02d}:{s:02d}", "{h12}:{m:02d} {ampm}", "{h12}:{m:02d}{ampm}",
                     "{h:02d}{m:02d}hrs", "[{h:02d}:{m:02d}]", "{h:02d}:{m:02d}Z"]))


@given(clock_strings)
def test_generated_clocks_read_back(text):
    clocks = find_clocks(text)
    assert len(clocks) == 1
    assert 0 <= clocks[0].hour < 24 and 0 <= clocks[0].minute < 60


@settings(max_examples=300)
@given(st.lists(st.sampled_from(list("0123456789:./-+ TZamp()APMUTCGMESTX,") + ["Aug ", "noon", "20XX", "hrs"]),
                max_size=40).map("".join))
def test_no_generated_clock_or_date_string_crashes_the_parser(text):
    for moment in find_moments(text):
        assert 0 <= moment.start < moment.end <= len(text)
        moment_iso(moment, day_first=True, default_year=2024)
        moment_iso(moment)
    find_durations(text)
    offset_at(text, 0, len(text))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)),
       st.sampled_from(["%Y-%m-%d", "%d %b %Y", "%B %d, %Y", "%d/%m/%Y", "%A %d %B %Y"]))
def test_generated_dates_read_back(day, style):
    moment = first_moment(day.strftime(style))
    assert resolve_day(moment.date, day_first=True) == day
