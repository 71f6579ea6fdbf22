"""The plan's "Success Metrics", decided from the documents where files can decide them.

A metric reads "<subject> <state>": "All legal documents published", "User
personas defined". Only a state a document can show (published, documented,
defined, complete, ...) is checkable; "Security audit completed" or "On-call
rotation active" describe work done outside the repository, so they are
`not checkable` however well their words match a document.

The subject's words (plurals folded, filler such as "all" or "documents"
dropped) must all appear in a requirement's title, path or document type for
the requirement to count; a metric under a phase heading looks only at that
phase's requirements. The metric is

- `not met` when a matching requirement is not complete (missing, incomplete,
  stale or not yet due);
- `not checkable` when nothing matches, or when it also matches tasks that
  name no path (their documents cannot be read);
- `met` when every matching requirement is complete.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from gapcheck.model import Metric, Requirement, RequirementResult, Task, Verdict


class MetricState(StrEnum):
    MET = "met"
    NOT_MET = "not met"
    NOT_CHECKABLE = "not checkable"


@dataclass(frozen=True, slots=True)
class MetricResult:
    metric: Metric
    state: MetricState
    reason: str
    requirements: tuple[str, ...] = ()  # the paths that decided it
    tasks: tuple[str, ...] = ()  # matching tasks without a path


# States a document can show by existing and being complete.
DOCUMENT_STATES = frozenset(
    {"published", "documented", "defined", "complete", "created", "written", "drafted", "available"}
)
_FILLER = frozenset(
    {
        "a", "all", "an", "and", "are", "be", "been", "doc", "docs", "document", "documentation",
        "documents", "each", "every", "for", "file", "files", "has", "have", "in", "is", "md",
        "of", "on", "our", "the", "to", "with", "create",
    }
)  # fmt: skip
_DONE = frozenset({Verdict.COMPLETE, Verdict.WAIVED})
_WORD = re.compile(r"[a-z0-9]+")
_PHASE_NUMBER = re.compile(r"\bphase\s+([a-z0-9]+)", re.IGNORECASE)


def stem(word: str) -> str:
    """Fold plurals so "checklists" matches "Checklist" and "policies" matches "Policy"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "is", "us")):
        return word[:-1]
    return word


def words(*texts: str | None) -> set[str]:
    return {stem(word) for text in texts if text for word in _WORD.findall(text.lower())} - _FILLER


def _requirement_words(requirement: Requirement) -> set[str]:
    return words(requirement.title, requirement.path.replace("_", " "), requirement.doc_type)


def same_phase(metric_phase: str | None, phase: str | None) -> bool:
    """ "Phase 1: Legal & Compliance" is the plan's "Phase 1: Legal & Compliance Foundation (Weeks 1-2)"."""
    if metric_phase is None or phase is None:
        return False
    numbers = _PHASE_NUMBER.search(metric_phase), _PHASE_NUMBER.search(phase)
    if numbers[0] and numbers[1]:
        return numbers[0][1].lower() == numbers[1][1].lower()
    wanted = words(metric_phase)
    return bool(wanted) and wanted <= words(phase)


def evaluate_metric(
    metric: Metric, results: Sequence[RequirementResult], tasks: Sequence[Task]
) -> MetricResult:
    text_words = _WORD.findall(metric.text.lower())
    state_word = text_words[-1] if text_words else ""
    if state_word not in DOCUMENT_STATES:
        return MetricResult(
            metric, MetricState.NOT_CHECKABLE, f"'{state_word}' is an activity, not a document's state"
        )
    subject = words(metric.text) - {stem(state_word)}
    if not subject:
        return MetricResult(metric, MetricState.NOT_CHECKABLE, "it names no subject to look for")
    # Under a phase heading only that phase counts, unless the plan has no such phase.
    phases = [r.requirement.phase for r in results] + [t.phase for t in tasks]
    if any(same_phase(metric.phase, phase) for phase in phases):
        results = [r for r in results if same_phase(metric.phase, r.requirement.phase)]
        tasks = [t for t in tasks if same_phase(metric.phase, t.phase)]
    matched = [r for r in results if subject <= _requirement_words(r.requirement)]
    matched_tasks = tuple(t.title for t in tasks if subject <= words(t.title))
    return _decide(metric, matched, matched_tasks)


def _decide(metric: Metric, matched: Sequence[RequirementResult], tasks: tuple[str, ...]) -> MetricResult:
    paths = tuple(r.requirement.path for r in matched)
    if not matched and not tasks:
        return MetricResult(metric, MetricState.NOT_CHECKABLE, "no planned document matches it")
    open_ = [r for r in matched if r.verdict not in _DONE]
    if open_:
        listed = ", ".join(f"{r.requirement.path} {r.verdict.value}" for r in open_)
        reason = f"{len(open_)} of {len(matched)} not complete: {listed}"
        return MetricResult(metric, MetricState.NOT_MET, reason, paths, tasks)
    if tasks:
        lead = "it also rests on" if matched else "only"
        reason = f"{lead} work the plan names without a path: " + ", ".join(tasks)
        return MetricResult(metric, MetricState.NOT_CHECKABLE, reason, paths, tasks)
    noun = "document" if len(paths) == 1 else "documents"
    return MetricResult(metric, MetricState.MET, f"{len(paths)} {noun} complete", paths)


def evaluate_metrics(
    metrics: Sequence[Metric], results: Sequence[RequirementResult], tasks: Sequence[Task]
) -> list[MetricResult]:
    return [evaluate_metric(metric, results, tasks) for metric in metrics]
