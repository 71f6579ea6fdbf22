"""Front matter: present, valid YAML, and valid against the common and per-type JSON Schema."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema


from gapcheck.catalog import DocSchema
from gapcheck.checks._base import CheckContext, CodeInfo
from gapcheck.document import Document
from gapcheck.model import Finding, Severity
from gapcheck.resources import meta_schema_path

MISSING_FRONT_MATTER = CodeInfo(
    "GC201",
    "missing-front-matter",
    Severity.ERROR,
    "The document has no YAML front matter, but its type requires fields.",
    "Start the file with a `---` block holding at least the fields the type requires "
    "(see `gapcheck schema show TYPE`).",
)
INVALID_FRONT_MATTER = CodeInfo(
    "GC202",
    "invalid-front-matter",
    Severity.ERROR,
    "The front matter is not valid YAML or not a mapping.",
    "gapcheck reads front matter with a safe YAML loader; the message gives the line of the problem.",
)
FRONT_MATTER_SCHEMA = CodeInfo(
    "GC203",
    "front-matter-schema",
    Severity.ERROR,
    "A front-matter field is missing or has the wrong form.",
    "A required field is absent, or a field breaks the JSON Schema (dates must be real "
    "YYYY-MM-DD dates, status one of draft/in-review/approved/published/retired...).",
)

CODES = (MISSING_FRONT_MATTER, INVALID_FRONT_MATTER, FRONT_MATTER_SCHEMA)


def check(doc: Document, schema: DocSchema, ctx: CheckContext) -> Iterator[Finding]:
    if ctx.content_only:
        return
    if doc.front_matter_error is not None:
        error = doc.front_matter_error
        yield INVALID_FRONT_MATTER.finding(
            doc.path, error.line, error.message, hint="Fix the YAML between the '---' lines."
        )
        return
    if doc.front_matter is None:
        if schema.front_matter_required:
            fields = ", ".join(schema.front_matter_required)
            yield MISSING_FRONT_MATTER.finding(
                doc.path,
                1,
                f"no front matter; {schema.name} requires: {fields}",
                hint="Add a '---' YAML block at the top of the file.",
            )
        return
    yield from _validate(doc, schema)


def to_json_value(value: Any) -> Any:
    """YAML gives dates as date objects; JSON Schema expects ISO strings."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_value(v) for v in value]
    return value


def _validate(doc: Document, schema: DocSchema) -> Iterator[Finding]:
    data = to_json_value(doc.front_matter)
    start = doc.front_matter_lines[0] if doc.front_matter_lines else 1
    # An empty field (`owner:`, `owner: ""`) is not filled in yet: one finding if required, not two.
    empty = {name for name, value in data.items() if value in (None, "", [])}
    for name in schema.front_matter_required:
        if name not in data or name in empty:
            yield FRONT_MATTER_SCHEMA.finding(
                doc.path,
                key_line(doc, name) or start,
                f"front matter lacks required field '{name}'",
                hint=f"Add `{name}:` ({schema.name} requires it).",
            )
    validator = _validator(json.dumps(dict(schema.front_matter_properties), sort_keys=True))
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        key = str(error.path[0]) if error.path else ""
        if key in empty:
            continue
        yield FRONT_MATTER_SCHEMA.finding(
            doc.path,
            key_line(doc, key) or start,
            f"front matter '{key}': {error.message}" if key else error.message,
            hint="Dates are YYYY-MM-DD; see `gapcheck schema show` for each field's form.",
        )


@cache
def _validator(overrides_json: str) -> jsonschema.protocols.Validator:
    import jsonschema  # imported on use: a run without it starts faster

    common = json.loads(meta_schema_path("front-matter.schema.json").read_text(encoding="utf-8"))
    common["properties"] = {**common["properties"], **json.loads(overrides_json)}
    return jsonschema.Draft202012Validator(common, format_checker=jsonschema.FormatChecker())


def key_line(doc: Document, key: str) -> int | None:
    if not key or doc.front_matter_lines is None:
        return None
    first, last = doc.front_matter_lines
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    lines = doc.text.split("\n")
    for number in range(first, min(last, len(lines)) + 1):
        if pattern.match(lines[number - 1]):
            return number
    return None
