"""Cue patterns for what a document states about its outage: range connectors, start/end
labels, prose that starts or ends the outage, and the words around a stated length.

Data only: `pipeline/statements.py` applies them. Label and prose patterns are searched
in the text just before a time (so they end in `$`) and start at a word start.
"""
import re

from pipeline.patterns.moments import HEDGE_WORDS

# "outage start:", "incident end time:"
_SUBJECT = r"(?:(?:outage|incident|impact|issue|problem|downtime)\s+)?"
_AROUND = r"(?:about\s+|around\s+|approximately\s+|~\s?)?"

# Between the two ends of a range: a zone, a parenthesis, then the connector.
CONNECTOR = re.compile(
    r"[ \t]*(?:\(?(?:[A-Z]{2,5}|(?:UTC|GMT)[+\-−]\d{1,2}(?::?\d\d)?)\)?)?[ \t]*(?:\([^()\n]{0,60}\))?[ \t]*,?[ \t]*"
    r"(?P<word>-|–|—|to|until|till|through|thru|and(?: (?:ended|ending|finished|was resolved|resolved|"
    r"recovered|lasted until))?(?: at| by| around)?)[ \t]*(?:on[ \t]+|at[ \t]+|around[ \t]+|about[ \t]+)?\Z", re.I)
BETWEEN = re.compile(r"\bbetween\s+" + _AROUND + "$", re.I)
START_LABEL = re.compile(r"(?<!\w)(?=\w)" + _SUBJECT + r"(?:start(?:ed)?(?:\s+(?:time|date|at))?|began|begin(?:ning)?|"
                         r"date\s*/\s*time|date and time|occurred(?: at)?|(?:time|date) of (?:the )?(?:incident|outage)|"
                         r"first impact|impact start)\s*[:=\-–]?\s*$", re.I)
END_LABEL = re.compile(r"(?<!\w)(?=\w)" + _SUBJECT + r"(?:end(?:ed)?(?:\s+(?:time|date|at))?|resolved(?:\s+(?:at|time|on))?|"
                       r"recovered(?: at)?|restored(?: at)?|all clear|resolution time|impact end)\s*[:=\-–]?\s*$", re.I)
RANGE_LABEL = re.compile(r"\b(?:duration|window|period|outage|downtime|impact|when|time ?frame|time ?range|"
                         r"affected)\b[^:\n]{0,25}:\s*(?:from\s+)?$", re.I)
PROSE_START = re.compile(r"(?<!\w)(?=\w)(?:started|starts|starting|began|begins|beginning|kicked off|went (?:out|live|down|"
                         r"to production)|was (?:deployed|released|pushed|applied)|hit us|struck|broke)\b[^.!?\n]{0,40}?"
                         r"\b(?:at|around|about|approximately|from|on|by)\s+" + _AROUND + "$", re.I)
PROSE_END = re.compile(r"(?<!\w)(?=\w)(?:(?:restored|recovered|resolved|back|fixed|mitigated|ended|ends|over|stopped|"
                       r"normal|stable|cleared|subsided|until|till|working again|returned|came back|went away|"
                       r"was lifted)\b[^.!?\n]{0,50}?\b(?:at|by|around|about|approximately|until|till)|until|till)\s+"
                       + _AROUND + "$", re.I)
DURATION_LABEL = re.compile(r"\b(?:duration|downtime|length|time to (?:resolve|resolution|recover|recovery|restore)|"
                            r"TTR|MTTR|time (?:down|offline)|outage time)\b[^:\n]{0,25}[:=|]\s*(?:" + HEDGE_WORDS
                            + r")?\s*$", re.I)
DURATION_CUE = re.compile(r"(?:\blast(?:ing|ed|s)?(?: for)?|\bduration(?: of)?|\bperiod of|\boutage of|\bdowntime of|"
                          r"\btotal of|\bspanning|\bspanned|\bin all|\bfor a total of)\W{0,4}(?:" + HEDGE_WORDS
                          + r")?\s*\(?~?\s*$", re.I)
FOR = re.compile(r"\bfor\s+(?:" + HEDGE_WORDS + r")?\s*$", re.I)
AFTER_DURATION = re.compile(r"\s*(?:in total|total|overall|of (?:total )?(?:downtime|outage|disruption|impact)|"
                            r"(?:long )?outage|long\b|-long)", re.I)
# "(2 hours 7 minutes)" after a range or a rounder length, not "threshold (30 minutes)".
AFTER_RANGE = re.compile(r"(?:\d|\b[ap]\.?m\.?|\b[A-Z]{2,5}|\b(?:outage|downtime|disruption|window|hours?|minutes?|"
                         r"hrs?|mins?))[ \t]*\([ \t]*~?$", re.I)
# Words that make "for two hours" about the outage rather than about something else.
OUTAGE_WORDS = re.compile(r"\b(?:down|offline|unavailable|unreachable|outage|disrupt\w*|degraded|impact\w*|"
                          r"affected|broken|failing|failed|errors?|hung|stuck|inaccessible|blank|crash\w*|stale|dropped|"
                          r"couldn'?t|could not|cannot|can'?t)\b", re.I)

# Column headers of a summary table: | Start | End | Duration |
COLUMNS = (
    ("start", re.compile(_SUBJECT + r"(?:start(?:ed)?|began|from)(?:\s+(?:time|at))?\b[^|]{0,20}", re.I)),
    ("end", re.compile(_SUBJECT + r"(?:end(?:ed)?|resolved|recovered|until)(?:\s+(?:time|at))?\b[^|]{0,20}", re.I)),
    ("duration", re.compile(r"[^|]{0,20}\b(?:duration|downtime|length)\b[^|]{0,20}", re.I)),
)
SEPARATOR_ROW = re.compile(r"[\s|:\-]*")
