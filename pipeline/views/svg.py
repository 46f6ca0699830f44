"""Inline SVG, written by hand: a few primitives and the two scales the charts need.

No plotting library: the charts are simple, and hand-written SVG keeps pages small, text
selectable and every mark a real element with its own `<title>` tooltip and data attributes.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.views.html import attrs, esc


def svg(width: float, height: float, body: str, *, label: str, **extra) -> str:
    """A responsive chart: scales to its container, keeps its aspect ratio."""
    return (f"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:g} {height:g}\""
            f" role=\"img\"{attrs(aria_label=label, **extra)}>{body}</svg>")


def title(content: str) -> str:
    return f"<title>{esc(content)}</title>"


def text(x: float, y: float, content: str, **extra) -> str:
    return f"<text x=\"{x:.1f}\" y=\"{y:.1f}\"{attrs(**extra)}>{esc(content)}</text>"


def line(x1: float, y1: float, x2: float, y2: float, **extra) -> str:
    return f"<line x1=\"{x1:.1f}\" y1=\"{y1:.1f}\" x2=\"{x2:.1f}\" y2=\"{y2:.1f}\"{attrs(**extra)}/>"


def rect(x: float, y: float, width: float, height: float, *, tip: str = "", **extra) -> str:
    """A rectangle; `tip` becomes its hover `<title>`."""
    head = (f"<rect x=\"{x:.1f}\" y=\"{y:.1f}\" width=\"{max(width, 0):.1f}\" height=\"{max(height, 0):.1f}\""
            f"{attrs(**extra)}")
    return f"{head}>{title(tip)}</rect>" if tip else f"{head}/>"


def group(body: str, **extra) -> str:
    return f"<g{attrs(**extra)}>{body}</g>"


def shape(kind: str, x: float, y: float, size: float, **extra) -> str:
    """A marker centred on (x, y): circle, triangle, square or diamond of about `size` px."""
    r = size / 2
    points = {
        "triangle": [(x, y - r * 1.15), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)],
        "square": [(x - r * 0.9, y - r * 0.9), (x + r * 0.9, y - r * 0.9), (x + r * 0.9, y + r * 0.9),
                   (x - r * 0.9, y + r * 0.9)],
        "diamond": [(x, y - r * 1.25), (x + r * 1.1, y), (x, y + r * 1.25), (x - r * 1.1, y)],
    }.get(kind)
    if points is None:
        return f"<circle cx=\"{x:.1f}\" cy=\"{y:.1f}\" r=\"{r:.1f}\"{attrs(**extra)}/>"
    path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
    return f"<polygon points=\"{path}\"{attrs(**extra)}/>"


def legend_icon(kind: str, colour: str, *, dash: str = "", line_icon: bool = False) -> str:
    """A 16 px icon for an HTML legend entry: a marker, or a line with its dash pattern."""
    if line_icon:
        body = line(8, 1, 8, 15, stroke=colour, stroke_width=2.5, stroke_dasharray=dash or None)
    else:
        body = shape(kind, 8, 8, 11, fill=colour, stroke="#222", stroke_width=1)
    return f"<svg width=\"16\" height=\"16\" viewBox=\"0 0 16 16\" aria-hidden=\"true\">{body}</svg>"


@dataclass(frozen=True)
class Linear:
    """Maps [lo, hi] onto [start, stop] pixels."""

    lo: float
    hi: float
    start: float
    stop: float

    def __call__(self, value: float) -> float:
        if self.hi == self.lo:
            return (self.start + self.stop) / 2
        return self.start + (value - self.lo) * (self.stop - self.start) / (self.hi - self.lo)


@dataclass(frozen=True)
class Log:
    """Maps [lo, hi] (both > 0) onto pixels on a log scale; values below lo sit at lo."""

    lo: float
    hi: float
    start: float
    stop: float

    def __call__(self, value: float) -> float:
        value = min(max(value, self.lo), self.hi)
        return Linear(math.log(self.lo), math.log(self.hi), self.start, self.stop)(math.log(value))


def nice_max(value: float) -> int:
    """A round axis maximum at or above value (1, 2, 5 x 10^n)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return int(next(step * power for step in (1, 2, 5, 10) if step * power >= value))


def count_ticks(top: int, count: int = 5) -> list[int]:
    """Whole-number ticks from 0 to `top` (at most about `count` of them)."""
    step = max(1, math.ceil(top / count))
    return list(range(0, top + 1, step))
