"""The archive dashboard: how a team's incidents go, from many records, as one HTML page."""
from __future__ import annotations

from collections import Counter

from pipeline import stats as archive
from pipeline import readable
from pipeline.views import charts
from pipeline.views.html import esc, page
from pipeline.views.palette import CATEGORY_COLOURS, category_label
from pipeline.views.show import record_title
from pipeline.views.stats import MAX_PERIODS, Incident, duration_histogram, incident_of, per_period, summary, \
    top_themes

SORT_SCRIPT = """
document.querySelectorAll("table.incidents th button").forEach(function (button) {
  button.addEventListener("click", function () {
    var th = button.parentElement, table = th.closest("table"), body = table.tBodies[0];
    var column = Array.prototype.indexOf.call(th.parentElement.children, th);
    var numeric = th.dataset.type === "num", up = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", up ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
      if (x === "" || y === "") { return (x === "") - (y === ""); }
      var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
      return up ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""

# The incident table: (heading, numeric?, cell function -> (sort key, HTML)).
COLUMNS = (
    ("incident", False, lambda i, link: (i.title.casefold(), _title_cell(i, link))),
    ("started", False, lambda i, link: (i.started.isoformat() if i.started else "",
                                        f"<span class=\"nowrap\">{i.started:%Y-%m-%d %H:%M}</span>" if i.started
                                        else "—")),
    ("duration", True, lambda i, link: _minutes_cell(i.duration)),
    ("to detect", True, lambda i, link: _minutes_cell(i.detect)),
    ("to resolve", True, lambda i, link: _minutes_cell(i.resolve)),
    ("root cause", False, lambda i, link: (" ".join(i.categories), _categories_cell(i.categories))),
    ("affected", True, lambda i, link: ("" if i.percent is None else f"{i.percent:g}",
                                        "—" if i.percent is None else f"{i.percent:g}%")),
    ("services", False, lambda i, link: (", ".join(i.services).casefold(), esc(", ".join(i.services) or "—"))),
    ("actions", True, lambda i, link: (str(i.actions), str(i.actions))),
    ("warnings", True, lambda i, link: (str(i.warnings), str(i.warnings))),
)


def report_html(records, *, links: dict[str, str] | None = None, problems=(), duplicates=(),
                title: str = "Postmortem archive") -> str:
    """The dashboard page of `records`; `links` maps a record id to the href of its page."""
    incidents = [incident_of(record, record_title(record)) for record in records]
    figures = archive.summarize(records)
    body = "".join([
        f"<header><h1>{esc(title)}</h1><p class=\"sub\">{esc(_scope(incidents))}</p></header>",
        _notices(incidents, problems, duplicates), _cards(incidents, records),
        "<div class=\"grid2\">", _per_period(incidents), _categories(figures), _durations(incidents),
        _speed(incidents), _services(figures), _themes(records), "</div>",
        _table(incidents, links or {}),
    ])
    return page(title, body, script=SORT_SCRIPT)


def _scope(incidents: list[Incident]) -> str:
    dated = sorted(i.started for i in incidents if i.started)
    span = f", {dated[0]:%b %Y} – {dated[-1]:%b %Y}" if dated else ""
    return f"{len(incidents)} incidents{span}"


def _notices(incidents, problems, duplicates) -> str:
    items = [f"<li><code>{esc(p.code)}</code> {esc(p.path)}: {esc(p.reason)} — left out</li>" for p in problems]
    if duplicates:
        listed = "".join(f"<li>{esc(where)}: {esc(ident)}</li>" for where, ident in duplicates)
        items.append(f"<li><details><summary>{len(duplicates)} record(s) repeat a document given earlier: "
                     f"counted once</summary><ul>{listed}</ul></details></li>")
    contradicted = Counter(name for i in incidents for name in i.inconsistent)
    items += [f"<li>{n} record(s) give a negative {esc(name)} (an end before the start): left out of the "
              f"{esc(name)} figures</li>" for name, n in contradicted.items()]
    return f"<ul class=\"warnings\" aria-label=\"notices\">{''.join(items)}</ul>" if items else ""


def _cards(incidents: list[Incident], records) -> str:
    durations = [i.duration for i in incidents if i.duration is not None]
    unknown = sum(1 for i in incidents if i.categories[0] == "unknown")
    cards = [
        (str(len(incidents)), "incidents"),
        (str(sum(1 for i in incidents if i.started)), "with a date"),
        (f"{sum(durations) / 60:,.0f} h" if durations else "—", f"total outage ({len(durations)} known)"),
        (readable.minutes(summary(durations)["p50"]), "median outage"),
        (readable.minutes(summary([i.detect for i in incidents if i.detect is not None])["p50"]), "median time to detect"),
        (readable.minutes(summary([i.resolve for i in incidents if i.resolve is not None])["p50"]),
         "median time to resolve"),
        (str(sum(len(r.action_items) for r in records)), "action items"),
        (f"{100 * unknown / len(incidents):.0f}%" if incidents else "—", "root cause unknown"),
    ]
    return "<div class=\"cards\">" + "".join(f"<div class=\"card\"><b>{esc(v)}</b><span>{esc(k)}</span></div>"
                                           for v, k in cards) + "</div>"


def _figure(heading: str, ident: str, chart: str, caption: str, extra: str = "") -> str:
    return (f"<section aria-labelledby=\"{ident}\"><h2 id=\"{ident}\">{esc(heading)}</h2>"
            f"<figure id=\"chart-{ident}\">{chart}{extra}<figcaption>{caption}</figcaption></figure></section>")


def _per_period(incidents: list[Incident]) -> str:
    size, periods = per_period(incidents)
    undated = sum(1 for i in incidents if not i.started)
    if not periods:
        return _figure(f"Incidents per {size}", "per-period", "<p class=\"none\">No record gives a date.</p>", "")
    seen = {c for _, counts in periods for c in counts}
    legend = "<ul class=\"legend\">" + "".join(
        f"<li><span class=\"key cat-{c}\">{esc(category_label(c))}</span></li>"
        for c in CATEGORY_COLOURS if c in seen) + "</ul>"
    note = f" {undated} incident(s) without a date are not shown." if undated else ""
    wider = "" if size == "month" else f" Grouped by {size}: the archive spans more than {MAX_PERIODS} months."
    chart = charts.stacked_columns(periods, label=f"Incidents per {size} by root-cause category")
    return _figure(f"Incidents per {size} by root cause", "per-period", chart,
                   esc(f"Coloured by each incident's main root-cause category.{wider}{note}"), legend)


def _categories(figures: dict) -> str:
    rows = sorted(figures["root_cause_categories"], key=lambda row: (-row["named"], -row["incidents"]))
    bars = [(category_label(row["category"]), row["named"], f"{category_label(row['category'])}: named by "
             f"{row['named']} incidents, the main cause of {row['incidents']}") for row in rows]
    colours = {category_label(c): colour for c, colour in CATEGORY_COLOURS.items()}
    chart = charts.hbars(bars, label="Incidents by root-cause category", colours=colours)
    return _figure("Root-cause categories", "categories", chart,
                   "Incidents per category; an incident with several causes counts in each.")


def _durations(incidents: list[Incident]) -> str:
    known = sum(1 for i in incidents if i.duration is not None)
    chart = charts.columns(duration_histogram(incidents), label="Outage duration distribution")
    return _figure("Outage duration", "durations", chart,
                   esc(f"{known} of {len(incidents)} incidents state or imply how long the outage lasted."))


def _speed(incidents: list[Incident]) -> str:
    rows = []
    for name, attribute in (("to detect", "detect"), ("to resolve", "resolve")):
        values = [getattr(i, attribute) for i in incidents if getattr(i, attribute) is not None]
        rows.append((name, values, summary(values)))
    chart = charts.percentile_strips(rows, label="Time to detect and to resolve, percentiles")
    head = "<tr><th>time</th><th>n</th><th>p50</th><th>p75</th><th>p90</th><th>max</th></tr>"
    body = "".join(f"<tr><td>{esc(name)}</td><td>{f['n']}</td>" + "".join(
        f"<td>{esc(readable.minutes(f[key]))}</td>" for key in ("p50", "p75", "p90", "max")) + "</tr>"
        for name, _, f in rows)
    table = f"<table class=\"figures\" id=\"percentiles\">{head}{body}</table>"
    return _figure("Time to detect and resolve", "speed", chart + table,
                   "Dots are incidents (log scale); the band runs from the median (◆) to the 90th percentile.")


def _services(figures: dict) -> str:
    top = [row for row in figures["services"] if row["service"] != archive.NO_SERVICE][:10]
    if not top:
        chart = "<p class=\"none\">No record names an affected service.</p>"
    else:
        chart = charts.hbars([(row["service"], row["incidents"], f"{row['service']}: {row['incidents']} incidents")
                              for row in top], label="Most affected services")
    return _figure("Most affected services", "services", chart, "By the number of incidents that name them.")


def _themes(records) -> str:
    top = top_themes(records)
    if not top:
        return _figure("Action-item themes", "themes", "<p class=\"none\">No action items.</p>", "")
    bars = [(theme, n, f"{theme}: {n} action items, e.g. " + " | ".join(examples)) for theme, n, examples in top]
    chart = charts.hbars(bars, label="Most frequent action-item themes")
    return _figure("Action-item themes", "themes", chart,
                   "Action items by the kind of fix their words name (an item may have several themes).")


def _table(incidents: list[Incident], links: dict[str, str]) -> str:
    head = "".join(f"<th scope=\"col\"{NUMERIC_HEAD if numeric else ''}>"
                   f"<button type=\"button\">{esc(name)}</button></th>" for name, numeric, _ in COLUMNS)
    rows = []
    for incident in incidents:
        cells = []
        for _, numeric, cell in COLUMNS:
            key, html = cell(incident, links.get(incident.id))
            cells.append(f"<td{NUMERIC_CELL if numeric else ''} data-sort=\"{esc(key)}\">{html}</td>")
        rows.append(f"<tr data-id=\"{esc(incident.id)}\">{''.join(cells)}</tr>")
    return ("<section aria-labelledby=\"incidents\"><h2 id=\"incidents\">Incidents</h2>"
            "<p class=\"sub noprint\">Click a column heading to sort.</p>"
            f"<table class=\"incidents\"><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</section>")


NUMERIC_HEAD, NUMERIC_CELL = ' class="num" data-type="num"', ' class="num"'


def _title_cell(incident: Incident, link: str | None) -> str:
    name = esc(incident.title)
    path = f"<br><span class=\"sub\">{esc(incident.path)}</span>" if incident.path else ""
    return (f"<a href=\"{esc(link)}\">{name}</a>" if link else name) + path


def _minutes_cell(minutes: int | None) -> tuple[str, str]:
    return ("", "—") if minutes is None else (str(minutes), esc(readable.minutes(minutes)))


def _categories_cell(categories: list[str]) -> str:
    return "".join(f"<span class=\"cat-{esc(c)}\">{esc(category_label(c))}</span>" for c in categories)
