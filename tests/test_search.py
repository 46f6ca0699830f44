"""Search: realistic questions find the right postmortem first; filters, query syntax and
errors behave; `similar` answers "has this happened before?"."""
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import PostmortemError
from pipeline.index import IndexWriter, document_key, open_index
from pipeline.search import Filters, compile_query, minutes, percent, search, similar, time_bound
from tests.conftest import CORPUS, ROOT
from tests.made_records import make_record

# What a user asks -> the postmortem that must come first. Corpus documents (present on
# main when this table was written); the dev rows need ../shared.
CORPUS_QUERIES = [
    ("users logged out after a CDN caching rule change", {}, "a01_cdn-cache-rule.md"),
    ("TLS certificate expired because the renewal token failed", {}, "a17_tls-cert-expiry.txt"),
    # Two credential-stuffing incidents: the date filter keeps the 2024 one.
    ("credential stuffing", {"since": "2024"}, "a15_credential-stuffing.md"),
    ("migration ran against the wrong database", {}, "b02_ledger-migration-wrong-db.txt"),
    ("kubectl drain ran against the wrong context", {}, "a20_wrong-context-drain.md"),
    ("broker disk exhaustion ingestion", {}, "a22_ingestion-broker-disk-exhaustion.md"),
    ("checkout failures on Black Friday", {}, "a03_black-friday-checkout.md"),
    ("iOS app crashed on launch", {}, "a07_ios-crash-on-launch.md"),
    ("terraform destroy took down the customer portal", {}, "c14_copperline-terraform-destroy.txt"),
    ("too many open files ulimit", {}, "c22_hoshizora-tile-ulimit.md"),
    ("sms one time passwords not delivered", {}, "c20_kestrel-sms-otp.md"),
    # Two certificate expiries in 2024: category and dates together pick the June one.
    ("certificate expired", {"categories": ("infrastructure",), "since": "2024-05", "until": "2024-12"},
     "b17_koala-rewards-cert-expiry.txt"),
    # FTS5 syntax: a phrase (the words one after the other).
    ('"dropped table"', {}, "c04_mehtab-dropped-table-qa.md"),
]
DEV_QUERIES = [
    ("PostHog feature flags outage", {}, "co06.md"),
    ("flutter build broken", {}, "hb35.md"),
    ("kubernetes nodes deleted", {}, "co04.md"),
]


def _index(path, records):
    writer = IndexWriter(str(path))
    for record in records:
        writer.put(record, document_key(record.source.path, record.source.sha256))
    writer.commit()
    writer.close()
    return str(path)


@pytest.fixture(scope="module")
def library(tmp_path_factory, corpus_records, request):
    """An index of the corpus, and of ../shared/dev when it is present."""
    records = list(corpus_records)
    try:
        records += request.getfixturevalue("dev_records")
    except pytest.skip.Exception:
        pass
    conn = open_index(_index(tmp_path_factory.mktemp("library") / "pm.db", records))
    yield conn
    conn.close()


def _bound(filters):
    """The table's filters as the CLI would pass them."""
    return Filters(**{**filters, **{k: time_bound(v, upper=k == "until") for k, v in filters.items()
                                    if k in ("since", "until")}})


@pytest.mark.parametrize("query, filters, expected", CORPUS_QUERIES)
def test_realistic_questions_find_the_right_corpus_postmortem_first(library, query, filters, expected):
    hits = search(library, query, _bound(filters), limit=3)
    assert hits and os.path.basename(hits[0].path) == expected, [h.path for h in hits]


@pytest.mark.parametrize("query, filters, expected", DEV_QUERIES)
def test_realistic_questions_find_the_right_dev_postmortem_first(library, dev_records, query, filters, expected):
    hits = search(library, query, _bound(filters), limit=3)
    assert hits and os.path.basename(hits[0].path) == expected, [h.path for h in hits]


# -- filters, on records made by hand so that they test the index, not extraction ---------

MADE = {
    "cache24": dict(text="Checkout cache outage. The cache TTL was misconfigured in the CDN rule.",
                    cause="The cache TTL was misconfigured", categories=["configuration"],
                    start="2024-03-02T14:05:00+00:00", duration=105, percent=[40.0],
                    summary="Checkout cache outage.", title="Checkout cache outage"),
    "cache23": dict(text="Search cache outage. A cache flag was misconfigured.", cause="A cache flag was misconfigured",
                    categories=["configuration", "code_change"], start="2023-11-10T08:00:00-05:00", duration=30,
                    all_users=True, title="Search cache outage"),
    "disk24": dict(text="Reports down. The disk filled up on the database host.", cause="The disk filled up",
                   categories=["capacity"], start="2024-07-01T09:00:00+02:00", duration=240, percent=[10.0],
                   title="Reports down"),
    "dateless": dict(text="Login errors. A null check was missing.", cause="A null check was missing",
                     categories=["code_change"], start="14:05:00", duration=20, title="Login errors"),
    "naive": dict(text="Payments slow. The card provider was degraded.", cause="The card provider was degraded",
                  categories=["dependency"], start="2024-12-31T23:30:00", title="Payments slow",
                  services=["payments gateway"]),
}


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    records = [make_record(path=f"/nowhere/{name}.md", **fields) for name, fields in MADE.items()]
    conn = open_index(_index(tmp_path_factory.mktemp("made") / "pm.db", records))
    yield conn
    conn.close()


@pytest.mark.parametrize("query, filters, expected", [
    (None, {"categories": ("configuration",)}, {"cache24", "cache23"}),
    (None, {"categories": ("capacity", "code_change")}, {"cache23", "disk24", "dateless"}),  # any of them
    (None, {"since": "2024"}, {"cache24", "disk24", "naive"}),        # the undated one never passes
    (None, {"until": "2023"}, {"cache23"}),
    (None, {"since": "2024-03-02T14:05"}, {"cache24", "disk24", "naive"}),  # bounds are inclusive
    (None, {"until": "2024-03-02"}, {"cache23", "cache24"}),           # ... the whole day
    (None, {"since": "2024-12", "until": "2024-12"}, {"naive"}),       # ... the whole month, up to 23:30 on the 31st
    (None, {"min_duration": 60}, {"cache24", "disk24"}),
    (None, {"min_impact": 40.0}, {"cache24", "cache23"}),              # "all users" counts as 100
    (None, {"service": "checkout"}, {"cache24"}),                      # named in the title
    (None, {"service": "payments gateway"}, {"naive"}),                # an extracted service
    ("cache", {}, {"cache24", "cache23"}),
    # The example: cache misconfigurations in 2024 that lasted over an hour.
    ("cache misconfiguration", {"categories": ("configuration",), "since": "2024", "until": "2024",
                                "min_duration": 60}, {"cache24"}),
])
def test_filters(made, query, filters, expected):
    hits = search(made, query, _bound(filters), limit=50)
    assert {os.path.basename(hit.path)[:-3] for hit in hits} == expected


def test_without_a_query_the_latest_incidents_come_first(made):
    assert [os.path.basename(h.path)[:-3] for h in search(made, None)] == [
        "naive", "disk24", "cache24", "cache23", "dateless"]


def test_documents_with_every_word_rank_before_those_with_some(tmp_path):
    db = _index(tmp_path / "pm.db", [
        make_record("Disk full. The disk was full, disk alerts fired.", path="/x/disk.md", title="Disk full disk"),
        make_record("Reports down. A cache node also had a disk fault. " + "Filler words here. " * 30,
                    path="/x/both.md", title="Reports down"),
        *(make_record(f"Unrelated incident number {n}.", path=f"/x/other{n}.md") for n in range(8)),
    ])
    conn = open_index(db)
    hits = search(conn, "disk cache")
    # The single-word document scores higher on its own, yet the one with both words leads.
    assert [os.path.basename(h.path) for h in hits] == ["both.md", "disk.md"]
    assert hits[1].score > hits[0].score
    assert [os.path.basename(h.path) for h in search(conn, "disk cache", match_all=True)] == ["both.md"]
    conn.close()


def test_snippets_mark_the_matched_words(made):
    hit = search(made, "misconfigured TTL", marks=("<b>", "</b>"))[0]
    assert "<b>TTL</b>" in hit.snippet and "<b>misconfigured</b>" in hit.snippet


@pytest.mark.parametrize("query, reason", [
    ('"unterminated', "a double quote is not closed"),
    ("owner: alice", "unknown field 'owner' (fields: title, summary, causes"),
    ("cache OR", "the query ends too early"),
    ("(cache", "the query ends too early"),
    ("AND cache", 'syntax error near "AND"'),
    ("... !!", "it has no words to search for"),   # plain, but nothing to search for
])
def test_malformed_queries_are_clean_errors(made, query, reason):
    with pytest.raises(PostmortemError) as error:
        search(made, query)
    assert error.value.code == "E064" and reason in error.value.reason


@pytest.mark.parametrize("query", [
    "'; DROP TABLE documents; --",
    "cache' OR '1'='1",
    'x"); DELETE FROM documents; --',
    "documents WHERE 1=1",
])
def test_user_text_never_reaches_sql(made, query):
    """Each is searched for (or refused as a malformed query), and the index is intact."""
    try:
        search(made, query, Filters(service=query))
    except PostmortemError as error:
        assert error.code == "E064"
    assert made.execute("SELECT count(*) FROM documents").fetchone()[0] == len(MADE)


@pytest.mark.parametrize("query, expression", [
    ("cache misconfiguration", '"cache" OR "misconfiguration"'),
    ("the outage that lasted over an hour", '"outage" OR "hour"'),   # stop words dropped
    ("the of", '"the" OR "of"'),                                        # ... unless nothing else is left
    ("credential-stuffing", '"credential-stuffing"'),                   # a hyphenated word stays one phrase
    ('"exact phrase" OR cache*', '"exact phrase" OR cache*'),           # FTS5 syntax is passed as written
])
def test_compile_query(query, expression):
    assert compile_query(query) == expression


@pytest.mark.parametrize("text, upper, expected", [
    ("2024", False, "2024-01-01T00:00:00"),
    ("2024", True, "2024-12-31T23:59:59"),
    ("2024-02", True, "2024-02-29T23:59:59"),     # leap year
    ("2023-12", True, "2023-12-31T23:59:59"),
    ("2024-03-02", True, "2024-03-02T23:59:59"),
    ("2024-03-02T14:05", False, "2024-03-02T14:05:00"),
    ("2024-03-02T14:05", True, "2024-03-02T14:05:59"),
    ("2024-03-02 14:05:30", True, "2024-03-02T14:05:30"),
])
def test_time_bound(text, upper, expected):
    assert time_bound(text, upper=upper) == expected


@pytest.mark.parametrize("function, text", [
    (time_bound, "yesterday"), (time_bound, "2024-13"), (time_bound, "2024-02-30"),
    (minutes, "long"), (minutes, "-5"), (percent, "lots"), (percent, "140%"),
])
def test_option_values_that_make_no_sense_are_refused(function, text):
    with pytest.raises(ValueError):
        function(text)


@pytest.mark.parametrize("text, expected", [("90", 90), ("90m", 90), ("1h30m", 90), ("2 hours", 120),
                                            ("1.5h", 90), ("1d", 1440)])
def test_minutes(text, expected):
    assert minutes(text) == expected


# -- similar --------------------------------------------------------------------------

SIMILAR = [
    ("a17_tls-cert-expiry.txt", "b17_koala-rewards-cert-expiry.txt"),
    ("a15_credential-stuffing.md", "c06_pebblecast-credential-stuffing.md"),
    ("b17_koala-rewards-cert-expiry.txt", "a17_tls-cert-expiry.txt"),
    ("a13_postgres-volume-full.md", "a22_ingestion-broker-disk-exhaustion.md"),
]


@pytest.fixture(scope="module")
def corpus_index(tmp_path_factory, corpus_records):
    conn = open_index(_index(tmp_path_factory.mktemp("corpus") / "pm.db", corpus_records))
    yield conn
    conn.close()


@pytest.mark.parametrize("name, expected", SIMILAR)
def test_similar_finds_the_same_kind_of_incident_and_leaves_itself_out(corpus_index, corpus_records, name, expected):
    record = next(r for r in corpus_records if r.source.path.endswith(name))
    hits = similar(corpus_index, record, limit=3)
    names = [os.path.basename(hit.path) for hit in hits]
    assert names[0] == expected and name not in names, names


def test_similar_cli_on_a_new_postmortem(tmp_path, corpus_records):
    db = _index(tmp_path / "pm.db", corpus_records)
    new = tmp_path / "new.md"
    new.write_text("# Partner API certificate expired\n\n## Root Cause\nThe TLS certificate for the partner "
                   "API expired because its renewal job had been failing silently.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["similar", str(new), "--db", db, "--json", "--limit", "2"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert {os.path.basename(h["path"]) for h in hits} <= {"a17_tls-cert-expiry.txt", "b17_koala-rewards-cert-expiry.txt",
                                                          "c16_tinderbox-domain-expiry.md"}
    assert len(hits) == 2


# -- the command line -------------------------------------------------------------------

@pytest.fixture(scope="module")
def made_db(made):
    return made.execute("PRAGMA database_list").fetchone()["file"]


def test_search_cli_text_and_json(made_db):
    text = CliRunner().invoke(main, ["search", "misconfigured", "TTL", "--db", made_db])
    assert text.exit_code == 0, text.output
    assert text.output.startswith("1. Checkout cache outage  [")
    assert "/nowhere/cache24.md | configuration | started 2024-03-02T14:05:00+00:00 | 105 min | 40% affected" in text.output
    assert "[misconfigured]" in text.output
    result = CliRunner().invoke(main, ["search", "cache", "--db", made_db, "--json", "--category", "code_change"])
    hits = json.loads(result.output)
    assert [(h["rank"], h["title"], h["categories"]) for h in hits] == [
        (1, "Search cache outage", ["configuration", "code_change"])]


@pytest.mark.parametrize("args, message", [
    (["--since", "last week"], "Invalid value for '--since': 'last week' is not a date"),
    (["--min-duration", "ages"], "Invalid value for '--min-duration': 'ages' is not a duration"),
    (["--min-impact", "200"], "Invalid value for '--min-impact': '200' is not a percentage"),
    (["--category", "network"], "Invalid value for '--category': 'network' is not one of"),
])
def test_search_cli_refuses_bad_options(made_db, args, message):
    result = CliRunner().invoke(main, ["search", "cache", "--db", made_db, *args])
    assert result.exit_code == 2 and message in result.output


def test_search_cli_malformed_query(made_db):
    result = CliRunner().invoke(main, ["search", 'causes:"pool', "--db", made_db])
    assert result.exit_code == 1
    assert "Error: malformed query 'causes:\"pool': a double quote is not closed" in result.output
    assert "Traceback" not in result.output


def test_search_does_not_load_spacy(made_db):
    code = ("import sys\nfrom pipeline.cli import main\ntry:\n main(['search', 'cache', '--db', sys.argv[1]])\n"
            "except SystemExit as exit:\n assert not exit.code, exit.code\nassert 'spacy' not in sys.modules")
    done = subprocess.run([sys.executable, "-c", code, made_db], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Checkout cache outage" in done.stdout


def test_index_build_and_search_from_the_command_line(tmp_path):
    db = str(tmp_path / "pm.db")
    files = [str(CORPUS / "a14_haproxy-backend-port.md"), str(CORPUS / "c22_hoshizora-tile-ulimit.md")]
    built = CliRunner().invoke(main, ["index", "build", *files, "--db", db])
    assert built.exit_code == 0, built.output
    assert f"{db}: 2 added, 0 replaced, 0 unchanged, 0 pruned, 0 failed" in built.output
    result = CliRunner().invoke(main, ["search", "haproxy", "--db", db, "--json"])
    assert [os.path.basename(h["path"]) for h in json.loads(result.output)] == ["a14_haproxy-backend-port.md"]


def test_default_db_comes_from_the_environment(tmp_path, monkeypatch):
    db = tmp_path / "env.db"
    _index(db, [make_record("Reports down. The disk filled up.", path="/nowhere/x.md", title="Reports down")])
    monkeypatch.setenv("POSTMORTEM_DB", str(db))
    result = CliRunner().invoke(main, ["search", "disk", "--json"])
    assert result.exit_code == 0 and json.loads(result.output)[0]["title"] == "Reports down"
