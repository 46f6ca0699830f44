"""Field scores: the definitions of ../shared/score.py, row by row, then checked against it."""
import importlib.util

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from models import Record
from models.gold import Gold
from pipeline.scoring import (
    FIELDS, best_cause, same_duration, same_moment, same_percents, same_zone, score_doc, set_f1,
    summarise, timeline_f1, token_f1,
)
from tests.conftest import SHARED


@pytest.mark.parametrize("predicted, expected, score", [
    ("a misconfigured caching layer", "a misconfigured caching layer", 1.0),
    ("The misconfigured caching-layer!", "misconfigured cachinglayer", 1.0),  # punctuation is deleted, not a space
    ("the cache", "a cache", 1.0),  # articles do not count
    ("disk full disk", "disk full", 0.8),  # words are a multiset: P 2/3, R 1
    ("the", "the", 0.0),  # nothing left after the articles
    ("", "disk full", 0.0),
    ("Disk FULL", "disk full", 1.0),
])
def test_token_f1(predicted, expected, score):
    assert token_f1(predicted, expected) == pytest.approx(score)


@pytest.mark.parametrize("predicted, expected, score", [
    ("2023-08-15T10:45:00+00:00", "2023-08-15T10:45", 1.0),
    ("2023-08-15T10:45:00", "2023-08-15T10:45", 1.0),  # no offset: the zone is not compared
    ("2023-08-16T10:45:00+00:00", "2023-08-15T10:45", 0.0),  # right clock, wrong day
    ("10:45:00", "2023-08-15T10:45", 0.0),  # a dated gold wants the date
    ("2023-08-15T10:45:00+00:00", "10:45", 1.0),  # a date-less gold compares the clock only
    ("10:45:00", "10:45", 1.0),
    ("10:46:00", "10:45", 0.0),
    (None, None, 1.0),
    ("", None, 1.0),  # empty counts as not stated
    ("10:45:00", None, 0.0),  # stating a time the gold does not have is wrong
    (None, "10:45", 0.0),
])
def test_same_moment(predicted, expected, score):
    assert same_moment(predicted, expected) == score


@pytest.mark.parametrize("scorer, predicted, expected, score", [
    (same_zone, " utc", "UTC", 1.0),  # case and surrounding space ignored
    (same_zone, None, None, 1.0),
    (same_zone, "UTC", None, 0.0),
    (same_zone, "PT", "PDT", 0.0),
    (same_duration, 106, 105, 1.0),  # one minute either way is the same length
    (same_duration, 107, 105, 0.0),
    (same_duration, None, None, 1.0),
    (same_duration, 0, None, 0.0),  # zero minutes is a value, not null
    (same_percents, [40.0, 40.0], [40], 1.0),  # a set: repeats do not matter
    (same_percents, [33.33], [33.3], 1.0),  # rounded to 0.1
    (same_percents, [33.36], [33.3], 0.0),
    (same_percents, [], [], 1.0),
    (set_f1, ["summary", "timeline"], ["timeline", "summary"], 1.0),
    (set_f1, ["summary"], ["summary", "timeline"], pytest.approx(2 / 3)),
    (set_f1, [], [], 1.0),  # nothing expected and nothing found is right
    (set_f1, ["summary"], [], 0.0),
    (timeline_f1, ["10:00", "10:00", "11:00"], ["10:00", "11:00"], pytest.approx(0.8)),  # repeats count
    (timeline_f1, [], [], 1.0),
    (best_cause, ["disk full", "unrelated words"], ["the disk was full", "disk"], pytest.approx(0.8)),
    (best_cause, [], [], 1.0),  # no cause in the gold: finding none is right
    (best_cause, ["a guess"], [], 0.0),
    (best_cause, [], ["disk full"], 0.0),
])
def test_field_scorers(scorer, predicted, expected, score):
    assert scorer(predicted, expected) == score


GOLD = {
    "doc": "x.md", "source": "ours", "style": "test", "sections": ["summary", "timeline"],
    "incident_start": "2024-03-02T14:05", "incident_end": "2024-03-02T15:50", "timezone": "UTC",
    "duration_minutes": 105, "impact_percents": [40], "timeline_times": ["14:05", "15:50"],
    "root_cause_phrases": ["a connection pool limit"], "root_cause_categories": ["configuration"],
    "action_items": 1,
}


def make_record(path="x.md", *, times=(), causes=(), kinds=(), categories=("unknown",), actions=0,
                incident=None, percents=()) -> Record:
    """A valid record whose quoted values are laid out one after another in its text."""
    pieces = [*(t or "" for t in times), *causes, *("do it",) * actions]
    text = " | ".join(pieces)
    spans, offset = [], 0
    for piece in pieces:
        spans.append({"start": offset, "end": offset + len(piece)})
        offset += len(piece) + 3
    events = [{"time": t, "text": text[s["start"]:s["end"]], **s} for t, s in zip(times, spans)]
    rest = spans[len(times):]
    return Record.model_validate({
        "id": "pm-0", "source": {"path": path, "sha256": "0", "chars": len(text)}, "text": text,
        "sections": [{"kinds": [k], "start": 0, "end": 0} for k in kinds],
        "incident": incident or {}, "impact": {"percent_affected": list(percents)}, "timeline": events,
        "root_causes": [{"text": c, **s} for c, s in zip(causes, rest)],
        "root_cause_categories": list(categories),
        "action_items": [{"text": "do it", **s} for s in rest[len(causes):]],
    })


def test_a_document_without_a_record_scores_zero_everywhere():
    scores = score_doc("x.md", Gold.model_validate(GOLD), None, "no record for it").scores
    assert scores == dict.fromkeys(FIELDS, 0.0)


def test_timeline_summary_is_micro_averaged():
    gold = Gold.model_validate(GOLD)
    docs = [score_doc("a", gold, make_record(times=["14:05", "15:50"])),  # 2 of 2
            score_doc("b", gold, make_record(times=["14:05", "09:00", "09:01", "09:02"]))]  # 1 of 4
    assert docs[1].scores["timeline"] == pytest.approx(1 / 3)
    # counts: 3 matched, 6 predicted, 4 expected -> P 0.5, R 0.75 (the per-doc mean would be 0.667)
    assert summarise(docs)["timeline"] == pytest.approx(0.6)


def test_timeline_summary_falls_back_to_the_mean_when_nothing_matches():
    no_times = Gold.model_validate({**GOLD, "timeline_times": []})
    docs = [score_doc("a", no_times, make_record()),  # nothing either side: 1
            score_doc("b", Gold.model_validate(GOLD), make_record(times=["01:00"]))]  # 0
    assert summarise(docs)["timeline"] == 0.5


def _score_py():
    path = SHARED / "score.py"
    if not path.is_file():
        pytest.skip("../shared/score.py is not present")
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


clocks = st.sampled_from(["09:00", "09:01", "10:30", "23:59", "00:05"])
moments = st.one_of(st.none(), clocks, clocks.map(lambda c: "2024-03-02T" + c),
                    clocks.map(lambda c: "2024-03-03T" + c))
record_moments = st.one_of(st.none(), clocks.map(lambda c: c + ":00"),
                           clocks.map(lambda c: "2024-03-02T" + c + ":00+00:00"),
                           clocks.map(lambda c: "2024-03-03T" + c + ":00"))
phrases = st.sampled_from(["a connection pool limit", "the pool", "disk full", "The Pool, limit!", "an"])
kinds = st.lists(st.sampled_from(["summary", "timeline", "root_cause", "lessons"]), max_size=3, unique=True)
categories = st.lists(st.sampled_from(["configuration", "capacity", "unknown"]), min_size=1, max_size=2, unique=True)
percents = st.lists(st.sampled_from([12.0, 40.0, 40.04, 100.0]), max_size=2)
zones = st.sampled_from([None, "UTC", "utc ", "PDT"])
durations = st.one_of(st.none(), st.integers(0, 4))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gold_kinds=kinds, got_kinds=kinds, start=moments, got_start=record_moments, zone=zones, got_zone=zones,
       duration=durations, got_duration=durations, gold_percents=percents, got_percents=percents,
       gold_times=st.lists(clocks, max_size=4), got_times=st.lists(st.one_of(st.none(), clocks), max_size=4),
       gold_phrases=st.lists(phrases, max_size=2), got_causes=st.lists(phrases, max_size=2),
       gold_categories=categories, got_categories=categories, actions=st.integers(0, 2),
       got_actions=st.integers(0, 2))
def test_scores_agree_with_shared_score_py(gold_kinds, got_kinds, start, got_start, zone, got_zone, duration,
                                           got_duration, gold_percents, got_percents, gold_times, got_times,
                                           gold_phrases, got_causes, gold_categories, got_categories, actions,
                                           got_actions):
    reference = _score_py()
    gold = {**GOLD, "sections": gold_kinds, "incident_start": start, "incident_end": start, "timezone": zone,
            "duration_minutes": duration, "impact_percents": sorted(set(gold_percents)),
            "timeline_times": gold_times, "root_cause_phrases": gold_phrases,
            "root_cause_categories": gold_categories, "action_items": actions}
    record = make_record(times=got_times, causes=got_causes, kinds=got_kinds, categories=got_categories,
                         actions=got_actions, percents=got_percents,
                         incident={"start": got_start, "end": got_start, "timezone": got_zone,
                                   "duration_minutes": got_duration})
    ours = score_doc("x.md", Gold.model_validate(gold), record).scores
    theirs, _ = reference.score_doc(record.model_dump(), gold)
    assert ours == pytest.approx(theirs, abs=1e-12)
