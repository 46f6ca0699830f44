"""A plain view of the document that keeps every character offset.

Postmortems arrive with markdown emphasis, inline HTML, entities, links, images and code
blocks. Rather than strip them (and lose the offsets that every span must keep), `plain_view`
returns a string of the *same length* in which markup is blanked to spaces, `<br>` becomes a
line break and entities become their character padded with spaces. Every stage matches on
this view and slices the real text with the same offsets.
"""
from __future__ import annotations

import html
import re
from typing import NamedTuple

# (pattern, replacement kind). Order matters: code first, then tags, then emphasis.
_FENCED_CODE = re.compile(r"^[ \t]*(```|~~~)[^\n]*\n.*?(?:^[ \t]*\1[^\n]*$|\Z)", re.M | re.S)
_BREAK_TAG = re.compile(r"<br\s*/?>|</p>|</div>|</li>|</tr>|</h[1-6]>", re.I)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]{0,400})?/?>|<!--.{0,2000}?-->", re.S)
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{1,7}|#x[0-9A-Fa-f]{1,6});")
_IMAGE = re.compile(r"!\[[^\]\n]{0,300}\]\([^)\n]{0,500}\)")
_LINK = re.compile(r"\[([^\]\n]{1,300})\](\([^)\n]{0,500}\)|\[[^\]\n]{0,100}\])")
# Emphasis: `*` opening (space before, word after) or closing (word before), `_` at a word
# edge, backticks, `~~`. Every alternative starts with its literal character and checks the
# character before it with a look-behind placed after it: `re` then skips to the next
# candidate character instead of trying each position (20x faster on prose).
_EMPHASIS = re.compile(r"\*(?<!\S\*)\*{0,2}(?=\S)|\*(?<=\S\*)\*{0,2}|_(?<![A-Za-z0-9]_)_{0,2}|__{0,2}(?![A-Za-z0-9])|``*|~~")
_ESCAPE = re.compile(r"\\(?=[\\`*_{}\[\]()#+\-.!<>|])")
_REF_DEFINITION = re.compile(r"^[ ]{0,3}\[[^\]\n]{1,100}\]:[^\n]*$", re.M)
_CARRIAGE_RETURN = re.compile(r"\r(\n?)")


def _blank(match: re.Match) -> str:
    """Same length, markup gone, line breaks kept."""
    return re.sub(r"[^\n]", " ", match.group(0))


def _line_end(match: re.Match) -> str:
    """CRLF -> space + LF, a lone CR (old Mac files) -> LF: every line ends in LF, same length."""
    return " \n" if match.group(1) else "\n"


def _break(match: re.Match) -> str:
    return "\n" + " " * (len(match.group(0)) - 1)


def _link_text(match: re.Match) -> str:
    """`[text](target)` -> ` text` and blanks: the words stay where they were."""
    return " " + match.group(1) + " " * len(match.group(2)) + " "


def _entity(match: re.Match) -> str:
    raw = match.group(0)
    char = html.unescape(raw)
    if len(char) != 1 or char == raw:
        return raw
    if char in "\u00a0\u2002\u2003\u2009":
        char = " "
    return char + " " * (len(raw) - 1)


def _fence_lines(match: re.Match) -> str:
    """A fenced code block keeps its content (log lines and pasted chats are timelines);
    only the fence lines themselves are blanked."""
    block = match.group(0)
    lines = block.split("\n")
    for index in (0, len(lines) - 1):
        if lines[index].lstrip().startswith(("```", "~~~")):
            lines[index] = " " * len(lines[index])
    return "\n".join(lines)


def code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each fenced code block, fences included."""
    return [match.span() for match in _FENCED_CODE.finditer(_lf(text))]


def _lf(text: str) -> str:
    """Every line end as LF (CR and CRLF files too), same length: `^`/`$` patterns need it."""
    return _CARRIAGE_RETURN.sub(_line_end, text) if "\r" in text else text


def plain_view(text: str) -> str:
    """The text with markup blanked; `len(plain_view(t)) == len(t)` always."""
    view = _lf(text)
    if "```" in view or "~~~" in view:
        view = _FENCED_CODE.sub(_fence_lines, view)
    if "]:" in view:
        view = _REF_DEFINITION.sub(_blank, view)
    view = _IMAGE.sub(_blank, view)
    view = _LINK.sub(_link_text, view)
    view = _BREAK_TAG.sub(_break, view)
    view = _HTML_TAG.sub(_blank, view)
    view = _ENTITY.sub(_entity, view)
    view = _ESCAPE.sub(" ", view)
    view = _EMPHASIS.sub(_blank, view)
    return view


class Line(NamedTuple):
    """One line of the plain view: its offsets, indentation and list marker.
    (A named tuple: documents have thousands of lines and tuples are cheap to make.)"""

    start: int          # offset of the first character of the line
    end: int            # offset of the line break (exclusive end)
    indent: int         # columns of leading white space (tab = 4)
    bullet: str         # the list marker ("-", "•", "1.", "o", "[ ]", ...) or ""
    content_start: int  # offset where the text after indent and marker begins
    text: str           # the plain text after indent and marker, right-stripped
    code: bool = False  # inside a fenced code block

    @property
    def blank(self) -> bool:
        return not self.text


_BULLET = re.compile(
    r"[ \t]*(?P<marker>(?:[-*+•◦▪‣●○■□➢➤►✓✔✅☐☑\uf0a7\uf0b7\uf0d8\uf076]|o(?=\t| {2,})|"
    r"\d{1,3}[.)](?=\s)|\d{1,3},(?=\s)|[a-zA-Z][.)](?=\s)|\((?:\d{1,3}|[a-z])\))"
    r"(?:[ \t]+\[[ xX]?\])?)[ \t]+"
)
_INDENT = re.compile(r"[ \t\u00a0\u3000]*")
_CHECKBOX = re.compile(r"[ \t]*\[[ xX]?\][ \t]+")


def split_lines(view: str, text: str) -> list[Line]:
    """Lines of the plain view; `text` is the raw text it was made from (for indentation)."""
    lines = []
    position = 0
    fences = code_spans(text) if "```" in text or "~~~" in text else []
    fence = 0
    for raw in view.split("\n"):
        while fence < len(fences) and fences[fence][1] <= position:
            fence += 1
        code = fence < len(fences) and fences[fence][0] <= position < fences[fence][1]
        lines.append(_line(raw, position, _indent(text, position, len(raw)), code))
        position += len(raw) + 1
    return lines


def _indent(text: str, start: int, length: int) -> int:
    """Columns of the raw line's leading white space, a tab counting 4."""
    if not length or text[start] not in " \t\u00a0\u3000":
        return 0
    white = _INDENT.match(text, start, start + length).group(0)
    return len(white) + 3 * white.count("\t")


def _line(raw: str, start: int, indent: int, code: bool) -> Line:
    if not raw.strip(" \t\u00a0\u3000"):    # blank: nothing but indentation
        return Line(start, start + len(raw), indent, "", start + len(raw), "", code)
    marker = ""
    offset = _INDENT.match(raw).end()
    bullet = _BULLET.match(raw)
    if bullet:
        marker, offset = bullet.group("marker").strip(), bullet.end()
    else:
        checkbox = _CHECKBOX.match(raw)
        if checkbox:
            marker, offset = "[ ]", checkbox.end()
    # Emphasis and tags before the text were blanked to spaces: skip them too.
    while offset < len(raw) and raw[offset] in " \t":
        offset += 1
    return Line(start, start + len(raw), indent, marker, start + offset, raw[offset:].rstrip(), code)
