"""`postmortem stats`: thin; the figures are computed in `pipeline/stats.py`."""
from __future__ import annotations

import json

import click

from pipeline.cli import fail
from pipeline.ingest import DEFAULT_MAX_BYTES


@click.command("stats")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON document.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse postmortems larger than this.")
def stats_command(inputs, as_json, max_bytes):
    """Figures over many postmortems: how many incidents, median and 90th percentile of
    duration, time to detect and time to resolve, and the share of incidents per
    root-cause category, per month and per service.

    Each INPUT is a JSONL file of records from `postmortem extract` (read back, not
    re-extracted) or a postmortem to extract; - reads standard input (records or a
    postmortem). An input that cannot be read is reported on standard error, the
    figures cover the others, and the exit code is 2.
    """
    from pipeline.sources import load_records
    from pipeline.stats import render, summarize

    records, failed = [], False
    for loaded in load_records(inputs, max_bytes=max_bytes):
        if loaded.error is not None:
            fail(loaded.error.path or loaded.name, loaded.error.reason)
            failed = True
        else:
            records.append(loaded.record)
    stats = summarize(records)
    click.echo(json.dumps(stats, indent=2, ensure_ascii=False) if as_json else render(stats))
    if failed:
        raise SystemExit(2)
