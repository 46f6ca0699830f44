"""Cause cues (where a cause phrase starts) and category cue words (what kind of cause it is)."""
import re

# Each cue's match ends where the cause phrase begins. Ordered: the more explicit first.
CAUSE_CUES = [
    ("root_cause_was", r"\broot[- ]?causes?\b(?:\s+(?:of|for|behind)\s+[^.:\n]{1,60}?)?\s+(?:was|is|were|are|has been|had been|appears to (?:be|have been)|seems to (?:be|have been)|turned out to be)"
                       r"\s+(?:(?:identified|determined|found|confirmed|traced)\s+(?:to be|as|to)\s+|(?:that|when)\s+|(?:ultimately|eventually|finally)\s+)?"),
    ("cause_was", r"\b(?:the\s+)?(?:main |primary |underlying |actual |real |direct )?cause\s+(?:of\s+[^.:\n]{1,60}?\s+)?(?:was|is)\s+(?:identified as\s+|determined to be\s+|that\s+)?"),
    ("culprit", r"\b(?:the )?culprit\s+(?:was|is|turned out to be)\s+"),
    ("caused_by", r"\b(?:was|were|is|are|been)?\s*(?:caused|triggered|brought about|brought on|induced)\s+by\s+"),
    ("traced_to", r"\b(?:was |were |been )?traced\s+(?:back\s+)?to\s+"),
    ("resulted_from", r"\b(?:resulted|stemmed|originated|arose)\s+from\s+"),
    ("attributed_to", r"\b(?:attributed|due)\s+to\s+(?:the fact that\s+)?"),
    ("because", r"\bbecause\s+(?:of\s+)?"),
    ("in_short", r"(?:^|(?<=[.!?]\s)|(?<=\n))\s*(?:in short|in summary|tl;?dr|long story short|specifically|more specifically|in particular)\s*[,:]\s+"),
    ("affected_by", r"\b(?:was|were)\s+(?:affected|impacted|hit|taken down)\s+by\s+"),
]
CAUSE_CUE_REGEX = [(name, re.compile(pattern, re.I)) for name, pattern in CAUSE_CUES]

# A cause phrase stops before one of these (trailing clauses are effects, not the cause).
PHRASE_STOP = re.compile(
    r"\s*(?:,\s*(?:which|causing|leading|resulting|thus|thereby|so|and (?:this|that|it)|as a result|after which|"
    r"rendering|preventing|making|meaning|creating|triggering)\b|\s(?:which|causing|leading to|resulting in|"
    r"that (?:caused|led|resulted|prevented|made)|led to|resulted in|thus|thereby|in turn|so that)\b|[.;!?](?=\s|$)|"
    r"\s[-–—]\s|:\s|\n\s*\n|\(|$)", re.I)
# Leading words that are filler, not cause.
LEADING_FILLER = re.compile(r"^(?:(?:that|was|is|identified as|determined to be|found to be|simply|just|mainly|"
                            r"ultimately|in short|basically|essentially|specifically)\b[,:]?\s+)+", re.I)
# A subject phrase ends at its verb: "A misconfigured caching layer caused ..." -> the subject.
CAUSAL_VERB = re.compile(
    r"\s(?:caused|causes|led to|leads to|resulted in|results in|triggered|prevented|created|made|broke|"
    r"brought down|took down|coincided with|meant|forced|blocked|overwhelmed|"
    r"filled up|deleted|stalled|crashed|failed|(?:,\s*)?causing|(?:,\s*)?leading to)\b", re.I)

# Category cue words. Order inside a phrase decides the order of its categories; the
# OVERRIDING ones come first whenever present (GOLD.md: a breach is security first,
# certificate expiry is infrastructure, a provider's failure is a dependency).
CATEGORY_CUES = {
    "security": r"attack|ddos|breach|compromis|malicious|exploit|intrusion|unauthori[sz]ed|credential stuffing|"
                r"leaked (?:key|credential|token|secret)|ransomware|phishing|botnet|injection attack|hacked|stolen",
    "infrastructure": r"hardware|disk (?:failure|failed|fault)|failed disks?|problematic disks?|power (?:supply|outage|failure|loss)|capacitor|"
                      r"data ?cent(?:er|re)|network (?:partition|failure|outage|switch)|fib(?:er|re) cut|switch failure|"
                      r"router|kernel|firmware|certificate|\bcert\b|\btls\b|\bssl\b|domain (?:expir|renewal|registration)|"
                      r"hypervisor|\bnic\b|raid|\bpsu\b|cooling|overheat",
    "dependency": r"third[- ]party|upstream|vendor|hosting provider|cloud provider|\bprovider\b|external (?:service|api|"
                  r"dependenc|provider|system)|\bgithub\b|\baws\b(?! load balancer)|\bgcp\b|\bazure\b|cloudflare|\bcdn\b|"
                  r"\bsaas\b|package:|dependenc(?:y|ies)|partner|supplier|factory|\bpayment (?:gateway|processor)|\bapi of\b",
    "human_error": r"accidental|accidentally|mistaken(?:ly)?|by mistake|human error|operator error|fat[- ]finger|"
                   r"wrong command|ran the wrong|inadvertent(?:ly)? (?:ran|deleted|executed|dropped|removed)|"
                   r"manual(?:ly)? (?:error|mistake)|forgot|skipped (?:a |the )?step|wrong (?:server|environment|database|cluster)",
    "configuration": r"misconfigur|configuration|\bconfig\b|\bsettings?\b|feature flag|\bflag\b|parameter|permission|ulimit|"
                     r"wrong port|dns (?:record|entr|change|config)|\brecords?\b|proxy_pass|directive|sites-(?:available|enabled)|"
                     r"not linked|symlink|firewall|routing rules?|timeout (?:value|reduction|setting)|environment variable|"
                     r"\bpolicy\b|least[- ]privilege|connection pool (?:size|setting|limit)|max_connections|cron",
    "capacity": r"traffic (?:surge|spike)|surge|spike in (?:traffic|load|requests)|overload|exhaust|out of (?:space|memory|disk)|"
                r"disk space|disk (?:full|filled)|filled up|memory|\bcpu\b|capacity|bottleneck|\bload\b(?! ?balanc)|too many|"
                r"starvation|quota|throttl|rate limit|saturat|connection pool|retry amplification|thundering herd|flash sale|"
                r"\bstress\b",
    "code_change": r"\bbug\b|regression|deploy|release|code change|\bcommit|typo|migration|\bupdate\b|upgrade|refactor|"
                   r"\bmerge|new version|\bscript\b|import statement|file extension|\bcode\b|library|unclosed|not released|"
                   r"\bleak\b|new feature",
}
CATEGORY_REGEX = {category: re.compile(pattern, re.I) for category, pattern in CATEGORY_CUES.items()}
OVERRIDING = ("security", "infrastructure", "dependency")
# Infrastructure words that name a component, not a failure of it: they decide the
# category only when nothing else in the phrase does.
WEAK_INFRASTRUCTURE = re.compile(r"load ?balancer|failover|\bnetwork\b|\bserver\b|\bhost\b|\bnode\b", re.I)
# Words that, within a cause phrase, outrank an overriding category's weaker cue words.
SOFT_OVERRIDE = {"dependency": re.compile(r"\bgithub\b|\baws\b|\bgcp\b|\bazure\b|cloudflare|\bcdn\b|factory|partner|package:", re.I)}
