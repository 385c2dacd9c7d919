"""The crash-durability check, short (issue 11): two cycles of bench/durability.py, ``kill -9`` of
the real server under API write load, on SQLite (the first ``make test`` pass) and PostgreSQL
(the database pass). Every acknowledged write must be there after the restart, and the
database's own check (SQLite's ``PRAGMA integrity_check``, PostgreSQL's ``amcheck``) must say
ok. The full run is ``python bench/durability.py``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from bench import durability


@pytest.fixture
def phantom(monkeypatch: pytest.MonkeyPatch) -> durability.Write:
    """A write counted as acknowledged that was never sent: the count must find it missing, so
    the check shows it can fail (and that it finds nothing else)."""
    ghost = durability.Write("-", "2000-01-01", "clamshell", 1, "left", "never-sent")
    join = durability.Writers.join

    def join_and_add(self: durability.Writers) -> None:
        join(self)
        if self.cycle == 1:
            self.acked.append(replace(ghost, token=self.tokens[0]))

    monkeypatch.setattr(durability.Writers, "join", join_and_add)
    return ghost


def check(figures: durability.Figures, ghost: durability.Write) -> None:
    print(durability.report(figures, "test"))
    assert figures.cycles == 2
    assert figures.acknowledged > 1  # the load did write
    assert [w.note for w in figures.lost_writes] == [ghost.note]  # nothing but the phantom
    assert figures.errors == []


def test_acknowledged_writes_survive_kill_9_on_sqlite(tmp_path: Path, phantom: Any) -> None:
    figures = durability.run(
        cycles=2, writers=3, load_seconds=(0.5, 1.0), data_dir=tmp_path, processes=1
    )
    check(figures, phantom)
    assert figures.integrity == ["ok", "ok"]


@pytest.mark.django_db(transaction=True)
def test_acknowledged_writes_survive_kill_9_on_postgresql(tmp_path: Path, phantom: Any) -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (make test's database pass)")
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    if db.get("PASSWORD"):
        url = url.replace("@", f":{db['PASSWORD']}@", 1)
    figures = durability.run(
        cycles=2,
        writers=3,
        load_seconds=(0.5, 1.0),
        database_url=url,
        data_dir=tmp_path,
        processes=1,
    )
    check(figures, phantom)
    # amcheck on every index; "n/a" only where the role may not create the extension.
    assert all(r == "ok" or r.startswith("n/a (amcheck") for r in figures.integrity)
