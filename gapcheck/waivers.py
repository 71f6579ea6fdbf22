"""Waivers: a requirement excused, with a reason, until a date.

    waivers:
      - path: legal/TERMS.md
        reason: Counsel is drafting it; due with the Q3 launch.
        expires: 2026-09-30

Up to and including `expires`, a failing requirement gets the verdict
`waived`, which does not fail the gate. Its findings are dropped from the
report (the note says how many), so a waiver does not flood annotations with
problems the team has already accepted; run without the waiver to see them.
A requirement that passes anyway keeps its verdict. From the day after
`expires`, the waiver no longer applies: the requirement is judged as if it had
none, and a `waiver-expired` finding (GC701) points at the waiver in the
config file. A waiver's `path` is a requirement's path or a gitignore-style
pattern matching it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from gapcheck.checks.existence import WAIVER_EXPIRED
from gapcheck.config import Config, Waiver
from gapcheck.globs import glob_matches
from gapcheck.model import RequirementResult, Verdict


def _normal(path: str) -> str:
    return path.removeprefix("./").rstrip("/")


def waiver_for(path: str, waivers: Sequence[Waiver]) -> Waiver | None:
    for waiver in waivers:
        if _normal(waiver.path) == _normal(path):
            return waiver
        if glob_matches(waiver.path, _normal(path)):
            return waiver
    return None


def waive(result: RequirementResult, waiver: Waiver) -> RequirementResult:
    if not result.verdict.failing:
        return result
    hidden = len(result.findings)
    note = f"waived until {waiver.expires.isoformat()}: {waiver.reason}"
    if hidden:
        note += f" ({hidden} finding{'s' if hidden != 1 else ''} not shown)"
    return dataclasses.replace(result, verdict=Verdict.WAIVED, findings=(), note=note)


def expire(result: RequirementResult, waiver: Waiver, config_file: str) -> RequirementResult:
    path = result.requirement.path
    finding = WAIVER_EXPIRED.finding(
        config_file,
        waiver.line,
        f"the waiver for {path} expired on {waiver.expires.isoformat()} ({waiver.reason}); "
        "it is checked again",
        hint="Fix the document, or renew the waiver with a new date and reason.",
        requirement=path,
    )
    # The verdict stays what the document earns: an expired waiver on a complete document
    # is stale configuration, not a gap.
    return dataclasses.replace(result, findings=tuple(sorted((*result.findings, finding))))


def apply_waivers(
    results: Sequence[RequirementResult], config: Config, today: dt.date
) -> list[RequirementResult]:
    if not config.waivers:
        return list(results)
    config_file = config.file or ".gapcheck.yaml"
    applied = []
    for result in results:
        waiver = waiver_for(result.requirement.path, config.waivers)
        if waiver is None:
            applied.append(result)
        elif today <= waiver.expires:
            applied.append(waive(result, waiver))
        else:
            applied.append(expire(result, waiver, config_file))
    return applied
