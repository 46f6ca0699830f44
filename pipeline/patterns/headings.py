"""Heading wording -> section kind (GOLD.md's mapping, plus the synonyms real documents use).

A heading is classified by its wording, never by what stands under it. Each kind has one
regular expression, tried against the heading's words (lower-case, markup and emoji gone).
"""
import re
from functools import lru_cache

KIND_PATTERNS = {
    "summary": r"summary|summation|overview|executive|description|what happened|background|"
               r"context|lead-?up|synopsis|abstract|tl;?dr|^(?:the )?(?:issue|incident|problem)s?$|"
               r"^(?:issue|incident|problem) (?:description|details|statement)$",
    "impact": r"impact|users? affected|customers? affected|blast radius|\baffected\b|who was affected",
    "timeline": r"timeline|time line|chronology|sequence of events|chain of events|event log|"
                r"incident log|^events$|timeline of events",
    "root_cause": r"root[- ]?causes?|^causes?\b|\bcauses?$|causes? (?:and|&)|analysis|why it happened|"
                  r"^why\b|\bfault\b|trigger|contributing factors?|what went wrong|^5 whys|five whys",
    "resolution": r"resolution|resolving|\bfix(?:es|ed)?\b|remediation|recovery|how it was (?:fixed|resolved)|"
                  r"^response\b|incident response$|mitigation|workaround",
    "corrective_actions": r"corrective|prevent(?:ative|ive|ion|ing)?\b|measures|action items?|\bactions?\b|"
                          r"action plan|follow[- ]?ups?|\btasks?\b|task list|to-?do|next steps|"
                          r"improvements?|recommendations?",
    "lessons": r"lessons?|learnings|\blearn(?:ed|t)?\b|what went (?:well|right|badly)|what (?:worked|didn.?t work)|"
               r"where we got lucky|conclusions?|takeaways?|reflections?",
}
KIND_REGEX = {kind: re.compile(pattern) for kind, pattern in KIND_PATTERNS.items()}
KIND_ORDER = list(KIND_PATTERNS)

# Labels that, written as "Label:" inside a summary, are fields of the summary, not headings.
SUMMARY_FIELDS = re.compile(
    r"^(?:impact|user impact|customer impact|users affected|customers affected|impact window|who was affected|"
    r"affected (?:users|customers|regions?)|root cause|cause|category|categories|duration|"
    r"outage duration|duration of the outage|date|date/time|time|start|end|start time|end time|"
    r"severity|status|owners?|authors?|component|services? affected|affected services?|"
    r"detection|resolution|description)$"
)

# Words in a heading that never make it a kind even when a pattern matches inside them.
NOT_A_HEADING = re.compile(r"^(?:note|example|e\.g|i\.e|for example|see|source|link|http)\b")

# Wordings that match a kind's pattern but name something else: "Actions Taken" and
# "Steps taken" report what responders did (a timeline part), not work still to do.
NOT_KIND = {
    "corrective_actions": re.compile(r"\b(?:actions?|steps|measures) (?:taken|performed|done)\b"),
}


_MARKUP = re.compile(r"[*_`#>|]+")
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[ivx]+\.|[a-z]\))\s+", re.I)
_NOT_WORDS = re.compile(r"[^\w\s/&;'’\-?]")
_SPACES = re.compile(r"\s+")


def normalise(heading: str) -> str:
    """Lower-case words only: markup, emoji, numbering and trailing colons gone."""
    text = _MARKUP.sub(" ", heading)
    text = _NUMBERING.sub("", text, count=1)
    text = _NOT_WORDS.sub(" ", text)
    text = _SPACES.sub(" ", text).strip(" :-?").lower()
    return text.replace("’", "'")


def heading_kinds(heading: str) -> list[str]:
    """The kinds a heading names, in canonical order; [] when it names none."""
    return list(_kinds_of(heading))


@lru_cache(maxsize=8192)
def _kinds_of(heading: str) -> tuple[str, ...]:
    # Cached: the same headings ("Timeline", "Root cause") open document after document.
    words = normalise(heading)
    if not words or NOT_A_HEADING.match(words):
        return ()
    return tuple(kind for kind in KIND_ORDER
                 if KIND_REGEX[kind].search(words) and not (kind in NOT_KIND and NOT_KIND[kind].search(words)))
