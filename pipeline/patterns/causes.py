"""Cause cues (where a cause phrase starts) and category cue words (what kind of cause it is)."""
import re

# Each cue's match ends where the cause phrase begins. Ordered: the more explicit first.
CAUSE_CUES = [
    ("root_cause_was", r"\broot[- ]?causes?\b(?:\s+(?:of|for|behind)\s+[^.:\n]{1,60}?)?\s+(?:was|is|were|are|has been|had been|appears to (?:be|have been)|seems to (?:be|have been)|turned out to be)"
                       r"\s+(?:(?:identified|determined|found|confirmed|traced)(?:\s+and\s+\w+)?\s*(?:to be|as|to|:)\s+|(?:that|when)\s+|(?:ultimately|eventually|finally)\s+)?"),
    ("cause_was", r"(?<!root )(?<!root-)\b(?:the\s+)?(?:main |primary |underlying |actual |real |direct )?cause\s+(?:of\s+[^.:\n]{1,60}?\s+)?(?:was|is)\s+(?:identified as\s+|determined to be\s+|that\s+)?"),
    ("culprit", r"\b(?:the )?culprit\s+(?:was|is|turned out to be)\s+"),
    ("caused_by", r"\b(?:was|were|is|are|been)?\s*(?:caused|triggered|brought about|brought on|induced)\s+by\s+"),
    ("traced_to", r"\b(?:was |were |been )?traced\s+(?:(?:the|this|these|those|it|them|\w+s)\s+){0,2}(?:back\s+)?to\s+"),
    ("resulted_from", r"\b(?:resulted|stemmed|originated|arose)\s+from\s+"),
    ("attributed_to", r"\b(?:attributed|due)\s+to\s+(?:the fact that\s+)?"),
    ("because", r"\bbecause\s+(?:of\s+)?"),
    ("in_short", r"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:in short|in summary|tl;?dr|long story short|specifically|more specifically|in particular|"
                 r"(?:the )?short version(?: is)?)\s*[,:]\s+"),
    ("introduced", r"\b(?:change|update|release|deploy(?:ment)?|upgrade|migration|commit|patch|version)s?\s+(?:had\s+)?introduced\s+"),
    ("affected_by", r"\b(?:was|were)\s+(?:affected|impacted|hit|taken down)\s+by\s+"),
]
CAUSE_CUE_REGEX = [(name, re.compile(pattern, re.I)) for name, pattern in CAUSE_CUES]

# A cause phrase stops before one of these (trailing clauses are effects, not the cause).
PHRASE_STOP = re.compile(
    r"\s*(?:,\s*(?:which|causing|leading|resulting|thus|thereby|so|and (?:this|that|it)|as a result|after which|"
    r"rendering|preventing|making|meaning|creating|triggering)\b|\s(?:which|causing|leading to|resulting in|"
    r"that (?:caused|led|resulted|prevented|made)|led to|resulted in|thus|thereby|in turn|so that)\b|[.;!?](?=\s|$)|"
    r"\s[-–—]\s|:\s|\n\s*\n|\((?:see|e\.g|i\.e|cf|http|#|pr |issue|ticket)|$)", re.I)
# Leading words that are filler, not cause.
LEADING_FILLER = re.compile(r"(?:(?:that|was|is|identified as|determined to be|found to be|simply|just|mainly|"
                            r"ultimately|in short|basically|essentially|specifically)\b[,:]?\s+|"
                            r"(?:human|operator|configuration|software|hardware|network) (?:error|failure|fault|bug)\s*:\s+)+", re.I)
# After "the root cause was", the cause is a noun phrase: it ends before a finite verb.
FINITE_VERB = re.compile(r"\s(?:was|were|is|are|had|has)\s")
# A wrong value written down is a setting, whatever it limits ("rate limit was set to 10").
CONFIG_STRONG = re.compile(r"\b(?:was|were) (?:set|changed|lowered|raised|reduced) to\b|\binstead of \d|\bwrong value\b", re.I)
# A subject phrase ends at its verb: "A misconfigured caching layer caused ..." -> the subject.
CAUSAL_VERB = re.compile(
    r"(?<!\ba)(?<!\ban)(?<!\bthe)(?<!\bbeen)(?<!\bhad)(?<!\bhas)\s(?:caused|causes|led to|leads to|resulted in|results in|triggered|prevented|created|made|broke|"
    r"brought down|took down|coincided with|meant|forced|blocked|overwhelmed|"
    r"filled up|deleted|stalled|crashed|failed|(?:,\s*)?causing|(?:,\s*)?leading to)\b", re.I)

# Category cue words. Order inside a phrase decides the order of its categories; the
# OVERRIDING ones come first whenever present (GOLD.md: a breach is security first,
# certificate expiry is infrastructure, a provider's failure is a dependency).
CATEGORY_CUES = {
    "unknown": r"unexplained|unknown (?:cause|reason)|cause (?:is|remains|was) (?:still )?(?:unknown|unclear|not known)|"
               r"undetermined|not (?:yet )?(?:been )?(?:identified|determined|found)|no (?:clear|definitive|confirmed) (?:root )?cause|"
               r"still (?:under )?investigat",
    "security": r"attack|ddos|breach|compromis|malicious|exploit|intrusion|unauthori[sz]ed|credential[- ]stuffing|"
                r"leaked (?:key|credential|token|secret)|stolen|ransomware|phishing|botnet|hacked|\bflood\b|layer[- ]?7|"
                r"brute[- ]force|scraper|abuse",
    "infrastructure": r"hardware|disk (?:failure|failed|fault)|failed disks?|problematic disks?|power (?:supply|outage|failure|loss|cut)|"
                      r"capacitor|data ?cent(?:er|re)|network (?:partition|failure|outage|switch)|fib(?:er|re) cut|"
                      r"(?:core |top-of-rack |network )?switch (?:failure|line card)|line card|router|kernel|firmware|"
                      r"certificate|\bcert\b|\btls\b|\bssl\b|domain (?:expir|renewal|registration)|expired domain|"
                      r"hypervisor|\bnic\b|raid|\bpsu\b|\bups\b|battery|generator|transfer switch|cooling|overheat|"
                      r"memory module|\becc\b|bad sector",
    "dependency": r"third[- ]party|upstream (?:provider|service|api|outage|dependenc)|vendor|provider|"
                  r"external (?:service|api|dependenc|provider|system)|cloud provider|\bgithub\b|\bgcp\b|\bazure\b|"
                  r"\w+ cloud'?s|region(?:-wide|al) (?:outage|incident|failure)|outside (?:of )?our (?:systems?|control|infrastructure)|"
                  r"on their (?:side|end)|\bsaas\b|package:|external dependenc|dependenc(?:y|ies) (?:update|version|release)|"
                  r"partner|supplier|payment (?:gateway|processor)|\bapi of\b|"
                  r"\b(?:in|at|on|of) their\b|"
                  r"(?:outage|failure|upgrade|incident|problem|issue|degradation|node|error|change)s? (?:at|with|from) "
                  r"(?-i:[A-Z])[\w-]+",
    "human_error": r"accidental|accidentally|mistaken(?:ly)?|by mistake|human error|operator error|fat[- ]finger|"
                   r"wrong command|ran the wrong|inadvertent(?:ly)? (?:ran|run|deleted|executed|dropped|removed|pushed)|manual(?:ly)? (?:deletion|delete|error|mistake|change)|"
                   r"forgot|skipped (?:a |the )?step|wrong (?:[\w-]+ )?(?:server|environment|database|cluster|context|region|records?|account|host|namespace|workspace)|"
                   r"instead of (?:staging|the staging|test|dev)|against (?:the )?production (?:database|cluster|environment)",
    "configuration": r"misconfigur|configuration|\bconfig\b|\bsettings?\b|feature flag|\bflag\b|parameter|permission|ulimit|"
                     r"wrong (?:\w+ )?port|dns (?:record|entr|change|config)|\brecords?\b|proxy_pass|directive|sites-(?:available|enabled)|"
                     r"not linked|symlink|firewall|routing rules?|\brules?\b|timeout (?:value|reduction|setting)|environment variable|"
                     r"\bpolicy\b|least[- ]privilege|connection pool (?:size|setting|limit)|max_connections|maxreplicas|cron|"
                     r"template|health ?check (?:path|setting|interval)|(?:was|were) set to\b|set to \d|limit of \d|"
                     r"(?:was|were) changed to\b|pointed (?:at|to)\b",
    "capacity": r"traffic (?:surge|spike)|surge|spike in (?:traffic|load|requests)|overload|exhaust|out of (?:space|memory|disk)|"
                r"ran out|disk space|disk (?:full|filled)|filled up|\bfull\b|piling up|memory|\bcpu\b|capacity|bottleneck|"
                r"\bload\b(?! ?balanc)|too many|starvation|quota|throttl|rate limit|saturat|connection pool|retry amplification|"
                r"thundering herd|flash sale|\bstress\b|\d+ ?(?:x|times) (?:our |the )?(?:normal|usual|previous|typical)",
    "code_change": r"\bbug\b|regression|deploy|release|code change|new code|our code|the code|\bcommit|typo|migration|"
                   r"\bupdate\b|upgrade|refactor|\bmerge|new version|\bscript\b|import statement|file extension|library|"
                   r"unclosed|not released|\bleak\b|new feature|validator|regular expression|\bregex|division by zero|"
                   r"null (?:check|pointer|reference)|exception|throws|serializ|encoder|parser|pull request|\bpr ?#?\d|"
                   r"off-by-one|race condition|deadlock|\bv\d+\.\d+|version \d|hotfix|patch",
}
CATEGORY_REGEX = {category: re.compile(pattern, re.I) for category, pattern in CATEGORY_CUES.items()}
OVERRIDING = ("unknown", "security", "infrastructure", "dependency", "human_error")
# An overriding cue decides only near the head of the phrase (GOLD.md: the primary category
# is the kind of the thing that was wrong, which the phrase names first).
OVERRIDE_WITHIN = 60
# Infrastructure words that name a component, not a failure of it: they decide the
# category only when nothing else in the phrase does.
WEAK_INFRASTRUCTURE = re.compile(r"load ?balancer|failover|\bnetwork\b|\bserver\b|\bhost\b|\bnode\b", re.I)
