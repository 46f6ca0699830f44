"""The page shell shared by the views: escaping, one self-contained HTML document, the CSS.

Pages load nothing: no scripts, fonts or images from anywhere. The Content-Security-Policy
says so to the browser too, so a stray reference fails loudly instead of leaking a request.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape

from pipeline.views.palette import CATEGORY_COLOURS, KINDS

# No request of any kind; inline styles; only the page's own script, pinned by its hash, so
# nothing that came from a document could ever run even if it slipped through escaping.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src {scripts}"

# HTML parsing turns CR into LF; a character reference keeps it, so the page text is the record text.
_KEEP = {"\r": "&#13;"}


def esc(value) -> str:
    """Text content or attribute value, escaped (quotes included)."""
    text = escape(str(value), quote=True)
    for char, reference in _KEEP.items():
        text = text.replace(char, reference)
    return text


def attrs(**values) -> str:
    """` name="value"` pairs; `None` and `False` are left out, `True` is a bare attribute,
    `data_x` becomes `data-x`."""
    parts = []
    for name, value in values.items():
        if value is None or value is False:
            continue
        name = name.rstrip("_").replace("_", "-")
        parts.append(f" {name}" if value is True else f' {name}="{esc(value)}"')
    return "".join(parts)


def page(title: str, body: str, *, script: str = "") -> str:
    """A complete, self-contained HTML document."""
    tail = f"<script>{script}</script>" if script else ""
    allowed = f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'" if script else "'none'"
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP.format(scripts=allowed)}\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"postmortem-miner\">\n"
        f"<title>{esc(title)}</title>\n<style>{stylesheet()}</style>\n</head>\n"
        f"<body>\n{body}\n{tail}\n</body>\n</html>\n"
    )


def stylesheet() -> str:
    return BASE_CSS + _kind_css() + _category_css()


def _kind_css() -> str:
    return "".join(
        f".hl-{kind}{{background:{style.colour}26;text-decoration:underline {style.underline} {style.colour};"
        f"text-decoration-thickness:2px;text-underline-offset:3px}}"
        f".key-{kind}{{border-bottom:3px {_border(style.underline)} {style.colour};background:{style.colour}26}}"
        for kind, style in KINDS.items())


def _category_css() -> str:
    return "".join(f".cat-{name}{{border-left:.8em solid {colour}}}" for name, colour in CATEGORY_COLOURS.items())


def _border(underline: str) -> str:
    """The closest border style to an underline style (borders have no wavy)."""
    return {"wavy": "dotted", "double": "double"}.get(underline, underline)


def definition_list(rows: list[tuple[str, str]]) -> str:
    """`<dl>` of (term, already-escaped HTML) pairs."""
    items = "".join(f"<div><dt>{esc(term)}</dt><dd>{value}</dd></div>" for term, value in rows)
    return f"<dl class=\"facts\">{items}</dl>"


BASE_CSS = """
:root{--ink:#1a1a1a;--muted:#5a5a5a;--rule:#d0d0d0;--paper:#fff;--panel:#f6f6f4}
*{box-sizing:border-box}
html{font-size:15px}
body{margin:0 auto;max-width:1180px;padding:1.2rem 1.5rem 3rem;color:var(--ink);background:var(--paper);
 font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.45}
h1{font-size:1.55rem;margin:.2rem 0 .3rem;line-height:1.25}
h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid var(--rule);padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
a{color:#0b5394}
.sub{color:var(--muted);margin:0 0 .8rem;font-size:.9rem;overflow-wrap:anywhere}
.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.35rem 1.2rem;margin:.5rem 0}
.facts div{border-left:3px solid var(--rule);padding:.1rem .6rem}
.facts dt{font-size:.78rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.facts dd{margin:0;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr));gap:.6rem;margin:.6rem 0}
.card{background:var(--panel);border:1px solid var(--rule);border-radius:6px;padding:.5rem .7rem}
.card b{display:block;font-size:1.35rem;font-variant-numeric:tabular-nums}
.card span{font-size:.8rem;color:var(--muted)}
.warnings{margin:.4rem 0;padding:.5rem .8rem .5rem 2rem;background:#fff7e0;border:1px solid #e6c36a;border-radius:6px}
.warnings code{font-weight:600}
.none{color:var(--muted);font-style:italic}
.legend{display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem;margin:.4rem 0;padding:0;list-style:none}
.legend li{display:flex;align-items:center;gap:.35rem}
.legend svg{flex:none}
.key{padding:0 .25rem}
figure{margin:.6rem 0 1rem}
figcaption{font-size:.85rem;color:var(--muted);margin-top:.2rem}
svg.chart{width:100%;height:auto;display:block;font-family:inherit}
svg.chart text{font-size:12px;fill:var(--ink)}
svg.chart .axis line,svg.chart .axis path{stroke:#777}
svg.chart .grid{stroke:#e4e4e4}
svg.chart a:focus .mark,svg.chart a:hover .mark{stroke-width:3}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(30rem,1fr));gap:0 2rem}
.doc{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.86rem;
 white-space:pre-wrap;overflow-wrap:anywhere;background:var(--panel);border:1px solid var(--rule);border-radius:6px;
 padding:1rem 1.2rem;line-height:1.7;max-width:100%}
.doc mark{color:inherit;border-radius:2px}
.doc mark:target{outline:3px solid #000;outline-offset:1px}
.doc mark.hl-section{font-weight:700}
.doc mark.hl-event[data-n]::before{content:attr(data-n);font:600 .68rem system-ui,sans-serif;color:#fff;
 background:#2c6e99;border-radius:.6rem;padding:0 .3rem;margin-right:.25rem;vertical-align:.1rem}
table.incidents{border-collapse:collapse;width:100%;font-size:.86rem;font-variant-numeric:tabular-nums}
table.incidents th,table.incidents td{border-bottom:1px solid var(--rule);padding:.3rem .45rem;text-align:left;
 vertical-align:top}
table.incidents td.num,table.incidents th.num{text-align:right;white-space:nowrap}
.nowrap{white-space:nowrap}
table.incidents th{position:sticky;top:0;background:var(--paper);white-space:nowrap}
table.incidents th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;color:inherit}
table.incidents th[aria-sort=ascending] button::after{content:" \\25B2"}
table.incidents th[aria-sort=descending] button::after{content:" \\25BC"}
table.incidents td.cats span{display:inline-block;padding-left:.35rem;margin:0 .3rem .1rem 0}
table.figures{border-collapse:collapse;font-size:.86rem;font-variant-numeric:tabular-nums;margin:.3rem 0}
table.figures th,table.figures td{border-bottom:1px solid var(--rule);padding:.2rem .6rem;text-align:right}
table.figures th:first-child,table.figures td:first-child{text-align:left}
@media (max-width:700px){body{padding:.8rem}.grid2{grid-template-columns:1fr}}
@media print{
 html{font-size:11pt}
 body{max-width:none;padding:0}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
 h2{break-after:avoid}
 figure,.card,.facts div,tr{break-inside:avoid}
 .doc{background:none;border:0;padding:0;font-size:8.5pt}
 table.incidents th{position:static}
 table.incidents th button::after{content:""!important}
 .noprint{display:none}
}
"""
