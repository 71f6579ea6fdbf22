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

Each changed document is also compared with its version where the branch left
REF (the merge base, the same point `REF...HEAD` diffs from): a required topic
that had a heading there and now has none is GC306 (checks/regression.py).
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
    commit: str | None = None  # where HEAD left BASE: the versions GC306 compares with (None: no commit yet)

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


@dataclass(frozen=True, slots=True)
class BaseRevision:
    """What a changed document is compared with (GC306): the base commit, and the files changed since."""

    commit: str
    files: frozenset[str]


def _verify(root: Path, ref: str) -> str:
    if ref.startswith("-"):
        raise GapcheckError(f"not a revision: {ref!r}", key="--base")
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        # Most often a CI checkout that fetched one commit: the base branch is not there at all.
        raise GapcheckError(
            f"git knows no commit {ref!r} (in CI, fetch it: actions/checkout with fetch-depth: 0)",
            key="--base",
        )
    return done.stdout.decode("ascii").strip()


def changed_files(root: Path, base: str = "HEAD") -> tuple[frozenset[str], str | None]:
    """Root-relative paths changed since BASE, in the index, in the work tree, or new; and the
    commit they changed from, where HEAD left BASE (None when there is no commit yet)."""
    inside = _git(root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0 or inside.stdout.strip() != b"true":
        raise GapcheckError("--changed needs a git repository, and this is not inside one", path=str(root))
    untracked = _names(root, "ls-files", "-z", "--others", "--exclude-standard")
    if _git(root, "rev-parse", "--verify", "--quiet", "HEAD").returncode != 0:
        # No commit yet: everything in the index is new.
        return frozenset(untracked | _names(root, "ls-files", "-z", "--cached")), None
    files = untracked | _names(root, "diff", "--name-only", "-z", "--relative", "--no-renames", "HEAD")
    commit = _verify(root, base)
    files |= _names(root, "diff", "--name-only", "-z", "--relative", "--no-renames", f"{commit}...HEAD")
    return frozenset(files), _merge_base(root, commit)


def _merge_base(root: Path, commit: str) -> str:
    """Where HEAD left COMMIT: a branch is compared with what it started from, not with work on
    the base branch since."""
    done = _git(root, "merge-base", commit, "HEAD")
    return done.stdout.decode("ascii").strip() if done.returncode == 0 else commit


def base_text(root: Path, commit: str, relative: str) -> str | None:
    """A root-relative file as it was at COMMIT; None when it did not exist there (or was no
    UTF-8 text). `COMMIT:./PATH` is PATH from ROOT, wherever ROOT sits in the repository."""
    done = _git(root, "cat-file", "blob", f"{commit}:./{relative}")
    if done.returncode != 0:
        return None
    try:
        return done.stdout.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _under(path: str, folders: Iterable[str]) -> bool:
    return any(path.startswith(folder.strip("/").removeprefix("./") + "/") for folder in folders if folder)


def scope(
    root: Path, base: str, config_file: str | None, plans: Sequence[str], schemas_dirs: Sequence[str]
) -> ChangedScope:
    files, commit = changed_files(root, base)
    triggers = {name.removeprefix("./") for name in (config_file, *plans) if name}
    hit = sorted(files & triggers) or sorted(f for f in files if _under(f, schemas_dirs))
    if hit:
        return ChangedScope(base, files, True, f"{hit[0]} changed", commit)
    return ChangedScope(base, files, commit=commit)


def split_changed(located: Sequence[str], changed: frozenset[str]) -> tuple[list[str], list[str]]:
    """The located documents to read, and those left alone because they did not change."""
    return [p for p in located if p in changed], [p for p in located if p not in changed]


def unchanged_result(requirement: Requirement, documents: Sequence[str]) -> RequirementResult:
    return RequirementResult(
        requirement, Verdict.COMPLETE, (), tuple(documents), note=UNCHANGED_NOTE, unchanged=True
    )
