"""A clinic adds an exercise by dropping a file into a folder; unknown slugs raise NotFound."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kneecoach.catalog.loader import (
    configured_dirs,
    default_catalog,
    load_catalog,
    require,
)
from kneecoach.errors import NotFound

from .helpers import docs_example


def test_a_dropped_in_eighth_exercise_loads_in_order(clinic_dir: Path) -> None:
    (clinic_dir / "sit-to-stand.toml").write_text(docs_example(), encoding="utf-8")
    catalog = load_catalog(clinic_dir)
    assert catalog.slugs[-1] == "sit-to-stand"
    assert len(catalog.exercises) == 8
    assert require(catalog, "sit-to-stand").order == 8


def test_a_clinic_exercise_can_sit_between_the_seeds(clinic_dir: Path) -> None:
    text = docs_example().replace("order = 8", "order = 20")
    (clinic_dir / "sit-to-stand.toml").write_text(text, encoding="utf-8")
    assert load_catalog(clinic_dir).slugs[-1] == "sit-to-stand"


def test_unknown_slug_raises_not_found_listing_known_slugs() -> None:
    catalog = load_catalog()
    with pytest.raises(NotFound) as caught:
        require(catalog, "lunges")
    assert "'lunges'" in caught.value.message
    assert "wall-squat" in caught.value.message
    assert caught.value.field == "exercise"
    assert caught.value.status == 404


def test_configured_dirs_reads_both_environment_variables(tmp_path: Path) -> None:
    first, second, data = tmp_path / "a", tmp_path / "b", tmp_path / "data"
    (data / "exercises").mkdir(parents=True)
    environ = {
        "KNEECOACH_CATALOG_DIRS": os.pathsep.join([str(first), "", str(second)]),
        "KNEECOACH_DATA_DIR": str(data),
    }
    assert configured_dirs(environ) == (first, second, data / "exercises")


def test_data_dir_without_exercises_folder_adds_nothing(tmp_path: Path) -> None:
    assert configured_dirs({"KNEECOACH_DATA_DIR": str(tmp_path)}) == ()


@pytest.mark.usefixtures("fresh_default_catalog")
def test_default_catalog_includes_the_data_dir_exercises(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "sit-to-stand.toml").write_text(docs_example(), encoding="utf-8")
    monkeypatch.setenv("KNEECOACH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("KNEECOACH_CATALOG_DIRS", raising=False)
    assert "sit-to-stand" in default_catalog().slugs
    assert default_catalog() is default_catalog()


@pytest.mark.usefixtures("fresh_default_catalog")
def test_default_catalog_reads_catalog_dirs(
    clinic_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clinic_dir / "sit-to-stand.toml").write_text(docs_example(), encoding="utf-8")
    monkeypatch.setenv("KNEECOACH_CATALOG_DIRS", str(clinic_dir))
    monkeypatch.delenv("KNEECOACH_DATA_DIR", raising=False)
    assert default_catalog().slugs[-1] == "sit-to-stand"


def test_naming_the_packaged_folder_again_does_not_clash() -> None:
    from kneecoach.catalog.loader import EXERCISES_DIR

    assert len(load_catalog(EXERCISES_DIR).exercises) == 7
