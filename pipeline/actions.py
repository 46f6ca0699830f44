"""Stage 5, `pm_actions`: every corrective or preventive task.

Inside corrective-action sections (and everything nested under them), a section's items
are its list items and table rows; a nested sub-bullet stays part of its parent item. A
section without a list gives one item per imperative line ("Implement ...", "Label: Add
...") or, in prose, one per paragraph that commits to an action ("we will ...", "should").
A `Label:` line with details under it ("Task:", "Deadline:") is one item.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from pipeline import extensions as ext
from pipeline.markup import Line
from pipeline.patterns.actions import COMMITMENT, DUE, IMPERATIVE, LABELLED_ITEM, LIST_INTRO, NO_ACTION, OWNER
from pipeline.temporal import find_moments

_TABLE_SEPARATOR = re.compile(r"^\|?[\s:|-]+\|?$")
_WRAPPED = re.compile(r"[.!?:)\]]\s*$")
_SENTENCE_STOP = re.compile(r"[.!?](?=\s+[A-Z(@])|\)(?=\s)")


@Language.factory("pm_actions")
def make_actions(nlp: Language, name: str) -> "ActionFinder":
    return ActionFinder(name)


class ActionFinder:
    """Writes `doc._.pm_actions` and `doc.spans["pm_actions"]`."""

    def __init__(self, name: str = "pm_actions"):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        view = ext.view_of(doc)
        sections = doc._.get(ext.SECTIONS) or []
        lines = ext.lines_of(doc)
        items = []
        item_headings = {s["start"]: s["end"] for s in sections if _is_item_heading(s)}
        for body in action_bodies(sections, lines):
            items.extend(items_in(body, view, item_headings))
        if not any("corrective_actions" in s["scope_kinds"] for s in sections):
            items.extend(introduced_lists(lines, view, sections))
        self.set_annotations(doc, [_describe(view, start, end) for start, end in items])
        return doc

    def set_annotations(self, doc: Doc, items: list[dict]) -> None:
        doc._.set(ext.ACTIONS, items)
        for item in items:
            ext.add_span(doc, "pm_actions", item["start"], item["end"], "action")


# A sub-section that names one of these kinds is not part of the actions around it.
NOT_ACTIONS = {"summary", "impact", "timeline", "root_cause", "lessons"}


def _in_actions(sections: list[dict], index: int) -> bool:
    if set(sections[index]["kinds"]) & NOT_ACTIONS and "corrective_actions" not in sections[index]["kinds"]:
        return False
    while index >= 0:
        if "corrective_actions" in sections[index]["scope_kinds"]:
            return True
        index = sections[index]["parent"]
    return False


def action_bodies(sections: list[dict], lines: list[Line]) -> list[list[Line]]:
    """The lines each action section holds itself (not those of its sub-sections).
    A detail-holding `Label:` sub-heading becomes one line of its parent's body."""
    bodies = []
    heading_at = {s["start"]: i for i, s in enumerate(sections)}
    for index, section in enumerate(sections):
        if not _in_actions(sections, index) or _is_item_heading(section):
            continue
        body: list[Line] = []
        children = [s for s in sections if s["parent"] == index]
        for line in lines:
            if not section["body_start"] <= line.start < section["end"] and line.start != section["body_start"]:
                continue
            if line.start < section["body_start"] and line.end <= section["body_start"]:
                continue
            owner = heading_at.get(line.start)
            if owner is not None and owner != index:
                if _is_item_heading(sections[owner]) and sections[owner]["parent"] == index:
                    body.append(line)
                continue
            if any(c["start"] <= line.start < c["end"] for c in children):
                continue
            body.append(line)
        bodies.append(body)
    return bodies


def introduced_lists(lines: list[Line], view: str, sections: list[dict]) -> list[tuple[int, int]]:
    """Without an action heading: a list right after "We agreed three follow-ups:" or "Next
    steps:" written as a sentence."""
    items: list[tuple[int, int]] = []
    for index, line in enumerate(lines):
        if line.blank or line.bullet or not LIST_INTRO.search(line.text):
            continue
        following = [l for l in lines[index + 1:index + 3] if not l.blank]
        if following and following[0].bullet:
            body = []
            for other in lines[index + 1:]:
                if not other.blank and not other.bullet and other.indent == 0:
                    break
                body.append(other)
            items.extend(_list_items(body, [l for l in body if l.bullet]))
    return items


def _is_item_heading(section: dict) -> bool:
    """A `Label:` line with no kind inside an action section is an item with details."""
    return not section["kinds"] and section["style"] in ("label", "bold")


def items_in(body: list[Line], view: str, item_headings: dict[int, int] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each item of one section body; a line that opens an item heading
    (`item_headings`: heading start -> scope end) is an item with the details under it."""
    item_headings = item_headings or {}
    headed = [(line.content_start, _trim_end(view, line.start, item_headings[line.start]))
              for line in body if line.start in item_headings]
    body = [line for line in body if line.start not in item_headings]
    return sorted(headed + _body_items(body, view))


def _body_items(body: list[Line], view: str) -> list[tuple[int, int]]:
    lines = [line for line in body if not line.blank]
    listed = [line for line in lines if line.bullet or line.text.startswith("# ")
              or (line.text.startswith("|") and not _TABLE_SEPARATOR.match(line.text))]
    if listed:
        return _list_items(body, listed)
    units = [(s, e) for s, e in _units(body) if not _intro(view, s, e)]
    listed = []
    for start, end in units:  # a list written without markers: the leading imperative lines
        if not _imperative(view, start, end) or len(list(_sentences(view, start, end))) > 1:
            break
        listed.append((start, end))
    if listed:
        return listed
    items: list[tuple[int, int]] = []
    for start, end in units:
        if not NO_ACTION.match(view[start:end].strip()):
            items.extend(committed_sentences(view, start, end))
    return items


def committed_sentences(view: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of a paragraph that commit to an action. A parenthetical status note
    ("(fixed by ...)", "(filed ...)") is its own action only when nothing else in the
    paragraph is: it reports on the action the paragraph proposed."""
    sentences = [(s, e) for s, e in _sentences(view, start, end)]
    committed = [(s, e) for s, e in sentences if COMMITMENT.search(view, s, e)]
    notes = [(s, e) for s, e in committed if view[s:e].lstrip().startswith("(")]
    proposals = [span for span in committed if span not in notes]
    return proposals or notes[:1]


def _sentences(view: str, start: int, end: int):
    position = start
    for stop in _SENTENCE_STOP.finditer(view, start, end):
        if view[position:stop.end()].strip():
            yield position, stop.end()
        position = stop.end()
    if view[position:end].strip():
        yield position, end


def _list_items(body: list[Line], listed: list[Line]) -> list[tuple[int, int]]:
    items = []
    numbered = [line for line in listed if line.text.startswith("# ")]  # wiki-markup numbering
    items.extend((line.content_start + 2, line.end) for line in numbered)
    rows = [line for line in listed if not line.bullet and line.text.startswith("|")]
    for line in rows:
        previous = _previous_text_line(body, line)
        if previous is not None and previous.text.startswith("|") and re.sub(r"[|\s]", "", line.text):
            items.append((line.content_start, line.end))  # a data row (the header has no row above)
    bullets = [line for line in listed if line.bullet]
    if bullets:
        top = min(line.indent for line in bullets)
        family = _family(next(line for line in bullets if line.indent == top).bullet)
        parents = {line.start for line in bullets if _is_parent(line, top, family)}
        current: list[int] | None = None
        after_blank = False
        for line in body:
            if line.start in parents:
                current = [line.content_start, line.end]
                items.append(current)
            elif line.blank:
                after_blank = True
                continue
            elif current is not None and (line.bullet or line.indent > top or not after_blank):
                current[1] = line.end  # a sub-bullet, an indented or a wrapped continuation
            else:
                current = None
            after_blank = False
    return sorted((start, end) for start, end in items)


# Word pastes nest with these markers at the same indentation as the bullets above them.
SUB_MARKERS = {"o", "◦", "▪", "\uf0a7", "‣", "\uf0d8"}


def _is_parent(line: Line, top: int, family: str) -> bool:
    """Top-level item? Numbered siblings may be indented unevenly ("1," at 8, "2," at 10);
    `o` under `•` is a sub-item even at the same indentation."""
    if family == "number" and _family(line.bullet) == "number":
        return line.indent <= top + 4
    if line.bullet in SUB_MARKERS and family not in SUB_MARKERS:
        return False
    return line.indent <= top + 1


def _trim_end(view: str, start: int, end: int) -> int:
    while end > start and view[end - 1].isspace():
        end -= 1
    return end


def _family(marker: str) -> str:
    """Markers of one list level: numbers with numbers, letters with letters, a symbol alone."""
    if marker[:1].isdigit():
        return "number"
    if re.match(r"[a-zA-Z][.)]", marker):
        return "letter"
    return marker[:1]


def _previous_text_line(body: list[Line], line: Line) -> Line | None:
    index = body.index(line)
    return body[index - 1] if index else None


def _units(body: list[Line]) -> list[tuple[int, int]]:
    """Paragraph-like units: a line, joined with the next when it is hard-wrapped."""
    units: list[tuple[int, int]] = []
    open_unit: tuple[int, int] | None = None
    for line in body:
        if line.blank:
            if open_unit:
                units.append(open_unit)
            open_unit = None
            continue
        open_unit = (open_unit[0], line.end) if open_unit else (line.content_start, line.end)
        if _WRAPPED.search(line.text) or len(line.text) < 60:
            units.append(open_unit)
            open_unit = None
    if open_unit:
        units.append(open_unit)
    return units


def _intro(view: str, start: int, end: int) -> bool:
    return view[start:end].rstrip().endswith(":")


def _imperative(view: str, start: int, end: int) -> bool:
    text = view[start:end].strip()
    labelled = LABELLED_ITEM.match(text)
    if labelled:
        text = text[labelled.end():]
    return bool(IMPERATIVE.match(text))


def _describe(view: str, start: int, end: int) -> dict:
    while end > start and view[end - 1] in " \t\n|":
        end -= 1
    while start < end and view[start] in " \t|":
        start += 1
    text = view[start:end]
    owner = OWNER.search(text)
    due = DUE.search(text)
    due_date = None
    if due:
        moments = find_moments(view, start + due.end(), min(end, start + due.end() + 40))
        due_date = view[moments[0].start:moments[0].end] if moments else None
    return {"start": start, "end": end, "owner": (owner.group("owner") or owner.group("handle")) if owner else None, "due": due_date}
