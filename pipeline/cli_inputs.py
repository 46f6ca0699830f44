"""What the record-consuming commands (`index build`, `export`) share: their inputs, the
`--db` option, and reporting problems the way `extract` does. No heavy imports here."""
from __future__ import annotations

from typing import get_args

import click

from models.record import SourceFormat
from pipeline.cli import fail
from pipeline.index import DB_ENV, DEFAULT_DB, default_db
from pipeline.ingest import DEFAULT_MAX_BYTES


class Reporter:
    """`on_error` for the library: prints `postmortem: error: PATH: reason` and counts."""

    def __init__(self):
        self.count = 0

    def __call__(self, error) -> None:
        self.count += 1
        fail(error.path or "-", error.reason)


def fatal(error) -> click.ClickException:
    """A problem that stops the command (no index, bad query...): a clean message, exit 1."""
    return click.ClickException(f"{error.path}: {error.reason}" if error.path else error.reason)


def input_options(format_flag: str = "--format"):
    """INPUT... files and folders, `--records FILE.jsonl`, and how to read the files."""
    def decorate(command):
        for option in reversed([
            click.argument("inputs", nargs=-1, type=click.Path(allow_dash=True)),
            click.option("--records", "records_files", multiple=True, metavar="FILE.jsonl",
                         type=click.Path(dir_okay=False, allow_dash=True),
                         help="Records already extracted (JSON lines, e.g. from `postmortem extract`); "
                              "repeatable, - is standard input."),
            click.option(format_flag, "fmt", type=click.Choice(get_args(SourceFormat)),
                         help="Read every file as this format instead of guessing from its name and content."),
            click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
                         help="Refuse files larger than this."),
            click.option("--spacy-model", metavar="NAME",
                         help="Use an installed spaCy model's tokenizer (default: blank English)."),
        ]):
            command = option(command)
        return command
    return decorate


def db_option(command):
    return click.option("--db", default=default_db, show_default=f"${DB_ENV} or {DEFAULT_DB}",
                        type=click.Path(dir_okay=False),
                        help="The index database file.")(command)


def pipeline_for(spacy_model: str | None):
    """The extraction pipeline the user asked for (None: the default, loaded when needed)."""
    if not spacy_model:
        return None
    from pipeline.nlp import load

    try:
        return load(spacy_model)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--spacy-model") from None
