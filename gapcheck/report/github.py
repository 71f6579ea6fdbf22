"""GitHub Actions workflow commands: one annotation per finding, then a plain summary.

    ::error file=legal/PRIVACY.md,line=1,col=1,title=GC301 missing-section::missing section ...

Every value is escaped as the Actions runner expects (the rules of
`@actions/core`'s `issueCommand`): in the message `%`, CR and LF; in
properties also `:` and `,`. Newlines are the only way to start a command, so
after escaping, text from a document can never begin a command of its own:
a heading reading `%0A::error::x` arrives as the literal `%250A::error::x`.
"""

from __future__ import annotations

from gapcheck.model import Finding, Report, Severity
from gapcheck.report.notes import headlines
from gapcheck.report.paths import workspace_path

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _message(finding: Finding) -> str:
    lines = [finding.message]
    if finding.hint:
        lines.append(f"hint: {finding.hint}")
    if finding.source:
        lines.append(f"source: {finding.source}")
    return "\n".join(lines)


def annotation(report: Report, finding: Finding) -> str:
    properties = {
        "file": workspace_path(report, finding.path),
        "line": str(finding.line),
        "col": str(finding.column),
        "title": f"{finding.code} {finding.rule}",
    }
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    return f"::{COMMANDS[finding.severity]} {joined}::{escape_data(_message(finding))}"


def summary(report: Report) -> str:
    # Built from counts and fixed words only: nothing here comes from a document.
    counts = report.verdict_counts()
    verdicts = ", ".join(f"{number} {verdict}" for verdict, number in counts.items() if number)
    severities = report.severity_counts()
    gate = "gate passed" if report.gate_passed else "gate FAILED"
    return (
        f"gapcheck: {len(report.results)} requirements: {verdicts or 'none'}; "
        f"{severities['error']} errors, {severities['warning']} warnings; {gate} (fail-on {report.fail_on})"
    )


def render(report: Report) -> str:
    lines = [annotation(report, finding) for finding in report.findings]
    # Notes are single lines with control characters removed; a leading "gapcheck:" keeps
    # them from ever starting with "::".
    lines.extend(f"gapcheck: {line}" for line in headlines(report))
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
