"""The sections stage: heading wordings -> kinds, and heading styles -> sections."""
import pytest

from pipeline.patterns.headings import heading_kinds


@pytest.mark.parametrize("heading, kinds", [
    ("Timeline", ["timeline"]),
    ("## 3. Root Cause Analysis", ["root_cause"]),
    ("Root Cause and Resolution", ["root_cause", "resolution"]),
    ("**Corrective and Preventative Measures:**", ["corrective_actions"]),
    ("Next steps", ["corrective_actions"]),
    ("Follow-ups", ["corrective_actions"]),
    ("What went well", ["lessons"]),
    ("Lessons Learned", ["lessons"]),
    ("Leadup", ["summary"]),
    ("TL;DR", ["summary"]),
    ("Contributing factors", ["root_cause"]),
    ("Mitigation", ["resolution"]),
    ("Users affected", ["impact"]),
    ("Chronology of events", ["timeline"]),
    # What responders did is a part of the story, not work still to do.
    ("Actions Taken", []),
    ("Initial actions taken", []),
    ("MEASURES TAKEN TO ARREST THE ISSUE", []),
    ("Steps taken", []),
    # Still corrective: the words are about work to do.
    ("Actions to take", ["corrective_actions"]),
    ("Action items", ["corrective_actions"]),
    # Names no kind: ignored.
    ("The Plot Thickens", []),
    ("Detection", []),
    ("Note: see the dashboard", []),
])
def test_heading_wording_names_kinds(heading, kinds):
    assert heading_kinds(heading) == kinds


def sections_of(nlp, text):
    doc = nlp(text)
    return [(s["text"], s["kinds"], s["scope_kinds"], text[s["start"]:s["end"]].split("\n")[0])
            for s in doc._.pm_sections]


@pytest.mark.parametrize("text, expected", [
    ("# Outage\n\n## Timeline\n\n- 10:00 alert\n\n## Root cause\n\nA bad config.\n",
     [("Outage", [], []), ("Timeline", ["timeline"], ["timeline"]), ("Root cause", ["root_cause"], ["root_cause"])]),
    # Underlined (setext) headings.
    ("Summary\n=======\n\nThe API failed.\n\nFix\n---\n\nRolled back.\n",
     [("Summary", ["summary"], ["summary"]), ("Fix", ["resolution"], ["resolution"])]),
    # Bold lines and `Label:` lines.
    ("**Issue Summary:**\nThe API failed.\n\nRoot Cause:\nA bad config.\n",
     [("Issue Summary", ["summary"], ["summary"]), ("Root Cause", ["root_cause"], ["root_cause"])]),
    # "Impact:" inside a summary is a field of the summary, not a heading.
    ("Summary:\nDuration: 2 hours\nImpact: 20% of users\n\nTimeline:\n- 10:00 alert\n",
     [("Summary", ["summary"], ["summary"]), ("Timeline", ["timeline"], ["timeline"])]),
    # A bold sub-heading naming no kind inherits its parent's: "Actions Taken" stays timeline.
    ("**Timeline:**\n- **Detection Time:**\n  - 10:15 AM UTC\n- **Actions Taken:**\n  - Restarted the cache\n\n"
     "**Corrective Measures:**\n- Add an alert\n",
     [("Timeline", ["timeline"], ["timeline"]), ("Detection Time", [], ["timeline"]),
      ("Actions Taken", [], ["timeline"]), ("Corrective Measures", ["corrective_actions"], ["corrective_actions"])]),
    # A "# comment" in a fenced block is no heading.
    ("## Resolution\n\n```\n# restart the pods\nkubectl rollout restart\n```\n",
     [("Resolution", ["resolution"], ["resolution"])]),
    # YAML front matter is skipped.
    ("---\ntitle: Outage\nauthor: me\n---\n\n# Lessons learned\n\nTest backups.\n",
     [("Lessons learned", ["lessons"], ["lessons"])]),
])
def test_heading_styles_make_sections(nlp, text, expected):
    assert [found[:3] for found in sections_of(nlp, text)] == expected
