"""`gapcheck init`: templates for missing documents, never an overwrite, never outside the root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from conftest import MakeRepo, RunCli

from gapcheck.catalog import load_catalog
from gapcheck.document import parse_document
from gapcheck.errors import GapcheckError
from gapcheck.init import Action, run_init, template, write_new

PLAN = """# Plan

## Phase 1: Legal

**Priority:** CRITICAL

- [ ] Create Terms of Service (`legal/TERMS_OF_SERVICE.md`)
- [ ] Create Code of Conduct (`CODE_OF_CONDUCT.md`)
- [ ] Create Integration Guides (`docs/integrations/`)
- [ ] Write the notes (`notes/SOMETHING.md`)
"""


def markdown_files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.md") if ".git" not in p.parts}


def test_template_holds_front_matter_title_and_required_sections_only() -> None:
    schema = load_catalog().get("code-of-conduct")
    text = template(schema)
    doc = parse_document(text, "CODE_OF_CONDUCT.md")
    assert doc.front_matter is not None
    assert doc.front_matter["doc_type"] == "code-of-conduct"
    for field in schema.front_matter_required:
        assert field in doc.front_matter
    assert doc.front_matter.get("owner") in ("", None)
    assert doc.front_matter.get("last_reviewed") is None
    headings = [(s.level, s.title) for s in doc.sections[1:]]
    required = [s.title for s in schema.sections if s.level == "required"]
    assert headings == [(1, schema.name), *((2, title) for title in required)]
    assert doc.words == 0, "only headings and comments: nothing that reads as content"
    assert len(doc.comments) == len(required)
    assert all(comment.text and "(" in comment.text for comment in doc.comments)


def test_comment_cannot_end_early() -> None:
    schema = load_catalog().get("code-of-conduct")
    assert "-->" not in template(schema).replace(" -->\n", "\n")


def test_init_creates_missing_documents_and_skips_existing(make_repo: MakeRepo) -> None:
    root = make_repo({"PLAN.md": PLAN, "CODE_OF_CONDUCT.md": "# Ours\n\nAlready written.\n"})
    result = run_init(root, plans=[root / "PLAN.md"])
    actions = {item.requirement: item.action for item in result.planned}
    assert actions == {
        "legal/TERMS_OF_SERVICE.md": Action.CREATE,
        "CODE_OF_CONDUCT.md": Action.EXISTS,
        "docs/integrations/": Action.CREATE,
        "notes/SOMETHING.md": Action.SKIP,
    }
    assert set(result.created) == {
        "legal/TERMS_OF_SERVICE.md",
        "docs/integrations/EXAMPLE_INTEGRATION_GUIDE.md",
    }
    assert (root / "CODE_OF_CONDUCT.md").read_text(encoding="utf-8") == "# Ours\n\nAlready written.\n"
    assert not (root / "notes").exists(), "no schema: nothing to put in a template, so nothing is made"


def test_dry_run_writes_nothing(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo({"PLAN.md": PLAN})
    result = run_cli("init", str(root), "--plan", str(root / "PLAN.md"), "--dry-run")
    assert result.exit_code == 0
    assert "would create  legal/TERMS_OF_SERVICE.md" in result.stdout
    assert "skipped       notes/SOMETHING.md" in result.stdout
    assert markdown_files(root) == {"PLAN.md"}


def test_only_limits_and_unknown_path_is_a_usage_error(make_repo: MakeRepo, run_cli: RunCli) -> None:
    root = make_repo({"PLAN.md": PLAN})
    plan = str(root / "PLAN.md")
    result = run_cli("init", str(root), "--plan", plan, "--only", "legal/TERMS_OF_SERVICE.md")
    assert result.exit_code == 0
    assert markdown_files(root) == {"PLAN.md", "legal/TERMS_OF_SERVICE.md"}
    result = run_cli("init", str(root), "--plan", plan, "--only", "docs/integrations")
    assert markdown_files(root) >= {"docs/integrations/EXAMPLE_INTEGRATION_GUIDE.md"}
    result = run_cli("init", str(root), "--plan", plan, "--only", "legal/TERMS_OF_SERVISE.md")
    assert result.exit_code == 2
    assert "did you mean 'legal/TERMS_OF_SERVICE.md'" in result.stderr


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("mine", encoding="utf-8")
    assert write_new(tmp_path, "a.md", "template") is False
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "mine"
    assert write_new(tmp_path, "b/c.md", "template") is True
    assert (tmp_path / "b" / "c.md").read_text(encoding="utf-8") == "template"
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["c.md"], "no temporary file left"


def test_write_new_refuses_to_leave_the_root(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    outside = tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    with pytest.raises(GapcheckError):
        write_new(root, "../escape.md", "x")
    os.symlink(outside, root / "link")
    with pytest.raises(GapcheckError):
        write_new(root, "link/escape.md", "x")
    assert list(outside.iterdir()) == []


def test_plan_path_outside_root_is_skipped(make_repo: MakeRepo) -> None:
    plan = "# Plan\n\n**Priority:** HIGH\n\n- [ ] Create Terms of Service (`../legal/TERMS.md`)\n"
    root = make_repo({"PLAN.md": plan})
    result = run_init(root, plans=[root / "PLAN.md"])
    assert not result.created
    assert not (root.parent / "legal").exists()


def test_real_plan_on_an_empty_repository(tmp_path: Path, real_plan: Path, run_cli: RunCli) -> None:
    """34 files and an example guide in each of the 2 folders; a second run creates nothing;
    the templates fail the gate until they are written."""
    root = tmp_path / "empty"
    root.mkdir()
    first = run_cli("init", str(root), "--plan", str(real_plan))
    assert first.exit_code == 0, first.stderr
    created = markdown_files(root)
    assert len(created) == 36
    folders = {"docs/integrations/", "docs/migrations/"}
    in_folders = {path for path in created if any(path.startswith(folder) for folder in folders)}
    assert len(in_folders) == 2
    assert len(created - in_folders) == 34
    assert first.stdout.count("created       ") == 36
    for path in created:
        front = yaml.safe_load((root / path).read_text(encoding="utf-8").split("---")[1])
        assert front["doc_type"], path

    second = run_cli("init", str(root), "--plan", str(real_plan))
    assert second.exit_code == 0
    assert "created 0 file(s); 36 already exist" in second.stdout
    assert markdown_files(root) == created

    gate = run_cli("check", str(root), "--plan", str(real_plan), "--format", "json")
    assert gate.exit_code == 1
    report = yaml.safe_load(gate.stdout)
    verdicts = {result["path"]: result["verdict"] for result in report["requirements"]}
    assert len(verdicts) == 36
    assert set(verdicts.values()) == {"incomplete"}
