"""Django for the command line: set-up, the database on first use, transactions.

Every command that touches the database runs its work through ``in_transaction`` (or the
``transaction`` block): one ``transaction.atomic()`` per command or per logged set, committed
before the command prints "saved" (transactions close at the command edge, never in services).

``configure`` sets Django up (settings, apps) and touches no file; ``kneecoach.cli.loader``
calls it before it imports a command module that needs the database, because those modules
import the services (and so Django's models) at their top. The data directory and this
version's tables are made sure of at the first database use (``ensure_database``), so
``kneecoach today --help`` or a usage error creates nothing.

Importing this module loads Django's machinery (~0.2 s), which is why only the loader and the
database commands import it; ``kneecoach --help`` and ``advise`` never do.
"""

from __future__ import annotations

import atexit
import importlib.util
import os
import secrets
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.db import transaction as db_transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import translation

from kneecoach import web
from kneecoach.errors import KneecoachError


class _FirstUse:
    """Whether this process set Django up itself (``set_up_here``) and has not yet made sure of
    the data directory and the tables (``pending``; a process that found Django ready, e.g.
    under pytest, has nothing to do)."""

    pending = False
    set_up_here = False  # ``configure`` ran ``django.setup()`` (not the tests, not a caller)


def set_up_by_the_cli() -> bool:
    """Whether this process's Django was set up by ``configure`` (the terminal's own settings
    and database), not by its caller (the tests, with theirs)."""
    return _FirstUse.set_up_here


def configure() -> None:
    """Set Django up once per process (``web.setup()`` without its folder: that waits for the
    first database use), with a local secret unless one is configured."""
    if not apps.ready:
        _local_secret()
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", web.SETTINGS_MODULE)
        django.setup()
        _FirstUse.pending = True
        _FirstUse.set_up_here = True
        # Closed at exit, as the teardown's collection used to close them: the start-up's
        # objects, Django's connection handler among them, are frozen and never collected
        # (``loader.resume_collection``). SQLite checkpoints its WAL file away on close.
        atexit.register(connections.close_all)
    translation.activate("en")  # the terminal speaks English, whatever was active before


def ensure_database(*, migrated: bool = True) -> None:
    """Django set up, the data directory made, and with ``migrated`` this version's tables
    (``_ensure_tables``); once per process."""
    configure()
    if _FirstUse.pending:
        settings.CONFIG.data_dir.mkdir(parents=True, exist_ok=True)
        if migrated:
            _ensure_tables()
            _FirstUse.pending = False
    translation.activate("en")


@contextmanager
def transaction() -> Iterator[None]:
    """The database ready, one transaction around the block (committed when the block ends)."""
    ensure_database()
    with db_transaction.atomic():
        yield


def in_transaction[R](work: Callable[[], R]) -> R:
    """``work()`` in one transaction, committed before this returns."""
    with transaction():
        return work()


def on_sqlite[R](work: Callable[[Any], R]) -> R | None:
    """``work(cursor)`` on the database, each statement its own transaction, when it is SQLite
    (the write generation and the terminal's ``today`` memo live only there); None on another
    database."""
    ensure_database()
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        return work(cursor)


def migrate() -> str:
    """Create or update the tables (``kneecoach migrate``); returns the database's name."""
    ensure_database(migrated=False)
    call_command("migrate", interactive=False, verbosity=0)
    _FirstUse.pending = False
    return str(settings.DATABASES["default"]["NAME"])


def _ensure_tables() -> None:
    """A new data directory (the default one, on first use) gets its tables at once: the
    terminal app is a personal tool and ``kneecoach migrate`` is safe to repeat. SQLite only:
    a PostgreSQL database may be a server's, so there the command stops with one line saying
    what to run. Cheap enough for every command: one query for the applied migrations, one
    folder listing per app (``kneecoach migrate`` itself loads the whole graph, ~0.1 s)."""
    if not _unapplied_migrations():
        return
    where = settings.DATABASES["default"]["NAME"]
    if connection.vendor != "sqlite":
        raise KneecoachError(
            f"the database {where} is not set up for this version of kneecoach; "
            "run `kneecoach migrate` first",
            field="database",
        )
    call_command("migrate", interactive=False, verbosity=0)
    sys.stderr.write(f"kneecoach: database set up at {where}\n")


def _unapplied_migrations() -> bool:
    """Whether a migration file of an installed app is not recorded as applied (or there is no
    record at all: a new database)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return True
    applied = _applied(recorder)
    for app in apps.get_app_configs():
        module, _ = MigrationLoader.migrations_module(app.label)
        spec = importlib.util.find_spec(module) if module else None
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path in Path(folder).glob("[0-9]*.py"):
                if (app.label, path.stem) not in applied:
                    return True
    return False


def _applied(recorder: MigrationRecorder) -> set[tuple[str, str]]:
    """The recorded (app, name) pairs, as ``recorder.applied_migrations()`` has them, read with
    one plain query: that builds a model instance per row (~2 ms of every command)."""
    table = connection.ops.quote_name(recorder.Migration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT app, name FROM {table}")  # noqa: S608 - a quoted table name
        return {(str(app), str(name)) for app, name in cursor.fetchall()}


def _local_secret() -> None:
    """A throwaway Django secret for this process unless one is configured.

    The CLI serves no HTTP and signs nothing that outlives the process (password hashes do not
    use the secret), so a random per-process key is safe, and a person using only the terminal
    need not invent one. The web server still refuses to start without a real secret.
    """
    if not os.environ.get("KNEECOACH_SECRET_KEY"):
        os.environ["KNEECOACH_SECRET_KEY"] = secrets.token_urlsafe(48)
