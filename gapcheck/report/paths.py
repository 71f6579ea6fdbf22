"""Paths as CI systems want them: relative to the workspace, not to the checked root.

Findings carry paths relative to the root that was checked. When that root is
a relative folder (`gapcheck check docs`), annotations and SARIF locations must
say `docs/legal/X.md`, or GitHub cannot place them. An absolute root cannot be
related to the workspace from the report alone, so its paths are left as they are.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from gapcheck.model import Report


def workspace_path(report: Report, path: str) -> str:
    root = report.root.replace("\\", "/")
    if not root or root.startswith("/") or (len(root) > 1 and root[1] == ":"):
        return path
    prefix = PurePosixPath(root)
    if str(prefix) == ".":
        return path
    return (prefix / path).as_posix()
