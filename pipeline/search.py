"""Searching an index built by `pipeline.index`: BM25-ranked full text, snippets, filters,
and `similar()` for "has this happened before?".

A query of plain words matches documents holding any of them, best first (like a search
engine's default); `match_all=True` asks for every word. A query using FTS5 syntax
(`"exact phrase"`, `AND`/`OR`/`NOT`, `prefix*`, `causes: cache`, `NEAR(...)`) is passed as
written, and a malformed one is a `PostmortemError` (E064), never an SQL error. User text
reaches SQLite only as bound parameters.
"""
from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Sequence

from models import Record
from pipeline.errors import Errors, PostmortemError
from pipeline.index import FTS_COLUMNS, TOKENIZER, document_key, summary_text

# bm25() weight of each FTS column, in `FTS_COLUMNS` order: a word in the title or the
# cause says more about an incident than the same word somewhere in its timeline.
WEIGHTS = {"title": 6.0, "summary": 3.0, "causes": 6.0, "timeline": 1.0, "actions": 1.0,
           "impact": 2.0, "body": 1.0}
SNIPPET_TOKENS = 14
ELLIPSIS = "…"
# Characters and words that make a query FTS5 syntax rather than plain words.
_SYNTAX = re.compile(r"[\"*():^{}]|\b(?:AND|OR|NOT|NEAR)\b")
_WORD = re.compile(r"[^\W_](?:[\w'’.-]*[^\W_])?")
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing during each few for from further had has have
having he her here hers him his how i if in into is it its itself just me more most my no nor not of
off on once only or other our ours out over own same she should so some such than that the their them
then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours last lasted lasting took long longer
""".split())
# Words every postmortem uses: they say nothing about which incident is like which.
GENERIC_WORDS = frozenset("""
incident incidents outage outages postmortem post mortem issue issues problem problems root cause causes
caused causing summary impact impacted affected affecting users user customers customer service services
team teams minutes minute hours hour time times due result resulted led leading failed failure failures
error errors started start ended end resolved resolution fixed fix during which also were was being
""".split())
# How similar() ranks: text relevance (0..1 relative to the best match) plus this much for
# sharing the query incident's root-cause categories (all of them: the full amount).
CATEGORY_WEIGHT = 0.5
SIMILAR_TERMS = 40
SIMILAR_POOL = 50
# sqlite's complaints about a MATCH expression -> what to tell the user.
_QUERY_PROBLEMS = (
    (re.compile(r"no such column: (.+)"), "unknown field {0!r} (fields: " + ", ".join(FTS_COLUMNS) + ")"),
    (re.compile(r"unterminated string"), "a double quote is not closed"),
    (re.compile(r"fts5: syntax error near \"\""), "the query ends too early (an operator or '(' with nothing after it)"),
    (re.compile(r"fts5: syntax error near (.+)"), "syntax error near {0}"),
)


@dataclass(frozen=True)
class Filters:
    """Conditions on the structured fields. `since`/`until` are bounds on the incident's
    local start date-time, as made by `time_bound()`; undated incidents never match them."""

    categories: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_duration: int | None = None
    min_impact: float | None = None
    service: str | None = None


@dataclass
class Hit:
    rank: int
    id: str
    path: str | None
    title: str | None
    score: float
    snippet: str
    categories: list[str]
    start: str | None
    duration_minutes: int | None
    impact_percent: float | None
    causes: list[str]

    def to_dict(self) -> dict:
        return asdict(self)


# -- options users type -----------------------------------------------------------------

_BOUND = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?)?)?$")


def time_bound(text: str, *, upper: bool = False) -> str:
    """A bound on the local start: '2024' | '2024-03' | '2024-03-02' | '2024-03-02T14:05'.
    A lower bound is the period's first moment; an upper bound includes the whole period."""
    match = _BOUND.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM")
    year, month, day, hour, minute, second = (int(g) if g else None for g in match.groups())
    try:
        first = datetime(year, month or 1, day or 1, hour or 0, minute or 0, second or 0)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a date: {exc}") from None
    if not upper:
        return first.isoformat()
    if hour is not None:
        return (first if second is not None else first.replace(second=59)).isoformat()
    if day is not None:
        return f"{first.date().isoformat()}T23:59:59"
    if month is not None:
        following = date(year + month // 12, month % 12 + 1, 1)
        return f"{date.fromordinal(following.toordinal() - 1).isoformat()}T23:59:59"
    return f"{year:04d}-12-31T23:59:59"


def minutes(text: str) -> int:
    """'90' (minutes), '90m', '1h30m', '2 hours', '1.5h', '2d' -> minutes."""
    from pipeline.temporal import parse_duration

    text = text.strip()
    value = int(text) if text.isdigit() else parse_duration(text)
    if value is None:
        raise ValueError(f"{text!r} is not a duration: use minutes (90) or units (1h30m, 2 hours, 1d)")
    return value


def percent(text: str) -> float:
    """'30' or '30%' -> 30.0 (0 to 100)."""
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        raise ValueError(f"{text!r} is not a percentage (0 to 100)") from None
    if not 0 <= value <= 100:
        raise ValueError(f"{text!r} is not a percentage (0 to 100)")
    return value


# -- queries ----------------------------------------------------------------------------

def is_syntax(query: str) -> bool:
    return bool(_SYNTAX.search(query))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def compile_query(query: str, *, match_all: bool = False) -> str:
    """The FTS5 expression for what the user typed (see the module docstring)."""
    if is_syntax(query):
        return query
    return (" AND " if match_all else " OR ").join(_quoted(t) for t in query_terms(query))


def query_terms(query: str) -> list[str]:
    """The words of a plain query that say something (all of them if none does)."""
    terms = list(dict.fromkeys(w.lower() for w in words(query)))
    meaningful = [t for t in terms if t not in STOP_WORDS] or terms
    if not meaningful:
        raise PostmortemError(Errors.E064, None, query=query, reason="it has no words to search for")
    return meaningful


def every_word(query: str) -> str | None:
    """For a plain query of several words, the expression matching all of them: such
    documents rank before those matching only some (None when that cannot differ)."""
    if is_syntax(query):
        return None
    terms = query_terms(query)
    return " AND ".join(_quoted(t) for t in terms) if len(terms) > 1 else None


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def check_query(expression: str, query: str) -> None:
    """Raise E064 if `expression` is not a valid MATCH expression for the index's columns
    (tried on an empty in-memory table, so no error can come from the index itself)."""
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute(f"CREATE VIRTUAL TABLE fts USING fts5({', '.join(FTS_COLUMNS)}, tokenize='{TOKENIZER}')")
        probe.execute("SELECT rowid FROM fts WHERE fts MATCH ?", (expression,)).fetchall()
    except sqlite3.OperationalError as exc:
        raise PostmortemError(Errors.E064, None, query=query, reason=_explain(str(exc))) from None
    finally:
        probe.close()


def _explain(message: str) -> str:
    for pattern, explanation in _QUERY_PROBLEMS:
        match = pattern.search(message)
        if match:
            return explanation.format(*match.groups())
    return message


def service_expression(service: str) -> str:
    """Documents naming `service` (as a phrase) in their title, summary or impact."""
    return "{title summary impact} : " + _quoted(service)


_COLUMNS = ("d.doc, d.id, d.path, d.title, d.categories, d.start, d.duration_minutes, "
            "d.impact_percent, fts.causes")
# Filters whose value is one bound parameter: field -> SQL condition.
_FILTER_SQL = {
    "since": "d.started >= ?",
    "until": "d.started <= ?",
    "min_duration": "d.duration_minutes >= ?",
    "min_impact": "d.impact_percent >= ?",
    "service": "d.doc IN (SELECT rowid FROM fts WHERE fts MATCH ?)",
}


def _conditions(filters: Filters) -> tuple[list[str], list]:
    clauses, params = [], []
    if filters.categories:
        marks = ", ".join("?" * len(filters.categories))
        clauses.append(f"d.doc IN (SELECT doc FROM categories WHERE category IN ({marks}))")
        params += list(filters.categories)
    for name, sql in _FILTER_SQL.items():
        value = getattr(filters, name)
        if value is not None:
            clauses.append(sql)
            params.append(service_expression(value) if name == "service" else value)
    return clauses, params


def search(conn: sqlite3.Connection, query: str | None, filters: Filters = Filters(), *,
           limit: int = 10, match_all: bool = False, marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """The best `limit` documents for `query` that pass `filters`. With no query, the
    documents passing the filters, latest incident first."""
    clauses, params = _conditions(filters)
    if filters.service is not None:
        check_query(service_expression(filters.service), filters.service)
    if query is None or not query.strip():
        sql = (f"SELECT {_COLUMNS}, 0.0 AS score, '' AS snippet FROM documents d JOIN fts ON fts.rowid = d.doc"
               f"{_where(clauses)} ORDER BY d.started IS NULL, d.started DESC, d.path LIMIT ?")
        return _hits(conn.execute(sql, (*params, limit)))
    expression = compile_query(query, match_all=match_all)
    check_query(expression, query)
    first = None if match_all else every_word(query)
    return _hits(_ranked(conn, expression, marks, clauses, params, first=first, limit=limit))


_RANKED = (f"SELECT {_COLUMNS}, -bm25(fts, {', '.join('?' * len(FTS_COLUMNS))}) AS score, "
           f"snippet(fts, -1, ?, ?, ?, ?) AS snippet FROM fts JOIN documents d ON d.doc = fts.rowid")


def _ranked(conn: sqlite3.Connection, expression: str, marks: tuple[str, str], clauses: Sequence[str] = (),
            params: Sequence = (), *, first: str | None = None, limit: int) -> list[sqlite3.Row]:
    """Rows matching `expression` and `clauses`, best first (BM25); with `first`, the rows
    that also match that expression come before the others."""
    order = ("d.doc IN (SELECT rowid FROM fts WHERE fts MATCH ?) DESC, " if first else "") + "score DESC, d.path"
    sql = f"{_RANKED}{_where(['fts MATCH ?', *clauses])} ORDER BY {order} LIMIT ?"
    values = (*WEIGHTS.values(), *marks, ELLIPSIS, SNIPPET_TOKENS, expression, *params,
              *([first] if first else []), limit)
    return conn.execute(sql, values).fetchall()


def _where(clauses: Sequence[str]) -> str:
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _hits(rows) -> list[Hit]:
    return [_hit(rank, row) for rank, row in enumerate(rows, 1)]


def _hit(rank: int, row: sqlite3.Row, score: float | None = None) -> Hit:
    return Hit(rank=rank, id=row["id"], path=row["path"], title=row["title"],
               score=round(row["score"] if score is None else score, 3),
               snippet=row["snippet"], categories=json.loads(row["categories"]), start=row["start"],
               duration_minutes=row["duration_minutes"], impact_percent=row["impact_percent"],
               causes=[c for c in row["causes"].split("\n") if c])


# -- similar incidents ------------------------------------------------------------------

def salient_terms(record: Record, limit: int = SIMILAR_TERMS) -> list[str]:
    """The words that say what this incident was: its causes first, then title and summary."""
    texts = [cause.text for cause in record.root_causes] + [record.title or "", summary_text(record),
                                                            record.impact.summary or ""]
    terms = []
    for text in texts:
        for word in words(text.lower()):
            if len(word) > 2 and not word.isdigit() and word not in STOP_WORDS | GENERIC_WORDS \
                    and word not in terms:
                terms.append(word)
    return terms[:limit]


def similar(conn: sqlite3.Connection, record: Record, *, limit: int = 5,
            marks: tuple[str, str] = ("[", "]")) -> list[Hit]:
    """The indexed incidents most like `record`, by cause, title and summary words (BM25)
    and shared root-cause categories. The record's own document is left out."""
    terms = salient_terms(record)
    if not terms:
        return []
    expression = "{title summary causes impact} : (" + " OR ".join(_quoted(t) for t in terms) + ")"
    check_query(expression, " ".join(terms))
    key = document_key(record.source.path, record.source.sha256)
    rows = _ranked(conn, expression, marks, ["d.id != ?", "d.key != ?"], [record.id, key], limit=SIMILAR_POOL)
    return _rerank(rows, set(record.root_cause_categories) - {"unknown"}, limit)


def _rerank(rows: list[sqlite3.Row], categories: set[str], limit: int) -> list[Hit]:
    """Relevance as a share of the best row's, plus the category bonus."""
    if not rows:
        return []
    best = max(row["score"] for row in rows) or 1.0
    scored = []
    for row in rows:
        shared = categories & set(json.loads(row["categories"]))
        bonus = CATEGORY_WEIGHT * len(shared) / len(categories) if categories else 0.0
        scored.append((row["score"] / best + bonus, row))
    scored.sort(key=lambda pair: (-pair[0], pair[1]["path"] or ""))
    return [_hit(rank, row, score) for rank, (score, row) in enumerate(scored[:limit], 1)]
