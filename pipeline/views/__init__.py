"""HTML views of records. Pure Python, no network: every page is one self-contained file.

    >>> from pipeline import extract
    >>> from pipeline.views import show_html
    >>> html = show_html(extract(open("incident.md").read(), path="incident.md"))
"""
from pipeline.views.show import show_html

__all__ = ["show_html"]
