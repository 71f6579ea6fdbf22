"""Bundled data: every schema and pack is valid, found from anywhere, and shipped in the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest
import yaml

from gapcheck.catalog import bundled_schema_files, load_catalog
from gapcheck.packs import load_pack, pack_names
from gapcheck.resources import data_dir

REPO = Path(__file__).resolve().parents[1]


def test_meta_schemas_are_valid_json_schemas() -> None:
    metas = sorted((data_dir("schemas") / "meta").glob("*.json"))
    assert {m.name for m in metas} >= {
        "doc-schema.schema.json",
        "config.schema.json",
        "report.schema.json",
        "rule-pack.schema.json",
        "front-matter.schema.json",
    }
    for meta in metas:
        jsonschema.Draft202012Validator.check_schema(json.loads(meta.read_text(encoding="utf-8")))


@pytest.mark.parametrize("file", bundled_schema_files(), ids=lambda f: f.stem)
def test_every_bundled_schema_loads_and_cites_sources(file: Path) -> None:
    schema = load_catalog().get(file.stem)
    assert schema.sources, "a schema cites its primary sources"
    assert all(section.source for section in schema.sections)
    assert all(rule.source for rule in schema.rules)
    assert yaml.safe_load(file.read_text(encoding="utf-8"))["id"] == file.stem


@pytest.mark.parametrize("name", pack_names())
def test_every_pack_type_has_a_schema(name: str) -> None:
    catalog = load_catalog()
    for requirement in load_pack(name):
        if requirement.doc_type is not None:
            assert requirement.doc_type in catalog.schemas, requirement.path


def test_data_found_from_any_working_directory(tmp_path: Path) -> None:
    code = "from gapcheck.resources import data_dir; print(data_dir('schemas'))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert (Path(out) / "meta" / "doc-schema.schema.json").is_file()


@pytest.mark.slow
def test_wheel_ships_rules_and_schemas(tmp_path: Path) -> None:
    """`pip install .` (not editable) must carry rules/ and schemas/ inside the package."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    wheel = next(tmp_path.glob("gapcheck-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "gapcheck/_data/rules/strategic-gaps.yaml" in names
    assert "gapcheck/_data/schemas/privacy-policy.yaml" in names
    assert "gapcheck/_data/schemas/meta/report.schema.json" in names
    assert "gapcheck/py.typed" in names
    assert not any(name.startswith("tests/") for name in names)


@pytest.mark.parametrize("file", bundled_schema_files(), ids=lambda f: f.stem)
def test_bundled_schema_passes_the_meta_schema(file: Path) -> None:
    """The run skips this pass for bundled schemas to start fast, so the tests must do it."""
    from gapcheck.catalog import load_schema_file

    load_schema_file(file, file.name, trusted=False)


def test_schema_cache_is_used_and_a_broken_cache_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gapcheck import catalog

    monkeypatch.setenv("GAPCHECK_CACHE_DIR", str(tmp_path))
    first = catalog._bundled_schemas()
    cached = list((tmp_path / "gapcheck").glob("schemas-*.json"))
    assert len(cached) == 1
    assert catalog._bundled_schemas() == first  # read back from the cache
    cached[0].write_text("{not json", encoding="utf-8")
    assert catalog._bundled_schemas() == first  # a broken cache falls back to the YAML files
