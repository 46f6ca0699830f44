"""Highlights quote the record exactly: nesting, crossing spans, escaping, every value kind."""
import re

import pytest

from pipeline.views.highlights import Highlight, heading_span, highlights, render_text
from pipeline.views.html import esc

SAMPLE = """# Checkout outage

## Summary
On March 2, 2024 checkout failed for about 40% of users for 1 h 45 min.

## Timeline (all times UTC)
- 14:05 - Error rate alert fires
- 15:20 - Rolled back the pool change
- 15:50 - Service restored

## Root Cause
The root cause was a connection pool limit lowered in the 2.3 release.

## Action Items
- Add an alert on pool saturation (owner: Dana)
"""


def hl(kind, start, end, key=None):
    return Highlight(kind, start, end, key or f"{kind}-{start}", "note")


def texts(html: str) -> dict[str, str]:
    """Per highlight key, the concatenated text of its parts (what a browser would show)."""
    import html as htmllib
    out, stack = {}, []
    for token in re.split(r"(<mark[^>]*>|</mark>)", html):
        if token.startswith("<mark"):
            stack.append(re.search(r'data-hl="([^"]+)"', token).group(1))
        elif token == "</mark>":
            stack.pop()
        else:
            for key in stack:
                out[key] = out.get(key, "") + htmllib.unescape(token)
    return out


@pytest.mark.parametrize("text, marks", [
    ("abcdefghij", [hl("event", 2, 5)]),
    ("abcdefghij", [hl("event", 0, 10), hl("cause", 3, 6)]),            # nested
    ("abcdefghij", [hl("event", 1, 6), hl("cause", 4, 9)]),             # crossing: the later one is split
    ("abcdefghij", [hl("event", 2, 5), hl("cause", 2, 5)]),             # same span, two kinds
    ("abcdefghij", [hl("event", 0, 4), hl("cause", 4, 8)]),             # touching, not overlapping
    ("abcdefghij", [hl("event", 0, 9), hl("cause", 2, 7), hl("action", 5, 10)]),  # three deep, one crosses two
    ("a<b>&\"c'd", [hl("impact", 1, 6)]),                                # markup characters are escaped
])
def test_every_highlight_quotes_its_span(text, marks):
    html = render_text(text, marks)
    assert texts(html) == {m.key: text[m.start:m.end] for m in marks}
    assert html.count("<mark") == html.count("</mark>")
    assert re.sub(r"<[^>]+>", "", html).replace("&#13;", "\r") == esc(text).replace("&#13;", "\r")


def test_crossing_span_parts_share_one_key_and_one_anchor():
    html = render_text("abcdefghij", [hl("event", 1, 6, "a"), hl("cause", 4, 9, "b")])
    assert html.count('data-hl="b"') == 2 and html.count('id="hl-b"') == 1
    assert 'data-part="more"' in html


def test_carriage_returns_survive_html_parsing():
    # The HTML parser turns CR into LF; a character reference keeps the record's text.
    assert "&#13;" in render_text("a\r\nb", [hl("event", 0, 4)])


def test_sample_record_has_every_kind(nlp):
    from pipeline.nlp import extract

    record = extract(SAMPLE, path="sample.md", nlp=nlp)
    found = highlights(record)
    assert {h.kind for h in found} >= {"section", "event", "impact", "cause", "action"}
    events = [h for h in found if h.kind == "event"]
    assert [h.number for h in events] == [1, 2, 3]
    assert record.timeline[0].datetime in events[0].note  # hover shows the ISO datetime
    for h in found:
        assert record.text[h.start:h.end].strip(), h


@pytest.mark.parametrize("text, heading, start, expected", [
    ("## Root Cause\nbody", "Root Cause", 0, (3, 13)),
    ("**Impact:** all users", "Impact", 0, (2, 8)),                     # bold label: the word itself
    ("Intro\nSummary\nSummary again", "Summary", 6, (6, 13)),           # first occurrence inside the section
    ("## Timeline\n", "Time line", 0, None),                            # heading not written verbatim: no highlight
])
def test_heading_span(text, heading, start, expected):
    from models.record import Section

    section = Section(kinds=["other"], heading=heading, start=start, end=len(text))
    assert heading_span(text, section) == expected
