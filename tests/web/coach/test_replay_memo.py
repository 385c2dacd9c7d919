"""Today built from the last replay's memo equals Today replayed from scratch, after every kind
of change, even when the memo is the one a process held before the change (the other gunicorn
worker's view: the change was made elsewhere, this process only reads the database)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from kneecoach.catalog.loader import clear_default_catalog
from kneecoach.programme import engine
from kneecoach.web.coach import models, replay, services

DAY = dt.date(2026, 11, 25)
EQUIPMENT = frozenset({"mat", "mini-band", "ankle-band", "soft-ball", "wall"})
Change = Callable[[User], dt.date | None]


@pytest.fixture
def demo(db: None) -> Iterator[User]:
    replay.REPLAYS.clear()
    services.create_demo(DAY)
    user = services.resolve_user("demo")
    assert isinstance(user, User)  # the project's user model: its ORM lookups take a User
    yield user
    replay.REPLAYS.clear()


@pytest.fixture
def replays(monkeypatch: pytest.MonkeyPatch) -> list[dt.date]:
    """The days the engine was asked to replay, in order."""
    calls: list[dt.date] = []
    real = engine.advise_resuming

    def counted(*args: Any, **kwargs: Any) -> tuple[engine.Advice, Any]:
        calls.append(args[3])
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "advise_resuming", counted)
    return calls


def replayed_today(user: User, day: dt.date) -> services.TodayView:
    """Today with no memo: the whole diary replayed."""
    replay.REPLAYS.clear()
    return services.today(user, day)


def first_exercise(user: User) -> str:
    return services.today(user, DAY).items[0].exercise


def log_a_set(user: User) -> None:
    services.log_set(
        user,
        DAY,
        services.SetInput(
            exercise=first_exercise(user), set_number=1, pain=6, side="right", reps=8
        ),
        today_=DAY,
    )


def pain_after(user: User) -> None:
    log_a_set(user)
    services.record_pain_after(user, DAY, 7, today_=DAY)


def check_in(user: User) -> None:
    services.checkin(user, DAY, 7, swelling=True, stiffness=True, today_=DAY)


def edit_profile(user: User, *, language: str = "en", **changes: Any) -> None:
    fields: dict[str, Any] = {
        "trained": False,
        "painful_side": "right",
        "equipment": EQUIPMENT,
        "weekdays": frozenset(range(7)),
    } | changes
    services.update_profile(user, language=language, today_=DAY, **fields)


def profile_edit(user: User) -> None:
    edit_profile(user, equipment=EQUIPMENT - {"ankle-band", "mini-band"}, painful_side="left")


def language(user: User) -> None:
    edit_profile(user, language="nb")


def clinician_override(user: User) -> None:
    exercise = first_exercise(user)
    models.ClinicianOverride.objects.create(
        profile=models.Profile.objects.get(user=user),
        starts_on=DAY,
        exercise=exercise,
        dose={"level": 0, "sets": 3, "reps": 8, "seconds": None, "per_side": False},
        note="the easiest dose today",
    )


def a_write_no_service_saw(user: User) -> None:
    """A row changed behind the services' back (the admin, a script): no marker was bumped."""
    log_a_set(user)
    models.LoggedSet.objects.filter(session__profile__user=user, session__day=DAY).update(pain=9)


CHANGES: dict[str, Callable[[User], None]] = {
    "log a set": log_a_set,
    "pain after": pain_after,
    "check-in": check_in,
    "profile edit": profile_edit,
    "language": language,
    "clinician override": clinician_override,
    "a write no service saw": a_write_no_service_saw,
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(CHANGES))
def test_today_from_a_memo_held_before_a_change_equals_today_replayed(
    demo: User, name: str
) -> None:
    before = replayed_today(demo, DAY)
    pk = models.Profile.objects.get(user=demo).pk
    held = replay.REPLAYS.get(pk)
    assert held is not None
    CHANGES[name](demo)
    replay.REPLAYS.put(pk, held)  # as if this process had not seen the change
    shown = services.today(demo, DAY)
    assert shown == replayed_today(demo, DAY)
    assert shown != before  # the change shows


@pytest.mark.django_db
def test_today_on_a_new_day_is_replayed_for_that_day(demo: User, replays: list[dt.date]) -> None:
    services.today(demo, DAY)
    tomorrow = DAY + dt.timedelta(days=1)
    shown = services.today(demo, tomorrow)
    assert replays[-1] == tomorrow
    assert shown == replayed_today(demo, tomorrow)
    assert shown.day == tomorrow


@pytest.mark.django_db
def test_today_in_the_pages_language_equals_today_replayed(demo: User) -> None:
    services.today(demo, DAY)
    bokmal = services.today(demo, DAY, language="nb")
    replay.REPLAYS.clear()
    assert bokmal == services.today(demo, DAY, language="nb")
    assert bokmal != services.today(demo, DAY, language="en")


@pytest.mark.django_db
def test_a_new_catalogue_is_replayed(demo: User, replays: list[dt.date]) -> None:
    services.today(demo, DAY)
    clear_default_catalog()
    try:
        shown = services.today(demo, DAY)
        assert replays  # a new catalogue object: the memo does not answer for it
        assert shown == replayed_today(demo, DAY)
    finally:
        clear_default_catalog()


@pytest.mark.django_db
def test_an_unchanged_diary_is_not_replayed_again(demo: User, replays: list[dt.date]) -> None:
    first = services.today(demo, DAY)
    assert len(replays) <= 1
    replays.clear()
    for _ in range(3):
        assert services.today(demo, DAY) == first
    assert replays == []
    log_a_set(demo)
    assert replays == [DAY]  # logging replays once; the page after it reuses that replay
    services.today(demo, DAY)
    assert replays == [DAY]


def test_a_look_at_another_day_leaves_todays_replay_in_the_memo(
    demo: User,
    replays: list[dt.date],
) -> None:
    services.today(demo, DAY, today_=DAY)
    services.today(demo, DAY - dt.timedelta(days=3), today_=DAY)
    replays.clear()
    services.today(demo, DAY, today_=DAY)
    assert replays == []  # today's replay was reused, not replaced by the other day's


def saved_decisions(user: User) -> list[tuple[Any, ...]]:
    return sorted(
        models.Decision.objects.filter(profile__user=user).values_list(
            "day", "exercise", "kind", "reasons", "reasons_nb", "dose_before", "dose_after"
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["log a set", "pain after", "check-in", "a write no service saw"])
def test_a_change_today_resumes_the_replay_at_today_and_saves_what_the_full_replay_saves(
    demo: User,
    name: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    services.today(demo, DAY)
    resumed_at: list[dt.date | None] = []
    real = engine.Replay.run

    def run(self: engine.Replay, resume: engine.Checkpoint | None = None) -> Any:
        resumed_at.append(resume.day if resume is not None else None)
        return real(self, resume)

    monkeypatch.setattr(engine.Replay, "run", run)
    CHANGES[name](demo)
    shown = services.today(demo, DAY)
    saved = saved_decisions(demo)
    assert resumed_at and set(resumed_at) == {DAY}  # only today was replayed
    assert shown == replayed_today(demo, DAY)
    replay.REPLAYS.clear()
    full = replay.replay(models.Profile.objects.get(user=demo), DAY).decisions
    assert resumed_at[-1] is None  # the memo was cleared: the whole diary
    assert saved == sorted((day, exercise, *row) for (day, exercise), row in full.items())
