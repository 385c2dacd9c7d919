"""The parsed-TOML cache of the catalogue loader (``catalog.loader.ParsedTomlCache``): the
catalogue loaded through it equals the one parsed from the files, an edited file is parsed
again, and a missing data directory or a broken cache file changes nothing but the speed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kneecoach.catalog import loader
from kneecoach.errors import CatalogError

CACHE = Path("cache") / loader.ParsedTomlCache.FILE_NAME


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(loader.DATA_DIR_ENV, str(tmp_path))
    return tmp_path


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(text: str) -> object:
        raise AssertionError("parsed although the cache had the file")

    monkeypatch.setattr(tomllib, "loads", refuse)


def test_the_second_load_reads_the_cache_and_gives_the_same_catalogue(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = loader.load_catalog()
    assert (data_dir / CACHE).is_file()
    _no_parsing(monkeypatch)
    assert loader.load_catalog() == first


def test_an_edited_file_is_parsed_again(data_dir: Path, tmp_path: Path) -> None:
    clinic = tmp_path / "clinic"
    clinic.mkdir()
    source = (loader.EXERCISES_DIR / "wall-squat.toml").read_text(encoding="utf-8")
    clinic_squat = (
        source.replace('slug = "wall-squat"', 'slug = "clinic-squat"')
        .replace(
            'id = "5c8e0f23-930e-5ebb-9442-61ad0096196a"',
            'id = "0c1c1c1c-0000-4000-8000-000000000001"',
        )
        .replace("order = 6", "order = 901")
    )
    path = clinic / "clinic-squat.toml"
    path.write_text(clinic_squat, encoding="utf-8")
    assert loader.load_catalog(clinic).require("clinic-squat").order == 901
    path.write_text(clinic_squat.replace("order = 901", "order = 902"), encoding="utf-8")
    assert loader.load_catalog(clinic).require("clinic-squat").order == 902
    path.write_text("slug = [", encoding="utf-8")
    with pytest.raises(CatalogError, match="TOML syntax error"):
        loader.load_catalog(clinic)


def test_no_data_directory_means_no_cache_and_nothing_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "not-there"
    monkeypatch.setenv(loader.DATA_DIR_ENV, str(missing))
    assert loader.load_catalog() == loader.load_catalog()
    assert not missing.exists()


@pytest.mark.parametrize("content", ["{not json", '{"version": 0, "files": {}}', "[]"])
def test_a_broken_or_old_cache_file_is_ignored_and_replaced(data_dir: Path, content: str) -> None:
    expected = loader.load_catalog()
    (data_dir / CACHE).write_text(content, encoding="utf-8")
    assert loader.load_catalog() == expected
    assert '"version": 1' in (data_dir / CACHE).read_text(encoding="utf-8")
