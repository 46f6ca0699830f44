"""`postmortem stats`: the archive's numbers, from records.

Figures, all read from `Record` fields (never from the text again):

- incidents: distinct records (a record seen twice, same `id`, counts once);
- duration, time to detect, time to resolve (`incident.*_minutes`): how many incidents give
  the value, its median and its 90th percentile. Percentiles interpolate linearly between
  the two nearest ranks (numpy's default, Excel's PERCENTILE.INC). A negative value (an end
  before its start) is left out and listed under `left_out`;
- root-cause categories: incidents whose primary (first) category it is, their share of all
  incidents, and how many incidents name it at all;
- months: the month of the incident's start (else of its first dated time), "unknown" when
  no date is known;
- services: the services named in `impact.services` (case-insensitive, once per incident),
  "none named" for incidents that name none. An incident may name several, so these
  shares can add up to more than 100%.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterable

from models import Record
from pipeline import readable

METRICS = (("duration", "duration_minutes"), ("time to detect", "time_to_detect_minutes"),
           ("time to resolve", "time_to_resolve_minutes"))
UNKNOWN_MONTH = "unknown"
NO_SERVICE = "none named"
_DATED = re.compile(r"^(\d{4}-\d{2})-\d{2}")


def percentile(values: list[float], share: float) -> float | None:
    """Linear interpolation between closest ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * share
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(records: Iterable[Record]) -> dict:
    """Every figure `postmortem stats` prints, as JSON-ready data."""
    unique: dict[str, Record] = {}
    duplicates = 0
    for record in records:
        duplicates += record.id in unique
        unique.setdefault(record.id, record)
    chosen = list(unique.values())
    left_out: list[dict] = []
    return {
        "incidents": len(chosen),
        "duplicates": duplicates,
        "metrics": {field: _metric(chosen, field, left_out) for _, field in METRICS},
        "root_cause_categories": _categories(chosen),
        "months": _shares(chosen, lambda r: [month_of(r) or UNKNOWN_MONTH], key="month", order=_month_order),
        "services": _shares(chosen, _service_names(chosen), key="service"),
        "left_out": left_out,
    }


def _metric(records: list[Record], field: str, left_out: list[dict]) -> dict:
    values = []
    for record in records:
        value = getattr(record.incident, field)
        if value is None:
            continue
        if value < 0:
            left_out.append({"path": record.source.path, "id": record.id, "field": field, "value": value})
            continue
        values.append(value)
    return {"incidents": len(values), "median": _minutes(percentile(values, 0.5)),
            "p90": _minutes(percentile(values, 0.9))}


def _minutes(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _categories(records: list[Record]) -> list[dict]:
    categories = [r.root_cause_categories or ["unknown"] for r in records]
    primary = Counter(names[0] for names in categories)
    named = Counter(c for names in categories for c in set(names))
    rows = [{"category": c, "incidents": primary[c], "share": _share(primary[c], len(records)),
             "named": named[c]} for c in named]
    return sorted(rows, key=lambda row: (-row["incidents"], -row["named"], row["category"]))


def _shares(records: list[Record], keys_of, *, key: str, order=None) -> list[dict]:
    counts: Counter = Counter()
    for record in records:
        counts.update(keys_of(record))
    rows = [{key: name, "incidents": n, "share": _share(n, len(records))} for name, n in counts.items()]
    return sorted(rows, key=order or (lambda row: (-row["incidents"], row[key].lower())))


def _service_names(records: list[Record]):
    """Services counted case-insensitively, shown as first written anywhere."""
    spelling: dict[str, str] = {}
    for record in records:
        for name in services_of(record):
            spelling.setdefault(name.casefold(), name)
    return lambda record: [spelling[name.casefold()] for name in services_of(record)] or [NO_SERVICE]


def _month_order(row: dict) -> tuple:
    return (row["month"] == UNKNOWN_MONTH, row["month"])


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def month_of(record: Record) -> str | None:
    """"2024-03" from the incident's start, else from its first dated time."""
    incident = record.incident
    stamps = [incident.start, incident.detected_at, incident.mitigated_at, incident.resolved_at, incident.end]
    stamps += [event.datetime for event in record.timeline]
    for stamp in stamps:
        match = _DATED.match(stamp or "")
        if match:
            return match.group(1)
    return None


def services_of(record: Record) -> list[str]:
    """The services an incident names, once each (first spelling kept)."""
    seen: dict[str, str] = {}
    for name in record.impact.services:
        seen.setdefault(" ".join(name.split()).casefold(), " ".join(name.split()))
    return [name for name in seen.values() if name]


# --- the terminal table -------------------------------------------------------------------

def render(stats: dict) -> str:
    """The figures as aligned plain-text tables."""
    total = stats["incidents"]
    head = f"{total} incident{'s' if total != 1 else ''}"
    if stats["duplicates"]:
        head += f" ({stats['duplicates']} duplicate record{'s' if stats['duplicates'] != 1 else ''} counted once)"
    blocks = [head]
    blocks.append(_table(("", "incidents", "median", "p90"), [
        (label, m["incidents"], readable.minutes(m["median"]), readable.minutes(m["p90"]))
        for label, m in ((label, stats["metrics"][field]) for label, field in METRICS)]))
    blocks.append(_table(("root cause (primary)", "incidents", "share", "named"), [
        (row["category"], row["incidents"], readable.share(row["incidents"], total), row["named"])
        for row in stats["root_cause_categories"]]))
    for key, title in (("months", "month"), ("services", "service")):
        blocks.append(_table((title, "incidents", "share"), [
            (row[title], row["incidents"], readable.share(row["incidents"], total)) for row in stats[key]]))
    if stats["left_out"]:
        blocks.append("\n".join(f"left out: {row['path'] or row['id']}: {row['field']} is {row['value']}"
                                f" (an end before its start)" for row in stats["left_out"]))
    return "\n\n".join(blocks)


def _table(headers: tuple, rows: list[tuple]) -> str:
    """Columns two spaces apart; the first left-aligned, the others right-aligned."""
    cells = [tuple(str(c) for c in headers)] + [tuple(str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in cells]
    return "\n".join(line.rstrip() for line in lines)
