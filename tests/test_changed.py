"""`gapcheck check --changed [--base REF]`: read only changed documents, check existence everywhere."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ci_repo import COMPLETE, TODAY, commit_all, git, make_repo
from conftest import RunCli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INCOMPLETE = "# Test Policy\n\n## Scope\n\nzzscope. Ask [TODO].\n"


def check(run_cli: RunCli, root: Path, *extra: str) -> tuple[int, dict[str, Any], str]:
    result = run_cli("check", str(root), "--format", "json", "--today", TODAY, "--changed", *extra)
    data = json.loads(result.stdout) if result.exit_code in (0, 1) else {}
    return result.exit_code, data, result.stderr


def by_path(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["path"]: r for r in report["requirements"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Committed: TEST.md incomplete, OTHER.md complete."""
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": INCOMPLETE, "docs/OTHER.md": COMPLETE})
    commit_all(root, "documents")
    return root


def test_unchanged_documents_are_not_read(repo: Path, run_cli: RunCli) -> None:
    code, report, _ = check(run_cli, repo)
    assert code == 0
    test = by_path(report)["docs/TEST.md"]
    assert (test["verdict"], test["unchanged"]) == ("complete", True)
    assert test["note"].startswith("not re-checked")
    assert report["findings"] == []
    assert report["changed"] == {
        "base": "HEAD",
        "files": [],
        "full": False,
        "reason": "",
        "unchanged": ["docs/TEST.md", "docs/OTHER.md"],
    }


def test_a_full_check_of_the_same_repository_fails(repo: Path, run_cli: RunCli) -> None:
    assert run_cli("check", str(repo), "--today", TODAY).exit_code == 1


def test_changed_staged_and_untracked_documents_are_read(repo: Path, run_cli: RunCli) -> None:
    (repo / "docs" / "TEST.md").write_text(INCOMPLETE + "\nMore.\n", encoding="utf-8")
    code, report, _ = check(run_cli, repo)
    assert code == 1
    assert by_path(report)["docs/TEST.md"]["verdict"] == "incomplete"
    assert by_path(report)["docs/OTHER.md"]["unchanged"] is True
    git(repo, "add", "docs/TEST.md")  # staged counts too
    assert check(run_cli, repo)[0] == 1
    assert report["changed"]["files"] == ["docs/TEST.md"]


def test_a_new_untracked_document_is_read(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": COMPLETE})
    commit_all(root)
    (root / "docs" / "OTHER.md").write_text(INCOMPLETE, encoding="utf-8")
    code, report, _ = check(run_cli, root)
    assert code == 1
    assert by_path(report)["docs/OTHER.md"]["verdict"] == "incomplete"
    assert "docs/OTHER.md" in report["changed"]["files"]


def test_a_deleted_required_document_is_caught(repo: Path, run_cli: RunCli) -> None:
    git(repo, "rm", "-q", "docs/OTHER.md")
    commit_all(repo, "delete")
    code, report, _ = check(run_cli, repo)  # nothing changed since HEAD, yet the gap is found
    assert code == 1
    assert by_path(report)["docs/OTHER.md"]["verdict"] == "missing"
    assert [f["code"] for f in report["findings"]] == ["GC101"]


def test_base_adds_what_the_branch_committed(repo: Path, run_cli: RunCli) -> None:
    git(repo, "checkout", "-q", "-b", "feature")
    (repo / "docs" / "OTHER.md").write_text(INCOMPLETE, encoding="utf-8")
    commit_all(repo, "break OTHER")
    assert check(run_cli, repo)[0] == 0  # nothing uncommitted
    code, report, _ = check(run_cli, repo, "--base", "main")
    assert code == 1
    assert report["changed"]["base"] == "main"
    assert report["changed"]["files"] == ["docs/OTHER.md"]
    assert by_path(report)["docs/OTHER.md"]["verdict"] == "incomplete"
    assert by_path(report)["docs/TEST.md"]["unchanged"] is True


def test_a_changed_config_checks_everything(repo: Path, run_cli: RunCli) -> None:
    config = repo / ".gapcheck.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "fail_on: high\n", encoding="utf-8")
    code, report, _ = check(run_cli, repo)
    assert code == 1
    assert report["changed"]["full"] is True
    assert report["changed"]["reason"] == ".gapcheck.yaml changed"
    assert not any(r["unchanged"] for r in report["requirements"])


def test_a_changed_plan_checks_everything(repo: Path, run_cli: RunCli) -> None:
    plan = repo / "plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, report, _ = check(run_cli, repo)
    assert code == 1
    assert report["changed"]["full"] is True


def test_text_output_says_what_was_not_re_checked(repo: Path, run_cli: RunCli) -> None:
    result = run_cli("check", str(repo), "--today", TODAY, "--changed")
    assert "complete: docs/TEST.md (not re-checked), docs/OTHER.md (not re-checked)" in result.stdout
    assert "changed since HEAD: 0 files; 2 unchanged required documents exist but were not re-checked" in (
        result.stdout
    )


def test_not_a_git_repository_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "plain", {"docs/TEST.md": COMPLETE})
    outside = tmp_path / "plain"
    if git_top(outside) is not None:
        pytest.skip("the temporary folder is inside a git repository")
    code, _, err = check(run_cli, root)
    assert code == 2
    assert "--changed needs a git repository" in err


def git_top(path: Path) -> str | None:
    try:
        return git(path, "rev-parse", "--show-toplevel").strip()
    except Exception:  # noqa: BLE001 - any failure means: not inside a repository
        return None


@pytest.mark.parametrize(
    ("base", "message"),
    [
        ("no-such-branch", "git knows no commit 'no-such-branch' (in CI, fetch it: actions/checkout"),
        ("--output=x", "not a revision"),
    ],
)
def test_bad_base_is_a_usage_error(repo: Path, run_cli: RunCli, base: str, message: str) -> None:
    code, _, err = check(run_cli, repo, f"--base={base}")
    assert code == 2
    assert message in err
    assert not (repo / "x").exists()


def test_base_needs_changed(repo: Path, run_cli: RunCli) -> None:
    result = run_cli("check", str(repo), "--base", "main")
    assert result.exit_code == 2
    assert "only works together with --changed" in result.stderr
