"""`postmortem lint`: thin; the rules and the score live in `pipeline/lint.py`."""
from __future__ import annotations

import click

from pipeline.cli import fail
from pipeline.ingest import DEFAULT_MAX_BYTES
from pipeline.lint import FAIL_ON, exit_code, lint_record, select_rules, summary_line, to_json


def _codes(values: tuple[str, ...]) -> list[str]:
    """`--select PM101,PM102 --select PM11` -> ["PM101", "PM102", "PM11"]."""
    return [code for value in values for code in value.split(",") if code.strip()]


@click.command("lint")
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one `path:line:col: CODE severity: message` line per finding; json: one document.")
@click.option("--fail-under", type=click.IntRange(0, 100), metavar="SCORE",
              help="Exit 1 when a file's completeness score is below SCORE.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
              help="Exit 1 when a finding has this severity or a higher one.")
@click.option("--select", multiple=True, metavar="CODES",
              help="Run only these rules: codes, code prefixes or names, comma-separated (PM10,PM112).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (same forms as --select).")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse postmortems larger than this.")
def lint_command(files, output_format, fail_under, fail_on, select, ignore, max_bytes):
    """Check each postmortem FILE for what a good postmortem has and for contradictions.

    FILE is a postmortem (- reads standard input) or a JSONL file of records written
    by `postmortem extract`. Each finding has a stable code, a severity and the place
    it points at; each file gets a completeness score from 0 to 100.

    Exit status: 0 when clean, 1 when a finding reaches --fail-on (default: error) or
    a score is under --fail-under, 2 when a file could not be read (the other files
    are still checked).
    """
    from pipeline.sources import display_name, load_records

    try:
        rules = select_rules(_codes(select), _codes(ignore))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--select/--ignore") from None
    reports, errors = [], []
    for loaded in load_records(files, max_bytes=max_bytes):
        if loaded.error is not None:
            errors.append(loaded.error.to_dict())
            fail(loaded.error.path or loaded.name, loaded.error.reason)
            continue
        report = lint_record(loaded.record, rules=rules, path=display_name(loaded))
        reports.append(report)
        if output_format == "text":
            for line in report.diagnostics():
                click.echo(line)
            click.echo(f"{report.path}: completeness {report.score}/100")
    if output_format == "json":
        click.echo(to_json(reports, errors))
    else:
        click.echo(summary_line(reports, len(errors)))
    raise SystemExit(exit_code(reports, unreadable=bool(errors), fail_on=fail_on, fail_under=fail_under))
