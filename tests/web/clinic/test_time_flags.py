"""The two flags read against today, "inactive" and "relief over a week", are marked seen like
the stored ones (seen until their evidence changes), and every flag's text writes its day as
the pages do, in English and Bokmål, never as an ISO date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from kneecoach.errors import NotFound
from kneecoach.programme.wording import day_words
from kneecoach.web.clinic import models, services
from tests.web.access import logged_in_client
from tests.web.clinic.conftest import World, log_day

pytestmark = pytest.mark.django_db
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _flags(world: World, name: str, day: dt.date) -> dict[str, services.FlagView]:
    rows = services.overview(world.clinician_a, day).rows
    row = next(r for r in rows if r.name == name)
    return {f.kind: f for f in row.flags}


def test_inactive_is_marked_seen_until_a_later_day_is_due(world: World) -> None:
    enrolment = models.Enrolment.objects.get(patient=world.other_patient, status="active")
    assert enrolment.due_since is not None
    later = enrolment.due_since + dt.timedelta(days=3)
    assert not _flags(world, "olga", later)["inactive"].seen
    with pytest.raises(NotFound):  # another clinic's clinician
        services.mark_flag_seen(world.clinician_b, world.other_patient.pk, "inactive", _noon(later))
    with pytest.raises(NotFound):  # not up yet on the due day
        services.mark_flag_seen(
            world.clinician_a, world.other_patient.pk, "inactive", _noon(enrolment.due_since)
        )
    seen = services.mark_flag_seen(
        world.clinician_a, world.other_patient.pk, "inactive", _noon(later)
    )
    assert seen.seen and seen.kind == "inactive"
    assert _flags(world, "olga", later + dt.timedelta(days=1))["inactive"].seen
    assert models.AuditEvent.objects.filter(action="flag_seen", detail="inactive").exists()
    enrolment.inactive_seen_for = enrolment.due_since - dt.timedelta(days=2)  # older evidence
    enrolment.save()
    assert not _flags(world, "olga", later)["inactive"].seen


def test_relief_over_a_week_is_marked_seen_from_the_patient_page(world: World) -> None:
    log_day(world.patient, world.today, pain=7, pain_after=9)  # a flare: relief starts
    enrolment = models.Enrolment.objects.get(patient=world.patient, status="active")
    assert enrolment.relief_since is not None
    week_on = enrolment.relief_since + dt.timedelta(days=8)
    assert not _flags(world, "pat", week_on)["relief_long"].seen
    client = logged_in_client(world.clinician_a)
    response = client.post(f"/clinic/patients/{world.patient.pk}/flags/relief_long/seen/")
    assert response.status_code in (302, 404)  # today may not be a week on yet
    services.mark_flag_seen(world.clinician_a, world.patient.pk, "relief_long", _noon(week_on))
    assert _flags(world, "pat", week_on)["relief_long"].seen


@pytest.mark.parametrize("language", ["en", "nb"])
def test_flag_texts_write_days_as_the_pages_do(world: World, language: str) -> None:
    log_day(world.patient, world.today, pain=7, pain_after=9)  # a flare: relief starts
    enrolment = models.Enrolment.objects.get(patient=world.patient, status="active")
    week_on = (enrolment.relief_since or world.today) + dt.timedelta(days=8)
    with translation.override(language):
        flags = _flags(world, "pat", week_on)
    assert {"pain_rising", "relief", "relief_long"} <= set(flags)
    for flag in flags.values():
        assert not ISO_DATE.search(flag.text), flag.text
    assert day_words(world.today, language) in flags["relief"].text
