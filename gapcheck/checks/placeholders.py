"""Template leftovers: `[COMPANY NAME]`, `{{ organization }}`, TBD, lorem ipsum, XX dates.

Inline code and fenced code blocks are not prose and are never scanned, so a
`{{ variable }}` in an example does not count. Build-time template syntax
(Liquid, Jinja, Hugo, ERB) is allowed when the configuration says the
repository uses a site generator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from gapcheck.catalog import DocSchema
from gapcheck.checks._base import CheckContext, CodeInfo
from gapcheck.document import Document
from gapcheck.model import Finding, Severity

PLACEHOLDER = CodeInfo(
    "GC402",
    "placeholder",
    Severity.ERROR,
    "Template text was left in the document.",
    "The document still contains a placeholder such as [COMPANY NAME], {{organization}}, TBD, "
    "TODO, lorem ipsum or a date like 2024-01-XX. A template is not a finished document. "
    "Look-alikes are left alone: code, task-list boxes, TODO as a status in a table that also "
    'says DONE, and a date format described as one ("in ISO 8601 format (YYYY-MM-DD)"). '
    "The list is configurable (`placeholders:` in the config).",
)

CODES = (PLACEHOLDER,)


@dataclass(frozen=True, slots=True)
class PlaceholderPattern:
    id: str
    pattern: str
    severity: Severity
    template_syntax: bool = False  # build-time syntax a site generator fills in


# Patterns follow the common template leftovers listed in the requirement catalogue
# (brackets, mustache, markers, masks) and are written here as regular expressions.
COMMON_PLACEHOLDERS: tuple[PlaceholderPattern, ...] = (
    PlaceholderPattern(
        "bracket-insert",
        r"(?i)\[(?:insert|your|company|organi[sz]ation|org|name|date|address|e-?mail|contact"
        r"|jurisdiction|state|country|product|service|url|link|phone|amount|number|tbd|todo"
        r"|x+|●|•)\b[^\]\n]{0,60}\](?!\()",
        Severity.ERROR,
    ),
    PlaceholderPattern("mustache", r"\{\{\s*[A-Za-z_][\w.\-]*\s*\}\}", Severity.ERROR, True),
    # "{{% note %}}" is a Hugo shortcode like "{{< note >}}", not a leftover tag.
    PlaceholderPattern("template-tag", r"(?<!\{)\{%.*?%\}(?!\})|<%=?.*?%>", Severity.ERROR, True),
    PlaceholderPattern("shell-variable", r"\$\{[A-Za-z_]\w*\}", Severity.ERROR),
    # "$VMTalias", "$PROJECT_NAME": a template variable left in prose. Common environment
    # variables that prose may name (HOME, PATH...) are not placeholders; money has digits.
    PlaceholderPattern(
        "dollar-variable",
        r"(?<![\w$])\$(?!(?:HOME|PATH|USER|PWD|SHELL|TERM|CI|EDITOR|LANG|TMPDIR)\b)[A-Z][A-Za-z_]{2,}\b",
        Severity.ERROR,
    ),
    PlaceholderPattern(
        "angle-insert", r"(?i)<(?:insert|your|company name|name here)[^>\n]*>", Severity.ERROR
    ),
    # "TODO items", "a TODO list" use the word as a noun; the marker stands alone.
    PlaceholderPattern(
        "todo-marker",
        r"\b(?:TODO(?!\s+(?:items?|lists?|comments?|markers?|entries)\b)|TBD|TBA|FIXME|XXX)\b",
        Severity.ERROR,
    ),
    PlaceholderPattern("lorem-ipsum", r"(?i)\blorem ipsum\b", Severity.ERROR),
    PlaceholderPattern(
        "date-mask",
        r"\b(?:YYYY-MM-DD|MM/DD/YYYY|DD/MM/YYYY|Month Day, Year|\d{4}-(?:\d{2}|XX)-XX|\d{4}-XX-\d{2})\b",
        Severity.ERROR,
    ),
    PlaceholderPattern(
        "x-number",
        r"(?i)(?<![\w.])(?:\d+\.X{1,3}|X{1,3})\s?(?:%|percent\b|days?\b|hours?\b|months?\b|years?\b|minutes?\b)",
        Severity.ERROR,
    ),
    PlaceholderPattern("question-marks", r"(?<![?\w])\?\?+(?![?\w])|\?mins\b", Severity.WARNING),
    PlaceholderPattern("fill-in-blank", r"_{4,}", Severity.WARNING),
    PlaceholderPattern(
        "generic-name",
        r"(?i)\b(?:your company name|company name here|insert here|acme (?:corp|inc)\b)",
        Severity.WARNING,
    ),
    PlaceholderPattern("empty-link", r"\]\(\s*#?\s*\)", Severity.WARNING),
    PlaceholderPattern(
        "template-instruction",
        r"(?i)\b(?:delete this (?:text|section|line)|remove (?:this|before publishing)"
        r"|replace this (?:text|section|with))\b",
        Severity.ERROR,
    ),
)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def active_patterns(schema: DocSchema, ctx: CheckContext) -> list[PlaceholderPattern]:
    patterns = [
        p
        for p in COMMON_PLACEHOLDERS
        if p.id not in ctx.placeholder_remove and not (ctx.template_syntax and p.template_syntax)
    ]
    patterns += [
        PlaceholderPattern(f"{schema.id}-{n}", pattern, Severity.ERROR)
        for n, pattern in enumerate(schema.placeholders, start=1)
    ]
    patterns += [
        PlaceholderPattern(f"config-{n}", pattern, Severity.ERROR)
        for n, pattern in enumerate(ctx.placeholder_add, start=1)
    ]
    return patterns


# "- [ ]" and "- [x]" open a task-list item; they are not "[X]" placeholders.
_TASK_MARKER_RE = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)\[[ xX]\]")


# Front-matter keys that only a static-site generator reads: Jekyll and Eleventy (`layout`,
# `permalink`, `redirect_from`), Hugo (`weight`), Docusaurus (`sidebar_position`,
# `sidebar_label`), Just the Docs (`nav_order`).
_SITE_PAGE_KEYS = (
    "layout",
    "permalink",
    "redirect_from",
    "weight",
    "sidebar_position",
    "sidebar_label",
    "nav_order",
)
_SITE_PAGE_HINT = (
    "The front matter names a site layout, so this is probably filled in at build time; "
    "set `template_syntax: true` in the config if so, or replace it."
)


def site_page(doc: Document) -> bool:
    """A page with `layout:` goes through a site generator, which fills `{{ }}` at build time."""
    front = doc.front_matter or {}
    return any(front.get(key) for key in _SITE_PAGE_KEYS)


# A table row: "| a | b |" or "a | b" (a pipe table needs a pipe on every row).
_TABLE_ROW_RE = re.compile(r"^\s*\|.*\||^[^|]+\|[^|]")
_DONE_RE = re.compile(r"\bDONE\b")


def status_tables(doc: Document) -> bool:
    """Tables that mark rows DONE use TODO as a status ("Bug 123 TODO"), not as a leftover."""
    return any(_TABLE_ROW_RE.search(line) and _DONE_RE.search(line) for _, line in doc.prose_lines)


def _todo_status_cell(placeholder: PlaceholderPattern, match: re.Match[str], line: str) -> bool:
    return placeholder.id == "todo-marker" and match.group(0) == "TODO" and bool(_TABLE_ROW_RE.search(line))


# "Dates are written in ISO 8601 format (YYYY-MM-DD)" describes a format; it is not a blank.
# Only the pure masks qualify: "2024-01-XX" is a real date left unfinished wherever it stands.
_FORMAT_MASKS = frozenset({"YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY"})
_FORMAT_CONTEXT_RE = re.compile(
    r"(?i)\b(?:format(?:s|ted)?|ISO[ -]?8601|RFC ?3339|written as|in the form|notation|pattern)\b[^.;]{0,40}$"
)


def _format_description(placeholder: PlaceholderPattern, match: re.Match[str], line: str) -> bool:
    if placeholder.id != "date-mask" or match.group(0) not in _FORMAT_MASKS:
        return False
    return bool(_FORMAT_CONTEXT_RE.search(line[: match.start()]))


def check(doc: Document, schema: DocSchema, ctx: CheckContext) -> Iterator[Finding]:
    patterns = active_patterns(schema, ctx)
    probably_built = site_page(doc)
    todo_is_status = status_tables(doc)
    for number, raw in doc.prose_lines:
        line = _TASK_MARKER_RE.sub(r"\1   ", raw)
        for placeholder in patterns:
            match = _compiled(placeholder.pattern).search(line)
            if match and todo_is_status and _todo_status_cell(placeholder, match, line):
                continue
            if match and _format_description(placeholder, match, line):
                continue
            if match:
                # On a site page, template syntax is reported but does not fail the document.
                built = probably_built and placeholder.template_syntax
                yield PLACEHOLDER.finding(
                    doc.path,
                    number,
                    f"placeholder left in: {match.group(0).strip()[:60]!r}",
                    hint=_SITE_PAGE_HINT if built else "Replace the template text with the real content.",
                    source=f"placeholder pattern {placeholder.id}",
                    severity=Severity.WARNING if built else placeholder.severity,
                )
                break
