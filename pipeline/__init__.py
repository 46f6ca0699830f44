"""postmortem-miner: structured, searchable records from free-form incident postmortems.

    >>> from pipeline import extract
    >>> record = extract(open("postmortem.md").read(), path="postmortem.md")
    >>> record.incident.start, record.root_cause_categories

Heavy imports (spaCy, dateparser) happen on first use, never on `import pipeline`.
"""
__version__ = "0.1.0"

__all__ = ["__version__", "build_nlp", "extract", "extract_document", "load"]


def __getattr__(name):
    if name in ("build_nlp", "extract", "extract_document", "extract_documents", "load"):
        from pipeline import nlp

        return getattr(nlp, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
