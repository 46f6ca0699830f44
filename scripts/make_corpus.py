#!/usr/bin/env python3
"""Write N synthetic postmortems for scale tests: `python scripts/make_corpus.py N OUTDIR`.

Every document comes from our own templates and word lists below, in varied styles: heading
styles (markdown, `Label:` lines, bold, underlined, capitals), clock styles (24 h, 12 h,
seconds), zones (named, offsets, none), date styles, timeline layouts (bullets, tables,
`time: text` lines), causes of every category, impact phrasings, action items with and without
owners, and lengths from a short note to a long report. Document i depends only on the seed
and i, so a corpus of 1,000 is the start of a corpus of 100,000. Files go 1,000 to a folder.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

SERVICES = ["checkout", "search", "login", "payments API", "image CDN", "billing worker", "notification service",
            "order database", "mobile API gateway", "recommendations", "inventory sync", "chat backend",
            "reporting pipeline", "webhooks", "file uploads", "DNS resolver fleet", "session cache", "admin console"]
VERBS = ["check out", "sign in", "search the catalogue", "upload files", "receive e-mails", "load their dashboard",
         "pay by card", "open the mobile app", "download invoices", "see recent orders"]
NAMES = ["amara", "bongani", "chen", "dario", "elif", "farah", "goran", "hana", "ines", "jomo", "kwame", "lena",
         "mateo", "nadia", "oskar", "priya", "quentin", "rosa", "sipho", "tomas", "uma", "viktor", "wanjiru", "yuki"]
ZONES = [("UTC", "UTC"), ("PST", "PST"), ("PDT", "PDT"), ("EST", "EST"), ("CET", "CET"), ("CEST", "CEST"),
         ("IST", "IST"), ("JST", "JST"), ("AEST", "AEST"), ("UTC+2", "UTC+2"), ("GMT", "GMT"), ("EAT", "EAT"), (None, "")]
HEADINGS = {
    "summary": ["Summary", "Overview", "What happened", "Incident summary"],
    "impact": ["Impact", "Customer impact", "Who was affected"],
    "timeline": ["Timeline", "Timeline of events", "Sequence of events", "Chronology"],
    "root_cause": ["Root cause", "Root cause analysis", "Why it happened", "Cause"],
    "resolution": ["Resolution", "How we fixed it", "Mitigation and recovery"],
    "actions": ["Action items", "Follow-up actions", "Next steps", "Corrective actions"],
    "lessons": ["Lessons learned", "What went well", "What we learned"],
}
CAUSES = {
    "configuration": ["a load balancer rule that sent every request to a single pool",
                      "a feature flag turned on for all regions instead of one",
                      "a connection pool limit lowered from 200 to 20 in a config push",
                      "an expired TLS certificate on the internal proxy"],
    "code_change": ["a release that removed an index the {service} queries relied on",
                    "a null check dropped in the 4.{minor} deploy of {service}",
                    "a retry loop without backoff introduced in the latest release"],
    "capacity": ["disk space exhaustion on the primary {service} database",
                 "a traffic spike three times the usual peak that the {service} cluster could not absorb",
                 "memory exhaustion on the {service} hosts after a slow leak"],
    "dependency": ["an outage at our upstream payment provider",
                   "a third-party DNS provider returning SERVFAIL for our zone",
                   "rate limiting by the e-mail vendor's API"],
    "infrastructure": ["a failed network switch in the second rack",
                       "a storage volume that detached during host maintenance",
                       "a kernel upgrade that broke the container runtime on half the nodes"],
    "human_error": ["an engineer running a cleanup script against production instead of staging",
                    "a manual DNS change that deleted the record for the load balancer"],
    "security": ["a credential-stuffing attack against the {service} endpoint",
                 "a leaked API key used to flood the {service} with requests"],
}
CAUSE_LEADS = ["The root cause was {cause}.", "This was caused by {cause}.", "It turned out to be {cause}.",
               "Root cause: {cause}.", "The outage was triggered by {cause}."]
EVENTS = {
    "detection": ["Monitoring alert fires for elevated 5xx errors on {service}", "On-call engineer paged by {service} latency alert",
                  "Customer support reports users unable to {verb}"],
    "investigation": ["{owner} starts investigating {service} logs", "Team suspects the recent deploy and checks the diff",
                      "Dashboards show the {service} error rate climbing"],
    "escalation": ["Incident declared and escalated to the database team", "{owner} joins the incident call"],
    "mitigation": ["Rolled back the {service} release", "Traffic shifted to the standby region",
                   "Feature flag disabled for all regions", "Extra capacity added to the {service} cluster"],
    "resolution": ["Error rates back to baseline; incident resolved", "{service} fully recovered", "All systems operational"],
    "communication": ["Status page updated", "Customers notified by e-mail"],
}
ACTIONS = ["Add an alert on {service} saturation", "Write a runbook for {service} failover",
           "Require review for production config changes", "Load test {service} at twice the peak",
           "Add a canary stage to the {service} deploy", "Rotate and scope the API keys",
           "Add a staging guard to the cleanup scripts", "Automate certificate renewal"]
FILLER = ["The team worked through the issue together on a shared call.",
          "Several customers reached out through support while the issue was ongoing.",
          "We want to thank everyone who helped during the response.",
          "Our dashboards did not show the problem clearly at first.",
          "The change had passed review and all automated tests.",
          "We will share a follow-up once the action items are complete.",
          "Communication between teams was quick and clear.",
          "The on-call rotation worked as expected."]


def clock(rng: random.Random, moment: dt.datetime, style: int) -> str:
    if style == 0:
        return moment.strftime("%H:%M")
    if style == 1:
        return moment.strftime("%I:%M %p").lstrip("0")
    return moment.strftime("%H:%M:%S")


def date_text(day: dt.date, style: int) -> str:
    return [f"{day:%B} {day.day}, {day.year}", day.isoformat(), f"{day.day} {day:%b} {day.year}",
            f"{day:%A}, {day.day} {day:%B} {day.year}"][style]


def heading(title: str, style: int) -> list[str]:
    if style == 0:
        return [f"## {title}", ""]
    if style == 1:
        return [f"{title}:"]
    if style == 2:
        return [f"**{title}**", ""]
    if style == 3:
        return [title, "-" * len(title), ""]
    return [title.upper(), ""]


def fill(rng: random.Random, template: str, service: str) -> str:
    return template.format(service=service, verb=rng.choice(VERBS), owner=rng.choice(NAMES).title(),
                           minor=rng.randint(1, 30))


def timeline(rng: random.Random, start: dt.datetime, zone: str, service: str) -> tuple[list[str], dt.datetime]:
    layout, style = rng.randrange(4), rng.randrange(3)
    kinds = ["detection", "investigation"] + rng.sample(["escalation", "communication", "investigation"], rng.randint(0, 3)) \
        + ["mitigation"] * rng.randint(1, 2) + ["resolution"]
    moment, lines = start, []
    if layout == 3:
        lines += ["| Time | Event |", "|---|---|"]
    for kind in kinds:
        text = fill(rng, rng.choice(EVENTS[kind]), service)
        when = clock(rng, moment, style) + (f" {zone}" if zone and rng.random() < 0.3 else "")
        lines.append([f"- {when} - {text}", f"{when}: {text}", f"* **{when}** {text}", f"| {when} | {text} |"][layout])
        last, moment = moment, moment + dt.timedelta(minutes=rng.randint(2, 40))
    return lines, last


def document(seed: int, index: int) -> tuple[str, str]:
    """(suffix, text) of document `index`."""
    rng = random.Random(f"{seed}:{index}")
    service = rng.choice(SERVICES)
    day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
    start = dt.datetime.combine(day, dt.time(rng.randrange(24), rng.randrange(60)))
    zone_name, zone = rng.choice(ZONES)
    category = rng.choice(sorted(CAUSES))
    cause = fill(rng, rng.choice(CAUSES[category]), service)
    events, end = timeline(rng, start, zone, service)
    minutes = int((end - start).total_seconds() // 60)
    style = rng.randrange(5)
    zone_note = f" (all times {zone})" if zone else ""
    sections = {
        "summary": [f"On {date_text(day, rng.randrange(4))} the {service} was degraded for {minutes} minutes"
                    f" between {clock(rng, start, 0)} and {clock(rng, end, 0)}{(' ' + zone) if zone else ''}."],
        "impact": [rng.choice([f"About {rng.choice([5, 12, 25, 40, 60, 85])}% of users could not {rng.choice(VERBS)}.",
                               f"{rng.randint(2, 900) * 100:,} customers were affected.",
                               f"All users were unable to {rng.choice(VERBS)}.",
                               "Impact was limited to internal dashboards."])],
        "timeline": events,
        "root_cause": [rng.choice(CAUSE_LEADS).format(cause=cause)],
        "resolution": [f"We mitigated the issue and the {service} recovered at {clock(rng, end, 0)}."],
        "actions": [f"{n}. {fill(rng, action, service)}" + (f" (owner: @{rng.choice(NAMES)})" if rng.random() < 0.5 else "")
                    for n, action in enumerate(rng.sample(ACTIONS, rng.randint(1, 4)), start=1)],
        "lessons": [" ".join(rng.choices(FILLER, k=rng.randint(1, 12)))],
    }
    lines = [f"# {service.title()} incident" if style == 0 else f"Postmortem: {service} incident", ""]
    for kind in ("summary", "impact", "timeline", "root_cause", "resolution", "actions", "lessons"):
        if kind in ("resolution", "lessons") and rng.random() < 0.3:
            continue
        title = rng.choice(HEADINGS[kind]) + (zone_note if kind == "timeline" else "")
        lines += heading(title, style) + sections[kind] + [""]
        if rng.random() < 0.2:  # some reports ramble: length varies from a note to a report
            lines += [" ".join(rng.choices(FILLER, k=rng.randint(3, 30))), ""]
    return (".md" if style in (0, 2) else ".txt"), "\n".join(lines)


def write_corpus(count: int, outdir: Path, seed: int = 0, per_folder: int = 1000) -> list[Path]:
    written = []
    for index in range(count):
        suffix, text = document(seed, index)
        path = outdir / f"{index // per_folder:04d}" / f"pm-{index:07d}{suffix}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="how many documents")
    parser.add_argument("outdir", type=Path, help="where to write them (1,000 per folder)")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same documents (default 0)")
    args = parser.parse_args()
    write_corpus(args.count, args.outdir, args.seed)
    print(f"wrote {args.count:,} postmortems under {args.outdir}")


if __name__ == "__main__":
    main()
