"""`postmortem show FILE`: one postmortem as a self-contained HTML page."""
from __future__ import annotations

import sys

import click

from pipeline.cli import fail
from pipeline.cli_pages import open_in_browser, page_stem, resolve_output, write_page


@click.command("show")
@click.argument("file", type=click.Path(allow_dash=True))
@click.option("-o", "--output", metavar="PATH",
              help="Where to write the page; - is standard output (the default, unless --open).")
@click.option("--open", "open_page", is_flag=True,
              help="Open the page in a web browser (written to a temporary file unless -o is given).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html", "docx", "pdf"]),
              help="Read the file as this format instead of guessing from its name and content.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=10 * 1024 * 1024, show_default=True,
              help="Refuse files larger than this.")
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
    from pipeline.views.archive import extract_safely
    from pipeline.views.show import show_html

    output = resolve_output(output, open_page, page_stem(file))
    try:
        if file == "-":
            document = read_bytes(sys.stdin.buffer.read(), path="<stdin>", fmt=fmt)
        else:
            document = read_path(file, max_bytes=max_bytes, fmt=fmt)
        html = show_html(extract_safely(document))
    except PostmortemError as exc:
        fail(file, exc.reason)
        sys.exit(2)
    write_page(output, html)
    if open_page:
        open_in_browser(output)
