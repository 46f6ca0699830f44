"""`postmortem batch` as a user meets it: exit codes, error lines, stdin lists, progress, Dask."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.progress import Progress, format_eta, status_line, wanted
from tests.test_batch import SAMPLE, corpus_files, single_process_lines


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    (docs / "2024").mkdir(parents=True)
    (docs / "a.md").write_text(SAMPLE, encoding="utf-8")
    (docs / "2024" / "b.txt").write_text(SAMPLE.replace("30%", "15%"), encoding="utf-8")
    return docs


def run(*args, input=None):
    return CliRunner().invoke(main, ["batch", *args], input=input)


def test_all_good_exits_0_with_records_and_an_empty_errors_file(folder, tmp_path):
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = run(str(folder), "-o", str(out), "--errors", str(errors), "--workers", "1")
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["impact"]["percent_affected"] for line in out.read_text().splitlines()] == [[30.0], [15.0]]
    assert errors.read_text() == ""
    assert "2 files: 2 records, 0 errors, 0 skipped" in result.output


def test_failed_files_exit_1_and_are_lines_of_the_errors_file(folder, tmp_path):
    (folder / "big.md").write_text(SAMPLE * 20, encoding="utf-8")
    (folder / "image.md").write_bytes(b"\x89PNG\r\n\x1a\n")
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    result = run(str(folder), str(folder / "missing.md"), "-o", str(out), "--errors", str(errors),
                 "--max-bytes", "2000", "--workers", "1", "--quiet")
    assert result.exit_code == 1
    assert result.output == ""  # --quiet: no summary; errors went to the file
    entries = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [(e["path"].rsplit("/", 1)[1], e["code"]) for e in entries] == \
        [("big.md", "E005"), ("image.md", "E007"), ("missing.md", "E001")]
    assert all(set(e) == {"path", "code", "message"} for e in entries)
    assert len(out.read_text().splitlines()) == 2


def test_without_errors_file_each_failure_is_a_line_on_stderr(folder):
    result = run(str(folder / "nope.md"), str(folder / "a.md"), "--workers", "1")
    assert result.exit_code == 1
    assert f"postmortem: error: {folder / 'nope.md'}: no such file (E001)" in result.output
    assert "Traceback" not in result.output


def test_paths_on_stdin_and_records_on_stdout(folder):
    result = run("-", "--workers", "1", "-q", input=f"{folder / '2024' / 'b.txt'}\n{folder / 'a.md'}\n")
    assert result.exit_code == 0, result.output
    paths = [json.loads(line)["source"]["path"] for line in result.output.splitlines()]
    assert paths == [str(folder / "2024" / "b.txt"), str(folder / "a.md")]


def test_resume_skips_what_is_in_the_output(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    assert run(str(folder / "a.md"), "-o", str(out), "--workers", "1").exit_code == 0
    result = run(str(folder), "-o", str(out), "--resume", "--workers", "1")
    assert result.exit_code == 0
    assert "1 records, 0 errors, 1 skipped" in result.output
    assert len(out.read_text().splitlines()) == 2


@pytest.mark.parametrize("args, complaint", [
    (["--resume"], "--resume needs an output file"),                 # resume onto stdout
    (["--workers", "0"], "--workers"),
    (["--timeout", "0"], "--timeout"),
    (["--engine", "spark"], "--engine"),
])
def test_usage_errors_exit_2(folder, args, complaint):
    result = run(str(folder), *args)
    assert result.exit_code == 2 and complaint in result.output


def test_an_output_that_is_not_records_cannot_be_resumed(folder, tmp_path):
    out = tmp_path / "notes.txt"
    out.write_text("my notes\n", encoding="utf-8")
    result = run(str(folder), "-o", str(out), "--resume", "--workers", "1")
    assert result.exit_code == 2
    assert f"postmortem: error: {out}: line 1: not a record" in result.output
    assert out.read_text() == "my notes\n"


def test_help_documents_exit_codes_without_importing_spacy():
    result = run("--help")
    assert "Exit codes:" in result.output and "130" in result.output
    code = "import sys; from pipeline.cli import main\ntry:\n main(['batch', '--help'])\nexcept SystemExit: pass\n" \
           "assert 'spacy' not in sys.modules and 'distributed' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.parametrize("done, total, errors, elapsed, line", [
    (0, None, 0, 0.0, "0 files  0.0 files/s  0 errors  ETA ?"),
    (1200, 5000, 3, 10.0, "1,200/5,000 files  120.0 files/s  3 errors  ETA 0:32"),
    (10, 100_000, 1, 10.0, "10/100,000 files  1.0 files/s  1 error  ETA 27:46:30"),  # hours shown when needed
])
def test_status_line(done, total, errors, elapsed, line):
    assert status_line(done, total, errors, elapsed) == line


def test_progress_draws_only_on_a_terminal(monkeypatch):
    class Terminal(list):
        def isatty(self):
            return True

        def write(self, text):
            self.append(text)

        def flush(self):
            pass

    monkeypatch.delenv("CI", raising=False)
    assert wanted(Terminal()) and not wanted(Terminal(), quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not wanted(Terminal())
    screen = Terminal()
    progress = Progress(screen, enabled=True, total=2)
    progress.update()
    progress.note("postmortem: error: x: no such file (E001)")
    assert any("1/2 files" in text for text in screen)
    assert "postmortem: error: x: no such file (E001)\n" in screen
    assert format_eta(3725) == "1:02:05"


def test_dask_scheduler_gives_the_same_records_as_one_process(tmp_path):
    distributed = pytest.importorskip("distributed")
    paths = corpus_files(6)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=None) as cluster:
        result = run(*paths, "--scheduler", cluster.scheduler_address, "-q", "--batch-size", "2")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == single_process_lines(paths)


def test_unreachable_scheduler_is_a_clean_error(monkeypatch):
    pytest.importorskip("distributed")
    import pipeline.dask_engine

    monkeypatch.setattr(pipeline.dask_engine, "CONNECT_SECONDS", 1)
    result = run(corpus_files(1)[0], "--scheduler", "tcp://127.0.0.1:9", "-q")
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler" in result.output and "Traceback" not in result.output


def test_engine_dask_without_scheduler_starts_its_own_local_cluster(folder):
    pytest.importorskip("distributed")
    result = run(str(folder), "--engine", "dask", "--workers", "1", "-q")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == single_process_lines([str(folder / "a.md"), str(folder / "2024" / "b.txt")])


@pytest.mark.parametrize("option", ["-o", "--errors"])
def test_an_output_that_cannot_be_written_is_a_clean_error(folder, tmp_path, option):
    target = tmp_path / "no-such-folder" / "file.jsonl"
    result = run(str(folder / "a.md"), option, str(target), "--workers", "1")
    assert result.exit_code == 2
    assert f"postmortem: error: {target}: cannot write: No such file or directory (E019)" in result.output
    assert list(tmp_path.iterdir()) == [folder]  # no partial or temporary file left behind


def test_a_missing_spacy_model_is_a_usage_error_and_leaves_nothing_behind(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run(str(folder), "-o", str(out), "--spacy-model", "no_such_model_xx", "--workers", "1")
    assert result.exit_code == 2
    assert "the worker processes could not start: spaCy model 'no_such_model_xx' is not installed" in result.output
    assert list(tmp_path.iterdir()) == [folder]
