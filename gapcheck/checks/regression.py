"""Regressions against the base revision: a topic that had a section of its own and lost it.

A single document cannot show that it lost a section: after "Termination" is
deleted, "we may terminate your account" under "Your Account" may still cover
the topic by its key terms. Only the previous version shows it. This check
needs two documents, so it is not one of the `DOCUMENT_CHECKS`; the engine
runs it for documents that changed since the `--changed` base.
"""

from __future__ import annotations

from collections.abc import Iterator

from gapcheck.catalog import DocSchema, SectionSpec
from gapcheck.checks._base import CheckContext, CodeInfo
from gapcheck.checks.sections import active_sections
from gapcheck.document import Document, Section
from gapcheck.matching import coverage
from gapcheck.model import Finding, Severity

SECTION_REMOVED = CodeInfo(
    "GC306",
    "section-removed",
    Severity.ERROR,
    "A required topic had a section of its own at the base revision and now has none.",
    "With `gapcheck check --changed`, each changed document is also compared with its version "
    "at the base revision (the commit where the branch left `--base`, by default HEAD). A "
    "required topic whose heading (its title or an alias) was there, but which is now found "
    "only through its key terms under another heading, is reported: its section was deleted "
    'or merged away, and a passing mention elsewhere ("we may terminate your account" under '
    "'Your Account') hides that from the single-document checks. The finding sits on the "
    "heading under which the topic is now mentioned. Not reported: a topic that vanished "
    "entirely (that is GC301 missing-section), a heading renamed to another accepted name, "
    "recommended topics, and documents that did not exist at the base. If the merge or "
    "removal is intended, suppress the finding like any other: "
    "`<!-- gapcheck-disable-next-line section-removed -->` above that heading, front matter "
    "`gapcheck: {ignore: [GC306]}`, a config `ignore:` entry, or the baseline.",
)

CODES = (SECTION_REMOVED,)


def removed_sections(
    base: Document, doc: Document, schema: DocSchema, ctx: CheckContext
) -> Iterator[Finding]:
    """Required topics BASE gave a heading that DOC covers only by key terms under another one."""
    for spec in active_sections(schema, ctx):
        if spec.level == "recommended":
            continue
        before = coverage(base, spec, schema.sections)
        if not before.by_heading or before.section is None:
            continue
        now = coverage(doc, spec, schema.sections)
        if now.by_heading or now.section is None:
            continue  # still headed, or gone entirely: GC301 reports that
        yield _finding(doc, spec, before.section, now.section)


def _finding(doc: Document, spec: SectionSpec, was: Section, now: Section) -> Finding:
    under = f"'{now.title}'" if now.title else "the introduction"
    return SECTION_REMOVED.finding(
        doc.path,
        now.line,
        f"'{spec.title}' had its own section ('{was.title}', line {was.line} in the base revision) "
        f"and now has none; it is only mentioned under {under}",
        hint=f"Give '{spec.title}' a heading again. If the merge or removal is intended, suppress "
        "GC306: `<!-- gapcheck-disable-next-line section-removed -->` above this line, front "
        "matter `gapcheck: {ignore: [GC306]}`, or a config `ignore:` entry.",
        source=spec.source,
        section=spec.id,
    )
