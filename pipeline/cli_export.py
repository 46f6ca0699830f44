"""`postmortem export`: records as OpenSearch / Elasticsearch `_bulk` NDJSON, the index
mapping, or straight into a cluster."""
from __future__ import annotations

import json
import sys

import click

from pipeline.cli import atomic_output
from pipeline.cli_inputs import Reporter, fatal, input_options, pipeline_for
from pipeline.export import DEFAULT_INDEX, FORMATS


@click.command("export")
@input_options(format_flag="--input-format")
@click.option("--format", "target", type=click.Choice(FORMATS), default="opensearch", show_default=True,
              help="The engine (both read the same _bulk format and mapping).")
@click.option("--index", "index", default=DEFAULT_INDEX, show_default=True, help="The index name.")
@click.option("--mapping", "print_mapping", is_flag=True, help="Print the index mapping (JSON) and stop.")
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the NDJSON; - is standard output.")
@click.option("--url", metavar="URL",
              help="Push to this cluster instead (http(s)://[user:password@]host:port; needs the [opensearch] extra).")
@click.option("--chunk-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="Documents per _bulk request when pushing.")
@click.option("--max-retries", type=click.IntRange(min=0), default=3, show_default=True,
              help="Retries of a refused (429) chunk or a failed connection when pushing.")
@click.option("--backoff", type=click.FloatRange(min=0), default=2.0, show_default=True,
              help="Seconds before the first retry; doubled each time.")
def export_command(inputs, records_files, fmt, max_bytes, spacy_model, target, index, print_mapping,
                   output, url, chunk_size, max_retries, backoff):
    """Export the records of INPUT postmortems (files or folders; a .jsonl INPUT is read
    as records) for a search engine.

    Writes the `_bulk` NDJSON: an action line `{"index": {"_index": ..., "_id": ...}}`
    then the record, for each postmortem, with the record id as `_id` (re-exporting a
    document overwrites it). Load it with `curl -H 'Content-Type: application/x-ndjson'
    --data-binary @bulk.ndjson URL/_bulk` after creating the index with --mapping.
    With --url, creates the index (with the mapping) if needed and pushes the records
    with the opensearch-py client, in chunks, retrying; each rejected document is
    reported as `postmortem: error: PATH: ...` and the exit code is 2.
    """
    from pipeline.errors import PostmortemError
    from pipeline.export import bulk_lines, check_index_name, mapping
    from pipeline.sources import expand_paths, load_records, records_of

    if print_mapping:
        click.echo(json.dumps(mapping(), indent=2))
        return
    if not (inputs or records_files):
        raise click.UsageError("give INPUT files or folders, or --records FILE.jsonl (or --mapping)")
    reporter = Reporter()
    try:
        check_index_name(index)
        loaded = load_records(expand_paths(inputs), records=records_files, nlp=pipeline_for(spacy_model),
                              max_bytes=max_bytes, fmt=fmt)
        records = records_of(loaded, reporter)
        if url:
            _push(records, url, index, chunk_size, max_retries, backoff, reporter)
        else:
            with atomic_output(output) as out:
                for line in bulk_lines(records, index):
                    out.write(line + "\n")
    except PostmortemError as error:
        raise fatal(error) from None
    if reporter.count:
        sys.exit(2)


def _push(records, url, index, chunk_size, max_retries, backoff, reporter) -> None:
    from pipeline.push import push

    report = push(records, url, index=index, chunk_size=chunk_size, max_retries=max_retries,
                  backoff=backoff, on_error=reporter)
    created = " (created with the mapping)" if report.created_index else ""
    click.echo(f"{index}{created}: {report.indexed} indexed, {report.rejected} rejected", err=True)
