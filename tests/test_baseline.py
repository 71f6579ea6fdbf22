"""`--write-baseline` and `--baseline`: accept today's findings, fail only on new ones, list the fixed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ci_repo import TODAY, make_repo
from conftest import RunCli

from gapcheck.fingerprint import fingerprint
from gapcheck.model import Finding, Severity
from gapcheck.resources import meta_schema_path

# Incomplete (no Contact section, two placeholders); docs/OTHER.md is missing.
DOC = """\
# Test Policy

## Scope

This policy covers zzscope. Ask [TODO].

Also [TODO].
"""


def run_check(run_cli: RunCli, root: Path, *extra: str) -> tuple[int, str, str]:
    result = run_cli("check", str(root), "--today", TODAY, *extra)
    return result.exit_code, result.stdout, result.stderr


def report_json(run_cli: RunCli, root: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code, out, err = run_check(run_cli, root, "--format", "json", *extra)
    assert code in (0, 1), err
    data = json.loads(out)
    schema = json.loads(meta_schema_path("report.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    return code, data


@pytest.fixture
def adopted(tmp_path: Path, run_cli: RunCli) -> tuple[Path, Path]:
    """A repository full of gaps whose findings were all recorded in a baseline."""
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": DOC})
    baseline = tmp_path / "gapcheck-baseline.json"
    code, _, err = run_check(run_cli, root, "--write-baseline", str(baseline))
    assert code == 0
    assert f"wrote 4 findings to the baseline {baseline}" in err
    return root, baseline


def test_without_a_baseline_the_gate_fails(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": DOC})
    assert run_check(run_cli, root)[0] == 1


def test_the_baseline_file_is_sorted_json_with_counts(adopted: tuple[Path, Path], run_cli: RunCli) -> None:
    root, baseline = adopted
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["gapcheck_baseline"] == 1
    entries = data["findings"]
    assert [(e["path"], e["code"], e["count"]) for e in entries] == [
        ("docs/TEST.md", "GC301", 1),
        ("docs/TEST.md", "GC402", 2),  # the same placeholder twice: one entry, counted
        ("plan.md", "GC101", 1),
    ]
    again = root.parent / "again.json"
    run_check(run_cli, root, "--write-baseline", str(again))
    assert again.read_bytes() == baseline.read_bytes()


def test_with_the_baseline_nothing_is_new_and_the_gate_passes(
    adopted: tuple[Path, Path], run_cli: RunCli
) -> None:
    root, baseline = adopted
    code, report = report_json(run_cli, root, "--baseline", str(baseline))
    assert code == 0
    assert report["findings"] == []
    assert report["baseline"] == {"file": str(baseline), "new": [], "known": 4, "fixed": []}
    by_path = {r["path"]: r for r in report["requirements"]}
    # The verdicts stay honest; the requirements just do not gate.
    assert (by_path["docs/TEST.md"]["verdict"], by_path["docs/TEST.md"]["baselined"]) == ("incomplete", True)
    assert (by_path["docs/OTHER.md"]["verdict"], by_path["docs/OTHER.md"]["baselined"]) == ("missing", True)
    assert report["summary"]["gate"] == "pass"


def test_findings_survive_line_shifts(adopted: tuple[Path, Path], run_cli: RunCli) -> None:
    root, baseline = adopted
    moved = DOC.replace("## Scope", "An introduction.\n\nIt is long.\n\n## Scope")
    (root / "docs" / "TEST.md").write_text(moved, encoding="utf-8")
    code, report = report_json(run_cli, root, "--baseline", str(baseline))
    assert code == 0
    assert report["baseline"]["new"] == []
    assert report["baseline"]["fixed"] == []


def test_a_new_finding_fails_the_gate_and_is_the_only_one_reported(
    adopted: tuple[Path, Path], run_cli: RunCli
) -> None:
    root, baseline = adopted
    (root / "docs" / "TEST.md").write_text(DOC + "\nThird [TODO].\n", encoding="utf-8")
    code, report = report_json(run_cli, root, "--baseline", str(baseline))
    assert code == 1
    assert [(f["code"], f["line"]) for f in report["findings"]] == [("GC402", 9)]
    assert [(f["code"], f["line"]) for f in report["baseline"]["new"]] == [("GC402", 9)]
    assert report["baseline"]["known"] == 4
    test = next(r for r in report["requirements"] if r["path"] == "docs/TEST.md")
    assert (test["verdict"], test["baselined"]) == ("incomplete", False)


def test_fixed_entries_are_listed(adopted: tuple[Path, Path], run_cli: RunCli) -> None:
    root, baseline = adopted
    (root / "docs" / "TEST.md").write_text(DOC.replace("Also [TODO].", "Also done."), encoding="utf-8")
    (root / "docs" / "OTHER.md").write_text(DOC, encoding="utf-8")  # created: the missing-file entry is fixed
    code, report = report_json(run_cli, root, "--baseline", str(baseline))
    fixed = report["baseline"]["fixed"]
    assert sorted((e["code"], e["path"], e["count"]) for e in fixed) == [
        ("GC101", "plan.md", 1),
        ("GC402", "docs/TEST.md", 1),
    ]
    # OTHER.md now exists with findings the baseline never saw: they are new.
    assert code == 1
    assert {f["path"] for f in report["findings"]} == {"docs/OTHER.md"}


def test_text_output_has_a_baseline_section(adopted: tuple[Path, Path], run_cli: RunCli) -> None:
    root, baseline = adopted
    (root / "docs" / "TEST.md").write_text(DOC.replace("Also [TODO].", "Also done."), encoding="utf-8")
    code, out, _ = run_check(run_cli, root, "--baseline", str(baseline), "--format", "text")
    assert code == 0
    assert f"baseline {baseline}: 0 new, 3 known, 1 fixed" in out
    assert "  fixed: docs/TEST.md  GC402 placeholder left in: '[TODO]'" in out


def test_counts_and_dates_in_messages_do_not_make_findings_new() -> None:
    a = Finding("d.md", 3, 1, "GC403", "unchecked-items", Severity.ERROR, "3 open items; at most 0 allowed")
    b = Finding("d.md", 9, 1, "GC403", "unchecked-items", Severity.ERROR, "4 open items; at most 0 allowed")
    other = Finding(
        "e.md", 3, 1, "GC403", "unchecked-items", Severity.ERROR, "3 open items; at most 0 allowed"
    )
    assert fingerprint(a) == fingerprint(b) != fingerprint(other)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "malformed baseline: not JSON"),
        ('{"findings": []}', "malformed baseline: expected an object"),
        ('{"gapcheck_baseline": 1, "findings": {}}', "'findings' must be a list"),
        ('{"gapcheck_baseline": 1, "findings": [{"fingerprint": "x"}]}', "must be text"),
        (
            (
                '{"gapcheck_baseline": 1, "findings": '
                '[{"fingerprint": "zz", "code": "GC1", "path": "a", "message": "m"}]}'
            ),
            "bad fingerprint",
        ),
    ],
)
def test_a_malformed_baseline_is_a_usage_error_naming_the_file(
    tmp_path: Path, run_cli: RunCli, content: str, message: str
) -> None:
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": DOC})
    bad = tmp_path / "bad-baseline.json"
    bad.write_text(content, encoding="utf-8")
    code, out, err = run_check(run_cli, root, "--baseline", str(bad))
    assert code == 2
    assert str(bad) in err
    assert message in err
    assert out == ""


def test_a_missing_baseline_file_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": DOC})
    code, _, err = run_check(run_cli, root, "--baseline", str(tmp_path / "nope.json"))
    assert code == 2
    assert "nope.json" in err
    assert "does not exist" in err
