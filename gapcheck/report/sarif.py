"""SARIF 2.1.0 for code-scanning upload: one run, one rule per finding code, one result per finding.

Byte-stable: rules sorted by code, results in the report's order, keys sorted,
no timestamps or absolute paths. `partialFingerprints` carries the same
fingerprint a baseline uses, so an alert keeps its identity when lines move.
`<`, `>` and `&` are written as JSON `\\u` escapes: the parsed values are
unchanged, and the raw file holds no markup for a viewer that pastes it into HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote

from gapcheck import __version__
from gapcheck.checks import ALL_CODES, CodeInfo
from gapcheck.fingerprint import FINGERPRINT_KEY, fingerprint
from gapcheck.model import Finding, Report, Severity
from gapcheck.report.paths import workspace_path

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
INFORMATION_URI = "https://github.com/gapcheck/gapcheck"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub code scanning reads `problem.severity` to rank alerts that are not security alerts.
PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _rule(info: CodeInfo) -> dict[str, Any]:
    return {
        "id": info.code,
        "name": info.name,
        "shortDescription": {"text": info.summary},
        "fullDescription": {"text": info.explanation},
        "help": {"text": f"{info.explanation}\n\nRun `gapcheck explain {info.code}` for details."},
        "defaultConfiguration": {"level": LEVELS[info.severity]},
        "properties": {
            "tags": ["documentation", "gapcheck"],
            "problem.severity": PROBLEM_SEVERITY[info.severity],
        },
    }


def _unknown_rule(finding: Finding) -> CodeInfo:
    """A code missing from the registry still needs a rule for its results to point at."""
    return CodeInfo(finding.code, finding.rule, finding.severity, finding.rule, finding.rule)


def rules_for(findings: Iterable[Finding]) -> list[CodeInfo]:
    infos = dict(ALL_CODES)
    for finding in findings:
        infos.setdefault(finding.code, _unknown_rule(finding))
    return [infos[code] for code in sorted(infos)]


def _result(report: Report, finding: Finding, rule_index: int) -> dict[str, Any]:
    properties = {
        key: value
        for key, value in (
            ("hint", finding.hint),
            ("source", finding.source),
            ("section", finding.section),
            ("requirement", finding.requirement),
        )
        if value
    }
    location = {
        "physicalLocation": {
            "artifactLocation": {
                "uri": quote(workspace_path(report, finding.path), safe="/"),
                "uriBaseId": "%SRCROOT%",
            },
            "region": {"startLine": finding.line, "startColumn": finding.column},
        }
    }
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [location],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": properties,
    }


def sarif_log(report: Report) -> dict[str, Any]:
    rules = rules_for(report.findings)
    index = {info.code: position for position, info in enumerate(rules)}
    driver = {
        "name": "gapcheck",
        "version": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(info) for info in rules],
    }
    run = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The repository root."}}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(report, f, index[f.code]) for f in report.findings],
        "properties": {
            "gate": "pass" if report.gate_passed else "fail",
            "failOn": report.fail_on,
            "verdicts": report.verdict_counts(),
        },
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def render(report: Report) -> str:
    text = json.dumps(sarif_log(report), indent=2, sort_keys=True, ensure_ascii=False)
    # Safe to replace in the whole text: these characters only ever occur inside JSON strings.
    return text.translate(_HTML_SAFE) + "\n"
