"""Required sections (topics), stub sections, and a document too short to be real."""

from __future__ import annotations

from collections.abc import Iterator

from gapcheck.catalog import DocSchema, SectionSpec
from gapcheck.checks._base import CheckContext, CodeInfo, applies, level_severity
from gapcheck.document import Document, Section
from gapcheck.matching import Coverage, coverage, heading_strength
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

TOPIC_IN_PASSING = CodeInfo(
    "GC305",
    "topic-in-passing",
    Severity.WARNING,
    "A required topic has no section of its own; it is only mentioned under another heading.",
    "The document gives most of its topics a heading, but this one is found only through its "
    "key terms inside a section about something else. That may be enough, or it may be a "
    "passing mention left after the real section was deleted: a reviewer should look. The "
    "finding points at the section where the topic was found.",
)

CODES = (MISSING_SECTION, SECTION_TOO_SHORT, DOCUMENT_TOO_SHORT, TOPIC_IN_PASSING)

# A document "uses headings for its topics" when at least this many required topics, and this
# share of the covered ones, have a heading of their own; only then is a heading-less topic odd.
STRUCTURED_MIN_HEADED = 3
STRUCTURED_SHARE = 0.6

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
    active = active_sections(schema, ctx)
    found = {spec.id: coverage(doc, spec, schema.sections) for spec in active}
    for spec in active:
        yield from _check_section(doc, schema, spec, found[spec.id], title_line)
    yield from _in_passing(doc, schema, active, found)


def active_sections(schema: DocSchema, ctx: CheckContext) -> list[SectionSpec]:
    """The schema's topics in force for this document: not disabled by the config, and applying
    under the declared conditions."""
    return [
        spec
        for spec in schema.sections
        if spec.id not in ctx.disabled_sections and applies(spec.level, spec.when, ctx.conditions)
    ]


def _in_passing(
    doc: Document, schema: DocSchema, active: list[SectionSpec], found: dict[str, Coverage]
) -> Iterator[Finding]:
    required = [spec for spec in active if spec.level != "recommended" and found[spec.id].covered]
    headed = sum(found[spec.id].by_heading for spec in required)
    if headed < STRUCTURED_MIN_HEADED or headed < STRUCTURED_SHARE * len(required):
        return
    for spec in required:
        where = found[spec.id]
        if where.by_heading or where.section is None or where.section.level <= 1:
            continue  # the introduction under the title is where some topics belong (acceptance)
        if _topic_heading(where.section, schema):
            continue  # under a sibling topic's heading ("Our Standards" giving unacceptable examples)
        under = f"'{where.section.title}'" if where.section.title else "the introduction"
        yield TOPIC_IN_PASSING.finding(
            doc.path,
            where.section.line,
            f"'{spec.title}' has no section of its own; it is only mentioned under {under}",
            hint="Give it a heading of its own if the mention is not the whole clause.",
            source=spec.source,
            section=spec.id,
        )


def _topic_heading(section: Section, schema: DocSchema) -> bool:
    return any(heading_strength(section, spec) for spec in schema.sections)


def _check_section(
    doc: Document, schema: DocSchema, spec: SectionSpec, found: Coverage, title_line: int
) -> Iterator[Finding]:
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
