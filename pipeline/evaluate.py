"""`postmortem eval`: score extraction against a folder of gold annotations.

    >>> from pipeline.evaluate import evaluate, format_text
    >>> report = evaluate("corpus")                  # runs the pipeline on the documents
    >>> report.summary["timeline"], [d.doc for d in report.worst(5)]
    >>> print(format_text(report))

Each `NAME.gold.json` is scored against a record of the document beside it (its `doc`,
else the one `NAME.*` file), or against the record for that file name in a JSON-lines file
of records. Field scores are defined in `pipeline/scoring.py`. A file that cannot be read
or extracted becomes an entry of `Report.errors` (and a document without a record, which
scores 0), never an exception: one bad file does not hide the others' scores.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator, TextIO

import click

from models import Record
from models.gold import Gold
from pipeline import sources
from pipeline.errors import Errors, PostmortemError
from pipeline.gold import document_path, gold_files, read_gold
from pipeline.ingest import DEFAULT_MAX_BYTES, read_path
from pipeline.scoring import FIELDS, DocScore, score_doc, summarise

WORST = 10
WIDTH = 100  # longest value shown in the text report


@dataclass
class Report:
    docs: list[DocScore]
    errors: list[PostmortemError]

    @cached_property
    def summary(self) -> dict[str, Any]:
        """Per-field scores and `overall`, with `docs` and `missing_records` (as score.py has them)."""
        missing = sum(doc.got is None for doc in self.docs)
        return {**summarise(self.docs), "docs": len(self.docs), "missing_records": missing}

    def worst(self, n: int = WORST) -> list[DocScore]:
        """The `n` documents with the lowest mean score, among those with a failing field."""
        failing = [doc for doc in self.docs if doc.failing]
        return sorted(failing, key=lambda doc: (doc.overall, doc.doc))[:n]

    def to_dict(self, worst: int = WORST) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "per_doc": {doc.doc: doc.scores for doc in self.docs},
            "worst": [failure_detail(doc) for doc in self.worst(worst)],
            "errors": [error.to_dict() for error in self.errors],
        }


def failure_detail(doc: DocScore) -> dict[str, Any]:
    """A document's failing fields with what was expected and what was got."""
    got = doc.got or {}
    return {"doc": doc.doc, "overall": doc.overall, "note": doc.note,
            "failing": {field: {"score": doc.scores[field], "expected": doc.expected[field],
                                "got": got.get(field)} for field in doc.failing}}


def evaluate(gold_dir: str | Path, records: TextIO | None = None, *, nlp=None,
             max_bytes: int = DEFAULT_MAX_BYTES) -> Report:
    """Score every gold file of `gold_dir`: against `records` (an open JSON-lines file) when
    given, else against records the pipeline (`nlp`, default `pipeline.nlp.load()`) extracts."""
    errors: list[PostmortemError] = []
    golds = list(_read_golds(gold_files(gold_dir), errors))
    if records is None:
        found = _extract(golds, errors, nlp, max_bytes)
    else:
        found = _match(golds, read_records(records, errors))
    return Report([score_doc(gold.doc, gold, *found[path]) for path, gold in golds], errors)


def _read_golds(paths: list[Path], errors: list) -> Iterator[tuple[Path, Gold]]:
    for path in paths:
        try:
            yield path, read_gold(path)
        except PostmortemError as exc:
            errors.append(exc)


def _extract(golds, errors: list, nlp, max_bytes: int) -> dict[Path, tuple[Record | None, str | None]]:
    """(record, None) or (None, why) for each gold file: a document that cannot be read or
    that the pipeline fails on is reported, and the others are still extracted."""
    from pipeline.nlp import extract_results

    found, readable = {}, []
    for path, gold in golds:
        try:
            readable.append((path, read_path(document_path(path, gold), max_bytes=max_bytes)))
        except PostmortemError as exc:
            errors.append(exc)
            found[path] = None, exc.reason
    results = extract_results([document for _, document in readable], nlp=nlp)
    for (path, _), result in zip(readable, results):
        if result.error:
            errors.append(result.error)
        found[path] = result.record, result.error.reason if result.error else None
    return found


def _match(golds, records: dict[str, Record]) -> dict[Path, tuple[Record | None, str | None]]:
    """Pair each gold file with the record whose source path has its `doc` file name."""
    return {path: (records[gold.doc], None) if gold.doc in records else (None, "no record for it")
            for path, gold in golds}


def read_records(stream: TextIO, errors: list) -> dict[str, Record]:
    """Records of a JSON-lines file by the file name of their `source.path`; a line that is
    not a record is reported (E017) and skipped."""
    name = getattr(stream, "name", "records")
    records: dict[str, Record] = {}
    try:
        for loaded in sources.read_records(stream, name):
            if loaded.error is not None:
                errors.append(loaded.error)
            else:
                records[Path(loaded.record.source.path or "").name] = loaded.record
    except UnicodeDecodeError as exc:
        errors.append(PostmortemError(Errors.E008, name, reason=f"not UTF-8 ({exc.reason})"))
    return records


def format_text(report: Report, worst: int = WORST) -> str:
    """The per-field table, then the worst documents with expected vs got per failing field."""
    summary = report.summary
    lines = [f"{'field':14s} score"]
    lines += [f"{field:14s} {summary[field]:.3f}" for field in (*FIELDS, "overall") if field in summary]
    failing = sum(bool(doc.failing) for doc in report.docs)
    lines.append(f"docs {summary['docs']}, missing records {summary['missing_records']}, "
                 f"with a failing field {failing}, files in error {len(report.errors)}")
    shown = report.worst(worst)
    if shown:
        lines += ["", f"Worst documents ({len(shown)} of {failing}), expected vs got for each failing field:"]
    for doc in shown:
        lines += ["", f"{doc.doc}  overall {doc.overall:.2f}" + (f"  ({doc.note})" if doc.note else "")]
        for field in doc.failing if doc.got is not None else ():  # without a record every field is 0
            expected, got = _shown(field, doc)
            lines.append(f"  {field:13s}{doc.scores[field]:5.2f}  expected {expected}")
            lines.append(f"  {'':13s}{'':5s}  got      {got}")
    return "\n".join(lines)


def _shown(field: str, doc: DocScore) -> tuple[str, str]:
    expected, got = doc.expected[field], doc.got[field]
    if field == "timeline":  # long lists: say what differs
        return (_times(expected, Counter(expected) - Counter(got), "missing"),
                _times(got, Counter(got) - Counter(expected), "extra"))
    return _clip(expected), _clip(got)


def _times(times: list[str], unmatched: Counter, label: str) -> str:
    """'8 times, missing ["11:02", ...]'; only the count when all of them matched."""
    return f"{len(times)} times" + (f", {label} {_clip(sorted(unmatched.elements()))}" if unmatched else "")


def _clip(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"


@click.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--records", type=click.File("r", encoding="utf-8"), metavar="FILE",
              help="Score these records (JSON lines, as `postmortem extract` writes them; - is "
                   "standard input) instead of running the pipeline on the documents.")
@click.option("--worst", type=click.IntRange(min=0), default=WORST, show_default=True,
              help="How many of the worst documents to list.")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON: summary, per_doc scores, worst (with expected vs got), errors.")
def eval_command(gold_dir, records, worst, as_json):
    """Score extraction against the gold annotations (*.gold.json) in GOLD_DIR.

    Each NAME.gold.json is compared with a record of the document beside it (NAME.md,
    NAME.txt, ...), extracted now, or with the record for that file name in --records.
    Prints the score of each field, the overall mean, and the worst documents with
    expected vs got for each failing field. A file that cannot be read is reported as
    `postmortem: error: PATH: reason`; its document scores 0, the others are still
    scored, and the exit code is 2.
    """
    from pipeline.cli import fail

    try:
        report = evaluate(gold_dir, records)
    except PostmortemError as exc:
        raise click.ClickException(str(exc)) from None
    for error in report.errors:
        fail(error.path, error.reason)
    click.echo(json.dumps(report.to_dict(worst), indent=2, ensure_ascii=False) if as_json
               else format_text(report, worst))
    if report.errors:
        sys.exit(2)
