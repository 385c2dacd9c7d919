"""Helpers: the docs' example exercise, packaged files to copy, expecting a CatalogError."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kneecoach.catalog.loader import EXERCISES_DIR, load_catalog
from kneecoach.errors import CatalogError

DOCS = Path(__file__).resolve().parents[2] / "docs" / "catalog.md"


def docs_example() -> str:
    """The minimal eighth exercise printed in docs/catalog.md."""
    match = re.search(r"```toml\n# sit-to-stand\.toml\n(.*?)```", DOCS.read_text(), re.S)
    assert match, "docs/catalog.md lost its sit-to-stand.toml example"
    return match.group(1)


def packaged_text(slug: str) -> str:
    return (EXERCISES_DIR / f"{slug}.toml").read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def load_error(folder: Path) -> CatalogError:
    with pytest.raises(CatalogError) as caught:
        load_catalog(folder)
    return caught.value
