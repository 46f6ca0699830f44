"""Shared fixtures: one pipeline for the whole session, and where the shared material is."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = Path(os.environ.get("POSTMORTEM_SHARED", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def nlp():
    from pipeline.nlp import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def shared_dir():
    """../shared when it is present (CI has it); tests that need it skip otherwise."""
    if not (SHARED / "dev").is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def shared_documents(*folders: str) -> list[Path]:
    """Documents of ../shared that have a gold file (for parametrised tests)."""
    found = []
    for folder in folders:
        base = SHARED / folder
        if base.is_dir():
            found += sorted(p for p in base.iterdir() if p.suffix in (".md", ".txt"))
    return found
