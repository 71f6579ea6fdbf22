"""Built-in rule packs: named sets of requirements that need no plan."""

from __future__ import annotations

from functools import cache

from gapcheck.catalog import load_yaml_file, validate_with_meta
from gapcheck.errors import SchemaError
from gapcheck.model import Origin, PathKind, Priority, Requirement
from gapcheck.resources import data_dir


def pack_names() -> list[str]:
    return sorted(file.stem for file in data_dir("rules").glob("*.yaml"))


def path_kind(path: str) -> PathKind:
    if any(char in path for char in "*?["):
        return PathKind.GLOB
    return PathKind.DIRECTORY if path.endswith("/") else PathKind.FILE


@cache
def load_pack(name: str) -> tuple[Requirement, ...]:
    file = data_dir("rules") / f"{name}.yaml"
    display = f"rules/{name}.yaml"
    if not file.is_file():
        known = ", ".join(pack_names())
        raise SchemaError(f"unknown rule pack {name!r}; built-in packs: {known}", key="pack")
    data = load_yaml_file(file, display)
    validate_with_meta(data, "rule-pack.schema.json", display)
    lines = _requirement_lines(file.read_text(encoding="utf-8"))
    return tuple(
        Requirement(
            path=item["path"],
            kind=path_kind(item["path"]),
            title=item["title"],
            origin=Origin(display, lines[index] if index < len(lines) else 1),
            priority=Priority(item["priority"]),
            doc_type=item.get("type"),
            phase=item.get("phase"),
            section=item.get("section"),
            owner=item.get("owner"),
            alternatives=tuple(item.get("alternatives", ())),
        )
        for index, item in enumerate(data["requirements"])
    )


def _requirement_lines(text: str) -> list[int]:
    """The line of each `- path:` entry, so findings can point into the pack."""
    return [
        number
        for number, line in enumerate(text.splitlines(), start=1)
        if line.lstrip().startswith("- path:")
    ]
