"""Suggest a document type and a path for plan tasks that look like documents but name no path.

The parser knows the plan, not the schemas; this layer knows both. A task such as
"Create Load Testing Framework" under "Week 4" gets the type whose title patterns
match it, and a path in the folder and naming style its section's other
documents use (`docs/performance/LOAD_TESTING_FRAMEWORK.md` beside
`docs/performance/BENCHMARKS.md`), so the plan-lint hint is something to paste.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import PurePosixPath

from gapcheck.catalog import Catalog
from gapcheck.model import Finding, PathKind, Plan, Requirement, Task

TASK_WITHOUT_PATH = "GC604"
_VERB = re.compile(
    r"^\s*(?:create|write|draft|document|prepare|add|publish|define|establish)\s+", re.IGNORECASE
)
_NOT_NAME = re.compile(r"[^A-Za-z0-9]+")


def enrich(plan: Plan, catalog: Catalog) -> Plan:
    """The same plan with suggested types on tasks and concrete paths in GC604 hints."""
    tasks = tuple(_with_type(task, catalog) for task in plan.tasks)
    by_line = {task.origin.line: task for task in tasks}
    findings = tuple(
        _with_suggestion(finding, by_line.get(finding.line), plan.requirements)
        if finding.code == TASK_WITHOUT_PATH
        else finding
        for finding in plan.findings
    )
    return dataclasses.replace(plan, tasks=tasks, findings=findings)


def _with_type(task: Task, catalog: Catalog) -> Task:
    if task.suggested_type is not None:
        return task
    schema = catalog.for_title(task.title)
    return dataclasses.replace(task, suggested_type=schema.id if schema else None)


def _with_suggestion(finding: Finding, task: Task | None, requirements: Sequence[Requirement]) -> Finding:
    if task is None:
        return finding
    path = suggest_path(task, requirements)
    kind = f" (type: {task.suggested_type})" if task.suggested_type else ""
    hint = f"Name its path in backticks, e.g. (`{path}`){kind}, so gapcheck can check it."
    return dataclasses.replace(finding, hint=hint)


def suggest_path(task: Task, requirements: Sequence[Requirement]) -> str:
    """A path in the folder most of the section's documents use, named in their style."""
    siblings = [
        PurePosixPath(r.path)
        for r in requirements
        if r.kind is PathKind.FILE and r.section == task.section and r.phase == task.phase
    ]
    # Root files are community files by convention (CONTRIBUTING.md); prefer a folder if any.
    folders = Counter(str(p.parent) for p in siblings if str(p.parent) != ".") or Counter(
        str(p.parent) for p in siblings
    )
    folder = folders.most_common(1)[0][0] if folders else "docs"
    words = [w for w in _NOT_NAME.split(_VERB.sub("", task.title)) if w]
    upper = not siblings or sum(p.stem.isupper() for p in siblings) * 2 >= len(siblings)
    name = "_".join(w.upper() for w in words) if upper else "-".join(w.lower() for w in words)
    return str(PurePosixPath(folder) / f"{name or 'DOCUMENT'}.md")
