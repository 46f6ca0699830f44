"""Time each stage on the two big fault inputs, against spaCy's blank tokenizer on the same text.

    python scripts/bench_faults.py                     # 10 MB line, 10,000 timeline entries
    python scripts/bench_faults.py --line-bytes 1000000 --entries 2000

The target: extraction (stages + record) of one document takes at most 5x the time
`spacy.blank("en")` takes to tokenize it. For each input it prints reading, the tokenizer,
each stage, the record, the total and the ratio. A run can take minutes: the inputs are
big on purpose; `tests/test_faults.py` checks the growth rate at small sizes instead.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from fault_inputs import long_timeline, single_line, stage_seconds  # noqa: E402

TARGET = 5.0


def bench(nlp, name: str, text: str) -> float:
    """Print one input's figures; return extraction / tokenizer."""
    from pipeline.ingest import read_bytes

    data = text.encode("utf-8")
    started = time.perf_counter()
    read_bytes(data, path=f"{name}.md")
    reading = time.perf_counter() - started
    seconds = stage_seconds(nlp, text)
    tokenizer = seconds.pop("tokenizer")
    extraction = sum(seconds.values())
    ratio = extraction / tokenizer
    print(f"\n{name}: {len(data):,} bytes, {text.count(chr(10)) + 1:,} lines")
    print(f"  {'read + decode':16s} {reading:8.2f} s")
    print(f"  {'blank tokenizer':16s} {tokenizer:8.2f} s")
    for stage, spent in seconds.items():
        print(f"  {stage:16s} {spent:8.2f} s  {spent / tokenizer:6.1f}x tokenizer")
    verdict = "within" if ratio <= TARGET else "over"
    print(f"  {'extraction':16s} {extraction:8.2f} s  {ratio:6.1f}x tokenizer ({verdict} the {TARGET:g}x target)")
    return ratio


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--line-bytes", type=int, default=10_000_000, help="length of the single line")
    parser.add_argument("--entries", type=int, default=10_000, help="timeline entries")
    args = parser.parse_args(argv)

    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    ratios = [bench(nlp, "single-line", single_line(args.line_bytes)),
              bench(nlp, "timeline", long_timeline(args.entries))]
    return 0 if max(ratios) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
