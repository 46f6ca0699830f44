"""`postmortem similar`: "has this happened before?" for one postmortem."""
from __future__ import annotations

import click

from pipeline.cli_inputs import db_option, fatal, pipeline_for
from pipeline.cli_search import marks_for, show_hits


@click.command("similar")
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@db_option
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True, help="How many incidents.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as a JSON array.")
@click.option("--spacy-model", metavar="NAME", help="Use an installed spaCy model's tokenizer (default: blank English).")
def similar_command(file, db, limit, as_json, spacy_model):
    """The indexed incidents most like the postmortem FILE (- reads standard input; a
    JSON-lines file of records gives its first record).

    FILE is extracted, and the index is searched for the words of its root causes, title
    and summary (BM25), with a bonus for sharing its root-cause categories. FILE itself,
    if indexed, is left out.
    """
    from pipeline.errors import PostmortemError
    from pipeline.index import open_index
    from pipeline.search import similar
    from pipeline.sources import load_records

    try:
        conn = open_index(db)
        try:
            loaded = next(load_records([file], nlp=pipeline_for(spacy_model)), None)
            if loaded is None:
                raise click.ClickException(f"{file}: no record in it")
            if loaded.error is not None:
                raise loaded.error
            hits = similar(conn, loaded.record, limit=limit, marks=marks_for(as_json))
        finally:
            conn.close()
    except PostmortemError as error:
        raise fatal(error) from None
    show_hits(hits, as_json)
