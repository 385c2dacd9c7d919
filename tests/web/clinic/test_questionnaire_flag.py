"""The "questionnaire due" flag and the questionnaires on the clinician's patient page
(docs/clinic.md, Flags; docs/outcomes.md, Schedule)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from kneecoach.programme.flags import QUESTIONNAIRE_GRACE_DAYS
from kneecoach.programme.wording import day_words
from kneecoach.web.clinic import models, services
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes
from tests.web.access import logged_in_client, token_client
from tests.web.clinic.conftest import KOOS12_ITEMS, World, enrol, fill_baseline
from tests.web.patient.conftest import onboarded

pytestmark = pytest.mark.django_db


def newcomer(world: World, days_ago: int) -> User:
    """An enrolled person who has not filled in the baseline questionnaires."""
    person = onboarded("nora", days_ago=days_ago)
    enrol(person, world.clinician_a)
    return person


def due_flag(person: User) -> models.Flag | None:
    return models.Flag.objects.filter(patient=person, kind="questionnaire_due").first()


def test_baseline_left_unfilled_past_the_grace_days_is_flagged(world: World) -> None:
    person = newcomer(world, days_ago=QUESTIONNAIRE_GRACE_DAYS)
    flag = due_flag(person)
    assert flag is not None
    start = coach_models.Profile.objects.get(user=person).start_date
    assert flag.since == start and flag.detail == {"week": 0, "missing": "koos12, nprs"}
    page = services.overview(world.clinician_a, world.today, flag="questionnaire_due")
    assert [row.name for row in page.rows] == ["nora"]
    assert f"questionnaire due since {day_words(start)}" in page.rows[0].flags[0].text
    assert page.rows[0].flags[0].evidence_url.endswith("#outcomes")


def test_not_flagged_within_the_grace_days(world: World) -> None:
    person = newcomer(world, days_ago=QUESTIONNAIRE_GRACE_DAYS - 1)
    assert due_flag(person) is None


def test_filling_the_forms_clears_the_flag_at_once(world: World) -> None:
    person = newcomer(world, days_ago=6)
    start = coach_models.Profile.objects.get(user=person).start_date
    outcomes.fill(person, "koos12", dict.fromkeys(KOOS12_ITEMS, 1), start, today_=world.today)
    flag = due_flag(person)
    assert flag is not None and flag.detail["missing"] == "nprs"  # still one missing
    outcomes.fill(person, "nprs", {"pain": 2}, world.today, today_=world.today)
    assert due_flag(person) is None
    enrolment = models.Enrolment.objects.get(patient=person, status="active")
    assert enrolment.unseen_flags == models.Flag.objects.filter(patient=person).count()


def test_the_next_window_raises_it_again_on_the_days_replay(world: World) -> None:
    person = newcomer(world, days_ago=6)
    fill_baseline(person)
    assert due_flag(person) is None
    start = coach_models.Profile.objects.get(user=person).start_date
    week_4 = start + dt.timedelta(weeks=4)
    coach.observe_diary(person, week_4 + dt.timedelta(days=QUESTIONNAIRE_GRACE_DAYS))
    flag = due_flag(person)
    assert flag is not None and flag.since == week_4
    assert flag.detail == {"week": 4, "missing": "koos12, nprs, pgic"}


def test_a_changed_schedule_is_reconsidered_at_once(world: World) -> None:
    person = newcomer(world, days_ago=6)
    assert due_flag(person) is not None
    profile = coach_models.Profile.objects.get(user=person)
    outcomes.set_schedule(profile, [1, 5], "koos", today_=world.today)  # first form due tomorrow
    assert due_flag(person) is None


def test_the_patient_page_shows_the_questionnaires_and_scores(world: World) -> None:
    person = newcomer(world, days_ago=6)
    start = coach_models.Profile.objects.get(user=person).start_date
    outcomes.fill(person, "koos12", dict.fromkeys(KOOS12_ITEMS, 1), start, today_=world.today)
    page = services.patient_page(world.clinician_a, person.pk, world.today)
    assert page.outcomes is not None
    assert page.outcomes.due_now is not None and page.outcomes.due_now.missing == ("nprs",)
    assert [s.value for s in page.outcomes.responses[0].scores] == [75.0] * 4
    html = logged_in_client(world.clinician_a).get(f"/clinic/patients/{person.pk}/").content
    assert b'id="outcomes"' in html
    assert b"KOOS-12 Pain: 75.0" in html
    assert b"Due since" in html and b"Knee pain, 0-10" in html  # the missing form, by its title
    assert b'class="scale-chart"' in html  # the chart with its MIC band
    twin = token_client(world.clinician_a).get(f"/api/clinic/patients/{person.pk}").json()
    assert twin["outcomes"]["due_now"]["missing"] == ["nprs"]
    assert twin["outcomes"]["responses"][0]["questionnaire"] == "koos12"
