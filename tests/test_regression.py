"""GC306 section-removed: a topic that had a heading at the base revision and now has none.

The unit tests use a small schema of their own, so they do not move when the
built-in schemas are refined; the end-to-end tests use real git repositories.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from ci_repo import COMPLETE, CONFIG, TODAY, commit_all, git, make_repo
from conftest import RunCli

from gapcheck.catalog import schema_from_data
from gapcheck.changed import base_text
from gapcheck.checks import CheckContext, code_info, run_document_checks
from gapcheck.checks.regression import removed_sections
from gapcheck.document import parse_document
from gapcheck.model import Finding, Severity

SCHEMA = schema_from_data(
    {
        "id": "regression-terms",
        "name": "Regression Terms",
        "description": "Terms of service, small, for the GC306 tests.",
        "sources": [{"cite": "gapcheck tests"}],
        "conditions": {"eu": "The service has users in the EU."},
        "sections": [
            {"id": "account", "title": "Your Account", "level": "required",
             "key_terms": [["account"]], "source": "src-account"},
            {"id": "termination", "title": "Termination", "level": "required",
             "aliases": ["Ending the Agreement"], "key_terms": [["terminat"], ["account"]],
             "source": "src-termination"},
            {"id": "feedback", "title": "Feedback", "level": "recommended",
             "key_terms": [["feedback"]], "source": "src-feedback"},
            {"id": "eu-rep", "title": "EU Representative", "level": "conditional", "when": ["eu"],
             "key_terms": [["representative"], ["EU"]], "source": "src-eu"},
            {"id": "contact", "title": "Contact", "level": "required",
             "key_terms": [["email"]], "source": "src-contact"},
        ],
    },
    "regression-terms.yaml",
)  # fmt: skip
TODAY_DATE = dt.date(2026, 1, 15)

BASE = """\
# Terms of Service

## Your Account

Keep your account secure.

## Termination

We may terminate your account if you break these terms.

## Feedback

Send us feedback at any time.

## EU Representative

Our representative in the EU is Rep Ltd.

## Contact

Email us at hello@example.org.
"""

# "Termination" and "Feedback" lost their headings; their words moved under "Your Account".
MERGED = """\
# Terms of Service

## Your Account

Keep your account secure. We may terminate your account if you break these terms.
Send us feedback at any time.

## EU Representative

Our representative in the EU is Rep Ltd.

## Contact

Email us at hello@example.org.
"""


def removed(base: str, now: str, **settings: Any) -> list[Finding]:
    ctx = CheckContext(today=TODAY_DATE, **settings)
    return list(
        removed_sections(parse_document(base, "TERMS.md"), parse_document(now, "TERMS.md"), SCHEMA, ctx)
    )


def test_a_heading_removed_with_its_terms_left_elsewhere_is_gc306() -> None:
    (finding,) = removed(BASE, MERGED)
    assert (finding.code, finding.rule, finding.severity) == ("GC306", "section-removed", Severity.ERROR)
    assert (finding.path, finding.line, finding.section, finding.source) == (
        "TERMS.md",
        3,  # the "Your Account" heading, where the topic is now mentioned
        "termination",
        "src-termination",
    )
    assert finding.message == (
        "'Termination' had its own section ('Termination', line 7 in the base revision) "
        "and now has none; it is only mentioned under 'Your Account'"
    )
    assert "heading again" in finding.hint
    assert "gapcheck-disable-next-line section-removed" in finding.hint


def test_the_single_document_checks_alone_do_not_see_the_removal() -> None:
    """Why GC306 exists: without the base, the merged document covers every required topic."""
    ctx = CheckContext(today=TODAY_DATE)
    found = run_document_checks(parse_document(MERGED, "TERMS.md"), SCHEMA, ctx)
    assert [f for f in found if f.severity is Severity.ERROR] == []


def test_a_heading_renamed_to_an_alias_is_not_reported() -> None:
    assert removed(BASE, BASE.replace("## Termination", "## 5. Ending the Agreement")) == []


def test_an_unchanged_document_is_not_reported() -> None:
    assert removed(BASE, BASE) == []


def test_a_topic_removed_entirely_is_gc301_only() -> None:
    now = BASE.replace("## Termination\n\nWe may terminate your account if you break these terms.\n\n", "")
    assert removed(BASE, now) == []
    ctx = CheckContext(today=TODAY_DATE)
    missing = [
        f for f in run_document_checks(parse_document(now, "TERMS.md"), SCHEMA, ctx) if f.code == "GC301"
    ]
    assert [(f.section, f.line) for f in missing] == [("termination", 1)]


def test_a_recommended_topic_is_not_reported() -> None:
    now = BASE.replace("## Feedback\n\n", "")  # "feedback" is now only mentioned under "Termination"
    assert removed(BASE, now) == []
    assert removed(BASE, now.replace("## Termination\n", "")) != []  # the same edit on a required topic


@pytest.mark.parametrize(
    ("settings", "reported"),
    [
        ({"conditions": frozenset({"eu"})}, ["termination", "eu-rep"]),
        ({}, ["termination"]),  # the EU topic does not apply
        ({"conditions": frozenset({"eu"}), "disabled_sections": frozenset({"termination"})}, ["eu-rep"]),
    ],
)
def test_only_topics_in_force_are_compared(settings: dict[str, Any], reported: list[str]) -> None:
    now = MERGED.replace("## EU Representative\n\n", "")
    assert [f.section for f in removed(BASE, now, **settings)] == reported


def test_gc306_is_registered_for_rules_explain_and_suppressions() -> None:
    info = code_info("section-removed")
    assert info is not None
    assert info.code == "GC306"
    assert code_info("GC306") is info
    assert "--changed" in info.explanation


# --- end to end: `gapcheck check --changed` in a real repository ---------------------------

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# COMPLETE without the "Contact" heading; zzcontact (its key term) now stands under "Scope".
CONTACT_MERGED = """\
# Test Policy

## Scope

This policy covers zzscope and everything near it. Write to zzcontact for questions.
"""
GC306_AT_SCOPE = [("GC306", "docs/TEST.md", 3)]


def check(run_cli: RunCli, root: Path, *extra: str) -> tuple[int, list[tuple[str, str, int]], dict[str, Any]]:
    """Exit code, (code, path, line) of each finding, and the JSON report."""
    result = run_cli("check", str(root), "--format", "json", "--today", TODAY, *extra)
    assert result.exit_code in (0, 1), result.stderr
    report = json.loads(result.stdout)
    return result.exit_code, [(f["code"], f["path"], f["line"]) for f in report["findings"]], report


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Committed: docs/TEST.md complete, with a "Contact" heading; then a commit merging it away."""
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": COMPLETE, "docs/OTHER.md": COMPLETE})
    commit_all(root, "documents")
    write(root, "docs/TEST.md", CONTACT_MERGED)
    commit_all(root, "merge Contact into Scope")
    return root


def write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text, encoding="utf-8")


@needs_git
def test_a_commit_removing_a_section_fails_the_changed_check(repo: Path, run_cli: RunCli) -> None:
    assert check(run_cli, repo)[:2] == (0, [])  # a full check of the document alone sees nothing wrong
    code, found, report = check(run_cli, repo, "--changed", "--base", "HEAD~1")
    assert (code, found) == (1, GC306_AT_SCOPE)
    (finding,) = report["findings"]
    assert (finding["rule"], finding["section"]) == ("section-removed", "contact")
    assert "'Contact' had its own section ('Contact', line 7 in the base revision)" in finding["message"]
    assert report["requirements"][0]["verdict"] == "incomplete"


@needs_git
def test_uncommitted_work_is_compared_with_head(repo: Path, run_cli: RunCli) -> None:
    git(repo, "reset", "-q", "--soft", "HEAD~1")  # the removal is staged, not committed
    assert check(run_cli, repo, "--changed")[:2] == (1, GC306_AT_SCOPE)
    git(repo, "commit", "-q", "--no-verify", "-m", "merge")
    assert check(run_cli, repo, "--changed")[:2] == (0, [])  # nothing changed since HEAD


@needs_git
def test_gc306_is_found_when_a_config_change_checks_everything(repo: Path, run_cli: RunCli) -> None:
    write(repo, ".gapcheck.yaml", CONFIG + "fail_on: high\n")
    code, found, report = check(run_cli, repo, "--changed", "--base", "HEAD~1")
    assert report["changed"]["full"] is True
    assert (code, found) == (1, GC306_AT_SCOPE)


@needs_git
def test_a_document_new_since_the_base_has_nothing_to_compare(tmp_path: Path, run_cli: RunCli) -> None:
    root = make_repo(tmp_path / "repo", {"docs/OTHER.md": COMPLETE})
    commit_all(root, "other")
    write(root, "docs/TEST.md", CONTACT_MERGED)
    commit_all(root, "test")
    assert check(run_cli, root, "--changed", "--base", "HEAD~1")[:2] == (0, [])


@needs_git
def test_a_branch_is_compared_with_where_it_left_the_base(tmp_path: Path, run_cli: RunCli) -> None:
    """Work on main after the branch started is not the branch's doing."""
    root = make_repo(tmp_path / "repo", {"docs/TEST.md": CONTACT_MERGED, "docs/OTHER.md": COMPLETE})
    commit_all(root, "no Contact heading yet")
    git(root, "checkout", "-q", "-b", "feature")
    write(root, "docs/TEST.md", CONTACT_MERGED + "\nMore zzscope.\n")
    commit_all(root, "feature edit")
    git(root, "checkout", "-q", "main")
    write(root, "docs/TEST.md", COMPLETE)  # main gives Contact its heading
    commit_all(root, "main adds Contact")
    git(root, "checkout", "-q", "feature")
    # Compared with main's tip, the branch would seem to have removed the "Contact" heading.
    assert check(run_cli, root, "--changed", "--base", "main")[:2] == (0, [])
    # Once main is merged in, its heading is part of what the branch started from.
    git(root, "merge", "-q", "--no-edit", "-X", "theirs", "main")
    write(root, "docs/TEST.md", CONTACT_MERGED)
    assert check(run_cli, root, "--changed", "--base", "main")[:2] == (1, GC306_AT_SCOPE)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "docs/TEST.md",
            CONTACT_MERGED.replace(
                "## Scope", "<!-- gapcheck-disable-next-line section-removed -->\n## Scope"
            ),
        ),
        ("docs/TEST.md", "---\ngapcheck:\n  ignore: [GC306]\n---\n" + CONTACT_MERGED),
        (".gapcheck.yaml", CONFIG + "ignore:\n  - path: docs/TEST.md\n    codes: [GC306]\n"),
    ],
    ids=["inline-comment", "front-matter", "config-ignore"],
)
@needs_git
def test_an_intended_removal_can_be_suppressed(repo: Path, run_cli: RunCli, name: str, text: str) -> None:
    assert check(run_cli, repo, "--changed", "--base", "HEAD~1")[:2] == (1, GC306_AT_SCOPE)
    write(repo, name, text)
    assert check(run_cli, repo, "--changed", "--base", "HEAD~1")[:2] == (0, [])


@needs_git
def test_a_baseline_accepts_gc306(repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    first = run_cli(
        "check",
        str(repo),
        "--today",
        TODAY,
        "--changed",
        "--base",
        "HEAD~1",
        "--write-baseline",
        str(baseline),
    )
    assert first.exit_code == 0
    assert "GC306" in baseline.read_text(encoding="utf-8")
    again = run_cli(
        "check", str(repo), "--today", TODAY, "--changed", "--base", "HEAD~1", "--baseline", str(baseline)
    )
    assert again.exit_code == 0


@needs_git
def test_base_text_reads_a_file_as_committed(repo: Path) -> None:
    head = git(repo, "rev-parse", "HEAD").strip()
    first = git(repo, "rev-parse", "HEAD~1").strip()
    assert base_text(repo, first, "docs/TEST.md") == COMPLETE
    assert base_text(repo, head, "docs/TEST.md") == CONTACT_MERGED
    assert base_text(repo, head, "docs/NONE.md") is None  # did not exist
    assert base_text(repo, head, "docs") is None  # a folder is no document
    assert base_text(repo / "docs", head, "TEST.md") == CONTACT_MERGED  # relative to the root given


DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"


@needs_git
def test_a_removal_is_reported_once_not_also_as_in_passing(tmp_path: Path, run_cli: RunCli) -> None:
    """The demo's terms give their topics headings, so the termination clause left under a
    heading that names no topic is also GC305 on its own; against the base it is GC306 only."""
    root = tmp_path / "demo"
    shutil.copytree(DEMO, root)
    commit_all(root, "demo")
    terms = root / "legal" / "TERMS_OF_SERVICE.md"
    text = terms.read_text(encoding="utf-8")
    assert "## 8. Suspension and Termination" in text
    merged = text.replace("## 8. Suspension and Termination", "## 8. A Few Words More")
    terms.write_text(merged, encoding="utf-8")

    def termination_codes(*extra: str) -> list[str]:
        result = run_cli("check", str(root), "--format", "json", "--today", TODAY, *extra)
        findings = json.loads(result.stdout)["findings"]
        return sorted(f["code"] for f in findings if f.get("section") == "termination")

    assert termination_codes() == ["GC305"]
    assert termination_codes("--changed") == ["GC306"]
