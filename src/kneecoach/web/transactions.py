"""Request transactions (ATOMIC_REQUESTS) that let SQLite readers run beside the one writer.

Django wraps each view in ``transaction.atomic()`` and SQLite's ``transaction_mode`` is
``IMMEDIATE``, so every request, a GET included, used to begin with ``BEGIN IMMEDIATE``: it took
the database's single write lock up front and held it while the page was built and rendered.
Readers then queued behind each other on that lock (and on SQLite's sleeping busy handler), which
made the latency tail under load.

``KneecoachWSGIHandler`` keeps one transaction per request, closed at the request edge, but picks
its kind by method:

- POST, PUT, PATCH, DELETE: ``BEGIN IMMEDIATE`` as before. A writer takes the lock before it
  reads, so two writers wait their turn instead of failing half-way.
- GET, HEAD, OPTIONS: ``BEGIN DEFERRED``. The request reads one consistent snapshot (WAL) and
  takes no lock. Some GETs write now and then (the Today page saves the calendar day that came
  into the 28-day horizon); such a write upgrades the transaction to a writer. SQLite refuses
  that upgrade at once with ``SQLITE_BUSY`` when another writer holds the lock, or when another
  writer committed after the snapshot was taken (``SQLITE_BUSY_SNAPSHOT``: the request read
  stale data, so its write must not land). The whole view is then rolled back and run again
  from the start in an ``IMMEDIATE`` transaction, which waits for the lock like any writer.

Writers queue for their turn in ``WriterQueue`` before ``BEGIN IMMEDIATE``: a thread lock within
the process and an ``flock`` on a file beside the database across the server's processes. The
kernel wakes the next writer the moment the last one finishes. Left to SQLite, a writer that
finds the lock taken sleeps in the busy handler (1, 2, 5 ... up to 100 ms between tries), so the
lock sat idle while writers slept and a late-comer could overtake one that had waited for
seconds: low write throughput and a long tail.

PostgreSQL (or any other engine) keeps Django's plain behaviour.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from functools import wraps
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # not POSIX: writers wait in SQLite's busy handler only
    fcntl = None  # type: ignore[assignment]

from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import HttpRequest, HttpResponseBase

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
View = Callable[..., HttpResponseBase]


def is_write_conflict(error: BaseException) -> bool:
    """SQLite's "database is locked" (SQLITE_BUSY and its extended codes, e.g. BUSY_SNAPSHOT)."""
    cause = error.__cause__ if error.__cause__ is not None else error
    code = getattr(cause, "sqlite_errorcode", None)
    return isinstance(cause, sqlite3.OperationalError) and code is not None and code & 0xFF == 5


def _sqlite_request_connections() -> list[BaseDatabaseWrapper]:
    return [
        connections[alias]
        for alias, settings in connections.settings.items()
        if settings["ATOMIC_REQUESTS"] and connections[alias].vendor == "sqlite"
    ]


class _Deferred:
    """Within the block, SQLite request transactions begin DEFERRED (read until a write)."""

    def __enter__(self) -> None:
        self.saved: list[tuple[Any, str | None]] = []
        for connection in _sqlite_request_connections():
            # The mode is read from the settings when the connection opens: open it first.
            connection.ensure_connection()
            self.saved.append((connection, getattr(connection, "transaction_mode", None)))
            connection.transaction_mode = None  # type: ignore[attr-defined]  # sqlite3 only

    def __exit__(self, *exc: object) -> None:
        for connection, mode in self.saved:
            connection.transaction_mode = mode


class WriterQueue:
    """One writer at a time per SQLite file, across threads and processes, woken in turn."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int | None]] = {}

    def _lock_for(self, database: str) -> tuple[threading.Lock, int | None]:
        with self._guard:
            if database not in self._locks:
                fd = None
                if fcntl is not None:
                    path = Path(f"{database}-writers")
                    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                self._locks[database] = (threading.Lock(), fd)
            return self._locks[database]

    @contextmanager
    def turn(self, database: str) -> Iterator[None]:
        thread_lock, fd = self._lock_for(database)
        with thread_lock:
            if fd is None or fcntl is None:
                yield
                return
            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)


WRITERS = WriterQueue()


def _file_databases() -> list[str]:
    """The SQLite files that request transactions write to (in-memory test databases: none)."""
    names = []
    for connection in _sqlite_request_connections():
        if not connection.is_in_memory_db():  # type: ignore[attr-defined]  # sqlite3 only
            names.append(str(connection.settings_dict["NAME"]))
    return names


@contextmanager
def writer_turn() -> Iterator[None]:
    """Wait for this request's turn to write every SQLite file it may write."""
    with ExitStack() as stack:
        for database in sorted(_file_databases()):
            stack.enter_context(WRITERS.turn(database))
        yield


def method_aware(view: View, atomic_view: View) -> View:
    """``atomic_view`` (the view inside its request transaction) for writes; for safe methods
    the same, begun DEFERRED, and run again IMMEDIATE if SQLite refuses a write in it."""
    if atomic_view is view:  # ATOMIC_REQUESTS off, or the view opted out
        return view

    @wraps(view)
    def per_method(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not _sqlite_request_connections():
            return atomic_view(request, *args, **kwargs)
        if request.method not in SAFE_METHODS:
            with writer_turn():
                return atomic_view(request, *args, **kwargs)
        try:
            with _Deferred():
                return atomic_view(request, *args, **kwargs)
        except OperationalError as error:
            if not is_write_conflict(error):
                raise
        with writer_turn():  # rolled back: again, from the start, as a writer
            return atomic_view(request, *args, **kwargs)

    return per_method


class KneecoachWSGIHandler(WSGIHandler):
    """Django's WSGI handler with ``method_aware`` request transactions."""

    def make_view_atomic(self, view: View) -> View:
        return method_aware(view, super().make_view_atomic(view))
