"""Baselines: accept today's findings, fail only on new ones, and see which got fixed.

`write_baseline` records every finding of a report by fingerprint (see
gapcheck.fingerprint: it survives line shifts) with its code, path, message
and how often it occurs, as sorted JSON without dates, so the file diffs well.

`apply_baseline` removes findings the baseline accepts. Identical findings are
matched by count: with two `[TODO]`s accepted, a third is new. A requirement
whose remaining findings no longer fail keeps its honest verdict (incomplete,
missing…) but is marked `baselined` and does not fail the gate. Entries that
no longer occur are reported as fixed so the file can shrink.
`Report.extra["baseline"]` holds `file`, `new`, `known` and `fixed`.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gapcheck.engine import gate_fails, verdict_for
from gapcheck.errors import GapcheckError
from gapcheck.fingerprint import fingerprint
from gapcheck.model import Finding, Report, RequirementResult
from gapcheck.outputs import write_atomic

FORMAT_VERSION = 1
_FINGERPRINT_RE = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    code: str
    path: str
    message: str
    count: int = 1

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True, slots=True)
class Baseline:
    file: str
    entries: tuple[Entry, ...]

    def counts(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        for entry in self.entries:
            counts[entry.fingerprint] += entry.count
        return counts


def entries_for(findings: Iterable[Finding]) -> list[Entry]:
    first: dict[str, Finding] = {}
    counts: Counter[str] = Counter()
    for finding in sorted(findings):
        key = fingerprint(finding)
        first.setdefault(key, finding)
        counts[key] += 1
    entries = [Entry(key, f.code, f.path, f.message, counts[key]) for key, f in first.items()]
    return sorted(entries, key=lambda e: (e.path, e.code, e.fingerprint))


def dumps(findings: Iterable[Finding]) -> str:
    data = {
        "gapcheck_baseline": FORMAT_VERSION,
        "findings": [entry.to_json() for entry in entries_for(findings)],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_baseline(report: Report, path: Path) -> int:
    """Write every finding of the report to PATH; returns how many findings it holds."""
    write_atomic(path, dumps(report.findings))
    return len(report.findings)


def _entry(item: Any, index: int, shown: str) -> Entry:
    where = f"findings[{index}]"
    if not isinstance(item, dict):
        raise GapcheckError("malformed baseline: an entry is not an object", path=shown, key=where)
    values = {name: item.get(name) for name in ("fingerprint", "code", "path", "message")}
    for name, value in values.items():
        if not isinstance(value, str):
            raise GapcheckError(f"malformed baseline: '{name}' must be text", path=shown, key=where)
    if not _FINGERPRINT_RE.match(values["fingerprint"] or ""):
        raise GapcheckError("malformed baseline: bad fingerprint", path=shown, key=where)
    count = item.get("count", 1)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise GapcheckError("malformed baseline: 'count' must be a positive integer", path=shown, key=where)
    return Entry(
        str(values["fingerprint"]), str(values["code"]), str(values["path"]), str(values["message"]), count
    )


def parse_baseline(text: str, shown: str) -> Baseline:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GapcheckError(f"malformed baseline: not JSON ({exc.msg})", path=shown, line=exc.lineno) from exc
    if not isinstance(data, dict) or data.get("gapcheck_baseline") != FORMAT_VERSION:
        raise GapcheckError(
            f'malformed baseline: expected an object with "gapcheck_baseline": {FORMAT_VERSION}', path=shown
        )
    items = data.get("findings")
    if not isinstance(items, list):
        raise GapcheckError("malformed baseline: 'findings' must be a list", path=shown)
    return Baseline(shown, tuple(_entry(item, index, shown) for index, item in enumerate(items)))


def load_baseline(path: Path, shown: str | None = None) -> Baseline:
    shown = shown or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise GapcheckError("baseline file does not exist", path=shown) from exc
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8"
        raise GapcheckError(f"cannot read baseline: {reason}", path=shown) from exc
    return parse_baseline(text, shown)


def _known(findings: Sequence[Finding], baseline: Baseline) -> tuple[set[Finding], Counter[str]]:
    """Findings the baseline accepts, and the accepted counts left over (fixed)."""
    left = baseline.counts()
    known: set[Finding] = set()
    for finding in sorted(findings):
        key = fingerprint(finding)
        if left[key] > 0:
            left[key] -= 1
            known.add(finding)
    return known, left


def _filter(result: RequirementResult, known: set[Finding]) -> RequirementResult:
    kept = tuple(f for f in result.findings if f not in known)
    if len(kept) == len(result.findings):
        return result
    baselined = result.verdict.failing and not verdict_for(kept).failing
    note = result.note
    if baselined:
        note = (note + "; " if note else "") + "failing only on baselined findings"
    return dataclasses.replace(result, findings=kept, baselined=baselined, note=note)


def _fixed(baseline: Baseline, left: Counter[str]) -> list[dict[str, Any]]:
    fixed = []
    for entry in baseline.entries:
        gone = min(left[entry.fingerprint], entry.count)
        if gone > 0:
            left[entry.fingerprint] -= gone
            fixed.append(dataclasses.replace(entry, count=gone).to_json())
    return fixed


def apply_baseline(report: Report, baseline: Baseline) -> Report:
    known, left = _known(report.findings, baseline)
    results = tuple(_filter(result, known) for result in report.results)
    new = tuple(f for f in report.findings if f not in known)
    passed = report.gate_passed or not any(gate_fails(result, report.fail_on) for result in results)
    info = {
        "file": baseline.file,
        "new": [{"fingerprint": fingerprint(f), **f.to_json()} for f in new],
        "known": len(report.findings) - len(new),
        "fixed": _fixed(baseline, left),
    }
    return dataclasses.replace(
        report, results=results, findings=new, gate_passed=passed, extra={**report.extra, "baseline": info}
    )
