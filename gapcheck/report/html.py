"""`--format html`: one self-contained page for people (check and status print the same page).

No network and no external assets: CSS and JavaScript are inline, and a
Content-Security-Policy lets only the page's own two scripts run (by hash), so
nothing the page shows can load or execute anything even if escaping failed.
Every piece of text from the plan, the documents or the configuration goes
through `html.escape`; the embedded JSON report escapes `<`, `>` and `&` so
`</script>` or `<!--` inside a title cannot end its script element. The rows
are rendered here, so the page reads fine without JavaScript; the script only
filters by verdict and priority, and keeps the filter in the URL fragment
(`report.html#verdict=missing,incomplete&priority=critical`) so a filtered
view can be linked to.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable
from html import escape

from gapcheck.model import Finding, Priority, Report, RequirementResult, Task
from gapcheck.report.json import report_json
from gapcheck.report.status_text import count_words, result_notes, task_state
from gapcheck.status import VERDICT_ORDER, Group, Status, build_status

_NO_PRIORITY = "none"
_OPEN_FINDINGS = 3  # more findings than this fold into <details>

_CSS = """
:root { --fg:#1f2328; --muted:#59636e; --bg:#fff; --line:#d1d9e0; --head:#f6f8fa;
  --complete:#1a7f37; --incomplete:#bf8700; --stale:#8250df; --missing:#cf222e;
  --not-due:#6e7781; --waived:#0969da; }
@media (prefers-color-scheme: dark) { :root { --fg:#e6edf3; --muted:#9198a1; --bg:#0d1117;
  --line:#3d444d; --head:#151b23; } }
* { box-sizing: border-box; }
body { margin:0 auto; max-width:1200px; padding:1.5rem; font:15px/1.5 system-ui,-apple-system,
  "Segoe UI",sans-serif; color:var(--fg); background:var(--bg); }
h1 { margin:0 0 .25rem; font-size:1.6rem; } h2 { margin-top:2rem; border-bottom:1px solid var(--line); }
h3 { margin:1rem 0 .25rem; font-size:1.05rem; }
code { font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,monospace; overflow-wrap:anywhere; }
.meta, .muted { color:var(--muted); }
.gate { display:inline-block; padding:.2rem .7rem; border-radius:1rem; color:#fff; font-weight:600; }
.gate.pass { background:var(--complete); } .gate.fail { background:var(--missing); }
#script-errors { padding:.5rem; border:2px solid var(--missing); white-space:pre-wrap; }
.bar { display:flex; height:.8rem; border-radius:.4rem; overflow:hidden; background:var(--line);
  max-width:36rem; }
.bar span { display:block; height:100%; }
.seg-complete { background:var(--complete); } .seg-incomplete { background:var(--incomplete); }
.seg-stale { background:var(--stale); } .seg-missing { background:var(--missing); }
.seg-not-due { background:var(--not-due); } .seg-waived { background:var(--waived); }
.phase { margin-bottom:1.25rem; } .sections { list-style:none; padding-left:1rem; margin:.25rem 0; }
.sections li { margin:.35rem 0; } .sections .bar { height:.5rem; max-width:24rem; }
table { width:100%; border-collapse:collapse; margin:.5rem 0; }
th, td { text-align:left; vertical-align:top; padding:.4rem .5rem; border-bottom:1px solid var(--line); }
th { background:var(--head); position:sticky; top:0; }
.verdict { font-weight:600; white-space:nowrap; }
.v-complete { color:var(--complete); } .v-incomplete { color:var(--incomplete); }
.v-stale { color:var(--stale); } .v-missing { color:var(--missing); }
.v-not-due { color:var(--not-due); } .v-waived { color:var(--waived); }
.m-met { color:var(--complete); } .m-not_met { color:var(--missing); }
.m-not_checkable { color:var(--muted); }
.findings { margin:0; padding-left:1rem; } .findings li { margin-bottom:.3rem; }
.sev { font-size:.75rem; text-transform:uppercase; font-weight:600; }
.sev-error { color:var(--missing); } .sev-warning { color:var(--incomplete); }
.sev-info { color:var(--muted); }
.hint { color:var(--muted); font-size:.85rem; }
#filters { display:flex; flex-wrap:wrap; gap:.75rem 1.5rem; align-items:center; padding:.6rem .8rem;
  background:var(--head); border:1px solid var(--line); border-radius:.4rem; }
#filters fieldset { border:0; margin:0; padding:0; display:flex; gap:.75rem; flex-wrap:wrap; }
#filters legend { float:left; margin-right:.5rem; font-weight:600; }
@media print { #filters { display:none; } th { position:static; } }
"""

# Runs first: a script error shows on the page (and on <html>) instead of passing silently.
_ERROR_SCRIPT = """
window.addEventListener("error", function (event) {
  var text = "Script error: " + (event.message || "unknown") + "\\n";
  var root = document.documentElement;
  root.setAttribute("data-script-errors", (root.getAttribute("data-script-errors") || "") + text);
  var box = document.getElementById("script-errors");
  if (box) { box.hidden = false; box.textContent += text; }
});
"""

_FILTER_SCRIPT = """
(function () {
  "use strict";
  var table = document.getElementById("documents-table");
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[name=verdict]"));
  var priority = document.getElementById("priority-filter");
  var shown = document.getElementById("shown");

  function readFragment() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    var verdicts = params.get("verdict");
    if (verdicts !== null) {
      var wanted = verdicts.split(",");
      boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) >= 0; });
    }
    var wantedPriority = params.get("priority") || "all";
    var known = Array.prototype.some.call(priority.options, function (option) {
      return option.value === wantedPriority;
    });
    priority.value = known ? wantedPriority : "all";
  }

  function checkedVerdicts() {
    return boxes.filter(function (box) { return box.checked; }).map(function (box) { return box.value; });
  }

  function writeFragment() {
    var fragment = "verdict=" + checkedVerdicts().join(",") + "&priority=" + priority.value;
    window.history.replaceState(null, "", "#" + fragment);
  }

  function apply() {
    var wanted = checkedVerdicts();
    var count = 0;
    rows.forEach(function (row) {
      var visible = wanted.indexOf(row.getAttribute("data-verdict")) >= 0 &&
        (priority.value === "all" || row.getAttribute("data-priority") === priority.value);
      row.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = count + " of " + rows.length + " documents shown";
  }

  function changed() { apply(); writeFragment(); }
  boxes.forEach(function (box) { box.addEventListener("change", changed); });
  priority.addEventListener("change", changed);
  window.addEventListener("hashchange", function () { readFragment(); apply(); });
  readFragment();
  apply();
  document.documentElement.setAttribute("data-filters", "ready");
}());
"""


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_CSP = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    f"script-src {_hash(_ERROR_SCRIPT)} {_hash(_FILTER_SCRIPT)}; base-uri 'none'; form-action 'none'"
)


def embedded_json(data: object) -> str:
    """JSON that cannot end its <script> element or open a comment: `<`, `>`, `&` as \\u escapes."""
    text = json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _stacked_bar(group: Group) -> str:
    counts = group.counts()
    label = f"{group.percent}% complete: {count_words(group)}"
    segments = "".join(
        f'<span class="seg-{verdict.value}" style="width:{counts[verdict] * 100 / group.total:.2f}%" '
        f'title="{counts[verdict]} {verdict.value}"></span>'
        for verdict in VERDICT_ORDER
        if group.total and counts[verdict]
    )
    return (
        f'<div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
        f'aria-valuenow="{group.percent}" aria-label="{escape(label)}">{segments}</div>'
    )


def _group_summary(group: Group, owners: bool = True) -> str:
    parts = [f"<strong>{group.percent}%</strong> · {escape(count_words(group))}"]
    if owners and group.owners:
        parts.append("owner: " + escape("; ".join(group.owners)))
    if group.due:
        parts.append(f"due {group.due.isoformat()}")
    return '<div class="muted">' + " · ".join(parts) + "</div>"


def _phase(group: Group) -> str:
    sections = "".join(
        f"<li>{escape(section.name)}{_stacked_bar(section)}{_group_summary(section)}</li>"
        for section in group.children
        if section.name is not None and section.total
    )
    listing = f'<ul class="sections">{sections}</ul>' if sections else ""
    return (
        f'<div class="phase"><h3>{escape(group.name or "")}</h3>{_stacked_bar(group)}'
        f"{_group_summary(group)}{listing}</div>"
    )


def _progress(status: Status) -> str:
    phases = "".join(_phase(phase) for phase in status.phases if phase.total)
    return (
        '<section id="progress"><h2>Progress by phase</h2>'
        f'<div class="phase"><h3>Overall</h3>{_stacked_bar(status.overall)}'
        f"{_group_summary(status.overall, owners=False)}</div>{phases}</section>"
    )


def _metrics(status: Status) -> str:
    if not status.metrics:
        return ""
    rows = "".join(
        f"<tr><td>{escape(result.metric.text)}</td><td>{escape(result.metric.phase or '')}</td>"
        f'<td class="verdict m-{result.state.name.lower()}">{escape(result.state.value)}</td>'
        f"<td>{escape(result.reason)}</td></tr>"
        for result in status.metrics
    )
    return (
        '<section id="metrics"><h2>Success metrics</h2><table><thead><tr><th>Metric</th><th>Phase</th>'
        f"<th>Result</th><th>Why</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _finding(finding: Finding) -> str:
    severity = finding.severity.value
    extra = "".join(
        f'<div class="hint">{label}: {escape(text)}</div>'
        for label, text in (("source", finding.source), ("hint", finding.hint))
        if text
    )
    return (
        f'<li><span class="sev sev-{severity}">{severity}</span> '
        f"<code>{escape(finding.path)}:{finding.line}</code> {escape(finding.message)} "
        f'<span class="muted">{escape(finding.code)} {escape(finding.rule)}</span>{extra}</li>'
    )


def _findings_cell(findings: tuple[Finding, ...]) -> str:
    items = "".join(_finding(finding) for finding in findings)
    listing = f'<ul class="findings">{items}</ul>' if items else ""
    if len(findings) > _OPEN_FINDINGS:
        return f"<details><summary>{len(findings)} findings</summary>{listing}</details>"
    return listing


def _priority(result: RequirementResult) -> str:
    priority = result.requirement.priority
    return priority.value if priority else _NO_PRIORITY


def _document_row(result: RequirementResult) -> str:
    requirement = result.requirement
    verdict = result.verdict.value
    where = " · ".join(escape(part) for part in (requirement.phase, requirement.section) if part)
    notes = escape(", ".join(note for note in result_notes(result) if note != _priority(result)))
    if result.note:
        notes += f'<div class="hint">{escape(result.note)}</div>'
    return (
        f'<tr data-verdict="{verdict}" data-priority="{_priority(result)}">'
        f'<td class="verdict v-{verdict}">{verdict}</td><td>{_priority(result)}</td>'
        f"<td><code>{escape(requirement.path)}</code><div>{escape(requirement.title)}</div></td>"
        f"<td>{where}</td><td>{notes}</td><td>{_findings_cell(result.findings)}</td></tr>"
    )


def _filters(results: tuple[RequirementResult, ...]) -> str:
    counts = dict.fromkeys(VERDICT_ORDER, 0)
    for result in results:
        counts[result.verdict] += 1
    boxes = "".join(
        f'<label><input type="checkbox" name="verdict" value="{verdict.value}" checked> '
        f'<span class="v-{verdict.value}">{verdict.value}</span> ({counts[verdict]})</label>'
        for verdict in VERDICT_ORDER
        if counts[verdict]
    )
    options = "".join(
        f'<option value="{value}">{value}</option>'
        for value in ["all", *(p.value for p in Priority), _NO_PRIORITY]
    )
    return (
        f'<form id="filters"><fieldset><legend>Verdict</legend>{boxes}</fieldset>'
        f'<label>Priority <select id="priority-filter">{options}</select></label>'
        f'<output id="shown">{len(results)} documents</output></form>'
    )


def _documents(report: Report) -> str:
    rows = "".join(_document_row(result) for result in report.results)
    return (
        f'<section id="documents"><h2>Documents</h2>{_filters(report.results)}'
        '<table id="documents-table"><thead><tr><th>Verdict</th><th>Priority</th><th>Document</th>'
        f"<th>Phase · section</th><th>Notes</th><th>Findings</th></tr></thead><tbody>{rows}</tbody>"
        "</table></section>"
    )


def _tasks(tasks: Iterable[Task]) -> str:
    rows = "".join(
        f"<tr><td>{escape(task_state(task))}</td><td>{escape(task.title)}</td>"
        f"<td>{escape(' · '.join(p for p in (task.phase, task.section) if p))}</td>"
        f"<td><code>{escape(task.origin.file)}:{task.origin.line}</code></td></tr>"
        for task in tasks
    )
    if not rows:
        return ""
    return (
        '<section id="tasks"><h2>Tasks without a path</h2><p class="muted">Work the plan lists without '
        "naming a document: gapcheck cannot check it by reading files.</p><table><thead><tr><th>State</th>"
        f"<th>Task</th><th>Phase · section</th><th>Plan line</th></tr></thead><tbody>{rows}</tbody>"
        "</table></section>"
    )


def _other_findings(report: Report) -> str:
    findings = [f for f in report.findings if f.requirement is None]
    if not findings:
        return ""
    items = "".join(_finding(finding) for finding in findings)
    return (
        '<section id="plan-findings"><h2>Plan and repository</h2><p class="muted">Problems in the plan '
        f'itself and documents no plan names.</p><ul class="findings">{items}</ul></section>'
    )


def _header(report: Report) -> str:
    gate = "pass" if report.gate_passed else "fail"
    plans = ", ".join(escape(plan) for plan in report.plans) or "no plan"
    return (
        "<header><h1>gapcheck report</h1>"
        f'<p class="meta">{report.today.isoformat()} · {plans} · fail-on {escape(report.fail_on)}</p>'
        f'<p><span class="gate {gate}">gate {"passed" if report.gate_passed else "failed"}</span></p>'
        '<div id="script-errors" role="alert" hidden></div></header>'
    )


def render(report: Report) -> str:
    status = build_status(report)
    gate = "passed" if report.gate_passed else "failed"
    data = embedded_json(report_json(report))
    body = "".join(
        (
            _header(report),
            "<main>",
            _progress(status),
            _metrics(status),
            _documents(report),
            _tasks(report.tasks),
            _other_findings(report),
            "</main>",
        )
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>gapcheck: gate {gate} ({report.today.isoformat()})</title>\n"
        f"<style>{_CSS}</style>\n<script>{_ERROR_SCRIPT}</script>\n</head>\n<body>\n{body}\n"
        f'<script type="application/json" id="gapcheck-report">{data}</script>\n'
        f"<script>{_FILTER_SCRIPT}</script>\n</body>\n</html>\n"
    )
