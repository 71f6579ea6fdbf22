"""The library entry points: `check()` a repository, `lint()` documents. No click, no printing."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from gapcheck import engine
from gapcheck.config import Config, find_config, load_config
from gapcheck.errors import GapcheckError, PlanReadError
from gapcheck.model import Origin, Plan, Report, Requirement
from gapcheck.packs import load_pack, path_kind
from gapcheck.schedule import schedule_plan

DEFAULT_PACK = "strategic-gaps"


def _display(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_plan(file: Path, root: Path) -> Plan:
    from gapcheck.plan import PlanError, load_plan  # imported here: `lint` needs no plan parser

    shown = _display(file, root)
    if not file.is_file():
        raise PlanReadError("plan file does not exist", path=shown)
    try:
        return load_plan(file, shown)
    except PlanError as exc:
        raise PlanReadError(str(exc), path=shown, line=getattr(exc, "line", None)) from exc
    except OSError as exc:
        raise PlanReadError(f"cannot read: {exc.strerror}", path=shown) from exc


def load_settings(
    root: Path,
    *,
    config_file: Path | None = None,
    fail_on: str | None = None,
    today: dt.date | None = None,
    content_only: bool | None = None,
) -> tuple[engine.RunSettings, Config]:
    if not root.is_dir():
        raise GapcheckError("repository root is not a directory", path=str(root))
    found = config_file if config_file is not None else find_config(root)
    config = load_config(found, _display(found, root) if found else None)
    settings = engine.RunSettings(
        root=root,
        config=config,
        catalog=engine.catalog_for(root, config),
        today=today or dt.date.today(),
        fail_on=fail_on or config.fail_on or engine.DEFAULT_FAIL_ON,
        content_only=config.content_only if content_only is None else content_only,
    )
    return settings, config


def check(
    root: Path | str = ".",
    *,
    plans: Sequence[Path] = (),
    config_file: Path | None = None,
    fail_on: str | None = None,
    today: dt.date | None = None,
    pack: str | None = None,
    content_only: bool | None = None,
    gate_all: bool = False,
    changed: bool = False,
    base: str = "HEAD",
) -> Report:
    """Check a repository against its plan(s), config and rule pack.

    With a start date (plan front matter or config `start_date`) only what is due by
    `today` gates; `gate_all` gates on everything.
    """
    root = Path(root)
    settings, config = load_settings(
        root, config_file=config_file, fail_on=fail_on, today=today, content_only=content_only
    )
    collected = collect_requirements(root, plans, config_file, pack, config=config)
    settings = _with_plans(settings, [plan.path for plan in collected.plans], collected.pack)
    settings = dataclasses.replace(settings, gate_all=gate_all, unplanned=True)
    if not changed:
        return engine.run(settings, collected.requirements, collected.plans)
    # --changed: read only documents git reports as changed since `base` (gapcheck.changed).
    from gapcheck.changed import BaseRevision, scope

    found = scope(root, base, config.file, [plan.path for plan in collected.plans], config.schemas_dirs)
    if found.commit is not None:  # changed documents are compared with their base version (GC306)
        settings = dataclasses.replace(settings, base=BaseRevision(found.commit, found.files))
    if not found.full:
        settings = dataclasses.replace(settings, changed=found.files)
    report = engine.run(settings, collected.requirements, collected.plans)
    return dataclasses.replace(report, extra={**report.extra, "changed": found.to_json(report)})


@dataclass(frozen=True)
class Collected:
    """What a repository must hold, merged from its plans, rule pack and config."""

    requirements: list[Requirement]
    plans: list[Plan]
    pack: str | None  # the rule pack that added requirements, if any


def collect_requirements(
    root: Path | str,
    plans: Sequence[Path] = (),
    config_file: Path | None = None,
    pack: str | None = None,
    *,
    config: Config | None = None,
) -> Collected:
    """The requirements `check` and `init` share: plans (or config `plan:`), pack, config."""
    root = Path(root)
    if config is None:
        found = config_file if config_file is not None else find_config(root)
        config = load_config(found, _display(found, root) if found else None)
    # A plan named on the command line is the user's choice; one named in the repository's
    # config is untrusted input and must stay inside the repository.
    plan_files = list(plans) or [engine.inside_repository(root, p, config.file, "plan") for p in config.plans]
    parsed = [schedule_plan(read_plan(file, root), config.start_date) for file in plan_files]
    groups: list[Sequence[Requirement]] = [plan.requirements for plan in parsed]
    chosen_pack = pack or config.pack
    if chosen_pack is None and not parsed and not config.requirements:
        chosen_pack = DEFAULT_PACK
    if chosen_pack and chosen_pack != "none":
        groups.append(load_pack(chosen_pack))
    groups.append(engine.config_requirements(config))
    used_pack = chosen_pack if chosen_pack and chosen_pack != "none" else None
    return Collected(engine.merge_requirements(groups), parsed, used_pack)


def _with_plans(
    settings: engine.RunSettings, plan_paths: Sequence[str], pack: str | None
) -> engine.RunSettings:
    import dataclasses

    shown = list(plan_paths)
    if pack and pack != "none":
        shown.append(f"pack:{pack}")
    return dataclasses.replace(settings, plan_paths=tuple(shown))


def lint(
    files: Sequence[Path],
    *,
    root: Path | str = ".",
    doc_type: str | None = None,
    content_only: bool = False,
    today: dt.date | None = None,
    config_file: Path | None = None,
) -> Report:
    """Check documents directly, without a plan: each against its type."""
    resolved = [file.resolve() for file in files]
    root = _lint_root(Path(root).resolve(), resolved)
    settings, _ = load_settings(
        root, config_file=config_file, today=today, content_only=content_only, fail_on="any"
    )
    requirements = [
        Requirement(
            path=_display(file, root),
            kind=path_kind(_display(file, root)),
            title=_display(file, root),
            origin=Origin(_display(file, root), 1),
            doc_type=doc_type or _front_matter_type(file),
        )
        for file in resolved
    ]
    return engine.run(settings, requirements, [])


def _lint_root(root: Path, files: Sequence[Path]) -> Path:
    """The given root when it holds every file, else the files' common folder."""
    if all(root in file.parents for file in files):
        return root
    return Path(os.path.commonpath([file.parent for file in files])) if files else root


def _front_matter_type(file: Path) -> str | None:
    from gapcheck.document import parse_document

    try:
        doc = parse_document(file.read_text(encoding="utf-8"), file.name)
    except (OSError, UnicodeDecodeError):
        return None
    value = (doc.front_matter or {}).get("doc_type")
    return value if isinstance(value, str) else None
