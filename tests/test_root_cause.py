"""Cause phrases and categories, from real-looking sentences.

Each row is a sentence as it would stand under a heading, the cause phrase we expect
(verbatim, so its span is where `str.find` puts it) and the document's categories.
"""
import pytest

from pipeline.root_cause import categorize

CAUSE_UNDER_HEADING = [
    # (sentence under "## Root Cause", expected phrase, expected categories)
    ("The root cause was a misconfigured connection pool on the API gateway.",
     "a misconfigured connection pool on the API gateway", ["configuration"]),
    ("The root cause of the outage was identified as an expired TLS certificate on the edge proxy.",
     "an expired TLS certificate on the edge proxy", ["infrastructure"]),
    ("Root cause: a typo in the nginx upstream block, which sent traffic to port 8081.",
     "a typo in the nginx upstream block", ["code_change"]),
    ("The outage was caused by a DELETE migration that ran without a WHERE clause.",
     "a DELETE migration that ran without a WHERE clause", ["code_change"]),
    ("Checkout failed due to a regression in the tax rounding code shipped in release 7.2.",
     "a regression in the tax rounding code shipped in release 7.2", ["code_change"]),
    ("We traced the errors back to a full disk on the primary database host.",
     "a full disk on the primary database host", ["capacity"]),
    ("The incident resulted from an unexpected surge in traffic after the TV advert aired.",
     "an unexpected surge in traffic after the TV advert aired", ["capacity"]),
    ("Latency was triggered by a DDoS attack against the login endpoint.",
     "a DDoS attack against the login endpoint", ["security"]),
    ("The culprit was a feature flag that had been left on for every tenant.",
     "a feature flag that had been left on for every tenant", ["configuration"]),
    # the subject of a causal sentence is the cause; the effect after the verb is not
    ("A misconfigured cache eviction policy caused the database to be flooded with reads.",
     "A misconfigured cache eviction policy", ["configuration"]),
    ("An outage at our payment provider led to declined cards for two hours.",
     "An outage at our payment provider", ["dependency"]),
    # effects after a comma are trimmed
    ("The root cause was a failed power supply in rack 12, causing both database replicas to reboot.",
     "a failed power supply in rack 12", ["infrastructure"]),
    ("The root cause was an engineer accidentally running the cleanup job against production, leading to data loss.",
     "an engineer accidentally running the cleanup job against production", ["human_error"]),
    # leading filler goes
    ("In short, a missing index on the orders table.", "a missing index on the orders table", ["unknown"]),
    ("Specifically, the sites-enabled symlink pointed at an old config file.",
     "the sites-enabled symlink pointed at an old config file", ["configuration"]),
    # overriding categories: a certificate is infrastructure even when a config is involved
    ("The root cause was an expired certificate whose renewal job was misconfigured.",
     "an expired certificate whose renewal job was misconfigured", ["infrastructure"]),
    ("The root cause was compromised credentials used to change our DNS settings.",
     "compromised credentials used to change our DNS settings", ["security"]),
    ("The root cause was a regional outage of Ceres Cloud's block storage service.",
     "a regional outage of Ceres Cloud's block storage service", ["dependency"]),
    # two different wrong things joined by "combined with": two categories, in order
    ("The root cause was a traffic spike combined with a misconfigured autoscaler limit.",
     "a traffic spike combined with a misconfigured autoscaler limit", ["capacity", "configuration"]),
    # "load balancer" alone names a component, not capacity
    ("The root cause was a firmware fault in the load balancer pair.",
     "a firmware fault in the load balancer pair", ["infrastructure"]),
    ("The root cause was a misconfiguration in the load balancer health checks.",
     "a misconfiguration in the load balancer health checks", ["configuration"]),
    # the cause stated as the first sentence, no cue word
    # no causal verb: the whole first sentence names what was wrong
    ("A stale DNS record pointed the API hostname at a decommissioned server.",
     "A stale DNS record pointed the API hostname at a decommissioned server", ["configuration"]),
    ("Human error: the wrong kubectl context was active when the drain ran.",
     "the wrong kubectl context was active when the drain ran", ["human_error"]),
    ("The root cause is still unexplained; the pods restarted without any log output.",
     "still unexplained", ["unknown"]),
]


@pytest.mark.parametrize("sentence, phrase, categories", CAUSE_UNDER_HEADING)
def test_cause_under_a_root_cause_heading(nlp, sentence, phrase, categories):
    text = f"# Outage report\n\n## Root Cause\n\n{sentence}\n"
    doc = nlp(text)
    causes = [(text[c["start"]:c["end"]], c["start"]) for c in doc._.pm_root_causes]
    assert causes, f"no cause found in {sentence!r}"
    assert causes[0] == (phrase, text.find(phrase))
    assert doc._.pm_categories == categories


CAUSE_IN_SUMMARY = [
    # (summary paragraph, expected first phrase)
    ("On 3 May the billing API went down for 40 minutes. It was caused by a schema migration that locked the invoices table.",
     "a schema migration that locked the invoices table"),
    ("The reporting cluster filled its disk with temporary sort files, causing every dashboard to time out.",
     "The reporting cluster filled its disk with temporary sort files"),
    ("From 09:00 to 10:30 logins failed because of an expired OAuth client secret.",
     "an expired OAuth client secret"),
    ("Customers saw 502s after an outage with the CDN provider that caused all image requests to fail.",
     "an outage with the CDN provider"),
    ("The outage resulted from two things:\n\n1. **A retry storm** from the mobile app.\n2. **A lowered connection limit** on the proxy.",
     "A retry storm"),
]


@pytest.mark.parametrize("summary, phrase", CAUSE_IN_SUMMARY)
def test_cause_in_a_summary(nlp, summary, phrase):
    text = f"## Summary\n\n{summary}\n"
    doc = nlp(text)
    found = [text[c["start"]:c["end"]] for c in doc._.pm_root_causes]
    assert phrase in found


NO_CAUSE = [
    # symptoms and narration are not causes
    "Checkout error rates rose to 40% at 10:05 and stayed there until the rollback.",
    "We are still investigating and will update this document.",
    "Root cause: TBD",
    "Root Cause: Not found",
]


@pytest.mark.parametrize("sentence", NO_CAUSE)
def test_no_cause_stated(nlp, sentence):
    doc = nlp(f"## Summary\n\n{sentence}\n")
    assert doc._.pm_root_causes == []
    assert doc._.pm_categories == ["unknown"]


@pytest.mark.parametrize("phrase, categories", [
    ("a deliberate HTTP flood against the search endpoint", ["security"]),
    ("a failed battery string on UPS B", ["infrastructure"]),
    ("a production migration run by mistake from a laptop", ["human_error"]),
    ("the per-tenant rate limit was set to 10 instead of 100", ["configuration"]),
    ("a division by zero in the discount calculation", ["code_change"]),
    ("the reporting server ran out of disk space", ["capacity"]),
    ("problems on their side after a database upgrade at the SMS vendor", ["dependency"]),
    ("a CDN caching rule that ignored the Authorization header", ["configuration"]),
    ("unexplained restarts of the validation pods", ["unknown"]),
    ("the weather", ["unknown"]),  # names nothing we know: unknown, never a guess
])
def test_category_of_a_phrase(phrase, categories):
    assert categorize(phrase) == categories
