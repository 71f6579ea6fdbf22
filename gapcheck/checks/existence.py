"""Repository-level findings: whether required paths exist, and whether plan claims hold.

These are produced by the engine, which sees the repository as a whole; this
module holds their metadata and the one place their messages are written.
"""

from __future__ import annotations

from gapcheck.checks._base import CodeInfo
from gapcheck.model import Finding, PathKind, Requirement, Severity

MISSING_FILE = CodeInfo(
    "GC101",
    "missing-file",
    Severity.ERROR,
    "A file the plan requires does not exist.",
    "The plan names a file (or a glob) and nothing in the repository matches it. "
    "The finding points at the plan line that requires it.",
)
MISSING_DIRECTORY = CodeInfo(
    "GC102",
    "missing-directory",
    Severity.ERROR,
    "A directory the plan requires does not exist.",
    "The plan names a directory (a path ending in '/') that the repository does not have.",
)
EMPTY_DIRECTORY = CodeInfo(
    "GC103",
    "empty-directory",
    Severity.ERROR,
    "A required directory holds no Markdown document.",
    "The directory exists but contains no .md file, so the documents it should hold are missing.",
)
EMPTY_DOCUMENT = CodeInfo(
    "GC104",
    "empty-document",
    Severity.ERROR,
    "A required document exists but is empty.",
    "The file has no text besides whitespace and front matter.",
)
CLAIMED_MISSING = CodeInfo(
    "GC105",
    "claimed-but-missing",
    Severity.ERROR,
    "The plan says a document is done, but it does not exist.",
    "A plan line marks the work as done (a check mark, [x], 'Created', 'Done'), yet the "
    "document is not in the repository. This always fails the gate, whatever its priority.",
)
CLAIMED_INCOMPLETE = CodeInfo(
    "GC106",
    "claimed-but-incomplete",
    Severity.ERROR,
    "The plan says a document is done, but it is incomplete or stale.",
    "A plan line marks the work as done, yet the document has errors. This always fails the gate.",
)
NO_SCHEMA = CodeInfo(
    "GC107",
    "no-schema",
    Severity.INFO,
    "No document type applies; only existence was checked.",
    "The requirement matched no document schema by its title, its path or configuration, so "
    "gapcheck checked only that it exists and is not empty. Name a type in the config "
    "(`requirements:` with `type:`) or in the document's front matter (`doc_type:`).",
)
UNREADABLE = CodeInfo(
    "GC108",
    "unreadable-document",
    Severity.ERROR,
    "A required document cannot be read as UTF-8 text.",
    "The file is not valid UTF-8, is a directory, or cannot be opened.",
)
OUTSIDE_REPOSITORY = CodeInfo(
    "GC109",
    "outside-repository",
    Severity.ERROR,
    "A required document is a link that leads out of the repository.",
    "gapcheck never reads outside the repository root (a pull request could point a link at "
    "any file on the runner), so the document counts as missing. Commit the file itself.",
)
WAIVER_EXPIRED = CodeInfo(
    "GC701",
    "waiver-expired",
    Severity.ERROR,
    "A waiver for a requirement has passed its expiry date.",
    "The configuration waives a requirement until a date that is now in the past, so the "
    "requirement is checked again. Renew the waiver with a reason or fix the document.",
)
UNPLANNED_DOCUMENT = CodeInfo(
    "GC702",
    "unplanned-document",
    Severity.INFO,
    "A document sits in a planned folder but the plan does not name it.",
    "Information only: a Markdown file under a folder the plan uses is not required by the plan.",
)

CODES = (
    MISSING_FILE,
    MISSING_DIRECTORY,
    EMPTY_DIRECTORY,
    EMPTY_DOCUMENT,
    CLAIMED_MISSING,
    CLAIMED_INCOMPLETE,
    NO_SCHEMA,
    UNREADABLE,
    OUTSIDE_REPOSITORY,
    WAIVER_EXPIRED,
    UNPLANNED_DOCUMENT,
)


def missing(requirement: Requirement) -> Finding:
    """The finding for an absent path: placed on the plan line that requires it."""
    where = requirement.origin
    what = requirement.title or requirement.path
    if requirement.claimed:
        claim = requirement.claim_text or "done"
        return CLAIMED_MISSING.finding(
            where.file,
            where.line,
            f"{requirement.path} is marked '{claim}' in the plan but does not exist",
            hint=f"Create {requirement.path} ({what}) or correct the plan's status.",
            requirement=requirement.path,
        )
    info = MISSING_DIRECTORY if requirement.kind is PathKind.DIRECTORY else MISSING_FILE
    noun = "directory" if requirement.kind is PathKind.DIRECTORY else "document"
    if requirement.kind is PathKind.GLOB:
        message = f"no file matches {requirement.path} ({what})"
    else:
        message = f"required {noun} {requirement.path} is missing ({what})"
    return info.finding(
        where.file,
        where.line,
        message,
        hint="Create it (`gapcheck init` writes a template from its schema).",
        requirement=requirement.path,
    )


def outside_repository(requirement: Requirement, link: str) -> Finding:
    where = requirement.origin
    return OUTSIDE_REPOSITORY.finding(
        where.file,
        where.line,
        f"{link} is a link that leads out of the repository; gapcheck does not follow it",
        hint=f"Commit {link} itself instead of a symbolic link.",
        requirement=requirement.path,
    )


def claimed_incomplete(requirement: Requirement, error_count: int) -> Finding:
    where = requirement.origin
    claim = requirement.claim_text or "done"
    return CLAIMED_INCOMPLETE.finding(
        where.file,
        where.line,
        f"{requirement.path} is marked '{claim}' in the plan but has {error_count} error(s)",
        hint="Fix the document's errors or correct the plan's status.",
        requirement=requirement.path,
    )
