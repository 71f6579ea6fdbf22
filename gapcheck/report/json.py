"""The JSON report: byte-stable (sorted keys, no timestamps), validated by schemas/meta/report.schema.json."""

from __future__ import annotations

import json
from typing import Any

from gapcheck import __version__
from gapcheck.fingerprint import fingerprint
from gapcheck.model import Finding, Report, Requirement, RequirementResult, Task


def requirement_fields(requirement: Requirement) -> dict[str, Any]:
    """What the plan says about a requirement (also `gapcheck plan --format json`)."""
    return {
        "path": requirement.path,
        "kind": requirement.kind.value,
        "title": requirement.title,
        "priority": requirement.priority.value if requirement.priority else None,
        "doc_type": requirement.doc_type,
        "claimed": requirement.claimed,
        "claim_text": requirement.claim_text,
        "phase": requirement.phase,
        "section": requirement.section,
        "owner": requirement.owner,
        "due": requirement.due.isoformat() if requirement.due else None,
        "required_by": [origin.to_json() for origin in requirement.origins],
        "plan": requirement.origin.file,
        "line": requirement.origin.line,
    }


def requirement_json(result: RequirementResult) -> dict[str, Any]:
    return {
        **requirement_fields(result.requirement),
        "verdict": result.verdict.value,
        "overdue_days": result.overdue_days,
        "schema_applied": result.schema_applied,
        "baselined": result.baselined,
        "unchanged": result.unchanged,
        "note": result.note,
        "documents": list(result.documents),
        "finding_count": len(result.findings),
    }


def task_json(task: Task) -> dict[str, Any]:
    return {
        "title": task.title,
        "plan": task.origin.file,
        "line": task.origin.line,
        "phase": task.phase,
        "section": task.section,
        "priority": task.priority.value if task.priority else None,
        "owner": task.owner,
        "claimed": task.claimed,
        "suggested_type": task.suggested_type,
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    # The fingerprint baselines and SARIF use, so tools can match findings across runs.
    return {**finding.to_json(), "fingerprint": fingerprint(finding)}


def report_json(report: Report) -> dict[str, Any]:
    return {
        "version": __version__,
        "root": ".",
        "plans": list(report.plans),
        "today": report.today.isoformat(),
        "findings": [finding_json(finding) for finding in report.findings],
        "requirements": [requirement_json(result) for result in report.results],
        "tasks": [task_json(task) for task in report.tasks],
        "summary": {
            "requirements": len(report.results),
            "verdicts": report.verdict_counts(),
            "findings": report.severity_counts(),
            "tasks": len(report.tasks),
            "fail_on": report.fail_on,
            "gate": "pass" if report.gate_passed else "fail",
        },
        # --baseline and --changed runs say what they left out (plain JSON values).
        **{key: report.extra[key] for key in ("baseline", "changed") if key in report.extra},
    }


def render(report: Report) -> str:
    return json.dumps(report_json(report), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
