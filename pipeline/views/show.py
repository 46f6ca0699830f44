"""The page of one postmortem: key facts, warnings, the timeline chart, and the document text
with every extracted value highlighted where it was read."""
from __future__ import annotations

from pathlib import PurePath

from pipeline.views.highlights import highlights, render_text
from pipeline import readable
from pipeline.views.html import definition_list, esc, page
from pipeline.views.moments import parse_iso
from pipeline.views.palette import KINDS, category_label
from pipeline.views.timeline_chart import timeline_figure


def show_html(record) -> str:
    """The self-contained HTML page of one record (`models.Record`)."""
    title = record_title(record)
    body = "".join([
        f"<header><h1>{esc(title)}</h1><p class=\"sub\">{esc(_source_line(record))}</p></header>",
        "<section aria-labelledby=\"facts\"><h2 id=\"facts\">Key facts</h2>", definition_list(key_facts(record)),
        warnings_block(record.warnings), "</section>",
        "<section aria-labelledby=\"timeline\"><h2 id=\"timeline\">Timeline</h2>", timeline_figure(record),
        "</section>",
        f"<section class=\"grid2\">{_item_list('Root causes', 'cause', _causes(record))}"
        f"{_item_list('Action items', 'action', _actions(record))}</section>",
        "<section aria-labelledby=\"text\"><h2 id=\"text\">Document</h2>", kinds_legend(),
        f"<div class=\"doc\" data-record=\"{esc(record.id)}\">{render_text(record.text, highlights(record))}</div>",
        "</section>",
    ])
    return page(f"{title} · postmortem", body)


def record_title(record) -> str:
    if record.title:
        return record.title
    return PurePath(record.source.path).name if record.source.path else record.id


def _source_line(record) -> str:
    source = record.source
    where = source.path or "(no path)"
    return f"{where} · {source.format} · {source.chars:,} characters · {record.id}"


def when(value: str | None, zone: str | None = None) -> str:
    """An ISO time as a readable `<time>` element (the ISO value on hover)."""
    if not value:
        return "<span class=\"none\">not stated</span>"
    parsed = parse_iso(value)
    shown = value if parsed is None else parsed.strftime("%Y-%m-%d %H:%M" if "T" in value else "%H:%M (no date)")
    suffix = f" {zone}" if zone else ""
    return f"<time datetime=\"{esc(value)}\" title=\"{esc(value)}\">{esc(shown + suffix)}</time>"


def key_facts(record) -> list[tuple[str, str]]:
    incident, impact = record.incident, record.impact
    zone = incident.timezone
    rows = [("start", when(incident.start, zone)), ("end", when(incident.end, zone)),
            ("duration", esc(readable.minutes(incident.duration_minutes))),
            ("time zone", esc(f"{zone} (UTC{incident.utc_offset})" if zone and incident.utc_offset else zone or "—")),
            ("detected", when(incident.detected_at, zone)), ("mitigated", when(incident.mitigated_at, zone)),
            ("resolved", when(incident.resolved_at, zone)),
            ("time to detect", esc(readable.minutes(incident.time_to_detect_minutes))),
            ("time to resolve", esc(readable.minutes(incident.time_to_resolve_minutes))),
            ("affected", esc(impact_text(impact))),
            ("services", esc(", ".join(impact.services) or "—")),
            ("root cause categories", esc(", ".join(category_label(c) for c in record.root_cause_categories) or "—")),
            ("found", esc(" · ".join(plural(len(items), noun) for items, noun in (
                (record.sections, "section"), (record.timeline, "event"), (record.root_causes, "cause"),
                (record.action_items, "action")))))]
    return rows


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def impact_text(impact) -> str:
    parts = [", ".join(f"{p:g}%" for p in impact.percent_affected)] if impact.percent_affected else []
    if impact.users_affected is not None:
        parts.append(f"{impact.users_affected:,} users")
    if impact.all_users:
        parts.append("all users")
    return "; ".join(parts) or "—"


def warnings_block(warnings) -> str:
    if not warnings:
        return "<p class=\"none\">No warnings.</p>"
    items = "".join(f"<li><code>{esc(w.code)}</code> {esc(w.message)}</li>" for w in warnings)
    return f"<ul class=\"warnings\" aria-label=\"warnings\">{items}</ul>"


def _causes(record):
    for i, cause in enumerate(record.root_causes):
        categories = ", ".join(category_label(c) for c in cause.categories)
        yield f"cause-{i}", cause.text, categories


def _actions(record):
    for i, action in enumerate(record.action_items):
        extra = ", ".join(f"{name} {value}" for name, value in (("owner", action.owner), ("due", action.due)) if value)
        yield f"action-{i}", action.text, extra


def _item_list(heading: str, kind: str, items) -> str:
    rows = "".join(f"<li><a href=\"#hl-{key}\" class=\"key key-{kind}\">{esc(text)}</a>"
                   + (f" <span class=\"sub\">({esc(extra)})</span>" if extra else "") + "</li>"
                   for key, text, extra in items)
    return f"<div><h2>{esc(heading)}</h2>" + (f"<ol>{rows}</ol>" if rows else "<p class=\"none\">None found.</p>") \
        + "</div>"


def kinds_legend() -> str:
    items = "".join(f"<li><span class=\"key key-{kind}\">{esc(style.label)}</span></li>"
                    for kind, style in KINDS.items())
    hint = "<li class=\"sub noprint\">hover a highlight for its value</li>"
    return f"<ul class=\"legend\" aria-label=\"highlight kinds\">{items}{hint}</ul>"
