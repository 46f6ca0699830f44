"""Action-item themes: what kind of fix an action item is, by the words it uses.

A table of themes and cue patterns (data, not logic); an item may belong to several
themes, and one that matches none is "other".
"""
from __future__ import annotations

import re

OTHER = "other"

THEMES = {
    "monitoring & alerting": r"alert\w*|monitor\w*|dashboards?|pag(?:e|es|ing) (?:on-?call|the)|observab\w*|metrics?"
                             r"|synthetic|health ?checks?|probes?|SLOs?|error budget|logging|visibility|watchdog"
                             r"|status (?:feed|webhook)|detection source",
    "testing & validation": r"tests?|testing|tested|staging|canar(?:y|ies)|validat\w*|lint\w*|QA|dry[- ]run"
                            r"|pre-?flight|verif(?:y|ication)|load[- ]test\w*|chaos",
    "deploys & rollback": r"deploy\w*|roll-?outs?|roll(?:ing)?[- ]?backs?|releases?|feature[- ]flags?|flags?"
                          r"|revert\w*|CI|CD|pipelines?|gradual|phased|blue[- ]green",
    "capacity & limits": r"capacity|scal(?:e|es|ing)|autoscal\w*|rate[- ]limit\w*|quotas?|limits?|pools?"
                         r"|throttl\w*|head-?room|disk space|free space|ulimit|connections? (?:cap|max)|cap"
                         r"|retries|batch size|workers|retention|cach(?:e|ing)|queue",
    "runbooks & docs": r"runbooks?|document\w*|playbooks?|wiki|docs|checklists?|write[- ]up|README",
    "access & security": r"permissions?|access|credentials?|secrets?|tokens?|rotat\w*|MFA|2FA|least[- ]privilege"
                         r"|IAM|RBAC|WAF|security|phishing|bot|captcha|firewall|audit|passwords?|breached|auth\w*",
    "review & change process": r"reviews?|reviewer|approv\w*|sign-?off|change (?:management|control|freeze)"
                               r"|process|polic(?:y|ies)|four[- ]eyes|peer|guardrails?",
    "backups & recovery": r"backups?|restor\w*|snapshots?|recover\w*|fail(?:-| )?overs?|redundan\w*|replica\w*"
                          r"|disaster|DR|point[- ]in[- ]time|second (?:region|zone)|two zones|dual-home\w*",
    "communication": r"status ?page|communicat\w*|notif(?:y|ication)\w*|announce\w*|customers? (?:email|notice)"
                     r"|support team|stakeholders?|escalation (?:path|policy)|incident channel",
    "dependencies & vendors": r"vendors?|providers?|third[- ]party|suppliers?|contracts?|SLAs?|dependenc\w*"
                              r"|upgrad\w*|multi-?region|fallback",
    "configuration": r"config\w*|settings?|terraform|infrastructure[- ]as[- ]code|IaC|TTLs?|DNS|certificates?"
                     r"|expir\w*|renew\w*|timeouts?",
    "training & drills": r"train\w*|onboard\w*|workshops?|knowledge|educat\w*|drills?|game ?days?|tabletop",
    "safeguards": r"prompts?|confirm\w*|deletion protection|guard\w*|wrapper|typed|undo|protect\w*|PROD marker"
                  r"|asks? for|fail (?:fast|loudly)|fail to render|lock_timeout|deny|block\w*",
    "code fixes": r"fix(?:es|ed)?|hotfix|patch\w*|bugs?|ship \d[\w.]*|exceptions?|try/except|null|handl\w*",
    "hardware & spares": r"spares?|hardware|UPS|switch(?:es)?|controllers?|racks?|line cards?|phones|device lab"
                         r"|disks?|volumes?|AMI",
}
_COMPILED = {theme: re.compile(rf"\b(?:{pattern})\b", re.I) for theme, pattern in THEMES.items()}


def themes_of(text: str) -> list[str]:
    """The themes an action item's text names, in table order; `["other"]` when none."""
    found = [theme for theme, pattern in _COMPILED.items() if pattern.search(text)]
    return found or [OTHER]
