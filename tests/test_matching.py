"""How a topic counts as covered: heading normalisation and matching, then key terms in one section."""

from __future__ import annotations

import datetime as dt

import pytest

from gapcheck.catalog import DocSchema, RuleSpec, SectionSpec, load_catalog
from gapcheck.checks import CheckContext, content
from gapcheck.document import PSEUDO_HEADING_LEVEL, parse_document
from gapcheck.matching import (
    CONTAINED,
    EXACT,
    FUZZY,
    coverage,
    covering_sections,
    key_terms_present,
    match_strength,
    normalise_heading,
    stem,
    term_stem,
)


def spec(
    title: str, aliases: tuple[str, ...] = (), key_terms: tuple[tuple[str, ...], ...] = (), id: str = "topic"
) -> SectionSpec:
    return SectionSpec(
        id=id, title=title, level="required", source="test", aliases=aliases, key_terms=key_terms
    )


def strength(heading: str, candidate: str) -> int:
    return match_strength(normalise_heading(heading), normalise_heading(candidate))


# --- normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("3. Data Retention", "data retention"),
        ("3.1.2 Data Retention", "data retention"),
        ("A.1 Data Retention", "data retention"),
        ("B. Data Retention", "data retention"),
        ("IV. Data Retention", "data retention"),
        ("(b) Data Retention", "data retention"),
        ("Section 2: Data Retention", "data retention"),
        ("Article 5 - Data Retention", "data retention"),
        ("§ 4 Data Retention", "data retention"),
        ("Part 2. A.1 Data Retention", "data retention"),
        ("DATA RETENTION:", "data retention"),
        ("Data  Retention.", "data retention"),
        ("Terms & Conditions", "terms and conditions"),
        ("Who We Are?", "who we are"),
        ("Your Company’s Rights", "your companys rights"),
    ],
)
def test_normalise_heading(heading: str, expected: str) -> None:
    assert normalise_heading(heading) == expected


def test_words_that_look_like_numbering_stay() -> None:
    assert normalise_heading("Accounts and Registration") == "accounts and registration"
    assert normalise_heading("I Agree") == "i agree"  # a roman numeral needs its '.', ')' or ':'


@pytest.mark.parametrize(
    ("word", "root"),
    [
        ("changes", "chang"),
        ("changing", "chang"),
        ("changed", "chang"),
        ("policies", "policy"),
        ("processes", "process"),
        ("rights", "right"),
        ("access", "access"),
        ("status", "status"),
    ],
)
def test_stem(word: str, root: str) -> None:
    assert stem(word) == root


# --- heading matching ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "candidate", "expected"),
    [
        ("Changes to These Terms", "Changes to These Terms", EXACT),
        ("CHANGES TO THESE TERMS", "changes to these terms", EXACT),
        ("12. Changes to these Terms", "Changes to These Terms", EXACT),
        ("Terms and Changes", "Changes & Terms", EXACT),  # order, '&' and filler words do not matter
        ("Change of Terms", "Changes to These Terms", EXACT),  # plural and filler words
        ("Contact Information", "Contact", CONTAINED),  # the alias inside the heading, whole words
        ("How to Contact Us", "Contact Us", CONTAINED),
        ("Contacting GitHub Staff", "Contact", CONTAINED),  # one word, inflection aside
        ("Retention of Your Data", "Data Retention", EXACT),  # same topic words, any order
        ("Retention of Customer Data", "Data Retention", CONTAINED),  # scattered, most of the heading
        ("Data Retention", "Data Retention and Deletion", CONTAINED),  # a 2-word heading in an alias
        ("Acceptible Use", "Acceptable Use", FUZZY),  # a typo
        ("Rights", "Your Privacy Rights", 0),  # a one-word heading inside a long alias is too loose
        ("About", "About Us", 0),  # the filler carried the meaning: not the same words
        ("Contractual", "Contact", 0),  # not a whole word
        ("Applicable Standards from the HITRUST Common Security Framework", "Frameworks and Standards", 0),
        ("Overview", "Objectives", 0),
    ],
)
def test_match_strength(heading: str, candidate: str, expected: int) -> None:
    assert strength(heading, candidate) == expected


def test_best_heading_wins_and_exact_beats_containment() -> None:
    doc = parse_document("# Policy\n\n## Contact Information\n\nx\n\n## Contact\n\ny\n", "a.md")
    found = coverage(doc, spec("Contact"))
    assert found.by_heading
    assert found.section is not None
    assert found.section.title == "Contact"


def test_heading_goes_to_the_topic_it_names_best() -> None:
    """'Enforcement Responsibilities' is a topic of its own, not a loose match for 'Enforcement'."""
    text = "# CoC\n\n## Enforcement Responsibilities\n\nLeaders clarify standards.\n"
    doc = parse_document(text, "a.md")
    enforcement = spec("Enforcement", id="enforcement")
    responsibilities = spec("Enforcement Responsibilities", id="responsibilities")
    topics = (enforcement, responsibilities)
    assert not coverage(doc, enforcement, topics).covered
    assert coverage(doc, responsibilities, topics).by_heading
    assert coverage(doc, enforcement).covered  # alone, the containment still counts


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\n<h2>Data Retention</h2>\n\nWe keep data.\n",
        '# T\n\n1. <span class="header_2" id="3">Data Retention</span>\n    1. Body.\n',
        "# T\n\n**Data Retention**\n\nWe keep data.\n",
        "# T\n\n**Data Retention.** We keep data for a year.\n",
        "# T\n\n<details>\n<summary>More</summary>\n\n### Data Retention\n\nWe keep data.\n\n</details>\n",
        "# T\n\n## Data Retention {#data-retention}\n\nWe keep data.\n",
        "# T\n\n## Data Retention {: #retention .wide}\n\nWe keep data.\n",
    ],
    ids=[
        "html-h2",
        "class-heading",
        "bold-line",
        "run-in-bold",
        "inside-details",
        "anchor-id",
        "kramdown-ial",
    ],
)
def test_headings_in_other_markup(text: str) -> None:
    found = coverage(parse_document(text, "a.md"), spec("Data Retention"))
    assert found.by_heading


def test_run_in_heading_keeps_its_text_as_body() -> None:
    doc = parse_document("# T\n\n**Scope.** This policy applies to all staff.\n", "a.md")
    run_in = doc.sections[-1]
    assert run_in.level == PSEUDO_HEADING_LEVEL
    assert run_in.title == "Scope"
    assert "applies to all staff" in run_in.text
    assert doc.words > 0


def test_bold_phrase_inside_a_sentence_is_not_a_heading() -> None:
    doc = parse_document("# T\n\nWe **never** sell data. Read on.\n", "a.md")
    assert [s.title for s in doc.sections[1:]] == ["T"]


# --- key terms ----------------------------------------------------------------------------


def test_terms_match_from_a_word_start() -> None:
    assert key_terms_present("We delete your data.", [("delet",)])
    assert key_terms_present("Deletion happens daily.", [("delet",)])
    assert not key_terms_present("You can undelete files.", [("delet",)])


def test_inflected_terms_also_find_other_forms() -> None:
    assert key_terms_present("Review privilege escalation.", [("privileged",)])
    assert key_terms_present("We changed the terms.", [("changes",)])
    assert not key_terms_present("Our users agree.", [("uses",)])  # short words keep their ending
    assert term_stem("policies") == "policies"
    assert term_stem("process") == "process"


@pytest.mark.parametrize(
    ("term", "found", "not_found"),
    [
        ("repo", "Fork the repo. Clone both repos.", "Report a problem."),
        ("sev", "Declare a SEV1 or a sev-2.", "Several people were paged."),
        ("tag", "Resources are tagged; untagged ones are tags away.", "Our tagline is short."),
        ("log", "Logs and logging are kept.", "Login with your account."),
        ("fail", "A failure or a failed payment.", "Failover is automatic."),
        ("age", "Users must be of age (aged 13 or over).", "Our agents and agency."),
        ("drop off", "Where users drop off.", "Drop offerings we no longer sell."),
    ],
)
def test_short_words_match_as_words_with_their_inflections(term: str, found: str, not_found: str) -> None:
    assert key_terms_present(found, [(term,)])
    assert not key_terms_present(not_found, [(term,)])


def test_symbol_terms_are_substrings() -> None:
    assert key_terms_present("Write to privacy@example.com.", [("@",)])
    assert key_terms_present("Uptime of 99.9% each month.", [("%",)])


def test_acronyms_are_whole_upper_case_words() -> None:
    assert key_terms_present("Sign the CLA first.", [("CLA",)])
    assert not key_terms_present("Use classes, not ids.", [("CLA",)])
    assert not key_terms_present("Claim an issue first.", [("CLA",)])
    assert key_terms_present("A P1 incident pages the on-call.", [("P1",)])
    # A number may lead an acronym used as a unit; a letter or underscore may not.
    assert key_terms_present("2 vCPUs, 6.8GB memory", [("GB",)])
    assert not key_terms_present("see MY_GB_LIMIT", [("GB",)])


def test_phrases_allow_any_whitespace() -> None:
    assert key_terms_present("we keep it for as\nlong as needed", [("as long as",)])


def test_groups_are_and_terms_are_or() -> None:
    groups = [("retain", "keep"), ("year", "month")]
    assert key_terms_present("We keep logs for a year.", groups)
    assert key_terms_present("We retain logs for a month.", groups)
    assert not key_terms_present("We keep logs.", groups)
    assert not key_terms_present("", groups)
    assert not key_terms_present("anything", [])


RETENTION = spec("Data Retention", key_terms=(("retain", "keep"), ("year", "month")))


def test_key_terms_count_within_one_section() -> None:
    text = "# Policy\n\n## Storage\n\nWe keep logs for a year.\n\n## Other\n\nNothing.\n"
    found = coverage(parse_document(text, "a.md"), RETENTION)
    assert found.covered
    assert not found.by_heading
    assert found.section is not None
    assert found.section.title == "Storage"


def test_key_terms_do_not_combine_across_sections() -> None:
    text = "# Policy\n\n## Storage\n\nWe keep logs.\n\n## Billing\n\nInvoices come each month.\n"
    assert not coverage(parse_document(text, "a.md"), RETENTION).covered


def test_key_terms_in_a_section_with_short_subsections() -> None:
    text = "# Policy\n\n## Storage\n\n### Logs\n\nWe keep logs.\n\n### How long\n\nFor a year.\n\n## x\n"
    found = coverage(parse_document(text, "a.md"), RETENTION)
    assert found.covered
    assert found.section is not None
    assert found.section.title == "Storage"


def test_a_long_section_does_not_pool_words_from_its_subsections() -> None:
    filler = "Some words about something else entirely. " * 100
    text = f"# P\n\n## Storage\n\n### Logs\n\nWe keep logs.\n\n{filler}\n\n### Billing\n\nEach year.\n"
    assert not coverage(parse_document(text, "a.md"), RETENTION).covered


def test_intro_under_the_title_counts() -> None:
    text = "# Retention Policy\n\nWe keep records for a year.\n\n## Scope\n\nAll staff.\n\n## Roles\n\nx\n"
    assert coverage(parse_document(text, "a.md"), RETENTION).covered


def test_contents_links_are_navigation_not_coverage() -> None:
    text = (
        "# Policy\n\n## Contents\n\n- [We keep data for a year](#retention)\n\n## Security\n\nWe encrypt.\n"
    )
    assert not coverage(parse_document(text, "a.md"), RETENTION).covered


@pytest.mark.parametrize(
    "entry",
    [
        "| [Data](#data) | We keep data for a year. |",
        "| **[Data](#data)** | We keep data for a year. |",
        "- [Data](#data): we keep data for a year.",
        "1. [Data](#data) - we keep data for a year.",
    ],
)
def test_a_contents_entry_with_a_blurb_is_navigation(entry: str) -> None:
    table_head = "| Section | What is there |\n| --- | --- |\n" if entry.startswith("|") else ""
    text = f"# Policy\n\n## Summary\n\n{table_head}{entry}\n\n## Security\n\nWe encrypt.\n"
    assert not coverage(parse_document(text, "a.md"), RETENTION).covered


def test_a_sentence_with_an_anchor_link_still_counts() -> None:
    text = (
        "# Policy\n\n## Storage\n\nWe keep logs for a year (see [security](#security)).\n\n## Security\n\nx\n"
    )
    assert coverage(parse_document(text, "a.md"), RETENTION).covered


def test_html_comments_and_code_are_not_coverage() -> None:
    text = "# Policy\n\n<!-- keep logs for a year -->\n\n```\nkeep for a year\n```\n\n## Other\n\nx\n"
    assert not coverage(parse_document(text, "a.md"), RETENTION).covered


def test_covering_sections_lists_every_heading_for_a_topic() -> None:
    text = "# P\n\n## Data Retention\n\nSee below.\n\n## Other\n\nx\n\n## Data Retention (EU)\n\n30 days.\n"
    sections = covering_sections(parse_document(text, "a.md"), RETENTION)
    assert [s.title for s in sections] == ["Data Retention", "Data Retention (EU)"]


# --- rules scoped to a topic --------------------------------------------------------------


def rule_schema(pattern: str) -> DocSchema:
    rule = RuleSpec(
        id="rule", check="regex_present", message="missing", level="required", source="test",
        pattern=pattern, scope="section:topic",
    )  # fmt: skip
    return DocSchema(id="t", name="T", description="d", file="t.yaml", sections=(RETENTION,), rules=(rule,))


def rule_findings(text: str, pattern: str) -> list[object]:
    ctx = CheckContext(today=dt.date(2026, 1, 1))
    return list(content.check(parse_document(text, "a.md"), rule_schema(pattern), ctx))


def test_scoped_rule_holds_in_any_section_covering_the_topic() -> None:
    text = "# P\n\n## Data Retention\n\nSee below.\n\n## Other\n\nx\n\n## Data Retention (EU)\n\n30 days.\n"
    assert rule_findings(text, r"\d+ days") == []
    assert len(rule_findings(text, r"\d+ years")) == 1


def test_obfuscated_addresses_count_as_addresses() -> None:
    text = "# P\n\n## Data Retention\n\nWrite to privacy[at]example[dot]com.\n"
    assert rule_findings(text, r"\w+@\w+\.com") == []


# --- phrasings from organisations outside the labelled corpus ----------------------------------

# Held-out documents (Basecamp, Clever, CNCF, GOV.UK, Rust) cover these topics in words the
# schemas once missed; each line is a paraphrase of a common pattern, not a quotation.
_HELD_OUT_PHRASINGS = [
    ("terms-of-service", "warranty-disclaimer", "We make no guarantees that the service will be error-free."),
    ("terms-of-service", "governing-law-disputes",
     "The laws of Ireland apply; disputes go to the courts of Dublin."),
    ("code-of-conduct", "reporting-enforcement",
     "Instances of abusive behaviour may be reported by contacting conduct@example.org."),
    ("contributing-guide", "security-issues",
     "If a bug is a security risk, report the vulnerability as our security policy explains."),
    ("on-call-rotation", "response-times", "Be able to start investigating within half an hour of a page."),
    ("service-level-agreement", "credit-limits-sole-remedy",
     "A credit is the limit of our liability under this SLA."),
    ("vulnerability-disclosure-policy", "what-to-expect",
     "We will acknowledge your report and tell you how to follow its status."),
    ("vulnerability-disclosure-policy", "disclosure-coordination",
     "We do not disclose an issue until it is resolved, then post a security update."),
    # Second held-out set (Kubernetes, ClickHouse): other types.
    ("api-migration-guide", "who-is-affected",
     "Search your request logs for any use of deprecated endpoints."),
    ("performance-benchmarks", "environment",
     "Every run uses one m6i.2xlarge VM on AWS with a 200 GB disk."),
]  # fmt: skip


@pytest.mark.parametrize(("type_id", "topic", "sentence"), _HELD_OUT_PHRASINGS)
def test_common_phrasings_of_real_documents_count(type_id: str, topic: str, sentence: str) -> None:
    topic_spec = load_catalog().get(type_id).section(topic)
    assert topic_spec is not None
    doc = parse_document(f"# Policy\n\n## Notes\n\n{sentence}\n", "a.md")
    assert coverage(doc, topic_spec).covered


def test_faq_heading_on_tracking_uptime_names_the_measurement() -> None:
    topic_spec = load_catalog().get("service-level-agreement").section("measurement")
    assert topic_spec is not None
    text = "# SLA\n\n## How do we track that uptime?\n\nServer error rates and pings.\n"
    doc = parse_document(text, "a.md")
    assert coverage(doc, topic_spec).by_heading


def test_licensors_in_a_disclaimer_are_not_a_licence_grant() -> None:
    topic_spec = load_catalog().get("terms-of-service").section("license-to-use")
    assert topic_spec is not None
    text = (
        "# Terms\n\n## Disclaimer\n\n"
        "The company and its licensors disclaim all warranties, without limitation.\n"
    )
    assert not coverage(parse_document(text, "a.md"), topic_spec).covered


def test_a_removed_field_is_not_a_migration_timeline() -> None:
    # Every migration guide says what was removed; a timeline says when the old version ends.
    topic_spec = load_catalog().get("api-migration-guide").section("timeline")
    assert topic_spec is not None
    changes = "# Guide\n\n## Changes\n\nThe `expiresIn` field was removed; use `expiresAt` after upgrading.\n"
    assert not coverage(parse_document(changes, "a.md"), topic_spec).covered
    dates = "# Guide\n\n## Changes\n\nVersion 3 reaches end of support on 1 June 2026.\n"
    assert coverage(parse_document(dates, "a.md"), topic_spec).covered


def test_what_to_do_names_the_migration_steps() -> None:
    topic_spec = load_catalog().get("api-migration-guide").section("steps")
    assert topic_spec is not None
    doc = parse_document("# Guide\n\n## What to do\n\nSwitch each client to v2.\n", "a.md")
    assert coverage(doc, topic_spec).by_heading


# --- the opening paragraphs -----------------------------------------------------------------

INTRO = (
    "On 20 February at 21:28 UTC a user reported that their crate was missing from the index ten "
    "minutes after upload; a bug exposed by an upstream outage had dropped the job from the queue."
)
SUMMARY = SectionSpec(
    id="summary", title="Summary", level="required", source="test", key_terms=(("summary",),), opening=True
)


@pytest.mark.parametrize(
    "text",
    [f"{INTRO}\n\n## Root cause\n\nA bug.\n", f"# Incident report\n\n{INTRO}\n\n## Root cause\n\nA bug.\n"],
    ids=["before-any-heading", "under-the-title"],
)
def test_an_opening_topic_is_covered_by_the_opening_paragraphs(text: str) -> None:
    found = coverage(parse_document(text, "report.md"), SUMMARY)
    assert found.covered
    assert not found.by_heading
    assert found.section is not None
    assert found.section.level <= 1


@pytest.mark.parametrize(
    "text",
    [
        f"{INTRO}\n",  # the whole document, not its introduction
        f"# Incident report\n\n{INTRO}\n",
        "# Incident report\n\nA short line.\n\n## Root cause\n\nA bug.\n",  # too short for a summary
    ],
    ids=["no-headings", "title-only", "one-line"],
)
def test_the_opening_counts_only_as_an_introduction_with_prose(text: str) -> None:
    assert not coverage(parse_document(text, "report.md"), SUMMARY).covered


def test_a_bold_line_under_the_title_does_not_end_the_opening() -> None:
    # "**Last updated: ...**" parses as a pseudo-heading; the introduction runs on below it.
    text = f"# Incident report\n\n**Last updated: 3 March 2024.**\n\n{INTRO}\n\n## Root cause\n\nA bug.\n"
    found = coverage(parse_document(text, "report.md"), SUMMARY)
    assert found.covered
    assert found.section is not None
    assert found.section.title.startswith("Last updated")


def test_only_topics_marked_opening_take_the_opening_paragraphs() -> None:
    text = f"{INTRO}\n\n## Root cause\n\nA bug.\n"
    assert not coverage(parse_document(text, "report.md"), spec("Summary", key_terms=(("summary",),))).covered
