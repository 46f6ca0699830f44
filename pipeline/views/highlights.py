"""Every extracted value of a record, highlighted in place in the record's text.

A highlight is a character span of `record.text` with a kind and a note (the normalised
value, shown on hover). Spans may nest or cross; `render_text` nests `<mark>` elements and
splits a crossing span into parts that share one `data-hl` key, so the concatenated text
of a key's parts is always exactly `record.text[start:end]`.

Why not displaCy's span renderer: it draws token by token, re-spaces the text ("## Timeline"
becomes "# # Timeline"), aligns spans to token boundaries and has no per-span hover, so a
highlight could not quote the record's span exactly.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline import readable
from pipeline.views.html import attrs, esc
from pipeline.views.palette import KINDS, category_label


@dataclass(frozen=True)
class Highlight:
    kind: str       # a key of palette.KINDS
    start: int
    end: int
    key: str        # unique in the page: "event-3"
    note: str       # hover text: what was read here, normalised
    number: int | None = None  # timeline events carry their number (as in the chart)


def heading_span(text: str, section) -> tuple[int, int] | None:
    """Where a section's heading is written (its first occurrence inside the section)."""
    if not section.heading:
        return None
    at = text.find(section.heading, section.start, section.end)
    return (at, at + len(section.heading)) if at >= 0 else None


def _sections(record):
    for i, section in enumerate(record.sections):
        where = heading_span(record.text, section)
        if where:
            kinds = ", ".join(category_label(kind) for kind in section.kinds)
            yield i, *where, f"section: {kinds} (level {section.level}, characters {section.start}–{section.end})"


# Incident evidence keys -> how their normalised value is told.
_EVIDENCE_NOTES = {
    "duration": lambda incident: f"duration: {readable.minutes(incident.duration_minutes)}"
                                 f" ({incident.duration_minutes} min)" if incident.duration_minutes is not None
                                 else "duration (not kept: it disagreed with the timeline)",
    "timezone": lambda incident: f"time zone: {incident.timezone} (UTC{incident.utc_offset or ' offset unknown'})",
}


def _moments(record):
    incident = record.incident
    for name, span in incident.evidence.items():
        tell = _EVIDENCE_NOTES.get(name)
        if tell:
            note = tell(incident)
        else:
            value = getattr(incident, name, None) or getattr(incident, f"{name}_at", None)
            note = f"incident {name.replace('_at', '').replace('_', ' ')}: {value or 'not kept'}"
        yield name, span.start, span.end, note


def _events(record):
    for i, event in enumerate(record.timeline):
        when = event.datetime or (f"{event.time} (no date)" if event.time else "no time stated")
        tags = f" · {', '.join(event.tags)}" if event.tags else ""
        yield i, event.start, event.end, f"event {i + 1}: {when}{tags}"


def _impact(record):
    impact = record.impact
    facts = [", ".join(f"{p:g}%" for p in impact.percent_affected) + " affected" if impact.percent_affected else "",
             f"{impact.users_affected:,} users" if impact.users_affected is not None else "",
             "all users" if impact.all_users else "",
             "services: " + ", ".join(impact.services) if impact.services else ""]
    note = "impact: " + ("; ".join(fact for fact in facts if fact) or "no figure kept")
    for i, span in enumerate(impact.spans):
        yield i, span.start, span.end, note


def _causes(record):
    for i, cause in enumerate(record.root_causes):
        categories = ", ".join(category_label(c) for c in cause.categories) or "none"
        yield i, cause.start, cause.end, f"root cause · category: {categories}"


def _actions(record):
    for i, action in enumerate(record.action_items):
        named = (("owner", action.owner), ("due", action.due))
        extra = "".join(f" · {name}: {value}" for name, value in named if value)
        yield i, action.start, action.end, f"action item {i + 1}{extra}"


# kind -> the record's values of that kind as (index, start, end, note)
SOURCES = {
    "section": _sections, "time": _moments, "event": _events,
    "impact": _impact, "cause": _causes, "action": _actions,
}


def highlights(record) -> list[Highlight]:
    """All highlights of a record (empty spans have nothing to show and are left out)."""
    found = []
    for kind, source in SOURCES.items():
        for index, start, end, note in source(record):
            if end > start:
                number = index + 1 if kind == "event" else None
                found.append(Highlight(kind, start, end, f"{kind}-{index}", note, number))
    return found


def render_text(text: str, marks: list[Highlight]) -> str:
    """The text with `<mark>` elements nested for every highlight (crossing ones split)."""
    order = sorted(marks, key=lambda m: (m.start, -m.end, list(KINDS).index(m.kind)))
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out, open_, seen = [], [], set()
    for a, b in zip(cuts, cuts[1:]):
        wanted = [m for m in order if m.start <= a and m.end >= b]
        keep = 0
        while keep < min(len(open_), len(wanted)) and open_[keep] is wanted[keep]:
            keep += 1
        out.append("</mark>" * (len(open_) - keep))
        for mark in wanted[keep:]:
            out.append(_open(mark, first=mark.key not in seen))
            seen.add(mark.key)
        open_ = wanted
        out.append(esc(text[a:b]))
    out.append("</mark>" * len(open_))
    return "".join(out)


def _open(mark: Highlight, *, first: bool) -> str:
    """The opening tag of a highlight; only its first part carries the anchor id and number."""
    return "<mark" + attrs(
        id=f"hl-{mark.key}" if first else None, class_=f"hl hl-{mark.kind}", data_hl=mark.key,
        data_kind=mark.kind, data_n=mark.number if first else None, data_part=None if first else "more",
        title=mark.note) + ">"
