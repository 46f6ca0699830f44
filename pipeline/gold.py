"""Gold annotations on disk: find them, read them, find their documents, check them.

`read_gold` accepts what can be scored (the `models.Gold` contract); `check` also judges
the annotation against its document and GOLD.md's rules (`GoldChecks` codes), for
`scripts/check_gold.py`. Nothing here imports spaCy.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator

from pydantic import ValidationError

from models.gold import Gold
from pipeline.errors import Errors, GoldChecks, Message, PostmortemError
from pipeline.ingest import DEFAULT_MAX_BYTES, read_path

SUFFIX = ".gold.json"
# US zones written generically ("Pacific time", "PT") are annotated with the abbreviation in force.
US_ZONES = {"PST": ("PST", "PDT"), "PDT": ("PST", "PDT"), "EST": ("EST", "EDT"), "EDT": ("EST", "EDT"),
            "CST": ("CST", "CDT"), "CDT": ("CST", "CDT"), "MST": ("MST", "MDT"), "MDT": ("MST", "MDT")}
NAMED_CLOCKS = {0: "midnight", 12: "noon|midday"}
PHRASE_WORDS = (2, 15)
MAX_PHRASES = 3
DAY = 24 * 60


def gold_files(directory: str | Path) -> list[Path]:
    """The `*.gold.json` files of a directory, sorted; E001/E018/E016 when there are none to read."""
    folder = Path(directory)
    if not folder.is_dir():
        raise PostmortemError(Errors.E018 if folder.exists() else Errors.E001, str(directory))
    found = sorted(folder.glob("*" + SUFFIX))
    if not found:
        raise PostmortemError(Errors.E016, str(directory))
    return found


def read_gold(path: str | Path) -> Gold:
    """One gold file as a `Gold`; E013 for broken JSON, E014 naming each field that is wrong."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise PostmortemError(Errors.E008, str(path), reason=str(exc)) from None
    except json.JSONDecodeError as exc:
        raise PostmortemError(Errors.E013, str(path), reason=f"line {exc.lineno} column {exc.colno}: {exc.msg}") \
            from None
    try:
        return Gold.model_validate(data)
    except ValidationError as exc:
        raise PostmortemError(Errors.E014, str(path), reason=validation_summary(exc)) from None


def validation_summary(exc: ValidationError, limit: int = 4) -> str:
    """'sections.2: Input should be ...; action_items: Field required' (the first `limit` problems)."""
    problems = [f"{'.'.join(str(part) for part in error['loc']) or 'file'}: "
                f"{error['msg'].removeprefix('Value error, ')}" for error in exc.errors(include_url=False)]
    more = f"; and {len(problems) - limit} more" if len(problems) > limit else ""
    return "; ".join(problems[:limit]) + more


def document_path(gold_path: Path, gold: Gold) -> Path:
    """The document a gold file annotates: its `doc` beside it, else the one NAME.* beside it."""
    named = gold_path.parent / gold.doc
    if named.is_file():
        return named
    stem = gold_path.name[: -len(SUFFIX)]
    siblings = [p for p in sorted(gold_path.parent.glob(stem + ".*"))
                if p.is_file() and not p.name.endswith(SUFFIX)]
    if len(siblings) == 1:
        return siblings[0]
    looked = "one of " + ", ".join(p.name for p in siblings) if siblings else f"{gold.doc} or {stem}.*"
    raise PostmortemError(Errors.E015, str(gold_path), looked=looked)


@dataclass(frozen=True)
class Problem:
    """One finding of `check`; G0xx codes (and file errors) are errors, G1xx are doubts."""

    path: str
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return not self.code.startswith("G1")

    def __str__(self) -> str:
        return f"{self.path}: {'error' if self.is_error else 'doubt'} {self.code}: {self.message}"


def check(gold_path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Problem]:
    """Everything wrong or doubtful about one gold file and its document."""
    gold_path = Path(gold_path)
    try:
        gold = read_gold(gold_path)
        text = read_path(document_path(gold_path, gold), max_bytes=max_bytes).text
    except PostmortemError as exc:
        return [Problem(str(exc.path), exc.code, exc.reason)]
    return [Problem(str(gold_path), message.code, message.format(**values))
            for rule in CHECKS for message, values in rule(gold, text, gold_path)]


Finding = Iterator[tuple[Message, dict]]


def check_doc_name(gold: Gold, text: str, gold_path: Path) -> Finding:
    stem = gold_path.name[: -len(SUFFIX)]
    if Path(gold.doc).stem != stem or Path(gold.doc).name != gold.doc:
        yield GoldChecks.G001, {"doc": gold.doc, "stem": stem}


def check_phrases(gold: Gold, text: str, gold_path: Path) -> Finding:
    phrases = gold.root_cause_phrases
    if len(phrases) > MAX_PHRASES or (not phrases and gold.root_cause_categories != ["unknown"]):
        yield GoldChecks.G003, {"count": len(phrases)}
    for phrase in phrases:
        if not phrase or text.find(phrase) < 0:
            yield GoldChecks.G002, {"phrase": phrase, "doc": gold.doc}
        words = len(phrase.split())
        if not PHRASE_WORDS[0] <= words <= PHRASE_WORDS[1]:
            yield GoldChecks.G102, {"phrase": phrase, "words": words}


def check_lists(gold: Gold, text: str, gold_path: Path) -> Finding:
    if gold.impact_percents != sorted(set(gold.impact_percents)):
        yield GoldChecks.G004, {"field": "impact_percents", "values": gold.impact_percents}
    for field in ("sections", "root_cause_categories"):
        values = getattr(gold, field)
        for value in sorted({v for v in values if values.count(v) > 1}):
            yield GoldChecks.G005, {"field": field, "value": value}
    if "unknown" in gold.root_cause_categories and len(set(gold.root_cause_categories)) > 1:
        yield GoldChecks.G007, {}


def check_span(gold: Gold, text: str, gold_path: Path) -> Finding:
    start, end, stated = gold.incident_start, gold.incident_end, gold.duration_minutes
    if not (start and end):
        return
    if len(start) != len(end):
        yield GoldChecks.G105, {"start": start, "end": end}
        return
    derived = minutes_between(start, end)
    if derived < 0:
        yield GoldChecks.G006, {"start": start, "end": end}
    elif stated is None or not _same_length(stated, derived, dated="T" in start):
        yield GoldChecks.G101, {"stated": "null" if stated is None else stated, "derived": derived}


def check_times_written(gold: Gold, text: str, gold_path: Path) -> Finding:
    moments = [("incident_start", gold.incident_start), ("incident_end", gold.incident_end)]
    for field, value in moments + [("timeline_times", t) for t in dict.fromkeys(gold.timeline_times)]:
        if value and not clock_pattern(value[-5:]).search(text):
            yield GoldChecks.G103, {"field": field, "value": value, "doc": gold.doc}


def check_timezone(gold: Gold, text: str, gold_path: Path) -> Finding:
    zone = gold.timezone
    if not zone or re.search(rf"(?<![A-Za-z]){re.escape(zone)}(?![A-Za-z])", text, re.I):
        return
    pair, day = US_ZONES.get(zone.upper()), _date_of(gold.incident_start)
    if pair is None:
        yield GoldChecks.G104, {"zone": zone, "doc": gold.doc}
    elif day is not None and zone.upper() != pair[us_daylight(day)]:
        yield GoldChecks.G008, {"zone": zone, "date": day.isoformat(), "expected": pair[us_daylight(day)]}


CHECKS: tuple[Callable[[Gold, str, Path], Iterable[tuple[Message, dict]]], ...] = (
    check_doc_name, check_phrases, check_lists, check_span, check_times_written, check_timezone,
)


def minutes_between(start: str, end: str) -> int:
    """end - start in minutes; two date-less clocks are taken to be less than a day apart."""
    if "T" in start:
        return int((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() // 60)
    return (_clock_minutes(end) - _clock_minutes(start)) % DAY


def _same_length(stated: int, derived: int, *, dated: bool) -> bool:
    """The scorer's one-minute tolerance; a date-less span only knows the length modulo a day."""
    difference = abs(stated - derived) if dated else (stated - derived) % DAY
    return difference <= 1 or (not dated and difference >= DAY - 1)


def _clock_minutes(clock: str) -> int:
    return int(clock[:2]) * 60 + int(clock[3:5])


def _date_of(moment: str | None) -> date | None:
    return date.fromisoformat(moment[:10]) if moment and "T" in moment else None


def us_daylight(day: date) -> bool:
    """US daylight time: from the second Sunday of March to the first Sunday of November."""
    begins = _nth_sunday(day.year, 3, 2)
    ends = _nth_sunday(day.year, 11, 1)
    return begins <= day < ends


def _nth_sunday(year: int, month: int, n: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (n - 1))


@lru_cache(maxsize=2048)
def clock_pattern(hhmm: str) -> re.Pattern:
    """The ways a 24h `HH:MM` can be written: 14:05, 1405, 14h05, 2:05 (PM), and 2 PM / noon on the hour."""
    hour, minute = int(hhmm[:2]), int(hhmm[3:5])
    twelve = hour % 12 or 12
    forms = [rf"0?{hour}[:.h]?{minute:02d}", rf"0?{twelve}[:.]{minute:02d}"]
    if minute == 0:
        forms.append(rf"0?{twelve}\s*[ap]\.?\s?m\b")
        forms += [NAMED_CLOCKS[hour]] if hour in NAMED_CLOCKS else []
    return re.compile(r"(?<!\d)(?:" + "|".join(forms) + r")(?!\d)", re.I)


def check_paths(paths: Iterable[str | Path]) -> tuple[int, list[Problem]]:
    """(gold files checked, problems) for gold files and directories of them."""
    checked, problems = 0, []
    for path in paths:
        try:
            files = [Path(path)] if Path(path).is_file() else gold_files(path)
        except PostmortemError as exc:
            problems.append(Problem(str(exc.path), exc.code, exc.reason))
            continue
        for gold_path in files:
            checked += 1
            problems += check(gold_path)
    return checked, problems
