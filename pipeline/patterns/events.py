"""Cue words for timeline event tags, and for the entries that end or start an outage."""
import re

TAG_CUES = {
    "detection": r"\bdetect|\bnoticed|\balert(?:s|ed|ing)?\b|\balarms?\b|\bpaged\b|\bpager|first report|"
                 r"\breported\b|monitoring (?:system )?(?:\w+ )?(?:report|show|flag|fire|trigger)|"
                 r"\bcomplain|\bobserved\b|became aware",
    "investigation": r"investigat|looked into|looking (?:into|at|for)|\bcheck(?:ed|ing|s)?\b|debug|"
                     r"\bexamin|\banaly[sz]|diagnos|reviewed|inspect|\bidentified\b|\bfound\b|\bdiscover|"
                     r"\breproduced|root[- ]caus",
    "misleading": r"mislead|\bassum|\bsuspect|wrongly|incorrect(?:ly)? (?:assum|suspect|believ|thought)|"
                  r"red herring|ruled out|wrong (?:path|direction|lead)|false (?:lead|alarm)|"
                  r"initially (?:thought|believed|focused)|diverted",
    "escalation": r"escalat|\bnotified\b|\bpaged\b|brought in|called in|\bjoined\b|looped in|\bengaged\b|"
                  r"woke|handed (?:over|off)|incident (?:was )?declared|declared an? incident|war room|bridge",
    "mitigation": r"roll(?:ed|ing)? ?back|\brevert|\brestart|temporar|workaround|mitigat|\bscal(?:ed|ing) (?:up|out)|"
                  r"fail(?:ed)? ?over\b|\bdisabl|clear(?:ed|ing) (?:the )?cache|\bpatch|hot ?fix|\bredeploy|"
                  r"\bdeploy(?:ed)? (?:a |the )?fix|fix (?:was )?(?:deployed|applied|lands?)|\bdrain|"
                  r"\bblock(?:ed)?\b|rate.?limit|manually",
    "resolution": r"\bresolved\b|\brestored\b|back to normal|\brecover(?:ed|y)\b|fully operational|"
                  r"back (?:online|up)\b|up and runn?i|successful again|working again|available again|"
                  r"operational again|\bstabl|end of (?:the )?outage|\bfixed\b|returned to normal|"
                  r"normal (?:operation|service)",
    "communication": r"status ?page|\bcustomers? (?:were |was )?(?:informed|notified|updated)|"
                     r"\binformed\b|\btweet|announc|communicat|e-?mail(?:ed)? (?:to )?(?:users|customers)|"
                     r"\bposted\b|support ticket|\bticket\b|\bslack\b|\bdiscord\b|press|blog",
}
TAG_REGEX = {tag: re.compile(pattern, re.I) for tag, pattern in TAG_CUES.items()}

# The entry where service is back: the outage's end when no end is stated.
RECOVERY = re.compile(
    r"\bservice (?:is |was )?(?:fully )?restored|\brestored\b|back to normal|fully recovered|"
    r"\brecovered\b|fully operational|operational again|\bback (?:online|up)\b|up and runn?i|"
    r"successful again|working (?:normal(?:ly)? )?again|available again|end of (?:the )?outage|"
    r"\bresolved\b|returned to normal|normal (?:operation|service)|all systems operational|"
    r"systems? (?:are |is )?operational|stable again", re.I)
# Words that make an entry a report about recovery rather than the recovery itself.
RECOVERY_REPORT = re.compile(r"\binformed\b|\bconfirm(?:ed|s)? (?:that )?(?:the )?(?:\w+ )?(?:is|was|are)|"
                             r"\bbegins? to\b|\bbegan\b|\bstarted to\b|\bgradually\b|\bpartial", re.I)
START_MARKER = re.compile(r"start of (?:the )?outage|outage (?:starts|started|begins|began)", re.I)
END_MARKER = re.compile(r"end of (?:the )?outage|outage (?:ends|ended)", re.I)
