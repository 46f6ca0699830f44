"""Properties that hold for any input: a valid record whose spans quote the text, the same
record every time, and reading that never fails with anything but a coded error."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from fault_inputs import FAULTS, fields
from pipeline.decoding import CONTROL, without_surrogates
from pipeline.errors import PostmortemError
from pipeline.ingest import Document, read_bytes
from pipeline.nlp import extract, extract_document
from strategies import ENCODINGS, documents, file_bytes, mutated

# Extraction takes milliseconds, not microseconds: no per-example deadline, fewer examples.
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_quotes_its_text(record, text: str) -> None:
    text, _ = without_surrogates(text)  # the one change extraction makes to a str
    assert record.text == text
    for where, span in record._spans():
        assert 0 <= span.start <= span.end <= len(text), where
        quoted = getattr(span, "text", None)
        if quoted is not None:
            assert quoted == text[span.start:span.end], where


@PROPERTY
@given(st.text(max_size=400))
def test_any_text_gives_a_record_quoting_it(nlp, text):
    assert_quotes_its_text(extract(text, nlp=nlp), text)


SEEDS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("a0*.md"))]


@PROPERTY
@given(documents())
def test_any_postmortem_like_text_gives_a_record_quoting_it(nlp, text):
    assert_quotes_its_text(extract(text, path="x.md", nlp=nlp), text)


@settings(PROPERTY, max_examples=25)
@given(mutated(SEEDS))
def test_an_edited_real_postmortem_gives_a_record_quoting_it(nlp, text):
    assert_quotes_its_text(extract(text, path="x.md", nlp=nlp), text)


@PROPERTY
@given(file_bytes())
def test_any_bytes_give_a_document_or_a_coded_error_and_the_same_record_twice(nlp, data):
    try:
        document = read_bytes(data, path="x.md")
    except PostmortemError as exc:
        assert exc.code.startswith("E") and exc.path == "x.md"
        return
    first = extract_document(document, nlp=nlp)
    assert_quotes_its_text(first, document.text)
    again = extract_document(read_bytes(data, path="x.md"), nlp=nlp)
    assert again.model_dump_json() == first.model_dump_json()


@PROPERTY
@given(documents(max_lines=15), st.sampled_from(("\r\n", "\r")))
def test_line_endings_do_not_change_what_is_found(nlp, text, ending):
    """CRLF and old-Mac CR files say what the LF file says (offsets differ, values do not)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    assert fields(extract(text.replace("\n", ending), nlp=nlp)) == fields(extract(text, nlp=nlp))


# NUL is left out: "\x00A" in UTF-8 is also "A" in UTF-16 BE, and no rule can tell them apart.
_NO_NUL = st.text(st.characters(exclude_characters="\x00", exclude_categories=["Cs"]), min_size=1).filter(str.strip)


@settings(max_examples=200, deadline=None)
@given(_NO_NUL, st.sampled_from(("utf-8", "utf-8-sig", "utf-16", "utf-32")))
def test_unicode_with_a_byte_order_mark_or_utf8_reads_back_exactly(text, encoding):
    try:
        document = read_bytes(ENCODINGS[encoding](text), path="x.txt")
    except PostmortemError as exc:
        assert exc.code == "E007"  # only text made mostly of control characters is binary
        assert len(CONTROL.findall(text)) / len(text) > 0.05
        return
    assert document.text == text


def _records_in_a_fresh_process(paths: list[str], seed: str) -> list[str]:
    """The record JSON of each file, extracted in a new interpreter with PYTHONHASHSEED=seed."""
    script = ("import sys, json\n"
              "from pipeline.ingest import read_path\n"
              "from pipeline.nlp import extract_document\n"
              "for p in sys.argv[1:]:\n"
              "    print(extract_document(read_path(p)).model_dump_json())\n")
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300, check=True)
    return done.stdout.splitlines()


@pytest.mark.slow
def test_same_bytes_same_record_in_any_process(tmp_path):
    """Set and dict order must not leak into records: two hash seeds, the same JSON."""
    good = [f for f in FAULTS if f.error is None]
    for fault in good:
        fault.make(tmp_path / fault.name)
    corpus = sorted((ROOT / "corpus").glob("*.md"))[:10]
    paths = [str(tmp_path / f.name) for f in good] + [str(p) for p in corpus]
    first, second = (_records_in_a_fresh_process(paths, seed) for seed in ("1", "2"))
    assert len(first) == len(paths)
    assert [json.loads(a) for a in first] == [json.loads(b) for b in second]


def test_from_text_and_read_bytes_agree_on_plain_utf8(nlp):
    text = "# Summary\n\nThe disk filled up at 10:00 UTC.\n"
    by_text = extract_document(Document.from_text(text, path="a.md"), nlp=nlp)
    by_bytes = extract_document(read_bytes(text.encode(), path="a.md"), nlp=nlp)
    assert by_text.model_dump() == by_bytes.model_dump()
