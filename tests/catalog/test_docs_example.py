"""The example in docs/catalog.md is a valid exercise file, so the documentation cannot rot."""

from __future__ import annotations

import tomllib
from pathlib import Path

from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import Exercise

from .helpers import DOCS, docs_example


def test_docs_example_loads_as_an_eighth_exercise(clinic_dir: Path) -> None:
    (clinic_dir / "sit-to-stand.toml").write_text(docs_example(), encoding="utf-8")
    exercise = load_catalog(clinic_dir).require("sit-to-stand")
    assert exercise.order == 8
    assert exercise.illustration is not None


def test_docs_describe_every_top_level_key() -> None:
    documented = DOCS.read_text(encoding="utf-8")
    for key in Exercise.model_fields:
        assert f"`{key}`" in documented or f"[{key}]" in documented, key


def test_docs_example_uses_only_documented_keys() -> None:
    data = tomllib.loads(docs_example())
    assert set(data) <= set(Exercise.model_fields)
