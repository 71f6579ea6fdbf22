"""`gapcheck schema show`: what a type requires, with sources, in text and JSON."""

from __future__ import annotations

import json

from conftest import RunCli


def test_schema_show_lists_the_gdpr_article_13_items_with_sources(run_cli: RunCli) -> None:
    result = run_cli("schema", "show", "privacy-policy")
    assert result.exit_code == 0
    assert "Privacy Policy (privacy-policy)" in result.stdout
    assert result.stdout.count("Art. 13") >= 10
    assert "[required] " in result.stdout


def test_schema_show_says_which_topics_the_opening_paragraphs_cover(run_cli: RunCli) -> None:
    text = run_cli("schema", "show", "postmortem-report").stdout
    summary = text[text.index("Summary  (summary)") : text.index("Impact  (impact)")]
    assert "opening paragraphs also count" in summary
    data = json.loads(run_cli("schema", "show", "postmortem-report", "--format", "json").stdout)
    opening = {s["id"] for s in data["sections"] if s["opening"]}
    assert opening == {"summary"}


def test_schema_show_marks_values_an_order_form_may_hold(run_cli: RunCli) -> None:
    text = run_cli("schema", "show", "service-level-agreement").stdout
    uptime = next(line for line in text.splitlines() if "numeric-uptime" in line)
    assert "may be left to an order form" in uptime
    data = json.loads(run_cli("schema", "show", "service-level-agreement", "--format", "json").stdout)
    assert {r["id"] for r in data["rules"] if r["deferrable"]} >= {"numeric-uptime", "claim-deadline"}


def test_schema_show_of_an_unknown_type_is_a_usage_error(run_cli: RunCli) -> None:
    result = run_cli("schema", "show", "no-such-type")
    assert result.exit_code == 2
    assert "no-such-type" in result.stderr
