"""The pages in a real headless Chromium: they load with no console error and no network
request, the timeline has one mark per entry on a real time axis, every highlight quotes
the record's span, and a screenshot is kept under artifacts/ (git-ignored)."""
import os
from pathlib import Path

import pytest

from models.record import fold_space
from pipeline.views import load_archive, report_html, show_html, write_pages
from pipeline.views.highlights import heading_span
from tests.browser import Browser, find_chromium
from tests.conftest import CORPUS, ROOT

ARTIFACTS = Path(os.environ.get("POSTMORTEM_ARTIFACTS", ROOT / "artifacts")) / "screenshots"

# Corpus documents chosen for what their timelines exercise.
SHOW_DOCS = [
    "a01_cdn-cache-rule.md",                # markdown, one morning, all moments known
    "a05_dns-record-deleted-lb.md",         # an outage over two days
    "c12_pennant-newyear-gates.md",         # crosses midnight into a new year
    "c07_orbital-sync-regression.md",       # entries with no time stated
    "a11_bundle-discount-zerodiv.md",       # clock times only, no date
    "b16_reports-disk-full-note.txt",       # a short note: no headings, no timeline
    "b22_tandem-payroll-pool-exhaustion.txt",  # plain text
]

# Per highlight key, its text; nested marks contribute to every enclosing key.
HIGHLIGHT_TEXTS = """(() => {
  const out = {};
  document.querySelectorAll(".doc mark[data-hl]").forEach(m => {
    out[m.dataset.hl] = (out[m.dataset.hl] || "") + m.textContent;
  });
  return out;
})()"""

TIMELINE = """(() => {
  const svg = document.querySelector("figure.timeline svg");
  if (!svg) return null;
  const marks = [...svg.querySelectorAll("g.event")].map(g => {
    const box = g.querySelector(".mark").getBBox();
    return {event: Number(g.dataset.event), x: box.x + box.width / 2, target: g.parentElement.getAttribute("href")};
  });
  const moments = [...svg.querySelectorAll("g.moment")].map(g => g.dataset.moments);
  return {events: Number(svg.dataset.events), marks, moments, outage: svg.querySelectorAll("rect.outage").length,
          titles: [...svg.querySelectorAll("g.event title")].map(t => t.textContent)};
})()"""

CHECK = ("({highlights: " + HIGHLIGHT_TEXTS + ", timeline: " + TIMELINE + ", titles: Object.fromEntries("
         "[...document.querySelectorAll('.doc mark[id]')].map(m => [m.dataset.hl, m.title])), "
         "width: document.documentElement.scrollWidth})")


@pytest.fixture(scope="module")
def browser():
    if not find_chromium():
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run should have installed it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with Browser(width=1280, height=900) as running:
        yield running


def expected_highlights(record) -> dict[str, str]:
    """Every value of the record that has a span, keyed as the page keys its highlights."""
    text, out = record.text, {}
    for i, section in enumerate(record.sections):
        if heading_span(text, section):
            out[f"section-{i}"] = section.heading
    for name, span in record.incident.evidence.items():
        out[f"time-{name}"] = text[span.start:span.end]
    for i, span in enumerate(record.impact.spans):
        out[f"impact-{i}"] = text[span.start:span.end]
    for kind, items in (("event", record.timeline), ("cause", record.root_causes), ("action", record.action_items)):
        for i, item in enumerate(items):
            assert fold_space(item.text) == fold_space(text[item.start:item.end])
            out[f"{kind}-{i}"] = text[item.start:item.end]
    return {key: value for key, value in out.items() if value}


@pytest.fixture(scope="module")
def corpus_records(nlp):
    archive = load_archive([CORPUS / name for name in SHOW_DOCS], nlp=nlp)
    assert not archive.problems
    return archive.records


@pytest.mark.parametrize("index", range(len(SHOW_DOCS)), ids=SHOW_DOCS)
def test_show_page_in_a_browser(browser, corpus_records, tmp_path, index):
    record = corpus_records[index]
    page = tmp_path / "view.html"
    page.write_text(show_html(record), encoding="utf-8")
    shot = ARTIFACTS / f"show-{Path(SHOW_DOCS[index]).stem}.png"
    visit = browser.visit(page, check=CHECK, screenshot=shot)
    assert visit.errors == [] and visit.requests == []
    result = visit.result
    assert result["highlights"] == expected_highlights(record)
    assert result["width"] <= 1280  # nothing forces a horizontal scroll on a laptop screen
    for i, event in enumerate(record.timeline):  # hover shows the normalised time
        assert (event.datetime or event.time or "no time stated") in result["titles"][f"event-{i}"]
    check_timeline(record, result["timeline"])
    assert shot.stat().st_size > 10_000


def check_timeline(record, timeline):
    if not record.timeline and not any((record.incident.start, record.incident.end)):
        assert timeline is None
        return
    assert timeline["events"] == len(record.timeline)
    assert sorted(m["event"] for m in timeline["marks"]) == list(range(len(record.timeline)))
    assert all(m["target"] == f"#hl-event-{m['event']}" for m in timeline["marks"])
    drawn = " ".join(timeline["moments"]).split()
    for key in ("start", "detected_at", "mitigated_at", "resolved_at", "end"):
        assert (key in drawn) == bool(getattr(record.incident, key)), key
    assert timeline["outage"] == (1 if record.incident.start and record.incident.end
                                  and (record.incident.duration_minutes or 0) > 0 else 0)
    from pipeline.views.moments import PLACEHOLDER_DAY, place  # noqa: F401
    placed = place(record, ["start"]).events
    timed = sorted((placed[m["event"]], m["x"]) for m in timeline["marks"] if placed[m["event"]] is not None)
    xs = [x for _, x in timed]
    assert xs == sorted(xs)  # a real time axis: later entries never sit left of earlier ones


def test_report_page_in_a_browser(browser, nlp, tmp_path):
    documents = sorted(p for p in CORPUS.iterdir() if p.suffix in (".md", ".txt") and p.name != "README.md")
    archive = load_archive(documents, nlp=nlp)
    assert len(archive.records) + len(archive.problems) == len(documents)
    pages = write_pages(archive.records, tmp_path / "pages")
    links = {ident: f"pages/{path.name}" for ident, path in pages.items()}
    page = tmp_path / "report.html"
    page.write_text(report_html(archive.records, links=links, problems=archive.problems), encoding="utf-8")
    check = """(() => {
      const ids = () => [...document.querySelectorAll("table.incidents tbody tr")].map(r => r.dataset.id);
      const before = ids();
      const th = [...document.querySelectorAll("table.incidents th")].find(t => t.textContent === "duration");
      th.querySelector("button").click();
      const minutes = [...document.querySelectorAll("table.incidents tbody tr")]
        .map(r => r.cells[th.cellIndex].dataset.sort).filter(v => v !== "").map(Number);
      th.querySelector("button").click();
      return {before, sorted: minutes, order: th.getAttribute("aria-sort"),
              charts: [...document.querySelectorAll("figure svg.chart")].length,
              bars: document.querySelectorAll("#chart-per-period rect.bar").length,
              links: [...document.querySelectorAll("table.incidents a")].map(a => a.getAttribute("href")),
              width: document.documentElement.scrollWidth};
    })()"""
    visit = browser.visit(page, check=check, screenshot=ARTIFACTS / "report.png")
    assert visit.errors == [] and visit.requests == []
    result = visit.result
    assert result["before"] == [r.id for r in archive.records]
    assert result["sorted"] == sorted(result["sorted"]) and len(result["sorted"]) > 10
    assert result["order"] == "descending"  # the second click reverses
    assert result["charts"] >= 5 and result["bars"] > 0
    assert sorted(result["links"]) == sorted(links.values())
    assert result["width"] <= 1280
    linked = browser.visit(tmp_path / result["links"][0], check="document.title")
    assert linked.errors == [] and linked.requests == [] and linked.result.endswith("· postmortem")


def test_a_page_that_fetches_is_caught(browser, tmp_path):
    # The check itself can fail: a page with a remote image and a script error is reported.
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><img src='http://example.invalid/x.png'><script>undefinedCall()</script>",
                    encoding="utf-8")
    visit = browser.visit(page)
    assert any("example.invalid" in url for url in visit.requests)
    assert any("undefinedCall" in error for error in visit.errors)
