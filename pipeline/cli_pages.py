"""What `show` and `report` share: writing a page where the user asked, and opening it."""
from __future__ import annotations

import os
import tempfile
import webbrowser
from pathlib import Path

import click

from pipeline.cli import atomic_output


def page_options(command):
    """`-o` and `--open`: where a page goes, and whether to open it."""
    command = click.option(
        "--open", "open_page", is_flag=True,
        help="Open the page in a web browser (written to a temporary file unless -o is given).")(command)
    return click.option("-o", "--output", metavar="PATH",
                        help="Where to write the page; - is standard output (the default, unless --open).")(command)


def resolve_output(output: str | None, open_page: bool, stem: str) -> str:
    """`-o` as given; without it, standard output, or a temporary file when the page is to be opened."""
    if output is None:
        return os.path.join(tempfile.mkdtemp(prefix="postmortem-"), f"{stem}.html") if open_page else "-"
    if open_page and output == "-":
        raise click.BadParameter("--open needs a file to open, not standard output", param_hint="'-o'")
    return output


def write_page(output: str, html: str) -> None:
    """Write the page (atomically); a path that cannot be written is a clean error, exit code 2."""
    try:
        with atomic_output(output) as out:
            out.write(html)
    except OSError as exc:
        click.echo(f"postmortem: error: {output}: cannot write: {exc.strerror or exc}", err=True)
        raise SystemExit(2) from None
    if output != "-":
        click.echo(f"postmortem: wrote {output}", err=True)


def open_in_browser(path: str) -> None:
    uri = Path(path).resolve().as_uri()
    if not webbrowser.open(uri):
        click.echo(f"postmortem: no web browser could be started; open {uri}", err=True)


def page_stem(name: str) -> str:
    return "stdin" if name == "-" else Path(name).stem or "page"
