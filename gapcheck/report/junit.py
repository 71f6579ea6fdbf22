"""JUnit XML: one test suite per plan phase, one test case per requirement.

A requirement that fails the gate is a `<failure>` carrying its findings; a
waived or not-yet-due requirement, or one not re-checked in `--changed` mode,
is `<skipped>`; a failing verdict below `--fail-on` passes and lists its
findings in `<system-out>`. Requirements without a phase are grouped by their
plan file. Built with ElementTree, so names and messages are escaped; characters
XML 1.0 cannot hold at all are replaced by U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from gapcheck.engine import gate_fails
from gapcheck.model import Finding, Report, RequirementResult, Severity, Verdict

_NOT_XML_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
SKIPPED_VERDICTS = (Verdict.WAIVED, Verdict.NOT_DUE)


def xml_text(text: str) -> str:
    return _NOT_XML_RE.sub("\ufffd", text)


def suite_name(result: RequirementResult) -> str:
    return result.requirement.phase or result.requirement.origin.file


def finding_text(findings: Sequence[Finding]) -> str:
    lines = []
    for f in findings:
        lines.append(f"{f.path}:{f.line}:{f.column}: {f.severity.value} {f.code} {f.rule}: {f.message}")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    return "\n".join(lines)


def _outcome(result: RequirementResult, fail_on: str) -> str:
    if result.verdict in SKIPPED_VERDICTS or result.unchanged:
        return "skipped"
    return "failure" if gate_fails(result, fail_on) else "passed"


def _testcase(result: RequirementResult, outcome: str, suite: str) -> ET.Element:
    case = ET.Element("testcase", name=xml_text(result.requirement.path), classname=xml_text(suite))
    case.set("file", xml_text(result.requirement.origin.file))
    case.set("line", str(result.requirement.origin.line))
    if outcome == "failure":
        errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
        message = f"{result.verdict.value}: {errors} error{'' if errors == 1 else 's'}"
        failure = ET.SubElement(case, "failure", message=message, type=result.verdict.value)
        failure.text = xml_text(finding_text(result.findings))
    elif outcome == "skipped":
        ET.SubElement(case, "skipped", message=xml_text(result.note or result.verdict.value))
    elif result.findings:
        ET.SubElement(case, "system-out").text = xml_text(finding_text(result.findings))
    return case


def _suite(name: str, results: Sequence[RequirementResult], fail_on: str) -> ET.Element:
    outcomes = [_outcome(result, fail_on) for result in results]
    suite = ET.Element("testsuite", name=xml_text(name))
    suite.set("tests", str(len(results)))
    suite.set("failures", str(outcomes.count("failure")))
    suite.set("errors", "0")
    suite.set("skipped", str(outcomes.count("skipped")))
    for result, outcome in zip(results, outcomes, strict=True):
        suite.append(_testcase(result, outcome, name))
    return suite


def junit_tree(report: Report) -> ET.Element:
    groups: dict[str, list[RequirementResult]] = {}
    for result in report.results:
        groups.setdefault(suite_name(result), []).append(result)
    root = ET.Element("testsuites", name="gapcheck")
    for name, results in groups.items():
        root.append(_suite(name, results, report.fail_on))
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(suite.get(key, "0")) for suite in root)))
    return root


def render(report: Report) -> str:
    tree = junit_tree(report)
    ET.indent(tree, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree, encoding="unicode") + "\n"
