"""Hypothesis strategies for postmortem-like text and the bytes a dirty archive holds.

Random Unicode alone rarely reaches the stages' interesting paths (a heading, then a time,
then a cause cue), so `documents()` assembles lines from the pieces real postmortems are
made of (headings in several styles, clock times, dates, zones, bullets, percentages, cause
and action cues, markdown) and mixes in arbitrary characters; `mutated()` edits real
postmortems. `file_bytes()` encodes such a document the ways old archives do, then damages it. Used by tests/test_properties.py and by
scripts/fuzz.py (which puts this folder on `sys.path`).
"""
from __future__ import annotations

import codecs

from hypothesis import strategies as st

HEADINGS = ("Summary", "Impact", "Timeline", "Timeline (all times UTC)", "Root Cause", "Root cause and resolution",
            "Resolution", "Action Items", "Corrective actions", "Lessons learned", "What went wrong", "Follow-ups",
            "Background", "Detection", "5 whys", "Next steps")
HEADING_STYLES = ("# {}", "## {}", "### {}", "{}:", "**{}**", "{}\n=====", "{}\n-----", "__{}__", "• {}", "{}")
WORDS = ("the", "database", "deploy", "config", "rollback", "users", "customers", "outage", "alert", "fired",
         "on-call", "paged", "root", "cause", "was", "because", "caused", "by", "a", "bad", "certificate",
         "expired", "disk", "full", "DNS", "latency", "errors", "restarted", "mitigated", "resolved", "we",
         "will", "add", "monitoring", "owner:", "due", "TODO", "percent", "of", "requests", "failed", "all",
         "affected", "for", "minutes", "hours", "between", "and", "to", "from", "at", "until", "—", "–", "…")
CLOCKS = ("09:12", "9:12", "23:59", "00:00", "12:00 PM", "3pm", "3:15 p.m.", "14h05", "14.05", "T10:00:00Z",
          "10:00:00", "24:00", "99:99", "noon", "midnight")
DATES = ("2024-03-02", "2 March 2024", "March 2, 2024", "03/04/2024", "4/3/24", "Tue 14 Feb", "2023-02-30",
         "20XX-01-01", "Feb 29 2023", "yesterday", "2024-13-45")
ZONES = ("UTC", "PST", "PDT", "CET", "EAT", "GMT+2", "UTC-07:00", "IST", "(UTC)", "Z", "local time", "XYZ")
DURATIONS = ("95 minutes", "1h 35m", "2 hours", "about 90 min", "0 minutes", "1,000 hours", "-5 minutes")
NUMBERS = ("35%", "100%", "0.5%", "150%", "1,200 users", "all users", "every customer", "3 services", "12x", "½")
CUES = ("Root cause:", "The root cause was", "caused by", "due to", "because", "Action item:", "We will",
        "- [ ]", "- [x]", "TODO:", "Owner:", "Due:", "Impact:", "Duration:", "Detected at", "Resolved at",
        "Start:", "End:", "Severity: SEV1", "Status: resolved")
MARKUP = ("**", "*", "_", "`", "```", "~~~", "[link](http://x)", "![img](x.png)", "<br>", "&amp;", "&#x1F525;",
          "<b>", "</b>", "<!-- c -->", "|", "| --- |", ">", "\\*", "#", "  ", "\t", "&nbsp;")
ODD = ("\u200b", "\u200e", "\u202e", "\ufeff", "\u00a0", "\u3000", "\u2028", "\x0c", "\x0b", "\x1b[31m", "\x00",
       "\x7f", "\ud800", "\U0001f525", "\U0001f468\u200d\U0001f4bb", "مرحبا", "שלום", "中文", "é", "e\u0301", "ß",
       "İ", "ﬁ", "Ⅻ", "١٢:٣٠", "\r", "\r\n", "\n\n")
BULLETS = ("- ", "* ", "+ ", "• ", "1. ", "a) ", "(i) ", "o\t", "- [ ] ", "> ", "| ", "")

_piece = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(CLOCKS), st.sampled_from(DATES), st.sampled_from(ZONES),
    st.sampled_from(DURATIONS), st.sampled_from(NUMBERS), st.sampled_from(CUES), st.sampled_from(MARKUP),
    st.sampled_from(ODD), st.text(max_size=8),
)


@st.composite
def lines(draw) -> str:
    """One line: a heading, or indented/bulleted words, times and cues."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(HEADING_STYLES)).format(draw(st.sampled_from(HEADINGS)))
    indent = " " * draw(st.sampled_from((0, 0, 0, 2, 4, 8, 40)))
    words = draw(st.lists(_piece, max_size=12))
    return indent + draw(st.sampled_from(BULLETS)) + " ".join(words)


def documents(max_lines: int = 40) -> st.SearchStrategy[str]:
    """Postmortem-like text: lines joined by one line-ending style or a mix of them."""
    return st.builds(
        lambda body, ending: ending.join(body),
        st.lists(lines(), max_size=max_lines),
        st.sampled_from(("\n", "\n", "\n", "\r\n", "\r", "\n\n")),
    )


@st.composite
def mutated(draw, seeds: list[str]) -> str:
    """A real postmortem (one of `seeds`) edited a few times: a piece inserted, a stretch
    deleted or repeated, or its tail replaced by another's (deep stage paths need real text)."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        edit = draw(st.sampled_from(("insert", "delete", "repeat", "splice")))
        if edit == "insert":
            text = text[:at] + draw(st.one_of(_piece, lines())) + text[at:]
        elif edit == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 300)):]
        elif edit == "repeat":
            end = min(len(text), at + draw(st.integers(1, 400)))
            text = text[:end] + text[at:end] * draw(st.integers(1, 3)) + text[end:]
        else:
            other = draw(st.sampled_from(seeds))
            text = text[:at] + other[draw(st.integers(0, len(other))):]
    return text


# Encodings an archive's files arrive in: name -> how text becomes bytes.
ENCODINGS = {
    "utf-8": lambda text: text.encode("utf-8", errors="surrogatepass"),
    "utf-8-sig": lambda text: codecs.BOM_UTF8 + text.encode("utf-8", errors="surrogatepass"),
    "utf-16": lambda text: text.encode("utf-16", errors="surrogatepass"),
    "utf-16-le": lambda text: text.encode("utf-16-le", errors="surrogatepass"),
    "utf-32": lambda text: text.encode("utf-32", errors="surrogatepass"),
    "cp1252": lambda text: text.encode("cp1252", errors="replace"),
    "latin-1": lambda text: text.encode("latin-1", errors="replace"),
}


@st.composite
def file_bytes(draw, seeds: list[str] | None = None) -> bytes:
    """A document (made up, or one of `seeds` edited) encoded one of the archive's ways, then
    maybe damaged: cut off, a byte flipped, NUL padding, a binary signature in front; or
    plain random bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=2000))
    text = draw(st.one_of(documents(), mutated(seeds)) if seeds else documents())
    data = ENCODINGS[draw(st.sampled_from(sorted(ENCODINGS)))](text)
    damage = draw(st.sampled_from(("none", "none", "cut", "flip", "nul-tail", "signature")))
    if damage == "cut" and data:
        data = data[:draw(st.integers(0, len(data)))]
    elif damage == "flip" and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1:]
    elif damage == "nul-tail":
        data += b"\x00" * draw(st.integers(1, 600))
    elif damage == "signature":
        data = draw(st.sampled_from((b"\x89PNG\r\n\x1a\n", b"PK\x03\x04", b"GIF89a", b"\x7fELF", b"BZh"))) + data
    return data
