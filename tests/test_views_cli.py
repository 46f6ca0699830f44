"""`postmortem show` and `postmortem report` as a user meets them: pages out, clean errors."""
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from pipeline.cli import main
from tests.conftest import CORPUS
from tests.test_cli import SAMPLE

DOCS = ["a01_cdn-cache-rule.md", "a04_card-gateway-503s.txt", "a05_dns-record-deleted-lb.md"]


class Resources(HTMLParser):
    """Every reference a page makes: tags that fetch, and their URLs."""

    FETCHING = {"img", "script", "link", "iframe", "video", "audio", "source", "object", "embed"}

    def __init__(self):
        super().__init__()
        self.fetches, self.hrefs = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.FETCHING and (attrs.get("src") or attrs.get("href") or tag == "link"):
            self.fetches.append((tag, attrs))
        if "href" in attrs and tag == "a":
            self.hrefs.append(attrs["href"])


def resources(html: str) -> Resources:
    parser = Resources()
    parser.feed(html)
    return parser


def assert_self_contained(html: str) -> Resources:
    found = resources(html)
    assert found.fetches == []
    assert "url(" not in html.split("<body>")[0] and "@import" not in html
    assert "default-src 'none'" in html  # the page forbids itself any request
    return found


def test_show_writes_a_self_contained_page(tmp_path):
    out = tmp_path / "view.html"
    result = CliRunner().invoke(main, ["show", str(CORPUS / DOCS[0]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"postmortem: wrote {out}" in result.stderr
    html = out.read_text(encoding="utf-8")
    links = assert_self_contained(html).hrefs
    assert links and all(href.startswith("#hl-") for href in links)  # chart marks and lists point into the text
    assert "<svg" in html and 'class="doc"' in html


def test_show_defaults_to_standard_output_and_reads_standard_input():
    result = CliRunner().invoke(main, ["show", "-"], input=SAMPLE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>")
    assert "Checkout outage" in result.stdout


def test_show_open_writes_a_temporary_page_and_opens_it(monkeypatch):
    opened = []
    monkeypatch.setattr("webbrowser.open", lambda uri: opened.append(uri) or True)
    result = CliRunner().invoke(main, ["show", str(CORPUS / DOCS[1]), "--open"])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0].startswith("file://") and opened[0].endswith("a04_card-gateway-503s.html")
    page = Path(opened[0].removeprefix("file://"))
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_show_open_to_standard_output_is_a_usage_error():
    result = CliRunner().invoke(main, ["show", str(CORPUS / DOCS[0]), "--open", "-o", "-"])
    assert result.exit_code == 2 and "--open needs a file" in result.output


@pytest.mark.parametrize("args, message", [
    (["nope.md"], "postmortem: error: nope.md: no such file"),
    (["{tmp}"], "is a directory"),                                        # a folder is not a postmortem
    (["{tmp}/empty.md"], "file is empty"),
])
def test_show_bad_input_is_a_clean_error_and_writes_nothing(tmp_path, args, message):
    (tmp_path / "empty.md").write_bytes(b"")
    out = tmp_path / "view.html"
    args = [a.format(tmp=tmp_path) for a in args]
    result = CliRunner().invoke(main, ["show", *args, "-o", str(out)])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert not out.exists()


@Language.component("pm_test_views_explode")
def _explode(doc):
    if "BOOM" in doc.text:
        raise RuntimeError("stage broke")
    return doc


@pytest.fixture
def exploding_pipeline(monkeypatch):
    """The default pipeline with a first stage that fails on any document containing BOOM."""
    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    nlp.add_pipe("pm_test_views_explode", first=True)
    monkeypatch.setattr("pipeline.nlp.load", lambda spacy_model=None: nlp)
    return nlp


def test_show_extraction_crash_names_the_file(tmp_path, exploding_pipeline):
    doc = tmp_path / "incident.md"
    doc.write_text(SAMPLE + "BOOM", encoding="utf-8")
    result = CliRunner().invoke(main, ["show", str(doc), "-o", str(tmp_path / "v.html")])
    assert result.exit_code == 2
    assert f"postmortem: error: {doc}: extraction failed:" in result.stderr and "stage broke" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "v.html").exists()


def test_report_leaves_out_a_document_the_pipeline_fails_on(tmp_path, exploding_pipeline):
    bad = tmp_path / "bad.md"
    bad.write_text(SAMPLE + "BOOM", encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(CORPUS / DOCS[0]), str(bad), str(CORPUS / DOCS[1]),
                                       "-o", str(out)])
    assert result.exit_code == 2
    assert f"postmortem: error: {bad}: extraction failed:" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert len(table_ids(html)) == 2 and "E012" in html


def test_unwritable_output_is_a_clean_error(tmp_path):
    target = tmp_path / "missing-folder" / "view.html"
    result = CliRunner().invoke(main, ["show", str(CORPUS / DOCS[0]), "-o", str(target)])
    assert result.exit_code == 2
    assert f"postmortem: error: {target}: cannot write" in result.stderr and "Traceback" not in result.output


def extract_records(tmp_path, names) -> Path:
    records = tmp_path / "records.jsonl"
    result = CliRunner().invoke(main, ["extract", *[str(CORPUS / n) for n in names], "-o", str(records)])
    assert result.exit_code == 0, result.output
    return records


def table_ids(html: str) -> list[str]:
    import re
    return re.findall(r'<tr data-id="([^"]+)"', html)


def test_report_from_documents_and_records_counts_each_document_once(tmp_path):
    records = extract_records(tmp_path, DOCS[:2])
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(records), *[str(CORPUS / n) for n in DOCS], "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert_self_contained(html)
    assert len(table_ids(html)) == 3 == len(set(table_ids(html)))
    assert "2 record(s) repeat a document given earlier" in html


def test_report_with_pages_links_each_incident_to_its_page(tmp_path):
    out, pages = tmp_path / "site" / "report.html", tmp_path / "site" / "incidents"
    out.parent.mkdir()
    result = CliRunner().invoke(main, ["report", *[str(CORPUS / n) for n in DOCS], "-o", str(out),
                                       "--with-pages", str(pages)])
    assert result.exit_code == 0, result.output
    hrefs = [h for h in resources(out.read_text(encoding="utf-8")).hrefs]
    assert len(hrefs) == 3 and all(h.startswith("incidents/pm-") for h in hrefs)
    for href in hrefs:
        page = (out.parent / href).read_text(encoding="utf-8")
        assert_self_contained(page)
    assert sorted(p.name for p in pages.iterdir()) == sorted(h.split("/")[-1] for h in hrefs)


def test_report_bad_record_lines_are_reported_and_the_rest_still_written(tmp_path):
    records = extract_records(tmp_path, DOCS[:2])
    lines = records.read_text(encoding="utf-8").splitlines()
    broken = json.loads(lines[1])
    broken["timeline"] = "not a list"
    records.write_text("\n".join([lines[0], json.dumps(broken), "{not json", ""]), encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(records), str(tmp_path / "gone.md"), "-o", str(out)])
    assert result.exit_code == 2
    assert f"postmortem: error: {records}: line 2: not a record: timeline:" in result.stderr
    assert f"postmortem: error: {records}: line 3: not a record: " in result.stderr
    assert f"{tmp_path / 'gone.md'}: no such file" in result.stderr
    html = out.read_text(encoding="utf-8")
    assert len(table_ids(html)) == 1
    assert "E017" in html and "E001" in html  # the page says what was left out


def test_report_reads_records_from_standard_input(tmp_path):
    records = extract_records(tmp_path, DOCS)
    result = CliRunner().invoke(main, ["report", "-"], input=records.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert len(table_ids(result.stdout)) == 3


def test_report_with_no_records_is_an_error_and_writes_nothing(tmp_path):
    empty = tmp_path / "none.jsonl"
    empty.write_text("\n", encoding="utf-8")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["report", str(empty), "-o", str(out)])
    assert result.exit_code == 2 and "no records to report" in result.stderr
    assert not out.exists()


def test_view_commands_help_without_spacy():
    for command in ("show", "report"):
        code = (f"import sys; from pipeline.cli import main\ntry:\n main(['{command}', '--help'])\n"
                "except SystemExit: pass\nassert 'spacy' not in sys.modules, 'spacy imported'")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert "Usage: " in done.stdout


def test_markup_in_a_document_is_shown_as_text_never_run(tmp_path):
    doc = tmp_path / "incident.md"
    doc.write_text(SAMPLE.replace("Error rate alert fires", "Alert <script>alert(1)</script> <img src=x onerror=y>"),
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["show", str(doc)])
    assert result.exit_code == 0, result.output
    assert "&lt;script&gt;alert(1)" in result.stdout and "&lt;img src=x onerror=y&gt;" in result.stdout
    assert "<script" not in result.stdout and "<img" not in result.stdout
    assert "script-src 'none'" in result.stdout  # and the show page allows no script at all
