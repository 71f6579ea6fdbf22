"""docs/document-types.md is generated from the schemas and must not drift from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from gapcheck.catalog import load_catalog
from gapcheck.report.doctypes import render_document_types

DOC = Path(__file__).resolve().parents[1] / "docs" / "document-types.md"
SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


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


CATALOGUE = Path(__file__).resolve().parents[1].parent / "shared" / "requirements" / "catalogue.yaml"


def _catalogue_levels() -> dict[tuple[str, str], str]:
    if not CATALOGUE.is_file():
        pytest.skip(f"no requirement catalogue at {CATALOGUE}")
    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    return {
        (str(doc["id"]), str(topic["id"])): str(topic.get("level", ""))
        for doc in data["document_types"]
        for topic in doc.get("topics") or []
    }


def _section_block(schema_text: str, section_id: str) -> str:
    """The schema's YAML text from a section's `- id:` line to the next item at that indent."""
    match = re.search(rf"^(\s*)- id: {re.escape(section_id)}\s*$", schema_text, re.MULTILINE)
    assert match, section_id
    rest = schema_text[match.end() :]
    end = re.search(rf"^{match.group(1)}- |^\S", rest, re.MULTILINE)
    return rest[: end.start()] if end else rest


def test_a_topic_is_only_demoted_from_the_catalogue_level_with_a_reason() -> None:
    """The catalogue's `required` means every document of the type; a schema that makes such a
    topic `recommended` must say why beside it, so the gate never softens silently."""
    levels = _catalogue_levels()
    unexplained = []
    for schema in load_catalog().schemas.values():
        text = (SCHEMAS / f"{schema.id}.yaml").read_text(encoding="utf-8")
        for section in schema.sections:
            demoted = levels.get((schema.id, section.id)) == "required" and section.level == "recommended"
            if demoted and not re.search(r"^\s*#", _section_block(text, section.id), re.MULTILINE):
                unexplained.append(f"{schema.id}: {section.id}")
    assert not unexplained, "demoted from the catalogue's 'required' without a comment saying why"
