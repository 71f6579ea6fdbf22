"""Due dates from the plan's timeline, and what a due date does to the gate.

The arithmetic, with S the plan's start date (day 1 of week 1):

- Week N runs from S + 7(N-1) to S + 7N - 1. A requirement under "Week N",
  "Week M-N" or "Weeks M-N" is due on the last day of week N.
- Month N is a calendar month counted from S: it ends the day before the N-th
  monthly anniversary of S (clamped to the month's last day, so a plan that
  starts on 31 January has its first anniversary on 28/29 February). A
  requirement under "Month 4" or "Months 4-6" is due on the last day of that
  month. Calendar months, not 4-week blocks: "Month 4" then means what a reader
  with a calendar expects, and a gate errs late rather than early.
- The section's label ("### Week 5-6: ...") decides; a section without one
  falls back to its phase's duration ("## Phase 5: ... (Months 4-6)").
- An explicit due date in the plan wins, then the plan's own front-matter
  `start_date` (the parser applies both), then the config's `start_date`,
  which is why this module only fills in what the parser left empty.

A due date is the last day to do the work, so the gate enforces it from the
day after: an item is *due* once `today > due`. Before that a failing
requirement is `not-due` and does not fail the gate, unless the plan already
claims it is done (a false claim fails whenever it is made) or `--all` asks to
gate on everything.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from gapcheck.dates import as_date, period_end
from gapcheck.model import Finding, Plan, RequirementResult, Severity, Verdict


def due_for(start: dt.date, section: str | None, phase: str | None) -> dt.date | None:
    """The section's timeline first, the phase's duration as the fallback."""
    return period_end(start, section) or period_end(start, phase)


def plan_start(plan: Plan) -> dt.date | None:
    return as_date(plan.front_matter.get("start_date"))


def schedule_plan(plan: Plan, default_start: dt.date | None) -> Plan:
    """Give every requirement and task the parser left without a due date one from the timeline."""
    start = plan_start(plan) or default_start
    if start is None:
        return plan
    requirements = tuple(
        item if item.due else dataclasses.replace(item, due=due_for(start, item.section, item.phase))
        for item in plan.requirements
    )
    tasks = tuple(
        item if item.due else dataclasses.replace(item, due=due_for(start, item.section, item.phase))
        for item in plan.tasks
    )
    return dataclasses.replace(plan, requirements=requirements, tasks=tasks)


def is_due(due: dt.date | None, today: dt.date) -> bool:
    """Without a due date everything is due; with one, from the day after it."""
    return due is None or today > due


def gate_by_date(result: RequirementResult, today: dt.date, gate_all: bool = False) -> RequirementResult:
    """Overdue failures say by how much; failures not yet due become `not-due` (unless claimed)."""
    due = result.requirement.due
    if due is None or not result.verdict.failing:
        return result
    if today > due:
        return dataclasses.replace(result, overdue_days=(today - due).days)
    if gate_all or result.requirement.claimed:
        return result
    # Keep what was found (the JSON and HTML reports show a draft's gaps early), but as
    # information: errors here would put annotations on documents nobody owes yet.
    note = f"due {due.isoformat()}; not gated before then (--all gates it now)"
    return dataclasses.replace(
        result,
        verdict=Verdict.NOT_DUE,
        findings=tuple(_as_info(finding) for finding in result.findings),
        note="; ".join(part for part in (note, result.note) if part),
    )


def _as_info(finding: Finding) -> Finding:
    if finding.severity is Severity.INFO:
        return finding
    return dataclasses.replace(finding, severity=Severity.INFO)
