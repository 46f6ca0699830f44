#!/usr/bin/env python3
"""Guard for speed work: the records must not change.

    python scripts/same_records.py save BASELINE.jsonl DIR...    # before the change
    python scripts/same_records.py check BASELINE.jsonl DIR...   # after: lists every difference

Extracts every file under the directories (sorted, one process) and compares the records,
field by field, with the saved ones. Exit code 1 when any record differs.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import read_path  # noqa: E402
from pipeline.nlp import extract_results  # noqa: E402

SUFFIXES = {".md", ".txt", ".markdown", ".html", ".htm"}


def paths_under(dirs: list[str]) -> list[Path]:
    found = []
    for name in dirs:
        root = Path(name)
        found += [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file() and p.suffix in SUFFIXES]
    return sorted(found)


def records(dirs: list[str]) -> dict[str, dict]:
    documents = (read_path(path) for path in paths_under(dirs))
    out = {}
    for result in extract_results(documents):
        key = str(result.document.path)
        out[key] = (result.record.model_dump(mode="json") if result.record
                    else {"error": str(result.error)})
    return out


def differences(old: dict, new: dict, prefix: str = "") -> list[str]:
    found = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            found += differences(a, b, f"{prefix}{key}.")
        else:
            found.append(f"{prefix}{key}: {json.dumps(a)[:200]} -> {json.dumps(b)[:200]}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=["save", "check"])
    parser.add_argument("baseline")
    parser.add_argument("dirs", nargs="+")
    args = parser.parse_args()
    current = records(args.dirs)
    if args.action == "save":
        Path(args.baseline).write_text("".join(json.dumps({"path": k, "record": v}) + "\n"
                                               for k, v in current.items()))
        print(f"saved {len(current)} records to {args.baseline}")
        return 0
    saved = {}
    for line in Path(args.baseline).read_text().splitlines():
        row = json.loads(line)
        saved[row["path"]] = row["record"]
    changed = differences(saved, current)
    for line in changed:
        print(line)
    print(f"{len(current)} records, {len(changed)} differences")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
