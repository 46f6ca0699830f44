"""The timeline chart of one record: events on a real time axis, the incident's key moments
as vertical lines, the outage window shaded. One mark per timeline entry, always: entries
without a stated time sit in their own strip under the axis."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pipeline.views import svg
from pipeline import readable
from pipeline.views.html import esc
from pipeline.views.moments import Placed, place, span_of, tick_label, ticks
from pipeline.views.palette import MOMENTS, OUTAGE_FILL, UNTAGGED_MARK, mark_for

WIDTH, LEFT, RIGHT = 1000, 24, 24
LABEL_ROW, EVENT_ROW, AXIS, STRIP = 16, 24, 40, 34
MIN_GAP, MAX_ROWS = 28, 8  # px between marks in one row; rows before marks may overlap
CHAR_PX = 7  # about how wide a label character is at 12 px


def timeline_figure(record) -> str:
    """`<figure>` with the chart and its legend, or a short note when there is nothing to plot."""
    placed = place(record, MOMENTS)
    if not record.timeline and not placed.moments:
        return "<p class=\"none\">No timeline entries and no incident times were found.</p>"
    chart = timeline_svg(record, placed)
    return (f"<figure class=\"timeline\">{chart}{legend(record, placed)}"
            f"<figcaption>{caption(record, placed)}</figcaption></figure>")


def timeline_svg(record, placed: Placed) -> str:
    points = placed.all()
    lo, hi = span_of(points) if points else (None, None)
    scale = (lambda at: svg.Linear(0, (hi - lo).total_seconds(), LEFT, WIDTH - RIGHT)((at - lo).total_seconds())) \
        if points else None
    moment_rows = _moment_rows(placed, scale) if points else []
    top = LABEL_ROW * (max((label.row for label in moment_rows), default=-1) + 1) + 6
    rows = _event_rows(placed, scale) if points else {}
    plot_h = EVENT_ROW * max(2, max(rows.values(), default=0) + 1) + 8
    untimed = [i for i, at in enumerate(placed.events) if at is None]
    height = top + plot_h + (AXIS if points else 0) + (STRIP if untimed else 0)
    body = []
    if points:
        body += [_outage(record, placed, scale, top, plot_h), _axis(lo, hi, scale, placed.dated, top, plot_h),
                 *_moment_lines(moment_rows, scale, top, plot_h), *_event_marks(record, placed, rows, scale, top)]
    body += _untimed_marks(record, untimed, top + plot_h + (AXIS if points else 0))
    label = f"Timeline of {len(record.timeline)} events" + (f" from {min(points):%Y-%m-%d %H:%M} to "
                                                            f"{max(points):%Y-%m-%d %H:%M}" if points else "")
    return svg.svg(WIDTH, height, "".join(body), label=label, data_events=len(record.timeline))


def _event_rows(placed: Placed, scale) -> dict[int, int]:
    """Row of each timed event: the first row whose last mark is far enough to the left."""
    last: list[float] = []
    rows = {}
    for i, at in sorted(((i, at) for i, at in enumerate(placed.events) if at), key=lambda pair: pair[1]):
        x = scale(at)
        row = next((r for r, end in enumerate(last) if x - end >= MIN_GAP), None)
        if row is None and len(last) < MAX_ROWS:
            row = len(last)
            last.append(x)
        elif row is None:  # all rows are full here: overlap the one that frees first
            row = min(range(len(last)), key=last.__getitem__)
        last[row] = x
        rows[i] = row
    return rows


@dataclass(frozen=True)
class MomentLabel:
    row: int            # label rows count upwards from the plot
    at: datetime
    keys: tuple[str, ...]
    text: str
    anchor: str         # "start": right of the line; "end": left of it (near the right edge)


def _moment_rows(placed: Placed, scale) -> list[MomentLabel]:
    """One label per distinct moment; labels that would collide go one row up."""
    by_time: dict[datetime, list[str]] = {}
    for key, at in placed.moments.items():
        by_time.setdefault(at, []).append(key)
    out, ends = [], []
    for at in sorted(by_time):
        text = " / ".join(MOMENTS[key].label for key in by_time[at])
        x, width = scale(at), CHAR_PX * len(text) + 6
        anchor = "end" if x + width > WIDTH - RIGHT else "start"
        left = x - width if anchor == "end" else x
        row = next((r for r, end in enumerate(ends) if left - 4 > end), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = left + width
        out.append(MomentLabel(row, at, tuple(by_time[at]), text, anchor))
    return out


def _outage(record, placed: Placed, scale, top: float, plot_h: float) -> str:
    start, end = placed.moments.get("start"), placed.moments.get("end")
    if not (start and end and end > start):
        return ""
    tip = f"outage: {record.incident.start} → {record.incident.end}" \
          f" ({readable.minutes((end - start).total_seconds() / 60)})"
    return svg.rect(scale(start), top, scale(end) - scale(start), plot_h, tip=tip, fill=OUTAGE_FILL,
                    class_="outage", data_role="outage")


def _axis(lo, hi, scale, dated: bool, top: float, plot_h: float) -> str:
    base = top + plot_h
    parts = [svg.line(LEFT, base, WIDTH - RIGHT, base)]
    previous = None
    for at in ticks(lo, hi):
        x = scale(at)
        clock, day = tick_label(at, previous, dated, lo.date())
        parts += [svg.line(x, top, x, base, class_="grid"), svg.line(x, base, x, base + 5),
                  svg.text(x, base + 18, clock, text_anchor="middle")]
        if day:
            parts.append(svg.text(x, base + 33, day, text_anchor="middle", font_weight="600"))
        previous = at
    return svg.group("".join(parts), class_="axis")


def _moment_lines(moment_rows, scale, top: float, plot_h: float) -> list[str]:
    out = []
    for label in moment_rows:
        style = MOMENTS[label.keys[0]]
        x, y = scale(label.at), top - 6 - LABEL_ROW * label.row
        text_x = x + 3 if label.anchor == "start" else x - 3
        body = (svg.title(f"{label.text}: {label.at:%Y-%m-%d %H:%M}")
                + svg.line(x, y + 3, x, top + plot_h, stroke=style.colour, stroke_width=2.5,
                           stroke_dasharray=style.dash or None)
                + svg.text(text_x, y, label.text, font_weight="600", text_anchor=label.anchor))
        out.append(svg.group(body, class_="moment", data_moments=" ".join(label.keys)))
    return out


def _event_marks(record, placed: Placed, rows: dict[int, int], scale, top: float) -> list[str]:
    out = []
    for i, row in sorted(rows.items()):
        event = record.timeline[i]
        style = mark_for(event.tags)
        x, y = scale(placed.events[i]), top + EVENT_ROW * row + EVENT_ROW / 2 + 4
        out.append(_mark(i, event, style, x, y, fill=style.colour))
    return out


def _untimed_marks(record, untimed: list[int], y0: float) -> list[str]:
    if not untimed:
        return []
    out = [svg.text(LEFT, y0 + 21, "time not stated:", font_style="italic")]
    for n, i in enumerate(untimed):
        out.append(_mark(i, record.timeline[i], UNTAGGED_MARK, LEFT + 120 + n * MIN_GAP, y0 + 17, fill="#fff"))
    return out


def _mark(i: int, event, style, x: float, y: float, *, fill: str) -> str:
    when = event.datetime or event.time or "no time stated"
    tip = f"{i + 1}. {when} — {event.text}" + (f" [{', '.join(event.tags)}]" if event.tags else "")
    body = (svg.title(tip) + svg.shape(style.shape, x, y, 12, fill=fill, stroke="#222", stroke_width=1.2,
                                       class_="mark")
            + svg.text(x + 8, y - 5, str(i + 1), font_size="10"))
    return f"<a href=\"#hl-event-{i}\">{svg.group(body, class_='event', data_event=i)}</a>"


def legend(record, placed: Placed) -> str:
    items = []
    drawn = {}  # moments at the same time share one line, drawn in the first one's style
    for key, at in placed.moments.items():
        drawn.setdefault(at, key)
    for key, style in MOMENTS.items():
        if key in drawn.values():
            items.append((svg.legend_icon("", style.colour, dash=style.dash, line_icon=True), style.label))
    if "start" in placed.moments and "end" in placed.moments:
        items.append(("<svg width=\"16\" height=\"16\" aria-hidden=\"true\">"
                      f"{svg.rect(0, 2, 16, 12, fill=OUTAGE_FILL, stroke='#D55E00')}</svg>", "outage window"))
    seen = []
    for event in record.timeline:
        style = mark_for(event.tags)
        if style not in seen:
            seen.append(style)
            items.append((svg.legend_icon(style.shape, style.colour), style.label))
    if any(at is None for at in placed.events):
        items.append((svg.legend_icon("circle", "#fff"), "no time stated"))
    return "<ul class=\"legend\">" + "".join(f"<li>{icon}{esc(label)}</li>" for icon, label in items) + "</ul>"


def caption(record, placed: Placed) -> str:
    zone = record.incident.timezone
    when = f"Times in {esc(zone)}" if zone else "No time zone stated; times as written"
    if not placed.dated and placed.all():
        when += ", no date stated (days counted from the first time)"
    return f"{when}. <span class=\"noprint\">Hover a mark for its entry; click it to find it in the text.</span>"
