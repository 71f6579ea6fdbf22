"""Throwaway repositories and snapshots for the pipeline tests (reporters, baseline, suppressions...).

The repositories use their own small document type (`ci-test-policy`, two
sections found by made-up key terms), so these tests do not move when the
built-in schemas are refined.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
TODAY = "2026-01-15"

SCHEMA = """\
id: ci-test-policy
name: CI Test Policy
description: A small document type for gapcheck's own pipeline tests.
sources:
  - {cite: gapcheck tests, url: "https://example.org/"}
sections:
  - id: scope
    title: Scope
    level: required
    aliases: [Applicability]
    key_terms: [[zzscope]]
    source: gapcheck tests
  - id: contact
    title: Contact
    level: required
    aliases: [Contact Us]
    key_terms: [[zzcontact]]
    source: gapcheck tests
"""

CONFIG = """\
plan: plan.md
schemas_dir: schemas
types:
  "docs/*.md": ci-test-policy
"""

PLAN = """\
# Plan

## Phase 1

### Week 1
**Priority:** CRITICAL
**Tasks:**
1. Create Test Policy (`docs/TEST.md`)
2. Create Other Policy (`docs/OTHER.md`)
"""

COMPLETE = """\
# Test Policy

## Scope

This policy covers zzscope and everything near it.

## Contact

Write to zzcontact for questions.
"""


def write_files(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def make_repo(root: Path, docs: Mapping[str, str], *, plan: str = PLAN, config: str = CONFIG) -> Path:
    """A repository with the test schema, a config, a plan and the given documents."""
    root.mkdir(parents=True, exist_ok=True)
    files = {"schemas/ci-test-policy.yaml": SCHEMA, ".gapcheck.yaml": config, "plan.md": plan}
    return write_files(root, {**files, **docs})


def git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "gapcheck tests",
        "GIT_AUTHOR_EMAIL": "tests@example.org",
        "GIT_COMMITTER_NAME": "gapcheck tests",
        "GIT_COMMITTER_EMAIL": "tests@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def commit_all(root: Path, message: str = "commit") -> None:
    if not (root / ".git").exists():
        git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", message)


def assert_snapshot(name: str, actual: str) -> None:
    """Compare with tests/snapshots/NAME; GAPCHECK_UPDATE_SNAPSHOTS=1 rewrites the file instead."""
    path = SNAPSHOTS / name
    if os.environ.get("GAPCHECK_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    assert path.is_file(), f"no snapshot {path}; run with GAPCHECK_UPDATE_SNAPSHOTS=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its snapshot; GAPCHECK_UPDATE_SNAPSHOTS=1 rewrites it"
