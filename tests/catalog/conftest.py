"""Fixtures: a clinic's folder of extra exercises, and a default catalogue cleared around a test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kneecoach.catalog.loader import clear_default_catalog


@pytest.fixture
def clinic_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "clinic"
    folder.mkdir()
    return folder


@pytest.fixture
def fresh_default_catalog() -> Iterator[None]:
    clear_default_catalog()
    yield
    clear_default_catalog()
