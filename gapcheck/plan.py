"""Markdown plan -> Plan: requirements (paths), tasks (no path), metrics and plan lint.

Structure comes from markdown-it-py tokens (headings, lists, tables, code spans);
regexes only ever look at the text of one inline token. Lines are 1-based and
count the front matter, so they are the lines an editor shows.

Context. Every heading opens a scope. If the first heading is the only one at
the top level it is the title; the next heading level is the *phase*, the one
below it the *section*. A scope takes its priority, owner and due date from
field lines in its paragraphs or list items (`**Priority:** 🔴 CRITICAL`,
`Priority: High`, `**Priority**: high`, `Priority — Medium`), from a two-column
key/value table, or from its heading text (`## High priority`, `## P1`). Inner
scopes win; a section without its own priority inherits the phase's, and as a
last resort a table with Phase and Priority columns (a "Timeline Summary").

Which lists hold tasks. A heading that names a non-task block (Resource
Requirements, Next Steps, Risk Mitigation, Timeline, Conclusion, References,
Deliverables, Dependencies, ...) makes its whole scope inert; a heading named
Success Metrics (Metrics, KPIs, Success criteria) makes its list items Metrics.
Anywhere else a list is a task list when the paragraph right before it is a
task label (`**Tasks:**`, `Action items:`, `To do:`, `Checklist:`), or when that
paragraph is not a label for something else (`**Deliverables:**`,
`**Dependencies:**`, `Risks:`, `Notes:` ...) and some item of the list, nested
ones included, names a path in a code span or starts with a `[ ]`/`[x]` box.
Nested lists inherit their parent's kind. In a task list each path-like code
span of an item is a Requirement; an item with no path is a Task, unless it
merely groups nested items that carry paths. Unlabelled lists with neither
paths nor boxes (prose bullets) are not tasks.

Tables. A table with a Path/File/Location or a Document/Title/Name/Task column
lists work: a row with a path is a Requirement, a row without one a Task.

Front matter. `requirements:` entries (path, title, priority, type, owner, due,
phase, section, status) become Requirements; `type` becomes doc_type. With a
`start_date`, a requirement under "Week 5-6" or "Month 4" is due at the end of
that week or month, unless a due date is given.

Claims. An item claims to be done when it carries a check mark (✅ ✔ ☑ ✓)
followed by any word (`✅ Created`, `✅ Done`, and `✅ Referenced` too: the mark
is the author's assertion, and a wrong claim costs a finding, while a missed one
would hide an unverified assertion), a `[x]` box, or a trailing status word set
off by punctuation or capitals (`- Done`, `(completed)`, `CREATED`). `⏳ Pending`,
`❌`, `[ ]` are not claims. Text that arrives as mojibake (UTF-8 read as Mac
Roman or Windows-1252, `‚úÖ`) is repaired first, so claim_text is proper UTF-8.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gapcheck.dates import period_end
from gapcheck.model import (
    Finding,
    Metric,
    Origin,
    PathKind,
    Plan,
    Priority,
    Requirement,
    Severity,
    Task,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["PlanError", "load_plan", "parse_plan"]


class PlanError(Exception):
    """A plan that cannot be read at all (I/O error, binary file)."""

    def __init__(self, message: str, path: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


def load_plan(file: Path, display_path: str) -> Plan:
    """Read a plan file (UTF-8, undecodable bytes replaced) and parse it."""
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise PlanError(f"cannot read the plan: {exc.strerror or exc}", display_path) from exc
    # NUL bytes mean a binary file (or UTF-16): parsing it would only yield noise.
    if b"\x00" in data[:8192]:
        raise PlanError("not a UTF-8 text file (it contains NUL bytes)", display_path)
    return parse_plan(data.decode("utf-8-sig", errors="replace"), display_path)


def parse_plan(text: str, path: str) -> Plan:
    """Parse plan text; `path` is the repo-relative posix path recorded in Origins."""
    text = text.removeprefix("\ufeff")
    tokens = _markdown().parse(text)
    builder = _Builder(path, _heading_levels(tokens))
    builder.walk(tokens)
    if not any(tok.type == "front_matter" for tok in tokens[:1]):
        builder.check_unclosed_front_matter(text)
    return builder.finish()


_MD: MarkdownIt | None = None


def _markdown() -> MarkdownIt:
    global _MD  # one parser, built on first use: start-up time matters for hooks
    if _MD is None:
        from markdown_it import MarkdownIt
        from mdit_py_plugins.front_matter import front_matter_plugin

        _MD = MarkdownIt("commonmark").enable("table").use(front_matter_plugin)
    return _MD


# --- plan lint codes (kept in step with gapcheck/checks/plan_lint.py by a test) ---

_RULES: dict[str, tuple[str, Severity]] = {
    "GC601": ("plan-placeholder-date", Severity.WARNING),
    "GC602": ("plan-duplicate-path", Severity.WARNING),
    "GC603": ("plan-path-outside-root", Severity.ERROR),
    "GC604": ("plan-task-without-path", Severity.INFO),
    "GC605": ("plan-section-without-priority", Severity.WARNING),
    "GC606": ("plan-invalid-front-matter", Severity.ERROR),
}


# --- text helpers ---

_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Mac Roman or Windows-1252 (`‚úÖ` -> `✅`)."""
    if text.isascii():
        return text
    return _NON_ASCII_RUN.sub(_repair_run, text)


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    for raw in (_encode(run, "mac_roman"), _encode_windows(run)):
        if raw is None:
            continue
        try:
            fixed = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if _plausible_repair(fixed):
            return fixed
    return run


def _encode(run: str, codec: str) -> bytes | None:
    try:
        return run.encode(codec)
    except UnicodeEncodeError:
        return None


def _encode_windows(run: str) -> bytes | None:
    # Windows-1252 leaves five bytes undefined; decoders pass them through as Latin-1.
    out = bytearray()
    for char in run:
        raw = _encode(char, "cp1252") or _encode(char, "latin-1")
        if raw is None:
            return None
        out += raw
    return bytes(out)


def _plausible_repair(fixed: str) -> bool:
    # Symbols and emoji (3-4 byte UTF-8) or accented Latin letters: what mojibake hides.
    # Anything else (Cyrillic, combining marks) is more likely legitimate text by chance.
    return all(ord(c) >= 0x800 or 0xA0 <= ord(c) <= 0x17F for c in fixed)


def _norm(text: str) -> str:
    """Lower-case words only: `**Next-Steps:**` -> `next steps`."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass
class _Inline:
    """The plain text of one inline token, with path-like code spans taken out."""

    text: str
    paths: list[tuple[str, int]] = field(default_factory=list)  # (raw path, line offset)


def _plain(inline: Token | None, take_paths: bool = False) -> _Inline:
    if inline is None:
        return _Inline("")
    parts: list[str] = []
    paths: list[tuple[str, int]] = []
    offset = 0
    for child in inline.children or ():
        if child.type == "text":
            parts.append(_repair_mojibake(child.content))
        elif child.type == "code_inline":
            if take_paths and _looks_like_path(child.content):
                paths.append((child.content.strip(), offset))
                parts.append(_PATH_MARK)
            else:
                parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
            offset += 1
        elif child.type == "image":
            parts.append(_repair_mojibake(child.content))
    return _Inline("".join(parts), paths)


# --- paths ---

_PATH_MARK = "\x00"  # where a path was taken out of the text (markdown-it turns NUL into U+FFFD)

_DOC_EXTENSIONS = frozenset(
    [
        "md",
        "markdown",
        "mdx",
        "rst",
        "txt",
        "adoc",
        "asciidoc",
        "org",
        "html",
        "htm",
        "pdf",
        "doc",
        "docx",
        "odt",
        "rtf",
        "pptx",
        "xlsx",
        "yaml",
        "yml",
        "json",
        "toml",
        "ini",
        "cfg",
        "conf",
        "csv",
        "tsv",
        "xml",
        "py",
        "js",
        "ts",
        "tsx",
        "jsx",
        "sh",
        "go",
        "rs",
        "java",
        "rb",
        "tf",
        "hcl",
        "sql",
        "svg",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "drawio",
        "puml",
        "mmd",
        "ipynb",
        "lock",
        "env",
        "example",
        "tpl",
        "j2",
        "txt",
    ]
)
_EXTENSIONLESS = frozenset(
    ["LICENSE", "LICENCE", "NOTICE", "CODEOWNERS", "AUTHORS", "CONTRIBUTORS", "COPYING", "PATENTS"]
)
_NOT_IN_PATHS = frozenset("=<>|;&$\"'`(){},@!%^#")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_NAME_WITH_EXT = re.compile(r"^[\w*?\[\].-]*\.([A-Za-z0-9]{1,10})$")
_DOTFILE = re.compile(r"^\.[a-z0-9][\w.-]*$")


def _looks_like_path(span: str) -> bool:
    """Whether a code span names a repository path (not a URL, command, flag or identifier)."""
    text = span.strip()
    if not text or len(text) > 400 or any(c.isspace() or c in _NOT_IN_PATHS for c in text):
        return False
    if text.startswith(("-", "www.")) or (":" in text and not _DRIVE.match(text)):
        return False  # flags, URLs, host:port, key: value
    if not any(c.isalpha() for c in text):
        return False  # 24/7, 1.2.3
    text = text.replace("\\", "/")
    if text.startswith("/"):
        # /health is a route; /etc/passwd or /docs/x.md is a path (outside the root).
        return text.count("/") >= 2 or _has_extension(text)
    if "/" in text:
        return True
    return _has_extension(text) or bool(_DOTFILE.match(text)) or text in _EXTENSIONLESS


def _has_extension(text: str) -> bool:
    match = _NAME_WITH_EXT.match(text.rsplit("/", 1)[-1])
    return match is not None and match[1].lower() in _DOC_EXTENSIONS


def _normalise_path(raw: str) -> tuple[str, bool]:
    """Repo-relative posix form of a planned path, and whether it leaves the repository."""
    path = raw.strip().replace("\\", "/")
    if path.startswith(("/", "~")) or _DRIVE.match(path):
        return path, True
    while path.startswith("./"):
        path = path[2:]
    parts = path.split("/")
    if ".." in parts or "." in parts or "" in parts[:-1]:
        trailing = "/" if path.endswith("/") else ""
        path = posixpath.normpath(path)
        if path == ".." or path.startswith("../"):
            return raw.strip(), True
        path = path + trailing if path != "." else "./"
    return path, False


def _path_kind(path: str) -> PathKind:
    if any(c in path for c in "*?["):
        return PathKind.GLOB
    return PathKind.DIRECTORY if path.endswith("/") else PathKind.FILE


# --- priorities, fields, dates ---

_PRIORITY_WORD = re.compile(r"\b(critical|high|medium|med|low|p[0-3])\b", re.IGNORECASE)
_PRIORITY_BY_WORD = {
    "critical": Priority.CRITICAL,
    "p0": Priority.CRITICAL,
    "high": Priority.HIGH,
    "p1": Priority.HIGH,
    "medium": Priority.MEDIUM,
    "med": Priority.MEDIUM,
    "p2": Priority.MEDIUM,
    "low": Priority.LOW,
    "p3": Priority.LOW,
}


def _parse_priority(value: str) -> Priority | None:
    """The first priority word in a value; emoji and other junk around it are ignored."""
    match = _PRIORITY_WORD.search(value)
    return _PRIORITY_BY_WORD[match[1].lower()] if match else None


_HEADING_PRIORITY = re.compile(
    r"\b(critical|high|medium|low)\s+priority\b|\bpriority\s*[:=—–-]?\s*(critical|high|medium|low)\b"
    r"|[(\[]\s*(critical|high|medium|low|p[0-3])\s*[)\]]|^\s*(critical|high|medium|low|p[0-3])\s*$",
    re.IGNORECASE,
)


def _heading_priority(title: str) -> Priority | None:
    match = _HEADING_PRIORITY.search(title)
    word = next((g for g in match.groups() if g), None) if match else None
    return _PRIORITY_BY_WORD[word.lower()] if word else None


_FIELD_LINE = re.compile(
    r"^\s*(?P<key>[A-Za-z][A-Za-z /]{0,40}?)\s*(?::|[—–]|\s-{1,2}\s)\s*(?P<value>.*?)\s*$"
)
# Words for the same field, shared by "Key: value" lines and table headers.
_PRIORITY_OWNER_DUE_KEYS = {
    "priority": "priority",
    "prio": "priority",
    "owner": "owner",
    "owners": "owner",
    "responsible": "owner",
    "assignee": "owner",
    "dri": "owner",
    "due": "due",
    "due date": "due",
    "deadline": "due",
    "target date": "due",
}
_FIELD_KEYS = {
    **_PRIORITY_OWNER_DUE_KEYS,
    "date": "date",
    "start date": "date",
    "last updated": "date",
    "updated": "date",
    "review date": "date",
    "effective date": "date",
}


def _field(line: str) -> tuple[str, str] | None:
    """`**Priority:** 🔴 CRITICAL` (as plain text) -> ("priority", "🔴 CRITICAL")."""
    match = _FIELD_LINE.match(line)
    if not match:
        return None
    kind = _FIELD_KEYS.get(_norm(match["key"]))
    return (kind, match["value"]) if kind else None


_PLACEHOLDER_DATE = re.compile(
    r"\b(?:TBD|TBA|TBC)\b|\?\?|[<\[{]\s*date\s*[>\]}]|to be (?:determined|decided|confirmed)"
    r"|(?=[\dXYMD/.-]*[XYMD])\b[\dXYMD]{1,4}(?:[-/.][\dXYMD]{1,4}){2}\b",
    re.IGNORECASE,
)


def _is_placeholder_date(value: str) -> bool:
    return bool(_PLACEHOLDER_DATE.search(value))


_ISO_DATE = re.compile(r"\b(\d{4}-\d{2}-\d{2})\b")


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _ISO_DATE.search(value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match[1])
    except ValueError:
        return None


# --- claims and titles ---

_CHECKBOX = re.compile(r"^\s*\[([ xX])\]\s*")
_CLAIM_MARK = re.compile(r"(?P<mark>[✅✔☑✓])\ufe0f?(?:[ \t]*(?P<word>[A-Za-z][A-Za-z-]*))?")
_CLAIM_WORDS = r"done|complete|completed|created|finished"
_CLAIM_AFTER_SEPARATOR = re.compile(
    rf"(?:\bstatus\s*[:=]|(?:^|\s)[-—–]|[:|(\[])\s*(?P<word>{_CLAIM_WORDS})\s*[)\]]?\s*[.!]?\s*$",
    re.IGNORECASE,
)
_CLAIM_CAPITALS = re.compile(r"\b(?P<word>DONE|COMPLETED?|CREATED|FINISHED)\s*[.!]?\s*$")
_NOT_A_CLAIM_MARK = re.compile(r"[⏳⌛❌✗✘🚧⬜🔲]")
_CLAIM_AFTER_JUNK = re.compile(rf"[^\x00-\x7f]+\s*(?P<word>{_CLAIM_WORDS}|referenced)\s*$", re.IGNORECASE)


def _take_claim(text: str) -> tuple[str | None, str]:
    """The claim marker of an item (proper UTF-8) and the text without it."""
    for pattern in (_CLAIM_MARK, _CLAIM_AFTER_SEPARATOR, _CLAIM_CAPITALS):
        match = pattern.search(text)
        if match:
            return _claim_text(match), text[: match.start()] + text[match.end() :]
    # A mark mangled past repair (`� Created`) still claims, unless it is a known non-claim.
    match = _CLAIM_AFTER_JUNK.search(text)
    if match and not _NOT_A_CLAIM_MARK.search(text):
        return match["word"], text[: match.start()]
    return None, text


def _claim_text(match: re.Match[str]) -> str:
    groups = match.groupdict()
    word = groups.get("word")
    mark = groups.get("mark")
    if mark:
        return f"{mark} {word}" if word else mark
    return word or match.group().strip()


_STATUS_WORD = re.compile(r"^\W*(done|complete|completed|created|finished|yes|y|true)\b", re.IGNORECASE)


def _status_claim(text: str) -> str | None:
    """Whether a status cell ("Done", "✅ Complete", "Yes", "[x]") claims the work is done."""
    cell = _repair_mojibake(text).strip()
    box = _CHECKBOX.match(cell)
    if _CLAIM_MARK.search(cell) or (box and box[1] in "xX"):
        return cell
    return cell if _STATUS_WORD.match(cell) else None


_INLINE_PRIORITY = re.compile(
    r"[(\[]\s*(?:priority\s*[:=]\s*)?(critical|high|medium|low|p[0-3])\s*[)\]]"
    r"|\bpriority\s*[:=]\s*(critical|high|medium|low|p[0-3])\b",
    re.IGNORECASE,
)
_INLINE_OWNER = re.compile(r"[(\[]\s*owner\s*[:=]\s*([^)\]]+?)\s*[)\]]", re.IGNORECASE)
_INLINE_DUE = re.compile(r"[(\[]?\s*\bdue\s*[:=]?\s*(\d{4}-\d{2}-\d{2})\s*[)\]]?", re.IGNORECASE)


@dataclass
class _ItemTags:
    priority: Priority | None = None
    owner: str | None = None
    due: dt.date | None = None


def _take_tags(text: str) -> tuple[_ItemTags, str]:
    """Inline `(priority: high)`, `[P1]`, `(owner: Legal)`, `due: 2026-03-01` of one item."""
    tags = _ItemTags()
    match = _INLINE_PRIORITY.search(text)
    if match:
        tags.priority = _parse_priority(match[1] or match[2])
        text = text[: match.start()] + text[match.end() :]
    match = _INLINE_OWNER.search(text)
    if match:
        tags.owner = match[1]
        text = text[: match.start()] + text[match.end() :]
    match = _INLINE_DUE.search(text)
    if match:
        tags.due = _as_date(match[1])
        text = text[: match.start()] + text[match.end() :]
    return tags, text


_SYMBOLS = "\u2190-\u2bff\u2600-\u27bf\ufe0f\uf8ff\ufffd\U0001f000-\U0001faff"
_TRAILING_STATUS = re.compile(
    rf"\s*[{_SYMBOLS}]+\s*(?:pending|in progress|todo|to do|not started|blocked|wip|planned"
    r"|open|draft|started|review|in review)?\s*$",
    re.IGNORECASE,
)
_LEADING_SYMBOLS = re.compile(rf"^[\s{_SYMBOLS}]+")
# Brackets that held only the paths taken out: "Create Terms (`legal/TERMS.md`)".
_PATH_BRACKETS = re.compile(r"[(\[](?:[\s,;/]|and|or|\x00)*\x00(?:[\s,;/]|and|or|\x00)*[)\]]")


def _clean_title(text: str) -> str:
    """Task text without numbering, status markers, empty brackets or stray punctuation."""
    text = _TRAILING_STATUS.sub("", text)
    text = _LEADING_SYMBOLS.sub("", text)
    text = _PATH_BRACKETS.sub("", text).replace(_PATH_MARK, " ")
    text = re.sub(r"^\s*\d+[.)]\s+", "", text)
    text = " ".join(text.split())
    return text.strip(" \t:;,-—–|*_")


_DOC_LIKE = re.compile(
    r"^\s*(?:create|write|draft|prepare|produce|author|add|publish|document)\b.*\b(?:"
    r"checklists?|polic(?:y|ies)|guides?|guidelines|templates?|docs|documentation|frameworks?"
    r"|agreements?|handbooks?|manuals?|runbooks?|playbooks?|procedures?|processe?s?|plans?"
    r"|assessments?|reports?|charters?|notices?|statements?|standards?|matrix|registers?"
    r"|personas|analysis|strategy|specifications?|specs?|readme|faq|glossary)\b",
    re.IGNORECASE,
)


# --- headings, labels and table columns ---

_METRIC_HEADINGS = frozenset(
    ["success metrics", "metrics", "kpis", "key metrics", "success criteria", "key results"]
)
_OTHER_HEADINGS = frozenset(
    [
        "resource requirements",
        "resources",
        "resourcing",
        "next steps",
        "risk mitigation",
        "risks",
        "risk register",
        "timeline",
        "timeline summary",
        "timeline overview",
        "schedule",
        "conclusion",
        "conclusions",
        "summary",
        "executive summary",
        "references",
        "glossary",
        "dependencies",
        "deliverables",
        "assumptions",
        "budget",
        "costs",
        "open questions",
        "out of scope",
        "non goals",
        "revision history",
        "changelog",
        "change log",
        "notes",
        "background",
        "context",
        "overview",
        "introduction",
        "contents",
        "table of contents",
    ]
)
_TASK_LABELS = (
    "task",
    "action item",
    "actions",
    "todo",
    "to do",
    "checklist",
    "work item",
    "documents",
    "required documents",
    "docs to",
)
_OTHER_LABELS = [
    "deliverable",
    "dependenc",
    "outcome",
    "success",
    "acceptance",
    "risk",
    "mitigation",
    "contingenc",
    "resource",
    "note",
    "assumption",
    "reference",
    "link",
    "see",
    "also",
    "next",
    "step",
    "metric",
    "kpi",
    "budget",
    "effort",
    "team",
    "stakeholder",
    "example",
    "benefit",
    "goal",
    "objective",
    "result",
    "background",
    "context",
    "out",
    "of",
    "scope",
    "non",
    "goal",
    "question",
]

_Role = Literal["normal", "other", "metrics"]
_ListKind = Literal["task", "metric", "other", "plain"]


def _heading_role(title: str) -> _Role:
    key = _norm(re.sub(r"^\s*[\d.]+\s*", "", title))
    if key in _METRIC_HEADINGS:
        return "metrics"
    if key in _OTHER_HEADINGS or key.startswith("appendix"):
        return "other"
    return "normal"


def _label_kind(line: str) -> _ListKind | None:
    """`Tasks:` -> task; `Deliverables:` or `Dependencies: legal review` -> other."""
    match = _FIELD_LINE.match(line)
    if match:
        key = _norm(match["key"])
    elif len(line.split()) <= 4:
        key = _norm(line)
    else:
        return None
    if any(key.startswith(label) for label in _OTHER_LABELS):
        return "other"
    if any(key.startswith(label) for label in _TASK_LABELS):
        return "task"
    return None


_COLUMN_ROLES = {
    "document": "title",
    "doc": "title",
    "title": "title",
    "name": "title",
    "task": "title",
    "item": "title",
    "requirement": "title",
    "deliverable": "title",
    "path": "path",
    "file": "path",
    "files": "path",
    "filename": "path",
    "file name": "path",
    "file path": "path",
    "filepath": "path",
    "location": "path",
    **_PRIORITY_OWNER_DUE_KEYS,
    "status": "status",
    "state": "status",
    "done": "status",
    "type": "type",
    "doc type": "type",
    "document type": "type",
    "phase": "phase",
}


def _column_roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _norm(name)
        role = _COLUMN_ROLES.get(key) or _COLUMN_ROLES.get(key.split(" ")[0] if key else "")
        if role and role not in roles:
            roles[role] = index
    return roles


_PHASE_ID = re.compile(r"\b(phase|stage|milestone|step|week|month)s?\s*(\d+)", re.IGNORECASE)


def _phase_key(text: str) -> str:
    match = _PHASE_ID.search(text)
    return f"{match[1].lower()} {match[2]}" if match else _norm(text.split("(")[0])


# --- token navigation ---


@dataclass(frozen=True)
class _Levels:
    title: int | None
    phase: int | None
    section: int | None


def _heading_levels(tokens: list[Token]) -> _Levels:
    levels = [int(tok.tag[1:]) for tok in tokens if tok.type == "heading_open"]
    if not levels:
        return _Levels(None, None, None)
    top = min(levels)
    # A lone H1 at the top is the document's title, not a phase.
    title = top if top == 1 and levels.count(top) == 1 and levels[0] == top else None
    rest = sorted({level for level in levels if level != title})
    return _Levels(title, rest[0] if rest else None, rest[1] if len(rest) > 1 else None)


def _close_index(tokens: list[Token], start: int) -> int:
    level = tokens[start].level
    for index in range(start + 1, len(tokens)):
        if tokens[index].nesting == -1 and tokens[index].level == level:
            return index
    return len(tokens) - 1


def _line(tok: Token) -> int:
    return tok.map[0] + 1 if tok.map else 1


def _item_inline(tokens: list[Token], item: int) -> Token | None:
    following = tokens[item + 1] if item + 1 < len(tokens) else None
    if following is not None and following.type == "paragraph_open":
        return tokens[item + 2]
    return None


def _list_has_work(tokens: list[Token], start: int, end: int) -> bool:
    for tok in tokens[start:end]:
        if tok.type != "inline":
            continue
        if _CHECKBOX.match(tok.content):
            return True
        if any(c.type == "code_inline" and _looks_like_path(c.content) for c in tok.children or ()):
            return True
    return False


def _label_before(tokens: list[Token], start: int) -> str:
    """The last line of the paragraph right before a list (its label, if it has one)."""
    if start >= 2 and tokens[start - 1].type == "paragraph_close":
        lines = _plain(tokens[start - 2]).text.split("\n")
        return lines[-1].strip()
    return ""


# --- the builder ---


@dataclass
class _Scope:
    level: int
    title: str | None
    line: int
    role: _Role = "normal"
    priority: Priority | None = None
    owner: str | None = None
    due: dt.date | None = None


@dataclass
class _Work:
    """A requirement or task before the whole plan is read (fallback priorities come last)."""

    title: str
    line: int
    path: str | None
    phase: str | None
    section: str | None
    scope_name: str  # what GC605 names: "section 'Week 1'", "the plan"
    scope_line: int
    priority: Priority | None
    owner: str | None
    due: dt.date | None
    claim: str | None
    doc_type: str | None = None


class _Builder:
    def __init__(self, path: str, levels: _Levels) -> None:
        self.path = path
        self.levels = levels
        self.scopes: list[_Scope] = [_Scope(0, None, 1)]
        self.work: list[_Work] = []
        self.metrics: list[Metric] = []
        self.findings: list[Finding] = []
        self.front_matter: dict[str, Any] = {}
        self.start_date: dt.date | None = None
        self.phase_priorities: list[tuple[str, Priority]] = []

    # -- walking the tokens --

    def walk(self, tokens: list[Token]) -> None:
        index = 0
        while index < len(tokens):
            tok = tokens[index]
            if tok.type == "front_matter":
                self._front_matter(tok)
            elif tok.type == "heading_open":
                self._heading(tok, tokens[index + 1])
            elif tok.type == "paragraph_open":
                self._fields(tokens[index + 1], _line(tok))
            elif tok.type in ("bullet_list_open", "ordered_list_open", "table_open"):
                end = _close_index(tokens, index)
                if tok.type == "table_open":
                    self._table(tokens[index : end + 1])
                else:
                    self._list(tokens, index, end, None)
                index = end
            index += 1

    def _heading(self, tok: Token, inline: Token) -> None:
        level = int(tok.tag[1:])
        title = _clean_title(_plain(inline).text) or None
        while self.scopes[-1].level >= level:
            self.scopes.pop()
        is_title = self.levels.title is not None and level <= self.levels.title
        scope = _Scope(level, title, _line(tok))
        if title and not is_title:
            scope.role = _heading_role(title)
            scope.priority = _heading_priority(title)
        self.scopes.append(scope)

    def _role(self) -> _Role:
        return next((s.role for s in self.scopes if s.role != "normal"), "normal")

    def _fields(self, inline: Token, first_line: int) -> None:
        for offset, line in enumerate(_plain(inline).text.split("\n")):
            parsed = _field(line)
            if parsed:
                self._apply_field(parsed[0], parsed[1], first_line + offset)

    def _apply_field(self, kind: str, value: str, line: int) -> None:
        scope = self.scopes[-1]
        if kind == "priority":
            scope.priority = _parse_priority(value) or scope.priority
        elif kind == "owner" and value.strip():
            scope.owner = _clean_title(value) or scope.owner
        elif kind in ("due", "date"):
            if _is_placeholder_date(value):
                self._placeholder_date(value.strip(), line)
            elif kind == "due":
                scope.due = _as_date(value) or scope.due

    def _placeholder_date(self, value: str, line: int) -> None:
        self._finding(
            "GC601",
            line,
            f"the plan's date '{value}' is a placeholder",
            "Write the real date as YYYY-MM-DD, or remove the line.",
        )

    # -- lists --

    def _list(self, tokens: list[Token], start: int, end: int, inherited: _ListKind | None) -> None:
        kind = inherited or self._classify_list(tokens, start, end)
        index = start + 1
        while index < end:
            if tokens[index].type == "list_item_open":
                item_end = _close_index(tokens, index)
                self._item(tokens, index, item_end, kind)
                index = item_end
            index += 1

    def _classify_list(self, tokens: list[Token], start: int, end: int) -> _ListKind:
        role = self._role()
        if role == "other":
            return "other"
        if role == "metrics":
            return "metric"
        label = _label_kind(_label_before(tokens, start))
        if label:
            return label
        return "task" if _list_has_work(tokens, start, end) else "plain"

    def _item(self, tokens: list[Token], start: int, end: int, kind: _ListKind) -> None:
        inline = _item_inline(tokens, start)
        line = _line(tokens[start])
        if inline is not None and kind == "task":
            groups_paths = _list_has_work(tokens, start + 3, end)
            self._task_item(inline, line, groups_paths)
        elif inline is not None and kind == "metric":
            self._metric(inline, line)
        elif inline is not None and kind == "plain":
            self._fields(inline, line)
        index = start + 1
        while index < end:
            tok = tokens[index]
            if tok.type in ("bullet_list_open", "ordered_list_open"):
                nested_end = _close_index(tokens, index)
                nested = kind if kind != "plain" else None
                self._list(tokens, index, nested_end, nested)
                index = nested_end
            index += 1

    def _task_item(self, inline: Token, line: int, groups_paths: bool) -> None:
        plain = _plain(inline, take_paths=True)
        box = _CHECKBOX.match(plain.text)
        text = plain.text[box.end() :] if box else plain.text
        claim, text = _take_claim(text)
        if box and box[1] in "xX":
            claim = claim or "[x]"
        tags, text = _take_tags(text)
        title = _clean_title(text)
        if not plain.paths:
            if title and not groups_paths:
                self.work.append(self._new_work(title, line, None, tags, claim))
            return
        for raw, offset in plain.paths:
            self.work.append(self._new_work(title, line + offset, raw, tags, claim))

    def _metric(self, inline: Token, line: int) -> None:
        text = _plain(inline).text
        box = _CHECKBOX.match(text)
        title = _clean_title(text[box.end() :] if box else text)
        if not title:
            return
        # The metric's phase is the heading below "Success Metrics", if there is one.
        roles = [scope.role for scope in self.scopes]
        top = roles.index("metrics") if "metrics" in roles else len(roles) - 1
        phase = self.scopes[-1].title if len(roles) - 1 > top else None
        checked = box is not None and box[1] in "xX"
        self.metrics.append(Metric(title, Origin(self.path, line), phase, checked))

    # -- the context of one line --

    def _new_work(self, title: str, line: int, path: str | None, tags: _ItemTags, claim: str | None) -> _Work:
        phase = section = None
        priority: Priority | None = None
        owner: str | None = None
        due: dt.date | None = None
        for scope in self.scopes:
            if scope.level == self.levels.phase:
                phase = scope.title
            elif scope.level == self.levels.section:
                section = scope.title
            priority = scope.priority or priority
            owner = scope.owner or owner
            due = scope.due or due
        if due is None and self.start_date is not None:
            due = period_end(self.start_date, section) or period_end(self.start_date, phase)
        innermost = self.scopes[-1]
        return _Work(
            title=title or (path or ""),
            line=line,
            path=path,
            phase=phase,
            section=section,
            scope_name=self._scope_name(innermost),
            scope_line=innermost.line,
            priority=tags.priority or priority,
            owner=tags.owner or owner,
            due=tags.due or due,
            claim=claim,
        )

    def _scope_name(self, scope: _Scope) -> str:
        is_title = self.levels.title is not None and scope.level <= self.levels.title
        return f"section '{scope.title}'" if scope.title and not is_title else "the plan"

    # -- tables --

    def _table(self, tokens: list[Token]) -> None:
        rows = _table_rows(tokens)
        if not rows:
            return
        header = [_plain(cell).text for cell in rows[0][1]]
        roles = _column_roles(header)
        if "path" in roles or "title" in roles:
            if self._role() == "normal":
                for line, cells in rows[1:]:
                    self._table_row(line, cells, roles)
        elif "phase" in roles and "priority" in roles:
            self._phase_table(rows[1:], roles)
        elif len(header) == 2:
            for line, cells in rows:
                parsed = _field(": ".join(_plain(cell).text for cell in cells[:2]))
                if parsed:
                    self._apply_field(parsed[0], parsed[1], line)

    def _table_row(self, line: int, cells: list[Token], roles: dict[str, int]) -> None:
        def cell(role: str) -> Token | None:
            index = roles.get(role)
            return cells[index] if index is not None and index < len(cells) else None

        paths = _cell_paths(cell("path")) or [
            raw for c in cells for raw, _ in _plain(c, take_paths=True).paths
        ]
        title = _clean_title(_plain(cell("title"), take_paths=True).text)
        if not paths and not title:
            return
        tags = _ItemTags(
            priority=_parse_priority(_plain(cell("priority")).text),
            owner=_clean_title(_plain(cell("owner")).text) or None,
            due=_as_date(_plain(cell("due")).text),
        )
        claim = _status_claim(_plain(cell("status")).text)
        phase_text = _clean_title(_plain(cell("phase")).text) or None
        doc_type = _norm(_plain(cell("type")).text).replace(" ", "-") or None
        targets: list[str | None] = [*paths] if paths else [None]
        for raw in targets:
            work = self._new_work(title or (raw or ""), line, raw, tags, claim)
            work.doc_type = doc_type
            work.phase = phase_text or work.phase
            self.work.append(work)

    def _phase_table(self, rows: list[tuple[int, list[Token]]], roles: dict[str, int]) -> None:
        for _line_number, cells in rows:
            if max(roles["phase"], roles["priority"]) >= len(cells):
                continue
            priority = _parse_priority(_plain(cells[roles["priority"]]).text)
            phase = _plain(cells[roles["phase"]]).text
            if priority and phase.strip():
                self.phase_priorities.append((_phase_key(phase), priority))

    # -- front matter --

    def _front_matter(self, tok: Token) -> None:
        import yaml

        first = _line(tok) + 1  # the line after the opening ---
        try:
            data = yaml.safe_load(tok.content)
            node = yaml.compose(tok.content, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = first + mark.line if mark is not None else first - 1
            problem = getattr(exc, "problem", None) or "cannot be parsed"
            self._bad_front_matter(line, f"the plan's front matter is not valid YAML: {problem}")
            return
        except RecursionError:
            self._bad_front_matter(first - 1, "the plan's front matter is nested too deeply")
            return
        if data is None:
            return
        if not isinstance(data, dict):
            self._bad_front_matter(first - 1, "the plan's front matter is not a mapping")
            return
        self.front_matter = data
        self._front_matter_fields(data, _key_lines(node, first))

    def _front_matter_fields(self, data: dict[str, Any], lines: _KeyLines) -> None:
        for key, value in data.items():
            is_date_key = isinstance(key, str) and (key in ("date", "due") or key.endswith("_date"))
            if is_date_key and isinstance(value, str) and _is_placeholder_date(value):
                self._placeholder_date(value, lines.keys.get(key, 1))
        start = data.get("start_date")
        self.start_date = _as_date(start) if start is not None else None
        entries = data.get("requirements")
        if entries is None:
            return
        if not isinstance(entries, list):
            line = lines.keys.get("requirements", 1)
            self._bad_front_matter(line, "the front matter's 'requirements' is not a list")
            return
        for index, entry in enumerate(entries):
            line = lines.items[index] if index < len(lines.items) else 1
            self._front_matter_entry(entry, line)

    def _front_matter_entry(self, entry: object, line: int) -> None:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            self._bad_front_matter(line, "a front-matter requirement has no 'path' string")
            return
        raw = entry["path"].strip()
        if not _looks_like_path(raw) and not raw.startswith(("/", "~", "..")):
            self._bad_front_matter(line, f"front-matter requirement '{raw}' is not a file path")
            return
        priority = _parse_priority(str(entry.get("priority") or ""))
        if entry.get("priority") is not None and priority is None:
            self._bad_front_matter(line, f"front-matter requirement '{raw}' has an unknown priority")
        status = entry.get("status")
        claimed = entry.get("claimed") is True or entry.get("done") is True
        claim = _status_claim(str(status)) if status is not None else None
        self.work.append(
            _Work(
                title=_text(entry.get("title")) or raw,
                line=line,
                path=raw,
                phase=_text(entry.get("phase")),
                section=_text(entry.get("section")),
                scope_name=f"front-matter requirement '{raw}'",
                scope_line=line,
                priority=priority,
                owner=_text(entry.get("owner")),
                due=_as_date(entry.get("due")),
                claim=claim or ("claimed" if claimed else None),
                doc_type=_text(entry.get("type")),
            )
        )

    def _bad_front_matter(self, line: int, message: str) -> None:
        hint = "Fix the YAML between the --- lines; see the requirements: example in the docs."
        self._finding("GC606", line, message, hint)

    def check_unclosed_front_matter(self, text: str) -> None:
        """`---` then YAML keys with no closing `---`: markdown-it reads it as a rule."""
        lines = text.split("\n", 3)
        if lines[0].rstrip() == "---" and len(lines) > 1 and re.match(r"^\w[\w-]*:", lines[1]):
            self._bad_front_matter(1, "the plan's front matter has no closing --- line")

    # -- finishing --

    def finish(self) -> Plan:
        requirements: dict[str, Requirement] = {}
        tasks: list[Task] = []
        unprioritised: dict[int, str] = {}
        for work in self.work:
            priority = work.priority or self._fallback_priority(work)
            if priority is None:
                unprioritised.setdefault(work.scope_line, work.scope_name)
            if work.path is None:
                tasks.append(self._task(work, priority))
            else:
                self._add_requirement(requirements, work, priority)
        for line, name in unprioritised.items():
            self._no_priority(line, name)
        return Plan(
            path=self.path,
            requirements=tuple(requirements.values()),
            tasks=tuple(tasks),
            metrics=tuple(self.metrics),
            findings=tuple(sorted(self.findings)),
            front_matter=self.front_matter,
        )

    def _fallback_priority(self, work: _Work) -> Priority | None:
        for label in (work.phase, work.section):
            if not label:
                continue
            key = _phase_key(label)
            for phase, priority in self.phase_priorities:
                if key == phase or key.startswith(phase + " "):
                    return priority
        return None

    def _task(self, work: _Work, priority: Priority | None) -> Task:
        if _DOC_LIKE.match(work.title):
            self._finding(
                "GC604",
                work.line,
                f"task '{work.title}' looks like a document but names no path",
                "Add the document's path in backticks, e.g. (`docs/NAME.md`), so gapcheck can "
                "check it exists and is complete.",
            )
        return Task(
            title=work.title,
            origin=Origin(self.path, work.line),
            phase=work.phase,
            section=work.section,
            priority=priority,
            owner=work.owner,
            claimed=work.claim is not None,
            claim_text=work.claim,
            due=work.due,
        )

    def _add_requirement(
        self, requirements: dict[str, Requirement], work: _Work, priority: Priority | None
    ) -> None:
        assert work.path is not None
        path, outside = _normalise_path(work.path)
        origin = Origin(self.path, work.line)
        first = requirements.get(path)
        if first is not None:
            self._finding(
                "GC602",
                work.line,
                f"{path} is already required on line {first.origin.line}",
                "Name each path once: merge the two tasks or remove this one.",
            )
            also = (*first.also_required_by, origin)
            requirements[path] = replace(first, also_required_by=also)
            return
        if outside:
            self._finding(
                "GC603",
                work.line,
                f"{path} is absolute or leaves the repository",
                "Use a path relative to the repository root, without '..' or a leading '/'.",
            )
        requirements[path] = Requirement(
            path=path,
            kind=_path_kind(path),
            title=work.title,
            origin=origin,
            priority=priority,
            doc_type=work.doc_type,
            phase=work.phase,
            section=work.section,
            owner=work.owner,
            claimed=work.claim is not None,
            claim_text=work.claim,
            due=work.due,
        )

    def _no_priority(self, line: int, name: str) -> None:
        self._finding(
            "GC605",
            line,
            f"{name} lists work but has no priority",
            "Add a line like `**Priority:** High` (critical, high, medium or low) under the "
            "heading or its phase.",
        )

    def _finding(self, code: str, line: int, message: str, hint: str) -> None:
        rule, severity = _RULES[code]
        self.findings.append(
            Finding(
                path=self.path,
                line=max(line, 1),
                column=1,
                code=code,
                rule=rule,
                severity=severity,
                message=message,
                hint=hint,
            )
        )


def _text(value: object) -> str | None:
    return str(value).strip() or None if isinstance(value, (str, int, float)) else None


def _cell_paths(cell: Token | None) -> list[str]:
    """Paths in a path column: code spans, else bare words that look like paths."""
    if cell is None:
        return []
    plain = _plain(cell, take_paths=True)
    if plain.paths:
        return [raw for raw, _ in plain.paths]
    words = re.split(r"[\s,;]+", plain.text)
    return [word for word in words if _looks_like_path(word)]


def _table_rows(tokens: list[Token]) -> list[tuple[int, list[Token]]]:
    rows: list[tuple[int, list[Token]]] = []
    for tok in tokens:
        if tok.type == "tr_open":
            rows.append((_line(tok), []))
        elif tok.type == "inline" and rows:
            rows[-1][1].append(tok)
    return rows


@dataclass
class _KeyLines:
    """File lines of the front matter's top-level keys and of its `requirements` entries."""

    keys: dict[str, int] = field(default_factory=dict)
    items: list[int] = field(default_factory=list)


def _key_lines(node: Any, first: int) -> _KeyLines:
    import yaml

    lines = _KeyLines()
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            continue
        lines.keys[key] = first + key_node.start_mark.line
        if key == "requirements" and isinstance(value_node, yaml.SequenceNode):
            lines.items = [first + item.start_mark.line for item in value_node.value]
    return lines
