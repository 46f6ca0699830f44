"""The fault catalog: every bad input gives a record with warnings or an error with a stable
code, never a traceback or a hang, and never changes what the other documents give."""
from __future__ import annotations

import errno
import gc
import json
import os
import re
import stat
import threading
import time

import pytest
from click.testing import CliRunner
from spacy.language import Language

from conftest import CORPUS
from fault_inputs import (BAD, GOOD, POSTMORTEM, RTL_EMOJI, SCALING, fields, long_timeline, make_all, single_line,
                          stage_seconds)
from pipeline.cli import main
from pipeline.errors import PostmortemError
from pipeline.guard import Overrun, deadline, extract_guarded, guarded_results
from pipeline.ingest import Document, read_bytes, read_path
from pipeline.nlp import STAGES, build_nlp, extract, extract_document

ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def fault_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faults")
    make_all(folder)
    return folder


def _codes(entries) -> list[str]:
    return [entry.code if hasattr(entry, "code") else entry["code"] for entry in entries]


@pytest.mark.parametrize("fault", BAD, ids=lambda f: f.name)
def test_bad_input_is_an_error_naming_the_file(fault, fault_dir):
    path = str(fault_dir / fault.name)
    with deadline(10), pytest.raises(PostmortemError) as caught:  # a FIFO must not block
        read_path(path)
    assert caught.value.code == fault.error
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.to_dict()["path"] == path


@pytest.mark.parametrize("fault", GOOD, ids=lambda f: f.name)
def test_odd_input_gives_a_record_naming_what_was_odd(fault, fault_dir, nlp):
    document = read_path(fault_dir / fault.name)
    record = extract_document(document, nlp=nlp)
    assert set(fault.warnings) <= set(_codes(record.warnings))
    assert record.text == document.text
    if fault.same_as is not None:
        assert fields(record) == fields(extract(fault.same_as, nlp=nlp))


def test_the_faults_do_not_lose_what_the_postmortem_says(nlp):
    """The catalog's base document is a real postmortem: the record must find its parts."""
    record = extract(POSTMORTEM, path="base.md", nlp=nlp)
    assert [e.time for e in record.timeline] == ["08:10", "08:14", "08:40", "09:25"]
    assert record.incident.duration_minutes == 75
    assert record.root_causes and "quota check" in record.root_causes[0].text
    assert len(record.action_items) == 2


@pytest.mark.parametrize("data, encoding, text", [
    ("café".encode("latin-1"), "cp1252", "café"),
    ("“quoted” – dash".encode("cp1252"), "cp1252", "“quoted” – dash"),
    (b"caf\x81 au lait, served cold", "cp1252", "caf\x81 au lait, served cold"),  # undefined in cp1252: Latin-1
    (b"caf\xe9", "cp1252", "caf\xe9"),                        # one high byte at the end: Latin-1, not a cut-off
    ("naïve – ok ".encode() * 3 + b"\xff", "utf-8", "naïve – ok " * 3 + "\ufffd"),  # mostly UTF-8: one bad byte
    (b"ok \xe2\x80", "utf-8", "ok \ufffd"),                  # two bytes of a three-byte character: cut off
    ("x".encode("utf-16-be"), "utf-16-be", "x"),             # NUL, letter: UTF-16 BE without a BOM
    (b"x\x00" * 3 + b"\x00" * 4, "utf-16-le", "xxx"),      # UTF-16 LE padded with NULs: padding left out
    (b"BZh is not bzip2", "utf-8", "BZh is not bzip2"),      # a signature's first letters are not enough
    (b"GIF is a format", "utf-8", "GIF is a format"),
    (b"\xef\xbb\xbfhello", "utf-8-sig", "hello"),            # the BOM itself is not text
])
def test_decoding(data, encoding, text):
    document = read_bytes(data, path="x.txt")
    assert (document.encoding, document.text) == (encoding, text)


def test_a_file_deleted_after_listing_is_e001(tmp_path):
    (tmp_path / "a.md").write_text(POSTMORTEM)
    listed = sorted(tmp_path.iterdir())
    (tmp_path / "a.md").unlink()
    with pytest.raises(PostmortemError) as caught:
        read_path(listed[0])
    assert caught.value.code == "E001"


@pytest.mark.skipif(ROOT_USER, reason="root reads any file whatever its mode")
def test_an_unreadable_file_is_e002(tmp_path):
    path = tmp_path / "secret.md"
    path.write_text(POSTMORTEM)
    path.chmod(0)
    with pytest.raises(PostmortemError) as caught:
        read_path(path)
    assert caught.value.code == "E002"


@pytest.mark.parametrize("error, code", [
    (PermissionError(errno.EACCES, "Permission denied"), "E002"),   # made unreadable after listing
    (FileNotFoundError(errno.ENOENT, "No such file"), "E001"),      # deleted after listing
    (OSError(errno.ELOOP, "Too many levels of symbolic links"), "E031"),
    (OSError(errno.ENXIO, "No such device or address"), "E004"),    # what opening a socket says
    (OSError(errno.EIO, "Input/output error"), "E008"),             # a failing disk: the system's words
])
def test_open_errors_have_their_codes(error, code, tmp_path, monkeypatch):
    """The codes root cannot provoke for real (CI runs as root)."""
    path = tmp_path / "a.md"
    path.write_text(POSTMORTEM)

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PostmortemError) as caught:
        read_path(path)
    assert caught.value.code == code
    if code == "E008":
        assert "Input/output error" in caught.value.reason


def _character_device() -> str | None:
    candidates = ("/dev/zero", "/dev/urandom", "/dev/random", "/dev/null")
    return next((p for p in candidates if os.path.exists(p) and stat.S_ISCHR(os.stat(p).st_mode)), None)


@pytest.mark.parametrize("path, code", [
    (_character_device(), "E004"),  # endless: refused without reading
    ("bad\x00name.md", "E008"),     # a NUL in the path
    ("/", "E003"),
])
def test_odd_paths(path, code):
    if path is None:
        pytest.skip("no character device here")
    with deadline(10), pytest.raises(PostmortemError) as caught:
        read_path(path)
    assert caught.value.code == code


def test_a_file_is_read_through_a_directory_loop(fault_dir):
    inside = fault_dir / "loop" / "again" / "again" / "again"
    (fault_dir / "loop" / "note.md").write_text(POSTMORTEM)
    assert read_path(inside / "note.md").text == POSTMORTEM


@pytest.mark.parametrize("text", [
    "\ufeffhello",            # used to lose the BOM character: offsets would shift by one
    "a\x00b",                 # used to be refused as binary although the caller gave text
    "%PDF-1.7 is the version we pinned",  # used to be sent to the PDF reader
    "   ",                    # blank text is the caller's to give: a record, not an error
    "",
])
def test_extract_takes_text_as_it_is(text, nlp):
    record = extract(text, nlp=nlp)
    assert record.text == text


def test_lone_surrogates_become_replacement_characters(nlp):
    """What `surrogateescape` leaves in a str is not text: one U+FFFD each, offsets kept."""
    record = extract("Root cause: \udce9 the disk filled up.", nlp=nlp)
    assert record.text == "Root cause: \ufffd the disk filled up."
    assert "W006" in _codes(record.warnings)


def test_text_warnings_are_in_the_record(nlp):
    record = extract("# Summary\r\rThe disk \x01 filled up.\r", nlp=nlp)
    assert {"W003", "W009"} <= set(_codes(record.warnings))


# ---- the time budget -------------------------------------------------------------------


@Language.component("pm_test_runaway")
def _runaway(doc):
    """A stage bug on demand: on RUNAWAY a catastrophic regex (one C call of ~40 s), on SPIN
    a Python loop. Both end by themselves, so a broken budget fails the test, not CI."""
    if "RUNAWAY" in doc.text:
        re.match(r"(a+)+$", "a" * 30 + "b")
    give_up = time.monotonic() + 40
    while "SPIN" in doc.text and time.monotonic() < give_up:
        pass
    return doc


@pytest.fixture(scope="module")
def runaway_nlp():
    pipeline = build_nlp()
    pipeline.add_pipe("pm_test_runaway", first=True)
    return pipeline


def test_a_runaway_regex_becomes_e009_and_the_others_go_on(runaway_nlp):
    texts = [("a.md", POSTMORTEM), ("b.md", POSTMORTEM + "RUNAWAY"), ("c.md", RTL_EMOJI)]
    documents = [Document.from_text(text, path=path) for path, text in texts]
    started = time.monotonic()
    results = list(guarded_results(documents, nlp=runaway_nlp, seconds=1))
    assert time.monotonic() - started < 10
    assert [r.error.code if r.error else None for r in results] == [None, "E009", None]
    assert results[1].error.reason == "extraction took longer than 1 s"
    alone = [extract(text, path=path) for path, text in texts[::2]]
    assert [r.record.model_dump() for r in results[::2]] == [r.model_dump() for r in alone]


def test_the_budget_works_in_a_worker_thread(runaway_nlp):
    """Off the main thread a Python loop is stopped (a single long C call would not be)."""
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(
        extract_guarded(Document.from_text("SPIN"), nlp=runaway_nlp, seconds=0.5)))
    worker.start()
    worker.join(10)
    assert not worker.is_alive()
    assert outcome[0].error.code == "E009"


def test_a_10_mb_line_is_read_and_its_runaway_is_an_error(tmp_path, nlp):
    path = tmp_path / "pasted-log.md"
    path.write_text(single_line(10_000_000))
    document = read_path(path)
    assert "W050" in _codes(document.warnings)
    started = time.monotonic()
    result = extract_guarded(document, nlp=nlp, seconds=0.5)
    assert time.monotonic() - started < 8  # the tokenizer's own C call is not interrupted
    assert result.error.code == "E009"
    assert extract_guarded(Document.from_text(POSTMORTEM), nlp=nlp).record.incident.duration_minutes == 75


def test_deadline_leaves_no_alarm_behind():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with deadline(5):
        pass
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.01)


def test_an_inner_deadline_keeps_the_outer_one():
    with pytest.raises(Overrun):
        with deadline(0.3):
            with deadline(5):
                pass
            while True:
                time.sleep(0.01)


def test_no_deadline_means_no_limit():
    with deadline(None):
        time.sleep(0.05)
    with deadline(0):
        time.sleep(0.05)


# ---- the command line over a folder of faults and good postmortems -------------------------


def test_extract_over_faults_and_corpus_keeps_every_good_record(fault_dir, tmp_path):
    good_docs = sorted(CORPUS.glob("a0*.md"))[:4]
    names = [str(p) for p in good_docs] + [str(fault_dir / f.name) for f in GOOD + BAD]
    names.insert(2, str(tmp_path / "deleted-after-listing.md"))
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(main, ["extract", *names, "-o", str(out)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("postmortem: error: ")]
    failed = {line.split(": ")[2] for line in errors}
    assert failed == {str(fault_dir / f.name) for f in BAD} | {str(tmp_path / "deleted-after-listing.md")}
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"]["path"] for r in records] == [str(p) for p in good_docs] + \
        [str(fault_dir / f.name) for f in GOOD]
    alone = tmp_path / "alone.jsonl"
    assert CliRunner().invoke(main, ["extract", *map(str, good_docs), "-o", str(alone)]).exit_code == 0
    assert records[:len(good_docs)] == [json.loads(line) for line in alone.read_text().splitlines()]


def test_extract_timeout_option(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(POSTMORTEM)
    result = CliRunner().invoke(main, ["extract", str(path), "--timeout", "0"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["incident"]["duration_minutes"] == 75
    assert CliRunner().invoke(main, ["extract", str(path), "--timeout", "-1"]).exit_code == 2


def test_a_long_timeline_keeps_every_entry_in_order(nlp):
    record = extract(long_timeline(600), nlp=nlp)
    assert len(record.timeline) == 600
    assert [e.text.split(" restarted")[0] for e in record.timeline[:2]] == ["worker 0", "worker 1"]


# ---- linear time: each stage on inputs 8x longer takes about 8x longer, never 64x ----------

GROWTH = 8
SUPER_LINEAR = 16   # a ratio over this is not linear (quadratic gives ~64; linear stages measure 6-10)
NOTICEABLE = 0.05   # seconds: a stage faster than this on the long input is fast enough


def _super_linear(reason):
    return pytest.mark.xfail(strict=True, reason=reason)


KNOWN_SUPER_LINEAR = {
    ("a run of asterisks", "tokenizer"): _super_linear(
        "spaCy's tokenizer strips one prefix at a time and runs the suffix regex over the rest each time "
        "(explosion/spaCy#4362): a long run of * or = is O(n^2); the time budget is the defence"),
}


@pytest.fixture(scope="module")
def growth_ratios(nlp):
    """family -> stage -> (seconds on the long input, ratio long/short)."""
    ratios = {}
    gc.disable()
    try:
        for family, (make, size) in SCALING.items():
            short = [stage_seconds(nlp, make(size)) for _ in range(2)]
            long = stage_seconds(nlp, make(size * GROWTH))
            ratios[family] = {stage: (long[stage], long[stage] / max(min(s[stage] for s in short), 1e-6))
                              for stage in long}
    finally:
        gc.enable()
    return ratios


@pytest.mark.parametrize("family, stage", [
    pytest.param(family, stage, marks=KNOWN_SUPER_LINEAR.get((family, stage), ()))
    for family in SCALING for stage in ("tokenizer", *STAGES, "record")
])
def test_stages_take_linear_time(growth_ratios, family, stage):
    seconds, ratio = growth_ratios[family][stage]
    assert seconds < NOTICEABLE or ratio < SUPER_LINEAR, f"{GROWTH}x the input took {ratio:.0f}x the time"


# ---- what fuzzing found (scripts/fuzz.py): each input stays here as a regression test ------


@pytest.mark.parametrize("text", [
    "9:12z",  # a lower-case 'z' after a clock once gave the zone evidence a start of -1
])
def test_fuzz_findings_give_a_record(text, nlp):
    record = extract(text, nlp=nlp)
    assert record.text == text


# ---- postmortem batch over a folder of every fault plus the corpus --------------------------


def test_batch_over_faults_and_corpus_writes_every_good_record(tmp_path, nlp):
    """Every good file gives its record (the same as alone), every bad one an entry in --errors
    with its code, a runaway an E009, and the documented exit code 1."""
    folder = tmp_path / "archive"
    (folder / "corpus").mkdir(parents=True)
    make_all(folder)
    for path in sorted(CORPUS.glob("*.md")):
        (folder / "corpus" / path.name).write_bytes(path.read_bytes())
    (folder / "pasted-log.md").write_text("# Impact\n\n" + "=" * 200_000 + "\n")  # spaCy's tokenizer: O(n^2)
    missing = tmp_path / "deleted-after-listing.md"
    out, errors = tmp_path / "records.jsonl", tmp_path / "errors.jsonl"
    result = CliRunner().invoke(main, ["batch", str(folder), str(missing), "-o", str(out), "--errors", str(errors),
                                       "--timeout", "3", "--workers", "2", "--quiet"])
    assert result.exit_code == 1, result.output
    entries = {e["path"]: e["code"] for e in map(json.loads, errors.read_text().splitlines())}
    listed = {str(folder / f.name): f.error for f in BAD if f.error != "E003"}  # a folder is walked, not read
    assert entries == {**listed, str(folder / "pasted-log.md"): "E009", str(missing): "E001"}
    records = {r["source"]["path"]: r for r in map(json.loads, out.read_text().splitlines())}
    corpus = sorted(p for p in (folder / "corpus").glob("*.md") if p.stem != "README")  # the walk skips READMEs
    good = [folder / f.name for f in GOOD] + corpus
    assert sorted(records) == sorted(map(str, good))
    for path in good[-3:] + good[:3]:
        assert records[str(path)] == json.loads(extract_document(read_path(path), nlp=nlp).model_dump_json())
