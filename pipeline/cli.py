"""The `postmortem` command line. Thin: parse options, call the library, print.

Subcommands live in their own modules and are imported only when run, so that
`postmortem --help` and `postmortem --version` answer without loading spaCy.
"""
from __future__ import annotations

import importlib
import sys

import click

from pipeline import __version__
from pipeline.outputs import atomic_output  # noqa: F401 (commands import it from here)

# name -> "module:attribute" of the click command
LAZY_COMMANDS = {
    "batch": "pipeline.batch_cli:batch_command",
    "eval": "pipeline.evaluate:eval_command",
    "export": "pipeline.cli_export:export_command",
    "extract": "pipeline.cli:extract_command",
    "index": "pipeline.cli_index:index_group",
    "lint": "pipeline.lint_cli:lint_command",
    "report": "pipeline.cli_report:report_command",
    "schema": "pipeline.cli:schema_command",
    "search": "pipeline.cli_search:search_command",
    "show": "pipeline.cli_show:show_command",
    "similar": "pipeline.cli_similar:similar_command",
    "stats": "pipeline.stats_cli:stats_command",
}
SHORT_HELP = {
    "batch": "Extract records from many files in parallel; resumable, with an errors file.",
    "eval": "Score extraction against gold annotations; show where it goes wrong.",
    "export": "Export records as OpenSearch / Elasticsearch _bulk NDJSON, or push them.",
    "extract": "Extract one record per postmortem, as JSON lines.",
    "index": "Build the embedded search index (SQLite full text).",
    "lint": "Check postmortems for completeness and contradictions; score each one.",
    "report": "Write an HTML dashboard of many incidents (records or postmortems).",
    "schema": "Print the JSON Schema of a record.",
    "search": "Search the index: ranked full text with filters.",
    "show": "Write one postmortem as a self-contained HTML page.",
    "similar": "The indexed incidents most like a given postmortem.",
    "stats": "Figures over many postmortems: durations, detection, causes, months, services.",
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx):
        return sorted(LAZY_COMMANDS)

    def get_command(self, ctx, name):
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module, attribute = target.split(":")
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx, formatter):
        rows = [(name, SHORT_HELP.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="postmortem")
def main():
    """Turn free-form incident postmortems into structured, searchable records.

    Run `postmortem COMMAND --help` for the options of each command.
    """


def fail(path: str, reason: str) -> None:
    """The one format for a file that gave no record: `postmortem: error: PATH: reason`."""
    click.echo(f"postmortem: error: {path}: {reason}", err=True)


def reading_options(command):
    """`--format` and `--max-bytes`: how every command that reads postmortems reads them."""
    command = click.option("--max-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
                           help="Refuse files larger than this.")(command)
    return click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "docx", "pdf"]),
                        help="Read every file as this format instead of guessing from its name and content.")(command)


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=True, allow_dash=True))
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Where to write the records (JSON lines); - is standard output.")
@click.option("--pretty", is_flag=True, help="Indent each record (readable, no longer one per line).")
@reading_options
@click.option("--timeout", type=click.FloatRange(min=0), default=60, show_default=True, metavar="SECONDS",
              help="Give up on a document whose extraction takes longer (error E009); 0: no limit.")
@click.option("--spacy-model", metavar="NAME", help="Use an installed spaCy model's tokenizer (default: blank English).")
def extract_command(files, output, pretty, fmt, max_bytes, timeout, spacy_model):
    """Extract a record from each postmortem FILE (- reads standard input).

    Each record is one JSON line. A file that cannot be read is reported as
    `postmortem: error: PATH: reason` on standard error; the other files are still
    written, and the exit code is 2.
    """
    from pipeline.ingest import read_bytes, read_path
    from pipeline.errors import PostmortemError
    from pipeline.guard import guarded_results
    from pipeline.nlp import load

    try:
        nlp = load(spacy_model)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--spacy-model") from None
    failed = False
    documents = []
    for name in files:
        try:
            if name == "-":
                documents.append(read_bytes(sys.stdin.buffer.read(), path="<stdin>", fmt=fmt))
            else:
                documents.append(read_path(name, max_bytes=max_bytes, fmt=fmt))
        except PostmortemError as exc:
            fail(name, exc.reason)
            failed = True
    with atomic_output(output) as out:
        for result in guarded_results(documents, nlp=nlp, seconds=timeout):
            if result.error:
                fail(result.document.path, result.error.reason)
                failed = True
                continue
            out.write(result.record.model_dump_json(indent=2 if pretty else None) + "\n")
    if failed:
        sys.exit(2)


@click.command("schema")
def schema_command():
    """Print the JSON Schema of a record (from the pydantic models)."""
    import json

    from models import Record

    click.echo(json.dumps(Record.model_json_schema(), indent=2))
