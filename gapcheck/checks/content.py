"""Schema rules over the text: required and forbidden patterns, tables, links, code blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import cache

from gapcheck.catalog import DocSchema, RuleSpec
from gapcheck.checks._base import CheckContext, CodeInfo, applies, level_severity
from gapcheck.document import Document, Section
from gapcheck.matching import covering_sections, key_terms_present
from gapcheck.model import Finding, Severity

MISSING_TERM = CodeInfo(
    "GC401",
    "missing-term",
    Severity.ERROR,
    "Something the document type must state is not there.",
    "A schema rule requires a pattern, a link or a code block in the document or in one of "
    "its sections (e.g. a numeric uptime in an SLA, a contact address in a code of conduct). "
    'Standard terms that name an order form or cover page ("the Target Uptime stated in the '
    'Order Form") may leave such a value to it: for the rules marked deferrable, a miss in '
    "those documents is a warning that asks you to check the value is set there.",
)
FORBIDDEN_TEXT = CodeInfo(
    "GC404",
    "forbidden-text",
    Severity.ERROR,
    "The document says something a complete document of its type must not.",
    "A schema rule forbids a pattern, e.g. an outdated header syntax or 'indefinitely' with no reason.",
)
MISSING_TABLE = CodeInfo(
    "GC304",
    "missing-table",
    Severity.ERROR,
    "A required table, or a table with the required columns, is missing.",
    "The schema asks for a table (e.g. a retention schedule, a service-credit table) whose "
    "header names the required columns.",
)

CODES = (MISSING_TERM, FORBIDDEN_TEXT, MISSING_TABLE)

_LINK_RE = re.compile(r"https?://|mailto:|\]\([^)]+\)|[\w.+-]+@[\w-]+\.[\w.-]+", re.IGNORECASE)


def check(doc: Document, schema: DocSchema, ctx: CheckContext) -> Iterator[Finding]:
    companion = values_document(doc) if any(rule.deferrable for rule in schema.rules) else None
    for rule in schema.rules:
        if not applies(rule.level, rule.when, ctx.conditions):
            continue
        scopes = _scopes(doc, schema, rule)
        if scopes:  # none: the section itself is missing, which the section check reports once
            yield from _run_rule(doc, rule, scopes, companion if rule.deferrable else None)


# Standard terms (Common Paper, Bonterms and most B2B agreements) fill their variables - the
# uptime target, the governing law - on a signed order form or cover page, named as a defined term.
_COMPANION_RE = re.compile(r"\b(Order Form|Cover Page|Key Terms|Statement of Work|Service Order)s?\b")


def values_document(doc: Document) -> str | None:
    """The order form or cover page the document leaves its values to, if it names one."""
    for _, text in doc.visible_in(None):
        found = _COMPANION_RE.search(text)
        if found:
            return found.group(1)
    return None


def _scopes(doc: Document, schema: DocSchema, rule: RuleSpec) -> list[Section | None]:
    """Where a rule looks: [None] for the whole document, else every section covering its topic."""
    if not rule.scope.startswith("section:"):
        return [None]
    spec = schema.section(rule.scope[len("section:") :])
    if spec is None:
        return [None]
    return list(covering_sections(doc, spec, schema.sections))


# Addresses published as "privacy[at]example[dot]com" against scrapers are still addresses.
_OBFUSCATED_AT_RE = re.compile(r"\s?[\[({]\s?at\s?[\])}]\s?", re.IGNORECASE)
_OBFUSCATED_DOT_RE = re.compile(r"\s?[\[({]\s?dot\s?[\])}]\s?", re.IGNORECASE)


def _scope_text(doc: Document, scope: Section | None) -> str:
    """What the reader sees in scope, code included: a rule may be met by `429` or a header example."""
    text = "\n".join(line for _, line in doc.visible_in(scope))
    return _OBFUSCATED_DOT_RE.sub(".", _OBFUSCATED_AT_RE.sub("@", text))


def _run_rule(
    doc: Document, rule: RuleSpec, scopes: Sequence[Section | None], companion: str | None = None
) -> Iterator[Finding]:
    severity = Severity.WARNING if companion else level_severity(rule.level)
    if rule.check == "regex_absent":
        for scope in scopes:
            yield from _forbidden(doc, rule, scope, severity)
        return
    if any(_satisfied(doc, rule, scope) for scope in scopes):
        return
    first = scopes[0]
    info = MISSING_TABLE if rule.check == "table_present" else MISSING_TERM
    deferred = ""
    if companion:
        deferred = f" These terms leave their values to the {companion}: check the value is set there."
    yield info.finding(
        doc.path,
        first.line if first is not None else 1,
        rule.message + deferred,
        hint=rule.hint,
        source=rule.source,
        severity=severity,
        section=rule.scope[len("section:") :] if first is not None else None,
    )


def _satisfied(doc: Document, rule: RuleSpec, scope: Section | None) -> bool:
    if rule.check == "regex_present":
        return _regex(rule.pattern or "").search(_scope_text(doc, scope)) is not None
    if rule.check == "link_present":
        in_scope = [link for link in doc.links if _inside(link.line, scope)]
        return bool(in_scope) or _LINK_RE.search(_scope_text(doc, scope)) is not None
    if rule.check == "code_block_present":
        return any(_inside(number, scope) for number in doc.code_block_lines)
    if rule.check == "table_present":
        tables = [table for table in doc.tables if _inside(table.line, scope)]
        if not rule.columns:
            return bool(tables)
        return any(key_terms_present(" | ".join(t.header), rule.columns) for t in tables)
    return True


def _forbidden(doc: Document, rule: RuleSpec, scope: Section | None, severity: Severity) -> Iterator[Finding]:
    pattern = _regex(rule.pattern or "")
    for number, text in doc.visible_in(scope):
        if pattern.search(text):
            yield FORBIDDEN_TEXT.finding(
                doc.path,
                number,
                rule.message,
                hint=rule.hint,
                source=rule.source,
                severity=severity,
            )
            return


def _inside(line: int, scope: Section | None) -> bool:
    return scope is None or scope.line <= line <= scope.end_line


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)
