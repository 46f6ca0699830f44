"""Where lint and stats get records: postmortems extracted, or JSONL records read back; every
input that fails is named and the others still come through."""
from __future__ import annotations

import io

import pytest

from pipeline.nlp import extract
from pipeline.sources import is_records_stream, load_records, read_records
from tests.conftest import CRASH_REASON

DOC = """# Queue outage

## Summary
On 5 May 2024 about 10% of users could not send messages between 09:00 and 09:40 UTC.
"""


@pytest.fixture(scope="module")
def record_line(nlp) -> str:
    return extract(DOC, path="queue.md", nlp=nlp).model_dump_json()


def test_jsonl_records_are_read_back_not_extracted(tmp_path, record_line):
    path = tmp_path / "records.jsonl"
    path.write_text(record_line + "\n\n" + record_line + "\n", encoding="utf-8")  # a blank line is skipped
    loaded = list(load_records([str(path)]))
    assert [item.name for item in loaded] == [f"{path}:1", f"{path}:3"]
    assert all(item.record.source.path == "queue.md" for item in loaded)


@pytest.mark.parametrize("line, problem", [
    ("{not json", "line 2: not a record: file: Invalid JSON"),
    ('{"schema_version": "1"}', "line 2: not a record: id: Field required; source: Field required"),
    ('{"schema_version": "1", "id": "x", "source": {"sha256": "s", "chars": 1}, "text": "a", "colour": 1}',
     "line 2: not a record: colour: Extra inputs are not permitted"),   # models forbid unknown fields
    ("[1, 2]", "line 2: not a record: file: Input should be an object"),
])
def test_a_bad_line_is_named_and_the_next_lines_still_read(line, problem, record_line):
    loaded = list(read_records([record_line, line, record_line], "r.jsonl"))
    assert [item.record is not None for item in loaded] == [True, False, True]
    error = loaded[1].error
    assert error.path == "r.jsonl" and error.code == "E017"
    assert error.reason.startswith(problem)


def test_missing_file_is_an_error_and_others_still_come(tmp_path, nlp):
    good = tmp_path / "good.md"
    good.write_text(DOC, encoding="utf-8")
    loaded = list(load_records([str(tmp_path / "nope.md"), str(good), str(tmp_path / "nope.jsonl")], nlp=nlp))
    assert [(item.error.code if item.error else "ok") for item in loaded] == ["E001", "ok", "E001"]


@pytest.mark.parametrize("data, expected", [
    (b'{"schema_version": "1", "id": "x"}\n', True),
    (b'\n  {"schema_version": "1"}\n', True),          # leading blank lines
    (b"# Outage\n\n{not a record}\n", False),
    (b'{"title": "json, but not a record"}\n', False),
    (b"{broken json\n", False),
    (b"", False),
])
def test_stdin_is_records_when_its_first_line_is_one(data, expected):
    assert is_records_stream(data) is expected


def test_stdin_postmortem_and_stdin_records(record_line, nlp):
    [as_document] = load_records(["-"], nlp=nlp, stdin=io.BytesIO(DOC.encode()))
    assert as_document.record.source.path == "<stdin>"
    [as_record] = load_records(["-"], stdin=io.BytesIO(record_line.encode()))
    assert as_record.name == "<stdin>:1" and as_record.record.source.path == "queue.md"


def test_an_extraction_crash_costs_only_its_own_document(tmp_path, record_line, fragile_nlp):
    names = []
    for name, text in (("bad.md", "CRASH\n"), ("good.md", DOC), ("records.jsonl", record_line + "\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        names.append(str(tmp_path / name))
    bad, good, kept = load_records(names, nlp=fragile_nlp)
    assert bad.error.code == "E012" and bad.error.reason.endswith(f"RuntimeError: {CRASH_REASON}")
    assert good.record.source.path == names[1]
    assert kept.record.source.path == "queue.md"
