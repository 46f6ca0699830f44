"""`postmortem lint`: check a postmortem against what good templates require, and against itself.

Lint reads the record `postmortem extract` makes (`models.Record`), never the text again, so
a finding always agrees with what extraction found. Every rule is one row of `RULES`: a
stable code (PM1xx), a name, a severity, a completeness weight, its messages, and a check
`record -> hits`, each hit being the span it points at.

Completeness score (0-100): the template rules (weight > 0) add up to 100. A document scores
the weights of the selected template rules it satisfies, scaled to the selected total, so
`--ignore PM113` means lessons neither count for nor against it. Consistency rules (weight 0)
report problems but do not change the score.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from typing import Callable, Iterable, Iterator

from models import Record
from pipeline import readable
from pipeline.errors import Warnings
from pipeline.phrasing import says_what_to_do

SEVERITIES = ("info", "warning", "error")  # ascending
FAIL_ON = SEVERITIES + ("never",)
_DATED = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Hit:
    """Where a rule fired (character offsets into `Record.text`) and what to say."""

    start: int = 0
    end: int = 0
    variant: str = "default"
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    weight: int                   # completeness points; 0 for consistency rules
    title: str                    # what a good postmortem has (README table)
    messages: dict[str, str]      # variant -> template
    check: Callable[[Record], Iterable[Hit]]


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int


@dataclass
class Report:
    """The findings and score of one record; `path` is what diagnostics name."""

    path: str
    record_id: str
    score: int
    findings: list[Finding]

    def diagnostics(self) -> list[str]:
        """`path:line:col: CODE severity: message`, one per finding, in document order."""
        return [f"{self.path}:{f.line}:{f.column}: {f.code} {f.severity}: {f.message}" for f in self.findings]

    def worst(self) -> str | None:
        return max((f.severity for f in self.findings), key=SEVERITIES.index, default=None)

    def to_dict(self) -> dict:
        return {"path": self.path, "id": self.record_id, "score": self.score,
                "findings": [asdict(f) for f in self.findings]}


# --- helpers over the record -------------------------------------------------------------

def _sections(record: Record, kind: str) -> list:
    return [s for s in record.sections if kind in s.kinds]


def _line_span(text: str, offset: int) -> tuple[int, int]:
    """The line holding `offset`, without its line break."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _heading(record: Record, kind: str, fallback: tuple[int, int] = (0, 0)) -> tuple[int, int]:
    """The heading line of the first section of `kind`, else `fallback`."""
    found = _sections(record, kind)
    return _line_span(record.text, found[0].start) if found else fallback


def _has_body(record: Record, section) -> bool:
    """Whether a section says anything beyond its heading ("Resolution: we rolled back" does)."""
    scope = record.text[section.start:section.end]
    if section.heading:
        at = scope.find(section.heading)
        scope = scope[at + len(section.heading):] if at >= 0 else scope
    return any(character.isalnum() for character in scope)


def _warnings(record: Record, message) -> Iterator[dict]:
    """The values of each of the record's warnings that came from catalog `message`."""
    for entry in record.warnings:
        if entry.code == message.code:
            values = message.parse(entry.message)
            if values is not None:
                yield values


def _on_timeline(record: Record, offset: int) -> bool:
    """Whether a value was read from the timeline (its section or one of its entry lines)."""
    if any(s.start <= offset < s.end for s in _sections(record, "timeline")):
        return True
    line = _line_span(record.text, offset)[0]
    return any(_line_span(record.text, e.start)[0] == line for e in record.timeline)


def _stated(record: Record) -> set[str]:
    """Which of start, end, duration the document states outside its timeline."""
    evidence = record.incident.evidence
    return {name for name in ("start", "end", "duration")
            if name in evidence and not _on_timeline(record, evidence[name].start)}


def _span(record: Record, name: str) -> tuple[int, int]:
    span = record.incident.evidence.get(name)
    return (span.start, span.end) if span else (0, 0)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the checks: each yields a Hit where its rule fires ----------------------------------

def check_summary(record: Record) -> Iterator[Hit]:
    if not _sections(record, "summary"):
        yield Hit()


def check_impact(record: Record) -> Iterator[Hit]:
    impact = record.impact
    if impact.percent_affected or impact.users_affected or impact.all_users:
        return
    fallback = (impact.spans[0].start, impact.spans[0].end) if impact.spans else _heading(record, "summary")
    yield Hit(*_heading(record, "impact", fallback))


# (start read from the timeline, end read from the timeline) -> what gives the other length
_SPAN_SOURCE = {(True, True): "the timeline spans", (False, False): "the stated start and end span",
                (True, False): "start and end span", (False, True): "start and end span"}
# People round durations ("3 hours" for 3h18m): differences within this share are not reported.
DURATION_TOLERANCE = 0.10


def check_duration(record: Record) -> Iterator[Hit]:
    for values in _warnings(record, Warnings.W020):
        stated, derived = int(values["stated"]), int(values["derived"])
        if abs(stated - derived) <= DURATION_TOLERANCE * max(abs(stated), abs(derived)):
            continue
        told = _stated(record)
        yield Hit(*_span(record, "duration"), values={
            "stated": readable.minutes(stated), "derived": readable.minutes(derived),
            "span": _SPAN_SOURCE["start" not in told, "end" not in told]})


def check_window(record: Record) -> Iterator[Hit]:
    stated = _stated(record)
    if "duration" in stated or {"start", "end"} <= stated:
        return
    variant = "start_only" if "start" in stated else "end_only" if "end" in stated else "default"
    yield Hit(*_heading(record, "summary"), variant=variant)


def check_timeline(record: Record) -> Iterator[Hit]:
    if any(event.time for event in record.timeline):
        return
    if _sections(record, "timeline"):
        yield Hit(*_heading(record, "timeline"), variant="untimed")
    else:
        yield Hit()


def check_zone(record: Record) -> Iterator[Hit]:
    if record.incident.timezone:
        return
    timed = [event for event in record.timeline if event.time]
    if "start" in record.incident.evidence:
        yield Hit(*_span(record, "start"))
    elif timed:
        yield Hit(*_line_span(record.text, timed[0].start))


def check_order(record: Record) -> Iterator[Hit]:
    timed = [event for event in record.timeline if event.time]
    for values in _warnings(record, Warnings.W021):
        time = values["time"]
        for index, event in enumerate(timed):
            latest = max((e.time for e in timed[:index]), default="")
            if event.time == time and latest > time:
                yield Hit(event.start, event.end, values={"time": time, "previous": latest})
                break
        else:  # the warning names a time the timeline no longer shows: still report it
            yield Hit(*_heading(record, "timeline"), values={"time": time, "previous": "an earlier entry"})


def check_date(record: Record) -> Iterator[Hit]:
    placeholder = next(_warnings(record, Warnings.W023), None)
    if placeholder:
        at = record.text.find(placeholder["year"])
        span = (at, at + len(placeholder["year"])) if at >= 0 else (0, 0)
        yield Hit(*span, variant="placeholder", values=placeholder)
    elif record.incident.start and not _DATED.match(record.incident.start):
        yield Hit(*_span(record, "start"), variant="undated")


def check_root_cause(record: Record) -> Iterator[Hit]:
    if not record.root_causes and not any(_has_body(record, s) for s in _sections(record, "root_cause")):
        yield Hit()


def check_resolution(record: Record) -> Iterator[Hit]:
    told = any(_has_body(record, s) for s in _sections(record, "resolution"))
    if not told and not any({"resolution", "mitigation"} & set(e.tags) for e in record.timeline):
        yield Hit()


def check_actions(record: Record) -> Iterator[Hit]:
    if record.action_items:
        return
    if _sections(record, "corrective_actions"):
        yield Hit(*_heading(record, "corrective_actions"), variant="empty")
    else:
        yield Hit()


def check_action_verbs(record: Record) -> Iterator[Hit]:
    for item in record.action_items:
        if not says_what_to_do(item.text):
            yield Hit(item.start, item.end, values={"item": _quote(item.text)})


def check_lessons(record: Record) -> Iterator[Hit]:
    if not _sections(record, "lessons"):
        yield Hit()


# --- the rules: one table, codes never reused ---------------------------------------------

RULES: tuple[Rule, ...] = (
    Rule("PM101", "missing-summary", "warning", 10, "a summary", {
        "default": "no summary: open with what happened, who was affected and for how long"},
        check_summary),
    Rule("PM102", "unquantified-impact", "warning", 15, "impact in numbers", {
        "default": "impact is not quantified: give the share or number of users, requests or customers affected"},
        check_impact),
    Rule("PM103", "duration-mismatch", "warning", 0, "a stated duration that matches start and end (within 10%)", {
        "default": "duration says {stated} but {span} {derived}"},
        check_duration),
    Rule("PM104", "unstated-window", "warning", 10, "stated start and end, or duration", {
        "default": "the outage's start and end times (or its duration) are not stated",
        "start_only": "the outage's start is stated but not its end or duration",
        "end_only": "the outage's end is stated but not its start or duration"},
        check_window),
    Rule("PM105", "missing-timeline", "warning", 15, "a timeline with clock times", {
        "default": "no timeline: list what happened when, with clock times",
        "untimed": "the timeline gives no clock times"},
        check_timeline),
    Rule("PM106", "missing-timezone", "warning", 5, "a time zone for the times", {
        "default": "times are given without a time zone"},
        check_zone),
    Rule("PM107", "timeline-order", "warning", 0, "a timeline in time order", {
        "default": "timeline goes back in time: {time} comes after {previous}"},
        check_order),
    Rule("PM108", "unresolved-date", "warning", 0, "a date that can be resolved", {
        "placeholder": "the year is written as {year!r}: the incident date cannot be resolved",
        "undated": "no full date (day, month and year) for the incident: its times cannot be placed on a calendar"},
        check_date),
    Rule("PM109", "missing-root-cause", "error", 15, "a root cause", {
        "default": "no root cause: say what was wrong, not only what was seen"},
        check_root_cause),
    Rule("PM110", "missing-resolution", "warning", 10, "a resolution", {
        "default": "no resolution: say how service was restored"},
        check_resolution),
    Rule("PM111", "missing-action-items", "error", 15, "action items", {
        "default": "no action items: list what will be done so that this does not happen again",
        "empty": "the action items section lists no actions"},
        check_actions),
    Rule("PM112", "action-without-verb", "warning", 0, "action items that say what to do", {
        "default": "action item does not say what to do: {item!r}; start it with a verb (\"Add ...\")"},
        check_action_verbs),
    Rule("PM113", "missing-lessons", "info", 5, "lessons learned", {
        "default": "no lessons learned: what went well, what went badly, where you were lucky"},
        check_lessons),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


# --- running the rules --------------------------------------------------------------------

def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules chosen by codes, code prefixes ("PM11") or names ("missing-lessons"); all
    rules when `select` is empty. Raises ValueError naming an entry that matches no rule."""
    chosen = _matching(select) if select else set(RULES_BY_CODE)
    chosen -= _matching(ignore)
    return tuple(rule for rule in RULES if rule.code in chosen)


def _matching(entries: Iterable[str]) -> set[str]:
    codes: set[str] = set()
    for entry in entries:
        key = entry.strip()
        found = {r.code for r in RULES if r.code.startswith(key.upper()) or r.name == key.lower()}
        if not key or not found:
            raise ValueError(f"{entry!r} matches no rule (codes {RULES[0].code}-{RULES[-1].code})")
        codes |= found
    return codes


def lint_record(record: Record, *, rules: Iterable[Rule] = RULES, path: str | None = None) -> Report:
    """Run `rules` over one record: its findings in document order and its score."""
    rules = tuple(rules)
    findings, failed = [], set()
    for rule in rules:
        for hit in rule.check(record):
            failed.add(rule.code)
            findings.append(_finding(record.text, rule, hit))
    findings.sort(key=lambda f: (f.start, f.code))
    return Report(path or record.source.path or record.id, record.id, score(rules, failed), findings)


def _finding(text: str, rule: Rule, hit: Hit) -> Finding:
    line, column = line_column(text, hit.start)
    message = rule.messages[hit.variant].format(**hit.values)
    return Finding(rule.code, rule.name, rule.severity, message, hit.start, hit.end, line, column)


def score(rules: Iterable[Rule], failed: set[str]) -> int:
    """Completeness 0-100: the weight of the template rules passed over the weight of all
    selected template rules (100 when none is selected)."""
    weighted = [rule for rule in rules if rule.weight]
    total = sum(rule.weight for rule in weighted)
    passed = sum(rule.weight for rule in weighted if rule.code not in failed)
    return round(100 * passed / total) if total else 100


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset`."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def exit_code(reports: Iterable[Report], *, unreadable: bool = False, fail_on: str = "error",
              fail_under: int | None = None) -> int:
    """2 when an input gave no record; 1 when a finding is at or above `fail_on` or a score
    is under `fail_under`; else 0."""
    if unreadable:
        return 2
    threshold = FAIL_ON.index(fail_on)
    for report in reports:
        worst = report.worst()
        if worst is not None and SEVERITIES.index(worst) >= threshold:
            return 1
        if fail_under is not None and report.score < fail_under:
            return 1
    return 0


def summary_line(reports: list[Report], unreadable: int = 0) -> str:
    """"3 files, 5 findings (1 error, 3 warnings, 1 info), lowest score 60"."""
    counts = {s: sum(f.severity == s for r in reports for f in r.findings) for s in reversed(SEVERITIES)}
    parts = [f"{n} {s}{'s' if n != 1 and s != 'info' else ''}" for s, n in counts.items() if n]
    total = sum(counts.values())
    text = f"{len(reports)} file{'s' if len(reports) != 1 else ''}, {total} finding{'s' if total != 1 else ''}"
    text += f" ({', '.join(parts)})" if parts else ""
    if reports:
        text += f", lowest score {min(r.score for r in reports)}"
    return text + (f", {unreadable} unreadable" if unreadable else "")


def to_json(reports: list[Report], errors: list[dict]) -> str:
    return json.dumps({"files": [r.to_dict() for r in reports], "errors": errors}, indent=2, ensure_ascii=False)
