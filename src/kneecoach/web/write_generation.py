"""The SQLite database's write generation: a number every committed change raises.

Why: ``kneecoach today`` on a terminal keeps what it last printed (``kneecoach.cli.today_memo``)
and prints it again, without setting Django up, only while the database is exactly as it was.
"Exactly as it was" must not depend on every writer remembering to say so, so the database
keeps the count itself: triggers on every table (``AFTER INSERT / UPDATE / DELETE``, one
``UPDATE`` of a one-row table each) raise ``value`` inside the very transaction that writes, and
every ``migrate`` raises it too (a schema change may change what a page shows). The same
triggers empty the memo's table: what it remembered answered the database as it was, and a
person's remembered session must not outlive their data (an account deleted on the web).

SQLite only: the terminal's memo is for the personal SQLite database; a PostgreSQL server gets
neither the table nor the triggers (its writers pay nothing). The triggers are rebuilt after
every ``migrate`` (``install``, a ``post_migrate`` receiver in the coach app), so a table a
later migration adds, or one SQLite rebuilt to alter it, is watched too; the memo's own table
is the one table not watched (remembering an answer changes nothing the answer shows).

This module imports nothing from Django: the terminal's fast path reads the same tables
through the standard library's ``sqlite3`` (``current``, ``MEMO_TABLE``).
"""

from __future__ import annotations

from typing import Any, Protocol

TABLE = "kneecoach_write_generation"
MEMO_TABLE = "kneecoach_terminal_memo"
_TRIGGER_PREFIX = "kneecoach_generation__"
_EVENTS = ("insert", "update", "delete")
_UNWATCHED = frozenset({TABLE, MEMO_TABLE})

_CREATE_TABLES = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
    f"INSERT OR IGNORE INTO {TABLE} (id, value) VALUES (1, 0)",  # noqa: S608 - constants
    f"CREATE TABLE IF NOT EXISTS {MEMO_TABLE} ("
    "user_key TEXT PRIMARY KEY, day TEXT NOT NULL, console_key TEXT NOT NULL, "
    "code_key TEXT NOT NULL, generation INTEGER NOT NULL, output TEXT NOT NULL)",
)
_RAISE = f"UPDATE {TABLE} SET value = value + 1"  # noqa: S608 - a constant table name
_FORGET = f"DELETE FROM {MEMO_TABLE}"  # noqa: S608 - a constant table name
_OUR_TRIGGERS = (  # no parameters: Django's cursor and the standard library's alike
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608 - a constant
    f"AND name LIKE '{_TRIGGER_PREFIX}%'"
)


class Cursor(Protocol):
    """A DB-API cursor: Django's or the standard library's (nothing here takes parameters)."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def fetchone(self) -> Any: ...


def current(cursor: Cursor) -> int | None:
    """The database's write generation now (None: a database without it, not yet migrated by
    this version)."""
    try:
        cursor.execute(f"SELECT value FROM {TABLE} WHERE id = 1")  # noqa: S608 - a constant
    except Exception as error:  # sqlite3's and Django's OperationalError alike: no such table
        if "no such table" in str(error):
            return None
        raise
    row = cursor.fetchone()
    return int(row[0]) if row else None


def install(cursor: Cursor) -> None:
    """Make sure of the generation and memo tables and of the triggers on every other table
    (as this version writes them: rebuilt where any differs), and raise the generation (a
    migration just ran). Cheap when nothing changed: one query finds them as they should be."""
    for statement in _CREATE_TABLES:
        cursor.execute(statement)
    wanted = {
        _trigger_name(table, event): _trigger_sql(table, event)
        for table in watched_tables(cursor)
        for event in _EVENTS
    }
    cursor.execute(_OUR_TRIGGERS)
    present = {str(name): str(sql) for name, sql in cursor.fetchall()}
    if present != wanted:
        for name in sorted(present):
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
        for sql in wanted.values():
            cursor.execute(sql)
    cursor.execute(_RAISE)


def watched_tables(cursor: Cursor) -> list[str]:
    """The tables whose every change raises the generation (every table but the two above)."""
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    )
    return sorted(str(name) for (name,) in cursor.fetchall() if name not in _UNWATCHED)


def _trigger_name(table: str, event: str) -> str:
    """A trigger per table and event; a table's name is a Django model's (letters, digits, _)."""
    return f"{_TRIGGER_PREFIX}{table}__{event}"


def _trigger_sql(table: str, event: str) -> str:
    """Raise the generation and forget the memo, after every row ``event`` on ``table``."""
    return (
        f'CREATE TRIGGER "{_trigger_name(table, event)}" AFTER {event.upper()} ON "{table}" '
        f"BEGIN {_RAISE}; {_FORGET}; END"
    )
