"""Run notes every human format shows: baseline results and changed-files mode.

The data lives in `Report.extra` as plain JSON values (the JSON report prints
it as it is). Everything here comes out as single lines with control
characters removed, because baseline entries are read from a file in the
repository and must not be able to start a line of their own.
"""

from __future__ import annotations

import re
from typing import Any

from gapcheck.model import Report

_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")


def one_line(text: object) -> str:
    return _CONTROL_RE.sub(" ", str(text)).strip()


def baseline_info(report: Report) -> dict[str, Any] | None:
    info = report.extra.get("baseline")
    return info if isinstance(info, dict) else None


def changed_info(report: Report) -> dict[str, Any] | None:
    info = report.extra.get("changed")
    return info if isinstance(info, dict) else None


def baseline_headline(info: dict[str, Any]) -> str:
    return (
        f"baseline {one_line(info['file'])}: {len(info['new'])} new, {info['known']} known, "
        f"{sum(entry['count'] for entry in info['fixed'])} fixed"
    )


def changed_headline(info: dict[str, Any]) -> str:
    if info["full"]:
        return f"changed since {one_line(info['base'])}: {one_line(info['reason'])}; checked everything"
    skipped = len(info["unchanged"])
    return (
        f"changed since {one_line(info['base'])}: {len(info['files'])} files; "
        f"{skipped} unchanged required documents exist but were not re-checked"
    )


def headlines(report: Report) -> list[str]:
    lines = []
    changed = changed_info(report)
    if changed is not None:
        lines.append(changed_headline(changed))
    baseline = baseline_info(report)
    if baseline is not None:
        lines.append(baseline_headline(baseline))
    return lines


def fixed_lines(report: Report) -> list[str]:
    """One line per baseline entry that no longer occurs: the file can shrink by these."""
    baseline = baseline_info(report)
    if baseline is None:
        return []
    lines = []
    for entry in baseline["fixed"]:
        times = f" (x{entry['count']})" if entry["count"] > 1 else ""
        lines.append(
            f"  fixed: {one_line(entry['path'])}  {one_line(entry['code'])} "
            f"{one_line(entry['message'])}{times}"
        )
    if lines:
        lines.append("  run with --write-baseline to drop the fixed entries from the file")
    return lines


def text_lines(report: Report) -> list[str]:
    """The section the text report prints above its summary line."""
    lines = headlines(report)
    return [*lines, *fixed_lines(report)]
