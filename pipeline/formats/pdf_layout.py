"""Lines -> blocks: the second half of the PDF layout.

A PDF's text layer has no paragraphs, lists or tables, only strings at positions. After
`pdf_lines` has made lines, this walks them once: larger or bold lines are headings;
lines opening with a bullet or a number are list items, nested by indentation; lines of
several segments are table rows (split into rows by ruled borders where there are some);
monospace lines are code; other lines join into paragraphs, where a line whose next word
would still have fitted ended with a hard break and any other was wrapped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.formats.blocks import Code, Heading, Item, Paragraph, Table, inline_text, plain
from pipeline.formats.pdf_lines import (
    BULLETS, MARKER, PARAGRAPH_GAP, Line, Metrics, PageText, drop_running_heads, heading_level, measure, page_lines,
)

TABLE_ROW_GAP = 2.6  # baseline gap, in line pitches, within which the next row continues a table


def blocks_from_pages(pages: list[PageText]) -> list:
    """Every page's text as blocks, in reading order."""
    per_page = drop_running_heads([page_lines(page, n) for n, page in enumerate(pages)],
                                  [page.height for page in pages])
    lines = [line for page in per_page for line in page]
    if not lines:
        return []
    return _Assembler(measure(lines), pages).run(lines)


@dataclass
class _TableLines:
    lines: list[Line] = field(default_factory=list)


class _Assembler:
    """Walks the lines once, extending the open block or closing it and opening the next."""

    def __init__(self, metrics: Metrics, pages: list[PageText]):
        self.metrics = metrics
        self.pages = pages
        self.blocks: list = []
        self.current = None
        self.last: Line | None = None
        self.indents: list[float] = []  # marker positions of the open list, outermost first
        self.anchor = 0.0               # where the open item's text or code block begins

    def run(self, lines: list[Line]) -> list:
        for line in lines:
            self._take(line)
            self.last = line
        self._open(None)
        return self.blocks

    def _take(self, line: Line) -> None:
        near = self._near(line)
        if line.mono:
            return self._code(line, near)
        if len(line.segments) > 1 or self._inside_table(line):
            if not isinstance(self.current, _TableLines) or not self._near_row(line):
                self._open(_TableLines())
            self.current.lines.append(line)
            return None
        level = heading_level(line, self.metrics)
        if level:
            return self._heading(line, level, near)
        marker = MARKER.match(line.text)
        if marker:
            return self._item(line, marker)
        if isinstance(self.current, (Paragraph, Item)) and self._continues(line, near):
            return self._extend(line)
        self._open(Paragraph(inline_text(_runs_of(line))))
        return None

    def _open(self, block) -> None:
        if isinstance(self.current, _TableLines):
            self.blocks.append(_table_block(self.current.lines, self.pages, self.metrics))
        elif self.current is not None:
            self.blocks.append(self.current)
        if not isinstance(block, Item):
            self.indents = []
        self.current = block

    def _near(self, line: Line) -> bool:
        last = self.last
        if last is None:
            return False
        if last.page == line.page:
            pitch = self.metrics.pitch * max(1.0, line.size / self.metrics.body)  # larger type, wider pitch
            return 0 < last.y - line.y <= PARAGRAPH_GAP * pitch
        return self._turned_page(line) and self._wrapped(last, line)

    def _turned_page(self, line: Line) -> bool:
        return self.last is not None and line.first_on_page and line.page == self.last.page + 1

    def _wrapped(self, line: Line, following: Line) -> bool:
        """Was the text wrapped after `line`? Only if the next line's first word would not
        have fitted in the room left at its end; otherwise the writer broke the line."""
        run = following.runs[0]
        word = run.text.lstrip().split(" ")[0]
        per_char = (run.x1 - run.x0) / max(len(run.text), 1)
        return line.x1 + (len(word) + 1) * per_char > self.metrics.right + 0.5

    def _continues(self, line: Line, near: bool) -> bool:
        if not near or abs(line.size - self.last.size) > 0.5 or self.last.mono:
            return False
        return not isinstance(self.current, Item) or line.x0 >= self.anchor - 2

    def _extend(self, line: Line) -> None:
        text = inline_text(_runs_of(line))
        joiner = " " if self._wrapped(self.last, line) else "\n"
        if joiner == " " and re.search(r"[A-Za-z]-$", self.current.text):
            joiner = ""  # a word hyphenated at the end of the line
        self.current.text += joiner + text

    def _heading(self, line: Line, level: int, near: bool) -> None:
        if isinstance(self.current, Heading) and near and self.current.level == level \
                and line.size == self.last.size:
            self.current.text += " " + plain(line.text)  # a heading wrapped onto two lines
            return
        self._open(Heading(level, plain(line.text)))

    def _item(self, line: Line, marker: re.Match) -> None:
        x = line.x0
        while self.indents and x < self.indents[-1] - 2:
            self.indents.pop()
        indents = self.indents if isinstance(self.current, Item) else []
        if not indents or x > indents[-1] + 2:
            indents.append(x)
        runs = _runs_of(line)
        item = Item(inline_text(_strip_prefix(runs, marker.end())), len(indents) - 1,
                    _normal_marker(marker.group("marker")))
        self._open(item)
        self.indents = indents
        rest = [run for run in line.runs if run.text.strip()]
        self.anchor = rest[1].x0 if len(rest) > 1 and rest[0].text.strip() in BULLETS else x + line.size

    def _code(self, line: Line, near: bool) -> None:
        if not isinstance(self.current, Code) or not near:
            self._open(Code([]))
            self.anchor = line.x0
        width = 0.6 * line.size  # monospace fonts advance about 0.6 em per character
        text = ""
        for run in (run for run in line.runs if run.text.strip()):
            column = max(0, round((run.x0 - self.anchor) / width))
            text += " " * max(column - len(text), 1 if text else 0) + run.text
        self.current.lines.append(text.rstrip())

    def _near_row(self, line: Line) -> bool:
        """Table rows stand further apart than lines of text (cell padding, borders)."""
        last = self.last
        if last.page == line.page:
            return 0 < last.y - line.y <= TABLE_ROW_GAP * self.metrics.pitch
        return self._turned_page(line)

    def _inside_table(self, line: Line) -> bool:
        """A one-segment line inside a table: a wrapped cell, or any line between ruled borders."""
        if not isinstance(self.current, _TableLines) or not self._near_row(line):
            return False
        starts = column_starts(self.current.lines)
        tolerance = 0.8 * line.size
        if any(abs(line.x0 - start) <= tolerance for start in starts[1:]):
            return True
        page = self.pages[line.page]
        return any(starts[0] - tolerance <= x <= starts[-1] + tolerance and y0 <= line.y <= y1
                   for x, y0, y1 in page.vrules)


def _runs_of(line: Line) -> list[tuple[str, bool]]:
    pieces: list[tuple[str, bool]] = []
    for index, segment in enumerate(line.segments):
        if index:
            pieces.append(("   ", False))
        pieces += [(run.text, run.bold) for run in segment]
    return pieces


def _strip_prefix(runs: list[tuple[str, bool]], length: int) -> list[tuple[str, bool]]:
    """The runs without their first `length` characters (a list marker)."""
    out = []
    for text, bold in runs:
        cut = min(length, len(text))
        length -= cut
        if text[cut:]:
            out.append((text[cut:], bold))
    return out


def _normal_marker(marker: str) -> str:
    if marker in BULLETS:
        return "-"
    return marker.lstrip("(")


def column_starts(lines: list[Line]) -> list[float]:
    """Left edges of a table's columns: segment starts that line up, leftmost first."""
    xs = sorted(segment[0].x0 for line in lines for segment in line.segments)
    starts: list[float] = []
    for x in xs:
        if not starts or x - starts[-1] > 0.8 * lines[0].size:
            starts.append(x)
    return starts


def _table_block(lines: list[Line], pages: list[PageText], metrics: Metrics):
    rows = table_rows(lines, pages)
    if len(rows) == 1:  # one line of tab-separated pieces is a sentence, not a table
        return Paragraph(inline_text([(cell + " ", False) for cell in rows[0]]))
    return Table(rows)


def table_rows(lines: list[Line], pages: list[PageText]) -> list[list[str]]:
    """Cells row by row: ruled borders split rows where a page has them, else a line that
    fills the first column starts a row and the others continue it."""
    starts = column_starts(lines)
    tolerance = 0.8 * lines[0].size
    rows: list[list[str]] = []
    key = None
    for line in lines:
        rules = _row_rules(lines, line.page, pages)
        if rules:
            line_key = (line.page, sum(1 for y in rules if y > line.y))
        else:
            first = line.x0 <= starts[0] + tolerance
            line_key = (line.page, len(rows)) if first or not rows else key
        if line_key != key or not rows:
            rows.append([""] * len(starts))
            key = line_key
        for segment in line.segments:
            column = max(i for i, start in enumerate(starts) if start <= segment[0].x0 + tolerance) \
                if segment[0].x0 + tolerance >= starts[0] else 0
            text = plain(inline_text([(run.text, False) for run in segment]))
            rows[-1][column] = f"{rows[-1][column]} {text}".strip()
    return _without_repeated_header(rows)


def _row_rules(lines: list[Line], page: int, pages: list[PageText]) -> list[float]:
    on_page = [line for line in lines if line.page == page]
    left = min(line.x0 for line in on_page)
    right = max(line.x1 for line in on_page)
    top = on_page[0].y + 2 * on_page[0].size
    bottom = on_page[-1].y - 2 * on_page[-1].size
    rules = sorted({round(y, 1) for x0, x1, y in pages[page].hrules
                    if bottom <= y <= top and x1 > left and x0 < right})
    return rules if len(rules) >= 2 else []


def _without_repeated_header(rows: list[list[str]]) -> list[list[str]]:
    """A header row repeated where the table goes on to a new page is read once."""
    if not rows:
        return rows
    return [rows[0]] + [row for row in rows[1:] if row != rows[0]]
