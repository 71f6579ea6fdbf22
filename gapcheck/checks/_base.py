"""What every check shares: code metadata, the run context, and a finding factory."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gapcheck.model import Finding, Severity


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One finding code: stable id, kebab-case name, default severity and what it means."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str

    def finding(
        self,
        path: str,
        line: int,
        message: str,
        *,
        hint: str = "",
        source: str = "",
        severity: Severity | None = None,
        section: str | None = None,
        requirement: str | None = None,
    ) -> Finding:
        return Finding(
            path=path,
            line=max(line, 1),
            column=1,
            code=self.code,
            rule=self.name,
            severity=severity or self.severity,
            message=message,
            hint=hint,
            source=source,
            section=section,
            requirement=requirement,
        )


@dataclass(frozen=True, slots=True)
class CheckContext:
    """The settings a document check may read. Frozen: checks never change configuration."""

    today: dt.date
    conditions: frozenset[str] = frozenset()
    content_only: bool = False
    template_syntax: bool = False
    placeholder_add: tuple[str, ...] = ()
    placeholder_remove: frozenset[str] = frozenset()
    disabled_sections: frozenset[str] = frozenset()
    extra: dict[str, object] = field(default_factory=dict)


def level_severity(level: str) -> Severity:
    """required and active conditional items are errors; recommended ones are warnings."""
    return Severity.WARNING if level == "recommended" else Severity.ERROR


def applies(level: str, when: tuple[str, ...], conditions: frozenset[str]) -> bool:
    """Whether a schema item is in force: `when` limits any item, not only conditional ones
    (a recommended GDPR-only table must not nag a US-only policy)."""
    if not when:
        return level != "conditional"
    return any(name in conditions for name in when)
