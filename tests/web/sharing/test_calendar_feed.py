"""The subscribable calendar feed: token access (owner / other / anonymous / revoked), the
Settings page, its API twin, and a change of plan served as an update, not a copy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Protocol

import icalendar
import pytest
from django.contrib.auth.models import User
from django.test import Client

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import NotFound, ScreeningBlocked
from kneecoach.programme.screening import QUESTIONS
from kneecoach.web.coach import services as coach
from kneecoach.web.sharing import services
from kneecoach.web.sharing.models import CalendarFeed
from tests.web.access import check_access, logged_in_client, make_user, token_client

pytestmark = pytest.mark.django_db


class _Response(Protocol):
    content: bytes


def events(response: _Response) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.events}


def sequence(event: icalendar.Event) -> int:
    """The event's SEQUENCE as written (a KeyError if it is missing, unlike ``event.sequence``)."""
    return int(str(event["SEQUENCE"]))


def make_feed(client: Client) -> str:
    response = client.post("/settings/calendar/new/")
    assert response.status_code == 302
    page = client.get("/settings/calendar/")
    url: str = page.context["url"]
    assert url.startswith("http://testserver/calendar/") and url.endswith(".ics")
    return url.removeprefix("http://testserver")


def test_feed_is_served_to_anyone_with_the_token_and_to_no_one_after_revoking(
    owner: User, today: dt.date
) -> None:
    client = logged_in_client(owner)
    path = make_feed(client)
    feed = Client().get(path)  # a calendar app: no session, no token header
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    served = events(feed)
    assert served
    planned = coach.plan(owner, today, days=28)
    training = [d for d in planned.days if d.kind == "training" and d.day >= today]
    starts = {e.decoded("DTSTART") for e in served.values()}
    assert {d.day for d in training} <= starts
    assert client.post("/settings/calendar/revoke/").status_code == 302
    assert Client().get(path).status_code == 404


def test_a_new_address_stops_the_old_one(owner: User) -> None:
    client = logged_in_client(owner)
    first = make_feed(client)
    second = make_feed(client)
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert CalendarFeed.objects.filter(revoked_at__isnull=True).count() == 1


def test_unknown_token_is_404_and_another_persons_feed_is_theirs(owner: User, other: User) -> None:
    assert Client().get("/calendar/not-a-token.ics").status_code == 404
    mine = events(Client().get(make_feed(logged_in_client(owner))))
    theirs = events(Client().get(make_feed(logged_in_client(other))))
    assert not set(mine) & set(theirs)


def test_settings_page_and_api_access(owner: User, other: User) -> None:
    check_access("/settings/calendar/", owner=owner, other=other, other_status=200)
    check_access("/api/calendar-feed", owner=owner, other=other, api=True, other_status=200)
    created = token_client(owner).post("/api/calendar-feed")
    assert created.status_code == 201
    body = created.json()
    assert body["active"] and body["url"].endswith(".ics")
    assert Client().get(body["url"].removeprefix("http://testserver")).status_code == 200
    assert token_client(other).get("/api/calendar-feed").json()["active"] is False
    revoked = token_client(owner).delete("/api/calendar-feed")
    assert revoked.json() == {
        "active": False,
        "url": None,
        "created_at": None,
        "last_fetched_at": None,
    }


def test_a_change_of_plan_updates_events_rather_than_duplicating_them(
    owner: User, today: dt.date
) -> None:
    """Fetch; take the next training day's weekday out of the days the person can train (the
    session moves); fetch again: the changed events keep their UIDs with SEQUENCE + 1, the
    others are as they were, and no day has two events."""
    path = make_feed(logged_in_client(owner))
    before = events(Client().get(path))
    ahead = sorted(e.decoded("DTSTART") for e in before.values() if e.decoded("DTSTART") > today)
    profile = coach.get_profile(owner)
    coach.update_profile(
        owner,
        trained=profile.trained,
        painful_side=profile.painful_side,
        equipment=frozenset(profile.equipment),
        weekdays=frozenset(range(7)) - {ahead[0].weekday()},
        language=profile.language,
        today_=today,
    )
    after = events(Client().get(path))
    days_after = [e.decoded("DTSTART") for e in after.values()]
    assert len(days_after) == len(set(days_after))  # one event per session, no copies
    assert ahead[0] not in days_after  # the session moved off that day
    kept = set(before) & set(after)
    changed = [
        uid
        for uid in kept
        if str(before[uid]["DESCRIPTION"]) != str(after[uid]["DESCRIPTION"])
        or before[uid].decoded("DTSTART") != after[uid].decoded("DTSTART")
    ]
    assert changed
    for uid in kept:
        bump = 1 if uid in changed else 0
        assert sequence(after[uid]) == sequence(before[uid]) + bump


def test_refetching_an_unchanged_plan_changes_nothing(owner: User) -> None:
    path = make_feed(logged_in_client(owner))
    first, second = events(Client().get(path)), events(Client().get(path))
    assert first.keys() == second.keys()
    assert all(sequence(second[uid]) == sequence(first[uid]) for uid in first)


def test_feed_follows_the_persons_language(owner: User) -> None:
    coach_profile = owner.kneecoach_profile
    coach_profile.language = "nb"
    coach_profile.save()
    data = services.calendar(owner, dt.datetime.now(dt.UTC))
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "kneecoach: kneøvelser"
    summaries = {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}
    assert summaries == {"Kneøvelser"}


def test_no_sessions_in_the_feed_and_no_handout_while_screening_stops_self_management(
    owner: User, today: dt.date
) -> None:
    path = make_feed(logged_in_client(owner))
    assert events(Client().get(path))
    urgent = next(q.id for q in QUESTIONS if q.level == "urgent")
    coach.rescreen(owner, {q.id: "yes" if q.id == urgent else "no" for q in QUESTIONS}, today)
    assert events(Client().get(path)) == {}
    with pytest.raises(ScreeningBlocked):
        services.handout_pdf(owner, today)
    assert logged_in_client(owner).get("/export/pdf/").status_code == 409


def test_before_onboarding_the_feed_refuses_naming_the_user_and_how_to_make_a_profile(
    db: None,
) -> None:
    """The profile is read through the coach's one public function (as the outcomes app does)."""
    nobody, now = make_user("nobody"), dt.datetime(2026, 11, 2, 8, tzinfo=dt.UTC)
    calls: dict[str, Callable[[], object]] = {
        "feed_status": lambda: services.feed_status(nobody),
        "create_feed": lambda: services.create_feed(nobody, now),
        "revoke_feed": lambda: services.revoke_feed(nobody, now),
        "calendar": lambda: services.calendar(nobody, now),
    }
    for name, call in calls.items():
        with pytest.raises(NotFound) as refused:
            call()
        assert (refused.value.field, refused.value.message) == (
            "user",
            "no profile yet; complete onboarding first",
        ), name
    assert not CalendarFeed.objects.exists()


# --- what to do, not the programme's exercise: equipment the person lacks -----------------------


ALL_EQUIPMENT = frozenset(
    {"mat", "ankle-band", "mini-band", "resistance-band", "cable-machine", "ankle-strap"}
    | {"ankle-weight", "soft-ball", "wall", "towel", "cushion", "chair"}
)


def onboard_without_equipment(username: str, today: dt.date, language: str = "en") -> User:
    """A person with no equipment at all (``--equipment none``), started today."""
    user = make_user(username)
    coach.onboard(
        user,
        coach.ProfileInput(
            trained=False, start_date=today, equipment=frozenset(), language=language
        ),
        {q.id: "no" for q in QUESTIONS},
        today,
    )
    return user


def done_as(user: User, today: dt.date) -> dict[str, str]:
    """What Today says to do for each exercise on the first training day (exercise -> slug)."""
    first = next(d for d in coach.plan(user, today).days if d.kind == "training")
    return {i.exercise: i.performed_as for i in coach.today(user, first.day).items}


def _descriptions(user: User) -> list[list[str]]:
    calendar = icalendar.Calendar.from_ical(services.calendar(user, dt.datetime.now(dt.UTC)))
    return [str(e["DESCRIPTION"]).split("\n") for e in calendar.walk("VEVENT")]


def test_a_person_without_a_band_is_told_the_banded_exercises_substitute_in_the_calendar(
    today: dt.date,
) -> None:
    """Side steps and the cable curl need a band and a cable machine: the calendar names what
    Today tells them to do instead, with the exercise it stands for in brackets."""
    user = onboard_without_equipment("nils", today)
    catalog = default_catalog()
    instead_of = done_as(user, today)
    assert instead_of["side-steps"] != "side-steps"
    assert instead_of["hamstring-curl"] != "hamstring-curl"
    descriptions = _descriptions(user)
    assert descriptions
    band = coach.exercise_name(catalog, "side-steps", "en")
    cable = coach.exercise_name(catalog, "hamstring-curl", "en")
    instead = coach.exercise_name(catalog, instead_of["side-steps"], "en")
    for lines in descriptions:
        assert f"{instead} (in place of {band}): 2 x 10 reps each side" in lines
        assert not any(line.startswith((f"{band}:", f"{cable}:")) for line in lines)
        curl = next(line for line in lines if f"(in place of {cable})" in line)
        assert curl.startswith(coach.exercise_name(catalog, instead_of["hamstring-curl"], "en"))


def test_the_calendar_names_the_substitute_in_bokmal_from_the_catalogue(today: dt.date) -> None:
    user = onboard_without_equipment("nora", today, language="nb")
    catalog = default_catalog()
    side_steps = done_as(user, today)["side-steps"]
    band = coach.exercise_name(catalog, "side-steps", "nb")
    instead = coach.exercise_name(catalog, side_steps, "nb")
    assert band != coach.exercise_name(catalog, "side-steps", "en")  # the catalogue's Bokmål
    for lines in _descriptions(user):
        assert f"{instead} (i stedet for {band}): 2 x 10 repetisjoner på hver side" in lines


def test_getting_the_equipment_rewords_the_calendars_events_and_raises_their_sequence(
    today: dt.date,
) -> None:
    """Equipment bought: the events keep their UIDs, name the banded exercise itself now, and
    come with SEQUENCE + 1 so a calendar app replaces the old wording."""
    user = onboard_without_equipment("nils", today)
    path = make_feed(logged_in_client(user))
    before = events(Client().get(path))
    profile = coach.get_profile(user)
    coach.update_profile(
        user,
        trained=profile.trained,
        painful_side=profile.painful_side,
        equipment=ALL_EQUIPMENT,
        weekdays=frozenset(profile.weekdays),
        language=profile.language,
        today_=today,
    )
    after = events(Client().get(path))
    band = coach.exercise_name(default_catalog(), "side-steps", "en")
    assert set(after) == set(before)
    for uid, event in after.items():
        assert f"{band}: " in str(event["DESCRIPTION"])
        assert f"(in place of {band})" in str(before[uid]["DESCRIPTION"])
        assert sequence(event) == sequence(before[uid]) + 1
