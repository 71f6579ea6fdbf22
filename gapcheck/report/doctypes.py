"""docs/document-types.md: the document types and the standards behind them, from the schemas.

Regenerate with `python -m gapcheck.report.doctypes > docs/document-types.md`;
a test fails when the file and the schemas drift apart.
"""

from __future__ import annotations

from gapcheck.catalog import Catalog, DocSchema, load_catalog

_HEADER = """# Document types

What gapcheck knows a complete document of each type contains, and where that
knowledge comes from. `gapcheck schema show TYPE` lists each type's sections
with the source of every one.

Confidence: **high**, checked against the primary text (law, regulation or
official template); **medium**, an authoritative secondary source or a stable
named framework; **low**, established practice.

<!-- Generated from schemas/*.yaml by `python -m gapcheck.report.doctypes`; do not edit by hand. -->
"""


def _cell(text: str) -> str:
    """Table-safe: no pipes or line breaks inside a cell."""
    return " ".join(text.replace("|", "\\|").split())


def _row(schema: DocSchema) -> str:
    required = sum(1 for section in schema.sections if section.level == "required")
    sources = "; ".join(cite for cite, _ in schema.sources)
    cells = (
        f"`{schema.id}`",
        schema.name,
        schema.category or "-",
        str(required),
        sources,
        schema.confidence or "-",
    )
    return "| " + " | ".join(_cell(cell) for cell in cells) + " |"


def render_document_types(catalog: Catalog | None = None) -> str:
    catalog = catalog or load_catalog()
    schemas = sorted(catalog.schemas.values(), key=lambda schema: schema.id)
    lines = [
        _HEADER,
        f"{len(schemas)} document types.",
        "",
        "| Type | Name | Category | Required sections | Standards and laws | Confidence |",
        "|---|---|---|---|---|---|",
        *(_row(schema) for schema in schemas),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover - the regeneration command
    print(render_document_types(), end="")
