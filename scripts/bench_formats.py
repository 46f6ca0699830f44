#!/usr/bin/env python3
"""Time reading a PDF and a DOCX of at least 20 pages (the issue asks for under a second).

usage: python scripts/bench_formats.py [--pages 20] [--repeat 3]

Builds the documents from corpus postmortems (with scripts/render_formats.py's writers),
one after another until the PDF has the pages asked for, then prints the best of
`--repeat` timings of `read_structured` for each format. Needs the `dev` extra.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import fixture_writers  # noqa: E402
from render_formats import ROOT, corpus_documents, source_blocks  # noqa: E402

CHARS_PER_PAGE = 2500  # about what a page of the PDF fixtures holds


def build(pages: int) -> tuple[bytes, bytes, int]:
    """PDF and DOCX bytes of corpus documents run together until the PDF has `pages` pages
    (rendered again with a few more documents only while it falls short)."""
    import io

    from pdfminer.pdfpage import PDFPage

    sources = corpus_documents(ROOT / "corpus")
    blocks, used, count = [], 0, 0
    while count < pages and used < len(sources):
        wanted = max(3, (pages - count) * CHARS_PER_PAGE)
        while wanted > 0 and used < len(sources):
            wanted -= len(sources[used].read_text(encoding="utf-8", errors="replace"))
            blocks += source_blocks(sources[used])
            used += 1
        pdf = fixture_writers.write_pdf(blocks, title="bench")
        count = sum(1 for _ in PDFPage.get_pages(io.BytesIO(pdf)))
    return pdf, fixture_writers.write_docx(blocks, title="bench"), count


def best_of(repeat: int, data: bytes, fmt: str) -> tuple[float, int]:
    from pipeline.formats import read_structured

    times, chars = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        chars = len(read_structured(data, path=f"bench.{fmt}", fmt=fmt).text)
        times.append(time.perf_counter() - start)
    return min(times), chars


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pdf, docx, pages = build(args.pages)
    print(f"document: {pages} PDF pages from the corpus")
    for fmt, data in (("pdf", pdf), ("docx", docx)):
        seconds, chars = best_of(args.repeat, data, fmt)
        print(f"{fmt:5s} {len(data):>9,d} bytes  {chars:>7,d} chars of text  read in {seconds:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
