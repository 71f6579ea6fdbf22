"""Run the checks: requirements in, one finished Report out. No printing, no click.

A document's findings depend only on its bytes, its schema and the settings,
so each document is parsed and checked once however many requirements name it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from gapcheck import suggest, suppress
from gapcheck.catalog import Catalog, DocSchema, load_catalog, unknown_type_message
from gapcheck.checks import CheckContext, run_document_checks
from gapcheck.checks import existence as ex
from gapcheck.checks.regression import removed_sections
from gapcheck.checks.review import REVIEW_OVERDUE
from gapcheck.checks.sections import TOPIC_IN_PASSING
from gapcheck.config import Config
from gapcheck.document import Document, parse_document
from gapcheck.errors import ConfigError
from gapcheck.globs import glob_matches
from gapcheck.model import (
    Finding,
    Metric,
    Origin,
    PathKind,
    Plan,
    Priority,
    Report,
    Requirement,
    RequirementResult,
    Severity,
    Task,
    Verdict,
)
from gapcheck.packs import path_kind
from gapcheck.schedule import gate_by_date
from gapcheck.unplanned import unplanned_documents
from gapcheck.waivers import apply_waivers

if TYPE_CHECKING:
    from gapcheck.changed import BaseRevision

FAIL_ON_CHOICES = ("critical", "high", "medium", "low", "any")
DEFAULT_FAIL_ON = "high"
STALE_CODES = frozenset({REVIEW_OVERDUE.code})
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"})


@dataclass(frozen=True)
class RunSettings:
    """Everything a run needs besides the repository itself."""

    root: Path
    config: Config
    catalog: Catalog
    today: dt.date
    fail_on: str = DEFAULT_FAIL_ON
    content_only: bool = False
    plan_paths: tuple[str, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)
    gate_all: bool = False  # --all: gate on requirements not yet due too
    unplanned: bool = False  # report documents in planned folders that no plan names (GC702)
    changed: frozenset[str] | None = None  # --changed: read only these documents (root-relative)
    base: BaseRevision | None = None  # --changed: compare changed documents with their base version


def inside_repository(root: Path, relative: str, config_file: str | None, key: str) -> Path:
    """A path from the repository's config, refused when it leads outside the repository."""
    resolved_root = root.resolve()
    target = (root / relative).resolve()
    if target != resolved_root and resolved_root not in target.parents:
        raise ConfigError(
            f"{relative!r} leads outside the repository; gapcheck reads nothing there",
            path=config_file,
            key=key,
        )
    return root / relative


def catalog_for(root: Path, config: Config) -> Catalog:
    dirs = tuple((inside_repository(root, d, config.file, "schemas_dir"), d) for d in config.schemas_dirs)
    return load_catalog(dirs)


# --- requirements -------------------------------------------------------------------------


def config_requirements(config: Config) -> list[Requirement]:
    origin_file = config.file or ".gapcheck.yaml"
    return [
        Requirement(
            path=item.path,
            kind=path_kind(item.path),
            title=item.title or item.path,
            origin=Origin(origin_file, 1),
            priority=Priority(item.priority) if item.priority else None,
            doc_type=item.type,
            owner=item.owner,
        )
        for item in config.requirements
    ]


def merge_requirements(groups: Iterable[Sequence[Requirement]]) -> list[Requirement]:
    """A path required twice (two plans, plan and config) is one requirement with both origins."""
    merged: dict[str, Requirement] = {}
    for group in groups:
        for requirement in group:
            key = requirement.path.rstrip("/") if requirement.kind is PathKind.DIRECTORY else requirement.path
            first = merged.get(key)
            if first is None:
                merged[key] = requirement
                continue
            merged[key] = dataclasses.replace(
                first,
                also_required_by=(*first.also_required_by, *requirement.origins),
                doc_type=first.doc_type or requirement.doc_type,
                priority=_higher(first.priority, requirement.priority),
                claimed=first.claimed or requirement.claimed,
                claim_text=first.claim_text or requirement.claim_text,
                due=_earlier(first.due, requirement.due),
            )
    return list(merged.values())


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    """Two plans, two deadlines: the document is owed by the first."""
    if a is None or b is None:
        return a or b
    return min(a, b)


def _higher(a: Priority | None, b: Priority | None) -> Priority | None:
    if a is None or b is None:
        return a or b
    return a if a.rank >= b.rank else b


def assign_types(requirements: Sequence[Requirement], config: Config, catalog: Catalog) -> list[Requirement]:
    """Config `types:` first, then what the plan said, then the schema matching title or path."""
    typed: list[Requirement] = []
    for requirement in requirements:
        doc_type = _configured_type(requirement.path, config) or requirement.doc_type
        if doc_type is None:
            schema = catalog.resolve(requirement.path, requirement.title)
            doc_type = schema.id if schema else None
        if doc_type is not None and doc_type not in catalog.schemas and _from_pack(requirement):
            doc_type = None  # a built-in pack may name a type a slimmed-down install lacks: existence only
        if doc_type is not None and doc_type not in catalog.schemas:
            raise ConfigError(
                unknown_type_message(doc_type, catalog.schemas),
                path=requirement.origin.file,
                line=requirement.origin.line,
            )
        typed.append(dataclasses.replace(requirement, doc_type=doc_type))
    return typed


def _from_pack(requirement: Requirement) -> bool:
    return requirement.origin.file.startswith("rules/")


def _configured_type(path: str, config: Config) -> str | None:
    for pattern, doc_type in config.types.items():
        if glob_matches(pattern, path):
            return doc_type
    return None


# --- checking -----------------------------------------------------------------------------


class Checker:
    """Checks requirements against one repository, parsing each document at most once."""

    def __init__(self, settings: RunSettings) -> None:
        self.settings = settings
        self.root = settings.root.resolve()
        self._checked: dict[tuple[str, str | None], tuple[list[Finding], bool]] = {}
        self._files: list[str] | None = None

    def context_for(self, doc: Document | None, schema: DocSchema) -> CheckContext:
        config = self.settings.config
        conditions = set(config.applies)
        if doc is not None and doc.front_matter:
            applies_to = doc.front_matter.get("applies_to")
            if isinstance(applies_to, list):
                conditions.update(str(item) for item in applies_to)
        override = config.schema_overrides.get(schema.id, {})
        return CheckContext(
            today=self.settings.today,
            conditions=frozenset(conditions),
            content_only=self.settings.content_only,
            template_syntax=config.template_syntax,
            placeholder_add=config.placeholder_add,
            placeholder_remove=frozenset(config.placeholder_remove),
            disabled_sections=frozenset(override.get("disable_sections", ())),
        )

    def schema_for(self, doc_type: str | None, path: str) -> DocSchema | None:
        catalog = self.settings.catalog
        schema = catalog.schemas.get(doc_type) if doc_type else catalog.for_path(path)
        if schema is None:
            return None
        return apply_overrides(schema, self.settings.config)

    def inside_root(self, relative: str) -> Path | None:
        """The file's real path, or None when it would leave the repository."""
        candidate = (self.root / relative).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None
        return candidate

    def _escaping_link(self, requirement: Requirement) -> str | None:
        """A required path that exists only as a link out of the repository (never read)."""
        for candidate in (requirement.path, *requirement.alternatives):
            if path_kind(candidate) is PathKind.GLOB or candidate.startswith(("/", "../")):
                continue
            link = self.root / candidate
            if link.is_symlink() and self.inside_root(candidate) is None:
                return candidate
        return None

    def check_file(self, relative: str, doc_type: str | None) -> tuple[list[Finding], bool]:
        """Findings for one document and whether a schema applied."""
        key = (relative, doc_type)
        if key not in self._checked:
            self._checked[key] = self._check_file(relative, doc_type)
        return self._checked[key]

    def _check_file(self, relative: str, doc_type: str | None) -> tuple[list[Finding], bool]:
        path = self.inside_root(relative)
        if path is None:
            return [], False
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not valid UTF-8"
            return [ex.UNREADABLE.finding(relative, 1, f"cannot read {relative}: {reason}")], False
        doc = parse_document(text, relative)
        empty = []
        if doc.words == 0 and not doc.tables and not doc.tasks:
            empty = [ex.EMPTY_DOCUMENT.finding(relative, 1, f"{relative} has no content")]
        schema = self.schema_for(doc_type, relative)
        if schema is None:
            return suppress.apply(doc, empty), False
        ctx = self.context_for(doc, schema)
        removed = self._removed_sections(doc, schema, ctx)
        # A removed section says more than "only in passing" about the same topic: report it once.
        lost = {finding.section for finding in removed}
        found = [
            finding
            for finding in run_document_checks(doc, schema, ctx)
            if not (finding.code == TOPIC_IN_PASSING.code and finding.section in lost)
        ]
        return suppress.apply(doc, empty + found + removed), True  # inline and front-matter suppressions

    def _removed_sections(self, doc: Document, schema: DocSchema, ctx: CheckContext) -> list[Finding]:
        """GC306 with --changed: topics the document had a heading for at the base revision and lost."""
        base = self.settings.base
        if base is None or doc.path not in base.files:
            return []
        from gapcheck.changed import base_text

        text = base_text(self.root, base.commit, doc.path)
        if text is None:  # new since the base: nothing to compare with
            return []
        return list(removed_sections(parse_document(text, doc.path), doc, schema, ctx))

    def repository_files(self) -> list[str]:
        if self._files is None:
            self._files = sorted(_walk(self.root))
        return self._files

    def evaluate(self, requirement: Requirement) -> RequirementResult:
        located = self.locate(requirement)
        if located is None:
            escape = self._escaping_link(requirement)
            finding = ex.outside_repository(requirement, escape) if escape else ex.missing(requirement)
            return RequirementResult(requirement, Verdict.MISSING, (finding,))
        if not located:
            finding = ex.EMPTY_DIRECTORY.finding(
                requirement.path,
                1,
                f"{requirement.path} holds no Markdown document ({requirement.title})",
                hint="Add the documents this folder should hold.",
                requirement=requirement.path,
            )
            return RequirementResult(requirement, Verdict.MISSING, (finding,))
        if self.settings.changed is not None:
            from gapcheck.changed import split_changed, unchanged_result

            located, unchanged = split_changed(located, self.settings.changed)
            if not located:
                return unchanged_result(requirement, unchanged)
        findings: list[Finding] = []
        applied = False
        for relative in located:
            doc_findings, schema_applied = self.check_file(relative, requirement.doc_type)
            applied = applied or schema_applied
            findings.extend(dataclasses.replace(f, requirement=requirement.path) for f in doc_findings)
        return self._result(requirement, tuple(located), findings, applied)

    def _result(
        self,
        requirement: Requirement,
        documents: tuple[str, ...],
        findings: list[Finding],
        applied: bool,
    ) -> RequirementResult:
        findings = [f for f in findings if not self.ignored(f)]
        verdict = verdict_for(findings)
        if requirement.claimed and verdict.failing:
            errors = sum(1 for f in findings if f.severity is Severity.ERROR)
            findings.append(ex.claimed_incomplete(requirement, errors))
        note = "" if applied else "no document schema applied; checked for existence only"
        if not applied and documents:
            findings.append(
                ex.NO_SCHEMA.finding(
                    documents[0], 1, f"{requirement.path}: {note}", requirement=requirement.path
                )
            )
        return RequirementResult(requirement, verdict, tuple(sorted(findings)), documents, applied, note)

    def locate(self, requirement: Requirement) -> list[str] | None:
        """Existing files for a requirement: None when absent, [] for an empty directory."""
        for candidate in (requirement.path, *requirement.alternatives):
            kind = path_kind(candidate)
            if kind is PathKind.GLOB:
                matched = [f for f in self.repository_files() if glob_matches(candidate, f)]
                if matched:
                    return matched
                continue
            path = self.inside_root(candidate)
            if path is None:
                continue
            if path.is_dir():
                prefix = candidate.rstrip("/") + "/"
                return [f for f in self.repository_files() if f.startswith(prefix) and _markdown(f)]
            if path.is_file() and kind is PathKind.FILE:
                return [candidate.removeprefix("./")]
        return None

    def ignored(self, finding: Finding) -> bool:
        for rule in self.settings.config.ignores:
            if not glob_matches(rule.path, finding.path):
                continue
            if not rule.codes or finding.code in rule.codes or finding.rule in rule.codes:
                return True
        return False


def _markdown(path: str) -> bool:
    return path.lower().endswith((".md", ".markdown", ".mdx"))


def _walk(root: Path) -> Iterator[str]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        base = Path(folder).relative_to(root)
        for name in files:
            yield (base / name).as_posix()


def verdict_for(findings: Iterable[Finding]) -> Verdict:
    errors = {f.code for f in findings if f.severity is Severity.ERROR}
    if not errors:
        return Verdict.COMPLETE
    if errors <= STALE_CODES:
        return Verdict.STALE
    return Verdict.INCOMPLETE


def apply_overrides(schema: DocSchema, config: Config) -> DocSchema:
    override = config.schema_overrides.get(schema.id)
    if not override:
        return schema
    changes: dict[str, object] = {}
    if "review_max_age_days" in override and schema.review is not None:
        changes["review"] = dataclasses.replace(schema.review, max_age_days=override["review_max_age_days"])
    if "min_words" in override:
        changes["min_words"] = override["min_words"]
    if "max_unchecked" in override:
        changes["max_unchecked"] = override["max_unchecked"]
    if "front_matter_required" in override:
        changes["front_matter_required"] = tuple(override["front_matter_required"])
    return dataclasses.replace(schema, **changes)  # type: ignore[arg-type]


# --- gate and report ----------------------------------------------------------------------


def gate_fails(result: RequirementResult, fail_on: str) -> bool:
    """Claimed-but-failing always fails; otherwise priorities at or above `fail_on` fail."""
    if not result.gate_failing:  # a passing verdict, or failing only on baselined findings
        return False
    if result.requirement.claimed or fail_on == "any":
        return True
    threshold = Priority(fail_on).rank
    priority = result.requirement.priority
    return priority is not None and priority.rank >= threshold


def build_report(
    settings: RunSettings,
    results: Sequence[RequirementResult],
    plans: Sequence[Plan],
    tasks: Sequence[Task] = (),
    metrics: Sequence[Metric] = (),
    extra_findings: Sequence[Finding] = (),
) -> Report:
    findings = sorted(
        {f for result in results for f in result.findings}
        | {f for plan in plans for f in plan.findings}
        | set(extra_findings)
    )
    passed = not any(gate_fails(result, settings.fail_on) for result in results)
    return Report(
        root=str(settings.root),
        plans=tuple(settings.plan_paths),
        results=tuple(
            sorted(
                results,
                key=lambda r: (
                    r.requirement.origin.file,
                    r.requirement.origin.line,
                    r.requirement.path,
                ),
            )
        ),
        findings=tuple(findings),
        tasks=tuple(tasks),
        gate_passed=passed,
        fail_on=settings.fail_on,
        today=settings.today,
        metrics=tuple(metrics),
    )


def run(settings: RunSettings, requirements: Sequence[Requirement], plans: Sequence[Plan]) -> Report:
    plans = [suggest.enrich(plan, settings.catalog) for plan in plans]
    typed = assign_types(requirements, settings.config, settings.catalog)
    checker = Checker(settings)
    results = [
        gate_by_date(checker.evaluate(requirement), settings.today, settings.gate_all)
        for requirement in typed
    ]
    results = apply_waivers(results, settings.config, settings.today)
    tasks = [task for plan in plans for task in plan.tasks]
    metrics = [metric for plan in plans for metric in plan.metrics]
    unplanned: list[Finding] = []
    if settings.unplanned:
        found = unplanned_documents(results, checker.repository_files(), [plan.path for plan in plans])
        unplanned = [finding for finding in found if not checker.ignored(finding)]
    return build_report(settings, results, plans, tasks, metrics, unplanned)
