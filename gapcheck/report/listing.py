"""`gapcheck rules`, `gapcheck explain` and `gapcheck schema show`: generated from the registries."""

from __future__ import annotations

import difflib
import json
from typing import Any

from gapcheck.catalog import DocSchema, load_catalog
from gapcheck.checks import ALL_CODES, code_info
from gapcheck.errors import GapcheckError


def _schema_summary(schema: DocSchema) -> dict[str, Any]:
    return {
        "id": schema.id,
        "name": schema.name,
        "category": schema.category,
        "confidence": schema.confidence,
        "sections": len(schema.sections),
        "sources": [cite for cite, _ in schema.sources],
    }


def render_rules(fmt: str) -> str:
    catalog = load_catalog()
    codes = [
        {"code": i.code, "rule": i.name, "severity": i.severity.value, "summary": i.summary}
        for i in sorted(ALL_CODES.values(), key=lambda i: i.code)
    ]
    types = [_schema_summary(s) for s in sorted(catalog.schemas.values(), key=lambda s: s.id)]
    if fmt == "json":
        data = {"codes": codes, "document_types": types}
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    lines = ["Finding codes:"]
    lines += [f"  {c['code']}  {c['rule']:<30} {c['severity']:<8} {c['summary']}" for c in codes]
    lines.append("")
    lines.append("Document types:")
    lines += [f"  {t['id']:<36} {t['name']}  ({t['sections']} sections)" for t in types]
    return "\n".join(lines) + "\n"


def render_explain(code: str) -> str:
    info = code_info(code)
    if info is None:
        names = [*ALL_CODES, *(i.name for i in ALL_CODES.values())]
        close = difflib.get_close_matches(code.strip(), names, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "`gapcheck rules` lists them"
        raise GapcheckError(f"unknown finding code {code!r}; {hint}")
    return (
        f"{info.code} {info.name} (default severity: {info.severity.value})\n\n"
        f"{info.summary}\n\n{info.explanation}\n"
    )


def schema_json(schema: DocSchema) -> dict[str, Any]:
    return {
        "id": schema.id,
        "name": schema.name,
        "description": schema.description,
        "sources": [{"cite": cite, "url": url} for cite, url in schema.sources],
        "front_matter": {
            "required": list(schema.front_matter_required),
            "recommended": list(schema.front_matter_recommended),
        },
        "review": (
            {
                "field": schema.review.field,
                "max_age_days": schema.review.max_age_days,
                "source": schema.review.source,
            }
            if schema.review
            else None
        ),
        "conditions": dict(schema.conditions),
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "level": s.level,
                "when": list(s.when),
                "aliases": list(s.aliases),
                "source": s.source,
                "why": s.why,
                "opening": s.opening,
            }
            for s in schema.sections
        ],
        "rules": [
            {
                "id": r.id,
                "check": r.check,
                "level": r.level,
                "scope": r.scope,
                "message": r.message,
                "source": r.source,
                "deferrable": r.deferrable,
            }
            for r in schema.rules
        ],
    }


def render_schema(type_id: str, fmt: str) -> str:
    schema = load_catalog().get(type_id)
    if fmt == "json":
        return json.dumps(schema_json(schema), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    lines = [f"{schema.name} ({schema.id})", "", schema.description, "", "Sources:"]
    lines += [f"  - {cite}" + (f" <{url}>" if url else "") for cite, url in schema.sources]
    lines += ["", "Sections:"]
    for s in schema.sections:
        when = f" when {', '.join(s.when)}" if s.when else ""
        lines.append(f"  [{s.level}{when}] {s.title}  ({s.id})")
        lines.append(f"      source: {s.source}")
        if s.why:
            lines.append(f"      {s.why}")
        if s.opening:
            lines.append("      (the document's opening paragraphs also count)")
    if schema.rules:
        lines += ["", "Rules:"]
        lines += [
            f"  [{r.level}] {r.id}: {r.message}  ({r.source})"
            + ("  (may be left to an order form or cover page)" if r.deferrable else "")
            for r in schema.rules
        ]
    if schema.front_matter_required:
        lines += ["", "Front matter required: " + ", ".join(schema.front_matter_required)]
    if schema.review:
        lines.append(
            f"Review at least every {schema.review.max_age_days} days ({schema.review.field})"
            + (f"; {schema.review.source}" if schema.review.source else "")
        )
    return "\n".join(lines) + "\n"
