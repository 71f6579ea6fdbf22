"""`--changed`: read only the documents git says changed, check existence everywhere.

Changed means: committed on this branch since it left REF (`git diff REF...HEAD`),
plus staged, unstaged and untracked (not ignored) files. Every requirement is
still located, so a deleted required document is reported missing. An existing
document that did not change is not read: its requirement is reported
`complete` with `unchanged` set and the note "not re-checked", meaning "exists;
content last checked by a full run". When the config, a plan or a local
schema changed, every document may be judged differently, so everything is
checked. git runs without a shell, and REF is verified as a commit first, so
it can never be taken as an option.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gapcheck.errors import GapcheckError
from gapcheck.model import Report, Requirement, RequirementResult, Verdict

UNCHANGED_NOTE = "not re-checked: unchanged since the base revision (exists; content not read)"


@dataclass(frozen=True, slots=True)
class ChangedScope:
    base: str
    files: frozenset[str]
    full: bool = False  # the config, a plan or a schema changed: check everything
    reason: str = ""

    def to_json(self, report: Report) -> dict[str, Any]:
        return {
            "base": self.base,
            "files": sorted(self.files),
            "full": self.full,
            "reason": self.reason,
            "unchanged": [r.requirement.path for r in report.results if r.unchanged],
        }


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise GapcheckError(f"--changed needs git, which cannot be run: {exc.strerror}") from exc


def _names(root: Path, *args: str) -> set[str]:
    done = _git(root, *args)
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GapcheckError(f"git {args[0]} failed: {message[-1] if message else done.returncode}")
    return {name for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name}


def _verify(root: Path, ref: str) -> str:
    if ref.startswith("-"):
        raise GapcheckError(f"not a revision: {ref!r}", key="--base")
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise GapcheckError(f"git knows no commit {ref!r}", key="--base")
    return done.stdout.decode("ascii").strip()


def changed_files(root: Path, base: str = "HEAD") -> frozenset[str]:
    """Root-relative paths changed since BASE, in the index, in the work tree, or new."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise GapcheckError("--changed needs a git repository, and this is not inside one", path=str(root))
    untracked = _names(root, "ls-files", "-z", "--others", "--exclude-standard")
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        # No commit yet: everything in the index is new.
        return frozenset(untracked | _names(root, "ls-files", "-z", "--cached"))
    files = untracked | _names(root, "diff", "--name-only", "-z", "--relative", "--no-renames", "HEAD")
    commit = _verify(root, base)
    files |= _names(root, "diff", "--name-only", "-z", "--relative", "--no-renames", f"{commit}...HEAD")
    return frozenset(files)


def _under(path: str, folders: Iterable[str]) -> bool:
    return any(path.startswith(folder.strip("/").removeprefix("./") + "/") for folder in folders if folder)


def scope(
    root: Path, base: str, config_file: str | None, plans: Sequence[str], schemas_dirs: Sequence[str]
) -> ChangedScope:
    files = changed_files(root, base)
    triggers = {name.removeprefix("./") for name in (config_file, *plans) if name}
    hit = sorted(files & triggers) or sorted(f for f in files if _under(f, schemas_dirs))
    if hit:
        return ChangedScope(base, files, True, f"{hit[0]} changed")
    return ChangedScope(base, files)


def split_changed(located: Sequence[str], changed: frozenset[str]) -> tuple[list[str], list[str]]:
    """The located documents to read, and those left alone because they did not change."""
    return [p for p in located if p in changed], [p for p in located if p not in changed]


def unchanged_result(requirement: Requirement, documents: Sequence[str]) -> RequirementResult:
    return RequirementResult(
        requirement, Verdict.COMPLETE, (), tuple(documents), note=UNCHANGED_NOTE, unchanged=True
    )
