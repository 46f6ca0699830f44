"""Whether an action item says what to do (lint rule PM112), on phrases as teams write them."""
import pytest

from pipeline.phrasing import says_what_to_do


@pytest.mark.parametrize("text, expected", [
    ("Add an alert on pool saturation", True),
    ("add a watchdog that restarts the job", True),                 # lower case
    ("Pool saturation alerting", False),
    ("Better monitoring", False),
    ("Runbook for database failover", False),
    ("Alerts on disk usage", False),                                # a plural noun, not "alerts" the verb
    ("Rate limiting on the public API", False),
    ("Development of tooling for pod termination", False),
    ("- [ ] Add retries to the payment client", True),              # check box and bullet stripped
    ("✅ Upgrade the load balancer firmware", True),
    ("3. Rotate the leaked keys", True),
    ("2 | Load test checkout at 3x peak | Ana | 1 May", True),      # a table row: number cell, two-word verb
    ("[OPS-142] Move backups to a second region", True),            # ticket id first
    ("OPS-142: move backups to a second region", True),
    ("(P1) Disable the legacy endpoint", True),
    ("**Monitoring**: Add an alert on queue depth", True),          # a label, then the action
    ("Monitoring: queue depth alert", False),                       # a label, then still no verb
    ("Status page. Automate the first update", True),               # a short lead sentence, then the action
    ("We will add a second approver for DNS changes", True),
    ("SRE team to add capacity alerts", True),                      # "X to <verb>"
    ("Alerts sent to the whole team", False),                       # "to the": a preposition
    ("Terraform plans that touch DNS need a second approver", True),
    ("Dashboards should show errors per region", True),             # a modal puts a verb in it
    ("Old images deleted after 30 days", True),                     # a done action, past tense
    ("Stopped the nightly cron", True),                             # stopped -> stop
    ("Re-enable the canary stage", True),
    ("Pre-scale the API before launches", True),
    ("Normalise postcodes before validation", True),                # -ise verbs need no list entry
    ("Load balancer health checks", False),                         # "load" alone is not the verb
    ("Don't deploy on Fridays", True),
    ("<b>Failover:</b> <i>automate the switch to the replica</i>", True),  # HTML markup from a wiki export
    ("", False),
])
def test_says_what_to_do(text, expected):
    assert says_what_to_do(text) is expected
