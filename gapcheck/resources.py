"""The one place that knows where the bundled rules/ and schemas/ live."""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import Literal

DataKind = Literal["rules", "schemas"]


def data_dir(kind: DataKind) -> Path:
    """The bundled folder: inside the wheel (gapcheck/_data/...) or, in a checkout, beside the package."""
    packaged = Path(str(importlib.resources.files("gapcheck") / "_data" / kind))
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / kind


def meta_schema_path(name: str) -> Path:
    """A JSON Schema shipped in schemas/meta/ (document schema, rule pack, config, report)."""
    return data_dir("schemas") / "meta" / name
