"""Logging a set: one read of the day's session with that set, one write, and an answer built
from what was saved (never read back), equal to the row as stored; the unique constraint's race
(PostgreSQL) ends as if the other request had come first, and the request's transaction lives on."""

from __future__ import annotations

import dataclasses
import datetime as dt
from contextlib import nullcontext
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneecoach.errors import Conflict
from kneecoach.programme.pain_words import pain_advice
from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.usecases import diary
from kneecoach.web.coach.usecases.presenting import set_view
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> Any:
    return onboarded("lise", days_ago=3)


def stored_view(user: Any, day: dt.date, data: coach.SetInput) -> coach.SetView:
    """The answer the use case gave before: the row read back after the save."""
    row = models.LoggedSet.objects.get(
        session__profile__user=user,
        session__day=day,
        exercise=data.exercise,
        set_number=data.set_number,
        side=data.side or "both",
    )
    response, advice = pain_advice(row.pain, "en")
    return dataclasses.replace(set_view(day, row), pain_response=response, pain_advice=advice)


SETS = st.builds(
    coach.SetInput,
    exercise=st.just("vmo-lift"),
    set_number=st.integers(1, 3),
    pain=st.integers(0, 10),
    side=st.sampled_from(["left", "right"]),
    reps=st.integers(0, 30),
    load=st.sampled_from([None, "", "red band", "2 kg"]),
    effort=st.one_of(st.none(), st.integers(0, 10)),
    technique_flag=st.booleans(),
    note=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=20),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(writes=st.lists(st.tuples(st.integers(0, 2), SETS, st.booleans()), min_size=1, max_size=6))
def test_the_answer_is_the_row_as_stored_and_a_conflict_changes_nothing(
    person: Any, writes: list[tuple[int, coach.SetInput, bool]]
) -> None:
    today = today_for(person)
    with transaction.atomic():
        for back, data, replace in writes:
            day = today - dt.timedelta(days=back)
            before = list(models.LoggedSet.objects.order_by("pk").values())
            try:
                view = coach.log_set(
                    person, day, data, today_=today, language="en", replace=replace
                )
            except Conflict:
                assert not replace
                assert list(models.LoggedSet.objects.order_by("pk").values()) == before
                continue
            assert view == stored_view(person, day, data)
        transaction.set_rollback(True)


def _set(number: int = 1, pain: int = 2) -> coach.SetInput:
    return coach.SetInput("vmo-lift", number, pain, side="right", reps=8)


def _statements(person: Any, day: dt.date, data: coach.SetInput, **kw: Any) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        coach.log_set(person, day, data, today_=day, **kw)
    return [q["sql"] for q in queries.captured_queries if "coach_loggedset" in q["sql"]]


def test_a_correction_is_one_read_and_one_update(person: Any) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(), today_=day)
    sql = _statements(person, day, _set(pain=3), replace=True)
    writes = [s for s in sql if not s.startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith("UPDATE"), sql
    reads = [s for s in sql if s.startswith("SELECT") and "coach_loggedsession" in s]
    assert len(reads) == 2, sql  # the set with its session, then the diary for the replay


def test_a_new_set_is_one_read_and_one_insert(person: Any) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    sql = _statements(person, day, _set(2))
    assert [s.split()[0] for s in sql if not s.startswith("SELECT")] == ["INSERT"], sql


def as_a_request() -> Any:
    """Where another writer can come between a read and an insert: a request's transaction on
    PostgreSQL; on SQLite only autocommit (a writing transaction holds the write lock)."""
    return transaction.atomic() if connection.vendor != "sqlite" else nullcontext()


@pytest.mark.django_db(transaction=True)
def test_a_lost_race_on_the_set_is_a_conflict_or_a_correction(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first read missed a set another request saved just after: the insert is refused by
    the unique constraint, and the request goes on in its transaction."""
    day = today_for(person)
    coach.log_set(person, day, _set(pain=2), today_=day)
    session = models.LoggedSession.objects.get(profile__user=person, day=day).pk
    read = diary._session_and_set
    misses = iter([(session, None)])
    monkeypatch.setattr(diary, "_session_and_set", lambda *a: next(misses, None) or read(*a))
    with as_a_request(), pytest.raises(Conflict):
        coach.log_set(person, day, _set(pain=5), today_=day)
    assert models.LoggedSet.objects.get().pain == 2
    misses = iter([(session, None)])
    with as_a_request():
        view = coach.log_set(person, day, _set(pain=5), today_=day, replace=True)
        assert coach.session_view(person, day).sets[0].pain == 5  # the transaction lives on
    assert view.pain == 5 and models.LoggedSet.objects.get().pain == 5


@pytest.mark.django_db(transaction=True)
def test_a_lost_race_on_the_session_uses_the_other_requests_session(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    read = diary._session_and_set
    misses = iter([(None, None)])
    monkeypatch.setattr(diary, "_session_and_set", lambda *a: next(misses, None) or read(*a))
    with as_a_request():
        coach.log_set(person, day, _set(2), today_=day)
    assert models.LoggedSession.objects.filter(profile__user=person).count() == 1
    assert models.LoggedSet.objects.filter(session__day=day).count() == 2


def test_a_writing_transaction_on_sqlite_takes_no_savepoint(person: Any) -> None:
    day = today_for(person)
    with CaptureQueriesContext(connection) as queries:
        coach.log_set(person, day, _set(1), today_=day)  # a new session and a new set
    savepoints = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" in q["sql"]]
    assert savepoints == ([] if connection.vendor == "sqlite" else savepoints)
    if connection.vendor != "sqlite":
        assert len(savepoints) == 4  # around the session's and the set's inserts


def test_a_row_another_constraint_refuses_is_not_taken_for_the_race(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the unique key's refusal is the race: any other refusal still fails the request."""
    day = today_for(person)
    made = diary._set_row

    def out_of_range(s: Any, note: str) -> models.LoggedSet:
        row = made(s, note)
        row.pain = 11  # past the table's check constraint
        return row

    monkeypatch.setattr(diary, "_set_row", out_of_range)
    with pytest.raises(IntegrityError), transaction.atomic():
        coach.log_set(person, day, _set(), today_=day)
