"""Find, read and validate `.gapcheck.yaml` or `[tool.gapcheck]` in pyproject.toml.

Every error names the file, the key and, for YAML, the line; an unknown key
suggests the nearest valid one. Nothing in the configuration is executed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from gapcheck.checks.front_matter import to_json_value
from gapcheck.errors import ConfigError
from gapcheck.resources import meta_schema_path

CONFIG_NAMES = (".gapcheck.yaml", ".gapcheck.yml")


@dataclass(frozen=True, slots=True)
class ExtraRequirement:
    path: str
    type: str | None = None
    priority: str | None = None
    title: str = ""
    owner: str | None = None


@dataclass(frozen=True, slots=True)
class Waiver:
    path: str
    reason: str
    expires: dt.date
    line: int = 1  # where the waiver is written, for the waiver-expired finding (YAML only)


@dataclass(frozen=True, slots=True)
class Ignore:
    path: str
    codes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Config:
    """The validated configuration. Empty when there is no config file."""

    file: str | None = None
    plans: tuple[str, ...] = ()
    pack: str | None = None
    fail_on: str | None = None
    applies: tuple[str, ...] = ()
    content_only: bool = False
    template_syntax: bool = False
    start_date: dt.date | None = None
    schemas_dirs: tuple[str, ...] = ()
    requirements: tuple[ExtraRequirement, ...] = ()
    types: Mapping[str, str] = field(default_factory=dict)
    schema_overrides: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    ignores: tuple[Ignore, ...] = ()
    placeholder_add: tuple[str, ...] = ()
    placeholder_remove: tuple[str, ...] = ()
    waivers: tuple[Waiver, ...] = ()


def find_config(root: Path) -> Path | None:
    """Look in ROOT, then its parents up to the repository's top (the folder holding .git)."""
    for folder in (root, *root.parents):
        for name in CONFIG_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
        if (folder / ".git").exists():
            break
    return None


def _has_tool_table(pyproject: Path) -> bool:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False
    return isinstance(data.get("tool"), dict) and "gapcheck" in data["tool"]


def load_config(file: Path | None, display: str | None = None) -> Config:
    if file is None:
        return Config()
    shown = display or file.name
    if not file.is_file():
        raise ConfigError("config file does not exist", path=shown)
    if file.suffix == ".toml":
        data: Any = _read_toml(file, shown)
        lines: dict[tuple[str, ...], int] = {}
    else:
        data, lines = _read_yaml(file, shown)
    data = {} if data is None else data
    _validate(data, shown, lines)
    return _build(data, shown, lines)


def _read_toml(file: Path, shown: str) -> Any:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=shown) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=shown) from exc
    tool = data.get("tool", {})
    return tool.get("gapcheck", {}) if isinstance(tool, dict) else {}


def _read_yaml(file: Path, shown: str) -> tuple[Any, dict[tuple[str, ...], int]]:
    try:
        text = file.read_text(encoding="utf-8")
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", path=shown) from exc
    except yaml.YAMLError as exc:
        raise ConfigError.invalid_yaml(exc, shown) from exc
    return data, _key_lines(node)


def _key_lines(node: yaml.Node | None, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Line of every key path, so errors can say where the bad value is."""
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = key.start_mark.line + 1
            lines.update(_key_lines(value, path))
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            path = (*prefix, str(index))
            lines[path] = value.start_mark.line + 1
            lines.update(_key_lines(value, path))
    return lines


@cache
def _config_schema() -> dict[str, Any]:
    return json.loads(meta_schema_path("config.schema.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _validate(data: Any, shown: str, lines: Mapping[tuple[str, ...], int]) -> None:
    import jsonschema  # imported on use: a run without it starts faster

    if not isinstance(data, dict):
        raise ConfigError("the configuration must be a mapping of keys", path=shown)
    schema = _config_schema()
    _check_unknown_keys(data, schema, (), shown, lines)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    error = jsonschema.exceptions.best_match(validator.iter_errors(to_json_value(data)))
    if error is not None:
        path = tuple(str(part) for part in error.absolute_path)
        raise ConfigError(error.message, path=shown, key=".".join(path) or None, line=_line(lines, path))


def _line(lines: Mapping[tuple[str, ...], int], path: Sequence[str]) -> int | None:
    path = tuple(path)
    while path:
        if path in lines:
            return lines[path]
        path = path[:-1]
    return None


def _check_unknown_keys(
    data: Any,
    schema: Mapping[str, Any],
    path: tuple[str, ...],
    shown: str,
    lines: Mapping[tuple[str, ...], int],
) -> None:
    """An unknown key is an error that suggests the nearest valid one."""
    if not isinstance(data, dict) or schema.get("additionalProperties") is not False:
        return
    known = schema.get("properties", {})
    for key, value in data.items():
        key_path = (*path, str(key))
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; valid keys: {', '.join(known)}"
            raise ConfigError(
                f"unknown key '{key}'{hint}",
                path=shown,
                key=".".join(key_path),
                line=_line(lines, key_path),
            )
        child = known[key]
        if child.get("type") == "array" and isinstance(value, list):
            for index, item in enumerate(value):
                _check_unknown_keys(item, child.get("items", {}), (*key_path, str(index)), shown, lines)
        else:
            _check_unknown_keys(value, child, key_path, shown, lines)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(item) for item in value)


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _build(data: Mapping[str, Any], shown: str, lines: Mapping[tuple[str, ...], int]) -> Config:
    placeholders = data.get("placeholders", {})
    return Config(
        file=shown,
        plans=_as_tuple(data.get("plan")),
        pack=data.get("pack"),
        fail_on=data.get("fail_on"),
        applies=_as_tuple(data.get("applies")),
        content_only=bool(data.get("content_only", False)),
        template_syntax=bool(data.get("template_syntax", False)),
        start_date=_date(data.get("start_date")),
        schemas_dirs=_as_tuple(data.get("schemas_dir")),
        requirements=tuple(
            ExtraRequirement(
                path=item["path"],
                type=item.get("type"),
                priority=item.get("priority"),
                title=item.get("title", ""),
                owner=item.get("owner"),
            )
            for item in data.get("requirements", ())
        ),
        types=dict(data.get("types", {})),
        schema_overrides=dict(data.get("schemas", {})),
        ignores=tuple(Ignore(item["path"], _as_tuple(item.get("codes"))) for item in data.get("ignore", ())),
        placeholder_add=_as_tuple(placeholders.get("add")),
        placeholder_remove=_as_tuple(placeholders.get("remove")),
        waivers=tuple(
            Waiver(
                item["path"],
                item["reason"],
                _date(item["expires"]) or dt.date.min,
                lines.get(("waivers", str(index)), 1),
            )
            for index, item in enumerate(data.get("waivers", ()))
        ),
    )
