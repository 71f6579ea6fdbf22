"""The README's output sample is the real output of its first command, so it cannot drift."""

from __future__ import annotations

import re

from conftest import REPO, RunCli


def test_readme_sample_is_the_demo_output(run_cli: RunCli) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(
        r"`gapcheck check examples/demo --today 2026-11-25` \(exit code 1\):\n\n```text\n(.*?)```",
        readme,
        re.DOTALL,
    )
    assert match, "README lost its output sample"
    result = run_cli("check", "examples/demo", "--today", "2026-11-25", "--color", "never", cwd=REPO)
    assert result.exit_code == 1
    assert result.stdout == match.group(1)


def test_readme_commands_are_what_ci_runs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    test_command = next(line for line in ci.splitlines() if line.startswith("python3 -m venv .venv &&"))
    assert f"```sh\n{test_command}\n```" in readme
    assert "gapcheck check examples/demo" in readme
