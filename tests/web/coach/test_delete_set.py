"""Deleting a logged set: one read of the day's sets finds the set and, less the set deleted, is
the answer (nothing is read back); the session goes with its last set, also when two requests
delete the day's last two sets at once (PostgreSQL); a set that is not there,
or is another person's, is a ``NotFound`` that changes nothing; the set's video checks go with
it, and their videos once the transaction commits."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneecoach.errors import NotFound
from kneecoach.web.camera import signals
from kneecoach.web.camera.models import VideoCheck
from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.usecases.presenting import set_view
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> Any:
    return onboarded("lise", days_ago=3)


def _set(number: int = 1, side: str | None = "right", exercise: str = "vmo-lift") -> Any:
    if exercise == "vmo-lift":
        return coach.SetInput(exercise, number, 2, side=side, reps=8)
    return coach.SetInput(exercise, number, 2, reps=8)  # done with both legs


def stored_sets(user: Any, day: dt.date) -> tuple[coach.SetView, ...]:
    """The answer the use case gave before: the day's sets read back after the delete."""
    rows = models.LoggedSet.objects.filter(session__profile__user=user, session__day=day)
    return tuple(set_view(day, r) for r in rows.order_by("exercise", "set_number", "side"))


KEYS = st.tuples(
    st.sampled_from(["vmo-lift", "glute-bridge"]),
    st.integers(1, 3),
    st.sampled_from(["left", "right"]),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    logged=st.sets(KEYS, min_size=1, max_size=6),
    deletes=st.lists(st.tuples(st.booleans(), st.integers(0, 5), KEYS), max_size=4),
)
def test_the_answer_is_the_days_sets_as_stored_after_the_delete(
    person: Any,
    logged: set[tuple[str, int, str]],
    deletes: list[tuple[bool, int, tuple[str, int, str]]],
) -> None:
    day = today_for(person)
    with transaction.atomic():
        for exercise, number, side in sorted(logged):
            data = _set(number, side, exercise)
            coach.log_set(person, day, data, today_=day, replace=True)
        for was_logged, index, key in deletes:
            exercise, number, side = sorted(logged)[index % len(logged)] if was_logged else key
            one_leg = side if exercise == "vmo-lift" else None
            before = list(models.LoggedSet.objects.order_by("pk").values())
            try:
                left = coach.delete_set(person, day, exercise, number, one_leg, today_=day)
            except NotFound:
                assert list(models.LoggedSet.objects.order_by("pk").values()) == before
                continue
            assert left == stored_sets(person, day)
            has_session = models.LoggedSession.objects.filter(day=day).exists()
            assert has_session == bool(left)
        transaction.set_rollback(True)


def test_another_persons_set_is_not_found_and_stays(person: Any) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(), today_=day)
    other = onboarded("sten", days_ago=3)
    with pytest.raises(NotFound) as missing:
        coach.delete_set(other, day, "vmo-lift", 1, "right", today_=day)
    assert missing.value.field == "set_number"
    assert str(missing.value.message) == f"set 1 (right) of vmo-lift is not logged on {day}"
    assert models.LoggedSet.objects.count() == 1


def _statements(person: Any, day: dt.date, *key: Any) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        coach.delete_set(person, day, *key, today_=day)
    return [q["sql"] for q in queries.captured_queries]


def _on(table: str, sql: list[str]) -> list[str]:
    return [s for s in sql if f'"{table}"' in s]


def test_a_set_is_found_with_the_days_sets_and_nothing_is_read_back(person: Any) -> None:
    """The day's sets are read once, with no separate read of the set's session nor of
    whether sets are left: the set's read, its delete, the replay's diary."""
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    coach.log_set(person, day, _set(2), today_=day)
    sql = _statements(person, day, "vmo-lift", 1, "right")
    on_sets = _on("coach_loggedset", sql)
    assert [s.split()[0] for s in on_sets] == ["SELECT", "DELETE", "SELECT"], sql
    assert "coach_loggedsession" in on_sets[2]  # the replay's diary, sessions with their sets
    only_sessions = [s for s in _on("coach_loggedsession", sql) if s not in on_sets]
    assert only_sessions == [], sql  # not the set's session on its own
    assert [s.split()[0] for s in _on("camera_videocheck", sql)] == ["SELECT"], sql


def test_the_last_set_takes_its_session_with_no_separate_check_for_sets_left(
    person: Any,
) -> None:
    """Whether sets are left is known from the day's read; the session's delete itself asks
    again that it has none (``test_a_set_logged_since_the_read_keeps_the_session``)."""
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    sql = _statements(person, day, "vmo-lift", 1, "right")
    writes = [s.split()[0] + " " + s.split()[2] for s in sql if s.startswith("DELETE")]
    assert writes == ['DELETE "coach_loggedset"', 'DELETE "coach_loggedsession"'], sql
    assert not models.LoggedSession.objects.exists()
    assert len([s for s in sql if s.startswith("SELECT 1 AS")]) == 0, sql  # no exists()


def test_a_set_logged_since_the_read_keeps_the_session(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    session = models.LoggedSession.objects.get()
    real_delete = models.LoggedSet.delete

    def then_another_request_logs(self: models.LoggedSet, *a: Any, **kw: Any) -> Any:
        done = real_delete(self, *a, **kw)
        models.LoggedSet.objects.create(
            session=session, exercise="vmo-lift", set_number=2, side="right", reps=8, pain=1
        )
        return done

    monkeypatch.setattr(models.LoggedSet, "delete", then_another_request_logs)
    coach.delete_set(person, day, "vmo-lift", 1, "right", today_=day)
    assert models.LoggedSession.objects.get() == session
    assert models.LoggedSet.objects.get().set_number == 2


def test_the_sets_video_checks_go_with_it_and_their_videos_after_commit(
    person: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    coach.log_set(person, day, _set(2), today_=day)
    first, second = models.LoggedSet.objects.order_by("set_number")
    profile = models.Profile.objects.get(user=person)
    for row in (first, second):
        VideoCheck.objects.create(
            profile=profile,
            logged_set=row,
            video=f"v{row.set_number}.mp4",
            size_bytes=1,
            unit="reps",
        )
    removed: list[str] = []
    monkeypatch.setattr(signals, "delete_video", removed.append)
    with django_capture_on_commit_callbacks(execute=True):
        coach.delete_set(person, day, "vmo-lift", 1, "right", today_=day)
    assert removed == ["v1.mp4"]
    assert list(VideoCheck.objects.values_list("video", flat=True)) == ["v2.mp4"]


def _waits_on_a_lock(backend_pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [backend_pid])
        found = cursor.fetchone()
    return found is not None and found[0] == "Lock"


class _Request(threading.Thread):
    """A request in its own thread, on its own connection, in its own transaction (as
    ``ATOMIC_REQUESTS`` runs a view), which ``before_commit`` may hold open."""

    def __init__(self, work: Callable[[], Any], before_commit: Callable[[], Any] = lambda: None):
        super().__init__()
        self.work, self.before_commit = work, before_commit
        self.answer: Any = None
        self.error: BaseException | None = None
        self.backend_pid = threading.Event()
        self.pid = 0

    def run(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.pid = cursor.fetchone()[0]
            self.backend_pid.set()
            with transaction.atomic():
                self.answer = self.work()
                self.before_commit()
        except BaseException as error:  # handed to the test's thread
            self.error = error
        finally:
            self.backend_pid.set()
            connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_the_days_last_two_sets_deleted_at_once_take_the_session_with_them(
    person: Any,
) -> None:
    """Two requests (two tabs, the API twice) each delete one of the day's last two sets, the
    second reading the day while the first has deleted its set but not yet committed (the
    interleaving PostgreSQL's READ COMMITTED allows). Each saw the other's set still there, so
    neither deleted the session, and the day kept a session with no sets, read everywhere as a
    session done. The second now waits for the first to commit, then finds its set the last."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs writers one at a time (BEGIN IMMEDIATE): the race cannot happen")
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    coach.log_set(person, day, _set(2), today_=day)
    first_deleted, first_may_commit = threading.Event(), threading.Event()

    def hold_the_commit() -> None:
        first_deleted.set()
        first_may_commit.wait(timeout=60)

    first = _Request(
        lambda: coach.delete_set(person, day, "vmo-lift", 1, "right", today_=day), hold_the_commit
    )
    second = _Request(lambda: coach.delete_set(person, day, "vmo-lift", 2, "right", today_=day))
    first.start()
    assert first_deleted.wait(timeout=60) and first.error is None, first.error
    second.start()
    second.backend_pid.wait(timeout=60)
    while second.is_alive() and not _waits_on_a_lock(second.pid):
        second.join(0.01)  # until the second is done, or waits for the first's commit
    first_may_commit.set()
    for request in (first, second):
        request.join(timeout=60)
        assert request.error is None, request.error
    assert not models.LoggedSet.objects.filter(session__day=day).exists()
    assert not models.LoggedSession.objects.filter(day=day).exists()
    assert [s.set_number for s in first.answer] == [2]
    assert second.answer == ()
