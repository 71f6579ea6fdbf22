"""The pipeline formats (github, sarif, junit, markdown) and `--output FORMAT:FILE`.

JUnit and Markdown are compared with snapshots in tests/snapshots/ (rewrite them
with GAPCHECK_UPDATE_SNAPSHOTS=1); SARIF is validated against the official
SARIF 2.1.0 schema kept beside the checkout in ../shared/formats/.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from ci_repo import COMPLETE, CONFIG, TODAY, assert_snapshot, make_repo
from conftest import RunCli

from gapcheck.model import Finding, Report, Severity
from gapcheck.outputs import write_atomic
from gapcheck.report import REPORTERS, render
from gapcheck.report.github import escape_data, escape_property
from gapcheck.report.markdown import cell

SARIF_SCHEMA = Path(__file__).resolve().parents[1].parent / "shared" / "formats" / "sarif-schema-2.1.0.json"

EXAMPLE_PLAN = """\
# Plan

## Phase 1

### Week 1
**Priority:** CRITICAL
**Tasks:**
1. Create Test Policy (`docs/TEST.md`)
2. Create Other Policy (`docs/OTHER.md`)
3. Create Waived Policy (`docs/WAIVED.md`)

## Phase 2

### Week 5
**Priority:** LOW
**Tasks:**
1. Create Done Policy (`docs/DONE.md`)
2. Create Later Policy (`docs/LATER.md`)
"""

EXAMPLE_CONFIG = (
    CONFIG
    + """\
waivers:
  - path: docs/WAIVED.md
    reason: Counsel is drafting it
    expires: 2026-06-30
"""
)

INCOMPLETE = """\
# Test Policy

## Scope

This policy covers zzscope. Questions go to [TODO].
"""


def example_repo(root: Path) -> Path:
    """Phase 1 (critical): incomplete, missing, waived. Phase 2 (low): complete, missing."""
    docs = {"docs/TEST.md": INCOMPLETE, "docs/DONE.md": COMPLETE}
    return make_repo(root, docs, plan=EXAMPLE_PLAN, config=EXAMPLE_CONFIG)


def run_format(run_cli: RunCli, root: Path, fmt: str, *extra: str) -> tuple[int, str]:
    result = run_cli("check", str(root), "--format", fmt, "--today", TODAY, *extra)
    return result.exit_code, result.stdout


def test_pipeline_formats_are_registered() -> None:
    assert {"github", "sarif", "junit", "markdown"} <= set(REPORTERS)


def test_format_auto_prints_annotations_under_github_actions(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = example_repo(tmp_path / "repo")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out = run_format(run_cli, root, "auto")
    assert code == 1
    assert out.startswith("::error file=")


# --- junit ------------------------------------------------------------------------------


def test_junit_snapshot(tmp_path: Path, run_cli: RunCli) -> None:
    code, out = run_format(run_cli, example_repo(tmp_path / "repo"), "junit")
    assert code == 1
    assert_snapshot("example-junit.xml", out)


def test_junit_counts_and_outcomes(tmp_path: Path, run_cli: RunCli) -> None:
    _, out = run_format(run_cli, example_repo(tmp_path / "repo"), "junit")
    suites = ET.fromstring(out.encode("utf-8"))
    assert suites.tag == "testsuites"
    assert {key: suites.get(key) for key in ("tests", "failures", "errors", "skipped")} == {
        "tests": "5",
        "failures": "2",
        "errors": "0",
        "skipped": "1",
    }
    by_name = {case.get("name"): case for case in suites.iter("testcase")}
    assert [s.get("name") for s in suites] == ["Phase 1", "Phase 2"]
    assert by_name["docs/TEST.md"].get("classname") == "Phase 1"
    failure = by_name["docs/TEST.md"].find("failure")
    assert failure is not None
    assert failure.text is not None
    assert "GC301 missing-section" in failure.text
    assert "GC402 placeholder" in failure.text
    assert by_name["docs/OTHER.md"].find("failure") is not None
    skipped = by_name["docs/WAIVED.md"].find("skipped")
    assert skipped is not None
    assert "Counsel is drafting it" in (skipped.get("message") or "")
    # Low priority, below --fail-on high: passes, but the findings are still there to read.
    later = by_name["docs/LATER.md"]
    assert later.find("failure") is None
    assert "GC101" in (later.findtext("system-out") or "")
    assert list(by_name["docs/DONE.md"]) == []


# --- markdown ---------------------------------------------------------------------------


def test_markdown_snapshot(tmp_path: Path, run_cli: RunCli) -> None:
    code, out = run_format(run_cli, example_repo(tmp_path / "repo"), "markdown")
    assert code == 1
    assert_snapshot("example-summary.md", out)


def test_markdown_lists_at_most_twenty_findings(tmp_path: Path, run_cli: RunCli) -> None:
    many = INCOMPLETE + "".join(f"\nItem {n}: [TODO]\n" for n in range(30))
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": many})
    _, out = run_format(run_cli, root, "markdown")
    findings = out.split("### Findings", 1)[1]
    assert sum(1 for line in findings.splitlines() if line.startswith("- **")) == 20
    assert "- … and 13 more" in findings


# --- sarif ------------------------------------------------------------------------------


def test_sarif_validates_against_the_official_schema(tmp_path: Path, run_cli: RunCli) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the SARIF 2.1.0 schema is not beside the checkout ({SARIF_SCHEMA})")
    _, out = run_format(run_cli, example_repo(tmp_path / "repo"), "sarif")
    log = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)


def test_sarif_rules_results_and_locations(tmp_path: Path, run_cli: RunCli) -> None:
    _, out = run_format(run_cli, example_repo(tmp_path / "repo"), "sarif")
    (run,) = json.loads(out)["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "gapcheck"
    assert driver["version"]
    assert driver["informationUri"]
    rules = driver["rules"]
    assert [rule["id"] for rule in rules] == sorted(rule["id"] for rule in rules)
    results = run["results"]
    assert results
    for result in results:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["help"]["text"]
        assert rule["shortDescription"]["text"]
        assert result["level"] in ("error", "warning", "note")
        assert result["partialFingerprints"]["gapcheck/v1"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert location["region"]["startLine"] >= 1
    missing = [r for r in results if r["ruleId"] == "GC101"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in missing} == {"plan.md"}
    placeholder = next(r for r in results if r["ruleId"] == "GC402")
    assert placeholder["properties"]["source"] == "placeholder pattern bracket-insert"
    assert rules[placeholder["ruleIndex"]]["defaultConfiguration"]["level"] == "error"


def test_sarif_is_byte_stable_and_fingerprints_survive_line_shifts(tmp_path: Path, run_cli: RunCli) -> None:
    root = example_repo(tmp_path / "repo")
    _, first = run_format(run_cli, root, "sarif")
    _, again = run_format(run_cli, root, "sarif")
    assert first == again
    shifted = INCOMPLETE.replace("## Scope", "Some words added above.\n\nMore of them.\n\n## Scope")
    (root / "docs" / "TEST.md").write_text(shifted, encoding="utf-8")
    _, moved = run_format(run_cli, root, "sarif")

    def prints(text: str) -> dict[str, int]:
        return {
            r["partialFingerprints"]["gapcheck/v1"]: r["locations"][0]["physicalLocation"]["region"][
                "startLine"
            ]
            for r in json.loads(text)["runs"][0]["results"]
        }

    before, after = prints(first), prints(moved)
    assert set(before) == set(after)
    assert any(before[key] != after[key] for key in before)  # the lines did move


# --- github -----------------------------------------------------------------------------


def test_github_annotations_point_at_the_plan_line_of_a_missing_document(
    tmp_path: Path, run_cli: RunCli
) -> None:
    _, out = run_format(run_cli, example_repo(tmp_path / "repo"), "github")
    lines = out.splitlines()
    assert (
        "::error file=plan.md,line=9,col=1,title=GC101 missing-file::required document docs/OTHER.md "
        "is missing (Create Other Policy)%0Ahint: Create it "
        "(`gapcheck init` writes a template from its schema)."
    ) in lines
    assert any(
        line.startswith("::error file=docs/TEST.md,line=5,col=1,title=GC402 placeholder::") for line in lines
    )
    assert lines[-1].startswith("gapcheck: 5 requirements: ")
    assert lines[-1].endswith("gate FAILED (fail-on high)")


def test_github_paths_include_a_relative_root(tmp_path: Path, run_cli: RunCli) -> None:
    example_repo(tmp_path / "site")
    result = run_cli("check", "site", "--format", "github", "--today", TODAY, cwd=tmp_path)
    assert "::error file=site/docs/TEST.md,line=5," in result.stdout
    assert "::error file=site/plan.md,line=9," in result.stdout


# --- injection --------------------------------------------------------------------------

NASTY = "x %0A::error::evil | <script>alert(1)</script>\r\n::warning::two `tick` *b* [l](http://e)"


def _nasty_report() -> Report:
    finding = Finding(
        path="docs/a,b:c.md",
        line=3,
        column=1,
        code="GC302",
        rule="section-too-short",
        severity=Severity.ERROR,
        message=NASTY,
        hint="hint %0A::notice::",
    )
    return Report(
        root=".",
        plans=("plan.md",),
        results=(),
        findings=(finding,),
        tasks=(),
        gate_passed=False,
        fail_on="high",
        today=dt.date(2026, 1, 15),
    )


def test_github_escaping_follows_the_runner() -> None:
    assert escape_data("100% \r\n::x") == "100%25 %0D%0A::x"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    out = render(_nasty_report(), "github")
    assert out.splitlines()[0] == (
        "::error file=docs/a%2Cb%3Ac.md,line=3,col=1,title=GC302 section-too-short::"
        "x %250A::error::evil | <script>alert(1)</script>%0D%0A::warning::two `tick` *b* [l](http://e)"
        "%0Ahint: hint %250A::notice::"
    )
    assert len(out.splitlines()) == 2  # the annotation and the summary, nothing else


def test_markdown_cells_cannot_break_the_table_or_carry_html() -> None:
    assert cell(NASTY) == (
        "x %0A::error::evil \\| &lt;script&gt;alert(1)&lt;/script&gt; ::warning::two &#96;tick&#96; "
        "\\*b\\* \\[l\\](http://e)"
    )
    out = render(_nasty_report(), "markdown")
    assert "<script>" not in out
    assert "`" not in out
    assert "docs/a,b:c.md:3" in out


def test_sarif_keeps_the_text_and_holds_no_markup() -> None:
    out = render(_nasty_report(), "sarif")
    assert "<script>" not in out
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["message"]["text"] == NASTY
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/a%2Cb%3Ac.md"


def _tables(markdown: str) -> list[list[str]]:
    blocks = [block.splitlines() for block in markdown.split("\n\n")]
    return [block for block in blocks if block and all(line.startswith("|") for line in block)]


INJECTING_DOC = """\
# Test Policy

<h2>Scope %0A::error::pwned | x
::warning::injected</h2>

## Contact

zzcontact: [your <script>alert(1)</script> | %0A::error::x]
"""


def test_document_text_cannot_inject_into_pipeline_outputs(tmp_path: Path, run_cli: RunCli) -> None:
    schema_with_minimum = "    key_terms: [[zzscope]]\n    min_words: 50\n"
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": INJECTING_DOC})
    schema = root / "schemas" / "ci-test-policy.yaml"
    schema.write_text(schema.read_text().replace("    key_terms: [[zzscope]]\n", schema_with_minimum, 1))

    _, github = run_format(run_cli, root, "github")
    for line in github.splitlines():
        assert line.startswith(("::error file=", "::warning file=", "::notice file=", "gapcheck: "))
    assert "section 'Scope %250A::error::pwned | x%0A::warning::injected' has" in github
    assert "[your <script>alert(1)</script> | %250A::error::x]" in github

    _, markdown = run_format(run_cli, root, "markdown")
    assert "<script>" not in markdown
    assert "section 'Scope %0A::error::pwned \\| x ::warning::injected' has" in markdown
    assert "\\[your &lt;script&gt;alert(1)&lt;/script&gt; \\| %0A::error::x\\]" in markdown
    for table in _tables(markdown):
        assert len({len(re.findall(r"(?<!\\)\|", row)) for row in table}) == 1, table

    _, sarif = run_format(run_cli, root, "sarif")
    assert "<script>" not in sarif
    texts = [r["message"]["text"] for r in json.loads(sarif)["runs"][0]["results"]]
    assert "section 'Scope %0A::error::pwned | x\n::warning::injected' has" in " ".join(texts)


# --- --output ---------------------------------------------------------------------------


def test_output_writes_a_second_format(tmp_path: Path, run_cli: RunCli) -> None:
    root = example_repo(tmp_path / "repo")
    result = run_cli(
        "check",
        str(root),
        "--format",
        "text",
        "--today",
        TODAY,
        "--output",
        f"sarif:{tmp_path / 'out' / 'gapcheck.sarif'}",
        "--output",
        f"junit:{tmp_path / 'junit.xml'}",
    )
    assert result.exit_code == 1
    assert "gate FAILED" in result.stdout
    _, sarif = run_format(run_cli, root, "sarif")
    assert (tmp_path / "out" / "gapcheck.sarif").read_text(encoding="utf-8") == sarif
    _, junit = run_format(run_cli, root, "junit")
    assert (tmp_path / "junit.xml").read_text(encoding="utf-8") == junit
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junit.xml", "out", "repo"]  # no temp files


def test_lint_writes_an_output_too(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": COMPLETE})
    result = run_cli(
        "lint", "docs/TEST.md", "--type", "ci-test-policy", "--output", "markdown:summary.md", cwd=root
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    assert (root / "summary.md").read_text(encoding="utf-8").startswith("## gapcheck: ✅ gate passed")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("gapcheck.sarif", "expected FORMAT:FILE"),
        ("nope:x.txt", "unknown format 'nope'"),
        ("sarif:", "FORMAT:FILE"),
    ],
)
def test_bad_output_specs_are_usage_errors(tmp_path: Path, run_cli: RunCli, value: str, message: str) -> None:
    root = example_repo(tmp_path / "repo")
    result = run_cli("check", str(root), "--today", TODAY, "--output", value)
    assert result.exit_code == 2
    assert "--output" in result.stderr
    assert message in result.stderr


def test_write_atomic_keeps_the_old_file_when_the_move_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.sarif"
    target.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("gapcheck.outputs.os.replace", refuse)
    with pytest.raises(Exception, match="cannot write"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.sarif"]


def test_junit_is_read_by_a_standard_consumer(tmp_path: Path, run_cli: RunCli) -> None:
    junitparser = pytest.importorskip("junitparser", reason="junitparser is not installed")
    _, out = run_format(run_cli, example_repo(tmp_path / "repo"), "junit")
    (tmp_path / "junit.xml").write_text(out, encoding="utf-8")
    suites = list(junitparser.JUnitXml.fromfile(str(tmp_path / "junit.xml")))
    assert [(s.name, s.tests, s.failures, s.skipped) for s in suites] == [
        ("Phase 1", 3, 2, 1),
        ("Phase 2", 2, 0, 0),
    ]
    outcomes = {case.name: [type(r).__name__ for r in case.result] for suite in suites for case in suite}
    assert outcomes["docs/TEST.md"] == ["Failure"]
    assert outcomes["docs/WAIVED.md"] == ["Skipped"]


def test_json_sarif_and_baseline_share_one_fingerprint(tmp_path: Path, run_cli: RunCli) -> None:
    root = example_repo(tmp_path / "repo")
    _, out = run_format(run_cli, root, "json")
    from_json = {f["fingerprint"] for f in json.loads(out)["findings"]}
    _, sarif = run_format(run_cli, root, "sarif")
    from_sarif = {r["partialFingerprints"]["gapcheck/v1"] for r in json.loads(sarif)["runs"][0]["results"]}
    baseline = tmp_path / "baseline.json"
    run_cli("check", str(root), "--today", TODAY, "--write-baseline", str(baseline))
    from_baseline = {e["fingerprint"] for e in json.loads(baseline.read_text(encoding="utf-8"))["findings"]}
    assert from_json == from_sarif == from_baseline
    assert len(from_json) == 4
