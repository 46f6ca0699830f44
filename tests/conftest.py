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


CRASH_REASON = "generator raised StopIteration"


def _crash_on_request(doc):
    """A stage bug on demand: raises on any document that says CRASH."""
    if "CRASH" in doc.text:
        raise RuntimeError(CRASH_REASON)
    return doc


@pytest.fixture()
def fragile_nlp():
    """A fresh pipeline whose first stage, `pm_test_crash`, fails on documents saying CRASH."""
    from spacy.language import Language

    from pipeline.nlp import build_nlp

    if not Language.has_factory("pm_test_crash"):
        Language.component("pm_test_crash", func=_crash_on_request)
    fragile = build_nlp()
    fragile.add_pipe("pm_test_crash", first=True)
    return fragile


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


def _extracted(nlp, folder: Path) -> list:
    """Records of a folder's postmortems (a document the pipeline fails on is left out)."""
    from pipeline.sources import expand_paths, load_records

    return [loaded.record for loaded in load_records(expand_paths([str(folder)]), nlp=nlp) if loaded.record]


@pytest.fixture(scope="session")
def corpus_records(nlp):
    """Records of the bundled corpus, extracted once for every test that needs them."""
    return _extracted(nlp, CORPUS)


@pytest.fixture(scope="session")
def dev_records(nlp, shared_dir):
    """Records of ../shared/dev (skips when ../shared is absent)."""
    return _extracted(nlp, shared_dir / "dev")
