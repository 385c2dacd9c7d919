"""A patient's page: everything a clinician reviews about one patient, and their progress."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from kneecoach.catalog.loader import default_catalog
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import (
    CheckinRow,
    ExerciseChoice,
    PatientPage,
    ScreeningView,
    SessionRow,
)
from kneecoach.web.clinic.usecases.access import User, acting_clinician, patient_of, record_audit
from kneecoach.web.clinic.usecases.changes import changes_of
from kneecoach.web.clinic.usecases.flags import flags_of, time_flags
from kneecoach.web.clinic.usecases.notes import note_view
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcome_services


def patient_page(user: User, patient_id: int, today: dt.date, language: str = "en") -> PatientPage:
    """Everything a clinician reviews about one patient; the view is audited."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    patient = enrolment.patient
    record_audit(clinician, user, patient_id, "viewed")
    profile = coach_models.Profile.objects.filter(user_id=patient_id).first()
    flags = [
        *flags_of([patient_id], language).get(patient_id, []),
        *time_flags(enrolment, today, language),
    ]
    progress = explain = None
    if profile is not None and profile.screening_status not in ("pending", "urgent", "emergency"):
        progress = coach.progress(patient, today, language)
        explain = coach.explain(patient, today, language)
    state = explain.state if explain else "locked" if profile is not None else "pending"
    if profile is not None and profile.screening_status == "pending":
        state = "pending"
    return PatientPage(
        id=patient_id,
        name=enrolment.display_name,
        clinic=enrolment.clinic.name,
        state=state,
        state_label=state_label(state),
        screening_status=profile.screening_status if profile else "pending",
        flags=flags,
        progress=progress,
        doses=list(explain.doses) if explain else [],
        decisions=list(progress.decisions[-30:]) if progress else [],
        sessions=_sessions(patient_id),
        checkins=[
            CheckinRow(day=c.day, pain=c.pain, swelling=c.swelling, stiffness=c.stiffness)
            for c in coach_models.MorningCheckin.objects.filter(
                profile__user_id=patient_id
            ).order_by("-day")[:30]
        ],
        screenings=[
            ScreeningView(
                answered_on=r.answered_on,
                result=r.result,
                positive=list(r.positive),
                answers=dict(r.answers),
            )
            for r in coach_models.ScreeningRecord.objects.filter(profile__user_id=patient_id)[:5]
        ],
        notes=[note_view(n) for n in models.Note.objects.filter(patient_id=patient_id)[:50]],
        changes=changes_of(patient_id, language),
        exercises=_exercise_choices(
            explain.doses if explain else (), explain.items if explain else (), language
        ),
        outcomes=profile and outcome_services.outcomes_for_profile(profile, today, language),
    )


def state_label(state: str) -> str:
    """The programme's state in words, in the active language."""
    labels = {
        "training": _("training"),
        "relief": _("relief period"),
        "paused_for_review": _("paused for a clinician's review"),
        "locked": _("paused by the red-flag screening"),
        "paused": _("paused by a clinician"),
        "pending": _("not screened yet"),
    }
    return str(labels.get(state, state))


def _sessions(patient_id: int) -> list[SessionRow]:
    rows = []
    sessions = coach_models.LoggedSession.objects.filter(profile__user_id=patient_id)
    for session in sessions.order_by("-day").prefetch_related("sets")[:30]:
        pains = [s.pain for s in session.sets.all()]
        rows.append(
            SessionRow(
                day=session.day,
                sets=len(pains),
                highest_pain=max(pains) if pains else None,
                pain_after=session.pain_after,
            )
        )
    return rows


def _exercise_choices(
    doses: Any, items: Sequence[coach.PlanItem], language: str
) -> list[ExerciseChoice]:
    current = {d.exercise: d for d in doses}
    # what the patient does at each current dose, named as their plan names it (``plan_item``)
    doing = {item.exercise: item for item in items}
    choices = []
    for exercise in default_catalog().exercises:
        item = doing.get(exercise.slug)
        levels = [
            (level, _variant_name(exercise, level, language))
            for level in range(exercise.lowest_level, exercise.highest_level + 1)
        ]
        choices.append(
            ExerciseChoice(
                slug=exercise.slug,
                name=exercise.name.get(language),
                levels=levels,
                timed=exercise.dose.timed,
                seconds_levels=[
                    level for level, _name in levels if exercise.level_dose(level).unit == "seconds"
                ],
                current=current.get(exercise.slug),
                current_text=_worded(current.get(exercise.slug), language),
                current_performed_as=item.performed_as if item else None,
                current_performed_as_name=item.performed_as_name if item else None,
                current_label=item.label if item else None,
                current_substitute_for_name=item.substitute_for_name if item else None,
                current_in_place_of_name=item.in_place_of_name if item else None,
            )
        )
    return choices


def _worded(dose: coach.DoseView | None, language: str) -> str | None:
    return coach.dose_words(dose, language) if dose is not None else None


def _variant_name(exercise: Any, level: int, language: str) -> str:
    variant = exercise.variant(level)
    return str((variant or exercise).name.get(language))


def patient_progress(
    user: User, patient_id: int, today: dt.date, language: str = "en"
) -> coach.ProgressView | None:
    """The patient's progress series (for the charts), or None before a usable screening."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    profile = coach_models.Profile.objects.filter(user_id=patient_id).first()
    if profile is None or profile.screening_status in ("pending", "urgent", "emergency"):
        return None
    return coach.progress(enrolment.patient, today, language)
