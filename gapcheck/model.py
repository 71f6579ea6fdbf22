"""The values every part of gapcheck passes around: plans, requirements, findings, reports.

All of them are frozen: a finding, once made, is never edited (suppressions and
baselines filter, they do not mutate), so reports can be cached and compared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad one finding is. Only errors make a document incomplete."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


class Priority(StrEnum):
    """How much a requirement matters, as the plan says."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _PRIORITY_RANK[self]


_PRIORITY_RANK = {Priority.CRITICAL: 4, Priority.HIGH: 3, Priority.MEDIUM: 2, Priority.LOW: 1}


class Verdict(StrEnum):
    """The state of one requirement after checking."""

    COMPLETE = "complete"
    INCOMPLETE = "incomplete"
    STALE = "stale"
    MISSING = "missing"
    WAIVED = "waived"
    NOT_DUE = "not-due"

    @property
    def failing(self) -> bool:
        return self in (Verdict.INCOMPLETE, Verdict.STALE, Verdict.MISSING)


class PathKind(StrEnum):
    FILE = "file"
    DIRECTORY = "directory"
    GLOB = "glob"


@dataclass(frozen=True, slots=True)
class Origin:
    """Where something was required: a plan file (or config, or rule pack) and a line."""

    file: str
    line: int

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line}


@dataclass(frozen=True, slots=True)
class PlanContext:
    """Where in the plan a line sits: phase, section (week/month), priority and owner."""

    phase: str | None = None
    section: str | None = None
    priority: Priority | None = None
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class Requirement:
    """One path the repository must hold."""

    path: str
    kind: PathKind
    title: str
    origin: Origin
    priority: Priority | None = None
    doc_type: str | None = None
    phase: str | None = None
    section: str | None = None
    owner: str | None = None
    claimed: bool = False
    claim_text: str | None = None
    due: dt.date | None = None
    also_required_by: tuple[Origin, ...] = ()
    alternatives: tuple[str, ...] = ()  # other places the same document may live (rule packs)

    @property
    def origins(self) -> tuple[Origin, ...]:
        return (self.origin, *self.also_required_by)


@dataclass(frozen=True, slots=True)
class Task:
    """A plan line with no path: listed, never silently dropped."""

    title: str
    origin: Origin
    phase: str | None = None
    section: str | None = None
    priority: Priority | None = None
    owner: str | None = None
    claimed: bool = False
    claim_text: str | None = None
    suggested_type: str | None = None
    due: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Metric:
    """A "Success Metrics" checkbox of the plan."""

    text: str
    origin: Origin
    phase: str | None = None
    checked: bool = False


@dataclass(frozen=True, slots=True, order=True)
class Finding:
    """One problem at one place. Ordered by (path, line, column, code)."""

    path: str
    line: int
    column: int
    code: str
    rule: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=True)
    hint: str = field(default="", compare=False)
    source: str = field(default="", compare=False)
    section: str | None = field(default=None, compare=False)
    requirement: str | None = field(default=None, compare=False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": self.code,
            "rule": self.rule,
            "severity": self.severity.value,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
            "source": self.source,
        }
        if self.section is not None:
            data["section"] = self.section
        if self.requirement is not None:
            data["requirement"] = self.requirement
        return data


@dataclass(frozen=True, slots=True)
class Plan:
    """What a plan file says: requirements, tasks, metrics and the plan's own problems."""

    path: str
    requirements: tuple[Requirement, ...]
    tasks: tuple[Task, ...]
    metrics: tuple[Metric, ...] = ()
    findings: tuple[Finding, ...] = ()
    front_matter: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RequirementResult:
    """A requirement after checking: its verdict, the documents read and their findings."""

    requirement: Requirement
    verdict: Verdict
    findings: tuple[Finding, ...]
    documents: tuple[str, ...] = ()
    schema_applied: bool = False
    note: str = ""
    overdue_days: int | None = None
    baselined: bool = False  # failing only on findings the baseline accepts: not gating
    unchanged: bool = False  # --changed: its documents exist but did not change, so were not read

    @property
    def gate_failing(self) -> bool:
        return self.verdict.failing and not self.baselined


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run found. Reporters receive this and nothing else."""

    root: str
    plans: tuple[str, ...]
    results: tuple[RequirementResult, ...]
    findings: tuple[Finding, ...]
    tasks: tuple[Task, ...]
    gate_passed: bool
    fail_on: str
    today: dt.date
    metrics: tuple[Metric, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    def verdict_counts(self) -> dict[str, int]:
        counts = {verdict.value: 0 for verdict in Verdict}
        for result in self.results:
            counts[result.verdict.value] += 1
        return counts

    def severity_counts(self) -> dict[str, int]:
        counts = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts
