#!/usr/bin/env python3
"""Print the corpus/README.md table (one row per document) and what the corpus covers.

usage: python scripts/corpus_table.py [CORPUS_DIR] [--write]

The table is generated from the gold files (their `style` line, zone, dates, impact and
categories) so that it always says what the documents really exercise. `--write` replaces
the table between the markers in CORPUS_DIR/README.md.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

BEGIN, END = "<!-- table:begin -->", "<!-- table:end -->"


def describe(gold: dict, text: str) -> dict:
    start, end = gold["incident_start"] or "", gold["incident_end"] or ""
    dated = "T" in start
    multi_day = dated and "T" in end and start[:10] != end[:10]
    flags = []
    if multi_day:
        flags.append("multi-day")
    if not dated and start:
        flags.append("date-less" if "20XX" not in text and "20xx" not in text else "20XX")
    if gold["timeline_times"] != sorted(gold["timeline_times"]):
        flags.append("crosses midnight")
    if not gold["sections"]:
        flags.append("no headings")
    impact = gold["impact_percents"]
    return {
        "words": len(text.split()),
        "zone": gold["timezone"] or "none",
        "impact": ", ".join(f"{p:g}%" for p in impact) if impact else "none",
        "causes": "+".join(gold["root_cause_categories"]),
        "flags": ", ".join(flags),
    }


def rows(corpus: Path) -> list[str]:
    lines = ["| file | words | style | zone | impact | cause | notes |", "|---|---|---|---|---|---|---|"]
    for gold_path in sorted(corpus.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (corpus / gold["doc"]).read_text(encoding="utf-8", errors="replace")
        info = describe(gold, text)
        style = gold["style"].replace("|", "\\|")
        lines.append(f"| `{gold['doc']}` | {info['words']} | {style} | {info['zone']} | {info['impact']} | "
                     f"{info['causes']} | {info['flags']} |")
    return lines


def coverage(corpus: Path) -> list[str]:
    golds = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus.glob("*.gold.json"))]
    zones = Counter(g["timezone"] for g in golds if g["timezone"])
    categories = Counter(g["root_cause_categories"][0] for g in golds)
    words = [len((corpus / g["doc"]).read_text(encoding="utf-8", errors="replace").split()) for g in golds]
    return [
        f"- {len(golds)} documents, {min(words)} to {max(words)} words "
        f"({sum(w <= 150 for w in words)} of at most 150 words, {sum(w >= 1500 for w in words)} of 1,500 or more).",
        f"- {len(zones)} distinct zones: " + ", ".join(f"{z} ({n})" for z, n in zones.most_common()) + ".",
        "- Primary root-cause categories: " + ", ".join(f"{c} ({n})" for c, n in categories.most_common()) + ".",
        f"- Impact: {sum(bool(g['impact_percents']) for g in golds)} with percentages, "
        f"{sum(100 in g['impact_percents'] for g in golds)} with the whole user base (100), "
        f"{sum(not g['impact_percents'] for g in golds)} with none.",
    ]


def main(argv: list[str]) -> int:
    args = [a for a in argv[1:] if not a.startswith("--")]
    corpus = Path(args[0] if args else Path(__file__).resolve().parent.parent / "corpus")
    block = "\n".join([BEGIN, *coverage(corpus), "", *rows(corpus), END])
    if "--write" in argv:
        readme = corpus / "README.md"
        text = readme.read_text(encoding="utf-8")
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        readme.write_text(head + block + tail, encoding="utf-8")
    else:
        print(block)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
