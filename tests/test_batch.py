"""Batch extraction: inputs in a stable order, one outcome per input, records identical to a
single-process run, failures as error lines, atomic output and --resume."""
from __future__ import annotations

import io
import json
import os
import signal
import threading
import time

import pytest
from spacy.language import Language

from pipeline.batch import BatchSummary, batch_outcomes, iter_inputs, run_batch
from pipeline.sources import matches
from pipeline.batch_worker import BatchSettings, extract_chunk
from pipeline.budget import Budget
from pipeline.nlp import build_nlp, extract_documents
from pipeline.ingest import read_path
from tests.conftest import CORPUS

SAMPLE = """# Search outage

## Summary
On May 3, 2024 search failed for about 30% of users.

## Timeline (all times UTC)
- 09:10 - Alert fires on search latency
- 09:55 - Service restored

## Root Cause
The root cause was a shard rebalancing job started during peak traffic.
"""


def corpus_files(count: int) -> list[str]:
    files = sorted(str(p) for p in CORPUS.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
    return files[:count]


def single_process_lines(paths: list[str]) -> list[str]:
    nlp = build_nlp()
    return [r.model_dump_json() for r in extract_documents((read_path(p) for p in paths), nlp=nlp)]


@pytest.fixture
def tree(tmp_path):
    """A folder of postmortems with the things a real archive has: nesting, hidden files,
    files of other kinds, and bad files."""
    layout = {
        "2023/b.md": SAMPLE, "2023/a.txt": SAMPLE.replace("30%", "10%"), "2024/q1/c.md": SAMPLE.replace("May 3", "May 4"),
        "notes.html": "<html><body><h1>Outage</h1><p>Search failed.</p></body></html>",
        "logo.png": "not read: no glob matches it", ".git/HEAD.md": "hidden folder", ".draft.md": "hidden file",
        "empty.md": "",
    }
    for name, text in layout.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_folders_are_walked_in_a_stable_order_skipping_hidden_and_other_files(tree):
    found = [os.path.relpath(p, tree) for p in iter_inputs([str(tree)])]
    assert found == ["empty.md", "notes.html", "2023/a.txt", "2023/b.md", "2024/q1/c.md"]
    globbed = [os.path.relpath(p, tree) for p in iter_inputs([str(tree)], globs=["*.md", "*.png"])]
    assert globbed == ["empty.md", "logo.png", "2023/b.md", "2024/q1/c.md"]  # globs replace the formats


@pytest.mark.parametrize("path, globs, expected", [
    ("root/2023/a.md", ("*.md",), True),
    ("root/2023/a.MD", ("*.md",), False),           # fnmatch is case-sensitive on POSIX, like a shell glob
    ("root/2023/a.md", ("2023/*",), True),          # with a slash: the path below the root
    ("root/2024/q1/c.md", ("2024/*.md",), True),    # * crosses folders in a path glob
    ("root/2023/a.md", ("2024/*",), False),
    ("root/x/report-final.txt", ("report-*", "*.md"), True),  # any of several globs
])
def test_glob_matching(path, globs, expected):
    assert matches(path, "root", globs) is expected


def test_inputs_from_arguments_and_stdin_keep_their_order(tree):
    listing = io.StringIO(f"{tree / '2024'}\n\n{tree / 'missing.md'}\r\n")
    found = list(iter_inputs([str(tree / "2023" / "b.md"), "-"], stdin=listing))
    # a named file is kept whatever its glob; a listed folder is walked; a missing file is still an input
    assert found == [str(tree / "2023" / "b.md"), str(tree / "2024" / "q1" / "c.md"), str(tree / "missing.md")]


def test_extract_chunk_gives_one_outcome_per_path_in_order(nlp, tree, tmp_path):
    big = tmp_path / "big.md"
    big.write_text(SAMPLE * 40, encoding="utf-8")
    paths = [str(tree / "2023/b.md"), str(tree / "nope.md"), str(tree / "empty.md"), str(big), str(tree / "2023/a.txt")]
    outcomes = extract_chunk(paths, BatchSettings(max_bytes=4096), nlp=nlp)
    assert [o.path for o in outcomes] == paths
    assert [o.error and o.error["code"] for o in outcomes] == [None, "E001", "E006", "E005", None]
    assert json.loads(outcomes[4].line)["impact"]["percent_affected"] == [10.0]
    assert outcomes[1].error == {"path": paths[1], "code": "E001", "message": "no such file"}


@Language.component("test_explodes_on_boom")
def _explodes(doc):
    if "BOOM" in doc.text:
        raise ValueError("stage bug")
    return doc


@Language.component("test_spins_on_spin")
def _spins(doc):
    deadline = time.monotonic() + 30
    while "SPIN" in doc.text and time.monotonic() < deadline:
        pass
    return doc


@pytest.fixture(scope="module")
def faulty_nlp():
    nlp = build_nlp()
    nlp.add_pipe("test_explodes_on_boom", first=True)
    nlp.add_pipe("test_spins_on_spin", first=True)
    return nlp


def test_a_stage_that_raises_costs_one_document_not_the_chunk(faulty_nlp, tmp_path):
    texts = [SAMPLE, SAMPLE + "\nBOOM\n", SAMPLE.replace("30%", "20%")]
    paths = []
    for number, text in enumerate(texts):
        paths.append(str(tmp_path / f"{number}.md"))
        (tmp_path / f"{number}.md").write_text(text, encoding="utf-8")
    outcomes = extract_chunk(paths, BatchSettings(), nlp=faulty_nlp)
    assert outcomes[1].error["code"] == "E012" and "ValueError: stage bug" in outcomes[1].error["message"]
    assert [json.loads(o.line)["impact"]["percent_affected"] for o in (outcomes[0], outcomes[2])] == [[30.0], [20.0]]


def test_budget_turns_a_runaway_into_e009_and_the_chunk_goes_on(faulty_nlp, tmp_path):
    paths = []
    for number, text in enumerate([SAMPLE + "\nSPIN\n", SAMPLE]):
        paths.append(str(tmp_path / f"{number}.md"))
        (tmp_path / f"{number}.md").write_text(text, encoding="utf-8")
    budget = Budget(0.5)
    started = time.monotonic()
    try:
        outcomes = extract_chunk(paths, BatchSettings(timeout=0.5), nlp=faulty_nlp, watch=budget)
    finally:
        budget.close()
    assert time.monotonic() - started < 10  # once in the pipe, once alone: about twice the budget
    assert outcomes[0].error == {"path": paths[0], "code": "E009", "message": "extraction took longer than 0.5 s"}
    assert outcomes[1].line is not None


def test_local_pool_records_equal_a_single_process_run_in_input_order():
    paths = corpus_files(14)
    settings = BatchSettings(batch_size=3)  # several chunks per worker: order must still hold
    outcomes = list(batch_outcomes(paths, settings, workers=2))
    assert [o.path for o in outcomes] == paths
    failed = {o.path for o in outcomes if o.error}
    expected = single_process_lines([p for p in paths if p not in failed])
    assert [o.line for o in outcomes if not o.error] == expected
    assert len(expected) >= 13


def test_a_worker_past_the_budget_is_replaced_and_only_its_document_fails(tmp_path):
    slow = tmp_path / "b-slow.md"
    slow.write_text(SAMPLE * 3000, encoding="utf-8")  # a real document far past a 0.5 s budget
    for name in ("a.md", "c.md", "d.md"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("a.md", "b-slow.md", "c.md", "d.md")]
    outcomes = list(batch_outcomes(paths, BatchSettings(timeout=0.5, batch_size=4), workers=1))
    assert [o.error["code"] if o.error else "ok" for o in outcomes] == ["ok", "E009", "ok", "ok"]


def test_a_worker_that_dies_costs_its_document_an_e012_entry(tmp_path):
    from pipeline.pool import LocalPool

    slow = tmp_path / "b-slow.md"
    slow.write_text(SAMPLE * 3000, encoding="utf-8")
    for name in ("a.md", "c.md"):
        (tmp_path / name).write_text(SAMPLE, encoding="utf-8")
    paths = [str(tmp_path / n) for n in ("a.md", "b-slow.md", "c.md")]
    pool = LocalPool(BatchSettings(batch_size=3), workers=1)

    def kill_when_slow_document_starts():  # what the OOM killer would do
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for slot in list(pool._slots):
                if slot.shared[0] >= 0 and slot.shared[1] == 1:
                    os.kill(slot.process.pid, signal.SIGKILL)
                    return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_when_slow_document_starts)
    killer.start()
    outcomes = [o for chunk in pool.imap([paths]) for o in chunk]
    killer.join()
    assert [o.error["code"] if o.error else "ok" for o in outcomes] == ["ok", "E012", "ok"]
    assert "killed by signal 9" in outcomes[1].error["message"]


def test_run_batch_writes_records_errors_and_resumes(tree, tmp_path):
    out, errors = tmp_path / "out" / "records.jsonl", tmp_path / "errors.jsonl"
    out.parent.mkdir()
    first = run_batch([str(tree / "2023")], str(out), errors=str(errors), workers=1)
    assert (first.records, first.errors, first.skipped) == (2, 0, 0)
    assert not errors.read_text()
    second = run_batch([str(tree)], str(out), errors=str(errors), resume=True, workers=1)
    # 2023/* are in OUT already; c.md is new; empty.md fails; notes.html needs the html extra or reads
    assert second.skipped == 2 and second.records + second.errors == 3
    lines = out.read_text().splitlines()
    assert len(lines) == 2 + second.records
    assert len({json.loads(line)["id"] for line in lines}) == len(lines)
    codes = {json.loads(line)["path"]: json.loads(line)["code"] for line in errors.read_text().splitlines()}
    assert codes[str(tree / "empty.md")] == "E006"
    assert not os.path.exists(str(out) + ".partial")


def test_an_interrupted_run_leaves_output_untouched_and_resume_continues(tree, tmp_path):
    out = tmp_path / "records.jsonl"
    out.write_text("", encoding="utf-8")
    seen = []

    def stop_after_two(outcome):
        seen.append(outcome)
        if len(seen) == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch([str(tree / "2023"), str(tree / "2024")], str(out), workers=1, on_outcome=stop_after_two)
    assert out.read_text() == ""  # OUT as it was
    partial = tmp_path / "records.jsonl.partial"
    assert len(partial.read_text().splitlines()) == 2
    with partial.open("a") as handle:
        handle.write('{"schema_version":"1","id":"pm-cut sh')  # what a crash mid-write leaves
    summary = run_batch([str(tree / "2023"), str(tree / "2024")], str(out), workers=1, resume=True)
    assert (summary.skipped, summary.records) == (2, 1)
    assert [json.loads(line)["source"]["path"] for line in out.read_text().splitlines()] == \
        [str(tree / "2023/a.txt"), str(tree / "2023/b.md"), str(tree / "2024/q1/c.md")]


def test_resume_refuses_an_output_that_is_not_records(tmp_path):
    from pipeline.errors import PostmortemError

    out = tmp_path / "records.jsonl"
    out.write_text("hello\n", encoding="utf-8")
    with pytest.raises(PostmortemError) as caught:
        run_batch([], str(out), resume=True, workers=1)
    assert caught.value.code == "E017" and "line 1: not a record" in str(caught.value)
    assert out.read_text() == "hello\n"


def test_summary_counts_every_input_once():
    summary = BatchSummary(records=3, errors=1, skipped=2)
    assert summary.files == 6
