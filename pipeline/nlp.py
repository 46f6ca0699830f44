"""Build the pipeline and run it: `build_nlp()`, `load()`, `extract()`, `extract_document()`.

The default pipeline is `spacy.blank("en")` plus our five stages: nothing to download.
A statistical model (`spacy_model="en_core_web_sm"`) may be used instead of the blank
tokenizer when it is installed; our stages do not depend on it.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

import spacy
from pydantic import ValidationError
from spacy.language import Language

from models import Record
from pipeline import actions, extensions as ext, impact, root_cause, sections, timeline  # noqa: F401 (factories)
from pipeline.errors import Errors, PostmortemError
from pipeline.ingest import Document
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
    return extract_document(Document.from_text(text, path=path), nlp=nlp)


def extract_document(document: Document, *, nlp: Language | None = None) -> Record:
    return next(extract_documents([document], nlp=nlp))


def extract_documents(documents: Iterable[Document], *, nlp: Language | None = None,
                      batch_size: int = 16) -> Iterator[Record]:
    """Records for documents, in order; raises `PostmortemError` (E012) for a document
    whose extraction failed. `extract_results` reports failures without stopping."""
    for result in extract_results(documents, nlp=nlp, batch_size=batch_size):
        if result.error:
            raise result.error
        yield result.record


@dataclass
class Result:
    """One document's outcome: a record, or the error that replaced it."""

    document: Document
    record: Record | None = None
    error: PostmortemError | None = None


def extract_results(documents: Iterable[Document], *, nlp: Language | None = None,
                    batch_size: int = 16) -> Iterator[Result]:
    """A `Result` per document, in input order, using `nlp.pipe` batching. A document whose
    extraction raised gives an E012 error and the others go on."""
    nlp = nlp or load()
    pending: deque[Document] = deque()
    failures: dict[int, str] = {}

    def note_failure(name, component, docs, error):
        for doc in docs:
            failures[id(doc._context)] = f"{name}: {type(error).__name__}: {error}"

    def feed():
        for document in documents:
            pending.append(document)
            doc = nlp.make_doc(document.text)
            doc.user_data[ext.TEXT_KEY] = document.text  # the stages never rebuild it from tokens
            yield doc, document

    nlp.set_error_handler(note_failure)
    for doc, document in nlp.pipe(feed(), as_tuples=True, batch_size=batch_size):
        while pending and pending[0] is not document:
            yield _failed(pending.popleft(), failures)
        pending.popleft()
        try:
            yield Result(document, record=_finish(doc, document))
        except ValidationError as error:
            yield Result(document, error=PostmortemError(Errors.E012, document.path, reason=_first_error(error)))
    while pending:
        yield _failed(pending.popleft(), failures)


def _failed(document: Document, failures: dict[int, str]) -> Result:
    reason = failures.pop(id(document), "the pipeline dropped the document")
    return Result(document, error=PostmortemError(Errors.E012, document.path, reason=reason))


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"invalid record: {'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


def process(nlp: Language, document: Document):
    """Run the pipeline on one document, with its source attached before the stages run."""
    doc = nlp.make_doc(document.text)
    _attach(doc, document)
    for _, stage in nlp.pipeline:
        doc = stage(doc)
    return doc


def _finish(doc, document: Document) -> Record:
    _attach(doc, document)
    return doc_to_record(doc, text=document.text)  # the tokenizer keeps the text exactly


def _attach(doc, document: Document) -> None:
    doc._.set(ext.SOURCE, document.source())
    for note in document.warnings:
        ext.add_warning(doc, note)
