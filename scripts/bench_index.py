#!/usr/bin/env python3
"""How much building the search index costs over plain extraction, on the same input.

usage: python scripts/bench_index.py [INPUT...] [--rounds N]

INPUT defaults to corpus/ and ../shared/dev (or $POSTMORTEM_SHARED/dev) when present. Each round times, with the
same loaded pipeline:
  extract  read + extract every file + serialise each record as a JSON line (what
           `postmortem extract` does), written nowhere;
  build    `build_index()` of the same files into a new SQLite file (read, extract,
           store, full-text index);
  rebuild  `build_index()` again on that file, nothing changed (the incremental path).
Prints the median wall-clock and CPU time of each and the ratios build / extract.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.index import build_index  # noqa: E402
from pipeline.nlp import load  # noqa: E402
from pipeline.sources import expand_paths, load_records, records_of  # noqa: E402


def ignore(error) -> None:
    print(f"  (skipped {error})", file=sys.stderr)


def timed(work) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of `work()`: CPU time is steadier on a busy machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def extract_all(paths: list[str], nlp) -> None:
    for record in records_of(load_records(paths, nlp=nlp), ignore):
        record.model_dump_json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    shared = Path(os.environ.get("POSTMORTEM_SHARED", ROOT.parent / "shared")) / "dev"
    inputs = args.inputs or [str(ROOT / "corpus")] + ([str(shared)] if shared.is_dir() else [])
    paths = list(expand_paths(inputs))
    nlp = load()
    extract_all(paths[:4], nlp)  # warm caches (dateparser, regexes) before timing
    timings = {"extract": [], "build": [], "rebuild": []}
    with tempfile.TemporaryDirectory() as folder:
        for round_number in range(args.rounds):
            db = Path(folder) / f"round{round_number}.db"
            timings["extract"].append(timed(lambda: extract_all(paths, nlp)))
            for name in ("build", "rebuild"):  # a new index, then the same files again
                timings[name].append(timed(lambda db=db: build_index(db, paths, nlp=nlp, on_error=ignore)))
    medians = {name: [statistics.median(column) for column in zip(*rows)] for name, rows in timings.items()}
    print(f"{len(paths)} files from {', '.join(inputs)}; median of {args.rounds} rounds")
    for name, (wall, cpu) in medians.items():
        print(f"  {name:8} wall {wall:7.2f} s ({len(paths) / wall:7.1f} files/s)   cpu {cpu:7.2f} s")
    (extract_wall, extract_cpu), (build_wall, build_cpu) = medians["extract"], medians["build"]
    print(f"  build / extract = {build_wall / extract_wall:.3f} wall, {build_cpu / extract_cpu:.3f} cpu")


if __name__ == "__main__":
    main()
