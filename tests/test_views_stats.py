"""The dashboard's figures: percentile summary, duration bins, periods, action themes.
(Percentiles, months and services follow `postmortem stats`, tested in test_stats.py.)"""
from collections import Counter
from datetime import date, datetime

import pytest

from pipeline.views.stats import Incident, duration_histogram, per_period, period_size, summary
from pipeline.views.themes import themes_of


def test_summary_has_the_dashboard_figures():
    figures = summary([4, 19, 95, 300])
    assert figures["n"] == 4 and figures["min"] == 4 and figures["max"] == 300
    assert figures["p50"] == pytest.approx(57)


def incident(started=None, duration=None, categories=("unknown",)):
    return Incident(id=f"pm-{started}-{duration}", title="t", path=None, started=started,
                    month=f"{started:%Y-%m}" if started else None, duration=duration, detect=None, resolve=None,
                    categories=list(categories), percent=None, services=[], actions=0, warnings=0)


@pytest.mark.parametrize("minutes, label", [
    (0, "< 15 min"), (14, "< 15 min"), (15, "15–30 min"), (59, "30–60 min"), (60, "1–2 h"),
    (1439, "8–24 h"), (1440, "1–3 d"), (10080, "≥ 3 d"),
])
def test_duration_bins(minutes, label):
    histogram = dict(duration_histogram([incident(duration=minutes), incident(duration=None)]))
    assert histogram[label] == 1 and sum(histogram.values()) == 1


@pytest.mark.parametrize("first, last, size", [
    (date(2024, 1, 5), date(2024, 3, 1), "month"),
    (date(2020, 1, 1), date(2024, 12, 31), "month"),    # 60 months: still monthly
    (date(2019, 1, 1), date(2024, 12, 31), "quarter"),  # 72 months: quarters
    (date(2000, 1, 1), date(2024, 12, 31), "year"),
])
def test_period_size(first, last, size):
    assert period_size(first, last) == size


def test_per_period_fills_empty_months_and_stacks_categories():
    size, periods = per_period([incident(datetime(2024, 1, 3), categories=["capacity", "dependency"]),
                                incident(datetime(2024, 3, 9), categories=["configuration"]),
                                incident(datetime(2024, 3, 20), categories=["configuration"]),
                                incident(None)])  # undated: not on the axis
    assert size == "month"
    assert periods == [("Jan 2024", Counter(capacity=1)), ("Feb 2024", Counter()),
                       ("Mar 2024", Counter(configuration=2))]


@pytest.mark.parametrize("text, expected", [
    ("Add an alert on pool saturation", ["monitoring & alerting", "capacity & limits"]),  # watches a limit
    ("Write a runbook for DNS failover", ["runbooks & docs", "backups & recovery", "configuration"]),
    ("Require a second reviewer for CDN config changes", ["review & change process", "configuration"]),
    ("Load-test the checkout service before each sale", ["testing & validation"]),
    ("Rotate the CI deploy token", ["deploys & rollback", "access & security"]),
    ("Keep two spare power supplies in the server room", ["hardware & spares"]),
    ("Make the delete script ask for the database name first", ["safeguards"]),
    ("Let clients fail over to the second zone", ["backups & recovery"]),  # "fail over" written as two words
    ("Buy the team lunch", ["other"]),                   # nothing names a kind of fix
])
def test_action_themes(text, expected):
    assert themes_of(text) == expected
