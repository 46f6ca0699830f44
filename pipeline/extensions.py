"""Every Doc extension the stages use, named in one place.

Values are plain JSON-like data (dicts, lists, str, int) so a Doc survives `to_bytes` and
`nlp.pipe(n_process=N)`. Span groups hold the evidence: `doc.spans["pm_<stage>"]`.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc

from pipeline.markup import Line, plain_view, split_lines

VIEW = "pm_view"              # str: the plain view of the text (see markup.py)
SECTIONS = "pm_sections"      # list[dict]: headings with kinds, level and scope
TIMELINE = "pm_timeline"      # list[dict]: events
INCIDENT = "pm_incident"      # dict: start, end, zone, duration, ...
IMPACT = "pm_impact"          # dict
ROOT_CAUSES = "pm_root_causes"  # list[dict]
CATEGORIES = "pm_categories"  # list[str]
ACTIONS = "pm_actions"        # list[dict]
WARNINGS = "pm_warnings"      # list[dict]: {code, message}
TITLE = "pm_title"            # str | None
SOURCE = "pm_source"          # dict: what ingest knew about the file
TEXT_KEY = "pm_text"          # doc.user_data key: the text, so stages need not rebuild it

_LIST_DEFAULTS = (SECTIONS, TIMELINE, ROOT_CAUSES, CATEGORIES, ACTIONS, WARNINGS)


def register() -> None:
    for name in (VIEW, INCIDENT, IMPACT, TITLE, SOURCE):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in _LIST_DEFAULTS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def get_list(doc: Doc, name: str) -> list:
    """A list extension, created on first use (a shared default list would leak between docs)."""
    value = doc._.get(name)
    if value is None:
        value = []
        doc._.set(name, value)
    return value


def text_of(doc: Doc) -> str:
    """`doc.text`, built once: spaCy joins the tokens again on every `doc.text`."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def view_of(doc: Doc) -> str:
    """The plain view, computed once per Doc by whichever stage asks first."""
    view = doc._.get(VIEW)
    if view is None:
        view = plain_view(text_of(doc))
        doc._.set(VIEW, view)
    return view


def lines_of(doc: Doc) -> list[Line]:
    """The lines of the plain view; every stage asks, they are split once."""
    return _split_once(view_of(doc), text_of(doc))


@lru_cache(maxsize=8)
def _split_once(view: str, text: str) -> list[Line]:
    # Keyed on the two strings themselves: Python caches a string's hash, so a stage
    # asking again for the same Doc's lines costs a dictionary lookup.
    return split_lines(view, text)


def add_warning(doc: Doc, entry: dict) -> None:
    warnings = get_list(doc, WARNINGS)
    if entry not in warnings:
        warnings.append(entry)


def add_span(doc: Doc, key: str, start: int, end: int, label: str) -> None:
    """Evidence span in `doc.spans[key]`; a span that cannot align is a coded warning."""
    from pipeline.errors import Warnings, warning

    span = doc.char_span(start, end, label=label, alignment_mode="expand")
    if span is None:
        add_warning(doc, warning(Warnings.W040, what=label, start=start, end=end))
        return
    group = doc.spans[key] if key in doc.spans else None
    if group is None:
        doc.spans[key] = [span]
    else:
        group.append(span)


register()
