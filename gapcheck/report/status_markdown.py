"""`gapcheck status` as GitHub-flavoured Markdown (a job summary, a wiki page, a PR comment).

Plan text is untrusted: every title is escaped so it stays text (no links,
HTML or table breaks), and paths go into code spans.
"""

from __future__ import annotations

import re

from gapcheck.metrics import MetricResult
from gapcheck.model import RequirementResult, Task, Verdict
from gapcheck.report.status_text import count_words, result_notes, task_state
from gapcheck.status import VERDICT_ORDER, Group, Status, progress_bar

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#]|&(?=#?\w+;))")
_COUNTED = VERDICT_ORDER[:5]  # waived has no column: it is rare and shows in the rows


def escape(text: str) -> str:
    """Backslash-escape what Markdown or HTML would act on; newlines would break a table row."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def code(text: str) -> str:
    """A code span that survives backticks and pipes in the text."""
    runs = re.findall(r"`+", text)
    fence = "`" * (max((len(run) for run in runs), default=0) + 1)
    inner = text.replace("|", "\\|")
    padded = f" {inner} " if inner.startswith("`") or inner.endswith("`") else inner
    return f"{fence}{padded}{fence}"


def _progress(group: Group) -> str:
    if not group.total:
        return "no documents to check"
    return f"{code(progress_bar(group.percent))} {group.percent}% · {escape(count_words(group))}"


def _details(group: Group) -> str:
    parts = []
    if group.owners:
        label = "Owner" if len(group.owners) == 1 else "Owners"
        parts.append(f"**{label}:** " + "; ".join(escape(owner) for owner in group.owners))
    if group.due:
        parts.append(f"**Due:** {group.due.isoformat()}")
    return " · ".join(parts)


def _overview(status: Status) -> list[str]:
    header = "| Phase | Progress | " + " | ".join(v.value for v in _COUNTED) + " | Due |"
    lines = [header, "|---|---|" + "---:|" * len(_COUNTED) + "---|"]
    for phase in status.phases:
        counts = phase.counts()
        cells = [escape(phase.name or ""), f"{code(progress_bar(phase.percent, 10))} {phase.percent}%"]
        cells += [str(counts[v]) for v in _COUNTED]
        cells.append(phase.due.isoformat() if phase.due else "")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _row(result: RequirementResult) -> str:
    requirement = result.requirement
    cells = [
        f"**{result.verdict.value}**" if result.verdict is not Verdict.COMPLETE else "complete",
        code(requirement.path),
        escape(requirement.title),
        escape("; ".join(result_notes(result))),
    ]
    return "| " + " | ".join(cells) + " |"


def _task_row(task: Task) -> str:
    claim = f" (plan says {task.claim_text or 'done'})" if task.claimed else ""
    return f"| {task_state(task)} | | {escape(task.title)} | {escape(claim.strip(' ()'))} |"


def _table(group: Group) -> list[str]:
    rows = [_row(result) for result in group.results]
    rows += [_task_row(task) for task in group.tasks]
    if not rows:
        return []
    return ["| Verdict | Document | Title | Notes |", "|---|---|---|---|", *rows, ""]


def _phase(phase: Group) -> list[str]:
    lines = [f"## {escape(phase.name or '')}", "", _progress(phase), ""]
    if _details(phase):
        lines += [_details(phase), ""]
    for section in phase.children:
        if section.name is not None:
            lines += [f"### {escape(section.name)}", "", _progress(section), ""]
            if _details(section):
                lines += [_details(section), ""]
        lines += _table(section)
    return lines


def _metric_row(result: MetricResult) -> str:
    ticked = " (ticked in the plan)" if result.metric.checked else ""
    cells = [
        escape(result.metric.text + ticked),
        escape(result.metric.phase or ""),
        f"**{result.state.value}**",
    ]
    cells.append(escape(result.reason))
    return "| " + " | ".join(cells) + " |"


def render(status: Status) -> str:
    gate = "passes" if status.gate_passed else "fails"
    plans = ", ".join(code(plan) for plan in status.plans)
    out = ["# Plan status", "", f"{status.today.isoformat()} · {plans} · the gate {gate}", ""]
    out += [f"**Overall:** {_progress(status.overall)}", "", *_overview(status), ""]
    for phase in status.phases:
        out += _phase(phase)
    if status.metrics:
        out += ["## Success metrics", "", "| Metric | Phase | Result | Why |", "|---|---|---|---|"]
        out += [_metric_row(result) for result in status.metrics]
        out.append("")
    if status.unplanned:
        out += ["## Unplanned documents", "", "In planned folders, named by no plan (information only):", ""]
        out += [f"- {code(finding.path)}" for finding in status.unplanned]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
