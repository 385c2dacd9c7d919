"""Logging a whole session: its sets are written in one ``INSERT ... ON CONFLICT DO UPDATE``
(no read of each set first, no savepoint around each); a set logged before keeps its row (pk,
``created_at``) and takes the new values; a set sent twice is saved once, with its last
values; the answer is the session as stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
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
