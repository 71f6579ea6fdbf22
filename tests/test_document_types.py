"""docs/document-types.md is generated from the schemas and must not drift from them."""

from __future__ import annotations

from pathlib import Path

from gapcheck.catalog import load_catalog
from gapcheck.report.doctypes import render_document_types

DOC = Path(__file__).resolve().parents[1] / "docs" / "document-types.md"


def test_document_types_doc_matches_the_schemas() -> None:
    expected = render_document_types()
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/document-types.md is out of date: python -m gapcheck.report.doctypes > docs/document-types.md"
    )


def test_every_type_is_listed_with_its_sources_and_confidence() -> None:
    text = DOC.read_text(encoding="utf-8")
    for schema in load_catalog().schemas.values():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{schema.id}` |"))
        assert schema.sources[0][0].split()[0] in row
        assert row.rstrip(" |").endswith(schema.confidence or "-")
