"""HTML views of records: one postmortem's page (`show_html`) and the archive dashboard
(`report_html`). Pure Python, no network: every page is one self-contained file.

    >>> from pipeline import extract
    >>> from pipeline.views import show_html, report_html, load_archive
    >>> html = show_html(extract(open("incident.md").read(), path="incident.md"))
    >>> archive = load_archive(["records.jsonl", "new-incident.md"])
    >>> dashboard = report_html(archive.records)
"""
from pipeline.views.archive import Archive, load_archive, write_pages
from pipeline.views.report import report_html
from pipeline.views.show import show_html

__all__ = ["Archive", "load_archive", "report_html", "show_html", "write_pages"]
