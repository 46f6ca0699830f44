"""`postmortem show FILE`: one postmortem as a self-contained HTML page."""
from __future__ import annotations

import sys

import click

from pipeline.cli import fail, reading_options
from pipeline.cli_pages import open_in_browser, page_options, page_stem, resolve_output, write_page


@click.command("show")
@click.argument("file", type=click.Path(allow_dash=True))
@page_options
@reading_options
def show_command(file, output, open_page, fmt, max_bytes):
    """Show what was extracted from one postmortem FILE (- reads standard input) as an HTML page.

    The page is self-contained (no network): the key facts and warnings of the record, a
    timeline chart of the events on a real time axis with the start, detection, mitigation,
    resolution and outage window marked, and the document text with every extracted value
    highlighted where it was read (hover a highlight for its normalised value).

    A file that cannot be read or extracted is reported as `postmortem: error: PATH: reason`
    and the exit code is 2; nothing is written then.
    """
    from pipeline.errors import PostmortemError
    from pipeline.ingest import read_bytes, read_path
    from pipeline.nlp import extract_document
    from pipeline.views.show import show_html

    output = resolve_output(output, open_page, page_stem(file))
    try:
        if file == "-":
            document = read_bytes(sys.stdin.buffer.read(), path="<stdin>", fmt=fmt)
        else:
            document = read_path(file, max_bytes=max_bytes, fmt=fmt)
        html = show_html(extract_document(document))
    except PostmortemError as exc:
        fail(file, exc.reason)
        sys.exit(2)
    write_page(output, html)
    if open_page:
        open_in_browser(output)
