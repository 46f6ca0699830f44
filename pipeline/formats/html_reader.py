"""HTML reader (extra `html`, lxml): wiki exports and saved pages -> blocks.

Confluence exports keep the page in `#main-content` and the title in an `h1` above it;
Google Docs exports mark bold with CSS classes, the title with `p.title` and list depth
with `lst-kix_*-N` classes. Scripts, styles, navigation, hidden elements and the page
chrome around the main content are dropped; entities are decoded by the parser.
"""
from __future__ import annotations

import codecs
import re

import lxml.html
from lxml import etree

from pipeline.errors import PostmortemError
from pipeline.formats import Parsed, Unreadable
from pipeline.formats.blocks import Code, Heading, Item, Paragraph, Runs, Table, inline_text, ordinal_marker, plain

DROPPED = frozenset("""script style noscript template nav iframe frame svg math button form select
    textarea input head title meta link object embed canvas map audio video""".split())
CHROME_TAGS = frozenset({"header", "footer", "aside"})  # dropped when there is no main element
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary"})
# Where the page itself is, most specific first (Confluence: #main-content / .wiki-content).
CONTENT_ROOTS = ("//main", "//*[@role='main']", "//*[@id='main-content']",
                 "//*[contains(concat(' ', normalize-space(@class), ' '), ' wiki-content ')]", "//article")
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
CLASS_HEADINGS = {"title": 1}  # Google Docs: <p class="title">
BOLD_TAGS = frozenset({"b", "strong"})
BLOCK_TAGS = frozenset("""p div section article main header footer aside address center
    dl dt dd figure figcaption details summary fieldset legend hr li tr td th caption""".split())
LAYOUT_CONTENT = ".//h1|.//h2|.//h3|.//h4|.//ul|.//ol|.//table|.//pre"

_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)
_BOLD_CLASS = re.compile(r"\.([\w-]+)\s*\{[^}]*?font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b", re.I)
_KIX_LEVEL = re.compile(r"\blst-kix_\w+-(\d+)\b")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WHITE = re.compile(r"[ \t\n\r\f]+")


def parse(data: bytes) -> Parsed:
    text, encoding, notes = decode_html(data)
    try:
        document = lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    except (etree.ParserError, ValueError) as exc:
        raise Unreadable(f"not an HTML document ({exc})") from None
    walker = _Walker(bold_classes(document))
    root = content_root(document)
    title = _title_outside(document, root)
    if title:
        walker.blocks.append(Heading(1, title))
    walker.walk_children(root, bold=False, chrome=root.tag == "body")
    walker.flush()
    return Parsed(walker.blocks, encoding=encoding, warnings=notes)


def decode_html(data: bytes) -> tuple[str, str, list[dict]]:
    """Bytes -> text: a byte order mark, else the page's declared charset, else as ingest decodes."""
    from pipeline.ingest import decode

    declared = _META_CHARSET.search(data[:4096])
    has_bom = data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if declared and not has_bom:
        name = declared.group(1).decode("ascii", "replace").lower()
        try:
            return data.decode(name), name, []
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong or unknown declaration: guess instead
    try:
        return decode(data)
    except PostmortemError as exc:
        raise Unreadable(exc.reason) from None


def bold_classes(document) -> frozenset[str]:
    """CSS classes whose rules make text bold (Google Docs writes bold this way)."""
    css = " ".join(style.text or "" for style in document.iter("style"))
    return frozenset(_BOLD_CLASS.findall(css))


def content_root(document):
    """The element holding the page itself, else the body."""
    for query in CONTENT_ROOTS:
        for element in document.xpath(query):
            if element.text_content().strip():
                return element
    body = document.find("body")
    return body if body is not None else document


def _title_outside(document, root) -> str | None:
    """The page title that Confluence puts in an h1 above the main content."""
    if root.tag == "body" or root.xpath(".//h1"):
        return None
    for heading in document.iter("h1"):
        if root not in heading.iterancestors():
            return flat_text(heading) or None
    return None


def _class_heading(element) -> int | None:
    return next((CLASS_HEADINGS[name] for name in element.get("class", "").split() if name in CLASS_HEADINGS), None)


def _dropped(element, chrome: bool) -> bool:
    if not isinstance(element.tag, str) or element.tag in DROPPED:
        return True
    if element.get("role") in CHROME_ROLES or element.get("aria-hidden") == "true":
        return True
    if _HIDDEN.search(element.get("style") or "") or element.get("hidden") is not None:
        return True
    return chrome and element.tag in CHROME_TAGS


class _Walker:
    """Walks the tree once, collecting inline runs and closing them into blocks."""

    def __init__(self, bold_css: frozenset[str]):
        self.bold_css = bold_css
        self.blocks: list = []
        self.runs: Runs = []
        self.item: Item | None = None  # the list item whose text is being collected
        self.quote = 0

    def flush(self) -> None:
        text = inline_text(self.runs)
        self.runs = []
        if not text:
            return
        if self.item is not None:
            self.item.text = f"{self.item.text}\n{text}" if self.item.text else text
        else:
            self.blocks.append(Paragraph(text, quote=self.quote))

    def walk_children(self, element, bold: bool, chrome: bool = False, depth: int = 0) -> None:
        if element.text:
            self.runs.append((_WHITE.sub(" ", element.text), bold))
        for child in element:
            if not _dropped(child, chrome):
                self.walk(child, bold, depth)
            if child.tail:
                self.runs.append((_WHITE.sub(" ", child.tail), bold))

    def walk(self, element, bold: bool, depth: int) -> None:
        tag = element.tag
        bold = bold or tag in BOLD_TAGS or self._css_bold(element)
        level = HEADINGS.get(tag) or _class_heading(element)
        if level:
            self.flush()
            text = flat_text(element)
            if text:
                self.blocks.append(Heading(level, text, quote=self.quote))
        elif tag == "br":
            self.runs.append(("\n", bold))
        elif tag in ("ul", "ol"):
            self.flush()
            self._list(element, bold, depth)
        elif tag == "table":
            self.flush()
            self._table(element, bold, depth)
        elif tag == "pre":
            self.flush()
            self.blocks.append(Code(element.text_content().strip("\n").split("\n"), quote=self.quote))
        elif tag == "blockquote":
            self.flush()
            self.quote += 1
            self.walk_children(element, bold, depth=depth)
            self.flush()
            self.quote -= 1
        elif tag in BLOCK_TAGS:
            self.flush()
            self.walk_children(element, bold, depth=depth)
            self.flush()
        else:
            self.walk_children(element, bold, depth=depth)

    def _css_bold(self, element) -> bool:
        if _BOLD_STYLE.search(element.get("style") or ""):
            return True
        return bool(self.bold_css) and any(name in self.bold_css for name in element.get("class", "").split())

    def _list(self, element, bold: bool, depth: int, nested: bool = False) -> None:
        kix = _KIX_LEVEL.search(element.get("class", ""))
        level = int(kix.group(1)) if kix else 0
        depth += level
        number = _integer(element.get("start"), 1)
        style = element.get("type", "1")
        first = not nested and not level
        for child in element:
            if _dropped(child, False):
                continue
            if child.tag != "li":
                self.walk(child, bold, depth)
                continue
            number = _integer(child.get("value"), number)
            marker = ordinal_marker(number, style) if element.tag == "ol" else "-"
            self._item(child, bold, depth, marker, first)
            number, first = number + 1, False
        self.flush()

    def _item(self, element, bold: bool, depth: int, marker: str, first: bool) -> None:
        outer = self.item
        self.item = Item("", depth, marker, opens_list=first, quote=self.quote)
        self.blocks.append(self.item)
        if element.text:
            self.runs.append((_WHITE.sub(" ", element.text), bold))
        for child in element:
            if child.tag in ("ul", "ol") and not _dropped(child, False):
                self.flush()
                item, self.item = self.item, None
                self._list(child, bold, depth + 1, nested=True)
                self.item = item
            elif not _dropped(child, False):
                self.walk(child, bold, depth)
            if child.tail:
                self.runs.append((_WHITE.sub(" ", child.tail), bold))
        self.flush()
        self.item = outer

    def _table(self, element, bold: bool, depth: int) -> None:
        if element.xpath(LAYOUT_CONTENT):  # a table used for layout: read what is inside it
            self.walk_children(element, bold, depth=depth)
            self.flush()
            return
        rows = []
        for row in element.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr"):
            cells = []
            for cell in row:
                if cell.tag in ("td", "th") and not _dropped(cell, False):
                    cells.append(flat_text(cell))
                    cells += [""] * (_integer(cell.get("colspan"), 1) - 1)
            rows.append(cells)
        self.blocks.append(Table(rows, quote=self.quote))


def flat_text(element) -> str:
    """An element's text on one line, without what would be dropped, blocks spaced apart."""
    return plain(_WHITE.sub(" ", "".join(_texts(element))))


def _texts(element):
    yield element.text or ""
    for child in element:
        if not _dropped(child, False):
            spaced = child.tag == "br" or child.tag in BLOCK_TAGS
            yield " " if spaced else ""
            yield from _texts(child)
            yield " " if spaced else ""
        yield child.tail or ""


def _integer(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
