"""Shared test helpers: isolated environment, a CLI runner, throwaway repositories."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL_PLAN = SHARED / "plans" / "strategic-gaps-plan.md"

# The paths the strategic-gaps plan names, in plan order (Phase 1 first).
STRATEGIC_GAPS_PATHS = [
    "legal/TERMS_OF_SERVICE.md",
    "legal/PRIVACY_POLICY.md",
    "legal/DPA.md",
    "legal/SLA.md",
    "legal/AUP.md",
    "docs/compliance/SOC2_READINESS.md",
    "docs/compliance/FERPA_CHECKLIST.md",
    "docs/compliance/HIPAA_GUIDE.md",
    "docs/compliance/ACCESSIBILITY.md",
    "docs/compliance/DATA_RETENTION.md",
    "docs/security/SECURITY_AUDIT_CHECKLIST.md",
    "docs/security/VULNERABILITY_DISCLOSURE.md",
    "docs/security/PENETRATION_TESTING.md",
    "docs/performance/BENCHMARKS.md",
    "docs/performance/CAPACITY_PLANNING.md",
    "docs/api/DEPRECATION_POLICY.md",
    "docs/api/MIGRATION_GUIDES.md",
    "docs/integrations/",
    "docs/migrations/",
    "docs/developer/ONBOARDING.md",
    "CONTRIBUTING.md",
    "CODE_OF_CONDUCT.md",
    "docs/operations/ON_CALL.md",
    "docs/operations/POST_MORTEM_PROCESS.md",
    "docs/operations/COST_MONITORING.md",
    "docs/business/USER_PERSONAS.md",
    "docs/business/CUSTOMER_JOURNEY.md",
    "docs/business/GROWTH_FUNNELS.md",
    "docs/business/CHURN_ANALYSIS.md",
    "docs/business/COMPETITIVE_ANALYSIS.md",
    "docs/business/MARKET_RESEARCH.md",
    "docs/business/SWOT.md",
    "docs/business/POSITIONING.md",
    "docs/product/FEATURE_FLAGS.md",
    "docs/product/AB_TESTING.md",
    "docs/product/QUOTA_MANAGEMENT.md",
]


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results must not depend on the developer's terminal or CI."""
    for name in ("NO_COLOR", "GITHUB_ACTIONS", "GAPCHECK_DEBUG", "TERM", "GITHUB_STEP_SUMMARY"):
        monkeypatch.delenv(name, raising=False)


@dataclass(frozen=True)
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


RunCli = Callable[..., CliResult]


@pytest.fixture
def run_cli() -> RunCli:
    def run(*args: str, cwd: Path | None = None) -> CliResult:
        runner = CliRunner()
        if cwd is None:
            result = runner.invoke(main, list(args), catch_exceptions=False)
        else:
            with pytest.MonkeyPatch.context() as patch:
                patch.chdir(cwd)
                result = runner.invoke(main, list(args), catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run


MakeRepo = Callable[[Mapping[str, str]], Path]


@pytest.fixture
def make_repo(tmp_path: Path) -> MakeRepo:
    def make(files: Mapping[str, str]) -> Path:
        root = tmp_path / "repo"
        root.mkdir(exist_ok=True)
        for name, text in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return root

    return make


@pytest.fixture
def real_plan() -> Path:
    if not REAL_PLAN.is_file():
        pytest.skip(f"the shared plan is not beside the checkout ({REAL_PLAN})")
    return REAL_PLAN
