"""Structured formats through ingest and the command line: chosen by name and content,
`--format` overrides, a bad file is one error line and the others are still written."""
import importlib
import io
import json
import sys

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.errors import PostmortemError
from pipeline.ingest import guess_format, read_bytes

docx = pytest.importorskip("docx")
fpdf = pytest.importorskip("fpdf")

HTML = b"<html><body><h1>Checkout outage</h1><h2>Summary</h2><p>On March 2, 2024 checkout failed for 40% of users.</p>" \
       b"<h2>Timeline (all times UTC)</h2><ul><li>14:05 - Error rate alert fires</li><li>15:50 - Service restored</li></ul>" \
       b"<h2>Root Cause</h2><p>The root cause was a connection pool limit lowered in the 2.3 release.</p></body></html>"


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Checkout outage", 1)
    document.add_heading("Timeline (all times UTC)", 2)
    document.add_paragraph("14:05 - Error rate alert fires", style="List Bullet")
    document.add_paragraph("15:50 - Service restored", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", "B", 16)
    pdf.cell(0, 10, "Checkout outage", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", "", 10)
    pdf.cell(0, 6, "On March 2, 2024 checkout failed for 40% of users.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.mark.parametrize("name, data, expected", [
    ("a.html", b"<p>x</p>", "html"),
    ("a.HTM", b"<p>x</p>", "html"),
    ("a.docx", b"anything", "docx"),        # the extension says: the reader will say if it is not
    ("a.pdf", b"anything", "pdf"),
    ("report", b"%PDF-1.7\n...", "pdf"),    # no extension: the content decides
    ("export.bin", b"PK\x03\x04....word/document.xml", "docx"),
    ("page.md", b"\xef\xbb\xbf<!DOCTYPE html><p>x</p>", "html"),  # an HTML page saved as .md
    ("page.txt", b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', "html"),
    ("notes.md", b"# Notes\n<b>bold</b> inline HTML stays markdown", "markdown"),
    ("notes.txt", b"<b>Summary</b> pasted from a wiki", "text"),
    (None, b"plain", "text"),
])
def test_format_is_guessed_from_name_then_content(name, data, expected):
    assert guess_format(name, data) == expected


def test_extract_reads_every_format_and_reports_bad_files(tmp_path):
    files = {"a.html": HTML, "b.docx": docx_bytes(), "c.pdf": pdf_bytes(), "broken.pdf": b"%PDF-1.4\ngarbage",
             "notzip.docx": b"plain text, wrong name"}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["extract", *(str(tmp_path / n) for n in files), "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"postmortem: error: {tmp_path / 'broken.pdf'}: cannot read PDF file: damaged" in result.output
    assert f"postmortem: error: {tmp_path / 'notzip.docx'}: cannot read DOCX file: not a zip archive" in result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["source"]["format"] for r in records] == ["html", "docx", "pdf"]
    html, word, pdf = records
    assert html["title"] == "Checkout outage" and html["root_cause_categories"]
    assert [e["time"] for e in html["timeline"]] == ["14:05", "15:50"] == [e["time"] for e in word["timeline"]]
    assert pdf["impact"]["percent_affected"] == [40.0]
    for record in records:  # every span indexes the record's own text
        for event in record["timeline"]:
            assert record["text"][event["start"]:event["end"]] == event["text"]


def test_format_option_overrides_the_guess(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes(HTML)
    result = CliRunner().invoke(main, ["extract", "--format", "html", str(page)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["source"]["format"] == "html" and record["text"].startswith("# Checkout outage\n")


@pytest.mark.parametrize("fmt, library, extra", [("html", "lxml", "html"), ("docx", "docx", "docx"),
                                                 ("pdf", "pdfminer", "pdf")])
def test_a_missing_extra_is_named(monkeypatch, fmt, library, extra):
    from pipeline.formats import READERS

    for name in [name for name in sys.modules if name == library or name.startswith(library + ".")]:
        monkeypatch.setitem(sys.modules, name, None)  # the library and its modules cannot be imported
    monkeypatch.setitem(sys.modules, library, None)
    monkeypatch.delitem(sys.modules, READERS[fmt].module, raising=False)
    with pytest.raises(PostmortemError) as caught:
        read_bytes(b"data", path=f"x.{fmt}", fmt=fmt)
    assert caught.value.code == "E010"
    assert f'pip install "postmortem-miner[{extra}]"' in caught.value.reason
    monkeypatch.undo()
    importlib.import_module(READERS[fmt].module)
