"""Build the pipeline and run it: `build_nlp()`, `load()`, `extract()`, `extract_document()`.

The default pipeline is `spacy.blank("en")` plus our five stages: nothing to download.
A statistical model (`spacy_model="en_core_web_sm"`) may be used instead of the blank
tokenizer when it is installed; our stages do not depend on it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from spacy.language import Language

from models import Record
from pipeline import actions, extensions as ext, impact, root_cause, sections, timeline  # noqa: F401 (factories)
from pipeline.ingest import Document, read_bytes
from pipeline.record import doc_to_record

STAGES = ("pm_sections", "pm_timeline", "pm_impact", "pm_root_cause", "pm_actions")
# Documents longer than this are tokenised in slices (spaCy's own limit is 1,000,000).
MAX_LENGTH = 50_000_000


def build_nlp(spacy_model: str | None = None) -> Language:
    """A fresh pipeline: the tokenizer of `spacy_model` (default blank English) + our stages."""
    if spacy_model:
        try:
            nlp = spacy.load(spacy_model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as exc:
            raise ValueError(f"spaCy model {spacy_model!r} is not installed "
                             f"(python -m spacy download {spacy_model}), or use the default") from exc
    else:
        nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    for stage in STAGES:
        nlp.add_pipe(stage)
    return nlp


@lru_cache(maxsize=4)
def load(spacy_model: str | None = None) -> Language:
    """The shared pipeline for this process (built once, reused)."""
    return build_nlp(spacy_model)


def extract(text: str, path: str | None = None, *, nlp: Language | None = None) -> Record:
    """Extract a record from text already in memory."""
    data = text.encode("utf-8")
    document = read_bytes(data, path=path, fmt="markdown" if path and path.endswith(".md") else "text") \
        if data else Document(text="", sha256=_empty_sha(), path=path)
    return extract_document(document, nlp=nlp)


def extract_document(document: Document, *, nlp: Language | None = None) -> Record:
    return next(extract_documents([document], nlp=nlp))


def extract_documents(documents: Iterable[Document], *, nlp: Language | None = None,
                      batch_size: int = 16) -> Iterator[Record]:
    """Records for documents, in order, using `nlp.pipe` batching."""
    nlp = nlp or load()
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield _finish(doc, document)


def process(nlp: Language, document: Document):
    """Run the pipeline on one document, with its source attached before the stages run."""
    doc = nlp.make_doc(document.text)
    _attach(doc, document)
    for _, stage in nlp.pipeline:
        doc = stage(doc)
    return doc


def _finish(doc, document: Document) -> Record:
    _attach(doc, document)
    return doc_to_record(doc)


def _attach(doc, document: Document) -> None:
    doc._.set(ext.SOURCE, document.source())
    for note in document.warnings:
        ext.add_warning(doc, note)


def _empty_sha() -> str:
    import hashlib
    return hashlib.sha256(b"").hexdigest()
