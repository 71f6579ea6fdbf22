"""Codes for problems in the plan file itself. The plan parser emits them."""

from __future__ import annotations

from gapcheck.checks._base import CodeInfo
from gapcheck.model import Severity

CODES = (
    CodeInfo(
        "GC601",
        "plan-placeholder-date",
        Severity.WARNING,
        "The plan carries a placeholder date.",
        "A date like 2024-01-XX, YYYY-MM-DD or TBD in the plan means nobody fixed the schedule.",
    ),
    CodeInfo(
        "GC602",
        "plan-duplicate-path",
        Severity.WARNING,
        "The plan names the same path twice.",
        "Both lines are kept as sources of one requirement; the first line's context wins.",
    ),
    CodeInfo(
        "GC603",
        "plan-path-outside-root",
        Severity.ERROR,
        "A planned path is absolute or leaves the repository.",
        "gapcheck never reads outside the repository root, so such a path cannot be checked.",
    ),
    CodeInfo(
        "GC604",
        "plan-task-without-path",
        Severity.INFO,
        "A task looks like a document but names no path.",
        "Add the path in backticks so gapcheck can check the document exists and is complete.",
    ),
    CodeInfo(
        "GC605",
        "plan-section-without-priority",
        Severity.WARNING,
        "A plan section with tasks has no priority.",
        "Without a priority the gate cannot tell how much these requirements matter; add a "
        "`**Priority:**` line.",
    ),
    CodeInfo(
        "GC606",
        "plan-invalid-front-matter",
        Severity.ERROR,
        "The plan's YAML front matter is invalid.",
        "The plan's front matter could not be read as YAML, so requirements listed there are lost.",
    ),
)
