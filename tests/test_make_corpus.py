"""The synthetic corpus for scale runs: deterministic, varied, and read by the pipeline."""
from __future__ import annotations

import importlib.util
import re

import pytest

from tests.conftest import ROOT

_spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "scripts" / "make_corpus.py")
make_corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_corpus)


def test_same_seed_same_documents_and_a_small_corpus_is_the_start_of_a_big_one(tmp_path):
    small = make_corpus.write_corpus(3, tmp_path / "small", seed=7)
    big = make_corpus.write_corpus(5, tmp_path / "big", seed=7)
    assert [p.read_bytes() for p in small] == [p.read_bytes() for p in big[:3]]
    assert make_corpus.document(8, 0) != make_corpus.document(7, 0)


def test_documents_vary_in_the_ways_real_ones_do():
    texts = [make_corpus.document(0, i)[1] for i in range(60)]
    headings = {
        "markdown": r"^## ", "label": r"^[A-Z][\w ]+(\(.*\))?:$", "bold": r"^\*\*[A-Z]", "underlined": r"^-{3,}$",
        "capitals": r"^[A-Z ]{6,}$",
    }
    for style, pattern in headings.items():
        assert any(re.search(pattern, t, re.M) for t in texts), style
    assert any(re.search(r"\d:\d\d [AP]M", t) for t in texts) and any(re.search(r"\d\d:\d\d:\d\d", t) for t in texts)
    assert len({make_corpus.document(0, i)[0] for i in range(60)}) == 2  # .md and .txt
    lengths = sorted(len(t.split()) for t in texts)
    assert lengths[-1] > 3 * lengths[0]


def test_generated_documents_give_records(nlp):
    from pipeline.nlp import extract

    records = [extract(make_corpus.document(0, i)[1], path=f"doc{i}.md", nlp=nlp) for i in range(20)]
    assert sum(bool(r.timeline) for r in records) >= 18
    assert sum(r.root_cause_categories != ["unknown"] for r in records) >= 15


@pytest.mark.slow
def test_bench_prints_every_figure_the_issue_asks_for(tmp_path):
    import subprocess
    import sys

    make_corpus.write_corpus(8, tmp_path)
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench.py"), str(tmp_path), "--naive-limit", "2",
                             "--repeats", "1", "--workers", "2"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    for figure in ("blank tokeniser:", "of the blank tokeniser", "batch, 2 workers:", "records identical to one process: yes",
                   "peak RSS pid", "naive search_dates:", "(target >= 30x)", "postmortem extract one.md:"):
        assert figure in result.stdout, figure
