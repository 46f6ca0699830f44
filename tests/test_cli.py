"""The command line as a user meets it: help without spaCy, records out, clean errors."""
import json
import subprocess
import sys

from click.testing import CliRunner

from pipeline.cli import main
from tests.conftest import CORPUS

SAMPLE = """# Checkout outage

## Summary
On March 2, 2024 checkout failed for about 40% of users.

## Timeline (all times UTC)
- 14:05 - Error rate alert fires
- 15:50 - Service restored

## Root Cause
The root cause was a connection pool limit lowered in the 2.3 release.
"""


def test_help_and_version_do_not_import_spacy():
    code = "import sys; from pipeline.cli import main\ntry:\n main(['--help'])\nexcept SystemExit: pass\n" \
           "assert 'spacy' not in sys.modules, 'spacy imported'"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0 and "postmortem" in result.output


def test_extract_writes_one_record_per_file(tmp_path):
    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text(SAMPLE, encoding="utf-8")
    second.write_text(SAMPLE.replace("40%", "25%"), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(first), str(second), "-o", str(out)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["impact"]["percent_affected"] for r in records] == [[40.0], [25.0]]
    assert records[0]["incident"]["start"] == "2024-03-02T14:05:00+00:00"


def test_missing_file_is_a_clean_error_and_others_still_written(tmp_path):
    good = tmp_path / "good.md"
    good.write_text(SAMPLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "nope.md"), str(good), "-o", str(out)])
    assert result.exit_code == 2
    assert f"postmortem: error: {tmp_path / 'nope.md'}: no such file" in result.output
    assert "Traceback" not in result.output
    assert len(out.read_text().splitlines()) == 1


def test_stdin_to_stdout():
    result = CliRunner().invoke(main, ["extract", "-"], input=SAMPLE)
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert record["source"]["path"] == "<stdin>"
    assert record["root_causes"][0]["text"] == "a connection pool limit lowered in the 2.3 release"


def test_schema_is_json():
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert "timeline" in schema["properties"]


def test_python_dash_m_runs_the_same_cli():
    result = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "postmortem" in result.stdout


def test_quick_start_corpus_extracts(tmp_path):
    """The README's first command: every corpus postmortem becomes one record, README skipped."""
    out = tmp_path / "records.jsonl"
    result = CliRunner().invoke(main, ["batch", str(CORPUS), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    documents = [p for p in CORPUS.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md"]
    assert len(records) == len(documents) >= 60
    assert not any(r["source"]["path"].endswith("README.md") for r in records)
