"""`gapcheck init`: write a template for every required document that does not exist yet.

A template holds the front matter its type requires (left empty), the title
and one heading per required section with a comment saying what belongs
there, why, and the source. Nothing else: a template is not a finished
document, and it fails the gate until someone writes it.

Safety: init never overwrites (the file is written beside the target and
hard-linked into place, which fails if the name exists), never writes outside
the repository root, and `dry_run` writes nothing.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from gapcheck import engine
from gapcheck.api import collect_requirements, load_settings
from gapcheck.catalog import DocSchema
from gapcheck.errors import GapcheckError
from gapcheck.model import PathKind, Requirement
from gapcheck.resources import meta_schema_path

# Fields with an obvious value for a new document; every other field is left empty.
_LIST_FIELDS = frozenset({"applies_to", "related_documents"})


class Action(StrEnum):
    CREATE = "create"
    EXISTS = "exists"
    SKIP = "skip"


@dataclass(frozen=True, slots=True)
class Planned:
    """What init does for one requirement: create a file, leave it (it exists), or skip it and why."""

    requirement: str
    action: Action
    path: str | None = None  # the file to create, relative to the root
    doc_type: str | None = None
    reason: str = ""
    content: str = ""


@dataclass(frozen=True, slots=True)
class InitResult:
    planned: tuple[Planned, ...]
    created: tuple[str, ...]  # written now (empty for a dry run)
    dry_run: bool

    def to_create(self) -> list[Planned]:
        return [p for p in self.planned if p.action is Action.CREATE]


# --- templates ----------------------------------------------------------------------------


def template(schema: DocSchema) -> str:
    """Front matter, title and the required section headings with what belongs in each."""
    lines = ["---", *_front_matter_lines(schema), "---", "", f"# {schema.name}", ""]
    for spec in schema.sections:
        if spec.level != "required":
            continue
        lines += [
            f"## {spec.title}",
            "",
            _comment(spec.why or f"Write about {spec.title.lower()}.", spec.source),
            "",
        ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _comment(why: str, source: str) -> str:
    """One line; '--' would end an HTML comment early, so it is softened."""
    text = " ".join(f"{why.strip()} ({source.strip()})".split()) if source else " ".join(why.split())
    return f"<!-- {text.replace('--', '-')} -->"


def front_matter_fields(schema: DocSchema) -> list[str]:
    """doc_type (so `gapcheck lint` knows the type), the required fields, the review field."""
    fields = ["doc_type", *schema.front_matter_required]
    if schema.review is not None:
        fields.append(schema.review.field)
    return list(dict.fromkeys(fields))


def _front_matter_lines(schema: DocSchema) -> list[str]:
    return [f"{name}:{_empty_value(name, schema)}" for name in front_matter_fields(schema)]


def _empty_value(name: str, schema: DocSchema) -> str:
    """A value that is obviously right (type, title, draft) or empty, so the check asks for it."""
    if name == "doc_type":
        return f" {schema.id}"
    if name == "title":
        return " " + json.dumps(schema.name, ensure_ascii=False)
    if name == "status":
        return " draft"
    if name in _LIST_FIELDS:
        return " []"
    if _is_date(name, schema):
        return ""  # null: YAML has no empty date, and null reads as "not filled in"
    return ' ""'


def _is_date(name: str, schema: DocSchema) -> bool:
    spec = schema.front_matter_properties.get(name) or _common_properties().get(name) or {}
    return isinstance(spec, dict) and spec.get("format") == "date"


@cache
def _common_properties() -> dict[str, Any]:
    data = json.loads(meta_schema_path("front-matter.schema.json").read_text(encoding="utf-8"))
    properties: dict[str, Any] = data.get("properties", {})
    return properties


# --- deciding what to create --------------------------------------------------------------


def example_name(schema: DocSchema) -> str:
    """The file made in a required folder: EXAMPLE_<TYPE>.md, in the plan's UPPER_SNAKE style.

    One example guide, no README index: every Markdown file in a required
    folder is checked as the folder's type, so an index would never pass.
    """
    return f"EXAMPLE_{schema.id.upper().replace('-', '_')}.md"


def plan_requirement(checker: engine.Checker, requirement: Requirement) -> Planned:
    """What to do for one requirement, given what the repository holds."""
    path = requirement.path
    located = checker.locate(requirement)
    if requirement.kind is PathKind.GLOB:
        if located:
            return Planned(path, Action.EXISTS, located[0], requirement.doc_type)
        return Planned(path, Action.SKIP, reason="a glob names no single file to create")
    if located:
        return Planned(path, Action.EXISTS, located[0], requirement.doc_type)
    schema = checker.schema_for(requirement.doc_type, path)
    if schema is None:
        return Planned(
            path,
            Action.SKIP,
            reason="no document type is known for it, so there is nothing to put in a template; "
            "name one under `types:` in .gapcheck.yaml",
        )
    target = _target(requirement, schema)
    if checker.inside_root(target) is None:
        return Planned(path, Action.SKIP, reason="it lies outside the repository root")
    return Planned(path, Action.CREATE, target, schema.id, content=template(schema))


def _target(requirement: Requirement, schema: DocSchema) -> str:
    relative = requirement.path.removeprefix("./")
    if requirement.kind is PathKind.DIRECTORY:
        return str(PurePosixPath(relative.rstrip("/")) / example_name(schema))
    return relative


def select(requirements: Sequence[Requirement], only: Sequence[str]) -> list[Requirement]:
    """The requirements named by --only; an unknown path is a usage error with a suggestion."""
    if not only:
        return list(requirements)
    by_key = {_key(r.path): r for r in requirements}
    chosen: list[Requirement] = []
    for wanted in only:
        requirement = by_key.get(_key(wanted))
        if requirement is None:
            raise GapcheckError(_unknown_path_message(wanted, (r.path for r in requirements)), key="--only")
        chosen.append(requirement)
    return list(dict.fromkeys(chosen))


def _key(path: str) -> str:
    return path.strip().removeprefix("./").rstrip("/")


def _unknown_path_message(wanted: str, known: Iterable[str]) -> str:
    paths = list(known)
    close = difflib.get_close_matches(wanted, paths, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else "; `gapcheck plan` lists the required paths"
    return f"no requirement has the path {wanted!r}{hint}"


# --- writing ------------------------------------------------------------------------------


def write_new(root: Path, relative: str, content: str) -> bool:
    """Create ROOT/relative with content, atomically; False when the file already exists."""
    target = (root / relative).resolve()
    resolved_root = root.resolve()
    if resolved_root not in target.parents:
        raise GapcheckError("refusing to write outside the repository root", path=relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    parent = target.parent.resolve()  # again after mkdir: a symlinked folder must not lead out
    if parent != resolved_root and resolved_root not in parent.parents:
        raise GapcheckError("refusing to write outside the repository root", path=relative)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".gapcheck-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(content)
        return _link_into_place(Path(temporary), target, content)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _link_into_place(temporary: Path, target: Path, content: str) -> bool:
    """A hard link appears complete or not at all, and fails rather than replace a file."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        return False
    except OSError:  # a file system without hard links: exclusive create is the fallback
        try:
            with target.open("x", encoding="utf-8", newline="\n") as stream:
                stream.write(content)
        except FileExistsError:
            return False
    return True


def run_init(
    root: Path | str = ".",
    *,
    plans: Sequence[Path] = (),
    config_file: Path | None = None,
    pack: str | None = None,
    only: Sequence[str] = (),
    dry_run: bool = False,
) -> InitResult:
    """Create a template for every missing required document (the requirements `check` uses)."""
    root = Path(root)
    settings, config = load_settings(root, config_file=config_file)
    collected = collect_requirements(root, plans, config_file, pack, config=config)
    typed = engine.assign_types(collected.requirements, config, settings.catalog)
    checker = engine.Checker(settings)
    planned = tuple(plan_requirement(checker, r) for r in select(typed, only))
    created: list[str] = []
    if not dry_run:
        for item in planned:
            if item.action is Action.CREATE and item.path and write_new(root, item.path, item.content):
                created.append(item.path)
    return InitResult(planned, tuple(created), dry_run)


def render(result: InitResult) -> str:
    """One line per requirement: what was (or would be) created, what exists, what was skipped."""
    lines: list[str] = []
    for item in result.planned:
        if item.action is Action.CREATE:
            if result.dry_run:
                lines.append(f"would create  {item.path}  ({item.doc_type})")
            elif item.path in result.created:
                lines.append(f"created       {item.path}  ({item.doc_type})")
            else:
                lines.append(f"exists        {item.path}  (appeared meanwhile; left alone)")
        elif item.action is Action.EXISTS:
            lines.append(f"exists        {item.path}")
        else:
            lines.append(f"skipped       {item.requirement}: {item.reason}")
    lines.append(_summary(result))
    return "\n".join(lines) + "\n"


def _summary(result: InitResult) -> str:
    exists = sum(1 for p in result.planned if p.action is Action.EXISTS)
    skipped = sum(1 for p in result.planned if p.action is Action.SKIP)
    made = len(result.to_create()) if result.dry_run else len(result.created)
    verb = "would create" if result.dry_run else "created"
    return f"{verb} {made} file(s); {exists} already exist; {skipped} skipped"
