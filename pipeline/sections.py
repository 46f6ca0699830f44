"""Stage 1, `pm_sections`: find headings in any style and label the parts they open.

Styles: markdown `#`, setext underlines, whole bold lines, `Heading:` lines (alone or
leading a paragraph), Word-pasted bullets (`•`, `o`, U+F0A7), Title Case or ALL CAPS lines.
Each heading gets kinds from its wording (`patterns/headings.py`), a level (markdown depth,
else by style and indentation) and a scope: up to the next heading of the same or a
higher level. "Impact:" or "Root Cause:" written inside a summary are fields, not headings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline.errors import Warnings, warning
from pipeline.markup import Line
from pipeline.patterns.headings import SUMMARY_FIELDS, heading_kinds, normalise

_MARKDOWN = re.compile(r"^(#{1,6})\s+(.*?)[\s#]*$")
_CONFLUENCE = re.compile(r"^h([1-6])\.\s+(.+?)\s*$")
_UNDERLINE = re.compile(r"^\s*(={3,}|-{3,})\s*$")
_LABEL_ALONE = re.compile(r"^(?P<label>[^:]{1,80}?)\s*:\s*$")
_LABEL_INLINE = re.compile(r"^(?P<label>[^:\d][^:]{0,50}?)\s*:\s+\S")
_BOLD_LINE = re.compile(r"^(?:[-*+]\s+|\d+\.\s+)?(?:\*{1,3}|_{1,3})(?P<inner>.+?)(?:\*{1,3}|_{1,3})\s*:?\s*$")
_STARTS_WITH_TIME = re.compile(r"^\W*(?:\d{1,2}[:.]\d\d|\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4})")
_SENTENCE_END = re.compile(r"[.,;!]$")
_YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:(?:\s|$)|^-\s")

MAX_HEADING_WORDS = 10


@dataclass
class Heading:
    kinds: list[str]
    text: str
    level: int
    style: str
    start: int           # start of the heading line
    body_start: int      # where the section's own text begins
    end: int = 0         # end of the scope (set by `assign_scopes`)
    parent: int = -1     # index of the enclosing heading
    scope_kinds: list[str] = field(default_factory=list)  # own kinds, else inherited

    def as_dict(self) -> dict:
        """`dataclasses.asdict` without its generic deep copy (a third of this stage's time)."""
        return {"kinds": list(self.kinds), "text": self.text, "level": self.level, "style": self.style,
                "start": self.start, "body_start": self.body_start, "end": self.end,
                "parent": self.parent, "scope_kinds": list(self.scope_kinds)}


@Language.factory("pm_sections")
def make_sections(nlp: Language, name: str) -> "SectionFinder":
    return SectionFinder(name)


class SectionFinder:
    """Finds headings and writes `doc._.pm_sections` and `doc.spans["pm_sections"]`."""

    def __init__(self, name: str = "pm_sections"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        lines = ext.lines_of(doc)
        headings = find_headings(lines, ext.text_of(doc))
        assign_scopes(headings, ext.text_of(doc))
        self.set_annotations(doc, headings)
        return doc

    def set_annotations(self, doc: Doc, headings: list[Heading]) -> None:
        doc._.set(ext.SECTIONS, [h.as_dict() for h in headings])
        doc._.set(ext.TITLE, find_title(headings, ext.lines_of(doc)))
        for heading in headings:
            label = heading.kinds[0] if heading.kinds else "other"
            ext.add_span(doc, "pm_sections", heading.start, heading.end, label)
        if not any(h.kinds for h in headings) and ext.text_of(doc).strip():
            ext.add_warning(doc, warning(Warnings.W010))


def find_headings(lines: list[Line], text: str) -> list[Heading]:
    """Every heading, in document order; summary fields are left out."""
    headings: list[Heading] = []
    skip = _front_matter(lines, text)
    first = next((i for i, line in enumerate(lines) if not line.blank and i not in skip), -1)
    fields = _SummaryFields()
    for index, line in enumerate(lines):
        if index in skip or line.blank or line.code:
            continue  # a "# comment" in a code block is not a heading
        heading = _heading_at(lines, index, text)
        if heading is None:
            fields.prose()
            continue
        if index == first and heading.style == "inline":
            heading.kinds = []  # "Incident: search outage" on the first line is the title
        if fields.is_field(heading, line):
            continue  # "Impact: ..." inside a summary is a field of it
        if heading.style == "inline" and not heading.kinds:
            fields.prose()
            continue
        headings.append(heading)
        fields.opened(heading, line)
    return headings


class _SummaryFields:
    """Tells "Impact:" / "Root Cause:" written as fields of a summary from real headings.
    A label is a field when it stands inside a summary and is inline, bulleted, indented
    under the summary heading, or continues the chain of fields the summary opens with."""

    def __init__(self):
        self.summary_indent: int | None = None
        self.chain = False
        self.fields_seen = False

    def opened(self, heading: Heading, line: Line) -> None:
        if heading.kinds:
            self.summary_indent = line.indent if heading.kinds == ["summary"] else None
            self.chain = heading.kinds == ["summary"]
            self.fields_seen = False

    def prose(self) -> None:
        if not self.fields_seen:
            self.chain = False  # the summary opens with prose: later labels are headings

    def is_field(self, heading: Heading, line: Line) -> bool:
        if self.summary_indent is None or heading.style not in ("label", "inline", "bold"):
            return False
        if not SUMMARY_FIELDS.match(normalise(heading.text)):
            return False
        inside = heading.style == "inline" or line.bullet or line.indent > self.summary_indent or self.chain
        if inside:
            self.fields_seen = True
        return inside


def _heading_at(lines: list[Line], index: int, text: str) -> Heading | None:
    line = lines[index]
    words = line.text.split(None, MAX_HEADING_WORDS + 1)  # enough to count up to the limit
    raw = text[line.start:line.end].strip()
    markdown = _MARKDOWN.match(line.text)
    if markdown and line.indent <= 3 and not line.bullet and not _numbered_hash_list(lines, index):
        label = markdown.group(2)
        return _make(label, len(markdown.group(1)), "markdown", line, line.end)
    confluence = _CONFLUENCE.match(line.text)
    if confluence and not line.bullet:
        return _make(confluence.group(2), int(confluence.group(1)), "markdown", line, line.end)
    nxt = lines[index + 1] if index + 1 < len(lines) else None
    prev_blank = index == 0 or lines[index - 1].blank
    if nxt is not None and _UNDERLINE.match(text[nxt.start:nxt.end]) and not line.bullet \
            and len(words) <= MAX_HEADING_WORDS and prev_blank:
        level = 1 if text[nxt.start:nxt.end].strip().startswith("=") else 2
        return _make(line.text, level, "setext", line, nxt.end)
    if line.text.startswith("|") or _STARTS_WITH_TIME.match(line.text):
        return None
    bump = 1 if line.bullet else 0
    depth = 8 + line.indent // 2 + bump
    inline = _LABEL_INLINE.match(line.text)
    if inline and not line.bullet and len(inline.group("label").split()) <= 6 and not _LABEL_ALONE.match(line.text):
        label = inline.group("label")
        return _make(label, depth, "inline", line, line.content_start + len(label) + 1)
    if len(words) > MAX_HEADING_WORDS:
        return None
    if _BOLD_LINE.match(raw) and not _SENTENCE_END.search(line.text) and len(words) <= MAX_HEADING_WORDS:
        return _make(line.text.rstrip(":"), 7 + bump, "bold", line, line.end)
    alone = _LABEL_ALONE.match(line.text)
    if alone and len(words) <= MAX_HEADING_WORDS and ", " not in alone.group("label"):
        return _make(alone.group("label"), depth, "label", line, line.end)
    if not line.bullet and len(words) <= 8 and not _SENTENCE_END.search(line.text) \
            and not line.text.endswith("?") and _looks_like_title(line.text, prev_blank):
        return _make(line.text, depth, "plain", line, line.end)
    return None


def _numbered_hash_list(lines: list[Line], index: int) -> bool:
    """Wiki markup numbers list items with `#`: consecutive `# long sentence` lines are a
    list, not headings."""
    def hash_item(i: int) -> bool:
        return 0 <= i < len(lines) and lines[i].text.startswith("# ") and len(lines[i].text.split()) >= 5
    return hash_item(index) and (hash_item(index - 1) or hash_item(index + 1))


def _looks_like_title(words_text: str, prev_blank: bool) -> bool:
    """A short line alone: a known heading wording, ALL CAPS, or Title Case after a break."""
    if heading_kinds(words_text) and len(words_text.split()) <= 6:
        return True
    letters = [ch for ch in words_text if ch.isalpha()]
    if len(letters) >= 4 and all(ch.isupper() for ch in letters):
        return True
    major = [w for w in re.findall(r"[A-Za-z][\w'-]*", words_text) if len(w) > 3]
    return prev_blank and bool(major) and all(w[0].isupper() for w in major)


def _make(label: str, level: int, style: str, line: Line, body_start: int) -> Heading:
    label = label.strip().rstrip(":").strip()
    return Heading(heading_kinds(label), label, level, style, line.start, body_start)


def _front_matter(lines: list[Line], text: str) -> set[int]:
    """Indices of a YAML front-matter block (`---` ... `---` at the top)."""
    if not lines or text[lines[0].start:lines[0].end].strip() != "---":
        return set()
    for index in range(1, min(len(lines), 60)):
        raw = text[lines[index].start:lines[index].end].strip()
        if raw in ("---", "..."):
            return set(range(index + 1)) if index > 1 else set()
        if raw and not _YAML_KEY.match(raw):
            return set()
    return set()


def assign_scopes(headings: list[Heading], text: str) -> None:
    """Each heading's scope ends at the next heading of the same or a higher level."""
    text_length = len(text)
    stack: list[int] = []
    for index, heading in enumerate(headings):
        while stack and headings[stack[-1]].level >= heading.level:
            headings[stack.pop()].end = heading.start
        heading.parent = stack[-1] if stack else -1
        stack.append(index)
    for index in stack:
        headings[index].end = text_length
    for index, heading in enumerate(headings):
        heading.scope_kinds = list(heading.kinds) or _inherited(headings, index, text)


def _inherited(headings: list[Heading], index: int, text: str) -> list[str]:
    """A heading that names no kind belongs to its parent's kind, or to the same-level
    heading right before it when that one is only a group title (no text of its own)."""
    heading = headings[index]
    if heading.parent >= 0:
        return list(headings[heading.parent].scope_kinds)
    previous = headings[index - 1] if index else None
    if previous and previous.kinds and previous.level == heading.level \
            and not text[previous.body_start:heading.start].strip():
        return list(previous.kinds)
    return []


def find_title(headings: list[Heading], lines: list[Line]) -> str | None:
    """The first markdown H1, else the first line when it is short and not a sentence."""
    for heading in headings:
        if heading.style in ("markdown", "setext") and heading.level == 1:
            return heading.text or None
    first = next((line for line in lines if not line.blank), None)
    if first and len(first.text.split(None, 15)) <= 14 and not first.text.endswith("."):
        return first.text.strip().lstrip("#").strip() or None
    return None


def section_ranges(doc: Doc, kind: str) -> list[tuple[int, int]]:
    """(body start, scope end) of every section of `kind`, own or inherited."""
    return [(s["body_start"], s["end"]) for s in doc._.get(ext.SECTIONS) or []
            if kind in s["scope_kinds"]]


def kinds_at(sections: list[dict], offset: int) -> list[str]:
    """The kinds of the innermost section containing `offset` ([] before any heading)."""
    inner: list[str] = []
    for section in sections:
        if section["start"] <= offset < section["end"]:
            inner = section["scope_kinds"]
    return inner


def inside(offset: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)
