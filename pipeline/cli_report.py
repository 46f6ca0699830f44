"""`postmortem report RECORDS.jsonl|INPUT...`: the archive dashboard as one HTML page."""
from __future__ import annotations

import os
import sys
from urllib.request import pathname2url

import click

from pipeline.cli import fail
from pipeline.cli_pages import open_in_browser, page_options, resolve_output, write_page


@click.command("report")
@click.argument("inputs", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--with-pages", "pages", metavar="DIR", type=click.Path(file_okay=False),
              help="Also write each incident's `show` page into DIR and link the table to them.")
@click.option("--title", default="Postmortem archive", show_default=True, help="The page's heading.")
@page_options
@click.option("--max-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
              help="Refuse postmortems larger than this.")
def report_command(inputs, output, pages, title, open_page, max_bytes):
    """Summarise an archive of incidents as a self-contained HTML dashboard.

    Each INPUT is a JSON-lines file of records (`.jsonl`, `.ndjson`), as `postmortem
    extract` writes them, or a postmortem to extract; - reads standard input (records or
    a postmortem), as `postmortem stats` does. The page shows
    incidents per month by root-cause category, the outage duration distribution, time to
    detect and resolve percentiles, the most affected services, the most frequent action-item
    themes and a sortable table of the incidents.

    An input (or a record line) that gives no record is reported as
    `postmortem: error: PATH: reason` and left out; the dashboard of the rest is still
    written, and the exit code is 2. The same document given twice is counted once.
    """
    from pipeline.errors import PostmortemError
    from pipeline.views.archive import load_archive, write_pages
    from pipeline.views.report import report_html

    archive = load_archive(inputs, max_bytes=max_bytes)
    for problem in archive.problems:
        fail(problem.path, problem.reason)
    if not archive.records:
        fail(", ".join(inputs), "no records to report")
        sys.exit(2)
    output = resolve_output(output, open_page, "report")
    links = {}
    if pages:
        try:
            written = write_pages(archive.records, pages)
        except PostmortemError as exc:
            fail(exc.path, exc.reason)
            sys.exit(2)
        links = relative_links(written, output)
    html = report_html(archive.records, links=links, problems=archive.problems, duplicates=archive.duplicates,
                       title=title)
    write_page(output, html)
    if open_page:
        open_in_browser(output)
    if archive.problems:
        sys.exit(2)


def relative_links(written: dict, output: str) -> dict[str, str]:
    """Record id -> href of its page, relative to where the dashboard is written."""
    base = os.getcwd() if output == "-" else os.path.dirname(os.path.abspath(output))
    return {ident: pathname2url(os.path.relpath(os.path.abspath(path), base)) for ident, path in written.items()}
