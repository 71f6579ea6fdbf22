"""The registry of check families and finding codes.

Each module in this package declares its codes (`CODES`) and, for document
checks, a generator `check(doc, schema, ctx)`. The `gapcheck rules` listing and
`gapcheck explain` are generated from this registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from gapcheck.catalog import DocSchema
from gapcheck.checks import (
    checklist,
    content,
    existence,
    front_matter,
    placeholders,
    plan_lint,
    regression,
    review,
    sections,
    suppression,
)
from gapcheck.checks._base import CheckContext, CodeInfo
from gapcheck.document import Document
from gapcheck.model import Finding

DocumentCheck = Callable[[Document, DocSchema, CheckContext], Iterator[Finding]]
"""A check family's `check(doc, schema, ctx)`: reads one document against its schema."""

DOCUMENT_CHECKS: dict[str, DocumentCheck] = {
    "front-matter": front_matter.check,
    "review": review.check,
    "sections": sections.check,
    "content": content.check,
    "placeholders": placeholders.check,
    "checklist": checklist.check,
}

_CODE_GROUPS: tuple[tuple[CodeInfo, ...], ...] = (
    existence.CODES,
    front_matter.CODES,
    review.CODES,
    sections.CODES,
    regression.CODES,
    content.CODES,
    placeholders.CODES,
    checklist.CODES,
    plan_lint.CODES,
    suppression.CODES,
)
ALL_CODES: dict[str, CodeInfo] = {info.code: info for group in _CODE_GROUPS for info in group}
CODES_BY_NAME: dict[str, CodeInfo] = {info.name: info for info in ALL_CODES.values()}


def code_info(code_or_name: str) -> CodeInfo | None:
    """Look a code up by its code (`GC301`) or its name (`missing-section`)."""
    key = code_or_name.strip()
    return ALL_CODES.get(key.upper()) or CODES_BY_NAME.get(key.lower())


def run_document_checks(doc: Document, schema: DocSchema, ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for family in DOCUMENT_CHECKS.values():
        findings.extend(family(doc, schema, ctx))
    return findings


__all__ = ["ALL_CODES", "CheckContext", "CodeInfo", "code_info", "run_document_checks"]
