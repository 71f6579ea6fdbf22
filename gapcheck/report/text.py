"""Human output: findings grouped by document, a line per phase, one summary line.

Colour goes through click.style only; the CLI decides whether colour is on
(terminal, NO_COLOR, --color), so this module never looks at the environment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import click

from gapcheck.model import Finding, Report, RequirementResult, Severity, Verdict
from gapcheck.report.notes import text_lines

VERDICT_COLOURS = {
    Verdict.COMPLETE: "green",
    Verdict.INCOMPLETE: "yellow",
    Verdict.STALE: "magenta",
    Verdict.MISSING: "red",
    Verdict.WAIVED: "cyan",
    Verdict.NOT_DUE: "blue",
}
SEVERITY_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "blue"}


def _style(text: str, color: bool, **styles: object) -> str:
    return click.style(text, **styles) if color else text  # type: ignore[arg-type]


def finding_line(finding: Finding, color: bool) -> list[str]:
    severity = _style(f"{finding.severity.value:<7}", color, fg=SEVERITY_COLOURS[finding.severity])
    where = _style(f"{finding.path}:{finding.line}:{finding.column}", color, bold=True)
    code = _style(f"{finding.code} {finding.rule}", color, dim=True)
    lines = [f"  {where}  {severity} {finding.message}  {code}"]
    if finding.source:
        lines.append(f"      source: {finding.source}")
    if finding.hint:
        lines.append(f"      hint: {finding.hint}")
    return lines


# Past this many missing or empty sections a document is a stub or template: one line lists
# them all (JSON and the other formats keep one finding each).
GROUP_AT = 6
GROUPED = {"GC301": "required sections missing", "GC302": "sections empty or too short"}


def _finding_lines(result: RequirementResult, color: bool) -> list[str]:
    groups = {
        code: [f for f in result.findings if f.code == code and f.severity is Severity.ERROR]
        for code in GROUPED
    }
    groups = {code: found for code, found in groups.items() if len(found) >= GROUP_AT}
    lines: list[str] = []
    for finding in result.findings:
        group = groups.get(finding.code, [])
        if finding not in group:
            lines.extend(finding_line(finding, color))
        elif finding is group[0]:
            lines.extend(_group_summary(group, result, color))
    return lines


def _group_summary(group: list[Finding], result: RequirementResult, color: bool) -> list[str]:
    first = group[0]
    severity = _style(f"{first.severity.value:<7}", color, fg=SEVERITY_COLOURS[first.severity])
    where = _style(f"{first.path}:{first.line}:{first.column}", color, bold=True)
    code = _style(f"{first.code} {first.rule}", color, dim=True)
    names = ", ".join(_quoted(f.message) for f in group)
    doc_type = result.requirement.doc_type or "TYPE"
    return [
        f"  {where}  {severity} {len(group)} {GROUPED[first.code]}  {code}",
        f"      {names}",
        (
            f"      hint: `gapcheck schema show {doc_type}` says what each holds and why; "
            "`--format json` lists them one by one."
        ),
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _quoted(message: str) -> str:
    """The first 'quoted' name in a message (the section title), else the message."""
    parts = message.split("'")
    return f"'{parts[1]}'" if len(parts) > 2 else message


def _header(result: RequirementResult, color: bool) -> str:
    requirement = result.requirement
    verdict = _style(result.verdict.value.upper(), color, fg=VERDICT_COLOURS[result.verdict], bold=True)
    details = [requirement.doc_type or "no schema"]
    if requirement.priority:
        details.append(requirement.priority.value)
    if requirement.claimed:
        details.append(f"plan says {requirement.claim_text or 'done'}")
    if result.verdict is Verdict.WAIVED or result.baselined:
        details.append(result.note)  # the waiver's reason and expiry, or "baselined"
    if result.overdue_days:
        details.append(f"overdue by {result.overdue_days} days")
    return f"{_style(requirement.path, color, bold=True)}  {verdict}  ({', '.join(details)})"


def _phase_lines(results: Iterable[RequirementResult], color: bool) -> list[str]:
    phases: dict[str, dict[Verdict, int]] = defaultdict(lambda: defaultdict(int))
    for result in results:
        phases[result.requirement.phase or "(no phase)"][result.verdict] += 1
    lines = []
    width = max((len(name) for name in phases), default=0)
    for name, counts in phases.items():
        parts = [
            _style(f"{counts[v]} {v.value}", color, fg=VERDICT_COLOURS[v])
            for v in Verdict
            if counts[v] or v in (Verdict.COMPLETE, Verdict.MISSING)
        ]
        lines.append(f"  {name:<{width}}  " + " · ".join(parts))
    return lines


def summary_line(report: Report, color: bool) -> str:
    counts = report.verdict_counts()
    verdicts = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    severities = report.severity_counts()
    gate = (
        _style("gate passed", color, fg="green", bold=True)
        if report.gate_passed
        else _style("gate FAILED", color, fg="red", bold=True)
    )
    return (
        f"{len(report.results)} requirements: {verdicts or 'none'} · "
        f"{severities['error']} errors, {severities['warning']} warnings · "
        f"{gate} (fail-on {report.fail_on})"
    )


def render(report: Report, color: bool = False) -> str:
    out: list[str] = []
    for result in report.results:
        if result.verdict is Verdict.NOT_DUE or (result.verdict is Verdict.COMPLETE and not result.findings):
            continue
        out.append(_header(result, color))
        out.extend(_finding_lines(result, color))
        out.append("")
    complete = [
        r.requirement.path + (" (not re-checked)" if r.unchanged else "")
        for r in report.results
        if r.verdict is Verdict.COMPLETE
    ]
    if complete:
        out.append(_style("complete: ", color, fg="green") + ", ".join(complete))
        out.append("")
    # Not due yet: one line, so the output leads with what is owed now (--all or JSON for details).
    not_due = [
        f"{r.requirement.path} ({r.requirement.due})" for r in report.results if r.verdict is Verdict.NOT_DUE
    ]
    if not_due:
        out.append(_style("not due yet: ", color, fg="blue") + ", ".join(not_due))
        out.append("")
    loose = [f for f in report.findings if f.requirement is None]
    for title, group in (
        ("plan and configuration", [f for f in loose if f.code != "GC702"]),
        ("documents the plan does not name", [f for f in loose if f.code == "GC702"]),
    ):
        if group:
            out.append(_style(title, color, bold=True))
            for finding in group:
                out.extend(finding_line(finding, color))
            out.append("")
    if report.tasks:
        open_tasks = sum(1 for task in report.tasks if not task.claimed)
        out.append(
            f"{_count(len(report.tasks), 'plan task')} without a path ({open_tasks} open) "
            "cannot be checked by reading files; `gapcheck plan` lists them."
        )
    out.extend(_phase_lines(report.results, color))
    out.extend(text_lines(report))  # baseline (new, fixed) and --changed notes
    out.append(summary_line(report, color))
    return "\n".join(out) + "\n"
