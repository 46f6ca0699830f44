"""The pipeline as a library: factories, save/load, multiprocessing, failure isolation."""
import pytest
import spacy
from spacy.language import Language

from pipeline.ingest import read_bytes
from pipeline.nlp import STAGES, build_nlp, extract, extract_results

TEXT = """Incident: search outage

Summary:
Search was down for all users from 10:00 to 11:30 UTC on 3 March 2024.

Root Cause:
The root cause was an expired TLS certificate on the search cluster.

Action Items:
- Add certificate expiry monitoring
- Automate renewal
"""


def test_default_pipeline_is_blank_english_plus_our_stages(nlp):
    assert nlp.lang == "en"
    assert tuple(nlp.pipe_names) == STAGES


def test_stage_writes_its_spans(nlp):
    doc = nlp(TEXT)
    assert [s.label_ for s in doc.spans["pm_sections"]] == ["summary", "root_cause", "corrective_actions"]
    assert doc.spans["pm_root_cause"][0].text == "an expired TLS certificate on the search cluster"
    assert len(doc.spans["pm_actions"]) == 2


def test_save_and_load_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == nlp.pipe_names
    assert loaded(TEXT)._.pm_incident["duration_minutes"] == 90


def test_two_processes_give_the_same_annotations(nlp):
    texts = [TEXT, TEXT.replace("all users", "35% of users")]
    alone = [doc._.pm_impact["percent_affected"] for doc in nlp.pipe(texts)]
    together = [doc._.pm_impact["percent_affected"] for doc in nlp.pipe(texts, n_process=2)]
    assert alone == together == [[100.0], [35.0]]


@Language.component("pm_test_explode")
def _explode(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("a stage failed")
    return doc


def test_one_failing_document_does_not_stop_the_others():
    nlp = build_nlp()
    nlp.add_pipe("pm_test_explode", first=True)
    documents = [read_bytes(t.encode(), path=p) for p, t in
                 (("a.md", TEXT), ("b.md", TEXT + "BOOM"), ("c.md", TEXT))]
    results = list(extract_results(documents, nlp=nlp, batch_size=2))
    assert [r.document.path for r in results] == ["a.md", "b.md", "c.md"]
    assert [r.error.code if r.error else None for r in results] == [None, "E012", None]
    assert "a stage failed" in results[1].error.reason


def test_extract_gives_a_validated_record():
    record = extract(TEXT, path="x.md")
    assert record.incident.start == "2024-03-03T10:00:00+00:00"
    assert record.root_cause_categories == ["infrastructure"]
    for cause in record.root_causes:
        assert record.text[cause.start:cause.end] == cause.text
