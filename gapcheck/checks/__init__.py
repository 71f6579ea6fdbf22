"""The registry of check families and finding codes.

Each module in this package declares its codes (`CODES`) and, for document
checks, a generator `check(doc, schema, ctx)`. The `gapcheck rules` listing and
`gapcheck explain` are generated from this registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from gapcheck.catalog import DocSchema
from gapcheck.checks import (
    checklist,
    content,
    existence,
    front_matter,
    placeholders,
    plan_lint,
    review,
    sections,
)
from gapcheck.checks._base import CheckContext, CodeInfo
from gapcheck.document import Document
from gapcheck.model import Finding


class DocumentCheck(Protocol):
    """A check family that reads one document against its schema."""

    CODES: tuple[CodeInfo, ...]

    def check(self, doc: Document, schema: DocSchema, ctx: CheckContext) -> Iterator[Finding]: ...


DOCUMENT_CHECKS: dict[str, DocumentCheck] = {
    "front-matter": front_matter,
    "review": review,
    "sections": sections,
    "content": content,
    "placeholders": placeholders,
    "checklist": checklist,
}

ALL_CODES: dict[str, CodeInfo] = {
    info.code: info for module in (existence, *DOCUMENT_CHECKS.values(), plan_lint) for info in module.CODES
}
CODES_BY_NAME: dict[str, CodeInfo] = {info.name: info for info in ALL_CODES.values()}


def code_info(code_or_name: str) -> CodeInfo | None:
    """Look a code up by its code (`GC301`) or its name (`missing-section`)."""
    key = code_or_name.strip()
    return ALL_CODES.get(key.upper()) or CODES_BY_NAME.get(key.lower())


def run_document_checks(doc: Document, schema: DocSchema, ctx: CheckContext) -> list[Finding]:
    findings: list[Finding] = []
    for family in DOCUMENT_CHECKS.values():
        findings.extend(family.check(doc, schema, ctx))
    return findings


__all__ = ["ALL_CODES", "CheckContext", "CodeInfo", "code_info", "run_document_checks"]
