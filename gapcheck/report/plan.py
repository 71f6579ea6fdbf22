"""`gapcheck plan`: what a plan requires, without checking anything."""

from __future__ import annotations

import json
from typing import Any

from gapcheck.model import Plan
from gapcheck.report.json import requirement_fields, task_json


def plan_json(plan: Plan) -> dict[str, Any]:
    return {
        "plan": plan.path,
        "requirements": [requirement_fields(r) for r in plan.requirements],
        "tasks": [task_json(task) for task in plan.tasks],
        "metrics": [
            {"text": m.text, "line": m.origin.line, "phase": m.phase, "checked": m.checked}
            for m in plan.metrics
        ],
        "findings": [finding.to_json() for finding in plan.findings],
    }


def render_plan(plan: Plan, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(plan_json(plan), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    lines: list[str] = []
    phase = None
    for requirement in plan.requirements:
        if requirement.phase != phase:
            phase = requirement.phase
            lines.append(f"{phase or '(no phase)'}")
        claim = f"  [{requirement.claim_text or 'claimed'}]" if requirement.claimed else ""
        priority = requirement.priority.value if requirement.priority else "-"
        lines.append(
            f"  {plan.path}:{requirement.origin.line:<4} {priority:<8} {requirement.path}"
            f"  {requirement.title}{claim}"
        )
    if plan.tasks:
        lines.append("tasks without a path")
        for task in plan.tasks:
            claim = "  [claimed]" if task.claimed else ""
            lines.append(f"  {plan.path}:{task.origin.line:<4} {task.title}{claim}")
    for finding in plan.findings:
        lines.append(
            f"{finding.path}:{finding.line}: {finding.severity.value} {finding.code} {finding.message}"
        )
    dirs = sum(1 for r in plan.requirements if r.kind.value == "directory")
    lines.append(
        f"{len(plan.requirements) - dirs} files, {dirs} directories, {len(plan.tasks)} tasks without a path"
    )
    return "\n".join(lines) + "\n"
