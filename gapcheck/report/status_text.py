"""`gapcheck status` as text: a bar per phase and section, then the requirements behind each number."""

from __future__ import annotations

from collections.abc import Iterable

import click

from gapcheck.metrics import MetricResult, MetricState
from gapcheck.model import RequirementResult, Task, Verdict
from gapcheck.report.text import VERDICT_COLOURS
from gapcheck.status import VERDICT_ORDER, Group, Status, progress_bar

METRIC_COLOURS = {MetricState.MET: "green", MetricState.NOT_MET: "red", MetricState.NOT_CHECKABLE: "blue"}
CLAIMED_TASK = "claimed, not checkable"


def _style(text: str, color: bool, **styles: object) -> str:
    return click.style(text, **styles) if color else text  # type: ignore[arg-type]


def count_words(group: Group) -> str:
    """ "3/10 complete · 2 incomplete · 5 missing": the complete share, then every other verdict seen."""
    counts = group.counts()
    parts = [f"{counts[Verdict.COMPLETE]}/{group.total} complete"]
    parts += [f"{counts[v]} {v.value}" for v in VERDICT_ORDER[1:] if counts[v]]
    return " · ".join(parts)


def result_notes(result: RequirementResult) -> list[str]:
    """What a reader needs beside the verdict: priority, claims, due date, lateness."""
    requirement = result.requirement
    notes = [requirement.priority.value] if requirement.priority else []
    if requirement.claimed:
        notes.append(f"plan says {requirement.claim_text or 'done'}")
    if result.overdue_days:
        unit = "day" if result.overdue_days == 1 else "days"
        notes.append(f"overdue by {result.overdue_days} {unit}")
    elif requirement.due:
        notes.append(f"due {requirement.due.isoformat()}")
    return notes


def task_state(task: Task) -> str:
    return CLAIMED_TASK if task.claimed else "not checkable"


def group_details(group: Group) -> str:
    details = []
    if group.owners:
        label = "owner" if len(group.owners) == 1 else "owners"
        details.append(f"{label}: " + "; ".join(group.owners))
    if group.due:
        details.append(f"due {group.due.isoformat()}")
    return f"  ({', '.join(details)})" if details else ""


def _bar_line(group: Group, indent: str, color: bool) -> str:
    if not group.total:
        return f"{indent}no documents to check"
    bar = _style(progress_bar(group.percent), color, fg="green" if group.percent == 100 else None)
    return f"{indent}{bar} {group.percent:>3}%  {count_words(group)}"


def _result_line(result: RequirementResult, indent: str, color: bool) -> str:
    verdict = _style(f"{result.verdict.value:<10}", color, fg=VERDICT_COLOURS[result.verdict])
    notes = result_notes(result)
    suffix = f"  ({', '.join(notes)})" if notes else ""
    return f"{indent}{verdict}  {result.requirement.path}  {result.requirement.title}{suffix}"


def _task_lines(tasks: Iterable[Task], indent: str) -> list[str]:
    tasks = list(tasks)
    lines = [
        f"{indent}{CLAIMED_TASK}  {t.title}  (plan says {t.claim_text or 'done'})" for t in tasks if t.claimed
    ]
    open_tasks = sum(1 for t in tasks if not t.claimed)
    if open_tasks:
        noun = "task" if open_tasks == 1 else "tasks"
        lines.append(f"{indent}+ {open_tasks} {noun} without a path (not checkable)")
    return lines


def _group_lines(group: Group, color: bool) -> list[str]:
    lines = [_style(group.name or "", color, bold=True) + group_details(group), _bar_line(group, "  ", color)]
    for section in group.children:
        indent = "  "
        if section.name is not None:
            lines.append(f"  {section.name}{group_details(section)}")
            lines.append(_bar_line(section, "    ", color))
            indent = "    "
        lines += [_result_line(result, indent, color) for result in section.results]
        lines += _task_lines(section.tasks, indent)
    return lines


def _metric_line(result: MetricResult, color: bool) -> str:
    state = _style(f"{result.state.value:<13}", color, fg=METRIC_COLOURS[result.state])
    ticked = "  [ticked in the plan]" if result.metric.checked else ""
    return f"  {state}  {result.metric.text}{ticked}: {result.reason}"


def render(status: Status, color: bool = False) -> str:
    out = [f"Plan status on {status.today.isoformat()}: " + ", ".join(status.plans), ""]
    out.append(_style("Overall", color, bold=True))
    out.append(_bar_line(status.overall, "  ", color))
    out.append("")
    for phase in status.phases:
        out += [*_group_lines(phase, color), ""]
    if status.metrics:
        out.append(_style("Success metrics", color, bold=True))
        out += [_metric_line(result, color) for result in status.metrics]
        out.append("")
    if status.unplanned:
        out.append(_style("Unplanned documents (in planned folders, named by no plan)", color, bold=True))
        out += [f"  {finding.path}" for finding in status.unplanned]
        out.append("")
    gate = "passes" if status.gate_passed else "fails"
    out.append(f"{count_words(status.overall)} · the gate {gate} (`gapcheck check` decides)")
    return "\n".join(out) + "\n"
