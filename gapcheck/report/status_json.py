"""`gapcheck status --format json`: byte-stable (sorted keys, no timestamps), like the check report."""

from __future__ import annotations

import json
from typing import Any

from gapcheck.metrics import MetricResult
from gapcheck.model import RequirementResult, Task
from gapcheck.report.status_text import task_state
from gapcheck.status import VERDICT_ORDER, Group, Status


def _requirement(result: RequirementResult) -> dict[str, Any]:
    requirement = result.requirement
    return {
        "path": requirement.path,
        "title": requirement.title,
        "verdict": result.verdict.value,
        "priority": requirement.priority.value if requirement.priority else None,
        "owner": requirement.owner,
        "due": requirement.due.isoformat() if requirement.due else None,
        "overdue_days": result.overdue_days,
        "claimed": requirement.claimed,
        "claim_text": requirement.claim_text,
        "plan": requirement.origin.file,
        "line": requirement.origin.line,
    }


def _task(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "state": task_state(task),
        "claimed": task.claimed,
        "claim_text": task.claim_text,
        "owner": task.owner,
        "due": task.due.isoformat() if task.due else None,
        "plan": task.origin.file,
        "line": task.origin.line,
    }


def _numbers(group: Group) -> dict[str, Any]:
    return {
        "total": group.total,
        "percent_complete": group.percent,
        "counts": {verdict.value: n for verdict, n in group.counts().items()},
        "owners": list(group.owners),
        "due": group.due.isoformat() if group.due else None,
    }


def _section(group: Group) -> dict[str, Any]:
    return {
        "name": group.name,
        **_numbers(group),
        "requirements": [_requirement(result) for result in group.results],
        "tasks": [_task(task) for task in group.tasks],
    }


def _metric(result: MetricResult) -> dict[str, Any]:
    return {
        "text": result.metric.text,
        "phase": result.metric.phase,
        "plan": result.metric.origin.file,
        "line": result.metric.origin.line,
        "ticked": result.metric.checked,
        "state": result.state.value,
        "reason": result.reason,
        "requirements": list(result.requirements),
        "tasks": list(result.tasks),
    }


def status_json(status: Status) -> dict[str, Any]:
    return {
        "today": status.today.isoformat(),
        "plans": list(status.plans),
        "gate": "pass" if status.gate_passed else "fail",
        "verdicts": [verdict.value for verdict in VERDICT_ORDER],
        "overall": _numbers(status.overall),
        "phases": [
            {"name": phase.name, **_numbers(phase), "sections": [_section(s) for s in phase.children]}
            for phase in status.phases
        ],
        "metrics": [_metric(result) for result in status.metrics],
        "unplanned": [finding.path for finding in status.unplanned],
    }


def render(status: Status) -> str:
    return json.dumps(status_json(status), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
