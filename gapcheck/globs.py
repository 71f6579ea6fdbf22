"""Gitignore-style globs, compiled once per pattern.

Schemas, config `types:`, `ignore:`, waivers and glob requirements all match
paths this way; `ignore:` runs once per finding, so compiling the pattern each
time would put pathspec's compiler on the hot path.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pathspec


@cache
def glob_spec(pattern: str) -> pathspec.PathSpec[Any]:
    return pathspec.PathSpec.from_lines("gitignore", [pattern])


def glob_matches(pattern: str, path: str) -> bool:
    return bool(glob_spec(pattern).match_file(path))
