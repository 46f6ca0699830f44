"""PDF reader: positioned text -> headings, paragraphs, lists and tables; bad PDFs are clean errors."""
import io
from pathlib import Path

import pytest

from pipeline.errors import PostmortemError
from pipeline.formats import read_structured
from pipeline.formats.blocks import render
from pipeline.formats.pdf_layout import blocks_from_pages
from pipeline.formats.pdf_lines import PageText, Run

pytest.importorskip("pdfminer")
FONTS = Path("/usr/share/fonts/truetype/dejavu")
RIGHT = 500.0  # right margin of the synthetic pages


def run(text, x, y, size=10.0, bold=False, mono=False, width=None):
    """A run whose glyphs are half an em wide (a monospace font's are 0.6 em)."""
    per_char = 0.6 * size if mono else 0.5 * size
    return Run(text, x, x + (width if width is not None else len(text) * per_char), y, size, bold, mono)


def page(*runs, hrules=(), vrules=()):
    return PageText(width=600, height=800, runs=list(runs), hrules=list(hrules), vrules=list(vrules))


def layout(*pages) -> str:
    return render(blocks_from_pages(list(pages)))[0]


BODY = [run("Body text that fills the line and wraps onto the next one as written by", 100, 600, width=400)]


@pytest.mark.parametrize("runs, expected", [
    # larger type is a heading, levelled by size; a short all-bold line is the next level down
    ([run("Outage", 100, 700, 18), run("Summary", 100, 670, 14), run("Impact", 100, 640, bold=True),
      *BODY], "# Outage\n\n## Summary\n\n### Impact\n\n"),
    # a line whose next word would have fitted ended with a hard break; a full one was wrapped
    ([*BODY, run("word. Then a short line", 100, 588), run("14:05 alert", 100, 576)],
     "Body text that fills the line and wraps onto the next one as written by word. Then a short line\n"
     "14:05 alert\n"),
    # a wider gap between lines starts a new paragraph
    ([*BODY, run("Next paragraph.", 100, 560)],
     "Body text that fills the line and wraps onto the next one as written by\n\nNext paragraph.\n"),
    # a word hyphenated at the end of a wrapped line is joined back
    ([run("the connection pool of the checkout service was far too small for the pre-", 100, 600, width=400),
      run("sale traffic", 100, 588)],
     "the connection pool of the checkout service was far too small for the pre-sale traffic\n"),
    # a bold sentence is not a heading: it ends with a full stop
    ([run("All users were affected.", 100, 700, bold=True), *BODY], "**All users were affected.**\n\n"),
])
def test_headings_and_paragraphs(runs, expected):
    assert layout(page(*runs)).startswith(expected)


def test_lists_nest_by_indentation_and_continue_under_their_text():
    text = layout(page(
        run("•", 100, 700), run("Add an alert on pool saturation", 118, 700, width=382),  # set apart by a tab
        run("for the checkout service", 118, 688),
        run("o", 118, 676), run("owner: Ann", 136, 676),
        run("2.", 100, 664), run("Raise the limit", 118, 664),
        run("Afterwards, a paragraph.", 100, 640),
    ))
    assert text == ("- Add an alert on pool saturation for the checkout service\n  - owner: Ann\n"
                    "2. Raise the limit\n\nAfterwards, a paragraph.\n")


def test_tables_without_rules_continue_rows_from_later_columns():
    text = layout(page(
        run("Time", 100, 700, bold=True), run("Event", 200, 700, bold=True),
        run("14:05", 100, 688), run("Alert fires for the", 200, 688),
        run("checkout service", 200, 676),  # the event cell wrapped
        run("14:20", 100, 664), run("Rollback", 200, 664),
    ))
    assert text == "| Time | Event |\n| --- | --- |\n| 14:05 | Alert fires for the checkout service |\n| 14:20 | Rollback |\n"


def test_ruled_tables_split_rows_at_the_rules():
    rules = [(95, 400, y) for y in (712, 696, 670, 654)]
    borders = [(x, 654, 712) for x in (95, 150, 400)]
    text = layout(page(
        run("Owner", 100, 700), run("Action", 155, 700),
        run("Ann", 100, 684), run("Add an alert", 155, 684),
        run("Lee", 100, 674), run("(second line of the row)", 155, 674),  # both cells wrapped: one row
        run("Bo", 100, 658), run("Raise the limit", 155, 658),
        hrules=rules, vrules=borders))
    assert text == ("| Owner | Action |\n| --- | --- |\n| Ann Lee | Add an alert (second line of the row) |\n"
                    "| Bo | Raise the limit |\n")


def test_running_heads_and_page_numbers_are_dropped():
    pages = [page(run("Acme · Internal", 100, 780, 8), run(f"Line on page {n} of the report.", 100, 650),
                  run("A full line that reaches the right margin of the page and goes", 100, 638, width=400),
                  run(f"Page {n} of 3", 280, 40, 8)) for n in (1, 2, 3)]
    # the full line at the foot of a page goes on at the top of the next
    assert layout(*pages) == "\n".join(
        [f"Line on page {n} of the report.\nA full line that reaches the right margin of the page and goes"
         for n in (1, 2, 3)]).replace("goes\n", "goes ") + "\n"
    # one page: a page number at the bottom is still a page number
    assert layout(page(run("Only page.", 100, 700), run("1", 300, 40, 8))) == "Only page.\n"


def test_code_keeps_its_columns():
    text = layout(page(run("2024-03-02 14:05:10 UTC", 100, 700, 9, mono=True), run("tor-c7", 232.6, 700, 9, mono=True),
                       run("  indented", 100, 689, 9, mono=True), *BODY))
    assert text.startswith("    2024-03-02 14:05:10 UTC  tor-c7\n      indented\n\n")


# ------------------------------------------------------------------ real PDFs

fpdf = pytest.importorskip("fpdf")


def make_pdf(build, **options) -> bytes:
    pdf = fpdf.FPDF()
    pdf.add_font("body", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("body", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    if options.get("password"):
        pdf.set_encryption(owner_password="owner", user_password=options["password"])
    pdf.add_page()
    build(pdf)
    return bytes(pdf.output())


def test_a_real_pdf_with_a_watermark():
    def build(pdf):
        pdf.set_font("body", "B", 18)
        pdf.cell(0, 10, "Checkout outage", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("body", "", 10)
        pdf.multi_cell(0, 5, "Between 14:05 and 15:50 UTC about 40% of checkouts failed.", new_x="LMARGIN", new_y="NEXT")
        with pdf.rotation(45, 100, 150):
            pdf.text(60, 150, "DRAFT")  # rotated text is a watermark, not content

    document = read_structured(make_pdf(build), path="r.pdf", fmt="pdf")
    assert document.text == "# Checkout outage\n\nBetween 14:05 and 15:50 UTC about 40% of checkouts failed.\n"
    assert (document.format, document.headings[0]["text"]) == ("pdf", "Checkout outage")


def _image_only(pdf):
    from PIL import Image

    pdf.image(Image.new("RGB", (40, 20), "white"), x=10, y=10, w=40)


@pytest.mark.parametrize("data, reason", [
    (b"Not a PDF at all", "not a PDF file"),
    (b"%PDF-1.7\n1 0 obj << /Type /Catalog", "damaged"),
    (make_pdf(lambda pdf: (pdf.set_font("body", size=10), pdf.cell(0, 5, "secret")), password="user"),
     "encrypted: it needs a password"),
    (make_pdf(_image_only), "no text layer: a scanned or image-only PDF"),
    (make_pdf(lambda pdf: None), "no text on any page"),
])
def test_pdfs_that_cannot_be_read(data, reason):
    with pytest.raises(PostmortemError) as caught:
        read_structured(data, path="bad.pdf", fmt="pdf")
    assert caught.value.code == "E011" and reason in caught.value.reason, caught.value.reason
    assert str(caught.value).startswith("bad.pdf: cannot read PDF file: ")


def test_an_owner_password_alone_does_not_stop_reading():
    data = make_pdf(lambda pdf: (pdf.set_font("body", size=10), pdf.cell(0, 5, "Readable text.")), password="")
    assert read_structured(data, path="r.pdf", fmt="pdf").text == "Readable text.\n"


def test_pdf_bytes_in_memory_are_not_changed():
    data = make_pdf(lambda pdf: (pdf.set_font("body", size=10), pdf.cell(0, 5, "Same bytes.")))
    stream = io.BytesIO(data)
    read_structured(stream.getvalue(), path="r.pdf", fmt="pdf")
    assert stream.getvalue() == data
