"""Tasks that look like documents get a type and a concrete path to add to the plan."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RunCli

PLAN = """# Plan

## Phase 1

### Week 4: Performance

**Priority:** HIGH

**Tasks:**
1. Create Performance Benchmarks (`docs/performance/BENCHMARKS.md`)
2. Create Capacity Planning Guide (`docs/performance/CAPACITY_PLANNING.md`)
3. Create Load Testing Framework
4. Implement load testing in CI/CD

### Week 5: Community

**Priority:** HIGH

**Tasks:**
1. Create Contributor Guidelines (`CONTRIBUTING.md`)
2. Create onboarding (`docs/developer/onboarding.md`)
3. Create JavaScript SDK docs
"""


def test_doc_like_task_gets_type_and_path_in_the_sections_style(tmp_path: Path, run_cli: RunCli) -> None:
    (tmp_path / "PLAN.md").write_text(PLAN, encoding="utf-8")
    report = json.loads(run_cli("plan", str(tmp_path / "PLAN.md"), "--format", "json").stdout)
    types = {task["title"]: task["suggested_type"] for task in report["tasks"]}
    assert types["Create Load Testing Framework"] == "load-testing-framework"
    assert types["Create JavaScript SDK docs"] == "sdk-documentation"
    hints = {f["line"]: f["hint"] for f in report["findings"] if f["code"] == "GC604"}
    assert "`docs/performance/LOAD_TESTING_FRAMEWORK.md`" in hints[12]
    assert "(type: load-testing-framework)" in hints[12]
    # a folder is preferred over root-level community files (CONTRIBUTING.md)
    assert "`docs/developer/JAVASCRIPT_SDK_DOCS.md`" in hints[22]
    assert 13 not in hints  # "Implement ..." is work, not a document


def test_path_follows_lower_case_siblings() -> None:
    from gapcheck.model import Origin, PathKind, Requirement, Task
    from gapcheck.suggest import suggest_path

    siblings = [
        Requirement(
            path=f"handbook/ops/{name}.md",
            kind=PathKind.FILE,
            title=name,
            origin=Origin("P.md", 1),
            phase="P",
            section="S",
        )
        for name in ("on-call", "incident-review")
    ]
    task = Task(title="Write Escalation Policy", origin=Origin("P.md", 5), phase="P", section="S")
    assert suggest_path(task, siblings) == "handbook/ops/escalation-policy.md"
    assert suggest_path(task, []) == "docs/ESCALATION_POLICY.md"
