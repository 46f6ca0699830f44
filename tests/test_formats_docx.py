"""Word reader: heading styles, Word numbering, tables and code become markdown-flavoured text."""
import io
import zipfile

import pytest

from pipeline.errors import PostmortemError
from pipeline.formats import read_structured

docx = pytest.importorskip("docx")
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Pt  # noqa: E402


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read(document) -> str:
    return read_structured(save(document), path="report.docx", fmt="docx").text


def test_headings_paragraphs_and_bold():
    document = docx.Document()
    document.add_heading("Checkout outage", 0)  # the Title style is a level-1 heading
    document.add_heading("Summary", 1)
    paragraph = document.add_paragraph("Between 14:05 and 15:50 UTC ")
    paragraph.add_run("checkout failed").bold = True
    paragraph.add_run(".")
    paragraph.add_run().add_break()
    paragraph.add_run("Second\tline")
    document.add_paragraph("")  # an empty paragraph is only spacing
    document.add_heading("Timeline", 3)
    assert read(document) == ("# Checkout outage\n\n# Summary\n\nBetween 14:05 and 15:50 UTC **checkout failed**."
                              "\nSecond line\n\n### Timeline\n")


def test_custom_heading_style_by_outline_level():
    document = docx.Document()
    style = document.styles.add_style("Postmortem Section", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().get_or_add_outlineLvl().val = 1  # outline level 2
    document.add_paragraph("Root cause", style="Postmortem Section")
    document.add_paragraph("A bad flag.")
    assert read(document) == "## Root cause\n\nA bad flag.\n"


def test_lists_numbered_as_word_shows_them():
    document = docx.Document()
    document.add_paragraph("first", style="List Number")
    document.add_paragraph("second", style="List Number")
    document.add_paragraph("detail", style="List Bullet 2")  # nested by its style
    document.add_paragraph("third", style="List Number")
    document.add_paragraph("Between the lists.")
    document.add_paragraph("bullet", style="List Bullet")
    assert read(document) == "1. first\n2. second\n  - detail\n3. third\n\nBetween the lists.\n\n- bullet\n"


def test_numbering_restarts_where_the_list_says():
    document = docx.Document()
    numbering = document.part.numbering_part.element
    base = document.styles["List Number"].element.pPr.numPr.numId.val
    abstract = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(base)) \
        .find(qn("w:abstractNumId")).get(qn("w:val"))
    num = OxmlElement("w:num", {qn("w:numId"): "77"})
    num.append(OxmlElement("w:abstractNumId", {qn("w:val"): abstract}))
    override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): "0"})
    override.append(OxmlElement("w:startOverride", {qn("w:val"): "5"}))
    num.append(override)
    numbering.append(num)
    document.add_paragraph("one", style="List Number")
    restarted = document.add_paragraph("five", style="List Number")
    numpr = restarted._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = 0
    numpr.get_or_add_numId().val = 77
    # another list (its own numbering) right after one starts after a blank line
    assert read(document) == "1. one\n\n5. five\n"


def test_tables_with_merged_cells_and_one_cell_frames():
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Time", "Event", "Who"], ["14:05", "Alert fires", "bot"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 0).merge(table.cell(2, 1)).text = "merged"
    table.cell(2, 2).text = "x"
    frame = document.add_table(rows=1, cols=1)  # a frame around content is not a table
    frame.cell(0, 0).text = "Boxed note"
    assert read(document) == ("| Time | Event | Who |\n| --- | --- | --- |\n| 14:05 | Alert fires | bot |\n"
                              "| merged | | x |\n\nBoxed note\n")


def test_monospace_paragraphs_are_code_and_tables_of_contents_are_skipped():
    document = docx.Document()
    toc = document.styles.add_style("TOC 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Summary\t1", style=toc)
    for line in ("14:05:10 tor-c7 FAIL", "14:07:02 paged"):
        run = document.add_paragraph().add_run(line)
        run.font.name, run.font.size = "Courier New", Pt(9)
    assert read(document) == "    14:05:10 tor-c7 FAIL\n    14:07:02 paged\n"


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("data, reason", [
    (b"Just some text saved as .docx", "not a zip archive"),
    (b"PK\x03\x04truncated", "not a zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old Word 97-2003 (.doc)"),
    (_zip({"notes.txt": b"hello"}), "not an Office document"),
    # an Office package that is not a Word document (a spreadsheet's content types)
    (_zip({"[Content_Types].xml": b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
           b'spreadsheetml.sheet.main+xml"/></Types>'}), "not a readable Word document"),
])
def test_files_that_are_not_word_documents(data, reason):
    with pytest.raises(PostmortemError) as caught:
        read_structured(data, path="bad.docx", fmt="docx")
    assert caught.value.code == "E011" and reason in caught.value.reason, caught.value.reason
    assert str(caught.value).startswith("bad.docx: cannot read DOCX file: ")


def test_zip_bombs_are_refused(monkeypatch):
    from pipeline.formats import docx_reader

    monkeypatch.setattr(docx_reader, "MAX_UNPACKED", 1000)
    data = save(docx.Document())
    with pytest.raises(PostmortemError, match="unpacks to .* bytes, over the limit of 1000"):
        read_structured(data, path="big.docx", fmt="docx")


def test_a_document_without_text():
    with pytest.raises(PostmortemError, match="no text found"):
        read_structured(save(docx.Document()), path="blank.docx", fmt="docx")
