"""The plan parser: the real plan, other plan shapes, plan lint, and hostile input."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

import pytest
from conftest import STRATEGIC_GAPS_PATHS

from gapcheck.model import PathKind, Plan, Priority, Requirement, Severity
from gapcheck.plan import PlanError, load_plan, parse_plan

FIXTURES = Path(__file__).parent / "fixtures" / "plans"
SHARED_PLAN = Path(__file__).resolve().parents[1].parent / "shared" / "plans" / "strategic-gaps-plan.md"
REAL = "plans/strategic-gaps-plan.md"

# Phases 1-2 and "Week 5-6" are critical, weeks 7-12 high, Phase 5 medium.
REAL_PATHS = STRATEGIC_GAPS_PATHS
REAL_CRITICAL = REAL_PATHS[:17]
REAL_HIGH = REAL_PATHS[17:25]
REAL_MEDIUM = REAL_PATHS[25:]

REAL_TASKS = [
    "Create GDPR Compliance Checklist",
    "Schedule first security audit",
    "Implement security monitoring",
    "Create Load Testing Framework",
    "Implement load testing in CI/CD",
    "Establish baseline benchmarks",
    "Create API Versioning Policy",
    "Implement versioning in code",
    "Update API documentation",
    "Create JavaScript/TypeScript SDK docs",
    "Create Post-Mortem Template",
    "Implement on-call tooling (PagerDuty)",
    "Set up escalation procedures",
    "Implement cost tracking",
    "Create budget alerts",
    "Create unit economics documentation",
    "Set up cost dashboards",
    "Create Feature Flag UI",
    "Create Experimentation Platform",
]


@pytest.fixture(scope="module")
def real_plan() -> Plan:
    if not SHARED_PLAN.is_file():
        pytest.skip(f"the real plan is not at {SHARED_PLAN} (../shared beside the checkout)")
    return load_plan(SHARED_PLAN, REAL)


def fixture_plan(name: str) -> Plan:
    return load_plan(FIXTURES / name, f"plans/{name}")


def by_path(plan: Plan) -> dict[str, Requirement]:
    return {req.path: req for req in plan.requirements}


def codes(plan: Plan) -> list[tuple[int, str]]:
    return [(finding.line, finding.code) for finding in plan.findings]


# --- the real plan ---


def test_real_plan_names_exactly_its_36_paths(real_plan: Plan) -> None:
    assert [req.path for req in real_plan.requirements] == REAL_PATHS


def test_real_plan_kinds(real_plan: Plan) -> None:
    kinds = {req.path: req.kind for req in real_plan.requirements}
    directories = [path for path, kind in kinds.items() if kind is PathKind.DIRECTORY]
    assert directories == ["docs/integrations/", "docs/migrations/"]
    assert all(kind is PathKind.FILE for path, kind in kinds.items() if path not in directories)


def test_real_plan_priorities(real_plan: Plan) -> None:
    priorities = {req.path: req.priority for req in real_plan.requirements}
    expected = {
        **dict.fromkeys(REAL_CRITICAL, Priority.CRITICAL),
        **dict.fromkeys(REAL_HIGH, Priority.HIGH),
        **dict.fromkeys(REAL_MEDIUM, Priority.MEDIUM),
    }
    assert priorities == expected


def test_real_plan_context_of_terms_of_service(real_plan: Plan) -> None:
    terms = by_path(real_plan)["legal/TERMS_OF_SERVICE.md"]
    assert terms.origin.file == REAL
    assert terms.origin.line == 27
    assert terms.title == "Create Terms of Service"
    assert terms.phase == "Phase 1: Legal & Compliance Foundation (Weeks 1-2)"
    assert terms.section == "Week 1: Legal Documents"
    assert terms.owner == "Legal Counsel + Product"
    assert terms.doc_type is None
    assert terms.also_required_by == ()


@pytest.mark.parametrize(
    ("path", "line", "title", "section"),
    [
        ("legal/SLA.md", 30, "Create Service Level Agreement", "Week 1: Legal Documents"),
        ("docs/api/MIGRATION_GUIDES.md", 119, "Create migration guides", "Week 5-6: API Versioning"),
        ("docs/migrations/", 138, "Create Migration Guides", "Week 7-8: Developer Experience"),
        ("CODE_OF_CONDUCT.md", 141, "Create Code of Conduct", "Week 7-8: Developer Experience"),
        ("docs/product/QUOTA_MANAGEMENT.md", 243, "Implement Quota Management", "Month 6: Product Features"),
    ],
)
def test_real_plan_lines_titles_sections(
    real_plan: Plan, path: str, line: int, title: str, section: str
) -> None:
    req = by_path(real_plan)[path]
    assert (req.origin.line, req.title, req.section) == (line, title, section)


def test_real_plan_phase_five_context(real_plan: Plan) -> None:
    swot = by_path(real_plan)["docs/business/SWOT.md"]
    assert swot.phase == "Phase 5: Business & Growth (Months 4-6)"
    assert swot.section == "Month 5: Competitive & Market"
    assert swot.owner == "Product + Strategy"


def test_real_plan_only_the_sla_is_claimed(real_plan: Plan) -> None:
    claimed = [(req.path, req.claim_text) for req in real_plan.requirements if req.claimed]
    assert claimed == [("legal/SLA.md", "✅ Created")]


def test_real_plan_pathless_tasks(real_plan: Plan) -> None:
    assert [task.title for task in real_plan.tasks] == REAL_TASKS


def test_real_plan_claimed_tasks_including_referenced(real_plan: Plan) -> None:
    claimed = {task.title: task.claim_text for task in real_plan.tasks if task.claimed}
    assert claimed == {
        "Create GDPR Compliance Checklist": "✅ Created",
        "Create Load Testing Framework": "✅ Created",
        "Create API Versioning Policy": "✅ Created",
        "Create Post-Mortem Template": "✅ Referenced",
    }


def test_real_plan_task_context(real_plan: Plan) -> None:
    audit = next(t for t in real_plan.tasks if t.title == "Schedule first security audit")
    assert audit.origin.line == 77
    assert audit.phase == "Phase 2: Security & Performance (Weeks 3-4)"
    assert audit.section == "Week 3: Security Framework"
    assert audit.priority is Priority.CRITICAL
    assert audit.owner == "Security Team + Engineering"
    assert not audit.claimed


def test_real_plan_ignores_non_task_lists(real_plan: Plan) -> None:
    titles = {task.title for task in real_plan.tasks}
    for other in ("All legal documents drafted", "Engage legal counsel", "Complete Phase 3"):
        assert other not in titles
    assert not any("hours" in title or "Risk" in title for title in titles)


def test_real_plan_metrics(real_plan: Plan) -> None:
    metrics = real_plan.metrics
    assert len(metrics) == 15
    first = metrics[0]
    assert (first.text, first.origin.line, first.phase) == (
        "All legal documents published",
        294,
        "Phase 1: Legal & Compliance",
    )
    assert metrics[-1].phase == "Phase 5: Business & Growth"
    assert len({m.phase for m in metrics}) == 5
    assert not any(m.checked for m in metrics)


def test_real_plan_findings(real_plan: Plan) -> None:
    date = [f for f in real_plan.findings if f.code == "GC601"]
    assert [(f.line, f.rule, f.severity, f.path, f.column) for f in date] == [
        (3, "plan-placeholder-date", Severity.WARNING, REAL, 1)
    ]
    assert "2024-01-XX" in date[0].message
    assert date[0].hint
    doc_like = [f.line for f in real_plan.findings if f.code == "GC604"]
    assert doc_like == [49, 94, 116, 136, 161, 183]
    assert {f.code for f in real_plan.findings} == {"GC601", "GC604"}
    assert list(real_plan.findings) == sorted(real_plan.findings)


def test_real_plan_parses_fast(real_plan: Plan) -> None:
    text = SHARED_PLAN.read_text(encoding="utf-8")
    parse_plan(text, REAL)
    start = time.perf_counter()
    for _ in range(5):
        parse_plan(text, REAL)
    # markdown-it needs ~10 ms here; a regression to quadratic scans would blow this bound.
    assert (time.perf_counter() - start) / 5 < 0.1


def test_parsing_is_deterministic(real_plan: Plan) -> None:
    assert parse_plan(SHARED_PLAN.read_text(encoding="utf-8"), REAL) == real_plan


# --- other plan shapes ---


def test_checklist_plan() -> None:
    plan = fixture_plan("checklist.md")
    reqs = by_path(plan)
    assert list(reqs) == [
        "legal/privacy.md",
        "legal/terms.md",
        "legal/cookies.md",
        "legal/dpa.md",
        "SECURITY.md",
        ".well-known/security.txt",
        "docs/security/bounty.md",
        "docs/glossary.md",
        "docs/runbooks/",
        "docs/oncall/**/*.md",
    ]
    assert {path: req.priority for path, req in reqs.items()} == {
        "legal/privacy.md": Priority.HIGH,  # `Priority: High` under the title applies to all
        "legal/terms.md": Priority.HIGH,
        "legal/cookies.md": Priority.LOW,  # (priority: low)
        "legal/dpa.md": Priority.CRITICAL,  # [P0]
        "SECURITY.md": Priority.CRITICAL,  # **Priority**: critical
        ".well-known/security.txt": Priority.CRITICAL,
        "docs/security/bounty.md": Priority.CRITICAL,
        "docs/glossary.md": Priority.LOW,  # ## Low priority
        "docs/runbooks/": Priority.MEDIUM,  # Priority — Medium
        "docs/oncall/**/*.md": Priority.MEDIUM,
    }
    assert reqs["docs/oncall/**/*.md"].kind is PathKind.GLOB
    assert reqs["docs/runbooks/"].kind is PathKind.DIRECTORY
    assert reqs["legal/privacy.md"].title == "Privacy policy"
    assert reqs["legal/cookies.md"].title == "Cookie notice"
    assert reqs["legal/dpa.md"].title == "Data processing agreement"


def test_checklist_claims() -> None:
    reqs = by_path(fixture_plan("checklist.md"))
    claimed = {path: req.claim_text for path, req in reqs.items() if req.claimed}
    assert claimed == {"legal/terms.md": "[x]", "SECURITY.md": "Done"}


def test_checklist_tasks_groups_and_excluded_lists() -> None:
    plan = fixture_plan("checklist.md")
    titles = [task.title for task in plan.tasks]
    # "Disclosure policies" only groups items with paths; Notes and Next Steps are not tasks.
    assert titles == [
        "Ask counsel to review the drafts",
        "Run npm run build and make test, see https://example.com/guide, pass --strict, set DEBUG",
        "Rotate the gapcheck token",
    ]
    assert plan.tasks[2].owner == "Platform"
    paths = {req.path for req in plan.requirements}
    assert "archive/old.md" not in paths
    assert "docs/announcement.md" not in paths


def test_table_plan() -> None:
    plan = fixture_plan("table.md")
    reqs = by_path(plan)
    assert list(reqs) == [
        "legal/PRIVACY.md",
        "legal/TERMS.md",
        "legal/COOKIES.md",
        "legal/DPA.md",
        "SECURITY.md",
        "docs/security/INCIDENT_RESPONSE.md",
    ]
    privacy = reqs["legal/PRIVACY.md"]
    assert privacy.title == "Privacy Policy"
    assert privacy.priority is Priority.CRITICAL
    assert privacy.owner == "Legal"
    assert privacy.doc_type == "privacy-policy"
    assert privacy.origin.line == 7
    assert privacy.phase == "Phase 1: Legal"
    assert {path: req.claim_text for path, req in reqs.items() if req.claimed} == {
        "legal/PRIVACY.md": "✅ Done",
        "legal/COOKIES.md": "Yes",
        "SECURITY.md": "Complete",
    }
    assert reqs["legal/DPA.md"].priority is Priority.LOW
    # The second table has no Priority column: the section's **Priority:** line applies.
    assert reqs["docs/security/INCIDENT_RESPONSE.md"].priority is Priority.HIGH
    assert reqs["SECURITY.md"].owner == "Security"


def test_table_row_without_path_is_a_task() -> None:
    plan = fixture_plan("table.md")
    assert [(t.title, t.origin.line, t.owner, t.claimed) for t in plan.tasks] == [
        ("Vendor review", 11, "Procurement", True)
    ]


def test_front_matter_plan() -> None:
    plan = fixture_plan("front-matter.md")
    reqs = by_path(plan)
    terms = reqs["legal/TERMS.md"]
    assert (terms.title, terms.priority, terms.doc_type, terms.owner, terms.origin.line) == (
        "Terms of Service",
        Priority.CRITICAL,
        "terms-of-service",
        "Legal",
        5,
    )
    privacy = reqs["legal/PRIVACY.md"]
    assert privacy.due == dt.date(2026, 2, 1)
    assert privacy.claimed
    assert privacy.doc_type == "privacy-policy"
    assert plan.front_matter["start_date"] == dt.date(2026, 1, 5)
    assert len(plan.front_matter["requirements"]) == 5


def test_front_matter_start_date_schedules_weeks_and_months() -> None:
    reqs = by_path(fixture_plan("front-matter.md"))
    assert reqs["SECURITY.md"].due == dt.date(2026, 1, 18)  # end of week 2
    assert reqs["docs/business/MARKET.md"].due == dt.date(2026, 4, 4)  # end of month 3
    assert reqs["legal/TERMS.md"].due is None


def test_front_matter_problems_are_findings() -> None:
    plan = fixture_plan("front-matter.md")
    assert (3, "GC601") in codes(plan)  # date: YYYY-MM-DD
    bad = [(f.line, f.severity) for f in plan.findings if f.code == "GC606"]
    assert bad == [(15, Severity.ERROR), (17, Severity.ERROR), (18, Severity.ERROR)]
    assert "https://example.com/policy" not in by_path(plan)


def test_invalid_front_matter_is_a_finding_not_an_exception() -> None:
    plan = fixture_plan("invalid-front-matter.md")
    bad = [f for f in plan.findings if f.code == "GC606"]
    assert [(f.line, f.rule, f.severity) for f in bad] == [(5, "plan-invalid-front-matter", Severity.ERROR)]
    assert plan.front_matter == {}
    assert by_path(plan)["legal/PRIVACY.md"].origin.line == 11  # the body is still read


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: x\nrequirements: []\n\n# Plan\n", 1),  # never closed
        ("---\n- a\n- b\n---\n# Plan\n", 1),  # not a mapping
        ("---\nrequirements: legal/TERMS.md\n---\n", 2),  # not a list
        ("---\na: [" + "[" * 3000 + "\n---\n", 1),  # nested too deeply
    ],
)
def test_broken_front_matter_shapes(text: str, line: int) -> None:
    plan = parse_plan(text, "p.md")
    assert [(f.line, f.code) for f in plan.findings if f.code == "GC606"] == [(line, "GC606")]


def test_horizontal_rule_at_start_is_not_front_matter() -> None:
    plan = parse_plan("---\n\n# Plan\n\n- [ ] Policy (`a.md`)\n", "p.md")
    assert "GC606" not in {f.code for f in plan.findings}
    assert [r.path for r in plan.requirements] == ["a.md"]


def test_byte_order_mark_keeps_front_matter() -> None:
    plan = parse_plan("\ufeff---\nrequirements:\n  - path: a.md\n---\n", "p.md")
    assert [(r.path, r.origin.line) for r in plan.requirements] == [("a.md", 3)]


# --- plan lint ---


def test_duplicate_paths_merge_into_the_first() -> None:
    plan = fixture_plan("duplicates.md")
    privacy = by_path(plan)["legal/PRIVACY.md"]
    assert [r.path for r in plan.requirements] == ["legal/PRIVACY.md", "legal/TERMS.md"]
    assert privacy.origin.line == 9
    assert [o.line for o in privacy.also_required_by] == [18, 19]
    assert [o.line for o in privacy.origins] == [9, 18, 19]
    # The first occurrence's context wins, including its (absent) claim.
    assert (privacy.priority, privacy.owner, privacy.phase, privacy.claimed) == (
        Priority.CRITICAL,
        "Legal",
        "Phase 1",
        False,
    )
    dups = [f for f in plan.findings if f.code == "GC602"]
    assert [(f.line, f.severity) for f in dups] == [(18, Severity.WARNING), (19, Severity.WARNING)]
    assert "line 9" in dups[0].message


def test_paths_outside_the_repository() -> None:
    plan = fixture_plan("outside-root.md")
    outside = [f for f in plan.findings if f.code == "GC603"]
    assert [(f.line, f.rule, f.severity) for f in outside] == [
        (line, "plan-path-outside-root", Severity.ERROR) for line in (8, 9, 10, 11, 12)
    ]
    assert [r.path for r in plan.requirements] == [
        "/etc/passwd",
        "../secrets.md",
        "docs/../../outside.md",
        "~/notes.md",
        "C:/Users/me/plan.md",
        "legal/NOTICE.md",  # docs/../legal stays inside: normalised, no finding
        "docs/ops/HEALTH.md",  # `/health` is a route, not a path
    ]


def test_section_without_priority() -> None:
    plan = fixture_plan("no-priority.md")
    missing = [f for f in plan.findings if f.code == "GC605"]
    assert [(f.line, f.severity) for f in missing] == [(5, Severity.WARNING)]
    assert "Week 1: Legal documents" in missing[0].message
    reqs = by_path(plan)
    assert reqs["legal/PRIVACY.md"].priority is None
    assert reqs["docs/compliance/GDPR.md"].priority is Priority.HIGH
    # "## Phase 2: Security (High priority)": the phase heading carries it, the week inherits.
    assert reqs["SECURITY.md"].priority is Priority.HIGH
    assert plan.tasks[0].priority is None


def test_timeline_table_is_a_fallback_for_phase_priorities() -> None:
    plan = fixture_plan("timeline-fallback.md")
    assert {r.path: r.priority for r in plan.requirements} == {
        "legal/PRIVACY.md": Priority.CRITICAL,
        "docs/RUNBOOK.md": Priority.MEDIUM,
        "docs/GLOSSARY.md": None,
    }
    assert [(f.line, f.code) for f in plan.findings] == [(15, "GC605")]


def test_section_priority_beats_timeline_table() -> None:
    text = (
        "# P\n\n## Phase 1: Legal\n\n**Priority:** Low\n\n**Tasks:**\n1. Create X (`x.md`)\n\n"
        "## Timeline\n\n| Phase | Priority |\n|---|---|\n| Phase 1 | Critical |\n"
    )
    assert parse_plan(text, "p.md").requirements[0].priority is Priority.LOW


def test_task_that_looks_like_a_document() -> None:
    text = "**Tasks:**\n1. Create Onboarding Guide\n2. Schedule the audit\n3. Write `x.md`\n"
    plan = parse_plan(text, "p.md")
    doc_like = [f for f in plan.findings if f.code == "GC604"]
    assert [(f.line, f.severity, f.rule) for f in doc_like] == [(2, Severity.INFO, "plan-task-without-path")]
    assert "Create Onboarding Guide" in doc_like[0].message
    assert "path" in doc_like[0].hint
    assert all(task.suggested_type is None for task in plan.tasks)


@pytest.mark.parametrize("date", ["2024-01-XX", "YYYY-MM-DD", "TBD", "xx/xx/2025", "2025-XX-01", "[date]"])
def test_placeholder_dates(date: str) -> None:
    plan = parse_plan(f"# Plan\n\n**Owner:** Me\n**Date:** {date}\n", "p.md")
    assert [(f.line, f.code) for f in plan.findings] == [(4, "GC601")]


def test_real_dates_are_not_placeholders() -> None:
    plan = parse_plan("# Plan\n\n**Date:** 2026-01-05\n**Last updated:** 5 May 2026\n", "p.md")
    assert plan.findings == ()


def test_plan_codes_match_the_registry() -> None:
    plan_lint = pytest.importorskip("gapcheck.checks.plan_lint")
    registry = {info.code: (info.name, info.severity) for info in plan_lint.CODES}
    made = {
        (f.code, f.rule, f.severity)
        for name in ("front-matter.md", "duplicates.md", "outside-root.md", "no-priority.md")
        for f in fixture_plan(name).findings
    }
    made |= {(f.code, f.rule, f.severity) for f in parse_plan("**Tasks:**\n1. Create Policy\n", "p").findings}
    assert {code for code, _, _ in made} == set(registry)
    for code, rule, severity in made:
        assert registry[code] == (rule, severity)


# --- paths, claims, priorities, labels ---


@pytest.mark.parametrize(
    "span",
    [
        "https://example.com/docs/a.md",
        "mailto:legal@example.com",
        "npm run build",
        "make test",
        "--strict",
        "-v",
        "gapcheck",
        "DEBUG",
        "os.path",
        "v1.2.3",
        "24/7",
        "example.com",
        "localhost:8080",
        "/health",
        "render()",
        "a=b",
        ".NET",
    ],
)
def test_code_spans_that_are_not_paths(span: str) -> None:
    plan = parse_plan(f"**Tasks:**\n1. Use `{span}` here\n", "p.md")
    assert plan.requirements == ()
    assert [task.title for task in plan.tasks] == [f"Use {span} here"]


@pytest.mark.parametrize(
    ("span", "path", "kind"),
    [
        ("./docs/a.md", "docs/a.md", PathKind.FILE),
        ("././docs//a.md", "docs/a.md", PathKind.FILE),
        (".github/CODEOWNERS", ".github/CODEOWNERS", PathKind.FILE),
        ("LICENSE", "LICENSE", PathKind.FILE),
        (".gapcheck.yaml", ".gapcheck.yaml", PathKind.FILE),
        ("docs/runbooks/", "docs/runbooks/", PathKind.DIRECTORY),
        ("docs/**/*.md", "docs/**/*.md", PathKind.GLOB),
        ("*.md", "*.md", PathKind.GLOB),
        ("docs/policy-v?.md", "docs/policy-v?.md", PathKind.GLOB),
        ("docs/[ab].md", "docs/[ab].md", PathKind.GLOB),
        ("docs\\legal\\terms.md", "docs/legal/terms.md", PathKind.FILE),
    ],
)
def test_paths_and_kinds(span: str, path: str, kind: PathKind) -> None:
    plan = parse_plan(f"**Tasks:**\n1. Write it (`{span}`)\n", "p.md")
    assert [(r.path, r.kind, r.title) for r in plan.requirements] == [(path, kind, "Write it")]
    assert "GC603" not in {f.code for f in plan.findings}


@pytest.mark.parametrize(
    ("suffix", "claim"),
    [
        ("✅ Created", "✅ Created"),
        ("✅ Done", "✅ Done"),
        ("✅ Referenced", "✅ Referenced"),
        ("✔️ Done", "✔ Done"),
        ("✅", "✅"),
        ("- Done", "Done"),
        ("— completed", "completed"),
        ("(done)", "done"),
        ("[Complete]", "Complete"),
        ("DONE", "DONE"),
        ("Status: Finished", "Finished"),
        ("⏳ Pending", None),
        ("❌ Not started", None),
        ("🚧 In progress", None),
        ("", None),
    ],
)
def test_claims(suffix: str, claim: str | None) -> None:
    plan = parse_plan(f"**Tasks:**\n1. Create Policy (`p.md`) {suffix}\n", "p.md")
    req = plan.requirements[0]
    assert (req.claimed, req.claim_text) == (claim is not None, claim)
    assert req.title == "Create Policy"


def test_claim_words_inside_a_title_are_not_claims() -> None:
    text = "**Tasks:**\n1. Complete the security review (`r.md`)\n2. Create the done list\n"
    plan = parse_plan(text, "p.md")
    assert not plan.requirements[0].claimed
    assert not plan.tasks[0].claimed


def test_checkboxes() -> None:
    plan = parse_plan("- [x] Terms (`t.md`)\n- [X] Done thing\n- [ ] Privacy (`p.md`)\n", "p.md")
    assert [(r.path, r.claimed, r.claim_text) for r in plan.requirements] == [
        ("t.md", True, "[x]"),
        ("p.md", False, None),
    ]
    assert [(t.title, t.claimed) for t in plan.tasks] == [("Done thing", True)]


def test_mojibake_variants() -> None:
    plan = fixture_plan("mojibake.md")
    reqs = by_path(plan)
    assert {path[5]: req.priority for path, req in reqs.items()} == {
        **dict.fromkeys("ABC", Priority.CRITICAL),
        **dict.fromkeys("DEFGH", Priority.HIGH),
    }
    assert {path[5]: req.claim_text for path, req in reqs.items() if req.claimed} == {
        "A": "✅ Created",  # Windows-1252
        "C": "✅ Done",  # Latin-1 with C1 controls
        "D": "✅ Complete",  # Mac Roman
        "F": "Created",  # a mark lost to U+FFFD
        "G": "✅ Done",  # proper UTF-8
    }
    assert [req.title for req in plan.requirements] == [f"Create {c}" for c in "ABCDEFGH"]


@pytest.mark.parametrize("legit", ["für", "naïve café", "“Élan”", "pages 10–élan", "日本語", "Жизнь"])
def test_legitimate_non_ascii_text_is_kept(legit: str) -> None:
    plan = parse_plan(f"**Tasks:**\n1. Translate {legit} (`t.md`)\n", "p.md")
    assert plan.requirements[0].title == f"Translate {legit}"


@pytest.mark.parametrize(
    ("line", "priority"),
    [
        ("**Priority:** 🔴 CRITICAL", Priority.CRITICAL),
        ("**Priority:** ðŸ”´ CRITICAL", Priority.CRITICAL),
        ("Priority: High", Priority.HIGH),
        ("**Priority**: high", Priority.HIGH),
        ("Priority — Medium", Priority.MEDIUM),
        ("Priority - low", Priority.LOW),
        ("*Priority:* P1", Priority.HIGH),
        ("| Priority | Medium |\n|---|---|", Priority.MEDIUM),
    ],
)
def test_priority_lines(line: str, priority: Priority) -> None:
    text = f"# Plan\n\n## Week 1\n\n{line}\n\n**Tasks:**\n1. Create X (`x.md`)\n"
    plan = parse_plan(text, "p.md")
    assert plan.requirements[0].priority is priority
    assert plan.findings == ()


def test_phase_priority_is_inherited_and_section_line_wins() -> None:
    text = (
        "# Plan\n\n## Phase 1\n\n**Priority:** Medium\n\n### Week 1\n\n**Tasks:**\n"
        "1. A (`a.md`)\n\n### Week 2\n\n**Priority:** Critical\n\n**Tasks:**\n1. B (`b.md`)\n"
    )
    plan = parse_plan(text, "p.md")
    assert [(r.path, r.priority, r.section) for r in plan.requirements] == [
        ("a.md", Priority.MEDIUM, "Week 1"),
        ("b.md", Priority.CRITICAL, "Week 2"),
    ]


def test_priority_does_not_leak_into_the_next_phase() -> None:
    text = (
        "# Plan\n\n## Phase 1\n\n**Priority:** High\n\n- [ ] A (`a.md`)\n\n## Phase 2\n\n- [ ] B (`b.md`)\n"
    )
    plan = parse_plan(text, "p.md")
    assert [r.priority for r in plan.requirements] == [Priority.HIGH, None]
    assert [(f.line, f.code) for f in plan.findings] == [(9, "GC605")]


@pytest.mark.parametrize(
    "label",
    ["**Deliverables:**", "**Dependencies:** legal review", "Risks:", "Notes:", "Next steps:"],
)
def test_lists_labelled_as_something_else_are_not_tasks(label: str) -> None:
    plan = parse_plan(f"## Week 1\n\n{label}\n- Publish (`docs/a.md`)\n- [ ] Review\n", "p.md")
    assert (plan.requirements, plan.tasks) == ((), ())


@pytest.mark.parametrize(
    "heading", ["Resource Requirements", "Next Steps", "Risk Mitigation", "Conclusion", "References"]
)
def test_sections_that_are_not_work(heading: str) -> None:
    text = f"## {heading}\n\n**Tasks:**\n1. Engage counsel (`docs/a.md`)\n2. Schedule audit\n"
    plan = parse_plan(text, "p.md")
    assert (plan.requirements, plan.tasks) == ((), ())


def test_labelled_list_without_paths_is_tasks_but_plain_bullets_are_not() -> None:
    text = "## Week 1\n\nSome context:\n- we talked\n- to legal\n\n**Action items:**\n- Call counsel\n"
    assert [t.title for t in parse_plan(text, "p.md").tasks] == ["Call counsel"]


def test_nested_task_label_inside_an_item() -> None:
    text = "- **Tasks:**\n  1. Create X (`x.md`)\n  2. Call counsel\n"
    plan = parse_plan(text, "p.md")
    assert [r.path for r in plan.requirements] == ["x.md"]
    assert [(t.title, t.origin.line) for t in plan.tasks] == [("Call counsel", 3)]


def test_multi_line_item_reports_the_line_of_each_path() -> None:
    plan = parse_plan("**Tasks:**\n1. Create the policies:\n   `a.md` and\n   `b.md`\n", "p.md")
    assert [(r.path, r.origin.line) for r in plan.requirements] == [("a.md", 3), ("b.md", 4)]


def test_metrics_are_checkboxes_under_success_metrics() -> None:
    text = "## Success Metrics\n\n- [x] Policy live (`a.md`)\n- [ ] Audit passed\n"
    plan = parse_plan(text, "p.md")
    assert plan.requirements == ()
    assert [(m.text, m.checked, m.phase, m.origin.line) for m in plan.metrics] == [
        ("Policy live (a.md)", True, None, 3),
        ("Audit passed", False, None, 4),
    ]


def test_inline_tags_and_due_dates() -> None:
    text = "# P\n\n**Priority:** Low\n\n- [ ] Terms (`t.md`) (owner: Legal) (due: 2026-03-01) [P1]\n"
    req = parse_plan(text, "p.md").requirements[0]
    assert (req.title, req.owner, req.due, req.priority) == (
        "Terms",
        "Legal",
        dt.date(2026, 3, 1),
        Priority.HIGH,
    )


# --- robustness ---


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n   \n",
        "just a sentence",
        "---",
        "---\n---\n",
        "\x00\x01\x02\ufffd\ufffd",
        "> " * 300 + "- " * 300 + "x `a.md`",
        "".join("  " * i + f"- [ ] item `d{i}.md`\n" for i in range(200)),
        "| Path |\n|---|\n| `a.md` | extra | cells |\n| |\n",
        "| Phase | Priority |\n|---|---|\n| | |\n",
        "# " + "x" * 100_000,
        "**Tasks:**\n1. `" + "a/" * 5000 + "`\n",
    ],
)
def test_odd_input_never_raises(text: str) -> None:
    plan = parse_plan(text, "p.md")
    assert plan.path == "p.md"
    assert isinstance(plan.requirements, tuple)
    assert all(f.path == "p.md" and f.line >= 1 for f in plan.findings)


def test_random_bytes_never_raise() -> None:
    rng = random.Random(7)
    for _ in range(25):
        text = bytes(rng.randrange(256) for _ in range(3000)).decode("utf-8", errors="replace")
        assert parse_plan(text, "junk.md").path == "junk.md"


def test_load_plan_replaces_undecodable_bytes(tmp_path: Path) -> None:
    file = tmp_path / "plan.md"
    file.write_bytes(b"**Tasks:**\n1. Create \xff\xfe Policy (`legal/P.md`)\n")
    plan = load_plan(file, "plan.md")
    assert [(r.path, r.origin.file) for r in plan.requirements] == [("legal/P.md", "plan.md")]


@pytest.mark.parametrize(
    "content", [b"\x00\x01binary\x00", "# Plan".encode("utf-16")], ids=["binary", "utf-16"]
)
def test_load_plan_rejects_binary_files(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "plan.md"
    file.write_bytes(content)
    with pytest.raises(PlanError) as info:
        load_plan(file, "plans/plan.md")
    assert info.value.path == "plans/plan.md"
    assert info.value.line is None
    assert "plans/plan.md" in str(info.value)


@pytest.mark.parametrize("name", ["missing.md", "."])
def test_load_plan_unreadable(tmp_path: Path, name: str) -> None:
    with pytest.raises(PlanError, match="cannot read"):
        load_plan(tmp_path / name, "plans/x.md")
