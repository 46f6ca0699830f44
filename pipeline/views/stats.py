"""What an archive of records says: the figures behind the dashboard, as plain data.

Pure functions of records; the charts in `report.py` only draw them. The definitions are
those of `postmortem stats` (`pipeline/stats.py`: its percentile, month and service
rules are used here), so the dashboard and the terminal figures agree. Values a record
contradicts itself on (an end before its start: a negative duration) are left out of
the figures and counted, so the page can say how many.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from pipeline import stats as archive
from pipeline.views.moments import parse_iso
from pipeline.views.themes import OTHER, themes_of

# Outage duration histogram: (label, upper bound in minutes, exclusive), in order.
DURATION_BINS = (
    ("< 15 min", 15), ("15–30 min", 30), ("30–60 min", 60), ("1–2 h", 120), ("2–4 h", 240),
    ("4–8 h", 480), ("8–24 h", 1440), ("1–3 d", 4320), ("≥ 3 d", float("inf")),
)
# Largest number of bars before months are grouped into quarters, then years.
MAX_PERIODS = 60
PERCENTILES = (50, 75, 90)
FIGURE_NAMES = {"duration": "duration", "detect": "time to detect", "resolve": "time to resolve"}


@dataclass
class Incident:
    """One row of the archive: what the dashboard needs of a record."""

    id: str
    title: str
    path: str | None
    started: datetime | None  # when it started, for the table; None when the record gives no date
    month: str | None         # "2024-03", as `postmortem stats` counts months
    duration: int | None
    detect: int | None
    resolve: int | None
    categories: list[str]
    percent: float | None
    services: list[str]
    actions: int
    warnings: int
    inconsistent: list[str] = field(default_factory=list)  # figures left out: they contradict the record


def incident_of(record, title: str) -> Incident:
    incident = record.incident
    started = _dated(incident.start) or next(filter(None, (_dated(e.datetime) for e in record.timeline)), None)
    values = {"duration": incident.duration_minutes, "detect": incident.time_to_detect_minutes,
              "resolve": incident.time_to_resolve_minutes}
    negative = [name for name, value in values.items() if value is not None and value < 0]
    kept = {name: None if name in negative else value for name, value in values.items()}
    inconsistent = [FIGURE_NAMES[name] for name in negative]
    return Incident(id=record.id, title=title, path=record.source.path, started=started,
                    month=archive.month_of(record), categories=list(record.root_cause_categories) or ["unknown"],
                    percent=max(record.impact.percent_affected, default=100.0 if record.impact.all_users else None),
                    services=archive.services_of(record), actions=len(record.action_items),
                    warnings=len(record.warnings), inconsistent=inconsistent, **kept)


def _dated(value: str | None) -> datetime | None:
    parsed = parse_iso(value)
    return parsed if isinstance(parsed, datetime) else None


def summary(values: list[float]) -> dict:
    """n, min, the percentiles and max of some minutes."""
    out = {"n": len(values), "min": min(values, default=None), "max": max(values, default=None)}
    out.update({f"p{q}": archive.percentile(values, q / 100) for q in PERCENTILES})
    return out


def duration_histogram(incidents: list[Incident]) -> list[tuple[str, int]]:
    counts = Counter()
    for incident in incidents:
        if incident.duration is not None:
            counts[next(label for label, upper in DURATION_BINS if incident.duration < upper)] += 1
    return [(label, counts[label]) for label, _ in DURATION_BINS]


def _period_key(day: date, size: str) -> tuple[int, int]:
    return {"month": (day.year, day.month), "quarter": (day.year, (day.month - 1) // 3 + 1),
            "year": (day.year, 0)}[size]


_PERIOD_LABEL = {"month": lambda y, n: f"{date(y, n, 1):%b %Y}", "quarter": lambda y, n: f"Q{n} {y}",
                 "year": lambda y, n: str(y)}
_PER_YEAR = {"month": 12, "quarter": 4, "year": 1}


def period_size(first: date, last: date) -> str:
    """month, quarter or year: the finest that gives at most MAX_PERIODS bars."""
    for size, per_year in _PER_YEAR.items():
        count = (last.year - first.year) * per_year + (_period_key(last, size)[1] - _period_key(first, size)[1]) + 1
        if count <= MAX_PERIODS or size == "year":
            return size
    return "year"


def per_period(incidents: list[Incident]) -> tuple[str, list[tuple[str, Counter]]]:
    """(period size, [(label, Counter of first categories)]) over every period from first to last,
    empty periods included (the axis is real time)."""
    dated = [(date.fromisoformat(f"{i.month}-01"), i) for i in incidents if i.month]
    if not dated:
        return "month", []
    days = sorted(day for day, _ in dated)
    size = period_size(days[0], days[-1])
    counts: dict[tuple[int, int], Counter] = {}
    for day, incident in dated:
        counts.setdefault(_period_key(day, size), Counter())[incident.categories[0]] += 1
    key, last, out = _period_key(days[0], size), _period_key(days[-1], size), []
    while key <= last:
        out.append((_PERIOD_LABEL[size](*key), counts.get(key, Counter())))
        key = _next_period(key, size)
    return size, out


def _next_period(key: tuple[int, int], size: str) -> tuple[int, int]:
    year, number = key
    if size == "year":
        return year + 1, 0
    return (year + 1, 1) if number == _PER_YEAR[size] else (year, number + 1)


def top_themes(records, limit: int = 10) -> list[tuple[str, int, list[str]]]:
    """(theme, action items, up to three examples), most frequent first; "other" last."""
    counts, examples = Counter(), {}
    for record in records:
        for action in record.action_items:
            for theme in themes_of(action.text):
                counts[theme] += 1
                examples.setdefault(theme, []).append(action.text)
    ranked = [(theme, n) for theme, n in counts.most_common() if theme != OTHER][:limit]
    if counts[OTHER]:
        ranked.append((OTHER, counts[OTHER]))
    return [(theme, n, examples[theme][:3]) for theme, n in ranked]
