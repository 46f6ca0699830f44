"""The structure a reader finds, and the markdown-flavoured text it becomes.

Every structured reader (HTML, Word, PDF) turns its file into a list of blocks; `render`
writes them as the text the pipeline runs on: headings as `#` lines by level, list items
as `- ` / `1. ` lines (nested ones indented), table rows as `| a | b |` lines under a
delimiter row, code as a fenced block, everything else as paragraphs separated by blank
lines. The sections stage reads markdown headings, so real headings are used instead of
guessed ones. `render` also says where each heading stands in that text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

Runs = list[tuple[str, bool]]  # inline text pieces and whether each is bold

_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\u200b]+")
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass
class Block:
    quote: int = field(default=0, kw_only=True)  # blockquote depth


@dataclass
class Heading(Block):
    level: int
    text: str


@dataclass
class Paragraph(Block):
    text: str  # may hold hard line breaks ("\n") and **bold** pieces


@dataclass
class Item(Block):
    text: str
    depth: int = 0
    marker: str = "-"  # "-" for bullets, "3." or "b)" for numbered items
    opens_list: bool = False  # the first item of a new top-level list (a blank line before it)


@dataclass
class Table(Block):
    rows: list[list[str]]


@dataclass
class Code(Block):
    lines: list[str]


def _alpha(n: int) -> str:
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


# How the nth item of an ordered list is numbered, by the name Word and HTML give the style.
NUMBERING = {
    "decimal": str, "1": str,
    "lowerLetter": _alpha, "a": _alpha,
    "upperLetter": lambda n: _alpha(n).upper(), "A": lambda n: _alpha(n).upper(),
    "lowerRoman": _roman, "i": _roman,
    "upperRoman": lambda n: _roman(n).upper(), "I": lambda n: _roman(n).upper(),
}


def ordinal_marker(number: int, style: str = "decimal") -> str:
    """`3` -> `"3."`, in the numbering style ("c." for lowerLetter); unknown styles count in digits."""
    return NUMBERING.get(style, str)(max(number, 0)) + "."


def inline_text(runs: Runs) -> str:
    """Runs -> one string: white space folded per line, bold pieces as `**bold**`.

    Adjacent runs of the same weight merge first, so `**a****b**` never appears, and the
    markers hug the words (spaces stay outside), as markdown requires.
    """
    merged: Runs = []
    for text, bold in runs:
        if merged and merged[-1][1] == bold:
            merged[-1] = (merged[-1][0] + text, bold)
        elif text:
            merged.append((text, bold))
    pieces = [_embolden(text) if bold else text for text, bold in merged]
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(lines).strip("\n")


def _embolden(text: str) -> str:
    """`" late "` -> `" **late** "`, line by line; blank pieces stay as they are."""
    out = []
    for line in text.split("\n"):
        core = line.strip()
        if not core:
            out.append(line)
            continue
        left = line[:len(line) - len(line.lstrip())]
        right = line[len(line.rstrip()):]
        out.append(f"{left}**{core}**{right}")
    return "\n".join(out)


def plain(text: str) -> str:
    """One line without bold markers (for headings and table cells)."""
    return _SPACES.sub(" ", text.replace("**", " ").replace("\n", " ")).strip()


def render(blocks: list[Block]) -> tuple[str, list[dict]]:
    """Blocks -> (text, headings); each heading is {text, level, start, end} in that text."""
    parts: list[str] = []
    headings: list[dict] = []
    position = 0
    previous: Block | None = None
    for block in blocks:
        chunk = _render_block(block)
        if not chunk.strip() or isinstance(block, Item) and not block.text.strip():
            continue
        if previous is not None:
            joiner = "\n" if _same_run(previous, block) else "\n\n"
            parts.append(joiner)
            position += len(joiner)
        if isinstance(block, Heading):
            headings.append({"text": block.text, "level": block.level,
                             "start": position, "end": position + len(chunk)})
        parts.append(chunk)
        position += len(chunk)
        previous = block
    return "".join(parts) + "\n" if parts else "", headings


def _same_run(previous: Block, block: Block) -> bool:
    """List items follow each other without a blank line; so do the rows of one table."""
    return isinstance(previous, Item) and isinstance(block, Item) and previous.quote == block.quote \
        and not block.opens_list


def _render_block(block: Block) -> str:
    if isinstance(block, Heading):
        text = "#" * min(max(block.level, 1), 6) + " " + plain(block.text)
    elif isinstance(block, Item):
        text = _render_item(block)
    elif isinstance(block, Table):
        text = _render_table(block.rows)
    elif isinstance(block, Code):
        text = "\n".join(("    " + line).rstrip() for line in block.lines)
    else:
        text = block.text.strip()
    if block.quote:
        prefix = "> " * block.quote
        text = "\n".join((prefix + line).rstrip() for line in text.split("\n"))
    return text


def _render_item(item: Item) -> str:
    indent = "  " * max(item.depth, 0)
    lines = item.text.strip().split("\n")
    hang = indent + " " * (len(item.marker) + 1)
    return "\n".join([f"{indent}{item.marker} {lines[0]}".rstrip(),
                      *((hang + line).rstrip() for line in lines[1:])])


def _render_table(rows: list[list[str]]) -> str:
    rows = [[plain(cell).replace("|", "\\|") for cell in row] for row in rows if any(c.strip() for c in row)]
    if not rows:
        return ""
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + " --- |" * width)
    return "\n".join(line.replace("  ", " ") for line in lines)
