#!/usr/bin/env python3
"""Where the time goes: milliseconds per document for the tokenizer and each stage.

    python scripts/stage_times.py CORPUS [--limit N] [--profile FILE]

With --profile, also runs cProfile over the whole pipeline and prints the 30 functions
with the most time of their own (the full stats are saved to FILE for `pstats`).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline import extensions as ext  # noqa: E402
from pipeline.nlp import build_nlp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--profile", metavar="FILE")
    args = parser.parse_args()
    paths = sorted(p for p in Path(args.corpus).rglob("*") if p.is_file())[: args.limit]
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    nlp = build_nlp()
    for text in texts[:10]:
        nlp(text)                      # warm caches and lazy imports
    seconds: Counter = Counter()
    for text in texts:
        started = time.perf_counter()
        doc = nlp.make_doc(text)
        doc.user_data[ext.TEXT_KEY] = text
        seconds["tokenizer"] += time.perf_counter() - started
        for name, stage in nlp.pipeline:
            started = time.perf_counter()
            doc = stage(doc)
            seconds[name] += time.perf_counter() - started
    total = sum(seconds.values())
    print(f"{len(texts)} documents, {sum(len(t) for t in texts) / len(texts):,.0f} characters each")
    for name, spent in seconds.most_common():
        print(f"  {name:14s} {spent * 1000 / len(texts):7.3f} ms/doc  {spent / total:6.1%}")
    print(f"  {'total':14s} {total * 1000 / len(texts):7.3f} ms/doc")
    if args.profile:
        cProfile.runctx("for text in texts: nlp(text)", globals(), {"texts": texts, "nlp": nlp}, args.profile)
        pstats.Stats(args.profile).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
