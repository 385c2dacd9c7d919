"""The morning check-in's writes: a second check-in for the same morning is a ``Conflict``
without ``replace``, even when another request inserted it after this one looked (PostgreSQL);
a correction is one ``INSERT ... ON CONFLICT DO UPDATE`` that keeps the row."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kneecoach.errors import Conflict
from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.usecases import diary
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> Any:
    return onboarded("mona", days_ago=3)


def test_a_second_check_in_the_same_morning_is_a_conflict_and_keeps_the_first(
    person: Any,
) -> None:
    day = today_for(person)
    coach.checkin(person, day, 2, today_=day)
    with pytest.raises(Conflict, match="already saved; use replace"):
        coach.checkin(person, day, 6, swelling=True, today_=day)
    saved = models.MorningCheckin.objects.get()
    assert (saved.pain, saved.swelling) == (2, False)


def test_a_check_in_saved_by_another_request_after_the_read_is_a_conflict(
    person: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race PostgreSQL allows: this request reads no check-in, another inserts one, then
    this insert is refused by the unique constraint. That is the same ``Conflict``; before, the
    second writer silently overwrote the first."""
    if connection.vendor == "sqlite":
        pytest.skip("SQLite runs writers one at a time (BEGIN IMMEDIATE): the race cannot happen")
    day = today_for(person)
    coach.checkin(person, day, 2, today_=day)
    real, reads = diary._checkin_saved, []

    def first_read_misses_it(row: models.MorningCheckin) -> bool:
        reads.append(row)  # as if the other request's row were not committed at the first read
        return len(reads) > 1 and real(row)

    monkeypatch.setattr(diary, "_checkin_saved", first_read_misses_it)
    with pytest.raises(Conflict, match="already saved; use replace"):
        coach.checkin(person, day, 6, today_=day)
    assert models.MorningCheckin.objects.get().pain == 2


def test_a_correction_is_one_upsert_that_keeps_the_row(person: Any) -> None:
    day = today_for(person)
    coach.checkin(person, day, 2, today_=day)
    first = models.MorningCheckin.objects.get()
    with CaptureQueriesContext(connection) as queries:
        view = coach.checkin(person, day, 5, stiffness=True, replace=True, today_=day)
    on_checkins = [q["sql"] for q in queries.captured_queries if "coach_morningcheckin" in q["sql"]]
    writes = [s for s in on_checkins if not s.startswith("SELECT")]
    assert len(writes) == 1 and "ON CONFLICT" in writes[0], on_checkins
    assert not any(s.startswith("SELECT") for s in on_checkins[: on_checkins.index(writes[0])])
    again = models.MorningCheckin.objects.get()
    assert (again.pk, again.created_at) == (first.pk, first.created_at)
    assert (again.pain, again.stiffness, view.pain, view.stiffness) == (5, True, 5, True)


def test_a_correction_of_a_morning_without_a_check_in_saves_it(person: Any) -> None:
    day = today_for(person)
    coach.checkin(person, day, 3, replace=True, today_=day)
    assert models.MorningCheckin.objects.get().pain == 3
