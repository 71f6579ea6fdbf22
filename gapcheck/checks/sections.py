"""Required sections (topics), stub sections, and a document too short to be real."""

from __future__ import annotations

from collections.abc import Iterator

from gapcheck.catalog import DocSchema, SectionSpec
from gapcheck.checks._base import CheckContext, CodeInfo, applies, level_severity
from gapcheck.document import Document
from gapcheck.matching import coverage
from gapcheck.model import Finding, Severity

MISSING_SECTION = CodeInfo(
    "GC301",
    "missing-section",
    Severity.ERROR,
    "A topic the document type requires is not covered.",
    "No heading matches the topic's title or its aliases, and its key terms do not occur "
    "together in any one section. Recommended topics are warnings; conditional ones apply "
    "only when their condition is declared (front matter `applies_to`, config `applies`).",
)
SECTION_TOO_SHORT = CodeInfo(
    "GC302",
    "section-too-short",
    Severity.ERROR,
    "A required section has a heading but (almost) no text.",
    "The heading is there but the body has fewer words than the schema asks for: a stub.",
)
DOCUMENT_TOO_SHORT = CodeInfo(
    "GC303",
    "document-too-short",
    Severity.ERROR,
    "The document has fewer words than a real document of its type.",
    "The schema sets a minimum word count for the whole document; below it the document is a stub.",
)

CODES = (MISSING_SECTION, SECTION_TOO_SHORT, DOCUMENT_TOO_SHORT)

# An empty section is a stub even when the schema sets no minimum.
DEFAULT_SECTION_MIN_WORDS = 1


def check(doc: Document, schema: DocSchema, ctx: CheckContext) -> Iterator[Finding]:
    if schema.min_words and doc.words < schema.min_words:
        yield DOCUMENT_TOO_SHORT.finding(
            doc.path,
            1,
            f"{doc.words} words; a complete {schema.name} has at least {schema.min_words}",
            hint="Write the missing content; a template or stub is not a finished document.",
        )
    title_line = doc.sections[1].line if len(doc.sections) > 1 else 1
    for spec in schema.sections:
        if spec.id in ctx.disabled_sections or not applies(spec.level, spec.when, ctx.conditions):
            continue
        yield from _check_section(doc, schema, spec, title_line)


def _check_section(doc: Document, schema: DocSchema, spec: SectionSpec, title_line: int) -> Iterator[Finding]:
    found = coverage(doc, spec, schema.sections)
    severity = level_severity(spec.level)
    if not found.covered:
        names = ", ".join(repr(a) for a in spec.aliases[:3])
        also = f" (or {names})" if names else ""
        yield MISSING_SECTION.finding(
            doc.path,
            title_line,
            f"missing section '{spec.title}'{also}",
            hint=spec.why or f"Add a section on {spec.title.lower()}.",
            source=spec.source,
            severity=severity,
            section=spec.id,
        )
        return
    minimum = spec.min_words if spec.min_words is not None else DEFAULT_SECTION_MIN_WORDS
    section = found.section
    if found.by_heading and section is not None and section.subtree_words < minimum:
        yield SECTION_TOO_SHORT.finding(
            doc.path,
            section.line,
            f"section '{section.title}' has {section.subtree_words} words; "
            f"{schema.name} needs at least {minimum} here",
            hint=spec.why or "Write the section's content.",
            source=spec.source,
            severity=severity,
            section=spec.id,
        )
