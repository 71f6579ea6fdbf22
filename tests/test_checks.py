"""Each check against passing and failing fixture documents (tests/fixtures/checks).

A failing fixture ends with `<!-- expect: CODE:LINE ... -->`, the exact findings it must
produce against the test schema (tests/fixtures/schemas/test-policy.yaml).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from gapcheck.catalog import DocSchema, load_catalog
from gapcheck.checks import CheckContext, run_document_checks
from gapcheck.document import parse_document
from gapcheck.model import Finding, Severity

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 11, 25)
EXPECT_RE = re.compile(r"<!-- expect: (.*?) -->")


@pytest.fixture(scope="module")
def schema() -> DocSchema:
    catalog = load_catalog(((FIXTURES / "schemas", "tests/fixtures/schemas"),))
    return catalog.get("test-policy")


def findings_for(path: Path, schema: DocSchema, **settings: object) -> list[Finding]:
    doc = parse_document(path.read_text(encoding="utf-8"), path.name)
    ctx = CheckContext(today=TODAY, **settings)  # type: ignore[arg-type]
    return sorted(run_document_checks(doc, schema, ctx))


@pytest.mark.parametrize("path", sorted((FIXTURES / "checks" / "pass").glob("*.md")), ids=lambda p: p.stem)
def test_passing_fixture_has_no_findings(path: Path, schema: DocSchema) -> None:
    assert findings_for(path, schema) == []


@pytest.mark.parametrize("path", sorted((FIXTURES / "checks" / "fail").glob("*.md")), ids=lambda p: p.stem)
def test_failing_fixture_has_exactly_the_expected_findings(path: Path, schema: DocSchema) -> None:
    match = EXPECT_RE.search(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} lacks an expect comment"
    expected = sorted(match.group(1).split())
    got = sorted(f"{f.code}:{f.line}" for f in findings_for(path, schema))
    assert got == expected


def test_missing_section_carries_id_source_and_severity(schema: DocSchema) -> None:
    found = findings_for(FIXTURES / "checks" / "fail" / "missing-section.md", schema)
    by_section = {f.section: f for f in found}
    assert by_section["contact"].severity is Severity.ERROR
    assert by_section["contact"].source == "Test source 3"
    assert by_section["training"].severity is Severity.WARNING  # recommended
    assert "missing section 'Contact'" in by_section["contact"].message


def test_conditional_section_applies_only_when_declared(schema: DocSchema) -> None:
    complete = FIXTURES / "checks" / "pass" / "complete.md"
    assert findings_for(complete, schema) == []
    with_eu = findings_for(complete, schema, conditions=frozenset({"eu"}))
    assert [(f.code, f.section) for f in with_eu] == [("GC304", None), ("GC301", "eu-representative")]
    # `when` limits a recommended rule too: the table warning appears only with the condition.
    assert with_eu[0].severity is Severity.WARNING


def test_content_only_skips_front_matter_and_review(schema: DocSchema) -> None:
    for name in ("no-front-matter.md", "stale-review.md", "invalid-front-matter.md"):
        assert findings_for(FIXTURES / "checks" / "fail" / name, schema, content_only=True) == []


def test_review_age_uses_the_schema_maximum(schema: DocSchema) -> None:
    stale = FIXTURES / "checks" / "fail" / "stale-review.md"
    longer = dataclasses.replace(
        schema,
        review=dataclasses.replace(schema.review, max_age_days=4000),  # type: ignore[arg-type]
    )
    assert findings_for(stale, longer) == []


def _doc_with(body: str) -> str:
    return (FIXTURES / "checks" / "pass" / "complete.md").read_text(encoding="utf-8") + body


@pytest.mark.parametrize(
    "text",
    [
        "{{organization}}",
        "[INSERT CONTACT METHOD]",
        "Lorem ipsum dolor",
        "on 2024-01-XX",
        "FIXME",
        "99.X%",
        "effective YYYY-MM-DD",
        "in ISO 8601 format, reviewed 2025-XX-01",
    ],
)
def test_placeholders_are_found(tmp_path: Path, schema: DocSchema, text: str) -> None:
    path = tmp_path / "doc.md"
    path.write_text(_doc_with(f"\nSee {text} here.\n"), encoding="utf-8")
    found = findings_for(path, schema)
    assert [f.code for f in found] == ["GC402"]
    assert found[0].line == len(path.read_text().splitlines())


@pytest.mark.parametrize(
    "text",
    [
        "- [x] done item",
        "`{{ variable }}` in code",
        "a [link](https://x.test) here",
        "Use TODOs sparingly",
        "Dates are written in ISO 8601 format (YYYY-MM-DD)",
        "Write the review date in the form DD/MM/YYYY",
    ],
)
def test_placeholder_look_alikes_are_not_flagged(tmp_path: Path, schema: DocSchema, text: str) -> None:
    path = tmp_path / "doc.md"
    path.write_text(_doc_with(f"\n{text}\n\n```\n{{{{ in_a_code_block }}}} TODO\n```\n"), encoding="utf-8")
    assert findings_for(path, schema) == []


def test_site_generator_syntax_allowed_when_configured(tmp_path: Path, schema: DocSchema) -> None:
    path = tmp_path / "doc.md"
    path.write_text(_doc_with("\nEmail {{ site.email }} {% include footer.html %}.\n"), encoding="utf-8")
    assert {f.code for f in findings_for(path, schema)} == {"GC402"}
    assert findings_for(path, schema, template_syntax=True) == []


def test_hugo_shortcodes_are_not_placeholders(tmp_path: Path, schema: DocSchema) -> None:
    # `{{% note %}}` is the same Hugo construct as `{{< note >}}`: markup, not a leftover tag.
    path = tmp_path / "doc.md"
    path.write_text(_doc_with("\n{{% capture overview %}}\nText.\n{{% /capture %}}\n"), encoding="utf-8")
    assert findings_for(path, schema) == []


@pytest.mark.parametrize("key", ["redirect_from: [/old-page]", "weight: 40", "sidebar_position: 3"])
def test_site_generator_front_matter_makes_template_tags_warnings(
    tmp_path: Path, schema: DocSchema, key: str
) -> None:
    # Jekyll/GitHub Docs, Hugo and Docusaurus pages are rendered by a site generator, which
    # fills `{% data ... %}` in at build time.
    text = _doc_with("\nThe {% data variables.product.name %} API.\n").replace("---\n", f"---\n{key}\n", 1)
    path = tmp_path / "doc.md"
    path.write_text(text, encoding="utf-8")
    found = findings_for(path, schema)
    assert [(f.code, f.severity) for f in found] == [("GC402", Severity.WARNING)]


def test_todo_as_a_status_in_a_table_with_done_rows(tmp_path: Path, schema: DocSchema) -> None:
    # A postmortem's action-item table marks rows DONE or TODO: a status, not a leftover.
    table = (
        "\n| Action | Owner | Status |\n| --- | --- | --- |\n"
        "| Fix leak | ana | DONE |\n| Add alert | bo | TODO |\n"
    )
    path = tmp_path / "doc.md"
    path.write_text(_doc_with(table), encoding="utf-8")
    assert findings_for(path, schema) == []
    # Without DONE rows a TODO in a table is still a leftover.
    path.write_text(_doc_with(table.replace("DONE", "open")), encoding="utf-8")
    assert [f.code for f in findings_for(path, schema)] == ["GC402"]


def test_configured_placeholder_patterns(tmp_path: Path, schema: DocSchema) -> None:
    path = tmp_path / "doc.md"
    path.write_text(_doc_with("\nOwner: ACME-OWNER and FIXME.\n"), encoding="utf-8")
    added = findings_for(
        path, schema, placeholder_add=(r"ACME-OWNER",), placeholder_remove=frozenset({"todo-marker"})
    )
    assert [f.message for f in added] == ["placeholder left in: 'ACME-OWNER'"]


def test_disabled_sections_are_not_required(schema: DocSchema) -> None:
    missing = FIXTURES / "checks" / "fail" / "missing-section.md"
    assert findings_for(missing, schema, disabled_sections=frozenset({"contact", "training"})) == []


IN_PASSING_DOC = """---
title: Test Policy
owner: Compliance team
last_reviewed: 2026-06-01
---
# Test Policy

## Purpose

The purpose of this policy is to explain how we handle records and what each team must do.

## Data Retention

We retain account records for 30 days after closing an account, and invoices for 7 years.

| Data category | Retention period |
|---|---|
| Account records | 30 days |

## EU Representative

Our representative in the European Union is Rep Ltd, Dublin, reachable at rep@rep.test.

## Miscellaneous

Staff get training every year. For anything else, contact us by email at hello@company.test.
"""


def test_topic_only_mentioned_under_an_unrelated_heading_is_a_warning(
    tmp_path: Path, schema: DocSchema
) -> None:
    path = tmp_path / "doc.md"
    path.write_text(IN_PASSING_DOC, encoding="utf-8")
    found = findings_for(path, schema, conditions=frozenset({"eu"}))
    assert [(f.code, f.section, f.line, f.severity) for f in found if f.code == "GC305"] == [
        ("GC305", "contact", 24, Severity.WARNING)
    ]
    assert "under 'Miscellaneous'" in next(f.message for f in found if f.code == "GC305")
    # Without a heading structure (fewer than three topics with headings) nothing is odd.
    assert not [f for f in findings_for(path, schema) if f.code == "GC305"]


@pytest.mark.parametrize(
    ("text", "flagged"), [("email $VMTalias now", True), ("set $HOME first", False), ("costs $5", False)]
)
def test_dollar_variables(tmp_path: Path, schema: DocSchema, text: str, flagged: bool) -> None:
    path = tmp_path / "doc.md"
    path.write_text(_doc_with(f"\n{text}\n"), encoding="utf-8")
    assert bool(findings_for(path, schema)) is flagged


def test_rules_read_inline_code_but_not_comments(tmp_path: Path, schema: DocSchema) -> None:
    complete = (FIXTURES / "checks" / "pass" / "complete.md").read_text(encoding="utf-8")
    section = complete[complete.index("## 2.") : complete.index("## 3.")]
    table = "| Data category | Retention period |\n|---|---|\n| Records | until closed |\n\n"
    in_code = "## 2. How long we keep data\n\nWe retain records for `30 days`.\n\n" + table
    in_comment = "## 2. How long we keep data\n\nWe retain records. <!-- e.g. 30 days -->\n\n" + table
    (tmp_path / "code.md").write_text(complete.replace(section, in_code), encoding="utf-8")
    (tmp_path / "comment.md").write_text(complete.replace(section, in_comment), encoding="utf-8")
    assert [f.code for f in findings_for(tmp_path / "code.md", schema)] == []
    assert [f.code for f in findings_for(tmp_path / "comment.md", schema)] == ["GC401"]


@pytest.mark.parametrize(
    ("sentence", "severity"),
    [
        ("", Severity.ERROR),
        ("Each Order Form sets the retention periods.\n\n", Severity.WARNING),
        ("The periods are on the Cover Page.\n\n", Severity.WARNING),
        ("Ask for an order form if you need one.\n\n", Severity.ERROR),  # not a defined term
    ],
)
def test_standard_terms_may_leave_a_deferrable_value_to_the_order_form(
    tmp_path: Path, schema: DocSchema, sentence: str, severity: Severity
) -> None:
    complete = (FIXTURES / "checks" / "pass" / "complete.md").read_text(encoding="utf-8")
    section = complete[complete.index("## 2.") : complete.index("## 3.")]
    table = "| Data category | Retention period |\n|---|---|\n| Records | per contract |\n\n"
    no_period = f"## 2. How long we keep data\n\nWe retain records as agreed.\n\n{sentence}{table}"
    (tmp_path / "terms.md").write_text(complete.replace(section, no_period), encoding="utf-8")
    [finding] = findings_for(tmp_path / "terms.md", schema)
    assert (finding.code, finding.severity) == ("GC401", severity)
    assert ("check the value is set there" in finding.message) is (severity is Severity.WARNING)
