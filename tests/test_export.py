"""Feeds for OpenSearch / Elasticsearch: bulk NDJSON, a mapping derived from the models,
and pushing with the official client (against a loopback HTTP server that checks what it is sent)."""
import json
import socket
import threading
import typing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from models import Record
from pipeline.cli import main
from pipeline.errors import PostmortemError
from pipeline.export import DATE_FIELDS, LONG_FIELDS, TEXT_FIELDS, bulk_lines, check_index_name, mapping
from pipeline.push import push
from tests.conftest import CORPUS
from tests.made_records import make_record

ENGINE_TYPES = {"date", "keyword", "text", "integer", "long", "float", "boolean", "object"}


def model_fields(model: type[BaseModel], prefix: str = "") -> dict[str, object]:
    """Every field of the schema, dotted, with its annotation: read from the pydantic models
    here, independently of `pipeline.export`."""
    fields = {}
    for name, info in model.model_fields.items():
        path, inner = f"{prefix}{name}", info.annotation
        while typing.get_origin(inner) in (list, typing.Union) or type(inner).__name__ == "UnionType":
            inner = next(a for a in typing.get_args(inner) if a is not type(None))
        fields[path] = inner
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            fields.update(model_fields(inner, f"{path}."))
    return fields


def mapped(path: str) -> dict:
    node = {"properties": mapping()["mappings"]["properties"]}
    for part in path.split("."):
        node = node["properties"][part]
    return node


def test_the_mapping_covers_every_field_of_the_schema():
    fields = model_fields(Record)
    assert len(fields) > 50
    for path, annotation in fields.items():
        entry = mapped(path)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            assert "properties" in entry, path
        else:
            assert entry["type"] in ENGINE_TYPES, path
    assert mapping()["mappings"]["dynamic"] == "strict"


def test_the_type_tables_name_only_real_fields():
    assert DATE_FIELDS | TEXT_FIELDS | LONG_FIELDS <= set(model_fields(Record))


@pytest.mark.parametrize("path, kind", [
    ("id", "keyword"),
    ("source.sha256", "keyword"),
    ("source.bytes", "integer"),
    ("title", "text"),
    ("text", "text"),
    ("incident.start", "date"),
    ("timeline.datetime", "date"),
    ("timeline.time", "keyword"),        # "14:05", a clock time with no date
    ("incident.duration_minutes", "integer"),
    ("impact.percent_affected", "float"),
    ("impact.users_affected", "long"),   # "3 billion users" does not fit an integer
    ("impact.all_users", "boolean"),
    ("root_cause_categories", "keyword"),
    ("root_causes.categories", "keyword"),
    ("root_causes.text", "text"),
    ("action_items.due", "keyword"),     # "6 September", "next sprint": not dates
    ("incident.evidence", "object"),     # offsets keyed by name: stored, not searched
    ("warnings.code", "keyword"),
])
def test_field_types(path, kind):
    assert mapped(path)["type"] == kind


def test_dates_tolerate_date_less_times():
    # "14:05:00" (no date known) must not reject the document nor become 1970-01-01.
    assert mapped("incident.start")["ignore_malformed"] is True


def test_corpus_export_is_valid_bulk_ndjson(tmp_path, corpus_records):
    records = tmp_path / "records.jsonl"
    records.write_text("".join(r.model_dump_json() + "\n" for r in corpus_records), encoding="utf-8")
    out = tmp_path / "bulk.ndjson"
    result = CliRunner().invoke(main, ["export", "--format", "opensearch", "--records", str(records),
                                       "--index", "incidents", "-o", str(out)])
    assert result.exit_code == 0, result.output
    body = out.read_text(encoding="utf-8")
    assert body.endswith("\n")
    lines = [json.loads(line) for line in body.splitlines()]
    assert len(lines) == 2 * len(corpus_records)
    for action, source in zip(lines[::2], lines[1::2]):
        document = Record.model_validate(source)
        assert action == {"index": {"_index": "incidents", "_id": document.id}}
    assert [Record.model_validate(s).id for s in lines[1::2]] == [r.id for r in corpus_records]


def test_export_extracts_files_and_reports_the_unreadable(tmp_path):
    out = tmp_path / "bulk.ndjson"
    good = CORPUS / "a14_haproxy-backend-port.md"
    result = CliRunner().invoke(main, ["export", str(tmp_path / "gone.md"), str(good), "--format", "elasticsearch",
                                       "-o", str(out)])
    assert result.exit_code == 2
    assert f"postmortem: error: {tmp_path / 'gone.md'}: no such file" in result.output
    action, source = [json.loads(line) for line in out.read_text().splitlines()]
    assert action["index"]["_index"] == "postmortems" and source["source"]["path"] == str(good)


def test_mapping_command_prints_the_mapping():
    result = CliRunner().invoke(main, ["export", "--mapping"])
    assert result.exit_code == 0 and json.loads(result.output) == mapping()


@pytest.mark.parametrize("name, reason", [
    ("Postmortems", "lower case"),
    ("post mortems", "may not contain"),
    ("a/b", "may not contain"),
    ("_private", "may not start"),
    ("..", "may not be . or .."),
    ("", "it is empty"),
    ("x" * 256, "longer than 255 bytes"),
])
def test_index_names_the_engines_refuse(name, reason):
    with pytest.raises(PostmortemError) as error:
        check_index_name(name)
    assert error.value.code == "E070" and reason in error.value.reason


def test_bad_index_name_on_the_command_line(tmp_path):
    result = CliRunner().invoke(main, ["export", "--records", str(tmp_path / "x.jsonl"), "--index", "Bad"])
    assert result.exit_code == 1 and "invalid index name 'Bad': it must be lower case" in result.output


# -- pushing to a cluster ------------------------------------------------------------------

class FakeCluster(BaseHTTPRequestHandler):
    """Answers like OpenSearch and keeps every request for the test to check."""

    timeout = 10  # a stuck client never holds the test

    def log_message(self, *args):
        pass

    def _reply(self, status, body=None):
        data = json.dumps(body).encode() if body is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8") if length else ""
        self.server.requests.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body))
        return body

    def do_HEAD(self):
        self._record()
        self._reply(200 if self.server.exists else 404)

    def do_PUT(self):
        self._record()
        self.server.exists = True
        self._reply(200, {"acknowledged": True, "index": self.path.strip("/")})

    def do_POST(self):
        body = self._record()
        if self.server.hang_up:
            self.close_connection = True
            return
        if self.server.throttle_requests > 0:
            self.server.throttle_requests -= 1
            return self._reply(429, {"status": 429, "error": {"type": "rejected_execution_exception",
                                                              "reason": "queue full"}})
        lines = [json.loads(line) for line in body.splitlines() if line]
        self._reply(200, {"took": 1, "errors": True, "items": [self._item(a["index"]) for a in lines[::2]]})

    def _item(self, action):
        item = {"_index": action["_index"], "_id": action["_id"]}
        if action["_id"] in self.server.throttle_ids:
            self.server.throttle_ids.discard(action["_id"])
            return {"index": {**item, "status": 429, "error": {"type": "rejected_execution_exception",
                                                               "reason": "busy"}}}
        if action["_id"] in self.server.reject:
            return {"index": {**item, "status": 400, "error": {"type": "mapper_parsing_exception",
                                                               "reason": "failed to parse field [title]"}}}
        return {"index": {**item, "status": 201, "result": "created"}}


@pytest.fixture
def cluster():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeCluster)
    server.requests, server.exists, server.reject = [], False, set()
    server.throttle_requests, server.throttle_ids, server.hang_up = 0, set(), False
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


RECORDS = [make_record(f"Incident {n}. The cache node {n} failed.", path=f"/docs/incident{n}.md",
                       title=f"Incident {n}", cause=f"The cache node {n} failed", categories=["infrastructure"],
                       start=f"2024-03-0{n + 1}T10:00:00+00:00" if n % 2 else "10:00:00")
           for n in range(5)]


def bulks(server):
    return [(headers, body) for method, path, headers, body in server.requests if path.startswith("/_bulk")]


def test_push_creates_the_index_sends_chunks_retries_and_reports_rejections(cluster):
    cluster.reject = {RECORDS[3].id}
    cluster.throttle_requests = 1           # the first bulk request is refused whole: retried
    cluster.throttle_ids = {RECORDS[4].id}  # one document is refused once: only it is resent
    errors = []
    report = push(RECORDS, cluster.url, index="incidents", chunk_size=2, backoff=0.01, on_error=errors.append)

    assert (report.created_index, report.indexed, report.rejected) == (True, 4, 1)
    assert [(e.code, e.path) for e in errors] == [("E072", "/docs/incident3.md")]
    assert errors[0].reason == "rejected by the server (400 mapper_parsing_exception): failed to parse field [title]"

    method, path, _, body = cluster.requests[1]
    assert (cluster.requests[0][:2], (method, path)) == (("HEAD", "/incidents"), ("PUT", "/incidents"))
    assert json.loads(body) == mapping()
    sent = []
    for headers, body in bulks(cluster):
        assert body.endswith("\n") and "json" in headers["content-type"]
        lines = [json.loads(line) for line in body.splitlines()]
        assert len(lines) <= 4  # chunks of two documents
        for action, source in zip(lines[::2], lines[1::2]):
            assert action == {"index": {"_index": "incidents", "_id": Record.model_validate(source).id}}
            sent.append(action["index"]["_id"])
    ids = [r.id for r in RECORDS]
    # 1st chunk refused, then sent again; record 4 sent twice (throttled once).
    assert sent == ids[:2] + ids[:2] + ids[2:4] + [ids[4], ids[4]]


def test_push_into_an_existing_index_leaves_its_mapping_alone(cluster):
    cluster.exists = True
    report = push(RECORDS[:1], cluster.url, index="incidents", backoff=0.01)
    assert (report.created_index, report.indexed) == (False, 1)
    assert [method for method, *_ in cluster.requests] == ["HEAD", "POST"]


def test_a_server_that_stops_answering_costs_each_document_a_clear_error(cluster):
    cluster.exists, cluster.hang_up = True, True
    errors = []
    report = push(RECORDS[:3], cluster.url, chunk_size=2, max_retries=1, backoff=0.01, timeout=2,
                  on_error=errors.append)
    assert (report.indexed, report.rejected) == (0, 3)
    assert [(e.code, e.path) for e in errors] == [("E071", f"/docs/incident{n}.md") for n in range(3)]
    assert f"cannot reach {cluster.url}" in errors[0].reason
    assert len(bulks(cluster)) == 4  # each chunk tried twice (one retry) by the client


def test_push_to_nothing_is_a_clean_error():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(PostmortemError) as error:
        push(RECORDS, f"http://127.0.0.1:{port}", max_retries=0, timeout=2)
    assert error.value.code == "E071" and f"cannot reach http://127.0.0.1:{port}" in str(error.value)


@pytest.mark.parametrize("url", ["localhost:9200", "ftp://host", "http://"])
def test_push_needs_an_http_url(url):
    with pytest.raises(PostmortemError) as error:
        push(RECORDS, url)
    assert error.value.code == "E071" and "http(s)://host[:port]" in error.value.reason


def test_push_from_the_command_line(cluster, tmp_path):
    cluster.reject = {RECORDS[0].id}
    records = tmp_path / "records.jsonl"
    records.write_text("".join(r.model_dump_json() + "\n" for r in RECORDS), encoding="utf-8")
    result = CliRunner().invoke(main, ["export", "--records", str(records), "--url", cluster.url,
                                       "--chunk-size", "3", "--backoff", "0"])
    assert result.exit_code == 2
    assert ("postmortem: error: /docs/incident0.md: rejected by the server (400 mapper_parsing_exception): "
            "failed to parse field [title]") in result.output
    assert "postmortems (created with the mapping): 4 indexed, 1 rejected" in result.output
    assert len(bulks(cluster)) == 2


def test_bulk_lines_are_one_json_object_each():
    record = make_record("Line one.\nLine \"two\".\n\tTabbed — ünïcode.", path="/x.md")
    lines = list(bulk_lines([record], "x"))
    assert len(lines) == 2 and all("\n" not in line for line in lines)
    assert Record.model_validate_json(lines[1]) == record
