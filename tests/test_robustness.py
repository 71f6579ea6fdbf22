"""Any bytes in, a result out: the parsers and the checks never raise on hostile input."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gapcheck.catalog import load_catalog
from gapcheck.checks import CheckContext, run_document_checks
from gapcheck.document import parse_document
from gapcheck.plan import parse_plan

# Markdown-ish text: the characters that make structure, plus anything at all.
PIECES = st.sampled_from(
    [
        "#",
        "## ",
        "---\n",
        "- [ ] ",
        "- [x] ",
        "|",
        "`",
        "```\n",
        "<!--",
        "-->",
        "**",
        "[",
        "](",
        ")",
        "{{",
        "}}",
        "\n",
        "\r\n",
        "\t",
        " ",
        "TBD",
        "✅",
        "‚úÖ",
        "`legal/A.md`",
        "Priority: HIGH",
        ":",
    ]
)
MARKDOWNISH = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=60).map("".join)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(MARKDOWNISH)
def test_any_text_parses_into_a_consistent_document(text: str) -> None:
    doc = parse_document(text, "x.md")
    last = max(1, text.count("\n") + text.count("\r") + 1)
    for section in doc.sections:
        assert 1 <= section.line <= section.end_line + 1
        assert section.end_line <= last
    for finding_line in [t.line for t in doc.tasks] + [t.line for t in doc.tables]:
        assert 1 <= finding_line <= last


@FAST
@given(MARKDOWNISH)
def test_every_check_accepts_any_document(text: str) -> None:
    schema = load_catalog().get("privacy-policy")
    doc = parse_document(text, "x.md")
    findings = run_document_checks(doc, schema, CheckContext(today=dt.date(2026, 11, 25)))
    assert all(f.line >= 1 for f in findings)


@FAST
@given(MARKDOWNISH)
def test_any_plan_parses(text: str) -> None:
    plan = parse_plan(text, "PLAN.md")
    assert all(r.origin.line >= 1 for r in plan.requirements)
    assert all(f.path == "PLAN.md" for f in plan.findings)
