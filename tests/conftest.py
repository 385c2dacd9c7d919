"""Shared test set-up.

When ``KNEECOACH_TEST_DATABASE_URL`` names a PostgreSQL server (``make test`` does this for its
second, database-only pass), the run is skipped as a whole, with the reason printed, if that
server cannot be reached: a laptop without PostgreSQL still passes ``make test``.
"""

from __future__ import annotations

import os

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
