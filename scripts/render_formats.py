#!/usr/bin/env python3
"""Render corpus postmortems (markdown or plain text) as HTML, Word and PDF test fixtures.

usage: python scripts/render_formats.py OUT_DIR [--corpus DIR] [--formats html,docx,pdf] [--docs a01,b05]

Writes OUT_DIR/FORMAT/NAME.EXT for each corpus document NAME.md / NAME.txt that has a gold
file, and beside it NAME.gold.json: the same gold with "doc" renamed, so that
`python ../shared/score.py RECORDS OUT_DIR/pdf` scores the rendered files on the gold of
their source. Markdown keeps its structure (headings, lists, tables, code, bold); each
source line stays a line (markdown line breaks are kept as hard breaks); plain text
becomes paragraphs of lines, its bullet lines real list items. Needs the `dev` extra
(markdown-it-py, python-docx, fpdf2) and a TrueType font (fonts-dejavu-core).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = {"html": ".html", "docx": ".docx", "pdf": ".pdf"}

Runs = list[tuple[str, bool]]


@dataclass
class Block:
    """One piece of a source document, as the writers need it."""

    kind: str                                             # heading para item table code html
    lines: list[Runs] = field(default_factory=list)       # text lines (runs of (text, bold))
    level: int = 0                                        # heading level or list depth
    number: int | None = None                             # ordered list item number
    rows: list[list[str]] = field(default_factory=list)   # table cells
    quote: int = 0                                        # blockquote depth
    raw: str = ""                                         # html block source
    list_id: int = 0                                      # items of one list share it


def text_of(runs: Runs) -> str:
    return "".join(text for text, _ in runs)


# ---------------------------------------------------------------- markdown

def markdown_blocks(source: str) -> list[Block]:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark", {"breaks": True, "html": True}).enable("table")
    return _MarkdownWalker().walk(parser.parse(source))


class _MarkdownWalker:
    def __init__(self):
        self.blocks: list[Block] = []
        self.lists: list[dict] = []  # open lists: {"ordered", "number", "id"}
        self.quote = 0
        self.table: list[list[str]] | None = None
        self.list_count = 0

    def walk(self, tokens) -> list[Block]:
        heading = None
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                heading = int(token.tag[1])
            elif kind in ("bullet_list_open", "ordered_list_open"):
                self.list_count += 1 if not self.lists else 0
                start = int(token.attrGet("start") or 1)
                self.lists.append({"ordered": kind.startswith("ordered"), "number": start, "id": self.list_count})
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                self._open_item()
            elif kind == "blockquote_open":
                self.quote += 1
            elif kind == "blockquote_close":
                self.quote -= 1
            elif kind == "table_open":
                self.table = []
            elif kind == "tr_open":
                self.table.append([])
            elif kind == "table_close":
                self.blocks.append(Block("table", rows=self.table, quote=self.quote))
                self.table = None
            elif kind in ("fence", "code_block"):
                lines = token.content.rstrip("\n").split("\n")
                self.blocks.append(Block("code", [[(line, False)] for line in lines], quote=self.quote))
            elif kind == "html_block":
                self.blocks.append(Block("html", raw=token.content, quote=self.quote))
            elif kind == "inline":
                self._inline(token, heading)
                heading = None
        return self.blocks

    def _open_item(self) -> None:
        current = self.lists[-1]
        number = current["number"] if current["ordered"] else None
        current["number"] += 1
        self.blocks.append(Block("item", level=len(self.lists) - 1, number=number,
                                 quote=self.quote, list_id=current["id"]))

    def _inline(self, token, heading: int | None) -> None:
        lines = inline_lines(token.children or [])
        if self.table is not None:
            self.table[-1].append(" ".join(text_of(line) for line in lines).strip())
        elif heading:
            self.blocks.append(Block("heading", lines, level=heading, quote=self.quote))
        elif self.blocks and self.blocks[-1].kind == "item" and not self.blocks[-1].lines:
            self.blocks[-1].lines = lines
        elif self.lists and self.blocks and self.blocks[-1].kind == "item":
            self.blocks[-1].lines += lines  # a second paragraph of a list item
        else:
            self.blocks.append(Block("para", lines, quote=self.quote))


def inline_lines(children) -> list[Runs]:
    """Inline tokens -> lines of runs; markdown markup dropped, bold kept."""
    lines: list[Runs] = [[]]
    bold = 0
    for child in children:
        kind = child.type
        if kind in ("softbreak", "hardbreak"):
            lines.append([])
        elif kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind in ("text", "code_inline"):
            lines[-1].append((child.content, bold > 0))
        elif kind == "html_inline":
            if re.match(r"<br\s*/?>", child.content, re.I):
                lines.append([])
        elif kind == "image":
            lines[-1].append((child.content, bold > 0))
    return [line for line in lines if text_of(line).strip()] or [[("", False)]]


# ---------------------------------------------------------------- plain text

_TXT_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>[•\uf0a7\uf0b7▪◦]|o(?=\t| {2,})|[-*](?= ))[ \t]+(?P<text>\S.*)$")
_TXT_NUMBER = re.compile(r"^(?P<indent>[ \t]*)(?P<number>\d{1,2})[.)][ \t]+(?P<text>\S.*)$")


def text_blocks(source: str) -> list[Block]:
    """Plain text: paragraphs of lines, bullet and numbered lines as list items."""
    blocks: list[Block] = []
    list_id = 0
    for chunk in re.split(r"\n[ \t]*\n", source.replace("\r\n", "\n")):
        previous_item = False
        for line in chunk.split("\n"):
            if not line.strip():
                continue
            item = _txt_item(line)
            if item:
                list_id += 0 if previous_item else 1
                item.list_id = list_id
                blocks.append(item)
                previous_item = True
            elif blocks and blocks[-1].kind == "para" and not previous_item:
                blocks[-1].lines.append([(line.strip(), False)])
            else:
                blocks.append(Block("para", [[(line.strip(), False)]]))
                previous_item = False
        blocks.append(Block("break"))
    return [block for block in blocks if block.kind != "break"]


def _txt_item(line: str) -> Block | None:
    bullet = _TXT_BULLET.match(line)
    if bullet:
        nested = bullet.group("marker") in ("o", "◦") or len(bullet.group("indent").expandtabs(4)) >= 2
        return Block("item", [[(bullet.group("text").strip(), False)]], level=int(nested))
    number = _TXT_NUMBER.match(line)
    if number:
        nested = len(number.group("indent").expandtabs(4)) >= 2
        return Block("item", [[(number.group("text").strip(), False)]], level=int(nested),
                     number=int(number.group("number")))
    return None


def source_blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return markdown_blocks(text) if path.suffix == ".md" else text_blocks(text)


# ---------------------------------------------------------------- driver

def corpus_documents(corpus: Path) -> list[Path]:
    """Corpus documents that have gold, in name order."""
    documents = []
    for gold in sorted(corpus.glob("*.gold.json")):
        source = corpus / json.loads(gold.read_text(encoding="utf-8"))["doc"]
        if source.suffix in (".md", ".txt") and source.exists():
            documents.append(source)
    return documents


def render(source: Path, fmt: str, out_dir: Path, index: int = 0) -> Path | None:
    """Write one fixture and its gold; None when the writer cannot render this document."""
    import fixture_writers

    blocks = source_blocks(source)
    target = out_dir / (source.stem + SUFFIXES[fmt])
    try:
        data = fixture_writers.WRITERS[fmt](blocks, title=source.stem, flavour=index)
    except fixture_writers.Unsupported:
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    gold = json.loads((source.parent / (source.name.rsplit(".", 1)[0] + ".gold.json")).read_text(encoding="utf-8"))
    gold["doc"] = target.name
    (out_dir / (source.stem + ".gold.json")).write_text(json.dumps(gold, indent=2), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--formats", default="html,docx,pdf")
    parser.add_argument("--docs", default="", help="comma-separated name prefixes (default: all)")
    args = parser.parse_args(argv)
    prefixes = [p for p in args.docs.split(",") if p]
    documents = [d for d in corpus_documents(args.corpus) if not prefixes or d.name.startswith(tuple(prefixes))]
    for fmt in args.formats.split(","):
        written = [render(doc, fmt, args.out_dir / fmt, i) for i, doc in enumerate(documents)]
        skipped = [doc.name for doc, out in zip(documents, written) if out is None]
        print(f"{fmt}: {len(documents) - len(skipped)} written to {args.out_dir / fmt}"
              + (f"; skipped {', '.join(skipped)}" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main(sys.argv[1:]))
