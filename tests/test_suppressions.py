"""Inline suppressions, the front-matter ignore key, config ignores and waivers with expiry."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ci_repo import CONFIG, TODAY, make_repo
from conftest import RunCli

from gapcheck.document import parse_document
from gapcheck.model import Finding, Severity
from gapcheck.suppress import apply, suppressions

# Missing the Contact section (GC301 on the title line) and holding three placeholders.
BASE = """\
# Test Policy

## Scope

This policy covers zzscope. Ask [TODO].

Line seven: [TODO].

Line nine: [TODO].
"""


def check_json(run_cli: RunCli, root: Path, *extra: str) -> dict[str, Any]:
    result = run_cli("check", str(root), "--format", "json", "--today", TODAY, *extra)
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def codes_at(report: dict[str, Any], path: str = "docs/TEST.md") -> list[tuple[str, int]]:
    return sorted((f["code"], f["line"]) for f in report["findings"] if f["path"] == path)


def verdict(report: dict[str, Any], path: str) -> str:
    return next(r["verdict"] for r in report["requirements"] if r["path"] == path)


def repo_with(tmp_path: Path, text: str, config: str = CONFIG) -> Path:
    return make_repo(tmp_path / "repo", {"docs/TEST.md": text, "docs/OTHER.md": BASE}, config=config)


def test_without_suppressions_everything_is_reported(tmp_path: Path, run_cli: RunCli) -> None:
    report = check_json(run_cli, repo_with(tmp_path, BASE))
    assert codes_at(report) == [("GC301", 1), ("GC402", 5), ("GC402", 7), ("GC402", 9)]


def test_disable_at_the_top_drops_whole_document_findings_on_the_title_line(
    tmp_path: Path, run_cli: RunCli
) -> None:
    text = BASE.replace("# Test Policy\n", "# Test Policy\n<!-- gapcheck-disable GC301 -->\n")
    report = check_json(run_cli, repo_with(tmp_path, text))
    assert codes_at(report) == [("GC402", 6), ("GC402", 8), ("GC402", 10)]


def test_disable_above_the_title_works_too(tmp_path: Path, run_cli: RunCli) -> None:
    report = check_json(run_cli, repo_with(tmp_path, "<!-- gapcheck-disable missing-section -->\n" + BASE))
    assert [code for code, _ in codes_at(report)] == ["GC402", "GC402", "GC402"]


def test_disable_and_enable_bound_a_range(tmp_path: Path, run_cli: RunCli) -> None:
    text = BASE.replace("Line seven", "<!-- gapcheck-disable GC402 -->\nLine seven").replace(
        "Line nine", "<!-- gapcheck-enable GC402 -->\nLine nine"
    )
    report = check_json(run_cli, repo_with(tmp_path, text))
    assert codes_at(report) == [("GC301", 1), ("GC402", 5), ("GC402", 11)]


def test_disable_without_codes_switches_everything_off_until_the_end(tmp_path: Path, run_cli: RunCli) -> None:
    text = BASE.replace("Line seven", "<!-- gapcheck-disable -->\nLine seven")
    report = check_json(run_cli, repo_with(tmp_path, text))
    assert codes_at(report) == [("GC301", 1), ("GC402", 5)]


def test_disable_next_line_and_disable_line(tmp_path: Path, run_cli: RunCli) -> None:
    text = BASE.replace("Line seven", "<!-- gapcheck-disable-next-line placeholder -->\nLine seven").replace(
        "Line nine: [TODO].", "Line nine: [TODO]. <!-- gapcheck-disable-line GC402 -- agreed with legal -->"
    )
    report = check_json(run_cli, repo_with(tmp_path, text))
    assert codes_at(report) == [("GC301", 1), ("GC402", 5)]


def test_suppressing_every_error_makes_the_document_complete(tmp_path: Path, run_cli: RunCli) -> None:
    report = check_json(run_cli, repo_with(tmp_path, "<!-- gapcheck-disable GC301, GC402 -->\n" + BASE))
    assert codes_at(report) == []
    assert verdict(report, "docs/TEST.md") == "complete"
    assert verdict(report, "docs/OTHER.md") == "incomplete"  # another document is not affected


def test_directives_inside_code_blocks_are_examples(tmp_path: Path, run_cli: RunCli) -> None:
    text = BASE + "\n```markdown\n<!-- gapcheck-disable -->\n```\n"
    report = check_json(run_cli, repo_with(tmp_path, text))
    assert ("GC402", 9) in codes_at(report)


def test_front_matter_ignore_drops_codes_for_the_document(tmp_path: Path, run_cli: RunCli) -> None:
    text = "---\ngapcheck:\n  ignore: [placeholder]\n---\n" + BASE
    report = check_json(run_cli, repo_with(tmp_path, text))
    assert codes_at(report) == [("GC301", 5)]


def test_unknown_codes_are_reported_not_silently_ignored(tmp_path: Path, run_cli: RunCli) -> None:
    text = BASE.replace("Line seven", "<!-- gapcheck-disable GC999 -->\nLine seven")
    report = check_json(run_cli, repo_with(tmp_path, text))
    unknown = [f for f in report["findings"] if f["code"] == "GC801"]
    assert [(f["line"], f["severity"]) for f in unknown] == [(7, "warning")]
    assert "GC999" in unknown[0]["message"]
    assert ("GC402", 8) in codes_at(report)


def test_config_ignore_by_path(tmp_path: Path, run_cli: RunCli) -> None:
    config = CONFIG + "ignore:\n  - path: docs/TEST.md\n    codes: [GC402]\n"
    report = check_json(run_cli, repo_with(tmp_path, BASE, config))
    assert codes_at(report) == [("GC301", 1)]
    assert ("GC402", 5) in codes_at(report, "docs/OTHER.md")


def _finding(line: int, code: str = "GC402") -> Finding:
    return Finding("doc.md", line, 1, code, "placeholder", Severity.ERROR, "m")


@pytest.mark.parametrize(
    ("directives", "dropped"),
    [
        ("<!-- gapcheck-disable -->\n<!-- gapcheck-enable GC402 -->", {"GC301"}),
        ("<!-- gapcheck-disable GC402 GC301 -->\n<!-- gapcheck-enable -->", set()),
        ("<!-- gapcheck-disable GC402 -->\n<!-- gapcheck-disable GC301 -->", {"GC301", "GC402"}),
    ],
)
def test_state_machine(directives: str, dropped: set[str]) -> None:
    # Directives on lines 5 and 6, after the head: they act from their own line on.
    doc = parse_document(f"# T\n\n## A\n\n{directives}\n\ntext\n", "doc.md")
    kept = {f.code for f in apply(doc, [_finding(8), _finding(8, "GC301")])}
    assert {"GC301", "GC402"} - kept == dropped


def test_multi_line_directive_covers_the_line_after_its_end() -> None:
    doc = parse_document("# T\n\n## A\n\n<!--\ngapcheck-disable-next-line GC402\n-->\nx [TODO]\n", "doc.md")
    assert suppressions(doc).lines == {8: frozenset({"GC402"})}


# --- waivers ----------------------------------------------------------------------------

WAIVER = (
    CONFIG
    + "waivers:\n  - path: docs/OTHER.md\n    reason: Counsel is drafting it\n    expires: 2026-03-31\n"
)


def test_waiver_before_expiry_waives_and_passes_the_gate(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": BASE.replace("[TODO]", "x")}, config=WAIVER)
    (root / "docs" / "TEST.md").write_text(
        "# Test Policy\n\n## Scope\n\nzzscope.\n\n## Contact\n\nzzcontact.\n", encoding="utf-8"
    )
    result = run_cli("check", str(root), "--format", "json", "--today", "2026-03-31")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    other = next(r for r in report["requirements"] if r["path"] == "docs/OTHER.md")
    assert other["verdict"] == "waived"
    assert other["note"] == "waived until 2026-03-31: Counsel is drafting it (1 finding not shown)"
    assert not [f for f in report["findings"] if f.get("requirement") == "docs/OTHER.md"]


def test_waiver_after_expiry_is_reported_at_the_config_line(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": BASE}, config=WAIVER)
    result = run_cli("check", str(root), "--format", "json", "--today", "2026-04-01")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert verdict(report, "docs/OTHER.md") == "missing"
    expired = [f for f in report["findings"] if f["code"] == "GC701"]
    waiver_line = WAIVER.splitlines().index("  - path: docs/OTHER.md") + 1
    assert [(f["path"], f["line"], f["requirement"]) for f in expired] == [
        (".gapcheck.yaml", waiver_line, "docs/OTHER.md")
    ]
    assert "expired on 2026-03-31" in expired[0]["message"]
    assert any(f["code"] == "GC101" for f in report["findings"])  # checked normally again


def test_waiver_on_a_passing_requirement_changes_nothing(tmp_path: Path, run_cli: RunCli) -> None:
    complete = "# Other\n\n## Scope\n\nzzscope.\n\n## Contact\n\nzzcontact.\n"
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": complete, "docs/OTHER.md": complete}, config=WAIVER)
    report = check_json(run_cli, root)
    assert verdict(report, "docs/OTHER.md") == "complete"


def test_waiver_paths_may_be_patterns(tmp_path: Path, run_cli: RunCli) -> None:
    config = (
        CONFIG + "waivers:\n  - path: docs/*.md\n    reason: all of them later\n    expires: 2026-12-31\n"
    )
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": BASE}, config=config)
    result = run_cli("check", str(root), "--today", TODAY)
    assert result.exit_code == 0
    assert "WAIVED" in result.stdout
    assert "all of them later" in result.stdout
