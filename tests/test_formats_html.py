"""HTML reader: wiki exports and saved pages become markdown-flavoured text."""
import pytest

from pipeline.errors import PostmortemError
from pipeline.formats import read_structured

pytest.importorskip("lxml")


def read(html, **kw) -> str:
    data = html.encode(kw.pop("encoding", "utf-8")) if isinstance(html, str) else html
    return read_structured(data, path="page.html", fmt="html").text


@pytest.mark.parametrize("html, expected", [
    ("<h1>Outage</h1><h2>Summary</h2><p>Checkout failed.</p>", "# Outage\n\n## Summary\n\nCheckout failed.\n"),
    # <br> is a hard line break inside the paragraph; source newlines are only white space
    ("<p>Start: 14:05<br>End:\n15:50</p>", "Start: 14:05\nEnd: 15:50\n"),
    ("<p>Fixed&nbsp;at&nbsp;10:30 &amp; &quot;done&quot; &bull; ok</p>", 'Fixed at 10:30 & "done" • ok\n'),
    ("<p><b>Root cause:</b> a <strong>bad</strong> flag</p>", "**Root cause:** a **bad** flag\n"),
    # bold written as CSS (Google Docs) and inline style
    ("<style>.c7{font-weight:700}</style><p><span class='c7'>Impact</span></p>"
     "<p><span style='font-weight: bold'>x</span> y</p>", "**Impact**\n\n**x** y\n"),
    ("<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>", "- one\n  - nested\n- two\n"),
    ("<ol start='3'><li>c</li><li>d</li></ol><ol type='a'><li>x</li></ol>", "3. c\n4. d\n\na. x\n"),
    # a paragraph inside an item stays in the item, on its own line
    ("<ul><li><p>Add alert</p><p>owner: Ann</p></li></ul>", "- Add alert\n  owner: Ann\n"),
    # Google Docs: flat lists, the level in the class; the title as p.title
    ("<p class='c2 title'>Outage</p><ul class='lst-kix_a-0 start'><li>top</li></ul>"
     "<ul class='lst-kix_a-1 start'><li>deeper</li></ul>", "# Outage\n\n- top\n  - deeper\n"),
    ("<table><tr><th>Time</th><th>Event</th></tr><tr><td>14:05</td><td>Alert<br>fires</td></tr>"
     "<tr><td colspan='2'>a | b</td></tr></table>",
     "| Time | Event |\n| --- | --- |\n| 14:05 | Alert fires |\n| a \\| b | |\n"),
    # a table used for layout is read as the content inside it
    ("<table><tr><td><h2>Timeline</h2><ul><li>14:05 alert</li></ul></td></tr></table>",
     "## Timeline\n\n- 14:05 alert\n"),
    ("<pre>14:05 alert\n14:20 fix</pre>", "    14:05 alert\n    14:20 fix\n"),
    ("<blockquote><p>[12:00] ana: down</p></blockquote>", "> [12:00] ana: down\n"),
])
def test_structure(html, expected):
    assert read(html) == expected


@pytest.mark.parametrize("html", [
    "<script>var secret = 1;</script><p>kept</p>",
    "<style>p { color: red }</style><p>kept</p>",
    "<nav><a href='/'>Home</a></nav><p>kept</p>",
    "<p style='display:none'>hidden</p><p>kept</p>",
    "<div role='navigation'>menu</div><p>kept</p>",
    "<noscript>enable js</noscript><!-- a comment --><p>kept</p>",
    # without a main element, the page header and footer are chrome
    "<header>Site name</header><p>kept</p><footer>(c) 2024</footer>",
])
def test_chrome_is_dropped(html):
    assert read(html) == "kept\n"


CONFLUENCE = """<!DOCTYPE html><html><head><title>Space : Outage</title>
<script>AJS.params = {};</script></head><body>
<div id="main-header"><div id="breadcrumb-section"><ol><li>Engineering</li></ol></div>
<h1 id="title-heading"><span id="title-text">Checkout outage</span></h1></div>
<div class="page-metadata">Created by Ops Bot, last modified on 12 March 2024</div>
<div id="main-content" class="wiki-content group"><h2>Summary</h2><p>Checkout failed at 14:05 UTC.</p></div>
<div id="footer">Powered by Confluence</div></body></html>"""


def test_confluence_export_keeps_title_and_page_only():
    assert read(CONFLUENCE) == "# Checkout outage\n\n## Summary\n\nCheckout failed at 14:05 UTC.\n"


def test_headings_are_known_with_their_offsets():
    document = read_structured(CONFLUENCE.encode(), path="page.html", fmt="html")
    assert [(h["text"], h["level"]) for h in document.headings] == [("Checkout outage", 1), ("Summary", 2)]
    for heading in document.headings:
        assert document.text[heading["start"]:heading["end"]].lstrip("# ") == heading["text"]
    assert document.format == "html" and document.size == len(CONFLUENCE.encode())


@pytest.mark.parametrize("data, encoding, text", [
    ('<meta charset="windows-1252"><p>caf\xe9 \x96 ok</p>'.encode("latin-1"), "windows-1252", "café – ok\n"),
    ("\ufeff<p>naïve</p>".encode("utf-8"), "utf-8-sig", "naïve\n"),
    # no declaration and not UTF-8: cp1252, with the warning plain text gets
    ("<p>caf\xe9</p>".encode("latin-1"), "cp1252", "café\n"),
])
def test_encodings(data, encoding, text):
    document = read_structured(data, path="page.html", fmt="html")
    assert (document.encoding, document.text) == (encoding, text)
    assert [w["code"] for w in document.warnings] == (["W001"] if encoding == "cp1252" else [])


@pytest.mark.parametrize("data, reason", [
    (b"<html><body><script>x()</script></body></html>", "no text found"),
    (b"   \n  ", "not an HTML document"),
])
def test_pages_without_text_are_clean_errors(data, reason):
    with pytest.raises(PostmortemError) as caught:
        read_structured(data, path="empty.html", fmt="html")
    assert caught.value.code == "E011" and reason in caught.value.reason
    assert str(caught.value).startswith("empty.html: cannot read HTML file")
