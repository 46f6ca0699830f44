"""`postmortem lint` rules: every code fires on a document with its problem and stays quiet on
the same document without it; the score, selection and exit codes."""
from __future__ import annotations

import re

import pytest

from pipeline.lint import (
    RULES, RULES_BY_CODE, Report, Finding, exit_code, line_column, lint_record, score, select_rules,
)
from pipeline.nlp import extract

GOOD = """# Search outage on 2 March 2024

## Summary
On 2 March 2024 search returned errors for about 30% of users. The outage lasted 90 minutes, from 14:05 to 15:35 UTC.

## Impact
About 30% of search requests failed.

## Timeline (all times UTC)
- 14:05 - Deploy of search 4.1 starts and the error rate climbs
- 14:12 - Alert fires and the on-call engineer is paged
- 14:40 - Rollback to search 4.0 started
- 15:35 - Error rate back to normal, incident resolved

## Root Cause
A query parser change in search 4.1 rejected queries with trailing spaces.

## Resolution
We rolled back to search 4.0 and cleared the query cache.

## Action Items
- Add parser tests for whitespace in queries
- Alert on the search error rate of each release

## Lessons Learned
A canary release would have caught this within minutes.
"""

TIMELINE = GOOD[GOOD.index("## Timeline"):GOOD.index("## Root Cause")]
STATEMENT = " The outage lasted 90 minutes, from 14:05 to 15:35 UTC."


def edit(*changes: tuple[str, str]) -> str:
    """GOOD with each (old, new) replaced; fails loudly if GOOD no longer holds `old`."""
    text = GOOD
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


# code, a document with the problem, the same kind of document without it
CASES = [
    ("PM101", edit(("## Summary\n", "")), GOOD),
    ("PM101", edit(("## Summary", "## Notes")), edit(("## Summary", "## Overview"))),  # Overview counts as a summary
    ("PM102", edit(("for about 30% of users", "for some users"), ("About 30% of search requests failed.", "Search was slow.")),
     GOOD),
    ("PM102", edit(("for about 30% of users", "for some users"), ("About 30% of search requests failed.", "Search was slow.")),
     edit(("for about 30% of users", "for some users"), ("About 30% of search requests failed.", "Every user saw errors."))),  # "every user" is 100%
    ("PM103", edit(("lasted 90 minutes", "lasted 45 minutes")), GOOD),
    # 3 hours for 3h18m is rounding, not a contradiction (within 10%)
    ("PM103", edit(("lasted 90 minutes", "lasted 2 hours")),
     edit(("lasted 90 minutes", "lasted 3 hours"), ("15:35", "17:23"))),
    ("PM104", edit((STATEMENT, "")), GOOD),
    ("PM104", edit((STATEMENT, " It started at 14:05 UTC.")), edit((STATEMENT, " It lasted 90 minutes."))),  # a duration alone is enough
    ("PM105", edit((TIMELINE, "")), GOOD),
    ("PM105", edit((TIMELINE, "## Timeline\nFirst a deploy, then an alert, then a rollback.\n\n")), GOOD),
    ("PM106", edit((" (all times UTC)", ""), (" UTC", "")), edit((" (all times UTC)", ""))),  # one zone anywhere will do
    ("PM107", edit(("- 14:12 - Alert fires and the on-call engineer is paged\n- 14:40 - Rollback to search 4.0 started",
                    "- 14:40 - Rollback to search 4.0 started\n- 14:12 - Alert fires and the on-call engineer is paged")),
     GOOD),
    ("PM108", edit(("2 March 2024", "March 2, 20XX")), GOOD),
    ("PM108", edit((" on 2 March 2024", ""), ("On 2 March 2024 search", "Search")), GOOD),
    ("PM109", edit(("## Root Cause\nA query parser change in search 4.1 rejected queries with trailing spaces.\n\n", "")),
     edit(("## Root Cause\nA query parser change in search 4.1 rejected queries with trailing spaces.\n\n", ""),
          ("The outage lasted", "The root cause was a parser bug in search 4.1. The outage lasted"))),
    ("PM110", edit(("## Resolution\nWe rolled back to search 4.0 and cleared the query cache.\n\n", ""),
                   ("Rollback to search 4.0 started", "Team looks at the parser"),
                   ("Error rate back to normal, incident resolved", "Error rate drops"),
                   ("lasted 90 minutes, from 14:05 to 15:35 UTC", "lasted 90 minutes")),
     edit(("## Resolution\nWe rolled back to search 4.0 and cleared the query cache.\n\n", ""))),  # the timeline tells it
    ("PM111", edit(("## Action Items\n- Add parser tests for whitespace in queries\n- Alert on the search error rate of each release\n\n", "")),
     GOOD),
    ("PM111", edit(("- Add parser tests for whitespace in queries\n- Alert on the search error rate of each release\n", "None yet.\n")),
     GOOD),
    ("PM112", edit(("- Add parser tests", "- Parser tests")), GOOD),
    ("PM112", edit(("- Alert on the search error rate", "- Better alerting on the search error rate")),
     edit(("- Alert on the search error rate", "- SRE team to alert on the search error rate"))),
    ("PM113", edit(("## Lessons Learned\nA canary release would have caught this within minutes.\n", "")), GOOD),
]


def _codes(text: str, nlp) -> list[str]:
    return [f.code for f in lint_record(extract(text, path="pm.md", nlp=nlp)).findings]


@pytest.mark.parametrize("code, bad, clean", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_fires_on_its_problem_only(code, bad, clean, nlp):
    assert code in _codes(bad, nlp)
    assert code not in _codes(clean, nlp)


def test_every_rule_has_a_case():
    assert {case[0] for case in CASES} == set(RULES_BY_CODE)


def test_good_document_is_clean_and_complete(nlp):
    report = lint_record(extract(GOOD, path="pm.md", nlp=nlp))
    assert report.findings == [] and report.score == 100


def test_findings_point_at_their_evidence(nlp):
    text = edit(("lasted 90 minutes", "lasted 45 minutes"), ("- Add parser tests", "- Parser tests"))
    report = lint_record(extract(text, path="pm.md", nlp=nlp))
    duration, verb = report.findings
    assert text[duration.start:duration.end] == "45 minutes"
    assert (duration.line, duration.column) == (4, text.splitlines()[3].index("45") + 1)
    assert duration.message == "duration says 45m but the stated start and end span 1h30m"
    assert text[verb.start:verb.end] == "Parser tests for whitespace in queries"
    assert report.diagnostics()[0] == f"pm.md:4:{duration.column}: PM103 warning: {duration.message}"


def test_codes_are_unique_and_stable():
    codes = [rule.code for rule in RULES]
    assert codes == sorted(set(codes)) and all(re.fullmatch(r"PM1\d\d", c) for c in codes)
    assert len({rule.name for rule in RULES}) == len(RULES)
    assert sum(rule.weight for rule in RULES) == 100


@pytest.mark.parametrize("select, ignore, expected", [
    ((), (), [r.code for r in RULES]),
    (("PM101",), (), ["PM101"]),
    (("PM11",), (), ["PM110", "PM111", "PM112", "PM113"]),     # a prefix selects a group
    (("pm11",), ("PM112",), ["PM110", "PM111", "PM113"]),      # case does not matter; ignore wins
    (("missing-lessons", "PM103"), (), ["PM103", "PM113"]),    # names work too; table order kept
    ((), ("PM1",), []),
])
def test_select_rules(select, ignore, expected):
    assert [r.code for r in select_rules(select, ignore)] == expected


@pytest.mark.parametrize("entry", ["PM999", "PM2", "missing", ""])
def test_unknown_rule_is_an_error(entry):
    with pytest.raises(ValueError, match="matches no rule"):
        select_rules((entry,))


@pytest.mark.parametrize("failed, ignore, expected", [
    (set(), (), 100),
    ({"PM113"}, (), 95),
    ({"PM113"}, ("PM113",), 100),          # an ignored rule counts neither way
    ({"PM109", "PM111"}, (), 70),
    ({"PM103", "PM107"}, (), 100),         # consistency rules do not change the score
    ({"PM101"}, ("PM102", "PM104", "PM105", "PM106", "PM109", "PM110", "PM111", "PM113"), 0),
])
def test_score(failed, ignore, expected):
    assert score(select_rules((), ignore), failed) == expected


def _report(*severities: str, value: int = 100) -> Report:
    findings = [Finding("PM101", "x", s, "m", 0, 0, 1, 1) for s in severities]
    return Report("pm.md", "pm-1", value, findings)


@pytest.mark.parametrize("reports, options, expected", [
    ([_report()], {}, 0),
    ([_report("warning", "info")], {}, 0),                     # default: only errors fail
    ([_report("warning")], {"fail_on": "warning"}, 1),
    ([_report("info")], {"fail_on": "warning"}, 0),
    ([_report("error")], {}, 1),
    ([_report("error")], {"fail_on": "never"}, 0),
    ([_report(value=79)], {"fail_under": 80}, 1),
    ([_report(value=80)], {"fail_under": 80}, 0),
    ([_report()], {"unreadable": True}, 2),                    # an unreadable file outranks findings
])
def test_exit_code(reports, options, expected):
    assert exit_code(reports, **options) == expected


@pytest.mark.parametrize("text, offset, expected", [
    ("abc", 0, (1, 1)),
    ("abc\ndef", 5, (2, 2)),
    ("abc\r\ndef", 5, (2, 1)),        # CRLF: the column counts from after the \n
    ("a\n\nb", 3, (3, 1)),
])
def test_line_column(text, offset, expected):
    assert line_column(text, offset) == expected


@pytest.mark.parametrize("text, code, quoted, message", [
    (edit(("- 14:12 - Alert fires and the on-call engineer is paged\n- 14:40 - Rollback to search 4.0 started",
           "- 14:40 - Rollback to search 4.0 started\n- 14:12 - Alert fires and the on-call engineer is paged")),
     "PM107", "Alert fires and the on-call engineer is paged", "timeline goes back in time: 14:12 comes after 14:40"),
    (edit(("2 March 2024", "March 2, 20XX")), "PM108", "20XX",
     "the year is written as '20XX': the incident date cannot be resolved"),
    (edit((" (all times UTC)", ""), (" UTC", "")), "PM106", "14:05", "times are given without a time zone"),
    (edit(("## Impact\nAbout 30% of search requests failed.", "## Impact\nSearch was slow."),
          ("for about 30% of users", "for some users")), "PM102", "## Impact",
     "impact is not quantified: give the share or number of users, requests or customers affected"),
])
def test_finding_spans_and_messages(text, code, quoted, message, nlp):
    [finding] = [f for f in lint_record(extract(text, path="pm.md", nlp=nlp)).findings if f.code == code]
    assert text[finding.start:finding.end] == quoted
    assert finding.message == message
