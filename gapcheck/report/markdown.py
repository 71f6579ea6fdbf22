"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.

Headline with the gate result, a table with the verdict per document, the
counts per phase and the first findings (errors first). Every piece of text
that comes from the repository goes through `cell()`: it cannot end a table
cell, open a code span, emphasise, link or carry HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from gapcheck.model import Finding, Report, RequirementResult, Severity, Verdict
from gapcheck.report.notes import fixed_lines, headlines
from gapcheck.report.paths import workspace_path

TOP_FINDINGS = 20
VERDICT_MARKS = {
    Verdict.COMPLETE: "✅",
    Verdict.INCOMPLETE: "⚠️",
    Verdict.STALE: "🕰️",
    Verdict.MISSING: "❌",
    Verdict.WAIVED: "💤",
    Verdict.NOT_DUE: "📅",
}
# Backslash first, so the escapes added below are not themselves escaped again.
_ESCAPES = (
    ("\\", "\\\\"),
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ("`", "&#96;"),
    ("|", "\\|"),
    ("*", "\\*"),
    ("_", "\\_"),
    ("[", "\\["),
    ("]", "\\]"),
    ("~", "\\~"),
)


def cell(text: object) -> str:
    """Text safe inside a table cell or list item: one line, no markup, no HTML."""
    value = " ".join(str(text).split())
    for raw, escaped in _ESCAPES:
        value = value.replace(raw, escaped)
    return value


def _row(values: Sequence[object]) -> str:
    return "| " + " | ".join(str(value) for value in values) + " |"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(row) for row in rows)]


def _errors(result: RequirementResult) -> int:
    return sum(1 for f in result.findings if f.severity is Severity.ERROR)


def _verdict(result: RequirementResult) -> str:
    text = f"{VERDICT_MARKS[result.verdict]} {result.verdict.value}"
    if result.baselined:
        text += " (baselined)"
    if result.unchanged:
        text += " (not re-checked)"
    return text


def document_table(report: Report) -> list[str]:
    rows = [
        (
            cell(workspace_path(report, r.requirement.path)),
            cell(r.requirement.doc_type or "-"),
            cell(r.requirement.priority.value if r.requirement.priority else "-"),
            _verdict(r),
            _errors(r),
        )
        for r in report.results
    ]
    return _table(("Document", "Type", "Priority", "Verdict", "Errors"), rows)


def phase_table(report: Report) -> list[str]:
    counts: dict[str, Counter[Verdict]] = {}
    for result in report.results:
        counts.setdefault(result.requirement.phase or "(no phase)", Counter())[result.verdict] += 1
    shown = [v for v in Verdict if any(c[v] for c in counts.values())]
    rows = [(cell(phase), *(c[v] for v in shown)) for phase, c in counts.items()]
    return _table(("Phase", *(v.value for v in shown)), rows)


def top_findings(findings: Sequence[Finding], report: Report) -> list[str]:
    ranked = sorted(findings, key=lambda f: (-f.severity.rank, f))
    lines = [
        f"- **{f.severity.value}** {cell(f.code)} {cell(f.rule)} at "
        f"{cell(workspace_path(report, f.path))}:{f.line}: {cell(f.message)}"
        for f in ranked[:TOP_FINDINGS]
    ]
    if len(ranked) > TOP_FINDINGS:
        lines.append(f"- … and {len(ranked) - TOP_FINDINGS} more")
    return lines


def headline(report: Report) -> str:
    gate = "✅ gate passed" if report.gate_passed else "❌ gate failed"
    return f"## gapcheck: {gate} (fail-on {cell(report.fail_on)})"


def counts_line(report: Report) -> str:
    verdicts = ", ".join(f"{n} {v}" for v, n in report.verdict_counts().items() if n)
    severities = report.severity_counts()
    return (
        f"{len(report.results)} requirements: {verdicts or 'none'}; "
        f"{severities['error']} errors, {severities['warning']} warnings, {severities['info']} notes"
    )


def render(report: Report) -> str:
    out = [headline(report), "", counts_line(report), ""]
    notes = [cell(line) for line in headlines(report)] + [cell(line) for line in fixed_lines(report)]
    if notes:
        out.extend([*(f"- {line}" for line in notes), ""])
    if report.results:
        out.extend(["### Documents", "", *document_table(report), ""])
        out.extend(["### Phases", "", *phase_table(report), ""])
    if report.findings:
        out.extend(["### Findings", "", *top_findings(report.findings, report), ""])
    return "\n".join(out)
