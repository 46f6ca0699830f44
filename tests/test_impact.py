"""Who was affected: shares of users, fractions, "all users", counts, and what never counts."""
import pytest

IMPACT_SENTENCES = [
    # (sentence in a summary, expected percent_affected, text of the first evidence span or None)
    ("Approximately 25% of users saw slow page loads.", [25.0], "25% of users"),
    ("About 78% of flag evaluation requests failed with HTTP 504.", [78.0], "78% of flag evaluation requests"),
    ("Roughly 12% of ticket scans at the gates failed.", [12.0], "12% of ticket scans"),
    ("80% of users could not check out. The remaining 20% saw intermittent errors.", [20.0, 80.0], "80% of users"),
    ("The outage caused 100% downtime for the storefront.", [100.0], "100%"),
    ("This incident affected 36% of our users located in Europe.", [36.0], "36% of our users"),
    ("One in four users was logged out during the incident.", [25.0], "One in four users"),
    ("Half of our customers could not sign in.", [50.0], "Half of our customers"),
    ("Four fifths of visitors were unable to load the page.", [80.0], "Four fifths of visitors"),
    ("All users were unable to log in.", [100.0], "All users"),
    ("Every customer saw failed payments until 11:20.", [100.0], "Every customer"),
    ("The website was inaccessible for the whole morning.", [100.0], "website was inaccessible"),
    ("It was a complete outage of the booking service.", [100.0], "complete outage"),
    ("The entire platform went down after the failover.", [100.0], "entire platform"),
    ("About 2.5% of API calls returned 500s.", [2.5], "2.5% of API calls"),
    # not impact: metrics, changes, rollouts, samples, attacks
    ("CPU on the primary reached 95% and memory stayed at 80%.", [], None),
    ("The error rate rose 40% in five minutes.", [], None),
    ("The cache hit ratio dropped to 60%.", [], None),
    ("The release was rolled out to 20% of users before we paused it.", [], None),
    ("The WAF rule matched 97% of the flood and none of the real traffic.", [], None),
    ("The disk was 100% full by 13:20.", [], None),
    ("We offered a 15% discount code to affected shoppers.", [], None),
    ("Last year we had a third of the tenants we have today.", [], None),
    # a subset of users is not everyone
    ("It was a complete outage for customers in the EU region.", [], None),
    ("All users in the Frankfurt region saw errors.", [], None),
    ("The site was intermittently unavailable for some users.", [], None),
    ("The new build was available to all users by noon.", [], None),  # nothing went wrong here
    # a subset share with the whole service named: only the share counts
    ("The app was completely unavailable for approximately 30% of our users.", [30.0], "30% of our users"),
]


@pytest.mark.parametrize("sentence, percents, evidence", IMPACT_SENTENCES)
def test_share_of_users_affected(nlp, sentence, percents, evidence):
    text = f"## Summary\n\n{sentence}\n"
    doc = nlp(text)
    impact = doc._.pm_impact
    assert impact["percent_affected"] == percents
    assert impact["all_users"] == (100.0 in percents)
    if evidence:
        spans = [text[s["start"]:s["end"]] for s in impact["spans"]]
        assert spans[0] == evidence
        assert impact["spans"][0]["start"] == text.find(evidence)


@pytest.mark.parametrize("sentence, count", [
    ("About 1,200 users could not log in.", 1200),
    ("Roughly 340,000 customers were affected during peak hours.", 340000),
    ("Around 15k users saw the error page.", 15000),
    ("The outage hit our one loyal user.", None),  # a word, not a count
])
def test_users_affected_count(nlp, sentence, count):
    assert nlp(f"## Impact\n\n{sentence}\n")._.pm_impact["users_affected"] == count


def test_impact_in_action_items_does_not_count(nlp):
    doc = nlp("## Action Items\n\n- Alert when more than 5% of requests fail\n")
    assert doc._.pm_impact["percent_affected"] == []


def test_services_and_summary(nlp):
    text = "## Summary\n\nComponent: checkout, payments\n\n## Impact\n\nCheckout failed for 40% of users. It lasted an hour.\n"
    impact = nlp(text)._.pm_impact
    assert impact["services"] == ["checkout", "payments"]
    assert impact["summary"] == "Checkout failed for 40% of users."
