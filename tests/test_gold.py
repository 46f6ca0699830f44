"""Gold files: what `read_gold` refuses, what `check` finds, and scripts/check_gold.py."""
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.errors import PostmortemError
from pipeline.gold import check, check_paths, clock_pattern, document_path, read_gold, us_daylight
from tests.conftest import CORPUS, ROOT

DOCUMENT = """# Checkout outage

## Summary
On March 2, 2024 checkout failed for about 40% of users, from 2:05 PM to 15:50 UTC.

## Timeline
- 14:05 Error rate alert fires
- 3:50 pm Service restored

## Root Cause
The root cause was a connection pool limit lowered in the 2.3 release.

## Action items
- Alert on pool saturation
"""
GOLD = {
    "doc": "checkout.md", "source": "ours", "style": "markdown, AM/PM and 24h", "sections":
    ["summary", "timeline", "root_cause", "corrective_actions"], "incident_start": "2024-03-02T14:05",
    "incident_end": "2024-03-02T15:50", "timezone": "UTC", "duration_minutes": 105, "impact_percents": [40],
    "timeline_times": ["14:05", "15:50"], "root_cause_phrases": ["a connection pool limit lowered"],
    "root_cause_categories": ["configuration"], "action_items": 1,
}


def write(folder: Path, gold: dict, *, text: str = DOCUMENT, name: str = "checkout") -> Path:
    (folder / f"{name}.md").write_text(text, encoding="utf-8")
    path = folder / f"{name}.gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path


def test_a_good_gold_file_has_no_problem(tmp_path):
    assert check(write(tmp_path, GOLD)) == []


@pytest.mark.parametrize("change, where", [
    ({"action_items": "1"}, "action_items"),  # strict: a string is not a count
    ({"duration_minutes": 105.0}, "duration_minutes"),  # nor is a float
    ({"notes": "x"}, "notes"),  # exact key set
    ({"timeline_times": ["14:05", "3:50"]}, "timeline_times.1"),  # not zero-padded
    ({"timeline_times": ["24:00"]}, "timeline_times.0"),  # not a clock reading
    ({"incident_start": "2024-02-30T10:00"}, "incident_start"),  # no such day
    ({"incident_end": "2024-03-02 15:50"}, "incident_end"),  # a space instead of T
    ({"incident_end": "2024-03-02T15:50:00"}, "incident_end"),  # seconds are not the gold form
    ({"sections": ["summary", "other"]}, "sections.1"),  # 'other' is a record kind, never a gold kind
    ({"root_cause_categories": ["config"]}, "root_cause_categories.0"),
    ({"root_cause_categories": []}, "root_cause_categories"),
    ({"impact_percents": [0]}, "impact_percents.0"),
    ({"impact_percents": [140]}, "impact_percents.0"),
    ({"doc": ""}, "doc"),
])
def test_read_gold_names_the_field_that_is_wrong(tmp_path, change, where):
    path = write(tmp_path, {**GOLD, **change})
    with pytest.raises(PostmortemError) as caught:
        read_gold(path)
    assert caught.value.code == "E014" and caught.value.path == str(path)
    assert caught.value.reason.startswith(f"not a gold annotation: {where}: ")


def test_missing_key_and_broken_json(tmp_path):
    gold = dict(GOLD)
    del gold["timezone"]
    with pytest.raises(PostmortemError, match="timezone: Field required"):
        read_gold(write(tmp_path, gold))
    broken = tmp_path / "broken.gold.json"
    broken.write_text('{"doc": "x.md",\n "source": }', encoding="utf-8")
    with pytest.raises(PostmortemError, match=r"not valid JSON: line 2 column 12"):
        read_gold(broken)


@pytest.mark.parametrize("change, codes", [
    ({"root_cause_phrases": ["a connection pool limit  lowered"]}, ["G002"]),  # two spaces: not verbatim
    ({"root_cause_phrases": ["A connection pool limit lowered"]}, ["G002"]),  # case matters too
    ({"root_cause_phrases": []}, ["G003"]),  # none is only for an unknown cause
    ({"root_cause_phrases": [], "root_cause_categories": ["unknown"]}, []),
    ({"root_cause_phrases": ["pool", "limit", "release", "checkout"]}, ["G003", "G102", "G102", "G102", "G102"]),
    ({"impact_percents": [40, 12]}, ["G004"]),
    ({"impact_percents": [40, 40]}, ["G004"]),
    ({"sections": ["summary", "timeline", "summary"]}, ["G005"]),
    ({"root_cause_categories": ["unknown", "capacity"]}, ["G007"]),
    ({"incident_end": "2024-03-02T13:50", "duration_minutes": 0}, ["G006", "G103"]),  # 13:50 nowhere either
    ({"duration_minutes": 100}, ["G101"]),
    ({"duration_minutes": 106}, []),  # within the scorer's minute
    ({"duration_minutes": None}, ["G101"]),  # start and end give one
    ({"incident_start": "14:05", "incident_end": "15:50"}, []),  # date-less: checked within a day
    ({"incident_start": "23:50", "incident_end": "00:20", "duration_minutes": 30,
      "timeline_times": []}, ["G103", "G103"]),  # across midnight is 30 min; but neither clock is written
    ({"incident_start": "14:05"}, ["G105"]),  # one dated, one not
    ({"timeline_times": ["14:05", "15:50", "16:10"]}, ["G103"]),
    ({"timezone": "EAT"}, ["G104"]),
    ({"timezone": "PST"}, []),  # a generic US zone: PST is in force on March 2
    ({"timezone": "PDT"}, ["G008"]),  # ... and PDT is not
])
def test_check_finds(tmp_path, change, codes):
    assert sorted(p.code for p in check(write(tmp_path, {**GOLD, **change}))) == sorted(codes)


def test_check_tells_errors_from_doubts(tmp_path):
    problems = check(write(tmp_path, {**GOLD, "duration_minutes": 100, "impact_percents": [40, 12]}))
    assert [(p.code, p.is_error) for p in problems] == [("G004", True), ("G101", False)]
    assert str(problems[0]).startswith(f"{tmp_path / 'checkout.gold.json'}: error G004: impact_percents [40.0, 12.0]")


def test_document_beside_the_gold_when_doc_names_another_file(tmp_path):
    path = write(tmp_path, {**GOLD, "doc": "renamed.md"})
    assert document_path(path, read_gold(path)) == tmp_path / "checkout.md"
    assert [p.code for p in check(path)] == ["G001"]  # found, but the name still disagrees
    (tmp_path / "checkout.txt").write_text(DOCUMENT, encoding="utf-8")
    assert [str(p) for p in check(path)] == [  # two candidates: which one is meant?
        f"{path}: error E015: no document beside it (looked for one of checkout.md, checkout.txt)"]
    for document in ("checkout.md", "checkout.txt"):
        (tmp_path / document).unlink()
    assert [str(p) for p in check(path)] == [
        f"{path}: error E015: no document beside it (looked for renamed.md or checkout.*)"]


@pytest.mark.parametrize("clock, written, found", [
    ("14:05", "at 14:05 UTC", True),
    ("14:05", "at 2:05 PM", True),
    ("14:05", "at 02:05pm", True),
    ("14:05", "at 1405Z", True),  # military style
    ("14:05", "at 14h05", True),
    ("09:00", "at 9 a.m.", True),  # hour only
    ("09:00", "at 9AM", True),
    ("00:00", "at midnight", True),
    ("12:00", "around noon", True),
    ("14:05", "at 14:50", False),
    ("14:05", "ticket 114:05", False),  # a longer number is not a clock
    ("09:00", "9 am", True),
    ("09:00", "19 am", False),
])
def test_clock_pattern(clock, written, found):
    assert bool(clock_pattern(clock).search(written)) is found


@pytest.mark.parametrize("day, daylight", [
    (date(2024, 3, 9), False), (date(2024, 3, 10), True),  # second Sunday of March 2024
    (date(2024, 11, 2), True), (date(2024, 11, 3), False),  # first Sunday of November 2024
    (date(2023, 8, 9), True), (date(2023, 12, 1), False),
])
def test_us_daylight(day, daylight):
    assert us_daylight(day) is daylight


def test_our_corpus_gold_is_clean():
    checked, problems = check_paths([CORPUS])
    assert checked >= 60
    assert [str(p) for p in problems if p.is_error] == []


def test_shared_gold_has_no_errors(shared_dir):
    checked, problems = check_paths([shared_dir / "dev", shared_dir / "seeds"])
    assert checked >= 20 and [str(p) for p in problems if p.is_error] == []


def test_check_gold_script(tmp_path):
    write(tmp_path, GOLD)
    write(tmp_path, {**GOLD, "doc": "bad.md", "impact_percents": [40, 12]}, name="bad")
    script = [sys.executable, str(ROOT / "scripts" / "check_gold.py")]
    result = subprocess.run([*script, str(tmp_path)], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{tmp_path / 'bad.gold.json'}: error G004: impact_percents [40.0, 12.0] should be sorted ascending "
        "without duplicates"]
    assert "2 gold files: 1 errors, 0 doubts" in result.stderr
    good = subprocess.run([*script, str(tmp_path / "checkout.gold.json")], capture_output=True, text=True)
    assert good.returncode == 0
    missing = subprocess.run([*script, str(tmp_path / "nowhere")], capture_output=True, text=True)
    assert missing.returncode == 1 and "nowhere: error E001: no such file" in missing.stdout
