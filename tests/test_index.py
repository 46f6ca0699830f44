"""The embedded index: incremental builds, pruning, one writer at a time, clean errors."""
import os
import sqlite3
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import PostmortemError
from pipeline.index import IndexWriter, build_index, impact_percent, open_index, started_at, writer_lock
from pipeline.search import search
from pipeline.sources import expand_paths
from tests.conftest import ROOT
from tests.made_records import make_record

POOL = """# Checkout outage

## Summary
On March 2, 2024 between 14:05 and 15:50 UTC checkout failed for about 40% of users.

## Root Cause
The root cause was a connection pool limit lowered in the 2.3 release.
"""
DISK = """# Reports unavailable

## Summary
On June 4, 2024 from 09:00 to 11:00 UTC the reporting database ran out of disk.

## Root Cause
The root cause was a full disk on the reporting database host.
"""


def paths_of(hits):
    return [os.path.basename(hit.path) for hit in hits]


def found(db, query):
    conn = open_index(db)
    try:
        return paths_of(search(conn, query))
    finally:
        conn.close()


@pytest.mark.parametrize("start, expected", [
    ("2024-03-02T14:05:00+00:00", "2024-03-02T14:05:00"),
    ("2024-03-02T14:05:00", "2024-03-02T14:05:00"),   # zone unknown: the wall clock as written
    ("2024-03-02T14:05", "2024-03-02T14:05:00"),
    ("2024-03-02", "2024-03-02T00:00:00"),
    ("14:05:00", None),                                # a time with no date cannot be placed in time
    (None, None),
])
def test_started_at_is_the_sortable_local_start(start, expected):
    assert started_at(start) == expected


@pytest.mark.parametrize("percent, all_users, expected", [
    ([40.0], False, 40.0),
    ([15.0, 3.0], False, 15.0),   # the largest share
    ([], True, 100.0),            # "all users" counts as 100
    ([20.0], True, 100.0),
    ([], False, None),
])
def test_impact_percent(percent, all_users, expected):
    record = make_record("text", percent=percent, all_users=all_users)
    assert impact_percent(record) == expected


def test_build_is_incremental_and_prunes(tmp_path, nlp):
    pool, disk, db = tmp_path / "pool.md", tmp_path / "disk.md", str(tmp_path / "pm.db")
    pool.write_text(POOL, encoding="utf-8")
    disk.write_text(DISK, encoding="utf-8")
    first = build_index(db, [str(tmp_path)], nlp=nlp)
    assert (sorted(map(os.path.basename, first.added)), first.unchanged) == (["disk.md", "pool.md"], 0)

    again = build_index(db, [str(tmp_path)], nlp=nlp)
    assert (again.added, again.replaced, again.unchanged) == ([], [], 2)

    disk.write_text(DISK.replace("full disk", "runaway log file filling the disk"), encoding="utf-8")
    changed = build_index(db, [str(tmp_path)], nlp=nlp)
    assert ([os.path.basename(p) for p in changed.replaced], changed.unchanged) == (["disk.md"], 1)
    assert found(db, "runaway") == ["disk.md"]

    pool.unlink()
    pruned = build_index(db, prune=True)
    assert pruned.pruned == [str(pool)]
    assert found(db, "connection pool") == []
    assert found(db, "disk") == ["disk.md"]


def test_without_prune_a_deleted_file_stays_searchable(tmp_path, nlp):
    pool, db = tmp_path / "pool.md", str(tmp_path / "pm.db")
    pool.write_text(POOL, encoding="utf-8")
    build_index(db, [str(pool)], nlp=nlp)
    pool.unlink()
    assert build_index(db, []).pruned == []
    assert found(db, "pool") == ["pool.md"]


def test_rebuild_extracts_everything_again(tmp_path, nlp):
    (tmp_path / "pool.md").write_text(POOL, encoding="utf-8")
    db = str(tmp_path / "pm.db")
    build_index(db, [str(tmp_path)], nlp=nlp)
    report = build_index(db, [str(tmp_path)], nlp=nlp, rebuild=True)
    assert (len(report.added), report.unchanged) == (1, 0)


def test_a_second_writer_is_refused_naming_the_first(tmp_path):
    db = str(tmp_path / "pm.db")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom pipeline.index import writer_lock\n"
         f"with writer_lock({db!r}):\n print('locked', flush=True)\n sys.stdin.readline()"],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = CliRunner().invoke(main, ["index", "build", "--prune", "--db", db])
        assert result.exit_code == 1
        assert f"another `postmortem index build` is writing this index (process {holder.pid})" in result.output
        assert "Traceback" not in result.output
    finally:
        holder.communicate("\n", timeout=30)
    assert CliRunner().invoke(main, ["index", "build", "--prune", "--db", db]).exit_code == 0


def test_readers_search_while_a_writer_holds_the_lock(tmp_path):
    db = str(tmp_path / "pm.db")
    writer = IndexWriter(db)
    writer.put(make_record(POOL, path=str(tmp_path / "pool.md")), "k")
    writer.commit()
    writer.close()
    with writer_lock(db):
        assert found(db, "checkout") == ["pool.md"]


def _text_file(path):
    path.write_text("not a database, just notes\n" * 100)


def _foreign_sqlite(path):
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()


def _future_index(path):
    IndexWriter(path).close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


@pytest.mark.parametrize("make, code", [
    (_text_file, "E061"),
    (_foreign_sqlite, "E061"),   # a real SQLite file, but someone else's
    (_future_index, "E062"),     # an index of another format: rebuild it
])
def test_what_is_not_an_index_is_refused_by_readers_and_writers(tmp_path, make, code):
    db = tmp_path / "pm.db"
    make(db)
    before = db.read_bytes()
    for attempt in (lambda: open_index(db), lambda: build_index(str(db), prune=True)):
        with pytest.raises(PostmortemError) as error:
            attempt()
        assert error.value.code == code
    assert db.read_bytes() == before


def test_searching_a_missing_index_says_how_to_build_one_and_creates_nothing(tmp_path):
    db = tmp_path / "nowhere.db"
    result = CliRunner().invoke(main, ["search", "disk", "--db", str(db)])
    assert result.exit_code == 1
    assert "no index here; build one with `postmortem index build" in result.output
    assert not db.exists()


def test_unreadable_files_are_reported_and_the_others_indexed(tmp_path):
    good, empty = tmp_path / "good.md", tmp_path / "empty.md"
    good.write_text(POOL, encoding="utf-8")
    empty.write_text("")
    db = str(tmp_path / "pm.db")
    result = CliRunner().invoke(main, ["index", "build", str(tmp_path / "gone.md"), str(empty), str(good), "--db", db])
    assert result.exit_code == 2
    assert f"postmortem: error: {tmp_path / 'gone.md'}: no such file" in result.output
    assert f"postmortem: error: {empty}: file is empty" in result.output
    assert f"{db}: 1 added, 0 replaced, 0 unchanged, 0 pruned, 2 failed" in result.output
    assert found(db, "checkout") == ["good.md"]


def test_records_files_are_indexed_and_bad_lines_named(tmp_path):
    first = make_record(POOL, path=str(tmp_path / "pool.md"), title="Checkout outage")
    second = make_record(DISK, path=str(tmp_path / "disk.md"), title="Reports unavailable")
    records = tmp_path / "records.out"  # named by --records: read as records whatever its name
    records.write_text("\n".join([first.model_dump_json(), "{not json", "", '{"id": "pm-1"}',
                                  second.model_dump_json()]) + "\n", encoding="utf-8")
    db = str(tmp_path / "pm.db")
    result = CliRunner().invoke(main, ["index", "build", "--records", str(records), "--db", db])
    assert result.exit_code == 2
    assert f"postmortem: error: {records}: line 2: not a record: file: Invalid JSON" in result.output
    assert f"postmortem: error: {records}: line 4: not a record: source: Field required; text: Field required" in result.output
    assert sorted(found(db, "outage OR unavailable")) == ["disk.md", "pool.md"]
    again = build_index(db, records_files=[str(records)], on_error=lambda error: None)
    assert (again.added, again.unchanged) == ([], 2)


def test_a_jsonl_input_is_read_as_records(tmp_path):
    records = tmp_path / "records.jsonl"
    records.write_text(make_record(POOL, path=str(tmp_path / "pool.md"), title="Checkout").model_dump_json() + "\n",
                       encoding="utf-8")
    db = str(tmp_path / "pm.db")
    assert len(build_index(db, [str(records)]).added) == 1
    assert found(db, "checkout") == ["pool.md"]


def test_a_records_file_that_cannot_be_opened_is_an_error(tmp_path):
    errors = []
    report = build_index(str(tmp_path / "pm.db"), records_files=[str(tmp_path / "none.jsonl")], on_error=errors.append)
    assert [error.code for error in errors] == ["E001"] and report.failed == 1


def test_a_document_that_breaks_the_pipeline_costs_only_itself(tmp_path, fragile_nlp):
    for name, text in (("a.md", POOL), ("b.md", DISK + "\nCRASH\n"), ("c.md", DISK)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    errors, db = [], str(tmp_path / "pm.db")
    report = build_index(db, [str(tmp_path)], nlp=fragile_nlp, on_error=errors.append)
    assert [(e.code, os.path.basename(e.path)) for e in errors] == [("E012", "b.md")]
    assert (sorted(map(os.path.basename, report.added)), report.failed) == (["a.md", "c.md"], 1)
    # The broken file is tried again next time; the others are not extracted again.
    assert build_index(db, [str(tmp_path)], nlp=fragile_nlp, on_error=errors.append).unchanged == 2


def test_folders_are_walked_for_postmortems_only(tmp_path):
    for name in ("b.md", "sub/a.txt", "sub/deeper/c.html", "README.md", ".draft.md", "notes.json",
                 ".git/x.md", "a.gold.json"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    walked = [os.path.relpath(p, tmp_path) for p in expand_paths([str(tmp_path)])]
    assert walked == ["b.md", "sub/a.txt", "sub/deeper/c.html"]
    # A file named on the command line is read whatever its name.
    assert list(expand_paths([str(tmp_path / "README.md")])) == [str(tmp_path / "README.md")]


def test_stdin_documents_are_keyed_by_content(tmp_path, nlp, monkeypatch):
    import io

    db = str(tmp_path / "pm.db")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(POOL.encode())))
    first = build_index(db, ["-"], nlp=nlp)
    assert first.added and first.added[0].startswith("<stdin>")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(POOL.encode())))
    assert build_index(db, ["-"], nlp=nlp, prune=True).unchanged == 1  # and never pruned: no file to be gone
    assert found(db, "checkout") == ["<stdin>"]
