"""Action items in the shapes teams write them."""
import pytest

ACTION_DOCUMENTS = [
    # (document, expected number of items, first item's text)
    ("## Action Items\n\n- Add an alert on pool saturation\n- Raise the pool limit\n",
     2, "Add an alert on pool saturation"),
    # nested sub-bullets belong to their parent
    ("## Follow-ups\n\n- Fix retries in the sender\n  - add backoff with jitter\n  - cap at 3 attempts\n- Test the failover\n",
     2, "Fix retries in the sender\n  - add backoff with jitter\n  - cap at 3 attempts"),
    # checkboxes, one already done
    ("## Tasks\n\n- [x] Roll back 6.3.0\n- [ ] Grow the test index\n- [ ] Page on-call for zero results\n",
     3, "Roll back 6.3.0"),
    # sub-headings under the measures each hold items; group titles are not items
    ("Corrective and Preventative Measures:\nImprovements:\n- Review cache settings\n- Monitor query latency\n"
     "Tasks:\n1. Audit configurations\n2. Update the runbook\n3. Hold a review\n", 5, "Review cache settings"),
    # a table with an owner column: one item per data row
    ("## Action items\n\n| Action | Owner |\n|---|---|\n| Pin dependencies | @ana |\n| Add a canary bot | @li |\n",
     2, "Pin dependencies | @ana"),
    # Word-pasted bullets: "o" under "•" is a sub-item
    ("Corrective Actions\n•\tPatch the config loader\no\tadd a schema check\n•\tTrain the on-call rota\n",
     2, "Patch the config loader\no\tadd a schema check"),
    # an unmarked list: one imperative line each, a closing remark is not an item
    ("Next Steps:\nImplement a syntax check before reloads.\nEnhance monitoring of the proxy.\n\n"
     "In conclusion, the outage was short but avoidable.\n", 2, "Implement a syntax check before reloads."),
    # 'Label:' lines with details under them are one item each
    ("Tasks:\n    Load Balancer Review:\n        Task: Audit every listener.\n        Deadline: June 2.\n"
     "    Alerting:\n        Task: Alert on uneven traffic.\n", 2,
     "Load Balancer Review:\n        Task: Audit every listener.\n        Deadline: June 2."),
    # prose: each sentence that commits to an action; a status note only when alone
    ("## Follow-up\n\nWe will keep 40% free space on the volume. The disk alert will page at 80%. "
     "We talked about archiving, but nothing is decided.\n\nThe monitor checks the wrong host. "
     "(fixed by adding a second probe)\n\nWe could stop deploying on Fridays.\n", 3, "We will keep 40% free space on the volume."),
    # no heading: a sentence introduces the list
    ("Quick recap of Friday.\n\nWe agreed two follow-ups:\n\n- alert on delivery failures\n- make failover automatic\n",
     2, "alert on delivery failures"),
    # wiki markup: h2. headings and '#' numbering
    ("h2. Action Items\n\n# Put a pooler in front of the primary database\n# Load test at twice the expected peak\n",
     2, "Put a pooler in front of the primary database"),
    # "None." under a heading is no action
    ("## Action items\n\n### Mitigation\n\nNone.\n\n### Prevention\n\n- Pin versions of external packages\n",
     1, "Pin versions of external packages"),
    # a Conclusion inside the measures is not an action
    ("## Measures\n\n- Add config tests\n\n### Conclusion\n\nThis will help us avoid repeats.\n",
     1, "Add config tests"),
]


@pytest.mark.parametrize("text, count, first", ACTION_DOCUMENTS)
def test_action_items(nlp, text, count, first):
    doc = nlp(text)
    items = [text[a["start"]:a["end"]] for a in doc._.pm_actions]
    assert len(items) == count, items
    assert items[0] == first


def test_owner_and_due_date(nlp):
    text = "## Action Items\n\n- Add pool alerts (owner: @mara), due: 2024-07-01\n"
    item = nlp(text)._.pm_actions[0]
    assert item["owner"] == "@mara"
    assert item["due"] == "2024-07-01"
