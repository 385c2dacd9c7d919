"""Shared test set-up.

When ``KNEECOACH_TEST_DATABASE_URL`` names a PostgreSQL server (``make test`` does this for its
second, database-only pass), the run is skipped as a whole, with the reason printed, if that
server cannot be reached: a laptop without PostgreSQL still passes ``make test``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest


def _postgres_unreachable(url: str) -> str | None:
    """The reason PostgreSQL at ``url`` cannot be used, or None when it answers."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'kneecoach[postgres]')"
    try:
        with psycopg.connect(url, connect_timeout=3) as connection:
            connection.execute("SELECT 1")
    except psycopg.Error as error:
        return f"cannot connect to {url}: {str(error).strip().splitlines()[0]}"
    return None


def pytest_configure(config: pytest.Config) -> None:
    url = os.environ.get("KNEECOACH_TEST_DATABASE_URL")
    if url and url.startswith("postgres"):
        reason = _postgres_unreachable(url)
        if reason:
            print(f"\nSKIPPED: PostgreSQL tests not run: {reason}")
            pytest.exit(f"PostgreSQL tests skipped: {reason}", returncode=0)


@pytest.fixture(autouse=True)
def _default_language_after_each_test() -> Iterator[None]:
    """Each test ends with Django's default language active again.

    A request through Django's test client runs in the test's own thread, and the language
    ``LocaleMiddleware`` (or a view) activated for it stays active there: nothing deactivates
    it at the end of a request, as the next request activates its own. A test that then calls
    a use case directly (the clinic's overview, worded in the active language) read Norwegian
    when it ran after a Norwegian page. Tests that never import Django are left alone."""
    yield
    translation = sys.modules.get("django.utils.translation")
    if translation is not None:
        translation.deactivate()
