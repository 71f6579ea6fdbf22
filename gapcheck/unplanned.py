"""Documents that sit in the plan's folders but that the plan does not name (GC702, information).

A planned folder is the folder of a file a plan requires (`legal/` for
`legal/SLA.md`), the fixed part of a planned glob, or a planned directory;
everything below it counts. The repository root is never a planned folder
(every repository has loose Markdown there), and a folder's README.md or
index.md is its table of contents, not a document the plan forgot.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence

from gapcheck.checks.existence import UNPLANNED_DOCUMENT
from gapcheck.model import Finding, PathKind, Requirement, RequirementResult

_MARKDOWN = (".md", ".markdown", ".mdx")
_INDEX_NAMES = frozenset({"readme.md", "index.md", "_index.md"})
_GLOB_CHARS = re.compile(r"[*?\[]")


def planned_folder(requirement: Requirement) -> str | None:
    path = requirement.path.removeprefix("./")
    if requirement.kind is PathKind.DIRECTORY:
        folder = path.rstrip("/")
    elif requirement.kind is PathKind.GLOB:
        fixed = _GLOB_CHARS.split(path, maxsplit=1)[0]
        folder = posixpath.dirname(fixed)
    else:
        folder = posixpath.dirname(path)
    return folder or None


def unplanned_documents(
    results: Sequence[RequirementResult], files: Iterable[str], plan_files: Iterable[str]
) -> list[Finding]:
    """GC702 for each Markdown file under a planned folder that no requirement covers."""
    plans = set(plan_files)
    folders = {
        folder
        for result in results
        if result.requirement.origin.file in plans
        and (folder := planned_folder(result.requirement)) is not None
    }
    if not folders:
        return []
    covered = {document for result in results for document in result.documents}
    covered |= {result.requirement.path.removeprefix("./") for result in results}
    findings = []
    for file in files:
        if file in covered or file in plans or not _is_document(file):
            continue
        folder = _folder_of(file, folders)
        if folder is not None:
            findings.append(
                UNPLANNED_DOCUMENT.finding(
                    file,
                    1,
                    f"{file} is under {folder}/, which the plan uses, but no plan names it",
                    hint="Add it to the plan if it is part of the work, or move it elsewhere.",
                )
            )
    return findings


def _is_document(file: str) -> bool:
    name = posixpath.basename(file).lower()
    return name.endswith(_MARKDOWN) and name not in _INDEX_NAMES


def _folder_of(file: str, folders: set[str]) -> str | None:
    """The planned folder holding `file` (the deepest one), if any."""
    parent = posixpath.dirname(file)
    while parent:
        if parent in folders:
            return parent
        parent = posixpath.dirname(parent)
    return None
