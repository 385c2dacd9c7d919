"""What ``kneecoach today`` printed last, printed again while nothing it shows can have changed.

The full ``today`` sets Django up, reads the diary, replays it and prints: about half a second,
most of it loading Django and the services. Asked again with the database as it was, on the
same day, on the same console and with the same code, it prints the same text: the use case is a
function of the database and the day, and the printing one of the view and the console. So the
full path remembers what it printed (``remember``, in the database's memo table, with the write
generation it was made at) and the next ``today`` reads it back (``recall``) with the standard
library's ``sqlite3`` and prints it, without loading Django, Typer's parameter types aside.

The memo answers only when all of these are as they were:

- the database's write generation (``kneecoach.web.write_generation``: triggers raise it with
  every committed change to any table, whoever writes, and so does every migrate);
- the day: the clock's (``today --date`` with another day always takes the full path);
- the person asked for (``--user`` or $KNEECOACH_USER as given, or neither);
- the console, as Rich sees it (width, colours, encoding);
- the code: the version and the newest modification time of its source files.

It never applies on a database named by DATABASE_URL (PostgreSQL, or SQLite elsewhere), in a
process where something else set Django up (the tests, in-process callers), or with
KNEECOACH_TERMINAL_MEMO=off; ``kneecoach today`` then always takes the full path.

Imports nothing from Django (``tests/cli/test_loading.py`` checks it).
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import kneecoach
from kneecoach.config import SQLITE_NAME, database_location, terminal_memo_on
from kneecoach.web.write_generation import MEMO_TABLE, TABLE, Cursor

if TYPE_CHECKING:
    from rich.console import Console

_SOURCE_SUFFIXES = (".py", ".toml")
_NOT_SOURCE = frozenset({"__pycache__", "static", "templates", "locale"})


@dataclass(frozen=True, slots=True)
class MemoKey:
    """What a remembered output was printed for (the write generation aside)."""

    user_key: str
    day: str
    console_key: str
    code_key: str


def applies(*, django_set_up_by_the_cli: bool = False) -> bool:
    """Whether this process may use the memo (read or remember): the default SQLite database,
    the switch not off, and Django not set up by anyone but the CLI's own start-up (the tests
    and other in-process callers set it up with their own database). ``today`` asks before it
    loads Django; a command that has written asks with ``startup.set_up_by_the_cli()``."""
    if not terminal_memo_on():
        return False
    django_apps = sys.modules.get("django.apps")
    if django_apps is not None and django_apps.apps.ready and not django_set_up_by_the_cli:
        return False
    return database_location()[1] is None


def key(out: Console, user: str | None, day: dt.date) -> MemoKey:
    return MemoKey(
        user_key=user or "",
        day=day.isoformat(),
        console_key=console_key(out),
        code_key=code_key(),
    )


def recall(memo: MemoKey) -> str | None:
    """The output remembered for ``memo`` at the database's current write generation, or None
    (nothing remembered, the database changed, no database yet, or it cannot be read now)."""
    path = database_location()[0] / SQLITE_NAME
    if not path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True, timeout=2)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute(
            f"SELECT m.output FROM {MEMO_TABLE} m JOIN {TABLE} g ON g.id = 1 "  # noqa: S608
            "AND g.value = m.generation WHERE m.user_key = ? AND m.day = ? "
            "AND m.console_key = ? AND m.code_key = ?",
            (memo.user_key, memo.day, memo.console_key, memo.code_key),
        ).fetchone()
    except sqlite3.Error:  # no such table: a database this version has not migrated yet
        return None
    finally:
        connection.close()
    return str(row[0]) if row else None


def remember(cursor: Cursor, memo: MemoKey, output: str, generation: int) -> None:
    """Keep ``output`` as ``today``'s answer for ``memo`` (one row per person asked for: the
    latest), only while ``generation`` is still the database's: a write since then emptied the
    table, and an answer to the database before it must not follow. Through Django's cursor
    (``%s`` parameters). The memo table is not watched: this raises nothing."""
    cursor.execute(
        f"INSERT OR REPLACE INTO {MEMO_TABLE} "  # noqa: S608 - constant table names
        "(user_key, day, console_key, code_key, generation, output) "
        f"SELECT %s, %s, %s, %s, value, %s FROM {TABLE} WHERE id = 1 AND value = %s",
        (memo.user_key, memo.day, memo.console_key, memo.code_key, output, generation),
    )


def print_output(out: Console, output: str) -> None:
    """Write a remembered output as the console wrote it first (it is the console's own text,
    styles included)."""
    out.file.write(output)
    out.file.flush()


def console_key(out: Console) -> str:
    """What Rich decided about this console that changes the text it writes."""
    return "|".join(
        str(value)
        for value in (
            out.width,
            out.color_system,
            out.encoding,
            out.is_terminal,
            out.is_dumb_terminal,
            out.legacy_windows,
            out.no_color,
            out.options.ascii_only,
        )
    )


@cache
def code_key() -> str:
    """The version and the newest modification time (ns) of the package's source and data
    files: a reinstalled or edited kneecoach may print the same day differently (~2 ms)."""
    newest = 0
    for folder, subfolders, files in os.walk(Path(kneecoach.__file__).parent):
        subfolders[:] = [name for name in subfolders if name not in _NOT_SOURCE]
        for name in files:
            if name.endswith(_SOURCE_SUFFIXES):
                newest = max(newest, Path(folder, name).stat().st_mtime_ns)
    return f"{kneecoach.__version__}:{newest}"
