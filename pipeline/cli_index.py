"""`postmortem index build`: put records into the embedded search index."""
from __future__ import annotations

import sys

import click

from pipeline.cli_inputs import Reporter, db_option, fatal, input_options, pipeline_for


@click.group("index")
def index_group():
    """Manage the embedded search index (an SQLite file; see `postmortem search`)."""


@index_group.command("build")
@input_options()
@db_option
@click.option("--prune", is_flag=True, help="Drop indexed documents whose files no longer exist.")
@click.option("--rebuild", is_flag=True,
              help="Forget what is indexed and extract everything again (after upgrading postmortem-miner).")
def build_command(inputs, records_files, fmt, max_bytes, spacy_model, db, prune, rebuild):
    """Extract each postmortem INPUT (files or folders) and index its record in the --db file.

    Incremental: a file whose content (sha256) is unchanged since it was indexed is
    skipped, a changed one is re-extracted and replaced. Folders are walked for .md,
    .txt, .html, .docx and .pdf files (hidden files and READMEs are skipped). Records
    extracted earlier are indexed as they are: an INPUT ending in .jsonl or .ndjson, or
    any file given with --records.

    Only one build may write an index at a time; a second one stops at once with a message.
    A file that cannot be read or extracted is reported as `postmortem: error: PATH:
    reason`; the others are still indexed, and the exit code is 2.
    """
    from pipeline.errors import PostmortemError
    from pipeline.index import build_index

    if not (inputs or records_files or prune):
        raise click.UsageError("give INPUT files or folders, --records FILE.jsonl, or --prune")
    reporter = Reporter()
    try:
        report = build_index(db, inputs, records_files, prune=prune, rebuild=rebuild,
                             nlp=pipeline_for(spacy_model) if inputs else None, on_error=reporter,
                             max_bytes=max_bytes, fmt=fmt)
    except PostmortemError as error:
        raise fatal(error) from None
    for path in report.pruned:
        click.echo(f"pruned {path}", err=True)
    click.echo(f"{db}: {len(report.added)} added, {len(report.replaced)} replaced, {report.unchanged} unchanged, "
               f"{len(report.pruned)} pruned, {report.failed} failed", err=True)
    if reporter.count:
        sys.exit(2)
