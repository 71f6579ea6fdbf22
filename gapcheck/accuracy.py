"""Measure the checks against a labelled corpus of real documents (a developer tool).

A corpus folder holds `manifest.yaml` (each document's type, what a reviewer
expects: complete or incomplete, and whether it is a template or stub) and
`labels.yaml` (per document and topic: covered, partial, absent or n/a). Each
document is checked as its type with front-matter and review-date checks off,
as a team adopting gapcheck on existing documents would, and the result is
compared with the labels. Mutations of the complete documents (a required
section removed, a placeholder inserted) test that real gaps are caught.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gapcheck import engine
from gapcheck.catalog import Catalog, DocSchema, load_catalog
from gapcheck.checks import CheckContext, placeholders, regression, run_document_checks, sections
from gapcheck.config import Config
from gapcheck.document import Document, parse_document
from gapcheck.errors import GapcheckError
from gapcheck.matching import SUBTREE_MAX_WORDS, coverage, matching_headings, wraps_everything
from gapcheck.model import Finding, Origin, PathKind, Requirement, Severity, Verdict

MISSING_SECTION = sections.MISSING_SECTION.code
IN_PASSING = sections.TOPIC_IN_PASSING.code
PLACEHOLDER = placeholders.PLACEHOLDER.code
INSERTED_PLACEHOLDER = "[COMPANY NAME]"
# Notes that say a page goes through a site generator: its `{{ }}` is filled in at build time.
_TEMPLATE_SYNTAX_NOTE = re.compile(
    r"(?i)\b(?:liquid|jekyll|eleventy|11ty|nunjucks|erb|build-time template|site generator)\b|\{\{\s*site\."
)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """What the corpus test demands (issue 3): few false alarms, most gaps caught."""

    max_false_alarm_rate: float = 0.05
    min_recall: float = 0.90
    min_incomplete_caught: float = 0.90
    # Read alone, a document whose section was removed may still cover the topic: long agreements
    # restate it in other clauses (survival, service-specific terms, "we will terminate the accounts
    # of repeat infringers" under DMCA). So the single-document floor guards against regressions
    # (49/74 on ../shared/corpus), while compared with its base revision, as `check --changed`
    # does, every removal must be reported (GC306 section-removed).
    min_removals_caught: float = 0.65
    min_removals_caught_with_base: float = 1.0


@dataclass(frozen=True, slots=True)
class CorpusEntry:
    """One manifest document with the reviewer's topic labels (empty when unlabelled)."""

    file: str
    doc_type: str
    expect: str
    completeness: str
    notes: str
    labels: Mapping[str, str] = field(default_factory=dict)
    evidence: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # topic -> lines the reviewer cites
    # Topics the requirement catalogue marks required for this type; None: no catalogue beside the corpus.
    required_topics: frozenset[str] | None = None

    @property
    def template_syntax(self) -> bool:
        return bool(_TEMPLATE_SYNTAX_NOTE.search(self.notes))

    @property
    def must_fail(self) -> bool:
        """Templates and stubs are never finished documents."""
        return self.completeness in ("template", "stub")


@dataclass(frozen=True, slots=True)
class Outcome:
    """One document's result compared with its labels."""

    entry: CorpusEntry
    verdict: str
    errors: tuple[str, ...]  # "CODE section-or-message" of each error, for the failure listing
    covered: tuple[str, ...]
    false_alarms: tuple[str, ...]
    absent_required: tuple[str, ...]
    caught: tuple[str, ...]
    caught_as_warning: tuple[str, ...]  # reported, but as a warning: the schema makes the topic recommended
    # Not reported missing, but another finding names the topic: its heading is there and the
    # section lacks what it must say (GC401), is too short (GC302) or is only in passing (GC305).
    flagged_otherwise: tuple[str, ...]
    unknown_topics: tuple[str, ...]  # labelled topics the schema does not have

    @property
    def passed(self) -> bool:
        return self.verdict == Verdict.COMPLETE.value


@dataclass(slots=True)
class Tally:
    """Counts for one document type or for the whole corpus."""

    docs: int = 0
    covered: int = 0
    false_alarms: int = 0
    absent_required: int = 0
    caught: int = 0
    caught_as_warning: int = 0
    flagged_otherwise: int = 0
    complete: int = 0
    complete_passed: int = 0
    incomplete: int = 0
    incomplete_caught: int = 0
    must_fail: int = 0
    must_fail_caught: int = 0

    def add(self, outcome: Outcome) -> None:
        self.docs += 1
        self.covered += len(outcome.covered)
        self.false_alarms += len(outcome.false_alarms)
        self.absent_required += len(outcome.absent_required)
        self.caught += len(outcome.caught)
        self.caught_as_warning += len(outcome.caught_as_warning)
        self.flagged_otherwise += len(outcome.flagged_otherwise)
        if outcome.entry.expect == "complete":
            self.complete += 1
            self.complete_passed += outcome.passed
        else:
            self.incomplete += 1
            self.incomplete_caught += not outcome.passed
        if outcome.entry.must_fail:
            self.must_fail += 1
            self.must_fail_caught += not outcome.passed

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.covered if self.covered else 0.0

    @property
    def recall(self) -> float:
        return self.caught / self.absent_required if self.absent_required else 1.0

    @property
    def incomplete_rate(self) -> float:
        return self.incomplete_caught / self.incomplete if self.incomplete else 1.0


@dataclass(frozen=True, slots=True)
class Mutation:
    """A complete document changed so that it must fail, and whether the change was caught."""

    file: str
    kind: str  # "remove-section" or "placeholder"
    target: str  # the section id removed, or the line the placeholder went into
    caught: bool  # reported: missing (GC301) or, for a removal, only mentioned in passing (GC305)
    note: str = ""  # why a removal was not caught: where the topic's key terms still stand
    as_missing: bool = False  # a removal reported as missing, not merely as in passing
    with_base: bool = False  # a removal reported when compared with the original (GC306 or above)

    @property
    def missed(self) -> bool:
        """Not reported by any check: a removal even against the base, a placeholder at all."""
        return not (self.with_base if self.kind == "remove-section" else self.caught)


@dataclass(frozen=True, slots=True)
class Accuracy:
    outcomes: tuple[Outcome, ...]
    mutations: tuple[Mutation, ...]
    thresholds: Thresholds = Thresholds()

    def by_type(self) -> dict[str, Tally]:
        tallies: dict[str, Tally] = {}
        for outcome in self.outcomes:
            tallies.setdefault(outcome.entry.doc_type, Tally()).add(outcome)
        return dict(sorted(tallies.items()))

    def total(self) -> Tally:
        tally = Tally()
        for outcome in self.outcomes:
            tally.add(outcome)
        return tally

    def failures(self) -> list[str]:
        """Each threshold the corpus misses, in words; empty when all hold."""
        total, limits = self.total(), self.thresholds
        problems: list[str] = []
        if total.false_alarm_rate > limits.max_false_alarm_rate:
            problems.append(f"false alarms {total.false_alarm_rate:.1%} > {limits.max_false_alarm_rate:.0%}")
        if total.recall < limits.min_recall:
            problems.append(f"recall {total.recall:.1%} < {limits.min_recall:.0%}")
        if total.complete_passed < total.complete:
            problems.append(f"{total.complete - total.complete_passed} complete document(s) fail")
        if total.incomplete_rate < limits.min_incomplete_caught:
            problems.append(
                f"incomplete caught {total.incomplete_rate:.1%} < {limits.min_incomplete_caught:.0%}"
            )
        if total.must_fail_caught < total.must_fail:
            problems.append(f"{total.must_fail - total.must_fail_caught} template(s)/stub(s) pass")
        return problems + self._mutation_failures()

    def _mutation_failures(self) -> list[str]:
        removed = [m for m in self.mutations if m.kind == "remove-section"]
        inserted = [m for m in self.mutations if m.kind == "placeholder"]
        problems = []
        if any(not m.caught for m in inserted):
            problems.append(f"{sum(not m.caught for m in inserted)} inserted placeholder(s) not caught")
        limits = self.thresholds
        rate = sum(m.caught for m in removed) / len(removed) if removed else 1.0
        if rate < limits.min_removals_caught:
            problems.append(f"removed sections caught {rate:.0%} < {limits.min_removals_caught:.0%}")
        with_base = sum(m.with_base for m in removed) / len(removed) if removed else 1.0
        if with_base < limits.min_removals_caught_with_base:
            problems.append(
                f"removed sections caught with the base revision {with_base:.0%} "
                f"< {limits.min_removals_caught_with_base:.0%}"
            )
        return problems


# --- reading the corpus -------------------------------------------------------------------


def load_corpus(corpus_dir: Path, catalogue: Path | None = None) -> list[CorpusEntry]:
    """The manifest's documents, each with its labels; errors name the file.

    `catalogue` is the requirement catalogue the labels' topic ids come from
    (default: `../requirements/catalogue.yaml` beside the corpus, when present).
    Its levels, not the schemas', decide which absent topics recall counts, so
    that making a schema topic `recommended` cannot improve the score.
    """
    manifest = _read_list(corpus_dir / "manifest.yaml", ("file", "doc_type"))
    missing = [str(item["file"]) for item in manifest if not (corpus_dir / str(item["file"])).is_file()]
    if missing:
        raise GapcheckError(
            f"the manifest names documents that do not exist: {', '.join(missing[:5])}",
            path=str(corpus_dir / "manifest.yaml"),
        )
    required = _catalogue_required(catalogue or corpus_dir.parent / "requirements" / "catalogue.yaml")
    labels_file = corpus_dir / "labels.yaml"
    labels = _read_list(labels_file) if labels_file.is_file() else []
    topics = {str(item["file"]): _topic_statuses(item) for item in labels}
    evidence = {str(item["file"]): _evidence_lines(item) for item in labels}
    return [
        CorpusEntry(
            file=str(item["file"]),
            doc_type=str(item["doc_type"]),
            expect=str(item.get("expect", "")),
            completeness=str(item.get("completeness", "")),
            notes=str(item.get("notes") or ""),
            labels=topics.get(str(item["file"]), {}),
            evidence=evidence.get(str(item["file"]), {}),
            required_topics=required.get(str(item["doc_type"])) if required is not None else None,
        )
        for item in manifest
    ]


def _catalogue_required(path: Path) -> dict[str, frozenset[str]] | None:
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return {
            str(kind["id"]): frozenset(
                str(topic["id"]) for topic in kind.get("topics") or () if topic.get("level") == "required"
            )
            for kind in data["document_types"]
        }
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError) as exc:
        raise GapcheckError(f"cannot read the requirement catalogue: {exc}", path=str(path)) from exc


def _read_list(path: Path, required: Sequence[str] = ("file",)) -> list[dict[str, Any]]:
    """A manifest or label file: a YAML list of mappings, each with the REQUIRED keys as text;
    errors name the file and the entry's line."""
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise GapcheckError(f"cannot read corpus file: {exc}", path=str(path)) from exc
    except yaml.YAMLError as exc:
        raise GapcheckError.invalid_yaml(exc, str(path)) from exc
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise GapcheckError("expected a list of entries", path=str(path), line=1)
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise GapcheckError("an entry must be a mapping", path=str(path), line=line)
        for key in required:
            if not isinstance(item.get(key), str) or not item[key]:
                raise GapcheckError(f"entry has no `{key}`", path=str(path), line=line)
    return data


def _topics(item: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Each labelled topic as a mapping: `{status: covered, evidence: ...}` or just `covered`."""
    topics = item.get("topics")
    if not isinstance(topics, Mapping):
        return {}
    return {str(t): value if isinstance(value, Mapping) else {"status": value} for t, value in topics.items()}


def _topic_statuses(item: Mapping[str, Any]) -> dict[str, str]:
    return {topic: str(value.get("status", "")) for topic, value in _topics(item).items()}


# "L65", "L12-15", "line 65", "lines 12-15": the lines a reviewer quotes as a topic's evidence.
_EVIDENCE_LINES_RE = re.compile(r"\b(?:L|[Ll]ines?\s+)(\d+)(?:\s*[-–]\s*(\d+))?\b")


def _evidence_lines(item: Mapping[str, Any]) -> dict[str, tuple[int, ...]]:
    found: dict[str, tuple[int, ...]] = {}
    for topic, value in _topics(item).items():
        lines: list[int] = []
        for match in _EVIDENCE_LINES_RE.finditer(str(value.get("evidence") or "")):
            first = int(match.group(1))
            last = int(match.group(2) or first)
            lines.extend(range(first, min(last, first + 50) + 1))
        found[str(topic)] = tuple(lines)
    return found


# --- checking -----------------------------------------------------------------------------


def _checker(corpus_dir: Path, template_syntax: bool, catalog: Catalog, today: dt.date) -> engine.Checker:
    """Front matter and review dates off: these documents were not written for gapcheck."""
    settings = engine.RunSettings(
        root=corpus_dir,
        config=Config(template_syntax=template_syntax),
        catalog=catalog,
        today=today,
        fail_on="any",
        content_only=True,
    )
    return engine.Checker(settings)


def check_entry(checker: engine.Checker, entry: CorpusEntry, catalog: Catalog) -> Outcome:
    """Run the document check the way `gapcheck lint --content-only --type T` does."""
    requirement = Requirement(
        path=entry.file,
        kind=PathKind.FILE,
        title=entry.file,
        origin=Origin(entry.file, 1),
        doc_type=entry.doc_type,
    )
    result = checker.evaluate(requirement)
    return compare(entry, result.verdict.value, result.findings, catalog.get(entry.doc_type))


def compare(entry: CorpusEntry, verdict: str, findings: Sequence[Finding], schema: DocSchema) -> Outcome:
    missing = {f.section for f in findings if f.code == MISSING_SECTION and f.section}
    warned = {f.section for f in findings if f.code == MISSING_SECTION and f.severity is not Severity.ERROR}
    named = {f.section for f in findings if f.section}
    levels = {spec.id: spec.level for spec in schema.sections}
    covered = sorted(t for t, status in entry.labels.items() if status == "covered" and t in levels)
    required = entry.required_topics
    absent = sorted(
        t
        for t, status in entry.labels.items()
        if status == "absent"
        and t in levels
        and (t in required if required is not None else levels[t] == "required")
    )
    errors = tuple(f"{f.code} {f.section or f.message}" for f in findings if f.severity is Severity.ERROR)
    return Outcome(
        entry=entry,
        verdict=verdict,
        errors=errors,
        covered=tuple(covered),
        false_alarms=tuple(t for t in covered if t in missing),
        absent_required=tuple(absent),
        caught=tuple(t for t in absent if t in missing),
        caught_as_warning=tuple(t for t in absent if t in warned),
        flagged_otherwise=tuple(t for t in absent if t not in missing and t in named),
        unknown_topics=tuple(sorted(t for t in entry.labels if t not in levels)),
    )


def measure(
    corpus_dir: Path,
    *,
    catalogue: Path | None = None,
    catalog: Catalog | None = None,
    today: dt.date | None = None,
    mutations: bool = True,
) -> Accuracy:
    """Check every manifest document and, unless switched off, the mutations of complete ones."""
    catalog = catalog or load_catalog()
    today = today or dt.date.today()
    entries = load_corpus(corpus_dir, catalogue)
    unknown = sorted({e.doc_type for e in entries if e.doc_type not in catalog.schemas})
    if unknown:
        raise GapcheckError(f"no schema for document type(s): {', '.join(unknown)}", path=str(corpus_dir))
    checkers = {flag: _checker(corpus_dir, flag, catalog, today) for flag in (False, True)}
    outcomes = tuple(check_entry(checkers[e.template_syntax], e, catalog) for e in entries)
    found: list[Mutation] = []
    if mutations:
        for outcome in outcomes:
            if outcome.entry.expect == "complete" and outcome.passed:
                checker = checkers[outcome.entry.template_syntax]
                found.extend(mutate(corpus_dir / outcome.entry.file, outcome.entry, checker))
    return Accuracy(outcomes, tuple(found))


# --- mutations ----------------------------------------------------------------------------


def mutate(path: Path, entry: CorpusEntry, checker: engine.Checker) -> Iterator[Mutation]:
    """Remove each required section found by its heading; insert a placeholder into prose."""
    text = path.read_text(encoding="utf-8")
    doc = parse_document(text, entry.file)
    schema = checker.schema_for(entry.doc_type, entry.file)
    if schema is None:
        return
    ctx = checker.context_for(doc, schema)
    for section_id, mutated in removals(doc, schema, entry.evidence):
        findings = _findings(mutated, entry.file, schema, ctx)
        about = [f for f in findings if f.section == section_id]
        as_missing = any(f.code == MISSING_SECTION for f in about)
        caught = as_missing or any(f.code == IN_PASSING for f in about)
        note = "" if caught else _still_covered(mutated, entry.file, schema, section_id)
        with_base = caught or _reported_against_base(doc, mutated, schema, ctx, section_id)
        yield Mutation(entry.file, "remove-section", section_id, caught, note, as_missing, with_base)
    line = _prose_line(doc)
    if line is not None:
        findings = _findings(insert_placeholder(text, line), entry.file, schema, ctx)
        caught = engine.verdict_for(findings) is not Verdict.COMPLETE and any(
            f.code == PLACEHOLDER and f.line == line for f in findings
        )
        yield Mutation(entry.file, "placeholder", f"line {line}", caught)


def _reported_against_base(
    base: Document, text: str, schema: DocSchema, ctx: CheckContext, section_id: str
) -> bool:
    """Whether `check --changed` would report the removal: the diff against the base revision."""
    changed = parse_document(text, base.path)
    found = regression.removed_sections(base, changed, schema, dataclasses.replace(ctx))
    return any(finding.section == section_id for finding in found)


def _still_covered(text: str, path: str, schema: DocSchema, section_id: str) -> str:
    spec = schema.section(section_id)
    found = coverage(parse_document(text, path), spec, schema.sections) if spec else None
    if found is None or found.section is None:
        return ""
    return f"key terms under {found.section.title!r} (line {found.section.line})"


def removals(
    doc: Document, schema: DocSchema, evidence: Mapping[str, Sequence[int]] | None = None
) -> Iterator[tuple[str, str]]:
    """For each required topic named by headings: the text without the topic's sections.

    Those are the sections whose headings name the topic and, when the reviewer quoted lines as
    the topic's evidence, the places those lines stand in: a topic the reviewer found in a
    definitions list or a second clause is not removed while that text is left behind.
    """
    lines = doc.text.split("\n")
    for spec in schema.sections:
        if spec.level != "required":
            continue
        found = matching_headings(doc, spec, schema.sections)
        if not found:
            continue
        drop: set[int] = set()
        for _, section in found:
            drop.update(range(section.line, section.end_line + 1))
        for line in (evidence or {}).get(spec.id, ()):
            if 1 <= line <= len(lines) and line not in drop:
                drop.update(_evidence_span(doc, lines, line))
        kept = [line for number, line in enumerate(lines, start=1) if number not in drop]
        yield spec.id, "\n".join(kept)


def _evidence_span(doc: Document, lines: Sequence[str], line: int) -> range:
    """The place a quoted line stands in: its section when that is one short topic's worth of
    text (a heading with its body, a run-in clause), else just its paragraph or list item."""
    section = doc.section_at(line)
    if section.index and not wraps_everything(doc, section) and section.subtree_words <= SUBTREE_MAX_WORDS:
        return range(section.line, section.end_line + 1)
    first = last = line
    while first > 1 and lines[first - 2].strip() and not _starts_block(lines[first - 1]):
        first -= 1
    while last < len(lines) and lines[last].strip() and not _starts_block(lines[last]):
        last += 1
    return range(first, last + 1)


_BLOCK_START_RE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|\|)")


def _starts_block(line: str) -> bool:
    """A list item, heading or table row starts a new block even without a blank line before it."""
    return bool(_BLOCK_START_RE.match(line))


def insert_placeholder(text: str, line: int) -> str:
    lines = text.split("\n")
    lines[line - 1] = f"{lines[line - 1]} {INSERTED_PLACEHOLDER}"
    return "\n".join(lines)


def _prose_line(doc: Document) -> int | None:
    """A line of running text in the body: a placeholder there is in plain sight."""
    headings = {section.line for section in doc.sections}
    for number, line in doc.prose_lines:
        stripped = line.strip()
        if number not in headings and len(stripped.split()) >= 8 and stripped[:1].isalpha():
            return number
    return None


def _findings(text: str, path: str, schema: DocSchema, ctx: CheckContext) -> list[Finding]:
    doc = parse_document(text, path)
    return run_document_checks(doc, schema, dataclasses.replace(ctx))


# --- output -------------------------------------------------------------------------------

_COLUMNS = (
    ("type", 0),  # as wide as the longest type id
    ("docs", 4),
    ("covered", 7),
    ("false alarms", 12),
    ("absent req.", 11),
    ("caught", 6),
    ("complete passed", 15),
    ("incomplete caught", 17),
)


def _row(name: str, tally: Tally) -> list[str]:
    return [
        name,
        str(tally.docs),
        str(tally.covered),
        str(tally.false_alarms),
        str(tally.absent_required),
        str(tally.caught),
        f"{tally.complete_passed}/{tally.complete}",
        f"{tally.incomplete_caught}/{tally.incomplete}",
    ]


def render_text(accuracy: Accuracy) -> str:
    rows = [_row(name, tally) for name, tally in accuracy.by_type().items()]
    rows.append(_row("TOTAL", accuracy.total()))
    widths = [
        max(width, len(title), *(len(row[i]) for row in rows)) for i, (title, width) in enumerate(_COLUMNS)
    ]
    titles = [title for title, _ in _COLUMNS]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [titles, *rows]
    ]
    lines += ["", *_summary_lines(accuracy), *_detail_lines(accuracy)]
    return "\n".join(lines) + "\n"


def _summary_lines(accuracy: Accuracy) -> list[str]:
    total = accuracy.total()
    removed = [m for m in accuracy.mutations if m.kind == "remove-section"]
    inserted = [m for m in accuracy.mutations if m.kind == "placeholder"]
    return [
        f"false alarms: {total.false_alarms}/{total.covered} covered topics ({total.false_alarm_rate:.1%})",
        (
            f"recall: {total.caught}/{total.absent_required} absent required topics ({total.recall:.1%}), "
            f"{total.caught_as_warning} of them reported as warnings; of the "
            f"{total.absent_required - total.caught} missed, {total.flagged_otherwise} with another "
            f"finding on the topic"
        ),
        f"complete passed: {total.complete_passed}/{total.complete}",
        (
            f"incomplete caught: {total.incomplete_caught}/{total.incomplete} ({total.incomplete_rate:.1%}); "
            f"templates and stubs caught: {total.must_fail_caught}/{total.must_fail}"
        ),
        _mutation_line(removed, inserted),
        "result: " + ("; ".join(accuracy.failures()) or "all thresholds met"),
    ]


def _mutation_line(removed: Sequence[Mutation], inserted: Sequence[Mutation]) -> str:
    if not removed and not inserted:
        return "mutations: none (not run, or no complete document passed to mutate)"
    return (
        f"mutations caught: section removed {sum(m.caught for m in removed)}/{len(removed)} "
        f"reading the document alone ({sum(m.as_missing for m in removed)} as missing, the rest "
        f"as only mentioned in passing), {sum(m.with_base for m in removed)}/{len(removed)} "
        f"compared with the base revision; "
        f"placeholder inserted {sum(m.caught for m in inserted)}/{len(inserted)}"
    )


def _detail_lines(accuracy: Accuracy) -> list[str]:
    lines: list[str] = []
    for outcome in accuracy.outcomes:
        entry = outcome.entry
        for topic in outcome.false_alarms:
            lines.append(f"  false alarm  {entry.file}: {topic}")
        for topic in sorted(set(outcome.absent_required) - set(outcome.caught)):
            lines.append(f"  missed       {entry.file}: {topic}")
        if entry.expect == "complete" and not outcome.passed:
            lines.append(f"  fails        {entry.file}: {', '.join(outcome.errors)}")
        if entry.expect == "incomplete" and outcome.passed:
            lines.append(f"  passes       {entry.file} (expected incomplete)")
    for mutation in accuracy.mutations:
        if mutation.missed:
            lines.append(
                f"  not caught   {mutation.file}: {mutation.kind} {mutation.target}; {mutation.note}"
            )
    return ["", "Details:", *lines] if lines else []


def to_json(accuracy: Accuracy) -> dict[str, Any]:
    def tally_json(tally: Tally) -> dict[str, Any]:
        data: dict[str, Any] = dataclasses.asdict(tally)
        data.update(
            false_alarm_rate=round(tally.false_alarm_rate, 4),
            recall=round(tally.recall, 4),
            incomplete_rate=round(tally.incomplete_rate, 4),
        )
        return data

    return {
        "types": {name: tally_json(t) for name, t in accuracy.by_type().items()},
        "total": tally_json(accuracy.total()),
        "documents": [
            {
                "file": o.entry.file,
                "doc_type": o.entry.doc_type,
                "expect": o.entry.expect,
                "verdict": o.verdict,
                "false_alarms": list(o.false_alarms),
                "missed": sorted(set(o.absent_required) - set(o.caught)),
                "unknown_topics": list(o.unknown_topics),
            }
            for o in accuracy.outcomes
        ],
        "mutations": [dataclasses.asdict(m) for m in accuracy.mutations],
        "failures": accuracy.failures(),
    }


def render(accuracy: Accuracy, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(to_json(accuracy), indent=2, sort_keys=True) + "\n"
    return render_text(accuracy)
