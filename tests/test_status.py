"""`gapcheck status`: progress per phase and section, success metrics, claims, unplanned documents.

Snapshots live in tests/snapshots/; regenerate them with GAPCHECK_UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from conftest import REPO, MakeRepo, RunCli

from gapcheck import api
from gapcheck.metrics import MetricState, evaluate_metrics, same_phase, stem
from gapcheck.report.status_markdown import code, escape
from gapcheck.status import build_status, progress_bar

SNAPSHOTS = Path(__file__).parent / "snapshots"
STATUS_REPO = Path(__file__).parent / "fixtures" / "status_repo"
DEMO = REPO / "examples" / "demo"
EXTENSIONS = {"text": "txt", "markdown": "md", "json": "json"}


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("GAPCHECK_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"no snapshot {path.name}; run the tests with GAPCHECK_UPDATE_SNAPSHOTS=1 to write it")
    assert text == path.read_text(encoding="utf-8"), f"{path.name} changed (GAPCHECK_UPDATE_SNAPSHOTS=1)"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
@pytest.mark.parametrize(
    ("name", "root", "today"),
    [("status-repo", STATUS_REPO, "2026-01-20"), ("demo", DEMO, "2026-11-25")],
)
def test_status_snapshots(run_cli: RunCli, fmt: str, name: str, root: Path, today: str) -> None:
    if not root.is_dir():
        pytest.skip(f"{root} is not in this checkout")
    result = run_cli("status", str(root), "--format", fmt, "--today", today, "--color", "never")
    assert result.exit_code == 0, result.stderr
    if fmt == "json":
        json.loads(result.stdout)
    assert_snapshot(f"{name}-status.{EXTENSIONS[fmt]}", result.stdout)


def test_status_exits_0_when_the_gate_fails(run_cli: RunCli) -> None:
    check = run_cli("check", str(STATUS_REPO), "--today", "2026-01-20", "--format", "json")
    assert check.exit_code == 1
    status = run_cli("status", str(STATUS_REPO), "--today", "2026-01-20", "--format", "json")
    assert status.exit_code == 0
    assert json.loads(status.stdout)["gate"] == "fail"


def test_status_usage_errors_still_exit_2(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("status", str(tmp_path), "--plan", str(tmp_path / "nope.md")).exit_code == 2
    assert run_cli("status", str(STATUS_REPO), "--today", "soon").exit_code == 2


def _status_json(run_cli: RunCli, *args: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("status", str(STATUS_REPO), "--format", "json", "--today", "2026-01-20", *args)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_numbers_per_phase_and_section(run_cli: RunCli) -> None:
    data = _status_json(run_cli)
    assert data["overall"]["total"] == 6
    assert data["overall"]["percent_complete"] == 33
    phase = data["phases"][0]
    assert phase["name"] == "Phase 1: Foundations (Weeks 1-2)"
    assert phase["counts"] == {
        "complete": 1,
        "incomplete": 1,
        "stale": 0,
        "missing": 2,
        "not-due": 0,
        "waived": 0,
    }
    assert phase["owners"] == ["Legal", "Operations"]
    week1 = phase["sections"][0]
    assert [r["path"] for r in week1["requirements"]] == [
        "policies/PRIVACY.md",
        "policies/SECURITY.md",
        "policies/RETENTION.md",
    ]
    assert week1["tasks"][0]["state"] == "claimed, not checkable"
    assert week1["due"] == "2026-01-11"


def test_all_turns_not_due_into_missing(run_cli: RunCli) -> None:
    growth = _status_json(run_cli, "--all")["phases"][1]
    assert growth["counts"]["missing"] == 1
    assert growth["counts"]["not-due"] == 0


def test_metrics_met_not_met_and_not_checkable(run_cli: RunCli) -> None:
    metrics = {m["text"]: m for m in _status_json(run_cli)["metrics"]}
    assert metrics["All policies published"]["state"] == "not met"
    assert metrics["All policies published"]["requirements"] == [
        "policies/PRIVACY.md",
        "policies/SECURITY.md",
        "policies/RETENTION.md",
    ]
    assert metrics["Runbook documented"]["ticked"] is True
    assert metrics["Runbook documented"]["state"] == "not met"
    assert metrics["Paging active"]["state"] == "not checkable"
    assert metrics["User personas defined"]["state"] == "met"


def test_real_plan_metrics(tmp_path: Path, real_plan: Path) -> None:
    report = api.check(tmp_path, plans=[real_plan], today=dt.date(2026, 1, 20))
    results = {r.metric.text: r for r in evaluate_metrics(report.metrics, report.results, report.tasks)}
    legal = results["All legal documents published"]
    assert legal.state is MetricState.NOT_MET
    assert {p.split("/")[0] for p in legal.requirements} == {"legal"}
    assert len(legal.requirements) == 5
    checklists = results["Compliance checklists complete"]
    assert checklists.requirements == ("docs/compliance/FERPA_CHECKLIST.md",)
    assert checklists.tasks == ("Create GDPR Compliance Checklist",)
    assert results["Post-mortem process documented"].requirements == (
        "docs/operations/POST_MORTEM_PROCESS.md",
    )
    assert results["User personas defined"].requirements == ("docs/business/USER_PERSONAS.md",)
    assert results["Growth funnels documented"].requirements == ("docs/business/GROWTH_FUNNELS.md",)
    versioning = results["Versioning policy published"]
    assert (versioning.state, versioning.tasks) == (
        MetricState.NOT_CHECKABLE,
        ("Create API Versioning Policy",),
    )
    for activity in (
        "Security audit completed",
        "On-call rotation active",
        "Feature flags operational",
        "Legal review passed",
        "Multi-language docs complete",
    ):
        assert results[activity].state is MetricState.NOT_CHECKABLE, activity


def test_phase_matching_and_stemming() -> None:
    assert same_phase("Phase 1: Legal & Compliance", "Phase 1: Legal & Compliance Foundation (Weeks 1-2)")
    assert not same_phase("Phase 1: Legal", "Phase 2: Legal")
    assert same_phase("Operations", "Operations Excellence (Weeks 9-12)")
    assert not same_phase(None, "Phase 1")
    assert [stem(w) for w in ("checklists", "policies", "process", "analysis", "funnels")] == [
        "checklist",
        "policy",
        "process",
        "analysis",
        "funnel",
    ]


def test_unplanned_documents_are_listed_but_do_not_fail(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(
        {
            "PLAN.md": "# Plan\n\n## Work\n\n**Priority:** High\n\n1. Create Notes (`notes/A.md`)\n",
            ".gapcheck.yaml": "plan: PLAN.md\n",
            "notes/A.md": "# A\n\nSome notes about the project that are long enough to count as content.\n",
            "notes/B.md": "# B\n\nAn unplanned note.\n",
            "notes/deeper/C.md": "# C\n\nAnother one.\n",
            "notes/README.md": "# Notes\n",
            "ROOT.md": "# Loose file at the root\n",
            "other/D.md": "# D\n",
        }
    )
    result = run_cli("check", str(root), "--format", "json", "--today", "2026-01-20")
    report = json.loads(result.stdout)
    unplanned = [(f["path"], f["severity"]) for f in report["findings"] if f["code"] == "GC702"]
    assert unplanned == [("notes/B.md", "info"), ("notes/deeper/C.md", "info")]
    assert result.exit_code == 0
    text = run_cli("check", str(root), "--today", "2026-01-20", "--color", "never").stdout
    assert "documents the plan does not name\n  notes/B.md:1:1" in text
    status = run_cli("status", str(root), "--today", "2026-01-20", "--color", "never")
    assert "Unplanned documents" in status.stdout
    assert "  notes/B.md" in status.stdout
    ignore = "ignore:\n  - path: notes/deeper/**\n    codes: [GC702]\n"
    (root / ".gapcheck.yaml").write_text("plan: PLAN.md\n" + ignore, encoding="utf-8")
    quiet = json.loads(run_cli("check", str(root), "--format", "json", "--today", "2026-01-20").stdout)
    assert [f["path"] for f in quiet["findings"] if f["code"] == "GC702"] == ["notes/B.md"]


def test_progress_bar() -> None:
    assert progress_bar(50, 8) == "████░░░░"
    assert progress_bar(0, 4) == "░░░░"
    assert progress_bar(100, 4) == "████"
    assert progress_bar(99, 4) == "███░"


def test_markdown_keeps_plan_text_as_text() -> None:
    assert escape("a | b <img src=x> [x](y) *em*") == r"a \| b \<img src=x\> \[x\](y) \*em\*"
    assert escape("Legal & Compliance &amp;") == r"Legal & Compliance \&amp;"
    assert code("a`b|c") == "``a`b\\|c``"


def test_build_status_groups_by_plan_when_there_are_several(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# A\n\n## Phase 1\n\n**Priority:** High\n\n1. Create X (`x.md`)\n")
    (tmp_path / "b.md").write_text("# B\n\n## Phase 1\n\n**Priority:** High\n\n1. Create Y (`y.md`)\n")
    report = api.check(tmp_path, plans=[tmp_path / "a.md", tmp_path / "b.md"], today=dt.date(2026, 1, 1))
    assert [phase.name for phase in build_status(report).phases] == ["a.md: Phase 1", "b.md: Phase 1"]
