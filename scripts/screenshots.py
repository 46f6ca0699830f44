#!/usr/bin/env python3
"""Regenerate the README screenshots of the two pages (docs/show.png, docs/report.png).

usage: python scripts/screenshots.py [--out docs] [--doc corpus/c07_orbital-sync-regression.md]

Extracts with the library, renders the `show` page of one corpus document and the `report`
dashboard of the whole corpus, and photographs them in headless Chromium (Debian's
`chromium`, as the page tests use it). Prints each file written and its size.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.views import load_archive, report_html, show_html  # noqa: E402
from tests.browser import Browser  # noqa: E402

# (file name, viewport height): the top of each page, where a reader starts.
SHOTS = {"show": 1500, "report": 1500}


def corpus_documents(corpus: Path) -> list[Path]:
    found = sorted(p for p in corpus.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
    return [p.relative_to(ROOT) if p.is_relative_to(ROOT) else p for p in found]


def render(doc: Path, corpus: Path, folder: Path) -> dict[str, Path]:
    archive = load_archive(corpus_documents(corpus))
    for problem in archive.problems:
        print(f"left out: {problem}", file=sys.stderr)
    shown = next(r for r in archive.records if Path(r.source.path).name == doc.name)
    pages = {"show": show_html(shown),
             "report": report_html(archive.records, problems=archive.problems, duplicates=archive.duplicates,
                                   title="Postmortem archive: corpus/")}
    written = {}
    for name, html in pages.items():
        written[name] = folder / f"{name}.html"
        written[name].write_text(html, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--doc", type=Path, default=ROOT / "corpus" / "c07_orbital-sync-regression.md")
    args = parser.parse_args(argv)
    args.out, args.doc = args.out.resolve(), args.doc.resolve()
    args.out.mkdir(parents=True, exist_ok=True)
    os.chdir(ROOT)  # pages name their sources relative to the project, as a user would type them
    with tempfile.TemporaryDirectory() as folder, Browser(width=1280, height=900) as browser:
        for name, page in render(args.doc, args.doc.parent, Path(folder)).items():
            target = args.out / f"{name}.png"
            visit = browser.visit(page, screenshot=target, full_page=False, height=SHOTS[name])
            if visit.errors or visit.requests:
                print(f"{name}: errors {visit.errors}, requests {visit.requests}", file=sys.stderr)
                return 1
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: "
                  f"{target.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
