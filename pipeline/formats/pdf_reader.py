"""PDF reader (extra `pdf`, pdfminer.six): the text layer of a PDF -> blocks.

pdfminer parses the file and runs each page's content stream; our device records every
string drawn with its position, size and font (bold, monospace) and every straight rule,
without building per-character layout objects (that keeps a 20-page read well under a
second). `pdf_lines` and `pdf_layout` turn that into headings, paragraphs, lists and tables.
Encrypted files, damaged files and files with no text layer (scans) are refused with the
reason.
"""
from __future__ import annotations

import io
import math
import re

from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException
from pdfminer.utils import apply_matrix_pt, mult_matrix

from pipeline.errors import Warnings, warning
from pipeline.formats import Parsed, Unreadable
from pipeline.formats.pdf_layout import blocks_from_pages
from pipeline.formats.pdf_lines import PageText, Run

UNMAPPED_LIMIT = 0.3  # refuse a text layer with more than this share of characters unreadable
LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st",
                           "\u00ad": None, "\u0000": None})
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi|-bd\b|,b\b", re.I)
_MONO_NAME = re.compile(r"mono|courier|consola|menlo|code|typewriter|fixed", re.I)
FORCE_BOLD, FIXED_PITCH = 1 << 18, 1


def parse(data: bytes) -> Parsed:
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise Unreadable("not a PDF file (no %PDF header)")
    device = _open_and_read(data)
    chars = sum(len(run.text.strip()) for page in device.pages for run in page.runs)
    if chars == 0:
        reason = "no text layer: a scanned or image-only PDF (run OCR on it first)" if device.images \
            else "no text on any page"
        raise Unreadable(reason)
    notes = []
    if device.unmapped:
        if device.unmapped > UNMAPPED_LIMIT * (chars + device.unmapped):
            raise Unreadable(f"{device.unmapped} of its characters have no Unicode mapping in their fonts; "
                             "the text cannot be recovered (run OCR on it)")
        notes.append(warning(Warnings.W004, count=device.unmapped))
    if device.damaged:
        notes.append(warning(Warnings.W005, pages=len(device.pages)))
    return Parsed(blocks_from_pages(device.pages), encoding="pdf", warnings=notes)


def _open_and_read(data: bytes) -> "_TextDevice":
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except PDFPasswordIncorrect:
        raise Unreadable("encrypted: it needs a password to open") from None
    except PDFEncryptionError as exc:
        raise Unreadable(f"encrypted in a way that cannot be read ({exc})") from None
    except (PSException, ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError) as exc:
        raise Unreadable(f"damaged or not a PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
    resources = PDFResourceManager(caching=True)
    device = _TextDevice(resources)
    interpreter = PDFPageInterpreter(resources, device)
    try:
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
    except (PSException, ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError,
            ZeroDivisionError, OverflowError) as exc:
        if not device.pages:
            raise Unreadable(f"damaged PDF ({type(exc).__name__}: {str(exc)[:120]})") from None
        device.damaged = True  # keep the pages read before the damage
    return device


class _TextDevice(PDFDevice):
    """Collects positioned strings and rules, page by page."""

    def __init__(self, resources: PDFResourceManager):
        super().__init__(resources)
        self.pages: list[PageText] = []
        self.images = 0
        self.unmapped = 0
        self.damaged = False
        self.fonts: dict[int, tuple[bool, bool, dict]] = {}

    def begin_page(self, page, ctm) -> None:
        x0, y0, x1, y1 = page.mediabox
        self.pages.append(PageText(width=abs(x1 - x0), height=abs(y1 - y0)))

    def render_image(self, name, stream) -> None:
        self.images += 1

    def paint_path(self, graphicstate, stroke, fill, evenodd, path) -> None:
        if not (stroke or fill) or not self.pages:
            return
        page = self.pages[-1]
        start = previous = None
        for segment in path:
            if segment[0] == "h":
                point = start
            elif segment[0] in ("m", "l"):
                point = apply_matrix_pt(self.ctm, (segment[1], segment[2]))
            else:  # curves are never rules
                start = previous = None
                continue
            if segment[0] == "m":
                start = point
            elif previous is not None and point is not None:
                _add_rule(page, previous, point)
            previous = point

    def render_string(self, textstate, seq, ncs, graphicstate) -> None:
        font = textstate.font
        if font is None or not self.pages:
            return
        matrix = mult_matrix(textstate.matrix, self.ctm)
        a, b, c, d = matrix[:4]
        if a <= 0 or abs(b) > 0.1 * abs(a):  # rotated or mirrored text: a watermark or a label
            textstate.linematrix = _advance(textstate, seq, font)
            return
        bold, mono, cache = self._font(font)
        size = textstate.fontsize * math.hypot(c, d)
        x, y = textstate.linematrix
        scaling = textstate.scaling * 0.01
        charspace = textstate.charspace * scaling
        wordspace = 0 if font.is_multibyte() else textstate.wordspace * scaling
        start = x
        pieces: list[str] = []
        for obj in seq:
            if isinstance(obj, (int, float)):
                shift = -obj * 0.001 * textstate.fontsize * scaling
                if shift > 0.18 * textstate.fontsize and pieces and not pieces[-1].endswith(" "):
                    pieces.append(" ")  # a kerning jump as wide as a space is one
                x += shift
                continue
            for cid in font.decode(obj):
                char, width = cache.get(cid) or self._glyph(font, cid, cache)
                pieces.append(char)
                x += width * textstate.fontsize * scaling + charspace + (wordspace if cid == 32 else 0)
        textstate.linematrix = (x, y)
        text = "".join(pieces).translate(LIGATURES)
        if text:
            x0, y0 = apply_matrix_pt(matrix, (start, y))
            x1, _ = apply_matrix_pt(matrix, (x, y))
            self.pages[-1].runs.append(Run(text, x0, x1, y0, round(size, 1), bold, mono))

    def _font(self, font) -> tuple[bool, bool, dict]:
        known = self.fonts.get(id(font))
        if known is None:
            name = str(getattr(font, "fontname", "") or "")
            flags = int(getattr(font, "flags", 0) or 0)
            weight = (getattr(font, "descriptor", None) or {}).get("FontWeight", 0)
            bold = bool(_BOLD_NAME.search(name)) or bool(flags & FORCE_BOLD) or _number(weight) >= 600
            mono = bool(_MONO_NAME.search(name)) or bool(flags & FIXED_PITCH)
            known = self.fonts[id(font)] = (bold, mono, {})
        return known

    def _glyph(self, font, cid: int, cache: dict) -> tuple[str, float]:
        try:
            char = font.to_unichr(cid)
        except (PDFUnicodeNotDefined, KeyError, IndexError, UnicodeDecodeError):
            self.unmapped += 1
            char = "\ufffd"
        width = font.char_width(cid)
        if char != "\ufffd":
            cache[cid] = (char, width)
        return char, width


def _advance(textstate, seq, font) -> tuple[float, float]:
    """Where the text position ends after a string that is not kept."""
    x, y = textstate.linematrix
    scaling = textstate.scaling * 0.01
    for obj in seq:
        if isinstance(obj, (int, float)):
            x -= obj * 0.001 * textstate.fontsize * scaling
        else:
            x += sum(font.char_width(cid) for cid in font.decode(obj)) * textstate.fontsize * scaling
    return x, y


def _add_rule(page: PageText, p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y0 - y1) < 1 and abs(x1 - x0) > 2:
        page.hrules.append((min(x0, x1), max(x0, x1), (y0 + y1) / 2))
    elif abs(x0 - x1) < 1 and abs(y1 - y0) > 2:
        page.vrules.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _number(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
