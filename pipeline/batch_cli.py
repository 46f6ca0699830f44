"""`postmortem batch`: thin over `pipeline.batch.run_batch` (options in, counts out)."""
from __future__ import annotations

import os
import sys

import click

from pipeline.cli import reading_options

EXIT_OK, EXIT_FAILED_FILES, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


@click.command("batch")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("-o", "--output", default="-", show_default=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="Records file (JSON lines), written atomically; - is standard output.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False),
              help="Write one JSON line per failed input here ({path, code, message}) instead of to stderr.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN",
              help="Files to take from directories (repeatable). Without / it matches the file name, "
                   "with / the path below the directory. Default: the readable formats (.md, .txt, "
                   ".html, .docx, .pdf, ...), leaving out READMEs.")
@click.option("--workers", type=click.IntRange(min=1), help="Worker processes (default: one per core).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: worker processes here. dask: a Dask cluster (a LocalCluster without --scheduler).")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="Run on this Dask scheduler (implies --engine dask).")
@click.option("--resume", is_flag=True,
              help="Skip inputs whose sha256 is already in OUTPUT (or in the OUTPUT.partial an interrupted "
                   "run left) and append the new records.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0, show_default=True,
              metavar="SECONDS", help="Time budget of one document; past it the document becomes an E009 error.")
@click.option("--batch-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per chunk sent to a worker (and per nlp.pipe batch).")
@click.option("--spacy-model", metavar="NAME", help="Use an installed spaCy model's tokenizer (default: blank English).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@reading_options
def batch_command(inputs, output, errors_path, globs, workers, engine, scheduler, resume, max_bytes,
                  timeout, batch_size, fmt, spacy_model, quiet):
    """Extract records from many postmortems: files, directories (recursive) or - for a list
    of paths on standard input, one a line.

    Records come out in input order, one JSON line each. Every input becomes a record, an
    error (an unreadable, undecodable, oversized or runaway document: the batch goes on) or,
    with --resume, a skip. A progress bar is drawn on stderr when it is a terminal.

    \b
    Exit codes:
      0    every input gave a record (or was skipped by --resume)
      1    some inputs failed (see --errors, or the error lines on stderr)
      2    usage error: bad options, or the batch could not start
      130  interrupted: OUTPUT is untouched; --resume continues from OUTPUT.partial
    """
    from pipeline.batch import iter_inputs, run_batch
    from pipeline.batch_worker import BatchSettings
    from pipeline.errors import PostmortemError
    from pipeline.outputs import PARTIAL_SUFFIX
    from pipeline.progress import Progress, wanted

    if resume and output == "-":
        raise click.BadParameter("--resume needs an output file", param_hint="--output")
    globs = globs or None
    progress = Progress(sys.stderr, enabled=wanted(sys.stderr, quiet))
    if "-" not in inputs:
        progress.count_in_background(iter_inputs(inputs, globs=globs))
    settings = BatchSettings(max_bytes=max_bytes, fmt=fmt, spacy_model=spacy_model, timeout=timeout,
                             batch_size=batch_size)

    def on_outcome(outcome):
        if outcome.error is not None and errors_path is None:
            progress.note(f"postmortem: error: {outcome.path}: {outcome.error['message']} ({outcome.error['code']})")
        progress.update(error=outcome.error is not None)

    try:
        summary = run_batch(inputs, output, errors=errors_path, resume=resume, settings=settings,
                            workers=workers, engine=engine, scheduler=scheduler, globs=globs,
                            stdin=sys.stdin, on_outcome=on_outcome)
    except PostmortemError as exc:
        progress.close()
        click.echo(f"postmortem: error: {exc} ({exc.code})", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        progress.close()
        partial = f"{output}{PARTIAL_SUFFIX}"
        kept = f"the records written so far are in {partial}; " if os.path.exists(partial) else ""
        click.echo(f"postmortem: interrupted; {kept}run again with --resume to continue", err=True)
        sys.exit(EXIT_INTERRUPTED)
    progress.close()
    if not quiet:
        click.echo(_summary_line(summary, errors_path), err=True)
    sys.exit(EXIT_FAILED_FILES if summary.errors else EXIT_OK)


def _summary_line(summary, errors_path: str | None) -> str:
    rate = summary.files / summary.seconds if summary.seconds > 0 else 0.0
    where = f" (in {errors_path})" if errors_path and summary.errors else ""
    return (f"postmortem: {summary.files:,} files: {summary.records:,} records, {summary.errors:,} errors{where}, "
            f"{summary.skipped:,} skipped, in {summary.seconds:.1f} s ({rate:,.1f} files/s)")
