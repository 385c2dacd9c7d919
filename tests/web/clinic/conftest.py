"""Two clinics, their clinicians and patients in every state of consent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from kneecoach.web.clinic import models, services
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes
from tests.cli.conftest import cli  # noqa: F401 - the in-process CLI fixture
from tests.web.access import make_user
from tests.web.patient.conftest import onboarded, today_for


@dataclass
class World:
    clinic_a: models.Clinic
    clinic_b: models.Clinic
    admin_a: User
    clinician_a: User
    clinician_b: User
    patient: User
    other_patient: User
    revoked: User
    today: dt.date


def make_clinician(username: str, clinic: models.Clinic, role: str = "clinician") -> User:
    user = make_user(username)
    models.Clinician.objects.create(clinic=clinic, user=user, role=role)
    return user


def enrol(patient: User, clinician: User) -> None:
    invitation = services.create_invitation(clinician, timezone.now())
    services.accept_invitation(patient, invitation.code, timezone.now(), today_for(patient))


def fill_baseline(patient: User) -> None:
    """The baseline questionnaires filled in on the first day, as the schedule asks, so that
    no "questionnaire due" flag stands beside the ones a test is about."""
    start = coach_models.Profile.objects.get(user=patient).start_date
    outcomes.fill(patient, "koos12", dict.fromkeys(KOOS12_ITEMS, 1), start, today_=start)
    outcomes.fill(patient, "nprs", {"pain": 3}, start, today_=start)


KOOS12_ITEMS = ("P1", "P5", "P6", "P8", "A4", "A3", "A7", "SP4", "Q1", "Q2", "Q3", "Q4")


def log_day(user: User, day: dt.date, pain: int, pain_after: int | None = None) -> None:
    view = coach.today(user, day)
    sets = []
    for item in view.items:
        for side in item.sides or (None,):
            sets.append(
                coach.SetInput(
                    exercise=item.exercise,
                    set_number=1,
                    side=side,
                    reps=None if item.dose.seconds else item.dose.reps,
                    seconds=item.dose.seconds,
                    pain=pain,
                )
            )
    coach.log_session(user, day, sets, pain_after=pain_after, today_=day)


@pytest.fixture
def world(db: Any) -> World:
    clinic_a = models.Clinic.objects.create(name="Fysio Nord")
    clinic_b = models.Clinic.objects.create(name="Fysio Sør")
    admin_a = make_clinician("anna", clinic_a, "admin")
    clinician_a = make_clinician("carl", clinic_a)
    clinician_b = make_clinician("bea", clinic_b)
    patient = onboarded("pat", days_ago=6)
    other_patient = onboarded("olga", days_ago=3)
    revoked = onboarded("rolf", days_ago=3)
    enrol(patient, clinician_a)
    enrol(other_patient, clinician_a)
    enrol(revoked, clinician_a)
    fill_baseline(patient)
    fill_baseline(other_patient)
    services.revoke_consent(revoked, timezone.now())
    return World(
        clinic_a,
        clinic_b,
        admin_a,
        clinician_a,
        clinician_b,
        patient,
        other_patient,
        revoked,
        today_for(patient),
    )


def saved_rows() -> list[Any]:
    """Everything a clinic request could change, as comparable values."""
    return [
        list(m.objects.order_by("id").values())
        for m in (
            models.Note,
            models.Message,
            models.Flag,
            models.Invitation,
            models.Enrolment,
            models.Clinician,
            coach_models.ClinicianOverride,
            coach_models.LoggedSession,
        )
    ]
