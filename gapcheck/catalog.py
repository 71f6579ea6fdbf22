"""Document schemas: load, validate against the meta-schema, and pick one for a path or title."""

from __future__ import annotations

import difflib
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from gapcheck.errors import SchemaError
from gapcheck.globs import glob_matches
from gapcheck.resources import data_dir, meta_schema_path

try:  # the C loader is several times faster; start-up time matters in a pre-commit hook
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

if TYPE_CHECKING:
    import jsonschema


@dataclass(frozen=True, slots=True)
class SectionSpec:
    id: str
    title: str
    level: str
    source: str
    aliases: tuple[str, ...] = ()
    key_terms: tuple[tuple[str, ...], ...] = ()
    when: tuple[str, ...] = ()
    min_words: int | None = None
    why: str = ""
    # A summary, purpose or welcome: documents put it in their opening paragraphs, under no heading.
    opening: bool = False


@dataclass(frozen=True, slots=True)
class RuleSpec:
    id: str
    check: str
    message: str
    level: str
    source: str
    pattern: str | None = None
    scope: str = "document"
    columns: tuple[tuple[str, ...], ...] = ()
    hint: str = ""
    when: tuple[str, ...] = ()
    # The value may live on an order form or cover page: in standard terms that say so, a miss is a warning.
    deferrable: bool = False


@dataclass(frozen=True, slots=True)
class ReviewSpec:
    max_age_days: int
    field: str = "last_reviewed"
    source: str = ""


@dataclass(frozen=True, slots=True)
class DocSchema:
    id: str
    name: str
    description: str
    file: str
    category: str = ""
    basis: str = ""
    confidence: str = ""
    sources: tuple[tuple[str, str], ...] = ()
    paths: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    conditions: Mapping[str, str] = field(default_factory=dict)
    front_matter_required: tuple[str, ...] = ()
    front_matter_recommended: tuple[str, ...] = ()
    front_matter_properties: Mapping[str, Any] = field(default_factory=dict)
    review: ReviewSpec | None = None
    min_words: int = 0
    max_unchecked: int | None = None
    placeholders: tuple[str, ...] = ()
    sections: tuple[SectionSpec, ...] = ()
    rules: tuple[RuleSpec, ...] = ()

    def section(self, section_id: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.id == section_id), None)


def normalise_path(path: str) -> str:
    """Case and '_' versus '-' do not tell document types apart."""
    return path.lower().replace("_", "-")


@cache
def _meta_validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # imported on use: a run without it starts faster

    schema = json.loads(meta_schema_path(name).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    validator: jsonschema.protocols.Validator = cls(schema, format_checker=jsonschema.FormatChecker())
    return validator


def validate_with_meta(data: Any, meta: str, path: str) -> None:
    """Raise SchemaError naming the file and the key of the first (best) violation."""
    import jsonschema  # imported on use: a run without it starts faster

    error = jsonschema.exceptions.best_match(_meta_validator(meta).iter_errors(data))
    if error is not None:
        key = "/".join(str(part) for part in error.absolute_path) or "(top level)"
        raise SchemaError(error.message, path=path, key=key)


def load_yaml_file(path: Path, display: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"cannot read: {exc}", path=display) from exc
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise SchemaError.invalid_yaml(exc, display) from exc


def _groups(raw: Iterable[Iterable[str]] | None) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(term) for term in group) for group in raw or ())


def _section(raw: Mapping[str, Any]) -> SectionSpec:
    return SectionSpec(
        id=raw["id"],
        title=raw["title"],
        level=raw["level"],
        source=raw["source"],
        aliases=tuple(raw.get("aliases", ())),
        key_terms=_groups(raw.get("key_terms")),
        when=tuple(raw.get("when", ())),
        min_words=raw.get("min_words"),
        why=raw.get("why", ""),
        opening=bool(raw.get("opening", False)),
    )


def _rule(raw: Mapping[str, Any]) -> RuleSpec:
    return RuleSpec(
        id=raw["id"],
        check=raw["check"],
        message=raw["message"],
        level=raw["level"],
        source=raw["source"],
        pattern=raw.get("pattern"),
        scope=raw.get("scope", "document"),
        columns=_groups(raw.get("columns")),
        hint=raw.get("hint", ""),
        when=tuple(raw.get("when", ())),
        deferrable=bool(raw.get("deferrable", False)),
    )


def schema_from_data(data: Mapping[str, Any], display: str, *, trusted: bool = False) -> DocSchema:
    """Build a DocSchema from already-validated data, checking what JSON Schema cannot."""
    front = data.get("front_matter", {})
    review = data.get("review")
    schema = DocSchema(
        id=data["id"],
        name=data["name"],
        description=data["description"],
        file=display,
        category=data.get("category", ""),
        basis=data.get("basis", ""),
        confidence=data.get("confidence", ""),
        sources=tuple((s["cite"], s.get("url", "")) for s in data["sources"]),
        paths=tuple(data.get("match", {}).get("paths", ())),
        titles=tuple(data.get("match", {}).get("titles", ())),
        conditions=dict(data.get("conditions", {})),
        front_matter_required=tuple(front.get("required", ())),
        front_matter_recommended=tuple(front.get("recommended", ())),
        front_matter_properties=dict(front.get("properties", {})),
        review=ReviewSpec(**review) if review else None,
        min_words=data.get("min_words", 0),
        max_unchecked=data.get("max_unchecked"),
        placeholders=tuple(data.get("placeholders", ())),
        sections=tuple(_section(s) for s in data.get("sections", ())),
        rules=tuple(_rule(r) for r in data.get("rules", ())),
    )
    if not trusted:
        _check_consistency(schema)
    return schema


def _check_consistency(schema: DocSchema) -> None:
    """Cross-references the meta-schema cannot express: ids, scopes, conditions, regexes."""
    seen: set[str] = set()
    for index, section in enumerate(schema.sections):
        if section.id in seen:
            raise SchemaError("duplicate section id", path=schema.file, key=f"sections/{index}/id")
        seen.add(section.id)
        _check_when(schema, section.when, f"sections/{index}/when")
    for index, rule in enumerate(schema.rules):
        if rule.scope.startswith("section:") and rule.scope[8:] not in seen:
            raise SchemaError(
                f"scope names unknown section {rule.scope[8:]!r}",
                path=schema.file,
                key=f"rules/{index}/scope",
            )
        _check_when(schema, rule.when, f"rules/{index}/when")
        if rule.pattern is not None:
            _check_regex(rule.pattern, schema.file, f"rules/{index}/pattern")
    for index, pattern in enumerate(schema.placeholders):
        _check_regex(pattern, schema.file, f"placeholders/{index}")
    for index, pattern in enumerate(schema.titles):
        _check_regex(pattern, schema.file, f"match/titles/{index}")


def _check_when(schema: DocSchema, when: Sequence[str], key: str) -> None:
    for name in when:
        if name not in schema.conditions:
            raise SchemaError(
                f"condition {name!r} is not declared under `conditions`", path=schema.file, key=key
            )


def _check_regex(pattern: str, path: str, key: str) -> None:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise SchemaError(f"invalid regular expression: {exc}", path=path, key=key) from exc


def load_schema_file(path: Path, display: str, *, trusted: bool = False) -> DocSchema:
    """Load one schema. `trusted` skips the JSON Schema pass (about 15 ms a file) for the
    bundled schemas, which the test suite validates; user schemas are always validated."""
    data = load_yaml_file(path, display)
    if not trusted or os.environ.get("GAPCHECK_VALIDATE_BUNDLED"):
        validate_with_meta(data, "doc-schema.schema.json", display)
    if data["id"] != path.stem:
        raise SchemaError(f"id {data['id']!r} differs from the file name", path=display, key="id")
    return schema_from_data(
        data, display, trusted=trusted and not os.environ.get("GAPCHECK_VALIDATE_BUNDLED")
    )


@dataclass(frozen=True)
class Catalog:
    """All known document schemas, bundled and user-supplied (a user schema replaces a bundled one)."""

    schemas: Mapping[str, DocSchema]

    def get(self, type_id: str) -> DocSchema:
        try:
            return self.schemas[type_id]
        except KeyError:
            raise SchemaError(unknown_type_message(type_id, self.schemas)) from None

    def for_path(self, path: str) -> DocSchema | None:
        """The schema whose file patterns match the path; the most specific pattern wins."""
        candidate = normalise_path(path)
        best: tuple[int, str] | None = None
        for schema in self.schemas.values():
            for pattern in schema.paths:
                if glob_matches(normalise_path(pattern), candidate):
                    score = _specificity(pattern)
                    if best is None or score > best[0]:
                        best = (score, schema.id)
        return self.schemas[best[1]] if best else None

    def for_title(self, title: str) -> DocSchema | None:
        """The schema whose title pattern matches the longest part of a task title."""
        best: tuple[int, str] | None = None
        for schema in self.schemas.values():
            for pattern in schema.titles:
                match = _title_regex(pattern).search(title)
                if match and (best is None or len(match.group(0)) > best[0]):
                    best = (len(match.group(0)), schema.id)
        return self.schemas[best[1]] if best else None

    def resolve(self, path: str | None, title: str | None) -> DocSchema | None:
        """Title first (the plan says what it wants), then the path."""
        by_title = self.for_title(title) if title else None
        if by_title is not None:
            return by_title
        return self.for_path(path) if path else None


def unknown_type_message(type_id: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(type_id, list(known), n=1)
    suggestion = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown document type {type_id!r}{suggestion}"


@cache
def _title_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _specificity(pattern: str) -> int:
    """Literal characters count; a pattern without wildcards beats any glob."""
    literal = len(re.sub(r"[*?\[\]]", "", pattern))
    return literal + (1000 if not re.search(r"[*?\[]", pattern) else 0)


def bundled_schema_files() -> list[Path]:
    return sorted(data_dir("schemas").glob("*.yaml"))


def load_catalog(extra_dirs: Sequence[tuple[Path, str]] = ()) -> Catalog:
    """Load bundled schemas, then each (directory, display name) of user schemas over them."""
    return _load_catalog(tuple(extra_dirs))


@cache
def _load_catalog(extra_dirs: tuple[tuple[Path, str], ...]) -> Catalog:
    schemas = dict(_bundled_schemas())
    for directory, display in extra_dirs:
        if not directory.is_dir():
            raise SchemaError("schema directory does not exist", path=display)
        for file in sorted(directory.glob("*.yaml")):
            schema = load_schema_file(file, f"{display.rstrip('/')}/{file.name}")
            schemas[schema.id] = schema
    return Catalog(schemas)


def _bundled_schemas() -> dict[str, DocSchema]:
    """Bundled schemas, from a JSON copy in the user's cache when one matches the files.

    Parsing 40-odd YAML files costs about 200 ms, which every pre-commit run would pay;
    the cache is keyed by a hash of the bundled bytes, so an upgrade or an edit refreshes it.
    JSON, not pickle: nothing in a cache file can execute.
    """
    files = bundled_schema_files()
    raw = _read_cache(files)
    if raw is None:
        raw = {f.name: load_yaml_file(f, f"schemas/{f.name}") for f in files}
        _write_cache(files, raw)
    schemas: dict[str, DocSchema] = {}
    for file in files:
        data = raw[file.name]
        if not isinstance(data, dict) or data.get("id") != file.stem:
            schema = load_schema_file(file, f"schemas/{file.name}", trusted=True)
        else:
            schema = schema_from_data(data, f"schemas/{file.name}", trusted=True)
        schemas[schema.id] = schema
    return schemas


def _cache_file(files: Sequence[Path]) -> Path | None:
    base = os.environ.get("GAPCHECK_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    folder = Path(base) if base else Path.home() / ".cache"
    if os.environ.get("GAPCHECK_NO_CACHE"):
        return None
    digest = hashlib.sha256()
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return folder / "gapcheck" / f"schemas-{digest.hexdigest()[:20]}.json"


def _read_cache(files: Sequence[Path]) -> dict[str, Any] | None:
    target = _cache_file(files)
    if target is None:
        return None
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_cache(files: Sequence[Path], raw: Mapping[str, Any]) -> None:
    target = _cache_file(files)
    if target is None:
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(raw, default=str), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only home only costs speed
