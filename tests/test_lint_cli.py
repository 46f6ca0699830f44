"""`postmortem lint` as CI and pre-commit run it: diagnostics, JSON, exit codes, clean errors."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from pipeline.cli import LAZY_COMMANDS, main
from pipeline.lint import RULES
from tests.conftest import ROOT, shared_documents
from tests.test_lint import GOOD, edit

DIAGNOSTIC = re.compile(r"^(?P<path>.+):(?P<line>\d+):(?P<col>\d+): (?P<code>PM1\d\d) (?P<severity>error|warning|info): .+$")
NO_ACTIONS = edit(("## Action Items\n- Add parser tests for whitespace in queries\n"
                   "- Alert on the search error rate of each release\n\n", ""))
VAGUE = edit(("- Add parser tests", "- Parser tests"))


@pytest.fixture()
def files(tmp_path) -> dict[str, str]:
    paths = {}
    for name, text in (("good.md", GOOD), ("no_actions.md", NO_ACTIONS), ("vague.md", VAGUE)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths[name] = str(tmp_path / name)
    return paths


def lint(*args: str, stdin: str | None = None):
    return CliRunner().invoke(main, ["lint", *args], input=stdin)


def test_diagnostics_read_like_a_compiler(files):
    result = lint(files["vague.md"])
    assert result.exit_code == 0, result.output     # a warning does not fail by default
    first, completeness, summary = result.stdout.splitlines()
    match = DIAGNOSTIC.match(first)
    assert match and match["path"] == files["vague.md"] and match["code"] == "PM112"
    assert VAGUE.splitlines()[int(match["line"]) - 1][int(match["col"]) - 1:].startswith("Parser tests")
    assert completeness == f"{files['vague.md']}: completeness 100/100"
    assert summary == "1 file, 1 finding (1 warning), lowest score 100"


@pytest.mark.parametrize("name, args, code", [
    ("good.md", [], 0),
    ("no_actions.md", [], 1),                                # PM111 is an error
    ("no_actions.md", ["--ignore", "PM111"], 0),
    ("no_actions.md", ["--fail-on", "never"], 0),
    ("vague.md", ["--fail-on", "warning"], 1),
    ("no_actions.md", ["--fail-on", "never", "--fail-under", "85"], 0),   # scores 85
    ("no_actions.md", ["--fail-on", "never", "--fail-under", "86"], 1),
    ("vague.md", ["--select", "PM101,PM102", "--fail-on", "warning"], 0),  # PM112 not selected
    ("vague.md", ["--select", "PM10", "--select", "PM112", "--fail-on", "warning"], 1),
])
def test_exit_codes(files, name, args, code):
    assert lint(*args, files[name]).exit_code == code


def test_json_output(files):
    result = lint("--format", "json", files["good.md"], files["no_actions.md"])
    document = json.loads(result.stdout)
    assert [f["path"] for f in document["files"]] == [files["good.md"], files["no_actions.md"]]
    assert [f["score"] for f in document["files"]] == [100, 85]
    finding = document["files"][1]["findings"][0]
    assert finding["code"] == "PM111" and finding["severity"] == "error" and finding["name"] == "missing-action-items"
    assert {"line", "column", "start", "end", "message"} <= set(finding)
    assert document["errors"] == []


def test_unreadable_file_is_named_and_the_others_still_linted(files, tmp_path):
    missing = str(tmp_path / "missing.md")
    result = lint("--format", "json", missing, files["vague.md"])
    assert result.exit_code == 2
    assert f"postmortem: error: {missing}: no such file" in result.stderr
    assert "Traceback" not in result.output
    document = json.loads(result.stdout)                    # stdout stays valid JSON
    assert document["errors"] == [{"path": missing, "code": "E001", "message": "no such file"}]
    assert [f["path"] for f in document["files"]] == [files["vague.md"]]


@pytest.mark.parametrize("args", [["--select", "PM999"], ["--ignore", "nonsense"]])
def test_unknown_rule_is_a_usage_error(files, args):
    result = lint(*args, files["good.md"])
    assert result.exit_code == 2 and "matches no rule" in result.output and "Traceback" not in result.output


def test_records_file_gives_the_same_findings_as_the_documents(files, tmp_path):
    records = tmp_path / "records.jsonl"
    CliRunner().invoke(main, ["extract", files["vague.md"], files["no_actions.md"], "-o", str(records)])
    from_documents = lint(files["vague.md"], files["no_actions.md"]).stdout
    assert lint(str(records)).stdout == from_documents


def test_stdin(files):
    result = lint("-", stdin=VAGUE)
    assert result.stdout.startswith("<stdin>:") and "PM112" in result.stdout


def test_pre_commit_hook_runs_this_command(files):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [hook] = hooks
    assert hook["language"] == "python" and {"id", "name", "entry"} <= set(hook)
    program, command, *fixed = hook["entry"].split()
    assert program == "postmortem" and command in LAZY_COMMANDS
    # pre-commit appends the staged file names to the entry
    assert CliRunner().invoke(main, [command, *fixed, files["good.md"]]).exit_code == 0
    assert CliRunner().invoke(main, [command, *fixed, files["good.md"], files["no_actions.md"]]).exit_code == 1


def test_readme_rule_table_matches_the_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(PM1\d\d)` \| `([a-z-]+)` \| (\w+) \| (\d+) \|", readme, re.M)
    assert rows == [(r.code, r.name, r.severity, str(r.weight)) for r in RULES]


SHARED = shared_documents("seeds", "dev")


@pytest.mark.skipif(not SHARED, reason="../shared is not present")
def test_seeds_and_dev_set_lint_without_crashing(shared_dir):
    result = lint("--format", "json", "--fail-on", "never", *map(str, SHARED))
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert len(document["files"]) == len(SHARED) and document["errors"] == []
    for report in document["files"]:
        text = Path(report["path"]).read_text(encoding="utf-8")
        lines = text.splitlines()
        for finding in report["findings"]:   # every finding points inside its document
            assert 1 <= finding["line"] <= max(len(lines), 1)
            assert 0 <= finding["start"] <= finding["end"] <= len(text)
