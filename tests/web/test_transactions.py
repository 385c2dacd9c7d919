"""Request transactions on SQLite: GETs read without the write lock, writes take it up front,
and a GET whose write SQLite refuses is run again as a writer (``kneecoach.web.transactions``)."""

from __future__ import annotations

import sqlite3
import threading
import time
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from kneecoach.web.transactions import (
    KneecoachWSGIHandler,
    WriterQueue,
    is_write_conflict,
    method_aware,
)

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's transaction modes")


def _begins(method: str, path: str) -> list[str]:
    """The BEGIN statements the real WSGI handler issues for one request."""
    # The environ a test request starts from: private to Django, absent from its stubs.
    environ = RequestFactory()._base_environ(  # type: ignore[attr-defined]
        PATH_INFO=path, REQUEST_METHOD=method
    )
    statuses: list[str] = []

    def start_response(status: str, headers: Any, exc_info: Any = None) -> Any:
        statuses.append(status)
        return lambda data: None

    with CaptureQueriesContext(connection) as queries:
        b"".join(KneecoachWSGIHandler()(environ, start_response))
    assert statuses, "no response"
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("BEGIN")]


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_get_begins_deferred_and_a_post_immediate() -> None:
    assert _begins("GET", "/api/health") == ["BEGIN"]
    assert _begins("POST", "/api/health") == ["BEGIN IMMEDIATE"]  # a 405, inside the view
    assert _mode() == "IMMEDIATE"  # restored after the GET


def _mode() -> str | None:
    mode: str | None = getattr(connection, "transaction_mode", None)
    return mode


def _locked() -> OperationalError:
    cause = sqlite3.OperationalError("database is locked")
    cause.sqlite_errorcode = sqlite3.SQLITE_BUSY
    error = OperationalError("database is locked")
    error.__cause__ = cause
    return error


def test_only_sqlite_busy_counts_as_a_write_conflict() -> None:
    assert is_write_conflict(_locked())
    snapshot = sqlite3.OperationalError("database is locked")
    snapshot.sqlite_errorcode = 517  # SQLITE_BUSY_SNAPSHOT
    assert is_write_conflict(snapshot)
    other = sqlite3.OperationalError("no such table")
    other.sqlite_errorcode = sqlite3.SQLITE_ERROR
    assert not is_write_conflict(other)
    assert not is_write_conflict(ValueError("database is locked"))


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_get_whose_write_is_refused_runs_again_as_a_writer() -> None:
    modes: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        modes.append(_mode())
        if len(modes) == 1:
            raise _locked()
        return HttpResponse("ok")

    def atomic_view(request: HttpRequest) -> HttpResponse:
        return view(request)

    wrapped = method_aware(view, atomic_view)
    response = wrapped(RequestFactory().get("/"))
    assert isinstance(response, HttpResponse) and response.content == b"ok"
    assert modes == [None, "IMMEDIATE"]  # DEFERRED first, then IMMEDIATE


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_other_errors_in_a_get_are_not_retried() -> None:
    calls = []

    def view(request: HttpRequest) -> HttpResponse:
        calls.append(1)
        raise OperationalError("no such table: nowhere")

    with pytest.raises(OperationalError):
        method_aware(view, view)(RequestFactory().get("/"))  # atomic_view is view: no wrapping
    wrapped = method_aware(view, lambda request: view(request))
    with pytest.raises(OperationalError):
        wrapped(RequestFactory().get("/"))
    assert len(calls) == 2


def test_writers_take_their_turn_one_at_a_time(tmp_path: Any) -> None:
    queue = WriterQueue()
    database = str(tmp_path / "db.sqlite3")
    inside, overlaps = [0], [0]

    def write() -> None:
        with queue.turn(database):
            inside[0] += 1
            overlaps[0] = max(overlaps[0], inside[0])
            time.sleep(0.01)
            inside[0] -= 1

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert overlaps[0] == 1
    assert (tmp_path / "db.sqlite3-writers").exists()
