#!/usr/bin/env python3
"""Check gold annotations (*.gold.json) against GOLD.md's rules and their documents.

usage: python scripts/check_gold.py GOLD_DIR_OR_FILE... [--strict]

Errors (exact key set, JSON types, HH:MM / YYYY-MM-DDTHH:MM times, kinds and categories
from their sets, root-cause phrases verbatim in the document, sorted impact list, end not
before start, US zone abbreviation in force on the date) make the exit code 1. Doubts
(duration disagreeing with start..end, a time or zone not found in the text, a phrase
outside 2-15 words) are printed too, and fail only with --strict.
"""
from __future__ import annotations

import sys

import click

from pipeline.gold import check_paths


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--strict", is_flag=True, help="Fail on doubts as well as errors.")
def main(paths, strict):
    """Check the gold files in each PATH (a directory of *.gold.json, or one file)."""
    checked, problems = check_paths(paths)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(problem.is_error for problem in problems)
    click.echo(f"{checked} gold files: {errors} errors, {len(problems) - errors} doubts", err=True)
    sys.exit(1 if errors or (strict and problems) else 0)


if __name__ == "__main__":
    main()
