"""Accuracy on real documents (../shared/corpus): few false alarms, most gaps caught.

Each manifest document is checked as its type with front-matter and review-date
checks off and compared with the reviewer's labels (gapcheck.accuracy). The
same measurement runs on unseen documents, so nothing here is tuned per file.
Recall counts the topics the requirement catalogue (../shared/requirements)
marks required, whatever level a schema gives them: making a topic recommended
turns its finding into a warning but cannot take it out of the count.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import RunCli

from gapcheck.accuracy import Accuracy, _evidence_lines, measure, removals, render
from gapcheck.catalog import DocSchema, SectionSpec
from gapcheck.document import parse_document

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

pytestmark = [pytest.mark.corpus]


@pytest.fixture(scope="module")
def accuracy() -> Accuracy:
    if not (CORPUS / "manifest.yaml").is_file():
        pytest.skip(f"no corpus at {CORPUS}")
    return measure(CORPUS)


def test_false_alarms_on_covered_topics(accuracy: Accuracy) -> None:
    total = accuracy.total()
    alarms = [f"{o.entry.file}: {t}" for o in accuracy.outcomes for t in o.false_alarms]
    assert total.covered > 200
    assert total.false_alarm_rate <= 0.05, "\n".join(alarms)


def test_recall_on_absent_required_topics(accuracy: Accuracy) -> None:
    total = accuracy.total()
    missed = [
        f"{o.entry.file}: {t}"
        for o in accuracy.outcomes
        for t in sorted(set(o.absent_required) - set(o.caught))
    ]
    assert total.absent_required > 100
    assert total.recall >= 0.90, "\n".join(missed)
    # The catalogue's levels decide what counts: topics our schemas make recommended (a warning)
    # are still in the count, and only a finding, of any severity, counts as caught.
    assert total.caught_as_warning > 0


def test_recall_counts_what_the_catalogue_requires(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "handbook.md").write_text("# Team notes\n\nWe page people.\n", encoding="utf-8")
    (corpus / "manifest.yaml").write_text(
        "- {file: handbook.md, doc_type: on-call-rotation, expect: incomplete}\n", encoding="utf-8"
    )
    (corpus / "labels.yaml").write_text(
        "- file: handbook.md\n  topics:\n"
        "    handoff: {status: absent}\n    runbooks: {status: absent}\n    schedule: {status: absent}\n",
        encoding="utf-8",
    )
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(
        "document_types:\n  - id: on-call-rotation\n    topics:\n"
        "      - {id: handoff, level: required}\n      - {id: runbooks, level: recommended}\n"
        "      - {id: schedule, level: required}\n",
        encoding="utf-8",
    )
    [outcome] = measure(corpus, catalogue=catalogue, mutations=False).outcomes
    # handoff is recommended in our schema but required in the catalogue: counted, and caught as a
    # warning; runbooks is recommended in the catalogue: not counted.
    assert outcome.absent_required == ("handoff", "schedule")
    assert outcome.caught == ("handoff", "schedule")
    assert outcome.caught_as_warning == ("handoff",)


def test_a_topic_with_a_heading_but_not_its_substance_is_counted_as_flagged(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "coc.md").write_text(
        "# Code of Conduct\n\n## Enforcement\n\nCommunity leaders will enforce this code fairly and "
        "act on any report of unacceptable behaviour they receive from members.\n",
        encoding="utf-8",
    )
    (corpus / "manifest.yaml").write_text(
        "- {file: coc.md, doc_type: code-of-conduct, expect: incomplete}\n", encoding="utf-8"
    )
    (corpus / "labels.yaml").write_text(
        "- file: coc.md\n  topics:\n    reporting-enforcement: {status: absent}\n", encoding="utf-8"
    )
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(
        "document_types:\n  - id: code-of-conduct\n    topics:\n"
        "      - {id: reporting-enforcement, level: required}\n",
        encoding="utf-8",
    )
    result = measure(corpus, catalogue=catalogue, mutations=False)
    [outcome] = result.outcomes
    # The heading names the topic, so it is not reported missing, but the missing contact is.
    assert outcome.caught == ()
    assert outcome.flagged_otherwise == ("reporting-enforcement",)
    summary = render(result, "text")
    assert "of the 1 missed, 1 with another finding on the topic" in summary
    assert "mutations: none (not run" in summary


def test_complete_documents_pass(accuracy: Accuracy) -> None:
    complete = [o for o in accuracy.outcomes if o.entry.expect == "complete"]
    failing = {o.entry.file: o.errors for o in complete if not o.passed}
    assert len(complete) >= 17
    assert not failing, failing


def test_incomplete_documents_are_judged_incomplete(accuracy: Accuracy) -> None:
    total = accuracy.total()
    assert total.incomplete_rate >= 0.90
    unfinished = [o.entry.file for o in accuracy.outcomes if o.entry.must_fail and o.passed]
    assert total.must_fail > 10
    assert not unfinished, "every template and stub must fail"


def test_inserted_placeholders_are_caught(accuracy: Accuracy) -> None:
    inserted = [m for m in accuracy.mutations if m.kind == "placeholder"]
    assert inserted
    assert all(m.caught for m in inserted), [m for m in inserted if not m.caught]


def test_removed_sections_are_caught(accuracy: Accuracy) -> None:
    removed = [m for m in accuracy.mutations if m.kind == "remove-section"]
    assert len(removed) > 40
    # Compared with its base revision, as `check --changed` does, every removal is reported.
    assert all(m.with_base for m in removed), [m for m in removed if not m.with_base]
    # Read alone, not every removal is a gap: long agreements restate a topic in other clauses
    # (survival, service-specific terms), so this floor guards against regressions rather than
    # asking for all. At the last measurement 49/74: 37 as missing, 12 as only mentioned in passing.
    caught = sum(m.caught for m in removed)
    assert caught >= 48
    assert sum(m.as_missing for m in removed) >= 35
    assert caught / len(removed) >= accuracy.thresholds.min_removals_caught
    # The diff against the base is what catches the rest: without it some would go unreported.
    assert any(m.with_base and not m.caught for m in removed)


def test_every_corpus_type_has_a_schema_and_labelled_topics_exist(accuracy: Accuracy) -> None:
    unknown = {f"{o.entry.doc_type}: {t}" for o in accuracy.outcomes for t in o.unknown_topics}
    assert not unknown, "topic ids in labels.yaml that the schemas do not have"


# --- the removal mutation (no corpus needed) --------------------------------------------------


def test_evidence_lines_are_read_in_every_form_reviewers_write() -> None:
    item = {
        "topics": {
            "a": {"evidence": 'L12: "x"; L30 more'},
            "b": {"evidence": "line 7 heading; lines 9-11"},
            "c": {"evidence": "No such section"},
        }
    }
    assert _evidence_lines(item) == {"a": (12, 30), "b": (7, 9, 10, 11), "c": ()}


def _schema(*sections: SectionSpec) -> DocSchema:
    return DocSchema(id="t", name="T", description="", file="t.yaml", sections=sections)


def test_removal_takes_the_named_section_and_the_place_the_reviewer_quotes() -> None:
    retention = SectionSpec(
        id="retention", title="Retention", level="required", source="s", key_terms=(("retain",), ("year",))
    )
    text = (
        "# Policy\n\n## Definitions\n\n- Data: anything.\n- We retain logs for a year.\n\n"
        "## Retention\n\nWe retain logs for a year.\n\n## Security\n\nWe encrypt.\n"
    )
    doc = parse_document(text, "a.md")
    [(topic, without_heading)] = list(removals(doc, _schema(retention)))
    assert topic == "retention"
    assert "## Retention" not in without_heading
    assert "- We retain logs" in without_heading  # the definitions still cover it: not a gap
    [(_, without_both)] = list(removals(doc, _schema(retention), {"retention": (6,)}))
    assert "retain" not in without_both
    assert "## Security" in without_both


# --- a corpus of one's own: bad input is one line with file and line ---------------------------


@pytest.mark.parametrize(
    ("manifest", "error"),
    [
        (": : bad\n", "manifest.yaml:1: invalid YAML: expected <block end>"),
        ("{file: a.md}\n", "manifest.yaml:1: expected a list of entries"),
        ("- a.md\n", "manifest.yaml:1: an entry must be a mapping"),
        ("- {file: a.md, doc_type: readme}\n- {file: a.md}\n", "manifest.yaml:2: entry has no `doc_type`"),
        ("- {file: gone.md, doc_type: readme}\n", "the manifest names documents that do not exist: gone.md"),
        ("- {file: a.md, doc_type: no-such-type}\n", "no schema for document type(s): no-such-type"),
    ],
    ids=["yaml", "not-a-list", "not-a-mapping", "no-type", "no-file", "unknown-type"],
)
def test_a_broken_corpus_is_a_one_line_error(
    tmp_path: Path, run_cli: RunCli, manifest: str, error: str
) -> None:
    (tmp_path / "a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(manifest, encoding="utf-8")
    result = run_cli("accuracy", str(tmp_path), "--no-mutations")
    assert result.exit_code == 2
    assert error in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_labels_may_give_a_status_alone(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# Tool\n\nA tool.\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "- {file: README.md, doc_type: readme, expect: incomplete}\n", encoding="utf-8"
    )
    (tmp_path / "labels.yaml").write_text(
        "- file: README.md\n  topics: {installation: absent, description: covered}\n", encoding="utf-8"
    )
    [outcome] = measure(tmp_path, mutations=False).outcomes
    assert outcome.covered == ("description",)
    assert outcome.caught == ("installation",)
