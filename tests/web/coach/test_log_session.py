"""Logging a whole session: its sets are written in one ``INSERT ... ON CONFLICT DO UPDATE``
(no read of each set first, no savepoint around each); a set logged before keeps its row (pk,
``created_at``) and takes the new values; a set sent twice is saved once, with its last
values; the answer is the session as stored. The session itself is one upsert that writes only
the pain it was given, so what another request saved meanwhile stays."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.usecases import diary
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> Any:
    return onboarded("lise", days_ago=3)


def _set(number: int, pain: int = 2, side: str = "right", note: str = "") -> coach.SetInput:
    return coach.SetInput("vmo-lift", number, pain, side=side, reps=8, note=note)


def _log(person: Any, day: dt.date, sets: list[coach.SetInput], **kw: Any) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        coach.log_session(person, day, sets, today_=day, **kw)
    return [q["sql"] for q in queries.captured_queries]


def test_a_sessions_sets_are_one_upsert_with_no_read_before(person: Any) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    sql = _log(person, day, [_set(1, pain=4), _set(2), _set(3)], pain_after=3)
    on_sets = [s for s in sql if '"coach_loggedset"' in s]
    writes = [s for s in on_sets if not s.startswith("SELECT")]
    assert len(writes) == 1 and writes[0].startswith("INSERT"), sql
    assert "ON CONFLICT" in writes[0], writes
    assert not any(s.startswith("SELECT") for s in on_sets[: on_sets.index(writes[0])]), sql
    # the session is there already: no savepoint at all, where each set took one
    assert not [s for s in sql if s.startswith("SAVEPOINT")], sql


def test_a_set_logged_again_keeps_its_row_and_takes_the_new_values(person: Any) -> None:
    day = today_for(person)
    coach.log_set(person, day, _set(1, pain=2, note="first"), today_=day)
    first = models.LoggedSet.objects.get()
    view = coach.log_session(person, day, [_set(2), _set(1, pain=5)], pain_before=1, today_=day)
    again = models.LoggedSet.objects.get(set_number=1)
    assert (again.pk, again.created_at, again.session_id) == (
        first.pk,
        first.created_at,
        first.session_id,
    )
    assert (again.pain, again.note) == (5, "")  # every value is the new one, as before
    assert [(s.set_number, s.pain) for s in view.sets] == [(1, 5), (2, 2)]
    assert view == coach.session_view(person, day)
    assert (view.pain_before, view.pain_after) == (1, None)


def test_a_set_sent_twice_is_saved_once_with_its_last_values(person: Any) -> None:
    """PostgreSQL refuses an upsert that would touch one row twice; the set-by-set writes
    before it let the last one win."""
    day = today_for(person)
    view = coach.log_session(person, day, [_set(1, pain=1), _set(2), _set(1, pain=6)], today_=day)
    assert [(s.set_number, s.pain) for s in view.sets] == [(1, 6), (2, 2)]
    assert list(models.LoggedSet.objects.order_by("pk").values_list("set_number", flat=True)) == [
        1,
        2,
    ]


def test_log_session_keeps_what_another_request_saved_meanwhile(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another request (the API, a second tab) records the pain after the session and a stop
    while this one saves the session's sets and the pain before. Before, the session was read
    first and saved whole after the sets, writing back the pain after and the stop events as
    they were at the read: both were lost."""
    day = today_for(person)
    coach.log_set(person, day, _set(1), today_=day)
    save_sets = diary._save_sets

    def while_another_request_writes(*args: Any) -> None:
        coach.record_pain_after(person, day, 4, today_=day)
        coach.report_stop(person, day, coach.StopInput(frozenset({"giving_way"})), today_=day)
        save_sets(*args)

    monkeypatch.setattr(diary, "_save_sets", while_another_request_writes)
    view = coach.log_session(person, day, [_set(2)], pain_before=1, today_=day)
    session = models.LoggedSession.objects.get()
    assert (session.pain_before, session.pain_after) == (1, 4)
    assert session.stop_events == ["giving_way"]
    assert (view.pain_before, view.pain_after) == (1, 4)


def test_a_session_is_one_upsert_of_the_pain_given_and_no_read_before(person: Any) -> None:
    """The day's session, new or logged before, is one ``INSERT ... ON CONFLICT DO UPDATE``
    that sets the pain sent and nothing else (no read, no savepoint, no update of the whole
    row after the sets)."""
    day = today_for(person)
    for pains in ({"pain_after": 3}, {"pain_before": 1}, {}):
        sql = _log(person, day, [_set(1)], **pains)
        first_set_write = next(i for i, s in enumerate(sql) if '"coach_loggedset"' in s)
        on_session = [s for s in sql[:first_set_write] if '"coach_loggedsession"' in s]
        assert len(on_session) == 1 and on_session[0].startswith("INSERT"), sql
        assert "ON CONFLICT" in on_session[0], on_session
        update = on_session[0].split("DO UPDATE SET")[1]
        assert [name in update for name in ("pain_after", "pain_before", "stop_events")] == [
            "pain_after" in pains,
            "pain_before" in pains,
            False,
        ], update
        assert not [s for s in sql if s.startswith("SAVEPOINT")], sql
        after_sets = [s for s in sql[first_set_write:] if s.startswith("UPDATE")]
        assert not [s for s in after_sets if '"coach_loggedsession"' in s], sql
    saved = models.LoggedSession.objects.get()
    assert (saved.pain_before, saved.pain_after) == (1, 3)
