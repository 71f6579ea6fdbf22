"""Configuration features end to end: extra requirements, types, schema overrides, discovery."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import MakeRepo, RunCli

FIXTURES = Path(__file__).parent / "fixtures"
COMPLETE = (FIXTURES / "checks" / "pass" / "complete.md").read_text(encoding="utf-8")
# The same policy without its contact section (heading and text).
NO_CONTACT = COMPLETE.split("## 3. Contact us")[0] + "## Training\n\nEvery new employee completes training.\n"
SCHEMA = (FIXTURES / "schemas" / "test-policy.yaml").read_text(encoding="utf-8")
TODAY = "2026-11-25"


def _report(run_cli: RunCli, root: Path, *extra: str) -> dict:  # type: ignore[type-arg]
    result = run_cli("check", str(root), "--format", "json", "--today", TODAY, *extra)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_extra_requirement_glob_with_type_and_priority(make_repo: MakeRepo, run_cli: RunCli) -> None:
    config = (
        "pack: none\nschemas_dir: schemas\nrequirements:\n"
        "  - {path: 'docs/policies/*.md', type: test-policy, priority: high}\n"
    )
    root = make_repo(
        {
            ".gapcheck.yaml": config,
            "schemas/test-policy.yaml": SCHEMA,
            "docs/policies/a.md": COMPLETE,
            "docs/policies/b.md": NO_CONTACT,
        }
    )
    report = _report(run_cli, root)
    [requirement] = report["requirements"]
    assert requirement["kind"] == "glob"
    assert requirement["documents"] == ["docs/policies/a.md", "docs/policies/b.md"]
    assert requirement["verdict"] == "incomplete"
    assert {f["path"] for f in report["findings"] if f["severity"] == "error"} == {"docs/policies/b.md"}
    assert report["summary"]["gate"] == "fail"


def test_types_mapping_and_schema_overrides(make_repo: MakeRepo, run_cli: RunCli) -> None:
    stale = NO_CONTACT.replace("2026-06-01", "2026-03-01")  # 269 days before TODAY
    base = "pack: none\nschemas_dir: schemas\nrequirements: [{path: POLICY.md, priority: high}]\n"
    files = {"schemas/test-policy.yaml": SCHEMA, "POLICY.md": stale}
    root = make_repo({**files, ".gapcheck.yaml": base})
    assert _report(run_cli, root)["requirements"][0]["doc_type"] is None  # nothing matches POLICY.md

    typed = base + "types: {POLICY.md: test-policy}\n"
    root = make_repo({**files, ".gapcheck.yaml": typed})
    codes = {f["code"] for f in _report(run_cli, root)["findings"]}
    assert {"GC301"} <= codes  # the contact section is missing
    assert "GC502" not in codes  # the schema allows 365 days

    overridden = typed + "schemas:\n  test-policy: {disable_sections: [contact], review_max_age_days: 30}\n"
    root = make_repo({**files, ".gapcheck.yaml": overridden})
    report = _report(run_cli, root)
    codes = {f["code"] for f in report["findings"]}
    assert "GC301" not in codes
    assert "GC502" in codes
    assert report["requirements"][0]["verdict"] == "stale"


def test_config_is_found_in_a_parent_up_to_the_repository_top(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo({".gapcheck.yaml": "fail_onn: high\n", "sub/dir/x.md": "# x\n"})
    (root / ".git").mkdir()
    result = run_cli("check", str(root / "sub" / "dir"))
    assert result.exit_code == 2
    assert "did you mean 'fail_on'" in result.stderr
    inner = make_repo({"sub/.git/HEAD": "", "sub/dir/x.md": "# x\n"})
    assert run_cli("check", str(inner / "sub" / "dir"), "--pack", "none").exit_code == 0


def test_python_dash_m_runs_the_cli(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gapcheck", "check", str(tmp_path), "--pack", "oss-community"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "README.md" in result.stdout


def test_config_paths_must_stay_inside_the_repository(make_repo: MakeRepo, run_cli: RunCli) -> None:
    for config in ("plan: /etc/passwd\n", "plan: ../outside.md\n", "schemas_dir: ../../schemas\n"):
        root = make_repo({".gapcheck.yaml": config})
        result = run_cli("check", str(root))
        assert result.exit_code == 2, config
        assert "leads outside the repository" in result.stderr
        assert "root:" not in result.stderr  # nothing of /etc/passwd is shown
