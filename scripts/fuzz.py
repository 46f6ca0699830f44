"""Fuzz reading and extraction for a given time; save every input that breaks a rule.

    python scripts/fuzz.py --minutes 10 --out fuzz-findings

Inputs come from Hypothesis (`tests/strategies.py`): made-up postmortem-like text and the
postmortems of `--seeds` (default `corpus/`) edited, encoded the ways old archives do, then
damaged; and raw random bytes. Each input must:

- read: `read_bytes` gives a Document or raises `PostmortemError` (nothing else);
- extract: the stages run without raising, and the record validates;
- quote: every span lies inside the text and each quoted `text` is exactly `text[start:end]`;
- repeat: extracting it again gives the same record;
- be quick: no input of this size may take `--slow` seconds (a super-linear regex).

A broken rule is a finding: Hypothesis shrinks the input, the script saves it as
`OUT/<rule>-<sha>.bin` with a `.txt` report (rule, traceback) and goes on looking for
findings with a different signature (rule + where it was raised). Slow inputs are saved
unshrunk (time is not reproducible enough to shrink on). Exit code 1 when anything was found.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

from strategies import file_bytes  # noqa: E402


HANG_SECONDS = 60  # an input still running after this is a hang: saved as slow, not waited for


class Broken(AssertionError):
    """A rule the input broke; `rule` names it, the message says how."""

    def __init__(self, rule: str, detail: str):
        super().__init__(f"{rule}: {detail}")
        self.rule = rule


@dataclass
class Campaign:
    out: Path
    slow: float
    known: set[str] = field(default_factory=set)
    examples: int = 0
    found: list[str] = field(default_factory=list)
    last: tuple[bytes, BaseException] | None = None

    def save(self, data: bytes, rule: str, report: str) -> None:
        name = f"{rule}-{hashlib.sha256(data).hexdigest()[:12]}"
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / f"{name}.bin").write_bytes(data)
        (self.out / f"{name}.txt").write_text(report, encoding="utf-8")
        self.found.append(name)
        print(f"  found {name} ({len(data)} bytes)", flush=True)


def check(data: bytes, nlp) -> float:
    """Apply every rule to one input; raise `Broken`; return the seconds extraction took."""
    from pipeline.errors import PostmortemError
    from pipeline.guard import Overrun, deadline
    from pipeline.ingest import read_bytes

    try:
        document = read_bytes(data, path="fuzz.md")
    except PostmortemError:
        return 0.0
    except Exception as exc:  # noqa: BLE001 (any other exception is the finding)
        raise Broken("read", f"{type(exc).__name__}: {exc}") from exc
    started = time.perf_counter()
    try:
        with deadline(HANG_SECONDS):
            first = _extract(nlp, document)
    except Overrun:
        return float("inf")
    seconds = time.perf_counter() - started
    _check_quotes(first)
    if _extract(nlp, document).model_dump_json() != first.model_dump_json():
        raise Broken("repeat", "a second extraction gave another record")
    return seconds


def _extract(nlp, document):
    from pipeline.nlp import process
    from pipeline.record import doc_to_record

    try:
        return doc_to_record(process(nlp, document))
    except Exception as exc:  # noqa: BLE001
        raise Broken("extract", f"{type(exc).__name__}: {exc}") from exc


def _check_quotes(record) -> None:
    text = record.text
    for where, span in record._spans():
        if not 0 <= span.start <= span.end <= len(text):
            raise Broken("quote", f"{where} {span.start}:{span.end} outside {len(text)} characters")
        quoted = getattr(span, "text", None)
        if quoted is not None and quoted != text[span.start:span.end]:
            raise Broken("quote", f"{where} text {quoted!r} != text[{span.start}:{span.end}]")


def signature(exc: BaseException) -> str:
    """The rule and the innermost project frame it was raised from."""
    rule = getattr(exc, "rule", type(exc).__name__)
    cause = exc.__cause__ or exc
    frames = [f for f in traceback.extract_tb(cause.__traceback__) if "/pipeline/" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{rule}@{where}:{type(cause).__name__}"


def run_once(campaign: Campaign, nlp, examples: int, seeds: list[str]) -> None:
    """One Hypothesis run: returns when `examples` inputs passed or a new finding was shrunk."""

    @settings(max_examples=examples, deadline=None, database=None, print_blob=False, report_multiple_bugs=False,
              suppress_health_check=list(HealthCheck))
    @given(file_bytes(seeds))
    def probe(data):
        campaign.examples += 1
        try:
            seconds = check(data, nlp)
        except Broken as exc:
            if signature(exc) in campaign.known:
                return
            campaign.last = (data, exc)
            raise
        if seconds > campaign.slow:
            campaign.save(data, "slow", f"slow: {seconds:.2f} s for {len(data)} bytes\n")

    try:
        probe()
    except Broken:
        data, exc = campaign.last
        sig = signature(exc)
        campaign.known.add(sig)
        data, exc = minimise(data, exc, nlp)
        report = f"{sig}\n{exc}\n\n" + "".join(traceback.format_exception(exc.__cause__ or exc))
        campaign.save(data, exc.rule, report)


def minimise(data: bytes, exc: Broken, nlp, seconds: float = 60.0) -> tuple[bytes, Broken]:
    """Delete chunks of the input, largest first, while it still breaks the same rule at the
    same place (Hypothesis shrinks the strategy's choices, not the bytes)."""
    wanted, stop = signature(exc), time.monotonic() + seconds
    size = max(len(data) // 2, 1)
    while size and time.monotonic() < stop:
        at = 0
        while at < len(data) and time.monotonic() < stop:
            candidate = data[:at] + data[at + size:]
            try:
                check(candidate, nlp)
            except Broken as again:
                if signature(again) == wanted:
                    data, exc = candidate, again
                    continue
            at += size
        size //= 2
    return data, exc


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="how long to run (default 10)")
    parser.add_argument("--out", type=Path, default=Path("fuzz-findings"), help="where findings are saved")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds an input may take (default 2)")
    parser.add_argument("--examples", type=int, default=300, help="inputs per Hypothesis run (default 300)")
    parser.add_argument("--seeds", type=Path, default=ROOT / "corpus",
                        help="folder of postmortems (*.md, *.txt) to edit into inputs (default corpus/)")
    args = parser.parse_args(argv)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(args.seeds.glob("*")) if p.suffix in (".md", ".txt")]

    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    campaign = Campaign(args.out, args.slow)
    started = time.monotonic()
    stop = started + args.minutes * 60
    while time.monotonic() < stop:
        run_once(campaign, nlp, args.examples, seeds)
        print(f"{(time.monotonic() - started) / 60:5.1f} min  {campaign.examples} inputs  "
              f"{len(campaign.found)} findings", flush=True)
    minutes = (time.monotonic() - started) / 60
    print(f"ran {minutes:.1f} min, {campaign.examples} inputs, {len(campaign.found)} findings"
          + (f" in {args.out}/" if campaign.found else ""))
    for name in campaign.found:
        print(f"  {name}")
    return 1 if campaign.found else 0


if __name__ == "__main__":
    sys.exit(main())
