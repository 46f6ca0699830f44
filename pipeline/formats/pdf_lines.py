"""Positioned text runs -> lines: the first half of the PDF layout (see `pdf_layout`).

Plain data (`Run`, `PageText`) in, `Line`s out, so all of it is testable without a PDF:
runs on one baseline make a line; a wide gap or a ruled border between two runs starts a
new segment (a table cell or a tab stop); the lines at the top and bottom of the pages
that repeat on most of them (digits aside) are running heads and footers, and go;
`measure` finds the body text's size, pitch and margins, and `heading_level` the lines
set larger (levelled by size) or short and all bold (the next level down).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median


SPACE_GAP = 0.18   # a gap wider than this many ems between runs is a space
CELL_GAP = 1.0     # ... and wider than this, a new segment (cell or tab stop)
HEADING_RATIO = 1.15  # lines this much larger than the body text are headings
BOLD_HEADING_WORDS = 12
HEADING_WORDS = 20
PARAGRAPH_GAP = 1.3  # a baseline gap this many line pitches wide ends a paragraph
RUNNING_LINES = 2     # how many lines at the top and bottom of a page may be running heads
RUNNING_SHARE = 0.5   # ... when they repeat on at least this share of the pages
EDGE_BAND = 0.12      # ... and stand in this share of the page height at its top or bottom
BULLETS = "•◦▪‣●○■□➢➤►✓✔–-*\uf0b7\uf0a7"
_MARKER_FORM = r"[•◦▪‣●○■□➢➤►✓✔–\-*\uf0b7\uf0a7]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]"  # a bullet, "3." "b)" "(2)"
MARKER = re.compile(rf"^\s*(?P<marker>{_MARKER_FORM})(?=\s)\s*")
_BARE_MARKER = re.compile(rf"^\s*(?:{_MARKER_FORM})\s*$")
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


@dataclass
class Run:
    """A string drawn in one font at one place (PDF user space, y up)."""

    text: str
    x0: float
    x1: float
    y: float
    size: float
    bold: bool = False
    mono: bool = False


@dataclass
class PageText:
    width: float
    height: float
    runs: list[Run] = field(default_factory=list)
    hrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x0, x1, y)
    vrules: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y0, y1)


@dataclass
class Line:
    segments: list[list[Run]]
    y: float
    size: float
    page: int
    first_on_page: bool = False

    @property
    def runs(self) -> list[Run]:
        return [run for segment in self.segments for run in segment]

    @property
    def x0(self) -> float:
        return self.segments[0][0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1][-1].x1

    @property
    def text(self) -> str:
        return "   ".join("".join(run.text for run in segment) for segment in self.segments).strip()

    @property
    def bold(self) -> bool:
        return all(run.bold for run in self.runs if run.text.strip())

    @property
    def mono(self) -> bool:
        return all(run.mono for run in self.runs if run.text.strip())


def page_lines(page: PageText, number: int) -> list[Line]:
    """The page's runs grouped into lines (top to bottom) and segments (left to right)."""
    runs = sorted((r for r in page.runs if r.text.strip()), key=lambda r: (-r.y, r.x0))
    groups: list[list[Run]] = []
    for run in runs:
        if groups and abs(groups[-1][0].y - run.y) <= 0.5 * min(run.size, groups[-1][0].size):
            groups[-1].append(run)
        else:
            groups.append([run])
    lines = [_line(sorted(group, key=lambda r: r.x0), page, number) for group in groups]
    if lines:
        lines[0].first_on_page = True
    return lines


def _line(runs: list[Run], page: PageText, number: int) -> Line:
    segments: list[list[Run]] = [[runs[0]]]
    for run in runs[1:]:
        last = segments[-1][-1]
        if run.text == last.text and abs(run.x0 - last.x0) < 1:
            continue  # the same text drawn twice, a little offset: fake bold
        gap = run.x0 - last.x1
        if gap > CELL_GAP * run.size or _ruled_between(page, last.x1, run.x0, run.y):
            segments.append([run])
            continue
        if gap > SPACE_GAP * run.size and not last.text.endswith(" ") and not run.text.startswith(" "):
            segments[-1].append(Run(" ", last.x1, run.x0, run.y, run.size, last.bold and run.bold))
        segments[-1].append(run)
    marker = "".join(run.text for run in segments[0]).strip()
    if len(segments) > 1 and (_BARE_MARKER.match(marker) or marker == "o"):
        if marker == "o":  # Word's second-level bullet, a letter o set apart by a tab stop
            segments[0] = [Run("◦", *(getattr(segments[0][0], f) for f in ("x0", "x1", "y", "size")))]
        gap = Run(" ", segments[0][-1].x1, segments[1][0].x0, runs[0].y, runs[0].size)
        segments[:2] = [segments[0] + [gap] + segments[1]]  # a list marker set apart by a tab stop
    sizes = Counter()
    for run in runs:
        sizes[round(run.size * 2) / 2] += len(run.text.strip())
    return Line(segments, runs[0].y, sizes.most_common(1)[0][0], number)


def _ruled_between(page: PageText, left: float, right: float, y: float) -> bool:
    return any(left - 1 <= x <= right + 1 and y0 - 2 <= y <= y1 + 2 for x, y0, y1 in page.vrules)


def drop_running_heads(pages: list[list[Line]], heights: list[float]) -> list[list[Line]]:
    """Pages without the lines in their top or bottom band that repeat on most pages, nor
    page numbers there (which a one-page document has too)."""
    counts: Counter = Counter()
    for lines, height in zip(pages, heights):
        counts.update({key for key, _ in _edge_lines(lines, height)})
    needed = max(2, RUNNING_SHARE * len(pages))
    kept = []
    for lines, height in zip(pages, heights):
        drop = {id(line) for key, line in _edge_lines(lines, height)
                if counts[key] >= needed or _PAGE_NUMBER.match(line.text)}
        kept.append([line for line in lines if id(line) not in drop])
        if kept[-1]:
            kept[-1][0].first_on_page = True
    return kept


def _edge_lines(lines: list[Line], height: float):
    """(key, line) for the lines in a page's top or bottom margin band (the outer lines
    only); the key ignores digits, so page numbers repeat."""
    for band, edge in (("top", lines[:RUNNING_LINES]), ("bottom", lines[-RUNNING_LINES:])):
        for line in edge:
            outer = line.y >= (1 - EDGE_BAND) * height if band == "top" else line.y <= EDGE_BAND * height
            if outer:
                yield (band, _DIGITS.sub("#", line.text.lower()).strip()), line


@dataclass
class Metrics:
    """What the body text looks like: its size, line pitch and margins."""

    body: float
    pitch: float
    left: float
    right: float
    heading_sizes: list[float]


def measure(lines: list[Line]) -> Metrics:
    sizes: Counter = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
    body = sizes.most_common(1)[0][0] if sizes else 10.0
    body_lines = [line for line in lines if line.size == body and len(line.segments) == 1] \
        or [line for line in lines if line.size == body]
    gaps = [a.y - b.y for a, b in zip(body_lines, body_lines[1:])
            if a.page == b.page and 0 < a.y - b.y < 3 * body]
    edges = sorted(line.x1 for line in body_lines) or [0.0]
    starts = sorted(line.x0 for line in body_lines) or [0.0]
    heading_sizes = sorted({line.size for line in lines if line.size >= HEADING_RATIO * body
                            and len(line.text.split()) <= HEADING_WORDS}, reverse=True)
    return Metrics(body, median(gaps) if gaps else 1.2 * body, starts[len(starts) // 20],
                   edges[int(len(edges) * 0.95)], heading_sizes[:5])


def heading_level(line: Line, metrics: Metrics) -> int | None:
    if line.size in metrics.heading_sizes and len(line.segments) == 1:
        return metrics.heading_sizes.index(line.size) + 1
    text = line.text
    if line.bold and len(line.segments) == 1 and len(text.split()) <= BOLD_HEADING_WORDS \
            and not text.endswith((".", ",", ";")) and not MARKER.match(text) and line.size >= metrics.body:
        return len(metrics.heading_sizes) + 1
    return None
