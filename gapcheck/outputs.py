"""Extra report files: `--output FORMAT:FILE`, written atomically.

A CI step reads the file after gapcheck exits; a half-written SARIF file from
an interrupted run would be worse than none. So each file is written to a
temporary file in the same folder and moved into place with `os.replace`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from gapcheck.errors import GapcheckError


@dataclass(frozen=True, slots=True)
class OutputSpec:
    format: str
    path: Path


def parse_output(value: str, formats: Iterable[str]) -> OutputSpec:
    """`sarif:gapcheck.sarif` -> OutputSpec("sarif", Path("gapcheck.sarif"))."""
    known = list(formats)
    name, sep, file = value.partition(":")
    if not sep or not file:
        raise GapcheckError(
            f"expected FORMAT:FILE (e.g. sarif:gapcheck.sarif), got {value!r}", key="--output"
        )
    if name not in known:
        raise GapcheckError(f"unknown format {name!r}; choose from {', '.join(known)}", key="--output")
    return OutputSpec(name, Path(file))


def write_atomic(path: Path, text: str) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise GapcheckError(f"cannot write: {exc.strerror}", path=str(path)) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        # mkstemp makes the file private (0600); a report is an ordinary file.
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise GapcheckError(f"cannot write: {exc.strerror}", path=str(path)) from exc
