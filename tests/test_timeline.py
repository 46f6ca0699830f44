"""Documents in, incident times out: start, end, duration, zone, dated and tagged timelines.

Each document is a small postmortem written for the case it tests; the rows say what a
careful reader gets from it. Odd rows carry a comment saying why they are odd.
"""
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp import extract


def record_of(nlp, text, path="incident.md"):
    return extract(text, path=path, nlp=nlp)


def times(record):
    return [event.time for event in record.timeline]


def codes(record):
    return [w.code for w in record.warnings]


# (document, start, end, timezone, duration_minutes)
INCIDENTS = [
    ("# Checkout errors\n\n## Summary\nOn 3 March 2024, from 16:58 to 18:46 UTC, checkout failed for 40% of users.\n",
     "2024-03-03T16:58:00+00:00", "2024-03-03T18:46:00+00:00", "UTC", 108),
    ("Summary:\nOn Tuesday 12 March 2024, between 09:14 and 11:02 EAT, payouts hung.\n",
     "2024-03-12T09:14:00+03:00", "2024-03-12T11:02:00+03:00", "EAT", 108),
    ("## Summary\n- Start time: 2024-08-10, 14:00 UTC\n- End time: 2024-08-10, 15:30 UTC\n",
     "2024-08-10T14:00:00+00:00", "2024-08-10T15:30:00+00:00", "UTC", 90),
    # prose start and end, no timeline
    ("# API flood, Wednesday 14 February 2024\n\nThe attack started at 10:47 EAT and we were fully recovered "
     "at 12:19 EAT.\n", "2024-02-14T10:47:00+03:00", "2024-02-14T12:19:00+03:00", "EAT", 92),
    # a start and a length: the end is start + length
    ("# Crash on launch, 2024-03-08\n\nThe release started at 11:20 JST and crashes continued, "
     "4 hours 45 minutes in total.\n", "2024-03-08T11:20:00+09:00", "2024-03-08T16:05:00+09:00", "JST", 285),
    # the hedged length gives way to the exact range
    ("## Overview\nFor a little under two hours on 8 August 2024, from 10:05 to 11:58 WAT, the ledger was down.\n",
     "2024-08-08T10:05:00+01:00", "2024-08-08T11:58:00+01:00", "WAT", 113),
    # an exact length in parentheses wins over the rounded one before it
    ("## What happened?\nOn 23/05/2024 the map was blank from 1412hrs to 1730hrs IST, a bit over three hours "
     "(3 hours 18 minutes).\n", "2024-05-23T14:12:00+05:30", "2024-05-23T17:30:00+05:30", "IST", 198),
    # a range over two days, each end with its own date
    ("## Summary\nThe portal was down from 23:48 BST on Saturday 21 September 2024 to 00:37 BST on Sunday "
     "22 September.\n", "2024-09-21T23:48:00+01:00", "2024-09-22T00:37:00+01:00", "BST", 49),
    # a range crossing midnight with no dates: the end is on the next day
    ("Impact window: 2023-12-31 23:40 to 00:31 (all times CST)\n",
     "2023-12-31T23:40:00-06:00", "2024-01-01T00:31:00-06:00", "CST", 51),
    # 20XX: the date is unknown, the times are kept
    ("**What happened**\n\nStarting around 7:30 AM on March 3, 20XX the forum was unreachable. We were back at "
     "1:10 PM, so 5h40m in total.\n", "07:30:00", "13:10:00", None, 340),
    # "Pacific time" in June is PDT
    ("On the evening of June 1, 2025 VMs hung. The outage lasted from 21:18 on June 1 until 02:40 on June 3 "
     "(all times in this post are Pacific time).\n",
     "2025-06-01T21:18:00-07:00", "2025-06-03T02:40:00-07:00", "PDT", 1762),
    # written-out zone with its abbreviation: the abbreviation
    ("At approximately 06:05 Central African Time (CAT) an outage occurred on the web server.\n",
     "06:05:00+02:00", None, "CAT", None),
    # a date on the review line is not the incident's date
    ("# Logged out\n\n*Reviewed 2023-02-17*\n\n## Summary\nOn Tuesday 14 February 2023, between 09:12 and 10:47 "
     "UTC, sessions were dropped. Total duration was 95 minutes.\n",
     "2023-02-14T09:12:00+00:00", "2023-02-14T10:47:00+00:00", "UTC", 95),
    # the Date: header of an e-mail is when it was sent, not when it happened
    ("From: Baraka <b@example.com>\nTo: eng-all <all@example.com>\nDate: Mon, 26 Feb 2024 08:47:12 +0300\n"
     "Subject: SMS tickets\n\nOn Friday 23 February 2024 the SMS provider failed. All times are East Africa "
     "Time.\n\nThe first failed deliveries show up at 06:12.\n\nAt 06:58 a conductor called support.\n\n"
     "By 09:45 delivery receipts were back to normal rates.\n",
     "2024-02-23T06:12:00+03:00", "2024-02-23T09:45:00+03:00", "East Africa Time", 213),
]


@pytest.mark.parametrize("text,start,end,zone,minutes", INCIDENTS)
def test_incident_start_end_zone_duration(nlp, text, start, end, zone, minutes):
    incident = record_of(nlp, text).incident
    assert (incident.start, incident.end, incident.timezone, incident.duration_minutes) == (start, end, zone, minutes)


def test_evidence_spans_quote_the_document(nlp):
    text = INCIDENTS[0][0]
    evidence = record_of(nlp, text).incident.evidence
    assert text[evidence["start"].start:evidence["start"].end] == "16:58"
    assert text[evidence["end"].start:evidence["end"].end] == "18:46"
    assert text[evidence["timezone"].start:evidence["timezone"].end] == "UTC"


MULTI_DAY = """# Storage outage

## Timeline

### June 1, 2025
- **21:18** First alert: OSDs flapping in rack 3.
- **23:55** Rebooted sn-14, flapping continues.

### June 2
- **01:30** Things calm down overnight.
- **19:05** Uplinks to line card 4 shut; flapping stops.

### June 3
- **02:40** All placement groups clean. Incident resolved.
"""


def test_day_headers_date_the_entries_under_them(nlp):
    record = record_of(nlp, MULTI_DAY)
    assert [e.datetime[:16] for e in record.timeline] == [
        "2025-06-01T21:18", "2025-06-01T23:55", "2025-06-02T01:30", "2025-06-02T19:05", "2025-06-03T02:40"]
    assert (record.incident.start, record.incident.end) == ("2025-06-01T21:18:00", "2025-06-03T02:40:00")
    assert record.incident.duration_minutes == 1762


DAY_NUMBERS = """Timeline
Day 1 — Monday, Jan 3, 2022
* 21:40 data volume hits 100%, Postgres shuts down. Dashboards start erroring.
* 23:15 attempt to free space fails.
Day 2
* 06:55 read only copy live
Day 3 — Wednesday, Jan 5
* 05:10 dashboards switched back. Incident resolved.
"""


def test_day_number_headers(nlp):
    record = record_of(nlp, DAY_NUMBERS, "notes.txt")
    assert [e.datetime[:10] for e in record.timeline] == ["2022-01-03", "2022-01-03", "2022-01-04", "2022-01-05"]


MIDNIGHT = """# Gate failures over New Year

Date: 2023-12-31. All times CST.

## Timeline
- 23:40 — first 503s from validation-api
- 23:52 — restarts every few minutes
- midnight — scan volume peaks
- 00:09 — scaled from 6 to 14 pods as a mitigation
- 00:31 — error rate back to baseline. Impact ends
- noon — review call
"""


def test_a_clock_that_goes_backwards_is_on_the_next_day(nlp):
    record = record_of(nlp, MIDNIGHT)
    assert times(record) == ["23:40", "23:52", "00:00", "00:09", "00:31", "12:00"]
    assert [e.datetime for e in record.timeline][2:4] == ["2024-01-01T00:00:00-06:00", "2024-01-01T00:09:00-06:00"]
    assert (record.incident.end, record.incident.duration_minutes) == ("2024-01-01T00:31:00-06:00", 51)


def test_a_small_step_back_is_kept_on_the_same_day_and_warned_about(nlp):
    text = "Timeline (UTC), 2024-05-02:\n- 10:00 alert fires\n- 10:20 rollback started\n- 10:15 note: paged DBA\n"
    record = record_of(nlp, text)
    assert [e.datetime[:10] for e in record.timeline] == ["2024-05-02"] * 3
    assert "W021" in codes(record)


def test_year_placeholder_keeps_times_and_warns(nlp):
    text = INCIDENTS[9][0]
    record = record_of(nlp, text)
    assert record.incident.start == "07:30:00" and "W023" in codes(record)


STATED_VERSUS_TIMELINE = """## Issue Summary:
- Duration: February 10, 2024, 9:00 AM - February 11, 2024, 2:00 PM (UTC)

## Timeline:
- 9:00 AM (UTC): Issue detected via monitoring alerts.
- 10:00 AM: Misleading assumption about a recent deployment.
- 1:00 PM: Disabled the faulty caching layer.
- 2:00 PM: Incident declared resolved as service returned to normal.
"""


def test_stated_values_win_over_the_timeline_with_a_warning(nlp):
    record = record_of(nlp, STATED_VERSUS_TIMELINE)
    incident = record.incident
    assert (incident.start, incident.end, incident.duration_minutes) == (
        "2024-02-10T09:00:00+00:00", "2024-02-11T14:00:00+00:00", 1740)
    assert "W026" in codes(record)  # the timeline's recovery is a day earlier


OFFSETS = """## Timeline
The deploy at 14:20 UTC on 2024-03-12 is T+0.
- 14:20 UTC (T+0) — 4.18.0 deployed to all pods
- T+6m — first sync failures appear
- +15 min — Kasper acks the page
- 15:07 UTC — rollback complete, error ratio back to baseline
"""


def test_relative_offsets_have_no_clock_but_a_datetime(nlp):
    record = record_of(nlp, OFFSETS)
    assert times(record) == ["14:20", None, None, "15:07"]
    assert [e.datetime for e in record.timeline][1:3] == ["2024-03-12T14:26:00+00:00", "2024-03-12T14:35:00+00:00"]


TABLE = """#### Timeline

| Date | Time (BST) | Who | What |
|---|---|---|---|
| 2024-09-21 | 23:41 | Femi | Starts planned change CHG-3310 |
| 2024-09-21 | 23:48 | Femi | Reloads nginx. Portal starts returning 502 |
| 2024-09-22 | 00:37 | Joanne | Port corrected, portal loads. Down alert clears |
"""


def test_table_rows_with_date_and_time_cells(nlp):
    record = record_of(nlp, TABLE)
    assert [e.datetime for e in record.timeline] == [
        "2024-09-21T23:41:00+01:00", "2024-09-21T23:48:00+01:00", "2024-09-22T00:37:00+01:00"]
    assert record.timeline[0].text.startswith("Femi")
    assert record.incident.start == "2024-09-21T23:48:00+01:00"  # the planned change is lead-up


FENCED = """# Crash on launch, 2024-03-08

## Timeline

Pasted from #inc-ios-crash. Times are JST.

```
[11:20] yuki.t: 5.2.0 phased release started
[11:41] crashbot: New issue: EXC_BAD_ACCESS (212 users)
[12:02] yuki.t: paused phased release
[16:05] mari.o: deployed the server-side workaround, crashes back to zero
```

```
{"timestamp":"2024-03-08T11:39:16Z","level":"ERROR"}
```
"""


def test_a_chat_paste_in_a_code_fence_is_the_timeline_but_a_log_blob_is_not(nlp):
    record = record_of(nlp, FENCED)
    assert times(record) == ["11:20", "11:41", "12:02", "16:05"]
    assert record.incident.timezone == "JST"


NARRATIVE = """Quick note on Monday's reporting outage. At 13:20 CAT the reporting server ran out of disk space.
About 60 staff could not pull reports. At 13:45 Chanda saw the errors and logged in. At 14:10 she had archived
last year's files and reports were working again. Chanda will add a disk usage alert at 80% full.
"""


def test_narrative_sentences_make_a_timeline_without_a_heading(nlp):
    record = record_of(nlp, NARRATIVE, "note.txt")
    assert times(record) == ["13:20", "13:45", "14:10"]
    assert (record.incident.start, record.incident.end, record.incident.duration_minutes) == (
        "13:20:00+02:00", "14:10:00+02:00", 50)


def test_two_times_in_prose_are_not_a_timeline(nlp):
    text = "# Domain expiry\n\nWe went down around 7:30 AM. We were back at 1:10 PM.\n\n# Fix\n\nRenewed at 10:50 AM.\n"
    assert record_of(nlp, text).timeline == []


PROSE_OUTSIDE = """# Queue stall, 2024-04-02

## Summary
The nightly job normally runs at 02:00 and finishes by 03:00; on 2024-04-02 it hung.

## Timeline
- 02:47 progress stops at batch 311
- 05:30 Rui notices the stale dashboard, kills the job
- 05:52 rerun finishes normally

## Root cause
Not found. Version 2.10.45 of the driver was running on 10.0.0.45:5432, at 80% CPU.
"""


def test_times_in_prose_outside_the_timeline_are_not_entries(nlp):
    record = record_of(nlp, PROSE_OUTSIDE)
    assert times(record) == ["02:47", "05:30", "05:52"]
    assert (record.incident.start, record.incident.end) == ("2024-04-02T02:47:00", "2024-04-02T05:52:00")


TAGGED = """# Checkout errors, 2024-06-01

## Timeline (all times UTC)
- 10:00 - Deploy of v2.3 lands; checkout starts returning 500s
- 10:04 - Error-rate alert fires, on-call paged
- 10:10 - On-call investigates the database, suspecting a slow query (it wasn't)
- 10:25 - Incident declared, payments team brought in
- 10:31 - Rolled back to v2.2
- 10:40 - Error rate back to baseline; service restored
- 10:55 - Status page updated and customers informed
"""


def test_tags_and_response_times(nlp):
    record = record_of(nlp, TAGGED)
    tags = [set(event.tags) for event in record.timeline]
    assert "detection" in tags[1] and "investigation" in tags[2] and "misleading" in tags[2]
    assert "escalation" in tags[3] and "mitigation" in tags[4] and "resolution" in tags[5]
    assert "communication" in tags[6]
    incident = record.incident
    assert (incident.detected_at, incident.mitigated_at, incident.resolved_at) == (
        "2024-06-01T10:04:00+00:00", "2024-06-01T10:31:00+00:00", "2024-06-01T10:40:00+00:00")
    assert (incident.time_to_detect_minutes, incident.time_to_resolve_minutes) == (4, 40)


def test_ambiguous_day_month_order_is_warned_about(nlp):
    record = record_of(nlp, "Incident on 03/04/2024.\n\nTimeline:\n- 10:00 alert\n- 10:30 fixed\n- 10:45 closed\n")
    assert record.incident.start.startswith("2024-03-04") and "W022" in codes(record)


def test_day_month_order_from_the_other_dates(nlp):
    text = "Postmortem, 17 September 2024\n\nOn 09/17/2024 at 10:00 UTC the API failed; back at 11:00 UTC.\n"
    assert record_of(nlp, text).incident.start == "2024-09-17T10:00:00+00:00"


def test_twelve_hour_timeline_without_am_pm_runs_into_the_afternoon(nlp):
    text = "Timeline, 2024-05-02 (GMT):\n- 11:30 alert\n- 12:15 rollback\n- 1:05 traffic back to normal\n"
    record = record_of(nlp, text)
    assert times(record) == ["11:30", "12:15", "13:05"]


def test_start_and_end_markers_in_the_timeline(nlp):
    text = ("Date/time: 2023-08-26 21:14 PDT\nDuration: 15 hours 40 minutes\n\n## Timeline (all times in PST/PDT)\n"
            "### 2023-08-25\n21:14 - DNS changes take effect. <START OF OUTAGE>\n### 2023-08-26\n"
            "12:55 - fix takes effect. <END OF OUTAGE>\n")
    incident = record_of(nlp, text).incident
    assert (incident.start, incident.end) == ("2023-08-25T21:14:00-07:00", "2023-08-26T12:55:00-07:00")


@settings(max_examples=40, deadline=None)
@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
       st.lists(st.integers(min_value=1, max_value=17 * 60), min_size=2, max_size=12))
def test_resolved_timelines_never_go_backwards(nlp, first, gaps):
    """Clock-only entries with gaps under 18 hours: the dates the stage works out are the
    real ones, so the datetimes never go backwards."""
    moments = [first.replace(second=0, microsecond=0)]
    for gap in gaps:
        moments.append(moments[-1] + timedelta(minutes=gap))
    lines = [f"- {m:%H:%M} step {i} checked" for i, m in enumerate(moments)]
    text = f"# Incident on {first:%Y-%m-%d}\n\n## Timeline (UTC)\n" + "\n".join(lines) + "\n"
    stamps = [event.datetime[:16] for event in record_of(nlp, text).timeline]
    assert stamps == [f"{m:%Y-%m-%dT%H:%M}" for m in moments]
    assert stamps == sorted(stamps)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59)), min_size=1, max_size=15))
def test_any_clock_sequence_goes_forward_or_warns(nlp, clocks):
    """Whatever the clocks, each step back is either a new day or a W021 warning naming it."""
    lines = [f"- {h:02d}:{m:02d} step {i}" for i, (h, m) in enumerate(clocks)]
    record = record_of(nlp, "# Incident on 2024-02-28\n\n## Timeline\n" + "\n".join(lines) + "\n")
    events = record.timeline
    warned = " ".join(w.message for w in record.warnings if w.code == "W021")
    for before, after in zip(events, events[1:]):
        assert after.datetime >= before.datetime or f"at {after.time}" in warned


WEEKDAY_HEADERS = """# Batch backlog, Friday 1 March 2024

## Timeline (CET)
**Friday**
- 22:00 batch queue stops draining
**Saturday**
- 09:00 on-call notices the backlog
**Monday**
- 08:00 vendor fix deployed, queue drains. Resolved.
"""


def test_weekday_headers_move_to_that_day(nlp):
    record = record_of(nlp, WEEKDAY_HEADERS)
    assert [e.datetime[:10] for e in record.timeline] == ["2024-03-01", "2024-03-02", "2024-03-04"]
    assert record.incident.duration_minutes == 58 * 60


LOGS_OUTSIDE = """# Apache 500s

On 3 May 2024, around 06:00 EAT, the site returned 500 errors until a typo in wp-settings.php was fixed.

## Debugging

```
Date: Sun, 13 May 2024 20:32:45 GMT
[Sun May 13 01:12:20 2024] [core:notice] AH00094: Command line: '/usr/sbin/apache2'
root   1  0.0  0.0  6972  3324 ?  Ss  May07  0:00 /bin/bash
root   8  0.0  0.0 12188  5460 ?  S   May07  0:00 sshd: /usr/sbin/sshd -D
root   9  0.0  0.0  7616  3664 ?  Ss+ May09  0:00 /bin/bash
```
"""


def test_fenced_logs_outside_a_timeline_are_neither_timeline_nor_statement(nlp):
    record = record_of(nlp, LOGS_OUTSIDE)
    assert record.timeline == []
    assert (record.incident.start, record.incident.timezone) == ("2024-05-03T06:00:00+03:00", "EAT")


_PIECES = ["## Timeline", "## Summary", "Timeline (all times UTC)", "- ", "| ", " | ", "### June 1", "Day 2", "**Monday**",
           "10:45", "23:59", "00:05", "12:30 PM", "1:05", "noon", "midnight", "T+5m", "+15 min", "T+0", "2024-02-29",
           "31/12/2023", "03/04/2024", "Aug 15th", "20XX", "UTC", "PDT", "CAT", "UTC+3", "GMT-05:00", " to ", " - ",
           "between ", " and ", "Start time: ", "End: ", "Duration: ", "2 hours", "for about an hour", "(45 min)",
           "resolved", "restored", "<START OF OUTAGE>", "<END OF OUTAGE>", "```", "At ", "By ", ". ", "\n", "\n\n"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_generated_documents_always_give_a_valid_record(nlp, text):
    record = record_of(nlp, text)
    for event in record.timeline:
        assert text[event.start:event.end] == event.text
    assert record.incident.duration_minutes is None or record.incident.duration_minutes >= 0


def test_two_processes_give_the_same_times(nlp):
    texts = [MULTI_DAY, MIDNIGHT, OFFSETS, TAGGED]
    alone = [(doc._.pm_timeline, doc._.pm_incident) for doc in nlp.pipe(texts)]
    together = [(doc._.pm_timeline, doc._.pm_incident) for doc in nlp.pipe(texts, n_process=2)]
    assert alone == together
    assert [len(events) for events, _ in alone] == [5, 6, 4, 7]
