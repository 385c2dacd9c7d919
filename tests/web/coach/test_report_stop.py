"""Reporting what stopped a session (the in-session stop rule, docs/evidence.md#stop-rule): the
events a person reports are saved on the day's session and the engine's relief follows; the
events are a set; a misclick can be taken back; unknown events and future days are refused,
naming the field, with nothing saved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kneecoach.errors import InvalidInput
from kneecoach.web.coach import models
from kneecoach.web.coach import services as coach
from tests.web.patient.conftest import onboarded, today_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(db: None) -> Any:
    return onboarded("lise", days_ago=3)


def _stop(*events: str, withdraw: bool = False) -> coach.StopInput:
    return coach.StopInput(frozenset(events), withdraw=withdraw)


def _saved_events(user: Any, day: dt.date) -> list[str] | None:
    session = models.LoggedSession.objects.filter(profile__user=user, day=day).first()
    return None if session is None else list(session.stop_events)


def test_a_reported_giving_way_starts_relief_with_its_advice(person: Any) -> None:
    day = today_for(person)
    assert coach.today(person, day, today_=day).kind == "training"
    report = coach.report_stop(person, day, _stop("giving_way"), today_=day, language="en")
    assert report.events == ("giving_way",)
    assert report.state == "relief"
    assert any("had to stop: the knee gave way" in line for line in report.advice)
    assert any("cold pack" in line for line in report.advice)  # the relief advice itself
    assert _saved_events(person, day) == ["giving_way"]  # a session made for it
    view = coach.today(person, day, today_=day)
    assert (view.kind, view.stop_events, view.stop_advice) == (
        "relief",
        ("giving_way",),
        report.advice,
    )


def test_the_advice_is_worded_in_the_language_asked(person: Any) -> None:
    day = today_for(person)
    report = coach.report_stop(person, day, _stop("pop"), today_=day, language="nb")
    assert any("et smell i kneet" in line for line in report.advice)


def test_stop_events_are_a_set_and_join_the_days_logged_sets(person: Any) -> None:
    day = today_for(person)
    coach.log_set(person, day, coach.SetInput("vmo-lift", 1, 3, side="right", reps=8), today_=day)
    coach.report_stop(person, day, _stop("sharp_pain"), today_=day)
    report = coach.report_stop(person, day, _stop("sharp_pain", "pop"), today_=day)
    assert report.events == ("pop", "sharp_pain")
    assert _saved_events(person, day) == ["pop", "sharp_pain"]
    assert models.LoggedSession.objects.count() == 1
    assert models.LoggedSet.objects.count() == 1  # the set logged before stays


def test_an_event_reported_by_mistake_is_withdrawn(person: Any) -> None:
    day = today_for(person)
    coach.report_stop(person, day, _stop("pop", "new_swelling"), today_=day)
    report = coach.report_stop(person, day, _stop("pop", withdraw=True), today_=day)
    assert report.events == ("new_swelling",)
    assert report.advice  # new swelling still stops the session
    report = coach.report_stop(person, day, _stop("new_swelling", withdraw=True), today_=day)
    assert (report.events, report.advice, report.state) == ((), (), "training")
    # the session was only the stop: it goes, so the day does not count as a session done
    assert _saved_events(person, day) is None
    assert coach.today(person, day, today_=day).kind == "training"


def test_withdrawing_keeps_a_session_with_sets(person: Any) -> None:
    day = today_for(person)
    coach.log_set(person, day, coach.SetInput("vmo-lift", 1, 3, side="right", reps=8), today_=day)
    coach.report_stop(person, day, _stop("pop"), today_=day)
    coach.report_stop(person, day, _stop("pop", withdraw=True), today_=day)
    assert _saved_events(person, day) == []


def test_withdrawing_what_was_never_reported_is_harmless(person: Any) -> None:
    day = today_for(person)
    report = coach.report_stop(person, day, _stop("pop", withdraw=True), today_=day)
    assert report.events == ()
    assert not models.LoggedSession.objects.exists()


@pytest.mark.parametrize("events", [frozenset({"knee_exploded"}), frozenset()])
def test_an_unknown_or_missing_event_is_refused_naming_the_field(events: frozenset[str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        coach.StopInput(events)
    assert refused.value.field == "events"


def test_a_future_day_is_refused_as_for_sets(person: Any) -> None:
    day = today_for(person)
    tomorrow = day + dt.timedelta(days=1)
    with pytest.raises(InvalidInput) as refused:
        coach.report_stop(person, tomorrow, _stop("pop"), today_=day)
    assert refused.value.field == "date"
    assert not models.LoggedSession.objects.exists()


def test_a_past_day_can_be_reported_later(person: Any) -> None:
    day = today_for(person)
    yesterday = day - dt.timedelta(days=1)
    report = coach.report_stop(person, yesterday, _stop("giving_way"), today_=day)
    assert report.events == ("giving_way",)
    assert any("had to stop" in line for line in report.advice)
    assert report.state == "relief"
