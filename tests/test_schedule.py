"""Due dates from the plan's timeline, not-due verdicts, claims that fail early, and plan lint."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import STRATEGIC_GAPS_PATHS, MakeRepo, RunCli

from gapcheck.dates import add_months, period_end
from gapcheck.model import Finding, Origin, PathKind, Requirement, RequirementResult, Severity, Verdict
from gapcheck.plan import parse_plan
from gapcheck.resources import meta_schema_path
from gapcheck.schedule import due_for, gate_by_date, is_due, schedule_plan

START = dt.date(2026, 1, 5)  # a Monday
PHASE_ONE = set(STRATEGIC_GAPS_PATHS[:10])  # weeks 1 and 2


@pytest.mark.parametrize(
    ("label", "due"),
    [
        ("Week 1: Legal Documents", dt.date(2026, 1, 11)),  # the Sunday that ends week 1
        ("Week 2: Compliance Documentation", dt.date(2026, 1, 18)),
        ("Week 5-6: API Versioning", dt.date(2026, 2, 15)),
        ("Phase 1: Legal & Compliance Foundation (Weeks 1-2)", dt.date(2026, 1, 18)),
        ("Weeks 3 to 4", dt.date(2026, 2, 1)),
        ("Month 4: Business Intelligence", dt.date(2026, 5, 4)),  # calendar months from the start
        ("Phase 5: Business & Growth (Months 4-6)", dt.date(2026, 7, 4)),
        ("Resource Requirements", None),
        ("Week 0", None),
        (None, None),
    ],
)
def test_period_end(label: str | None, due: dt.date | None) -> None:
    assert period_end(START, label) == due


def test_months_clamp_to_the_end_of_a_shorter_month() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert period_end(dt.date(2026, 1, 31), "Month 1") == dt.date(2026, 2, 27)
    assert add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)


def test_section_wins_over_phase() -> None:
    assert due_for(START, "Week 1", "Phase 1 (Weeks 1-2)") == dt.date(2026, 1, 11)
    assert due_for(START, "Launch checklist", "Phase 1 (Weeks 1-2)") == dt.date(2026, 1, 18)
    assert due_for(START, None, None) is None


PLAN = """# Plan

## Phase 1 (Weeks 1-2)

**Priority:** High

### Week 1: Basics

1. Create Privacy Policy (`legal/PRIVACY.md`)
2. Book the lawyer

### Review

1. Create Runbook (`docs/RUNBOOK.md`)

## Phase 2: Later (Months 2-3)

**Priority:** Medium

1. Create market research (`docs/MARKET.md`) (due: 2026-02-01)
"""


def test_config_start_date_schedules_requirements_and_tasks() -> None:
    plan = schedule_plan(parse_plan(PLAN, "PLAN.md"), START)
    due = {r.path: r.due for r in plan.requirements}
    assert due == {
        "legal/PRIVACY.md": dt.date(2026, 1, 11),
        "docs/RUNBOOK.md": dt.date(2026, 1, 18),  # no timeline in "Review": the phase's
        "docs/MARKET.md": dt.date(2026, 2, 1),  # an explicit date wins
    }
    assert [t.due for t in plan.tasks] == [dt.date(2026, 1, 11)]


def test_plan_front_matter_start_date_wins_over_config() -> None:
    """Each plan may carry its own start; the config's is the default for plans without one."""
    text = "---\nstart_date: 2026-03-02\n---\n" + PLAN
    from_config = schedule_plan(parse_plan(PLAN, "PLAN.md"), dt.date(2026, 3, 2))
    from_plan = schedule_plan(parse_plan(text, "PLAN.md"), START)
    assert [r.due for r in from_plan.requirements] == [r.due for r in from_config.requirements]
    assert from_plan.requirements[0].due == dt.date(2026, 3, 8)


def test_without_start_date_nothing_is_scheduled() -> None:
    plan = parse_plan(PLAN, "PLAN.md")
    assert schedule_plan(plan, None) is plan


def _result(verdict: Verdict, due: dt.date | None, claimed: bool = False) -> RequirementResult:
    requirement = Requirement(
        "a.md", PathKind.FILE, "A", Origin("PLAN.md", 3), due=due, claimed=claimed, claim_text="✅ Done"
    )
    finding = Finding("PLAN.md", 3, 1, "GC101", "missing-file", Severity.ERROR, "a.md is missing")
    return RequirementResult(requirement, verdict, (finding,))


def test_a_due_date_is_the_last_day_to_do_the_work() -> None:
    due = dt.date(2026, 1, 11)
    assert not is_due(due, due)
    assert is_due(due, due + dt.timedelta(days=1))
    assert is_due(None, due)


def test_gate_by_date() -> None:
    due, before, after = dt.date(2026, 1, 11), dt.date(2026, 1, 10), dt.date(2026, 1, 20)
    early = gate_by_date(_result(Verdict.MISSING, due), before)
    assert early.verdict is Verdict.NOT_DUE
    assert {f.severity for f in early.findings} == {Severity.INFO}
    assert "due 2026-01-11" in early.note
    late = gate_by_date(_result(Verdict.MISSING, due), after)
    assert (late.verdict, late.overdue_days) == (Verdict.MISSING, 9)
    assert gate_by_date(_result(Verdict.MISSING, due), before, gate_all=True).verdict is Verdict.MISSING
    claimed = gate_by_date(_result(Verdict.MISSING, due, claimed=True), before)
    assert (claimed.verdict, claimed.overdue_days) == (Verdict.MISSING, None)
    complete = _result(Verdict.COMPLETE, due)
    assert gate_by_date(complete, before) is complete


# --- the acceptance test on the real plan -------------------------------------------


@pytest.fixture
def scheduled_repo(tmp_path: Path, real_plan: Path) -> Path:
    # The plan lives in the repository, as a team keeps it (config paths must stay inside it).
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / real_plan.name).write_bytes(real_plan.read_bytes())
    config = f"plan: plans/{real_plan.name}\nstart_date: 2026-01-05\n"
    (tmp_path / ".gapcheck.yaml").write_text(config, encoding="utf-8")
    return tmp_path


def _check(run_cli: RunCli, root: Path, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = run_cli("check", str(root), "--format", "json", *args)
    report = json.loads(result.stdout)
    schema = json.loads(meta_schema_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(report)
    return result.exit_code, report


def test_only_phase_one_is_due_on_20_january(scheduled_repo: Path, run_cli: RunCli) -> None:
    code, report = _check(run_cli, scheduled_repo, "--today", "2026-01-20")
    verdicts = {r["path"]: r["verdict"] for r in report["requirements"]}
    failing = {path for path, verdict in verdicts.items() if verdict in ("missing", "incomplete", "stale")}
    assert failing == PHASE_ONE
    assert {verdicts[p] for p in verdicts if p not in PHASE_ONE} == {"not-due"}
    assert len(verdicts) == 36
    overdue = {r["path"]: r["overdue_days"] for r in report["requirements"] if r["path"] in PHASE_ONE}
    assert overdue["legal/SLA.md"] == 9  # week 1 ended on 11 January
    assert overdue["docs/compliance/HIPAA_GUIDE.md"] == 2  # week 2 on 18 January
    errors = {f["requirement"] for f in report["findings"] if f["severity"] == "error"}
    assert errors == PHASE_ONE
    sla = [f for f in report["findings"] if f.get("requirement") == "legal/SLA.md"]
    assert [f["code"] for f in sla] == ["GC105"]
    assert report["summary"]["gate"] == "fail"
    assert code == 1


def test_the_claimed_sla_fails_before_it_is_due(scheduled_repo: Path, run_cli: RunCli) -> None:
    code, report = _check(run_cli, scheduled_repo, "--today", "2026-01-06")
    failing = [r for r in report["requirements"] if r["verdict"] != "not-due"]
    assert [(r["path"], r["verdict"], r["claimed"]) for r in failing] == [("legal/SLA.md", "missing", True)]
    assert failing[0]["overdue_days"] is None
    assert code == 1


def test_all_gates_on_everything(scheduled_repo: Path, run_cli: RunCli) -> None:
    code, report = _check(run_cli, scheduled_repo, "--today", "2026-01-20", "--all")
    assert {r["verdict"] for r in report["requirements"]} == {"missing"}
    missing = [f for f in report["findings"] if f["code"] in ("GC101", "GC102", "GC105")]
    assert {f["severity"] for f in missing} == {"error"}
    assert len(missing) == 36
    assert code == 1


def test_text_output_says_how_late_and_what_is_not_due(scheduled_repo: Path, run_cli: RunCli) -> None:
    result = run_cli("check", str(scheduled_repo), "--today", "2026-01-20", "--color", "never")
    assert (
        "legal/SLA.md  MISSING  (service-level-agreement, critical, plan says ✅ Created, overdue by 9 days)"
        in (result.stdout)
    )
    assert "not due yet: docs/security/SECURITY_AUDIT_CHECKLIST.md (2026-01-25)" in result.stdout


def test_without_start_date_everything_is_due(tmp_path: Path, real_plan: Path, run_cli: RunCli) -> None:
    result = run_cli(
        "check", str(tmp_path), "--plan", str(real_plan), "--format", "json", "--today", "2026-01-20"
    )
    assert {r["verdict"] for r in json.loads(result.stdout)["requirements"]} == {"missing"}


def test_placeholder_date_reported_at_line_3(scheduled_repo: Path, real_plan: Path, run_cli: RunCli) -> None:
    _, report = _check(run_cli, scheduled_repo, "--today", "2026-01-20")
    placeholders = [f for f in report["findings"] if f["code"] == "GC601"]
    assert [(Path(f["path"]).name, f["line"], f["rule"]) for f in placeholders] == [
        ("strategic-gaps-plan.md", 3, "plan-placeholder-date")
    ]
    assert "2024-01-XX" in placeholders[0]["message"]
    assert "2024-01-XX" in real_plan.read_text(encoding="utf-8").splitlines()[2]


def test_an_explicit_due_date_gates_without_a_start_date(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(
        {
            "PLAN.md": "# Plan\n\n## Work\n\n**Priority:** High\n\n"
            "1. Create Runbook (`RUNBOOK.md`) (due: 2026-03-01)\n",
            ".gapcheck.yaml": "plan: PLAN.md\n",
        }
    )
    early = run_cli("check", str(root), "--today", "2026-03-01", "--format", "json")
    assert [r["verdict"] for r in json.loads(early.stdout)["requirements"]] == ["not-due"]
    assert early.exit_code == 0
    late = run_cli("check", str(root), "--today", "2026-03-02", "--format", "json")
    assert [r["overdue_days"] for r in json.loads(late.stdout)["requirements"]] == [1]
    assert late.exit_code == 1
