"""The clinic's demo: a clinic, a clinician, and a handful of patients in different states.

``kneecoach demo`` calls ``create_clinic_demo`` after the demo person, so the overview is worth
looking at on first start. Every diary is logged through the coach's own use cases, one day at a
time, so the doses in it are the engine's and the flags are stored as they would be in use.

- ``clinician`` / ``kneecoach-clinic``: the clinic's admin (sees the audit log, manages clinicians).
- ``demo``: the demo person (a sore spell, a relief period, back to training), enrolled.
- ``kari``: pain rising (flagged: pain 7 after the last session).
- ``ola``: in a relief period (flagged).
- ``per``: inactive (no session for days past a due one), and his baseline questionnaires
  never filled in (flagged: questionnaire due).
- ``liv``: steady, no flags.

The others fill in their baseline questionnaires (KOOS-12 and the pain rating) on their first
day, as the schedule asks (docs/outcomes.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.utils import timezone

from kneecoach.web.clinic import models
from kneecoach.web.clinic.usecases.consent import accept_invitation, create_invitation
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes

CLINIC_NAME = "Demo Physio"
CLINICIAN_USERNAME = "clinician"
CLINICIAN_PASSWORD = "kneecoach-clinic"  # noqa: S105 - documented demo login, local use only
PATIENT_PASSWORD = "kneecoach-demo"  # noqa: S105 - documented demo login, local use only
PATIENTS = ("kari", "ola", "per", "liv")

# Pain during (the sets), pain after and next morning for a patient's day, by day index.
PainPlan = Callable[[int, int], tuple[int, int, int]]

BASELINE_KOOS12: dict[str, int | str | None] = {
    "P1": 2, "P5": 1, "P6": 2, "P8": 1, "A4": 1, "A3": 1, "A7": 1, "SP4": 2,
    "Q1": 2, "Q2": 2, "Q3": 1, "Q4": 2,
}  # fmt: skip
"""A plausible baseline KOOS-12 for the demo's patients (mild to moderate problems)."""


def _steady(offset: int, days: int) -> tuple[int, int, int]:
    return 2, 1, 1


def _rising(offset: int, days: int) -> tuple[int, int, int]:
    """Calm for most of the fortnight; then the last sessions hurt (7 after the last one, and no
    morning report since)."""
    if offset < days - 4:
        return 2, 2, 2
    return 5, 7, 2


def _relief(offset: int, days: int) -> tuple[int, int, int]:
    """Mornings worsen at the end: the engine starts a relief period."""
    if offset < days - 5:
        return 2, 2, 2
    return 4, 4, 6


def create_clinic_demo(today: dt.date, *, days: int = 14) -> str:
    """(Re)create the demo clinic with its clinician and patients; returns the clinician's
    user name. The demo person must exist already (``coach.create_demo``)."""
    user_model = get_user_model()
    user_model.objects.filter(username__in=(CLINICIAN_USERNAME, *PATIENTS)).delete()
    models.Clinic.objects.filter(name=CLINIC_NAME).delete()
    clinic = models.Clinic.objects.create(name=CLINIC_NAME)
    clinician = coach.ensure_user(CLINICIAN_USERNAME, CLINICIAN_PASSWORD)
    models.Clinician.objects.create(clinic=clinic, user_id=clinician.pk, role=models.Role.ADMIN)
    demo = user_model.objects.filter(username=coach.DEMO_USERNAME).first()
    if demo is not None:
        _enrol(demo, clinician, today)
    _patient("kari", clinician, today, days, _rising, stop_after=days - 1)
    _patient("ola", clinician, today, days, _relief, stop_after=days)
    _patient("per", clinician, today, days, _steady, stop_after=days - 6, baseline=False)
    _patient("liv", clinician, today, days, _steady, stop_after=days)
    return CLINICIAN_USERNAME


def _enrol(person: coach.User, clinician: coach.User, today: dt.date) -> None:
    now = timezone.now()
    invitation = create_invitation(clinician, now)
    accept_invitation(person, invitation.code, now, today)


def _patient(
    username: str,
    clinician: coach.User,
    today: dt.date,
    days: int,
    pains: PainPlan,
    *,
    stop_after: int,
    baseline: bool = True,
) -> None:
    """A person onboarded ``days`` ago who logs every planned session until ``stop_after`` and,
    with ``baseline``, fills in the baseline questionnaires on the first day."""
    person = coach.ensure_user(username, PATIENT_PASSWORD)
    _enrol(person, clinician, today)
    start = today - dt.timedelta(days=days)
    coach.onboard(
        person,
        coach.ProfileInput(
            trained=False,
            start_date=start,
            painful_side="left" if username in ("ola", "liv") else "right",
            equipment=frozenset({"mat", "mini-band", "ankle-band", "soft-ball", "wall"}),
            baseline_pain=2,
        ),
        {q.id: "no" for q in coach.screening_questions()},
        start,
    )
    if baseline:
        outcomes.fill(person, "koos12", BASELINE_KOOS12, start, today_=start)
        outcomes.fill(person, "nprs", {"pain": 3}, start, today_=start)
    for offset in range(days + 1):
        day = start + dt.timedelta(days=offset)
        if offset >= stop_after:
            break
        during, after, morning = pains(offset, days)
        if offset > 0:
            coach.checkin(person, day, morning, stiffness=morning >= 5, today_=day)
        view = coach.today(person, day)
        if view.kind != "training":
            continue
        sets = [
            coach.SetInput(
                exercise=item.exercise,
                set_number=number,
                side=side,
                reps=None if item.dose.seconds else item.dose.reps,
                seconds=item.dose.seconds,
                pain=during,
                load=item.dose.load,
            )
            for item in view.items
            for number in range(1, item.dose.sets + 1)
            for side in (item.sides or (None,))
        ]
        coach.log_session(person, day, sets, pain_after=after, today_=day)
    coach.observe_diary(person, today)
