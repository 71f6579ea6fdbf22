"""More than one plan: `plan:` lists several, and a path two plans require is one requirement."""

from __future__ import annotations

import json

from conftest import MakeRepo, RunCli

LEGAL_PLAN = """# Legal plan

## Phase 1: Legal (Weeks 1-2)

**Priority:** CRITICAL
**Owner:** Legal

**Tasks:**
1. Create Privacy Policy (`legal/PRIVACY_POLICY.md`)
2. Create Terms of Service (`legal/TERMS_OF_SERVICE.md`)
"""
PRODUCT_PLAN = """# Product plan

## Phase 1: Launch (Weeks 3-4)

**Priority:** MEDIUM
**Owner:** Product

**Tasks:**
1. Publish the privacy notice (`legal/PRIVACY_POLICY.md`) ✅ Done
2. Create User Personas (`docs/business/USER_PERSONAS.md`)
"""


def test_a_path_two_plans_require_is_one_requirement(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(
        {
            "plans/legal.md": LEGAL_PLAN,
            "plans/product.md": PRODUCT_PLAN,
            ".gapcheck.yaml": "plan:\n  - plans/legal.md\n  - plans/product.md\nstart_date: 2026-01-05\n",
        }
    )
    result = run_cli("check", str(root), "--format", "json", "--today", "2026-01-20")
    report = json.loads(result.stdout)
    assert report["plans"] == ["plans/legal.md", "plans/product.md"]
    paths = [r["path"] for r in report["requirements"]]
    assert sorted(paths) == [
        "docs/business/USER_PERSONAS.md",
        "legal/PRIVACY_POLICY.md",
        "legal/TERMS_OF_SERVICE.md",
    ]
    privacy = next(r for r in report["requirements"] if r["path"] == "legal/PRIVACY_POLICY.md")
    assert privacy["required_by"] == [
        {"file": "plans/legal.md", "line": 9},
        {"file": "plans/product.md", "line": 9},
    ]
    # The first plan's context, the higher priority, the earlier due date, and either plan's claim.
    assert (privacy["phase"], privacy["owner"], privacy["due"]) == (
        "Phase 1: Legal (Weeks 1-2)",
        "Legal",
        "2026-01-18",
    )
    assert privacy["priority"] == "critical"
    assert privacy["claimed"] is True
    codes = [f["code"] for f in report["findings"] if f.get("requirement") == "legal/PRIVACY_POLICY.md"]
    assert codes == ["GC105"]  # one finding for one requirement, however many plans name it
    assert not [f for f in report["findings"] if f["code"] == "GC602"]  # not a duplicate within a plan
    assert result.exit_code == 1


def test_the_earlier_due_date_wins(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(
        {
            "product.md": PRODUCT_PLAN,
            "legal.md": LEGAL_PLAN,
            ".gapcheck.yaml": "plan: [product.md, legal.md]\nstart_date: 2026-01-05\n",
        }
    )
    report = json.loads(run_cli("check", str(root), "--format", "json", "--today", "2026-01-20").stdout)
    privacy = next(r for r in report["requirements"] if r["path"] == "legal/PRIVACY_POLICY.md")
    assert (privacy["phase"], privacy["due"]) == ("Phase 1: Launch (Weeks 3-4)", "2026-01-18")


def test_plan_options_repeat_on_the_command_line(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo({"legal.md": LEGAL_PLAN, "product.md": PRODUCT_PLAN})
    result = run_cli(
        "check",
        str(root),
        "--plan",
        str(root / "legal.md"),
        "--plan",
        str(root / "product.md"),
        "--format",
        "json",
    )
    report = json.loads(result.stdout)
    privacy = next(r for r in report["requirements"] if r["path"] == "legal/PRIVACY_POLICY.md")
    assert [origin["file"] for origin in privacy["required_by"]] == ["legal.md", "product.md"]
    assert len(report["requirements"]) == 3


def test_status_names_the_plan_of_each_phase(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(
        {
            "legal.md": LEGAL_PLAN,
            "product.md": PRODUCT_PLAN,
            ".gapcheck.yaml": "plan: [legal.md, product.md]\n",
        }
    )
    status = json.loads(run_cli("status", str(root), "--format", "json", "--today", "2026-01-20").stdout)
    assert [phase["name"] for phase in status["phases"]] == [
        "legal.md: Phase 1: Legal (Weeks 1-2)",
        "product.md: Phase 1: Launch (Weeks 3-4)",
    ]
    assert status["overall"]["total"] == 3
