"""Extraction from HTML, Word and PDF renderings scores within 0.03 of the plain original.

scripts/render_formats.py renders corpus postmortems in each format with the source's gold
beside each file; `evaluate` scores the renderings and the originals on the same gold.
A reader that loses a heading, a list item, a table row or a line break shows up here as
a field that drops.
"""
import shutil
import sys

import pytest

from pipeline.evaluate import evaluate
from pipeline.ingest import read_path
from pipeline.scoring import FIELDS
from tests.conftest import CORPUS, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
render_formats = pytest.importorskip("render_formats")

TOLERANCE = 0.03
FORMATS = ("html", "docx", "pdf")
DOCUMENTS = render_formats.corpus_documents(CORPUS)[::3]  # 22 of the 66, .md and .txt alike


@pytest.fixture(scope="module")
def original_scores(tmp_path_factory, nlp):
    folder = tmp_path_factory.mktemp("original")
    for source in DOCUMENTS:
        shutil.copy(source, folder)
        shutil.copy(CORPUS / (source.stem + ".gold.json"), folder)
    return evaluate(folder, nlp=nlp)


def test_enough_documents_of_both_kinds():
    assert len(DOCUMENTS) >= 20
    assert {path.suffix for path in DOCUMENTS} == {".md", ".txt"}


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_rendered_documents_score_like_the_original(fmt, original_scores, tmp_path, nlp):
    for index, source in enumerate(DOCUMENTS):
        assert render_formats.render(source, fmt, tmp_path, index) is not None, source.name
    report = evaluate(tmp_path, nlp=nlp)
    assert not report.errors, [str(error) for error in report.errors]
    assert report.summary["docs"] == len(DOCUMENTS) and report.summary["missing_records"] == 0
    base = original_scores.summary
    drift = {field: (round(base[field], 3), round(report.summary[field], 3))
             for field in [*FIELDS, "overall"] if abs(report.summary[field] - base[field]) > TOLERANCE}
    assert not drift, f"{fmt}: (original, {fmt}) per field beyond ±{TOLERANCE}: {drift}"
    assert read_path(next(tmp_path.glob(f"*.{fmt}"))).format == fmt  # read by its own reader
