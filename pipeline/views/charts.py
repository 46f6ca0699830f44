"""The dashboard's charts, as inline SVG: stacked columns, plain columns, horizontal bars and
percentile strips. Each takes plain figures (see `stats.py`) and returns markup."""
from __future__ import annotations

from collections import Counter

from pipeline.views import svg
from pipeline import readable
from pipeline.views.palette import BLUE, CATEGORY_COLOURS, GREY, category_label

WIDTH = 640
CHAR_PX = 6.5  # about how wide a 12 px label character is
# Minute ticks of a log axis: (minutes, label).
LOG_TICKS = ((1, "1 min"), (5, "5 min"), (15, "15 min"), (60, "1 h"), (240, "4 h"), (720, "12 h"),
             (1440, "1 d"), (4320, "3 d"), (10080, "1 w"), (43200, "30 d"), (525600, "1 y"))


def _y_axis(top: int, scale, left: float, right: float, ticks: list[int]) -> str:
    parts = []
    for tick in ticks:
        y = scale(tick)
        parts += [svg.line(left, y, right, y, class_="grid"), svg.text(left - 6, y + 4, str(tick), text_anchor="end")]
    return svg.group("".join(parts), class_="axis")


def _x_labels(labels: list[str], centres: list[float], base: float) -> str:
    """Column labels under the axis; every n-th one when they would crowd, slanted when too wide."""
    every = max(1, -(-len(labels) // 14))
    slot = (centres[1] - centres[0]) * every if len(centres) > 1 else WIDTH
    slant = max((len(label) for label in labels), default=0) * CHAR_PX > slot * 0.95
    out = []
    for i, (label, x) in enumerate(zip(labels, centres)):
        if i % every:
            continue
        extra = {"transform": f"rotate(-35 {x:.1f} {base + 14:.1f})", "text_anchor": "end"} if slant \
            else {"text_anchor": "middle"}
        out.append(svg.text(x, base + 14, label, **extra))
    return "".join(out)


def stacked_columns(periods: list[tuple[str, Counter]], *, label: str) -> str:
    """Incidents per period, stacked by root-cause category (in `CATEGORY_COLOURS` order)."""
    height, left, top, bottom = 280, 56, 10, 62  # room on the left for the first slanted label
    top_value = svg.nice_max(max((sum(c.values()) for _, c in periods), default=1))
    scale = svg.Linear(0, top_value, height - bottom, top)
    slot = (WIDTH - left - 8) / max(len(periods), 1)
    bars, centres = [], []
    for i, (period, counts) in enumerate(periods):
        x, y = left + i * slot + slot * 0.12, height - bottom
        centres.append(x + slot * 0.38)
        for category, colour in CATEGORY_COLOURS.items():
            if counts.get(category):
                h = scale(0) - scale(counts[category])
                y -= h
                bars.append(svg.rect(x, y, slot * 0.76, h, fill=colour, stroke="#fff", stroke_width=0.8,
                                     tip=f"{period}: {counts[category]} × {category_label(category)}",
                                     class_="bar", data_period=period, data_category=category,
                                     data_count=counts[category]))
    body = (_y_axis(top, scale, left, WIDTH - 8, svg.count_ticks(top_value)) + "".join(bars)
            + svg.line(left, height - bottom, WIDTH - 8, height - bottom, stroke="#777")
            + _x_labels([p for p, _ in periods], centres, height - bottom))
    return svg.svg(WIDTH, height, body, label=label)


def columns(items: list[tuple[str, int]], *, label: str, noun: str = "incidents") -> str:
    """One column per (label, count), the count written on top."""
    height, left, top, bottom = 240, 34, 16, 44
    top_value = svg.nice_max(max((n for _, n in items), default=1))
    scale = svg.Linear(0, top_value, height - bottom, top)
    slot = (WIDTH - left - 8) / max(len(items), 1)
    parts, centres = [], []
    for i, (name, count) in enumerate(items):
        x = left + i * slot + slot * 0.1
        centres.append(x + slot * 0.4)
        parts.append(svg.rect(x, scale(count), slot * 0.8, scale(0) - scale(count), fill=BLUE, class_="bar",
                              tip=f"{name}: {count} {noun}", data_label=name, data_count=count))
        if count:
            parts.append(svg.text(x + slot * 0.4, scale(count) - 4, str(count), text_anchor="middle"))
    body = (_y_axis(top, scale, left, WIDTH - 8, svg.count_ticks(top_value)) + "".join(parts)
            + svg.line(left, height - bottom, WIDTH - 8, height - bottom, stroke="#777")
            + _x_labels([n for n, _ in items], centres, height - bottom))
    return svg.svg(WIDTH, height, body, label=label)


def hbars(items: list[tuple[str, int, str]], *, label: str, colours: dict[str, str] | None = None) -> str:
    """Horizontal bars: (name, count, hover text), largest first as given; `colours` by name
    (default blue, grey for "other")."""
    colours = {"other": GREY, **(colours or {})}
    row, left, right = 24, 190, 48
    height = row * len(items) + 8
    scale = svg.Linear(0, max((n for _, n, _ in items), default=1), left, WIDTH - right)
    parts = []
    for i, (name, count, tip) in enumerate(items):
        y = 4 + i * row
        shown = name if len(name) <= 28 else name[:27] + "…"
        parts += [svg.text(left - 8, y + 15, shown, text_anchor="end"),
                  svg.rect(left, y + 3, scale(count) - left, row - 8, fill=colours.get(name, BLUE),
                           tip=tip, class_="bar", data_label=name, data_count=count),
                  svg.text(scale(count) + 6, y + 15, str(count))]
    return svg.svg(WIDTH, height, "".join(parts), label=label)


def percentile_strips(rows: list[tuple[str, list[float], dict]], *, label: str) -> str:
    """One strip per metric on a log minute axis: every value as a dot, the p50–p90 range as a band,
    the median as a diamond."""
    row, left, right, axis = 54, 120, 16, 28
    everything = [v for _, values, _ in rows for v in values]
    hi = max([60.0, *everything]) * 1.2
    scale = svg.Log(1, hi, left, WIDTH - right)
    height = row * len(rows) + axis
    parts = [_log_axis(scale, hi, row * len(rows))]
    for i, (name, values, figures) in enumerate(rows):
        y = i * row + row / 2
        parts.append(svg.text(left - 10, y + 4, name, text_anchor="end", font_weight="600"))
        if not values:
            parts.append(svg.text(left, y + 4, "no values", font_style="italic"))
            continue
        parts.append(svg.rect(scale(figures["p50"]), y - 9, scale(figures["p90"]) - scale(figures["p50"]), 18,
                              fill="#56B4E955", stroke=BLUE, tip=f"{name}: p50 {readable.minutes(figures['p50'])}, "
                              f"p90 {readable.minutes(figures['p90'])}", class_="band", data_metric=name))
        parts += [svg.shape("circle", scale(max(v, 1)), y + (k % 5 - 2) * 3, 4, fill="#0003", class_="dot")
                  for k, v in enumerate(sorted(values))]
        parts.append(svg.shape("diamond", scale(max(figures["p50"], 1)), y, 12, fill=BLUE, stroke="#fff",
                               class_="median"))
    return svg.svg(WIDTH, height, "".join(parts), label=label)


def _log_axis(scale, hi: float, base: float) -> str:
    parts = [svg.line(scale.start, base, scale.stop, base, stroke="#777")]
    for minutes, text in LOG_TICKS:
        if minutes <= hi:
            x = scale(minutes)
            parts += [svg.line(x, 0, x, base, class_="grid"), svg.text(x, base + 16, text, text_anchor="middle")]
    return svg.group("".join(parts), class_="axis")
