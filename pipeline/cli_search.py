"""`postmortem search`: ranked full-text search of the index, with filters."""
from __future__ import annotations

import json
import sys
from typing import get_args

import click

from models.record import Category
from pipeline.cli_inputs import db_option, fatal
from pipeline.errors import PostmortemError
from pipeline.index import open_index
from pipeline.search import Filters, minutes, percent, search, time_bound

PLAIN_MARKS = ("[", "]")
TERMINAL_MARKS = ("\x1b[1;4m", "\x1b[0m")  # bold, underlined


def _converter(function):
    """A click callback that turns `function`'s ValueError into a clean usage error."""
    def convert(ctx, param, value):
        if value is None:
            return None
        try:
            return function(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return convert


def marks_for(as_json: bool) -> tuple[str, str]:
    """How matched words are shown: underlined on a terminal, [in brackets] elsewhere."""
    return TERMINAL_MARKS if not as_json and sys.stdout.isatty() else PLAIN_MARKS


def show_hits(hits, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([hit.to_dict() for hit in hits], indent=2, ensure_ascii=False))
        return
    if not hits:
        click.echo("no matching postmortems", err=True)
    for hit in hits:
        score = f"  [{hit.score:g}]" if hit.snippet else ""  # no score without a query
        click.echo(f"{hit.rank}. {hit.title or '(untitled)'}{score}")
        click.echo(f"   {_facts(hit)}")
        if hit.causes:
            click.echo(f"   cause: {hit.causes[0]}")
        if hit.snippet:
            click.echo(f"   {' '.join(hit.snippet.split())}", color=True)


def _facts(hit) -> str:
    facts = [hit.path or hit.id, ", ".join(hit.categories)]
    if hit.start:
        facts.append(f"started {hit.start}")
    if hit.duration_minutes is not None:
        facts.append(f"{hit.duration_minutes} min")
    if hit.impact_percent is not None:
        facts.append(f"{hit.impact_percent:g}% affected")
    return " | ".join(facts)


@click.command("search")
@click.argument("query", nargs=-1)
@db_option
@click.option("--category", "categories", multiple=True, type=click.Choice(get_args(Category)),
              help="Only incidents with this root-cause category (repeatable: any of them).")
@click.option("--since", callback=_converter(time_bound), metavar="DATE",
              help="Only incidents that started on or after DATE (YYYY, YYYY-MM, YYYY-MM-DD[THH:MM]).")
@click.option("--until", callback=_converter(lambda text: time_bound(text, upper=True)), metavar="DATE",
              help="Only incidents that started on or before DATE (the whole day, month or year).")
@click.option("--min-duration", callback=_converter(minutes), metavar="DURATION",
              help="Only incidents that lasted at least this long (90, 90m, 1h30m, 2 hours).")
@click.option("--min-impact", callback=_converter(percent), metavar="PERCENT",
              help="Only incidents that affected at least this share of users or requests (30 or 30%).")
@click.option("--service", metavar="NAME", help="Only incidents naming this service in their title, summary or impact.")
@click.option("--all", "match_all", is_flag=True, help="Every word of the query must match (default: any, best first).")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="How many results.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON array.")
def search_command(query, db, categories, since, until, min_duration, min_impact, service, match_all, limit, as_json):
    """Search the indexed postmortems for QUERY, best match first (BM25).

    Plain words match postmortems holding any of them, ranked by relevance; --all asks
    for every word. FTS5 syntax is understood too: "exact phrase", AND / OR / NOT,
    prefix*, NEAR(a b), and field:word with the fields title, summary, causes,
    timeline, actions, impact and body. With no QUERY, lists the postmortems that pass
    the filters, latest first. Dates are the incidents' own local time; incidents whose
    date is unknown never pass --since or --until.
    """
    filters = Filters(categories=categories, since=since, until=until, min_duration=min_duration,
                      min_impact=min_impact, service=service)
    try:
        conn = open_index(db)
        try:
            hits = search(conn, " ".join(query), filters, limit=limit, match_all=match_all,
                          marks=marks_for(as_json))
        finally:
            conn.close()
    except PostmortemError as error:
        raise fatal(error) from None
    show_hits(hits, as_json)
