"""Issue-level behaviour of `gapcheck check`: the gate from plan to verdict, exit codes, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from conftest import MakeRepo, RunCli

from gapcheck.resources import meta_schema_path

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = "2026-11-25"


def _json(stdout: str) -> dict:  # type: ignore[type-arg]
    data = json.loads(stdout)
    schema = json.loads(meta_schema_path("report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(data)
    return data  # type: ignore[no-any-return]


def test_empty_repository_reports_every_planned_path_missing(
    tmp_path: Path, real_plan: Path, run_cli: RunCli
) -> None:
    result = run_cli("check", str(tmp_path), "--plan", str(real_plan), "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    report = _json(result.stdout)
    requirements = report["requirements"]
    assert len(requirements) == 36
    assert {r["verdict"] for r in requirements} == {"missing"}
    missing = [f for f in report["findings"] if f["code"] in ("GC101", "GC102", "GC105")]
    assert len(missing) == 36
    plan_lines = real_plan.read_text(encoding="utf-8").splitlines()
    for finding in missing:
        assert finding["path"].endswith("strategic-gaps-plan.md")
        assert finding["requirement"] in plan_lines[finding["line"] - 1]
    sla = next(f for f in missing if f["requirement"] == "legal/SLA.md")
    assert sla["code"] == "GC105"
    assert report["summary"]["gate"] == "fail"


def test_every_required_document_complete_passes(tmp_path: Path, real_plan: Path, run_cli: RunCli) -> None:
    """All 36 requirements as documents of the test schema, each complete: the gate passes."""
    shutil.copytree(FIXTURES / "schemas", tmp_path / "schemas")
    (tmp_path / "PLAN.md").write_bytes(real_plan.read_bytes())
    (tmp_path / ".gapcheck.yaml").write_text(
        "plan: PLAN.md\nschemas_dir: schemas\ntypes:\n  '**': test-policy\n", encoding="utf-8"
    )
    complete = (FIXTURES / "checks" / "pass" / "complete.md").read_text(encoding="utf-8")
    listing = run_cli("plan", str(real_plan), "--format", "json")
    for requirement in json.loads(listing.stdout)["requirements"]:
        target = tmp_path / requirement["path"]
        if requirement["kind"] == "directory":
            target = target / "guide.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(complete, encoding="utf-8")
    result = run_cli("check", str(tmp_path), "--format", "json", "--today", TODAY)
    report = _json(result.stdout)
    assert {r["verdict"] for r in report["requirements"]} == {"complete"}, result.stdout[:2000]
    assert result.exit_code == 0


def test_problems_are_reported_with_their_lines(make_repo: MakeRepo, run_cli: RunCli) -> None:
    good = (FIXTURES / "checks" / "pass" / "complete.md").read_text(encoding="utf-8")
    plan = (
        "# Plan\n\n## Phase 1\n\n### Week 1\n\n**Priority:** CRITICAL\n\n**Tasks:**\n"
        "1. Create placeholder policy (`a/test-policy-placeholder.md`)\n"
        "2. Create stale policy (`a/test-policy-stale.md`)\n"
        "3. Create short policy (`a/test-policy-missing.md`)\n"
    )
    root = make_repo(
        {
            "PLAN.md": plan,
            ".gapcheck.yaml": "plan: PLAN.md\nschemas_dir: schemas\n",
            "schemas/test-policy.yaml": (FIXTURES / "schemas" / "test-policy.yaml").read_text(),
            "a/test-policy-placeholder.md": good + "\n[COMPANY NAME] owns this.\n",
            "a/test-policy-stale.md": good.replace("2026-06-01", "2023-01-02"),
            "a/test-policy-missing.md": good.split("## 3. Contact us")[0]
            + "## Training\n\nTraining for all.\n",
        }
    )
    result = run_cli("check", str(root), "--format", "json", "--today", TODAY)
    assert result.exit_code == 1
    report = _json(result.stdout)
    verdicts = {r["path"]: r["verdict"] for r in report["requirements"]}
    assert verdicts == {
        "a/test-policy-placeholder.md": "incomplete",
        "a/test-policy-stale.md": "stale",
        "a/test-policy-missing.md": "incomplete",
    }
    where = {(f["path"], f["code"], f["line"]) for f in report["findings"]}
    assert ("a/test-policy-placeholder.md", "GC402", good.count("\n") + 2) in where
    assert ("a/test-policy-stale.md", "GC502", 4) in where
    assert ("a/test-policy-missing.md", "GC301", 6) in where


def test_fail_on_decides_which_priorities_fail(make_repo: MakeRepo, run_cli: RunCli) -> None:
    plan = (
        "# P\n\n## Phase 5\n\n### Month 4\n\n**Priority:** MEDIUM\n\n"
        "**Tasks:**\n1. Create Notes (`NOTES.md`)\n"
    )
    root = make_repo({"PLAN.md": plan})
    assert run_cli("check", str(root), "--plan", str(root / "PLAN.md")).exit_code == 0
    assert run_cli("check", str(root), "--plan", str(root / "PLAN.md"), "--fail-on", "medium").exit_code == 1


def test_no_plan_no_config_uses_the_strategic_gaps_pack(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("check", str(tmp_path), "--format", "json", "--today", TODAY)
    report = _json(result.stdout)
    assert len(report["requirements"]) == 36
    assert report["plans"] == ["pack:strategic-gaps"]
    assert result.exit_code == 1


def test_oss_community_pack_accepts_alternative_locations(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo(
        {".github/SECURITY.md": "# Security\n\nReport to security@x.test.\n", "LICENSE": "MIT\n"}
    )
    result = run_cli("check", str(root), "--pack", "oss-community", "--format", "json", "--today", TODAY)
    verdicts = {r["path"]: (r["verdict"], r["documents"]) for r in _json(result.stdout)["requirements"]}
    assert verdicts["SECURITY.md"][1] == [".github/SECURITY.md"]
    assert verdicts["LICENSE"] == ("complete", ["LICENSE"])
    assert verdicts["README.md"][0] == "missing"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("fail_onn: high\n", "unknown key 'fail_onn'; did you mean 'fail_on'?"),
        ("fail_on: sometimes\n", "fail_on"),
        ("plan: [unclosed\n", "invalid YAML"),
        ("requirements:\n  - path: x.md\n    type: privacy-polcy\n", "did you mean 'privacy-policy'?"),
        ("requirements:\n  - path: x.md\n    prio: high\n", "unknown key 'prio'; did you mean 'priority'?"),
    ],
)
def test_bad_config_is_exit_2_naming_file_and_key(
    make_repo: MakeRepo, run_cli: RunCli, config: str, message: str
) -> None:
    root = make_repo({".gapcheck.yaml": config})
    result = run_cli("check", str(root))
    assert result.exit_code == 2
    assert ".gapcheck.yaml" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_pyproject_tool_table_is_read(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo({"pyproject.toml": "[tool.gapcheck]\nfail_onn = 'high'\n"})
    result = run_cli("check", str(root))
    assert result.exit_code == 2
    assert "pyproject.toml" in result.stderr
    assert "did you mean 'fail_on'" in result.stderr


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("level: required", "level: must", "sections/0/level"),  # caught by the meta-schema
        ("section:retention", "section:nope", "unknown section 'nope'"),  # caught after it
    ],
)
def test_broken_schema_is_exit_2_naming_file_and_key(
    make_repo: MakeRepo, run_cli: RunCli, old: str, new: str, message: str
) -> None:
    broken = (FIXTURES / "schemas" / "test-policy.yaml").read_text().replace(old, new, 1)
    root = make_repo(
        {"schemas/test-policy.yaml": broken, ".gapcheck.yaml": "schemas_dir: schemas\npack: none\n"}
    )
    result = run_cli("check", str(root))
    assert result.exit_code == 2
    assert "schemas/test-policy.yaml" in result.stderr
    assert message in result.stderr


def test_invalid_front_matter_is_a_finding_not_a_crash(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo({"CODE_OF_CONDUCT.md": "---\ntitle: [broken\n---\n# Code of Conduct\n"})
    result = run_cli("lint", str(root / "CODE_OF_CONDUCT.md"), "--format", "json")
    assert result.exit_code == 1
    codes = {(f["code"], f["line"]) for f in json.loads(result.stdout)["findings"]}
    assert ("GC202", 3) in codes or ("GC202", 2) in codes


def test_missing_plan_file_is_exit_2(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("check", str(tmp_path), "--plan", str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert "nope.md" in result.stderr
    assert "does not exist" in result.stderr


def test_text_output_groups_by_document_and_ends_with_summary(tmp_path: Path, run_cli: RunCli) -> None:
    result = run_cli("check", str(tmp_path), "--today", TODAY, "--color", "never")
    lines = result.stdout.splitlines()
    assert lines[-1].startswith("36 requirements: 36 missing")
    assert "gate FAILED (fail-on high)" in lines[-1]
    assert any(line.startswith("legal/PRIVACY_POLICY.md  MISSING") for line in lines)
    assert "\x1b[" not in result.stdout


def test_color_always_and_no_color(tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\x1b[" in run_cli("check", str(tmp_path), "--color", "always").stdout
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run_cli("check", str(tmp_path)).stdout
    assert "\x1b[" in run_cli("check", str(tmp_path), "--color", "always").stdout


def test_json_output_is_byte_stable(tmp_path: Path, run_cli: RunCli) -> None:
    first = run_cli("check", str(tmp_path), "--format", "json", "--today", TODAY).stdout
    second = run_cli("check", str(tmp_path), "--format", "json", "--today", TODAY).stdout
    assert first == second


def test_version_and_help(run_cli: RunCli) -> None:
    from gapcheck import __version__

    assert __version__ in run_cli("--version").stdout
    for command in ("check", "plan", "lint", "rules", "explain"):
        result = run_cli(command, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.stdout


def test_internal_error_is_exit_3_without_traceback(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gapcheck.api

    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(gapcheck.api, "check", explode)
    result = run_cli("check", str(tmp_path))
    assert result.exit_code == 3
    assert "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr


def test_text_output_lists_many_empty_sections_on_one_line(tmp_path: Path, run_cli: RunCli) -> None:
    assert run_cli("init", str(tmp_path), "--only", "legal/PRIVACY_POLICY.md").exit_code == 0
    text = run_cli("check", str(tmp_path), "--today", TODAY, "--color", "never").stdout
    section = text.split("legal/PRIVACY_POLICY.md  INCOMPLETE")[1].split("\n\n")[0]
    assert "sections empty or too short  GC302 section-too-short" in section
    assert "'Your Rights'" in section
    assert section.count("GC302") == 1
    report = json.loads(run_cli("check", str(tmp_path), "--today", TODAY, "--format", "json").stdout)
    stubs = [f for f in report["findings"] if f["code"] == "GC302" and f["path"] == "legal/PRIVACY_POLICY.md"]
    assert len(stubs) >= 6  # machine formats keep one finding per section


def test_never_reads_outside_the_repository(tmp_path: Path, run_cli: RunCli) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("# Code of Conduct\n\nSECRET-CONTENT [COMPANY NAME]\n", encoding="utf-8")
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "CODE_OF_CONDUCT.md").symlink_to(secret)
    plan = (
        "# Plan\n\n## Phase 1\n\n### Week 1\n\n**Priority:** HIGH\n\n**Tasks:**\n"
        "1. Create Code of Conduct (`docs/CODE_OF_CONDUCT.md`)\n"
        "2. Create Secret (`../secret.md`)\n"
    )
    (root / "PLAN.md").write_text(plan, encoding="utf-8")
    result = run_cli("check", str(root), "--plan", str(root / "PLAN.md"), "--format", "json")
    assert "SECRET-CONTENT" not in result.stdout
    assert "COMPANY NAME" not in result.stdout
    report = json.loads(result.stdout)
    assert {r["path"]: r["verdict"] for r in report["requirements"]} == {
        "docs/CODE_OF_CONDUCT.md": "missing",
        "../secret.md": "missing",
    }
    assert any(f["code"] == "GC603" for f in report["findings"])
    link = next(f for f in report["findings"] if f["code"] == "GC109")
    assert "docs/CODE_OF_CONDUCT.md is a link that leads out of the repository" in link["message"]


def test_gapcheck_passes_its_own_community_files(run_cli: RunCli) -> None:
    """Dogfood: this repository's README, licence, CONTRIBUTING, CODE_OF_CONDUCT and SECURITY."""
    from conftest import REPO

    result = run_cli("check", str(REPO), "--pack", "oss-community", "--today", TODAY, "--color", "never")
    assert result.exit_code == 0, result.stdout
    assert "5 requirements: 5 complete · 0 errors, 0 warnings" in result.stdout
