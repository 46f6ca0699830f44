#!/usr/bin/env python3
"""Time the timeline stage on adversarial inputs; prints seconds per case.

usage: python scripts/time_benchmark.py [--quick]

The time of the `pm_timeline` stage alone is printed (the tokenizer and the other stages
are not ours to time here). Cases: a 10,000-entry timeline (one entry a line, crossing midnight many times), the same
as narrative sentences in one paragraph, a 10 MB single line of prose with clocks, dates,
versions and percentages, and 10 MB of digits and colons. Every case must stay linear:
doubling the input about doubles the time. Not a unit test: run it by hand after changes.
"""
from __future__ import annotations

import sys
import time

from pipeline.nlp import build_nlp


def cases(scale: float) -> dict[str, str]:
    n = int(10_000 * scale)
    lines = [f"- {(i * 7) // 60 % 24:02d}:{(i * 7) % 60:02d} UTC - step {i} restarted the pods" for i in range(n)]
    sentences = " ".join(f"At {(i * 7) // 60 % 24:02d}:{(i * 7) % 60:02d} we checked node {i}." for i in range(n))
    prose = ("On 15 Aug 2023 at 10:45 UTC about 80% of v1.10.45 hosts on 10.0.0.45:8080 failed for 2 hours; "
             * int(110_000 * scale))
    digits = "12:34:56:78:90.12. 1045 2023-13-45 " * int(330_000 * scale)
    return {
        "10k-line timeline": "# Incident\n\n## Timeline\n\n" + "\n".join(lines) + "\n",
        "10k narrative": "# Incident\n\n## Timeline\n\n" + sentences + "\n",
        "10 MB prose line": "# Incident\n\n" + prose + "\n",
        "10 MB digits/colons": digits,
    }


def main(argv: list[str]) -> int:
    scale = 0.1 if "--quick" in argv else 1.0
    nlp = build_nlp()
    sections, timeline = nlp.get_pipe("pm_sections"), nlp.get_pipe("pm_timeline")
    print(f"{'case':22s} {'size':>9s}  {'pm_timeline':>11s}  entries")
    for name, text in cases(scale).items():
        doc = sections(nlp.make_doc(text))
        began = time.perf_counter()
        timeline(doc)
        seconds = time.perf_counter() - began
        print(f"{name:22s} {len(text) / 1e6:6.2f} MB  {seconds:9.2f} s  {len(doc._.pm_timeline):7d}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
