"""How people write who was affected: percentages, fractions, "all users", counts."""
import re

_WHO = (r"users?|customers?|requests?|traffic|visitors?|clients?|transactions?|accounts?|tenants?|"
        r"user ?base|customer ?base|sessions?|calls?|queries|orders?|merchants?|members?|subscribers?|"
        r"devices?|page ?views?|players?|people|logins?|sign-?ins?|checkouts?|payments?|purchases?|"
        r"evaluations?|ips?|sites?|websites?|instances?|deployments?|builds?|jobs?|uploads?|downloads?|"
        r"messages?|emails?|api ?calls?|reads?|writes?|lookups?|searches?|shoppers?|buyers?|developers?|"
        r"employees?|staff|agents?|drivers?|riders?|patients?|students?|readers?|listeners?|viewers?|fleet")

# Shares of these are impact on their own; shares of anything else need an AFFECTED word.
CORE_WHO = re.compile(r"\b(?:users?|customers?|requests?|user ?base|customer ?base|visitors?|clients?|traffic|"
                      r"accounts?|people|subscribers?|members?|merchants?|shoppers?|players?)\b", re.I)
AFFECTED = re.compile(r"\b(?:affected|impacted|unable|could ?n[o'’]t|can ?n[o'’]t|cannot|did ?n[o'’]t|failed|failing|fail|errors?|"
                      r"down|outage|unavailable|inaccessible|unreachable|broken|lost|blocked|disrupted|disruption|"
                      r"timed? ?out|timeouts?|disconnected|dropped|rejected|stuck|slow|degraded|issues?|problems?|"
                      r"difficult\w*|trouble|locked out|logged out|experienced|saw|hit|crash\w*|declined|bounced|"
                      r"delayed|missing|wrong|incorrect|stale|blank|offline|went dark|5\d\ds?|5xx)\b", re.I)
# Words around a percentage that make it a rollout share, a sample or an attack, not impact.
NOT_AFFECTED_SHARE = re.compile(r"\b(?:roll(?:ed)?[ -]?out|rollout|canary|staged|ramp(?:ed)?|enabled for|exposed to|"
                                r"sampled?|survey|flood|attack|bots?|malicious|nodes?|servers?|pods?|hosts?|fleet|"
                                r"disks?|storage|space|quota|budget|discount|threshold|target|goal|frames?|packets?|pings?|bytes?|"
                                r"cycles?|samples?|logs?|lines?)\b", re.I)
PERCENT = re.compile(r"(?<![\d.])(?P<value>\d{1,3}(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.I)
# After the number: "of (the / our / all) [up to 4 words] users", or "downtime".
# "40% users", "40% of checkout requests": the share and what it is a share of.
_NP_STOP = (r"(?:were|was|are|is|had|have|has|could|couldn|can|cannot|did|failed|saw|experienced|faced|reported|"
            r"returned|got|hit|in|at|during|on|with|and|or|but|who|that|which|from|for|by|to|located|based|"
            r"using|trying|across|over|after|before|when|while|because)\b")
PERCENT_OF = re.compile(r"\s*(?:of\s+(?:(?!" + _NP_STOP + r")[\w/'’-]+(?:\s+|(?=[^\w\s])|$)){1,6}|(?:the\s+)?(?:"
                        + _WHO + r")\b)", re.I)
PERCENT_WHOLE = re.compile(r"\s*(?:downtime|outage|service (?:disruption|outage|unavailability)|unavailab|"
                           r"of (?:the )?(?:service|site|website|platform|application|traffic))", re.I)
# Before the number: "affecting 30%", "the remaining 20%".
PERCENT_BEFORE = re.compile(r"(?:affect\w*|impact\w*|hit|remaining|other|another|for|of)\s+(?:about|approximately|"
                            r"approx\.?|around|roughly|nearly|almost|over|up to|some|~)?\s*$", re.I)
# Percentages about something else: never impact.
NOT_IMPACT = re.compile(r"\b(?:cpu|memory|ram|disk|error[- ]?rates?|utili[sz]ation|latency|cache|hit (?:rate|ratio)|"
                        r"load|usage|throughput|capacity|packet loss|increase[sd]?|decrease[sd]?|rose|dropped|"
                        r"grew|spiked?|jumped|battery|coverage|budget|sla|slo|uptime|availability|completion|"
                        r"progress|accuracy|confidence|probability|chance)\b", re.I)

FRACTIONS = {
    r"one in (?:four|4)": 25.0, r"one in (?:five|5)": 20.0, r"one in (?:ten|10)": 10.0,
    r"one in (?:three|3)": 33.3, r"one in (?:two|2)": 50.0, r"(?:a|one) quarter of": 25.0,
    r"three quarters of": 75.0, r"half (?:of )?": 50.0, r"(?:a|one) third of": 33.3,
    r"two thirds of": 66.7, r"four fifths of": 80.0, r"(?:a|one) fifth of": 20.0,
    r"nine (?:out )?of (?:every )?ten": 90.0, r"(?:1|one) out of (?:every )?(?:4|four)": 25.0,
}
FRACTION = re.compile(r"\b(?P<fraction>" + "|".join(FRACTIONS) + r")\s*(?:the\s+|our\s+|all\s+)?(?:[\w-]+\s+){0,2}?(?:"
                      + _WHO + r")\b", re.I)
FRACTION_CORE = re.compile(r"(?:the\s+|our\s+|all\s+)?(?:users?|customers?|user ?base|visitors?|requests?)\b", re.I)

ALL_USERS = re.compile(
    r"\ball (?:of )?(?:our |the |its )?(?:users|customers|clients|visitors|requests|traffic|orders|accounts)\b"
    r"(?! (?:trying|who|that|in|on|using|of the [A-Z]|with|located)\b| from (?!\d))|"
    r"\bevery (?:single )?(?:user|customer|visitor|request|client|account)\b(?! (?:on|in|with|who|using)\b)|"
    r"\bno one could\b|"
    r"\beveryone (?:visiting|using|trying|who|on)\b|\b(?:for|affected|affecting|impacted|impacting) everyone\b|"
    r"\b(?:entire|whole|complete|total) (?:site|website|service|platform|application|app|system|api|"
    r"web ?stack|stack|product)\b(?! (?:team|owner))|"
    r"\bcomplete(?:ly)? (?:service )?(?:outage|unavailab\w*|down)\b|\btotal outage\b|\bhard down\b|"
    r"\b(?:site|website|service|platform|application|app|api)s? (?:was|were|is|are|went|had gone|became)\s+"
    r"(?:completely |totally |entirely |fully |hard |also )?(?:down|inaccessible|unreachable|unavailable|offline)\b",
    re.I)
# Words in the same sentence that limit an "all users" statement to a subset.
SUBSET = re.compile(r"\b(?:regions?|zones?|clusters?|data ?cent(?:er|re)s?|subset|some|certain|portion|partial(?:ly)?|"
                    r"intermittent(?:ly)?|occasional(?:ly)?|a few|several|feature)\b|\d\s?%", re.I)
# "All users", "everyone": impact only where something went wrong for them.
GRATITUDE = re.compile(r"\b(?:sorry|thanks?|thank you|apolog\w*|grateful)\b", re.I)
NEEDS_AFFECTED = re.compile(r"^(?:all|every|everyone)", re.I)

USERS_COUNT = re.compile(
    r"(?<![\w,.])(?P<count>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?[ \t]?(?:k|thousand|million|m)?)[ \t]+"
    r"(?:[\w-]+[ \t]+){0,2}?(?P<who>users|customers|accounts|visitors|people|merchants|subscribers|players|shoppers|members)\b",
    re.I)  # starts only where a number starts: a run of spaces or digits stays linear
SERVICE_LABEL = re.compile(r"^(?:component|components|services? affected|affected services?|systems? affected|"
                           r"impacted services?|affected systems?)\s*:\s*(?P<value>.+)$", re.I)
# "the checkout API", "our Feature Flags service", "the primary web application".
SERVICE_NOUN = (r"(?:service|api|app|application|website|web ?site|site|platform|dashboard|portal|gateway|"
                r"backend|frontend|cluster|database|queue|pipeline|endpoint|storefront|checkout)")
SERVICE_PHRASE = re.compile(r"\b(?:the|our|its|their)[ \t]+(?:(?:primary|main|core|entire|whole|public|customer-facing|"
                            r"internal)[ \t]+)?(?P<name>(?:\w[\w.-]*[ \t]+){0,3}?" + SERVICE_NOUN + r")s?\b", re.I)
NOT_A_SERVICE = re.compile(r"^(?:same|other|new|old|whole|entire|affected|impacted|following|first|second|this|that|"
                           r"operation|rest|part|use|access|state|status|version|health)\b", re.I)
