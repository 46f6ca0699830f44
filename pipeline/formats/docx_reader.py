"""Word reader (extra `docx`, python-docx): a .docx file -> blocks.

Headings come from the paragraph's outline level or its style ("Heading 2", "Title"),
following the style's base styles; list items from Word numbering (the paragraph's own or
its style's), numbered the way Word shows them; tables row by row (merged cells padded);
runs in a monospace font as code. Content controls are read, a table of contents is not.
Page headers and footers live in other parts of the package and are never read.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from lxml import etree

from pipeline.formats import Parsed, Unreadable
from pipeline.formats.blocks import Code, Heading, Item, Paragraph, Runs, Table, inline_text, ordinal_marker, plain

MAX_UNPACKED = 256 * 1024 * 1024  # a zip that unpacks to more than this is refused
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
RUN_PATH = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:fldSimple/w:r | ./w:sdt/w:sdtContent/w:r"
MONOSPACE = re.compile(r"courier|consolas|mono|menlo|monaco|lucida console|source code|fira code", re.I)
CODE_STYLES = frozenset({"html preformatted", "code", "source code", "plain text"})
SKIPPED_GALLERIES = frozenset({"Table of Contents", "Bibliographies"})
_HEADING_NAME = re.compile(r"^(?:heading\s*(\d)|(title))$", re.I)
_LIST_NAME_DEPTH = re.compile(r"^list (?:bullet|number|continue|paragraph)\s+(\d)$", re.I)
_TOC_NAME = re.compile(r"^toc\b|^table of contents", re.I)
BODY_TEXT_LEVEL = 9  # w:outlineLvl 9 means body text


@dataclass(frozen=True)
class StyleInfo:
    name: str
    level: int | None          # heading level
    num: tuple[str, int | None] | None  # (numId, ilvl) of style-linked numbering
    monospace: bool


def parse(data: bytes) -> Parsed:
    document = open_docx(data)
    try:
        reader = _Body(document)
        reader.read(document.element.body)
    except (ValueError, KeyError, IndexError, etree.LxmlError) as exc:
        raise Unreadable(f"damaged document content ({type(exc).__name__}: {_short(exc)})") from None
    return Parsed(reader.blocks)


def open_docx(data: bytes):
    """python-docx's Document for the bytes; Unreadable with the reason when it is not one."""
    if data.startswith(OLE_MAGIC):
        raise Unreadable("an old Word 97-2003 (.doc) file, not .docx: save it as .docx first")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise Unreadable("not a zip archive (a .docx file is one): damaged, truncated or another format") from None
    if unpacked > MAX_UNPACKED:
        raise Unreadable(f"unpacks to {unpacked} bytes, over the limit of {MAX_UNPACKED}")
    if "[Content_Types].xml" not in names:
        raise Unreadable("a zip archive but not an Office document (no [Content_Types].xml)")
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise Unreadable(f"not a readable Word document ({_short(exc)})") from None


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


class _Body:
    """Reads the body's paragraphs and tables in order."""

    def __init__(self, document):
        self.document = document
        self.blocks: list = []
        self.numbering = _Numbering(document)
        self.style = lru_cache(maxsize=None)(self._style)
        self.last_num: str | None = None

    def read(self, container) -> None:
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                self._paragraph(child)
            elif child.tag == qn("w:tbl"):
                self._table(child)
            elif child.tag == qn("w:sdt") and not _is_gallery(child):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.read(content)

    def _paragraph(self, p) -> None:
        info = self.style(p.style)
        if _TOC_NAME.match(info.name):
            return
        runs = _runs(p)
        text = inline_text(runs)
        level = _outline_level(p) or info.level
        num = _own_numbering(p) or info.num
        if level and plain(text):
            self._add(Heading(level, plain(text)))
        elif num and num[0] != "0" and text:
            self._add(self._item(num, text, info))
        elif text and (info.monospace or info.name.lower() in CODE_STYLES or _all_monospace(p)):
            self._add_code("".join(piece for piece, _ in runs))
        elif text:
            self._add(Paragraph(text))

    def _item(self, num: tuple[str, int | None], text: str, info: StyleInfo) -> Item:
        num_id, ilvl = num
        if ilvl is None:
            ilvl = self.numbering.level_of_style(num_id, info.name)
        named = _LIST_NAME_DEPTH.match(info.name)
        depth = ilvl if ilvl or not named else int(named.group(1)) - 1
        marker = self.numbering.marker(num_id, ilvl)
        opens = depth == 0 and self.last_num not in (None, num_id)  # another list right after one
        if depth == 0:
            self.last_num = num_id
        return Item(text, depth, marker, opens_list=opens)

    def _add(self, block) -> None:
        self.blocks.append(block)

    def _add_code(self, line: str) -> None:
        if self.blocks and isinstance(self.blocks[-1], Code):
            self.blocks[-1].lines.extend(line.split("\n"))
        else:
            self.blocks.append(Code(line.split("\n")))

    def _table(self, tbl) -> None:
        rows = tbl.findall(qn("w:tr"))
        cells = [row.findall(qn("w:tc")) for row in rows]
        if len(cells) == 1 and len(cells[0]) == 1:  # a one-cell frame around content: read inside
            self.read(cells[0][0])
            return
        table = []
        for row in cells:
            values = []
            for tc in row:
                values.append(plain(" ".join(inline_text(_runs(p)) for p in tc.iter(qn("w:p")))))
                values += [""] * (max(tc.grid_span, 1) - 1)
            table.append(values)
        self.blocks.append(Table(table))

    def _style(self, style_id: str | None) -> StyleInfo:
        styles = self.document.styles
        style = None
        if style_id:
            style = next((s for s in styles if s.style_id == style_id), None)
        if style is None:
            style = styles.default(WD_STYLE_TYPE.PARAGRAPH)
        return _style_info(style) if style is not None else StyleInfo("", None, None, False)


def _style_info(style) -> StyleInfo:
    """Heading level, linked numbering and font of a style, inherited from its base styles."""
    name = style.name or ""
    level = num = None
    monospace = False
    seen = set()
    while style is not None and style.style_id not in seen:
        seen.add(style.style_id)
        ppr = style.element.pPr
        if level is None and ppr is not None and ppr.outlineLvl is not None:
            level = ppr.outlineLvl.val + 1 if ppr.outlineLvl.val < BODY_TEXT_LEVEL else 0
        if level is None and _HEADING_NAME.match(style.name or ""):
            match = _HEADING_NAME.match(style.name)
            level = int(match.group(1)) if match.group(1) else 1
        if num is None and ppr is not None and ppr.numPr is not None and ppr.numPr.numId is not None:
            ilvl = ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else None
            num = (str(ppr.numPr.numId.val), ilvl)
        rpr = style.element.rPr
        fonts = rpr.rFonts if rpr is not None else None
        monospace = monospace or bool(fonts is not None and MONOSPACE.search(fonts.get(qn("w:ascii")) or ""))
        style = style.base_style
    return StyleInfo(name, level or None, num, monospace)


def _outline_level(p) -> int | None:
    ppr = p.pPr
    if ppr is None or ppr.outlineLvl is None:
        return None
    return ppr.outlineLvl.val + 1 if ppr.outlineLvl.val < BODY_TEXT_LEVEL else None


def _own_numbering(p) -> tuple[str, int | None] | None:
    ppr = p.pPr
    if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
        return None
    return str(ppr.numPr.numId.val), ppr.numPr.ilvl.val if ppr.numPr.ilvl is not None else None


def _runs(p) -> Runs:
    runs = []
    for r in p.xpath(RUN_PATH):
        rpr = r.rPr
        bold = rpr is not None and rpr.b is not None and rpr.b.val is not False
        strong = rpr is not None and rpr.rStyle is not None and rpr.rStyle.val in ("Strong", "Bold")
        runs.append((r.text, bold or strong))
    return runs


def _all_monospace(p) -> bool:
    fonts = [r.rPr.rFonts.get(qn("w:ascii")) if r.rPr is not None and r.rPr.rFonts is not None else None
             for r in p.xpath(RUN_PATH) if r.text.strip()]
    return bool(fonts) and all(font and MONOSPACE.search(font) for font in fonts)


def _is_gallery(sdt) -> bool:
    gallery = sdt.find(f"{qn('w:sdtPr')}/{qn('w:docPartObj')}/{qn('w:docPartGallery')}")
    return gallery is not None and gallery.get(qn("w:val")) in SKIPPED_GALLERIES


class _Numbering:
    """Word's numbering definitions, and counters that number items the way Word shows them."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, int, str | None]]] = {}
        self.starts: dict[str, dict[int, int]] = {}
        self.counters: dict[str, list[int | None]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
            num_id = num.get(qn("w:numId"))
            self.levels[num_id] = _levels(definition) if definition is not None else {}
            self.starts[num_id] = {int(o.get(qn("w:ilvl"), 0)): int(s.get(qn("w:val"), 1))
                                   for o in num.findall(qn("w:lvlOverride"))
                                   for s in o.findall(qn("w:startOverride"))}

    def level_of_style(self, num_id: str, style_name: str) -> int:
        for ilvl, (_, _, pstyle) in self.levels.get(num_id, {}).items():
            if pstyle and pstyle.replace(" ", "").lower() == style_name.replace(" ", "").lower():
                return ilvl
        return 0

    def marker(self, num_id: str, ilvl: int) -> str:
        fmt, start, _ = self.levels.get(num_id, {}).get(ilvl, ("bullet", 1, None))
        if fmt in ("bullet", "none"):
            return "-"
        counters = self.counters.setdefault(num_id, [None] * 10)
        current = counters[ilvl]
        counters[ilvl] = self.starts.get(num_id, {}).get(ilvl, start) if current is None else current + 1
        counters[ilvl + 1:] = [None] * (len(counters) - ilvl - 1)
        return ordinal_marker(counters[ilvl], fmt)


def _levels(abstract) -> dict[int, tuple[str, int, str | None]]:
    """ilvl -> (number format, start value, linked paragraph style id)."""
    levels = {}
    for lvl in abstract.findall(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        start = lvl.find(qn("w:start"))
        pstyle = lvl.find(qn("w:pStyle"))
        levels[int(lvl.get(qn("w:ilvl"), 0))] = (
            fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            int(start.get(qn("w:val"), 1)) if start is not None else 1,
            pstyle.get(qn("w:val")) if pstyle is not None else None)
    return levels
