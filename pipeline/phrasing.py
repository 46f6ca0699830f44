"""Does an action item say what to do? ("Add an alert on pool saturation" does; "Pool
saturation alerting" does not.)

No part-of-speech tagger is needed (the pipeline is blank English): an item says what to
do when, once its decoration is stripped (list numbers, check boxes, markup, ticket ids,
a `Label:` lead), it opens with a verb we know, or a modal or auxiliary puts a verb in it
("we will ...", "X should ...", "... must be reviewed", "team to add ..."), or it reports
a done action ("timeouts moved to runtime config"). Verbs come from the action stage's
own list plus the table below, in their base, -ing and -ed forms.
"""
from __future__ import annotations

import re

from pipeline.patterns.actions import IMPERATIVE_VERBS

# Verbs that open action items and are not in the action stage's list.
MORE_VERBS = frozenset("""
    accept agree allow alert announce ask audit autoscale avoid bake ban benchmark block bound
    bump buy cache cap capture catch clear close collect combine confirm connect consider contact
    convert correct cover cut deduplicate delete deprecate detect diff disallow discuss drill
    drive drop email encrypt enroll escalate estimate exclude expire expose extract fail fall
    file fill flag flush follow fund gate get give go graph grow guard handle hook host join
    label let lint lock log lower mark mask measure merge offer onboard open
    order own page pair pause persist pilot poll post postpone practice practise prototype prune
    publish pull push put query reach read rebalance recheck reconcile redesign redo
    refine refresh register rehearse reindex reject release remind rename renew reorder repair
    replicate report reproduce request reset resize restart restore retry revert revisit revoke
    rework right-size route save scale scan script secure send serve ship show shorten sign
    simulate size skip spread stage store streamline subscribe sunset support swap sync take
    talk teach throttle tighten timebox touch trace triage try turn unblock unify version warn
    watch widen wire work wrap
""".split())
VERBS = frozenset(verb.lower() for verb in IMPERATIVE_VERBS) | MORE_VERBS
# Two-word verbs whose first word alone is not one ("load test the checkout path").
COMPOUND_VERBS = frozenset({"load test", "stress test", "smoke test", "pen test", "dry run", "spot check"})
# Words after which the next word is a verb: modals, auxiliaries, infinitive "to", negation.
AUXILIARIES = frozenset("""
    will shall should must can cannot could would may might need needs to is are was were be
    been being has have had do does don't doesn't won't can't shouldn't mustn't never 'll
""".split())
# After "to", these mean a preposition ("sent to the team"), not an infinitive.
DETERMINERS = frozenset("a an the our their its this that these those every each all any some no".split())
RELATIVES = frozenset("that which who".split())
PRONOUNS = frozenset("i we you he she it they".split())
# Endings that make a word a verb on their own ("normalise", "harden" is too risky).
VERB_ENDINGS = ("ise", "ize", "ify")
# Prefixes a known verb can carry ("re-run", "pre-scale", "auto-revert", "rebuild").
VERB_PREFIXES = ("re-", "pre-", "auto-", "re", "pre")

_DECORATION = re.compile(
    r"^(?:\s|[|#>*_`~\-+•·▪◦]|o(?=\s)|\d{1,3}[.)]\s|\d{1,3}\s*\||\[[ xX]?\]|[^\w\s'\"(\[]|"
    r"\[[A-Z][A-Z0-9]+-\d+\]|[A-Z][A-Z0-9]+-\d+:?|\((?:P\d|high|medium|low)\)|\[(?:P\d|high|medium|low)\])+")
_MARKUP = re.compile(r"<[^>]{1,200}>|&[a-z]+;|\*\*|__|`")
_LEAD = re.compile(r"^(?P<lead>[^:;.!?]{2,60})[:;.!?]\s+(?P<rest>\S.*)$", re.S)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def says_what_to_do(text: str) -> bool:
    """True when the item is phrased as an action (see the module docstring)."""
    clean = _MARKUP.sub(" ", text)
    return any(_clause_says(part) for part in _clauses(clean))


def _clauses(text: str) -> list[str]:
    """The item; or, when it opens with a `Label:` or a short first sentence ("Runbook: ...",
    "Status monitoring. Enable ..."), that lead and the rest apart."""
    text = _DECORATION.sub("", text.strip())
    lead = _LEAD.match(text)
    if not lead:
        return [text]
    # the rest may open with a lead of its own ("Review: Task: Audit every listener.")
    return [lead.group("lead"), *_clauses(lead.group("rest"))]


def _clause_says(text: str) -> bool:
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    if not words:
        return False
    opening = ("base", "ing", "ed") if len(words) > 1 else ("base",)  # "Monitoring" alone is a topic
    if _is_verb(words[0], opening) or " ".join(words[:2]) in COMPOUND_VERBS:
        return True
    for previous, word, following in zip(words, words[1:], words[2:] + [""]):
        if previous in AUXILIARIES and (previous != "to" or word not in DETERMINERS) and not word.isdigit():
            return True
        if _is_verb(word, ("ed",)) or (previous in RELATIVES and word not in DETERMINERS | PRONOUNS):
            return True
    return False


def _is_verb(word: str, forms: tuple[str, ...]) -> bool:
    return any(candidate in VERBS or (form == "base" and candidate.endswith(VERB_ENDINGS))
               for form in forms for candidate in _lemmas(word, form))


def _lemmas(word: str, form: str) -> list[str]:
    """Candidate base forms of `word` read as the given form ("stopped" -> stopp, stop)."""
    bare = next((word[len(p):] for p in VERB_PREFIXES if word.startswith(p) and word[len(p):] in VERBS), None)
    if form == "base":
        return [word] + ([bare] if bare else [])
    suffix = {"s": ("s", "es"), "ing": ("ing",), "ed": ("ed", "d")}[form]
    found = []
    for ending in suffix:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            found += [stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem]
            found += [stem[len(p):] for p in VERB_PREFIXES if stem.startswith(p)]
            if stem.endswith("i"):
                found.append(stem[:-1] + "y")  # applied -> apply, copies -> copy
    return found
