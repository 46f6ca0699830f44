"""Writers for scripts/render_formats.py: source blocks -> HTML, DOCX or PDF bytes.

HTML comes in two flavours (alternating by document): a Confluence page export (chrome,
breadcrumbs, metadata, scripts around `#main-content`, the title in an `h1` above it) and a
Google Docs export (bold as CSS classes, `p.title`, flat `lst-kix_*-N` lists). DOCX uses
Word's built-in heading and list styles, with numbering restarted per list. PDF (fpdf2,
DejaVu fonts) sets headings larger, body text 10.5 pt, tables with ruled borders, code in
a monospace font, and a running head and page footer on every page.
"""
from __future__ import annotations

import html
import io
import logging
import re
from pathlib import Path

from render_formats import Block, text_of

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
HEADING_SIZES = {1: 18, 2: 15, 3: 13, 4: 11.5, 5: 10.5, 6: 10.5}
BODY_SIZE, CODE_SIZE, LINE = 10.5, 9, 5.2


class Unsupported(Exception):
    """The document holds something this writer does not render."""


def html_block_lines(raw: str) -> list[str]:
    """Text lines of a raw HTML block (for the writers that cannot embed HTML)."""
    text = re.sub(r"<br\s*/?>|</p>|</li>|</h\d>|</tr>|</div>", "\n", raw, flags=re.I)
    text = html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\u00a0", " ")
    return [line.strip() for line in text.split("\n") if line.strip()]


# ---------------------------------------------------------------- HTML

def _html_runs(runs, bold_open="<strong>", bold_close="</strong>") -> str:
    return "".join(f"{bold_open}{html.escape(t)}{bold_close}" if b else html.escape(t) for t, b in runs)


def _html_lines(block: Block, **kw) -> str:
    return "<br>\n".join(_html_runs(line, **kw) for line in block.lines)


def _html_list(blocks: list[Block], start: int, out: list[str]) -> int:
    """Writes one list (nested lists inside their items) and returns where it ended."""
    first = blocks[start]
    depth, ordered = first.level, first.number is not None
    tag = "ol" if ordered else "ul"
    attrs = f' start="{first.number}"' if ordered and first.number != 1 else ""
    out.append(f"<{tag}{attrs}>")
    index = start
    while index < len(blocks) and _same_list(blocks[index], first) and blocks[index].level >= depth:
        if blocks[index].level > depth:
            out[-1] = out[-1][:-len("</li>")]  # reopen the last item to nest the deeper list in it
            index = _html_list(blocks, index, out)
            out.append("</li>")
            continue
        out.append(f"<li>{_html_lines(blocks[index])}</li>")
        index += 1
    out.append(f"</{tag}>")
    return index


def _gdocs_list(blocks: list[Block], start: int, out: list[str]) -> int:
    """Google Docs writes nested lists flat: one list per run of items of one level, with
    the level in a `lst-kix_ID-LEVEL` class."""
    first = blocks[start]
    index = start
    while index < len(blocks) and _same_list(blocks[index], first):
        level, ordered = blocks[index].level, blocks[index].number is not None
        tag = "ol" if ordered else "ul"
        attrs = f' start="{blocks[index].number}"' if ordered else ""
        out.append(f'<{tag} class="c5 lst-kix_list{first.list_id}-{level} start"{attrs}>')
        while index < len(blocks) and _same_list(blocks[index], first) and blocks[index].level == level:
            out.append(f'<li class="c2"><span>{_html_lines(blocks[index], **GDOCS_BOLD)}</span></li>')
            index += 1
        out.append(f"</{tag}>")
    return index


def _same_list(block: Block, first: Block) -> bool:
    return block.kind == "item" and block.list_id == first.list_id


def _html_body(blocks: list[Block], gdocs: bool) -> str:
    out: list[str] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == "item":
            index = (_gdocs_list if gdocs else _html_list)(blocks, index, out)
            continue
        if block.kind == "heading":
            out.append(f"<h{block.level}>{html.escape(' '.join(text_of(l) for l in block.lines))}</h{block.level}>")
        elif block.kind == "para" and gdocs:
            out.append(f'<p class="c2">{_html_lines(block, **GDOCS_BOLD)}</p>')
        elif block.kind == "para":
            out.append(f"<p>{_html_lines(block)}</p>")
        elif block.kind == "table":
            rows = [f"<tr>{''.join(f'<{c}>{html.escape(x)}</{c}>' for x in row)}</tr>"
                    for row, c in zip(block.rows, ["th"] + ["td"] * len(block.rows))]
            out.append("<table><tbody>" + "".join(rows) + "</tbody></table>")
        elif block.kind == "code":
            out.append("<pre>" + html.escape("\n".join(text_of(l) for l in block.lines)) + "</pre>")
        elif block.kind == "html":
            out.append(block.raw)
        if block.quote:
            out[-1] = f"<blockquote>{out[-1]}</blockquote>"
        index += 1
    return "\n".join(out)


CONFLUENCE = """<!DOCTYPE html>
<html><head><title>{title}</title><meta charset="utf-8">
<link rel="stylesheet" href="styles/site.css"><style>body {{ font-family: Arial; }}</style>
<script>window.AJS = {{ params: {{ pageTitle: "{title}" }} }};</script></head>
<body class="theme-default"><div id="page"><div id="main" class="aui-page-panel">
<div id="main-header"><div id="breadcrumb-section"><nav><ol id="breadcrumbs">
<li><a href="index.html">Engineering</a></li><li><a href="Postmortems.html">Postmortems</a></li></ol></nav></div>
<h1 id="title-heading" class="pagetitle"><span id="title-text">{heading}</span></h1></div>
<div id="content" class="view"><div class="page-metadata">Created by Ops Bot, last modified on 12 March 2024</div>
<div id="main-content" class="wiki-content group">
{body}
</div></div></div></div>
<div id="footer" role="contentinfo"><section class="footer-body"><p>Document generated by Confluence</p></section></div>
<script>document.querySelectorAll("a").forEach(function (a) {{ a.rel = "noopener"; }});</script>
</body></html>
"""
GDOCS_BOLD = {"bold_open": '<span class="c7">', "bold_close": "</span>"}  # bold by CSS class
GDOCS = """<html><head><meta content="text/html; charset=UTF-8" http-equiv="content-type">
<style type="text/css">.c7{{font-weight:700;color:#000000}}.c2{{padding-top:0pt;line-height:1.15}}.title{{font-size:26pt}}</style>
</head><body class="c9 doc-content">{body}</body></html>
"""


def write_html(blocks: list[Block], title: str, flavour: int = 0) -> bytes:
    gdocs = flavour % 2 == 1
    heading = None
    if blocks and blocks[0].kind == "heading" and blocks[0].level == 1:
        heading, blocks = " ".join(text_of(line) for line in blocks[0].lines), blocks[1:]
    body = _html_body(blocks, gdocs)
    if gdocs:
        top = f'<p class="c2 title"><span>{html.escape(heading)}</span></p>\n' if heading else ""
        page = GDOCS.format(body=top + body)
    else:
        page = CONFLUENCE.format(title=html.escape(title), heading=html.escape(heading or title), body=body)
        if not heading:  # no title in the source: the page title must not become one
            page = page.replace('<h1 id="title-heading" class="pagetitle"><span id="title-text">'
                                f'{html.escape(title)}</span></h1>', "")
    return page.encode("utf-8")


# ---------------------------------------------------------------- DOCX

def write_docx(blocks: list[Block], title: str, flavour: int = 0) -> bytes:
    import docx
    from docx.shared import Pt

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = f"{title} | Internal"
    document.sections[0].footer.paragraphs[0].text = "Confidential: do not forward"
    numbering = _Restarts(document)
    for block in blocks:
        if block.kind == "heading":
            document.add_heading(" ".join(text_of(line) for line in block.lines), min(block.level, 6))
        elif block.kind in ("para", "item"):
            style = _docx_list_style(block) if block.kind == "item" else ("Quote" if block.quote else None)
            paragraph = document.add_paragraph(style=style)
            if block.kind == "item" and block.number is not None:
                numbering.apply(paragraph, block)
            _docx_runs(paragraph, block.lines)
        elif block.kind == "table":
            _docx_table(document, block.rows)
        elif block.kind == "code":
            for line in block.lines:
                run = document.add_paragraph(style="No Spacing").add_run(text_of(line))
                run.font.name, run.font.size = "Courier New", Pt(9)
        elif block.kind == "html":
            for line in html_block_lines(block.raw):
                document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _docx_list_style(block: Block) -> str:
    base = "List Number" if block.number is not None else "List Bullet"
    return base if block.level == 0 else f"{base} {min(block.level + 1, 3)}"


def _docx_runs(paragraph, lines) -> None:
    for index, line in enumerate(lines):
        for text, bold in line:
            run = paragraph.add_run(text)
            run.bold = bold or None
        if index < len(lines) - 1:
            paragraph.add_run().add_break()


def _docx_table(document, rows: list[list[str]]) -> None:
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            cell.text = text
            if r == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True


class _Restarts:
    """Each numbered list gets its own w:num, restarting at its first number, as Word does."""

    def __init__(self, document):
        self.document = document
        self.nums: dict[tuple[int, int], str] = {}

    def apply(self, paragraph, block: Block) -> None:
        key = (block.list_id, block.level)
        if key not in self.nums:
            self.nums[key] = self._new_num(paragraph.style, block.number)
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = int(self.nums[key])

    def _new_num(self, style, start: int) -> str:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        numbering = self.document.part.numbering_part.element
        base = style.element.pPr.numPr.numId.val
        template = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == str(base))
        abstract = template.find(qn("w:abstractNumId")).get(qn("w:val"))
        num_id = str(max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1)
        num = OxmlElement("w:num", {qn("w:numId"): num_id})
        ref = OxmlElement("w:abstractNumId", {qn("w:val"): abstract})
        override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): "0"})
        override.append(OxmlElement("w:startOverride", {qn("w:val"): str(start)}))
        num.append(ref)
        num.append(override)
        numbering.append(num)
        return num_id


# ---------------------------------------------------------------- PDF

def write_pdf(blocks: list[Block], title: str, flavour: int = 0) -> bytes:
    from fpdf import FPDF

    logging.getLogger("fpdf").setLevel(logging.ERROR)

    class Page(FPDF):
        def header(self):
            self.set_font("body", size=8)
            self.cell(0, 6, f"{title}  ·  Internal", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-14)
            self.set_font("body", size=8)
            self.cell(0, 6, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Page(format="A4")
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("mono", "", str(FONT_DIR / "DejaVuSansMono.ttf"))
    pdf.add_page()
    for block in blocks:
        _PDF_BLOCKS[block.kind](pdf, block)
    return bytes(pdf.output())


def _pdf_text(text: str) -> str:
    return text.replace("\t", "    ")


def _pdf_heading(pdf, block: Block) -> None:
    size = HEADING_SIZES.get(block.level, BODY_SIZE)
    pdf.ln(2)
    pdf.set_font("body", "B", size)
    pdf.multi_cell(0, size * 0.5, _pdf_text(" ".join(text_of(l) for l in block.lines)), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _pdf_runs(pdf, lines) -> None:
    for index, line in enumerate(lines):
        for text, bold in line:
            pdf.set_font("body", "B" if bold else "", BODY_SIZE)
            pdf.write(LINE, _pdf_text(text))
        pdf.ln(LINE)


def _pdf_para(pdf, block: Block) -> None:
    indent = 8 * block.quote
    pdf.set_left_margin(20 + indent)
    pdf.set_x(20 + indent)
    _pdf_runs(pdf, block.lines)
    pdf.set_left_margin(20)
    pdf.ln(3)


def _pdf_item(pdf, block: Block) -> None:
    marker_x = 24 + 7 * block.level + 8 * block.quote
    marker = f"{block.number}." if block.number is not None else "•"
    pdf.set_font("body", "", BODY_SIZE)
    pdf.set_x(marker_x)
    pdf.cell(7, LINE, marker)
    pdf.set_left_margin(marker_x + 7)
    pdf.set_x(marker_x + 7)
    _pdf_runs(pdf, block.lines)
    pdf.set_left_margin(20)
    pdf.ln(0.8)


def _pdf_table(pdf, block: Block) -> None:
    pdf.set_font("body", "", BODY_SIZE - 0.5)
    width = max(len(row) for row in block.rows)
    with pdf.table(line_height=LINE, first_row_as_headings=True, text_align="LEFT") as table:
        for row in block.rows:
            cells = table.row()
            for text in row + [""] * (width - len(row)):
                cells.cell(_pdf_text(text))
    pdf.ln(3)


def _pdf_code(pdf, block: Block) -> None:
    pdf.set_font("mono", "", CODE_SIZE)
    for line in block.lines:
        pdf.set_x(22)
        pdf.multi_cell(0, CODE_SIZE * 0.45, _pdf_text(text_of(line)) or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _pdf_html(pdf, block: Block) -> None:
    for line in html_block_lines(block.raw):
        _pdf_para(pdf, Block("para", [[(line, False)]]))


_PDF_BLOCKS = {"heading": _pdf_heading, "para": _pdf_para, "item": _pdf_item, "table": _pdf_table,
               "code": _pdf_code, "html": _pdf_html}
WRITERS = {"html": write_html, "docx": write_docx, "pdf": write_pdf}
