#!/usr/bin/env python3
"""Throughput figures for a corpus: `python scripts/bench.py CORPUS [--limit N]`.

Prints, measured in this one run on the same documents:
- the pipeline in one process (docs/s, words/s) and `postmortem batch` with all workers
  (docs/s, words/s, peak RSS of each process, records identical to the one-process run);
- the floor for any spaCy pipeline, `spacy.blank("en")` tokenisation alone, and the naive
  approach, `dateparser.search.search_dates` over each document, as ratios;
- `postmortem extract ONE.md` wall time against `python -c "import spacy"`.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTMORTEM = [sys.executable, "-m", "pipeline"]


def timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds > 0 else float("inf")


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                found.append(child)
                todo.append(child)
    return found


class PeakRss:
    """Samples VmHWM (a process's own peak RSS) of a process tree until stopped; MB per pid."""

    def __init__(self, pid: int):
        self.pid, self.peaks, self._stop = pid, {}, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            for pid in [self.pid, *descendants(self.pid)]:
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                name = status.split("\n", 1)[0].split()[-1]
                for line in status.splitlines():
                    if line.startswith("VmHWM:"):
                        self.peaks[pid] = (name, max(self.peaks.get(pid, (name, 0))[1], int(line.split()[1]) / 1024))

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return self.peaks


def run_batch_cli(paths: list[str], workers: int, out: str) -> tuple[float, dict]:
    command = POSTMORTEM + ["batch", "-", "-o", out, "--workers", str(workers), "-q"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, cwd=ROOT, text=True)
    watch = PeakRss(process.pid)
    process.communicate("\n".join(paths) + "\n")
    seconds = time.perf_counter() - started
    return seconds, watch.stop()


def startup_pairs(first: list[str], second: list[str], repeats: int) -> tuple[float, float, float]:
    """Median wall times of two commands run in turns (so a busy spell hits both alike), and
    the median of the per-turn ratios."""
    pairs = []
    for _ in range(repeats):
        one = timed(lambda: subprocess.run(first, cwd=ROOT, check=True, capture_output=True))
        two = timed(lambda: subprocess.run(second, cwd=ROOT, check=True, capture_output=True))
        pairs.append((one, two))
    return (statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs),
            statistics.median(p[0] / p[1] for p in pairs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", help="a folder of postmortems (scripts/make_corpus.py makes one)")
    parser.add_argument("--limit", type=int, default=2000, help="documents to measure (default 2000)")
    parser.add_argument("--naive-limit", type=int, default=100,
                        help="documents for the slow search_dates comparison (default 100)")
    parser.add_argument("--workers", type=int, default=None, help="batch workers (default: one per core)")
    parser.add_argument("--repeats", type=int, default=9, help="runs of each start-up timing (median)")
    args = parser.parse_args()

    import dateparser.search
    import spacy

    from pipeline.batch import iter_inputs
    from pipeline.ingest import read_path
    from pipeline.nlp import build_nlp, extract_documents
    from pipeline.pool import default_workers

    paths = list(islice(iter_inputs([args.corpus]), args.limit))
    documents = [read_path(p) for p in paths]
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)
    workers = args.workers or default_workers()
    print(f"corpus: {len(documents):,} documents, {words:,} words ({words / len(documents):,.0f} per document)")

    blank = spacy.blank("en")
    list(blank.pipe(texts[:20]))
    blank_s = timed(lambda: list(blank.pipe(texts)))
    nlp = build_nlp()
    list(extract_documents(documents[:5], nlp=nlp))
    lines: list[str] = []
    ours_s = timed(lambda: lines.extend(r.model_dump_json() for r in extract_documents(documents, nlp=nlp)))
    few = documents[:args.naive_limit]
    ours_few_s = timed(lambda: [r.model_dump_json() for r in extract_documents(few, nlp=nlp)])
    dateparser.search.search_dates(few[0].text)  # loads its language data: not counted
    naive_s = timed(lambda: [dateparser.search.search_dates(d.text) for d in few])
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "records.jsonl")
        batch_s, peaks = run_batch_cli(paths, workers, out)
        identical = Path(out).read_text().splitlines() == lines
        one = os.path.join(scratch, "one.md")
        Path(one).write_text(texts[0], encoding="utf-8")
        cli = Path(sys.executable).with_name("postmortem")
        command = [str(cli)] if cli.exists() else POSTMORTEM
        extract_wall, import_wall, startup_ratio = startup_pairs(
            command + ["extract", one, "-o", os.path.join(scratch, "one.jsonl")],
            [sys.executable, "-c", "import spacy"], args.repeats)

    n = len(documents)
    print(f"blank tokeniser:       {rate(n, blank_s):9,.1f} docs/s {rate(words, blank_s):11,.0f} words/s")
    print(f"one process:           {rate(n, ours_s):9,.1f} docs/s {rate(words, ours_s):11,.0f} words/s"
          f"   = {blank_s / ours_s:.0%} of the blank tokeniser (target >= 60%)   peak RSS {self_peak:,.0f} MB")
    print(f"batch, {workers} workers:      {rate(n, batch_s):9,.1f} docs/s {rate(words, batch_s):11,.0f} words/s"
          f"   (wall time with start-up; records identical to one process: {'yes' if identical else 'NO'})")
    for pid, (name, peak) in sorted(peaks.items()):
        print(f"    peak RSS pid {pid} ({name}): {peak:,.0f} MB")
    print(f"naive search_dates:    {rate(len(few), naive_s):9,.1f} docs/s on the first {len(few)} documents;"
          f" ours on the same: {rate(len(few), ours_few_s):,.1f} docs/s = {naive_s / ours_few_s:.1f}x (target >= 30x)")
    print(f"postmortem extract one.md: {extract_wall:.2f} s; python -c 'import spacy': {import_wall:.2f} s;"
          f" ratio {startup_ratio:.2f} (target <= 1.5; medians of {args.repeats} runs in turns)")


if __name__ == "__main__":
    main()
