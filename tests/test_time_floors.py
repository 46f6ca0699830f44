"""The time fields on the shared seeds and dev set stay at or above the floors measured when
the time stage was rebuilt (scored with ../shared/score.py). Raise a floor when the
pipeline improves; never lower one. Skipped when ../shared is not present."""
import importlib.util
import json

import pytest

from pipeline.ingest import read_path
from pipeline.nlp import extract_documents
from tests.conftest import SHARED

TIME_FIELDS = ("start", "end", "timezone", "duration", "timeline")
# Measured on the seeds and the dev set (python ../shared/score.py ...): every time field 1.000.
FLOORS = {
    "seeds": dict.fromkeys(TIME_FIELDS, 1.0),
    "dev": dict.fromkeys(TIME_FIELDS, 1.0),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def field_scores(nlp, folder: str) -> dict[str, float]:
    """The scorer's summary for the time fields: a mean over documents, and the timeline
    as one F1 over all entries, as score.py computes it."""
    score = _scorer()
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((SHARED / folder).glob("*.gold.json"))]
    documents = [read_path(SHARED / folder / gold["doc"]) for gold in golds]
    records = [json.loads(r.model_dump_json()) for r in extract_documents(documents, nlp=nlp)]
    per_doc, totals = [], {"timeline_tp": 0, "timeline_pred": 0, "timeline_gold": 0}
    for record, gold in zip(records, golds):
        scores, counts = score.score_doc(record, gold)
        per_doc.append(scores)
        for key in totals:
            totals[key] += counts[key]
    summary = {f: sum(d[f] for d in per_doc) / len(per_doc) for f in TIME_FIELDS}
    tp, pred, gold_n = totals["timeline_tp"], totals["timeline_pred"], totals["timeline_gold"]
    if tp and pred and gold_n:
        summary["timeline"] = 2 * (tp / pred) * (tp / gold_n) / (tp / pred + tp / gold_n)
    return summary


@pytest.mark.slow
@pytest.mark.parametrize("folder", sorted(FLOORS))
def test_time_fields_stay_at_their_floors(nlp, shared_dir, folder):
    scores = field_scores(nlp, folder)
    below = {f: round(scores[f], 3) for f in TIME_FIELDS if scores[f] < FLOORS[folder][f]}
    assert not below, f"{folder}: below the floor: {below}"
