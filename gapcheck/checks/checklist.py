"""Open task-list items in a document type that must be finished (an assessment, a checklist)."""

from __future__ import annotations

from collections.abc import Iterator

from gapcheck.catalog import DocSchema
from gapcheck.checks._base import CheckContext, CodeInfo
from gapcheck.document import Document
from gapcheck.model import Finding, Severity

UNCHECKED_ITEMS = CodeInfo(
    "GC403",
    "unchecked-items",
    Severity.ERROR,
    "A checklist has more open '- [ ]' items than its type allows.",
    "For assessments and compliance checklists an open item means the work is not finished. "
    "The schema's `max_unchecked` sets how many may stay open (usually none).",
)

CODES = (UNCHECKED_ITEMS,)


def check(doc: Document, schema: DocSchema, ctx: CheckContext) -> Iterator[Finding]:
    if schema.max_unchecked is None:
        return
    unchecked = [task for task in doc.tasks if not task.checked]
    if len(unchecked) <= schema.max_unchecked:
        return
    total = len(doc.tasks)
    for task in unchecked:
        yield UNCHECKED_ITEMS.finding(
            doc.path,
            task.line,
            f"open checklist item: {task.text[:80]!r} ({len(unchecked)} of {total} open; "
            f"{schema.max_unchecked} allowed)",
            hint="Finish the item and tick it, or write why it does not apply.",
        )
