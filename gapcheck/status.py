"""`gapcheck status`: the plan's progress, per phase and section, built from one finished Report.

Status is a report for the people who own the plan, not a gate: the command
exits 0 whatever the verdicts (2 and 3 keep their meaning), so it can run on a
schedule or in a dashboard job without failing it. `gapcheck check` is the gate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from gapcheck.checks.existence import UNPLANNED_DOCUMENT
from gapcheck.metrics import MetricResult, evaluate_metrics
from gapcheck.model import Finding, Origin, Report, RequirementResult, Task, Verdict

NO_PHASE = "(no phase)"
BAR_WIDTH = 20
# The order verdicts are counted and shown in.
VERDICT_ORDER = (
    Verdict.COMPLETE,
    Verdict.INCOMPLETE,
    Verdict.STALE,
    Verdict.MISSING,
    Verdict.NOT_DUE,
    Verdict.WAIVED,
)


@dataclass(frozen=True, slots=True)
class Group:
    """A phase, a section, or the whole plan: its requirements and its tasks without a path."""

    name: str | None
    results: tuple[RequirementResult, ...]
    tasks: tuple[Task, ...] = ()
    children: tuple[Group, ...] = ()

    @property
    def total(self) -> int:
        return len(self.results)

    def counts(self) -> dict[Verdict, int]:
        counts = dict.fromkeys(VERDICT_ORDER, 0)
        for result in self.results:
            counts[result.verdict] += 1
        return counts

    @property
    def percent(self) -> int:
        """Complete share, rounded down: 100% only when everything is complete."""
        if not self.results:
            return 0
        complete = sum(1 for r in self.results if r.verdict is Verdict.COMPLETE)
        return complete * 100 // len(self.results)

    @property
    def owners(self) -> tuple[str, ...]:
        found = [r.requirement.owner for r in self.results] + [t.owner for t in self.tasks]
        return tuple(dict.fromkeys(owner for owner in found if owner))

    @property
    def due(self) -> dt.date | None:
        dates = [r.requirement.due for r in self.results if r.requirement.due] + [
            t.due for t in self.tasks if t.due
        ]
        return max(dates, default=None)


@dataclass(frozen=True, slots=True)
class Status:
    today: dt.date
    plans: tuple[str, ...]
    overall: Group  # its children are the phases
    metrics: tuple[MetricResult, ...]
    unplanned: tuple[Finding, ...]
    gate_passed: bool

    @property
    def phases(self) -> tuple[Group, ...]:
        return self.overall.children

    @property
    def claimed_tasks(self) -> tuple[Task, ...]:
        return tuple(task for task in self.overall.tasks if task.claimed)


def progress_bar(percent: int, width: int = BAR_WIDTH) -> str:
    filled = max(0, min(width, percent * width // 100))
    return "█" * filled + "░" * (width - filled)


def build_status(report: Report) -> Status:
    phases = _group(report.results, report.tasks, lambda origin, phase, section: (origin.file, phase))
    several_plans = len({file for (file, _), _, _ in phases}) > 1
    children = tuple(
        Group(
            _phase_name(file, phase, several_plans), tuple(results), tuple(tasks), _sections(results, tasks)
        )
        for (file, phase), results, tasks in phases
    )
    unplanned = tuple(f for f in report.findings if f.code == UNPLANNED_DOCUMENT.code)
    return Status(
        today=report.today,
        plans=report.plans,
        overall=Group("all requirements", report.results, report.tasks, children),
        metrics=tuple(evaluate_metrics(report.metrics, report.results, report.tasks)),
        unplanned=unplanned,
        gate_passed=report.gate_passed,
    )


def _phase_name(file: str, phase: str | None, with_file: bool) -> str:
    name = phase or NO_PHASE
    return f"{file}: {name}" if with_file else name


def _sections(results: Sequence[RequirementResult], tasks: Sequence[Task]) -> tuple[Group, ...]:
    groups = _group(results, tasks, lambda origin, phase, section: section)
    return tuple(Group(key, tuple(r), tuple(t)) for key, r, t in groups)


K = TypeVar("K")


def _group(
    results: Iterable[RequirementResult],
    tasks: Iterable[Task],
    key_of: Callable[[Origin, str | None, str | None], K],
) -> list[tuple[K, list[RequirementResult], list[Task]]]:
    """Group in the order the plan names things (file, then line), requirements and tasks alike."""
    groups: dict[K, tuple[list[RequirementResult], list[Task]]] = {}
    first_seen: dict[K, tuple[str, int]] = {}
    for result in results:
        req = result.requirement
        key = key_of(req.origin, req.phase, req.section)
        groups.setdefault(key, ([], []))[0].append(result)
        _remember(first_seen, key, req.origin)
    for task in tasks:
        key = key_of(task.origin, task.phase, task.section)
        groups.setdefault(key, ([], []))[1].append(task)
        _remember(first_seen, key, task.origin)
    ordered = sorted(groups, key=lambda k: first_seen[k])
    return [(key, *groups[key]) for key in ordered]


def _remember(first_seen: dict[K, tuple[str, int]], key: K, origin: Origin) -> None:
    place = (origin.file, origin.line)
    if key not in first_seen or place < first_seen[key]:
        first_seen[key] = place
