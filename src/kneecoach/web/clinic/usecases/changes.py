"""Programme changes: a clinician's dose or variant change, previewed on the engine and saved as
an override the replay obeys; and what clinicians changed or told a person, newest first."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput
from kneecoach.programme import values
from kneecoach.programme.dosing import dose_in_range
from kneecoach.programme.reasons import describe_dose
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import ChangeInput, ChangeView, PreviewDay, PreviewView
from kneecoach.web.clinic.usecases.access import User, acting_clinician, patient_of, record_audit
from kneecoach.web.clinic.usecases.notes import NOTE_MAX, message_view
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach


def _override(data: ChangeInput, author: User, today: dt.date) -> values.ClinicianOverride:
    exercise = default_catalog().get(data.exercise)
    if exercise is None:
        raise InvalidInput(f"unknown exercise {data.exercise!r}", field="exercise")
    if not exercise.lowest_level <= data.level <= exercise.highest_level:
        raise InvalidInput(
            f"level must be from {exercise.lowest_level} to {exercise.highest_level}",
            field="level",
        )
    if exercise.dose.timed and data.reps is not None:
        raise InvalidInput(f"{exercise.slug} is timed: give seconds, not reps", field="reps")
    if not exercise.dose.timed and data.seconds is not None:
        raise InvalidInput(f"{exercise.slug} is counted in reps, not seconds", field="seconds")
    starts_on = data.starts_on or today
    if starts_on < today:
        raise InvalidInput("a change starts today or later, never in the past", field="starts_on")
    if len(data.note) > NOTE_MAX:
        raise InvalidInput(f"use at most {NOTE_MAX} characters", field="note")
    dose = values.Dose(
        exercise=exercise.slug,
        level=data.level,
        sets=data.sets,
        reps=data.reps,
        seconds=data.seconds,
        per_side=exercise.dose.per_side,
        load=(data.load or "").strip() or None,
    )
    problem = dose_in_range(exercise, dose)
    if problem is not None:
        first = problem.split(" ", 1)[0]
        field = first if first in ("level", "sets", "reps", "seconds") else "reps"
        raise InvalidInput(problem, field=field)
    return values.ClinicianOverride(
        date=starts_on,
        exercise=exercise.slug,
        dose=dose,
        note=data.note.strip(),
        clinician=author.get_username(),
    )


def preview_change(
    user: User, patient_id: int, data: ChangeInput, today: dt.date, language: str = "en"
) -> PreviewView:
    """The next sessions' doses of the exercise now and with the change, from the engine run on
    the diary plus the proposed override; nothing is saved."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    override = _override(data, user, today)
    current, proposed = coach.advice_with_overrides(enrolment.patient, (override,), today)
    record_audit(clinician, user, patient_id, "change_previewed", data.exercise)
    return _preview(override, current, proposed, language)


def _preview(
    override: values.ClinicianOverride, current: Any, proposed: Any, language: str
) -> PreviewView:
    def doses(advice: Any) -> dict[dt.date, str]:
        return {
            p.date: dose_text(rx.dose, language)
            for p in advice.next_sessions
            if p.kind == "training"
            for rx in p.prescriptions
            if rx.exercise == override.exercise
        }

    now, later = doses(current), doses(proposed)
    days = sorted(d for d in set(now) | set(later) if d >= override.date)[:6]
    name = coach.exercise_name(default_catalog(), override.exercise, language)
    return PreviewView(
        exercise=override.exercise,
        exercise_name=name,
        dose=dose_text(override.dose, language),
        days=[PreviewDay(day=d, now=now.get(d), proposed=later.get(d)) for d in days],
        decisions=[
            coach.decision_view(d, language) for d in proposed.decisions if d.date >= override.date
        ][:10],
    )


def dose_text(dose: values.Dose, language: str) -> str:
    exercise = default_catalog().get(dose.exercise)
    variant = exercise.variant(dose.level) if exercise is not None else None
    name = variant.name if variant is not None else None
    text = describe_dose(dose, language, name)
    return text + (f" ({dose.load})" if dose.load else "")


def save_change(
    user: User, patient_id: int, data: ChangeInput, today: dt.date, language: str = "en"
) -> ChangeView:
    """Save the change as an override in the patient's diary; the engine replays it."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    override = _override(data, user, today)
    coach.save_override(enrolment.patient, override, user, today)
    record_audit(
        clinician, user, patient_id, "programme_changed", f"{data.exercise}: {override.dose}"
    )
    row = coach_models.ClinicianOverride.objects.filter(profile__user_id=patient_id).latest("id")
    return _override_view(row, language)


def _override_view(row: coach_models.ClinicianOverride, language: str) -> ChangeView:
    dose = values.Dose(exercise=row.exercise, **row.dose)
    return ChangeView(
        kind="dose",
        author=row.created_by.get_username() if row.created_by else _("a clinician"),
        created_at=row.created_at,
        starts_on=row.starts_on,
        exercise=row.exercise,
        exercise_name=coach.exercise_name(default_catalog(), row.exercise, language),
        dose=dose_text(dose, language),
        text=row.note,
    )


def changes_of(patient_id: int, language: str = "en", limit: int = 20) -> list[ChangeView]:
    """Clinicians' changes to the person's programme and their messages, newest first."""
    overrides = coach_models.ClinicianOverride.objects.filter(
        profile__user_id=patient_id
    ).select_related("created_by")
    changes = [_override_view(o, language) for o in overrides.order_by("-created_at")[:limit]]
    messages = models.Message.objects.filter(patient_id=patient_id)[:limit]
    changes += [message_view(m) for m in messages]
    return sorted(changes, key=lambda c: c.created_at, reverse=True)[:limit]


def my_changes(user: User, language: str = "en", limit: int = 5) -> list[ChangeView]:
    """What the person's clinicians changed or told them (Today, ``kneecoach today``)."""
    return changes_of(user.pk, language, limit)
