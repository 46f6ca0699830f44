"""`postmortem stats`: the figures on hand-made records, and over the corpus recomputed here
independently from the records themselves."""
from __future__ import annotations

import json
import statistics
import subprocess
import sys
from collections import Counter

import pytest
from click.testing import CliRunner

from models import Record
from pipeline.cli import main
from pipeline.sources import load_records
from pipeline.stats import percentile, render, summarize
from tests.conftest import CORPUS


def make(n: int, *, duration=None, detect=None, start=None, categories=("unknown",), services=(), timeline=()):
    return Record(id=f"pm-{n}", source={"sha256": str(n), "chars": 0, "path": f"{n}.md"}, text="",
                  incident={"start": start, "duration_minutes": duration, "time_to_detect_minutes": detect,
                            "time_to_resolve_minutes": duration},
                  root_cause_categories=list(categories), impact={"services": list(services)},
                  timeline=[{"datetime": stamp, "text": "", "start": 0, "end": 0} for stamp in timeline])


@pytest.mark.parametrize("values", [[5], [1, 2], [3, 1, 2], [10, 20, 30, 40, 50, 60, 70, 80, 90, 100],
                                    [7, 7, 7, 120], list(range(1, 101))])
def test_percentile_agrees_with_the_standard_library(values):
    deciles = statistics.quantiles(values, n=10, method="inclusive") if len(values) > 1 else [values[0]] * 9
    assert percentile(values, 0.9) == pytest.approx(deciles[8])
    assert percentile(values, 0.5) == pytest.approx(statistics.median(values))


def test_percentile_of_nothing():
    assert percentile([], 0.5) is None


def test_figures_on_hand_made_records():
    records = [
        make(1, duration=60, detect=5, start="2024-03-02T10:00:00+00:00", categories=["capacity", "configuration"],
             services=["Checkout", "search"]),
        make(2, duration=120, detect=None, start="2024-03-20T08:00:00", categories=["configuration"],
             services=["checkout"]),                                   # same service, other case
        make(3, duration=None, detect=15, start="10:00:00", timeline=["2024-04-01T10:00:00"]),  # month from the timeline
        make(4, duration=-30, start=None, categories=[]),             # an end before its start; no category
        make(1, duration=60, detect=5),                               # the same record again
    ]
    stats = summarize(records)
    assert stats["incidents"] == 4 and stats["duplicates"] == 1
    assert stats["metrics"]["duration_minutes"] == {"incidents": 2, "median": 90, "p90": 114}
    assert stats["metrics"]["time_to_detect_minutes"] == {"incidents": 2, "median": 10, "p90": 14}
    assert stats["root_cause_categories"] == [
        {"category": "unknown", "incidents": 2, "share": 0.5, "named": 2},
        {"category": "configuration", "incidents": 1, "share": 0.25, "named": 2},
        {"category": "capacity", "incidents": 1, "share": 0.25, "named": 1},
    ]
    assert stats["months"] == [{"month": "2024-03", "incidents": 2, "share": 0.5},
                               {"month": "2024-04", "incidents": 1, "share": 0.25},
                               {"month": "unknown", "incidents": 1, "share": 0.25}]
    assert stats["services"] == [{"service": "Checkout", "incidents": 2, "share": 0.5},
                                 {"service": "none named", "incidents": 2, "share": 0.5},
                                 {"service": "search", "incidents": 1, "share": 0.25}]
    assert [(row["id"], row["field"]) for row in stats["left_out"]] == [
        ("pm-4", "duration_minutes"), ("pm-4", "time_to_resolve_minutes")]


def test_table_shows_the_figures():
    text = render(summarize([make(1, duration=60, detect=5, categories=["dependency"]),
                             make(2, duration=150, detect=None, categories=["dependency"])]))
    lines = text.splitlines()
    assert lines[0] == "2 incidents"
    assert lines[lines.index("") + 2].split() == ["duration", "2", "1h45m", "2h21m"]
    assert ["dependency", "2", "100.0%", "2"] in [line.split() for line in lines]


def test_no_records_no_crash():
    stats = summarize([])
    assert stats["incidents"] == 0 and stats["metrics"]["duration_minutes"]["median"] is None
    assert render(stats).startswith("0 incidents")


# --- over the corpus ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_records(nlp, tmp_path_factory):
    """The corpus extracted once (documents the pipeline cannot handle are left out), as a
    JSONL file and as the plain dicts the independent recount below reads."""
    paths = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
    loaded = list(load_records(map(str, paths), nlp=nlp))
    lines = [item.record.model_dump_json() for item in loaded if item.record is not None]
    out = tmp_path_factory.mktemp("stats") / "corpus.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out, [json.loads(line) for line in lines], [str(p) for p in paths]


def _recount(records: list[dict]) -> dict:
    """The same figures, computed from the raw JSON with the standard library only."""
    def spread(field):
        values = sorted(r["incident"][field] for r in records if (r["incident"][field] or 0) >= 0
                        and r["incident"][field] is not None)
        p90 = statistics.quantiles(values, n=10, method="inclusive")[8] if len(values) > 1 else values[0]
        return len(values), statistics.median(values), p90

    primary = Counter((r["root_cause_categories"] or ["unknown"])[0] for r in records)
    months = Counter(next((s[:7] for s in [r["incident"]["start"], r["incident"]["detected_at"],
                                           r["incident"]["mitigated_at"], r["incident"]["resolved_at"],
                                           r["incident"]["end"]] + [e["datetime"] for e in r["timeline"]]
                           if s and s[:4].isdigit() and s[4] == "-"), "unknown") for r in records)
    return {"spread": {f: spread(f) for f in ("duration_minutes", "time_to_detect_minutes", "time_to_resolve_minutes")},
            "primary": primary, "months": months, "n": len({r["id"] for r in records})}


def test_corpus_figures_match_an_independent_recount(corpus_records):
    path, records, _ = corpus_records
    result = CliRunner().invoke(main, ["stats", "--json", str(path)])
    assert result.exit_code == 0, result.output
    stats, expected = json.loads(result.stdout), _recount(records)
    assert stats["incidents"] == expected["n"] >= 60
    for field, (count, median, p90) in expected["spread"].items():
        figures = stats["metrics"][field]
        assert (figures["incidents"], figures["median"]) == (count, pytest.approx(median, abs=0.005))
        assert figures["p90"] == pytest.approx(p90, abs=0.005)      # JSON rounds to 2 decimals
    assert {row["category"]: row["incidents"] for row in stats["root_cause_categories"]} == expected["primary"]
    assert sum(row["share"] for row in stats["root_cause_categories"]) == pytest.approx(1, abs=1e-3)
    assert {row["month"]: row["incidents"] for row in stats["months"]} == expected["months"]


def test_corpus_documents_give_the_same_figures_as_their_records(corpus_records):
    path, records, documents = corpus_records
    from_records = json.loads(CliRunner().invoke(main, ["stats", "--json", str(path)]).stdout)
    result = CliRunner().invoke(main, ["stats", "--json", *documents])
    assert result.exit_code == (0 if len(records) == len(documents) else 2), result.stderr
    assert json.loads(result.stdout) == from_records


def test_the_same_records_twice_count_once(corpus_records):
    path, records, _ = corpus_records
    result = CliRunner().invoke(main, ["stats", "--json", str(path), str(path)])
    stats = json.loads(result.stdout)
    assert stats["incidents"] == len(records) and stats["duplicates"] == len(records)


def test_stats_over_records_does_not_load_spacy(corpus_records):
    path, _, _ = corpus_records
    code = ("import sys; from pipeline.cli import main\ntry:\n main(['stats', sys.argv[1]])\n"
            "except SystemExit as exit:\n assert not exit.code, exit.code\nassert 'spacy' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "incidents" in done.stdout


def test_unreadable_input_is_reported_and_the_rest_counted(corpus_records, tmp_path):
    path, records, _ = corpus_records
    broken = tmp_path / "broken.jsonl"
    broken.write_text("{oops\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["stats", str(broken), str(path)])
    assert result.exit_code == 2
    assert f"postmortem: error: {broken}: line 1: not a record: file: Invalid JSON" in result.stderr
    assert result.stdout.startswith(f"{len(records)} incidents")
