"""Programme changes: a clinician's dose or variant change, previewed on the engine and saved as
an override the replay obeys; and what clinicians changed or told a person, newest first."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Exercise, VersionDose
from kneecoach.errors import InvalidInput
from kneecoach.programme import values
from kneecoach.programme.dosing import OutOfRange, dose_out_of_range
from kneecoach.programme.reasons import describe_dose_and_load
from kneecoach.web.clinic import models
from kneecoach.web.clinic.schemas import ChangeInput, ChangeView, PreviewDay, PreviewView
from kneecoach.web.clinic.usecases.access import User, acting_clinician, patient_of, record_audit
from kneecoach.web.clinic.usecases.notes import NOTE_MAX, message_view
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.compiled import (
    CompiledRead,
    concrete_columns,
    instance,
    joined_columns,
    joined_instance,
)


def _override(data: ChangeInput, author: User, today: dt.date) -> values.ClinicianOverride:
    """The change as the engine's override, each field checked (a refusal names it)."""
    starts_on = data.starts_on or today
    if starts_on < today:
        raise InvalidInput("a change starts today or later, never in the past", field="starts_on")
    if len(data.note) > NOTE_MAX:
        raise InvalidInput(f"use at most {NOTE_MAX} characters", field="note")
    common = {"date": starts_on, "note": data.note.strip(), "clinician": author.get_username()}
    if data.kind in ("pause", "resume"):
        return values.ClinicianOverride(kind=data.kind, **common)  # type: ignore[arg-type]
    exercise = _catalogue_entry(data.exercise, "exercise")
    replacement = None
    if data.kind == "swap":
        replacement = _catalogue_entry(data.replacement or "", "replacement")
        if replacement.slug == exercise.slug:
            raise InvalidInput("choose another exercise to swap in", field="replacement")
    dosed = replacement or exercise
    dose = None if data.sets is None and data.kind != "dose" else _dose(dosed, data)
    return values.ClinicianOverride(
        exercise=exercise.slug,
        dose=dose,
        kind=data.kind,
        replacement=replacement.slug if replacement else None,
        **common,  # type: ignore[arg-type]
    )


def _catalogue_entry(slug: str, field: str) -> Exercise:
    exercise = default_catalog().get(slug)
    if exercise is None:
        raise InvalidInput(f"unknown exercise {slug!r}", field=field)
    return exercise


def _dose(exercise: Exercise, data: ChangeInput) -> values.Dose:
    """The change's dose of ``exercise``, inside the catalogue's ranges and ladder
    (``dosing.dose_out_of_range``); a refusal says what the field takes, in plain words."""
    sets_low, sets_high = exercise.dose.sets
    if data.sets is None:
        words = _("Sets: give the number of sets, %(low)s to %(high)s for this version.")
        raise InvalidInput(words % {"low": sets_low, "high": sets_high}, field="sets")
    level = data.level if exercise.lowest_level <= data.level <= exercise.highest_level else 0
    measure = exercise.level_dose(level)
    if data.reps is None and data.seconds is None:
        raise InvalidInput(_missing_amount(measure), field=measure.unit)
    dose = values.Dose(
        exercise=exercise.slug,
        level=data.level,
        sets=data.sets,
        reps=data.reps,
        seconds=data.seconds,
        per_side=exercise.dose.per_side,
        load=(data.load or "").strip() or None,
    )
    problem = dose_out_of_range(exercise, dose)
    if problem is not None:
        raise InvalidInput(_out_of_range(problem), field=_refused_field(problem))
    return dose


def _missing_amount(measure: VersionDose) -> str:
    span = {"low": measure.low, "high": measure.high}
    if measure.unit == "seconds":
        return _("Seconds: give the seconds per set, %(low)s to %(high)s for this version.") % span
    return _("Reps: give the reps per set, %(low)s to %(high)s for this version.") % span


def _out_of_range(problem: OutOfRange) -> str:
    """What the field takes, in plain words: "Sets: choose 3 to 4 for this version (the
    programme's range)"; the allowed values are the catalogue's, unchanged."""
    span = {"low": problem.low, "high": problem.high}
    if problem.field == "level":
        return _("Variant: choose a step from %(low)s to %(high)s for this exercise.") % span
    if problem.wrong_unit and problem.field == "seconds":
        words = _("Seconds: this version is timed; give %(low)s to %(high)s seconds, not reps.")
        return words % span
    if problem.wrong_unit:
        words = _("Reps: this version counts reps; give %(low)s to %(high)s reps, not seconds.")
        return words % span
    said = {
        "sets": _("Sets: choose %(low)s to %(high)s for this version (the programme's range)."),
        "reps": _("Reps: choose %(low)s to %(high)s for this version (the programme's range)."),
        "seconds": _(
            "Seconds: choose %(low)s to %(high)s for this version (the programme's range)."
        ),
    }
    return said[problem.field] % span


def _refused_field(problem: OutOfRange) -> str:
    """The input at fault: an amount in the wrong unit is the one given (reps for a timed
    version), as ``validation.check_measure`` names it."""
    if problem.wrong_unit:
        return "reps" if problem.field == "seconds" else "seconds"
    return problem.field


def preview_change(
    user: User, patient_id: int, data: ChangeInput, today: dt.date, language: str = "en"
) -> PreviewView:
    """The next sessions now and with the change, from the engine run on the diary plus the
    proposed override; nothing is saved."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    override = _override(data, user, today)
    current, proposed = coach.advice_with_overrides(enrolment.patient, (override,), today)
    record_audit(clinician, user, patient_id, "change_previewed", data.exercise or data.kind)
    return _preview(override, current, proposed, language)


def _preview(
    override: values.ClinicianOverride, current: Any, proposed: Any, language: str
) -> PreviewView:
    """Each of the next days, from the change's day: the changed exercise's dose now and with
    the change (the swapped-out one now, its replacement then); for a pause or a resume, the
    day's session."""
    before = override.exercise
    after = override.dosed_exercise

    def day_texts(advice: Any, slug: str) -> dict[dt.date, str]:
        if override.kind in ("pause", "resume"):
            return {p.date: _session_text(p) for p in advice.next_sessions}
        return {
            p.date: dose_text(rx.dose, language)
            for p in advice.next_sessions
            if p.kind == "training"
            for rx in p.prescriptions
            if rx.exercise == slug
        }

    now, later = day_texts(current, before), day_texts(proposed, after)
    days = sorted(d for d in set(now) | set(later) if d >= override.date)[:6]
    catalog = default_catalog()
    return PreviewView(
        kind=override.kind,
        exercise=after,
        exercise_name=coach.exercise_name(catalog, after, language) if after else "",
        dose=dose_text(override.dose, language) if override.dose else "",
        summary=change_summary(override, language),
        days=[PreviewDay(day=d, now=now.get(d), proposed=later.get(d)) for d in days],
        decisions=[
            coach.decision_view(d, language) for d in proposed.decisions if d.date >= override.date
        ][:10],
    )


def _session_text(planned: Any) -> str:
    if planned.kind == "training":
        count = len(planned.prescriptions)
        return ngettext("%(count)d exercise", "%(count)d exercises", count) % {"count": count}
    return str(_("rest")) if planned.kind == "rest" else str(_("relief"))


def change_summary(override: values.ClinicianOverride, language: str) -> str:
    """The change in words in the active language, without its author: what, and from when
    (the date as the pages write it). Each exercise is named once: a dose at a variant's rung
    is the amount, then "as <variant>" (docs/clinic.md), never the variant's name where the
    exercise's was just said ("Clamshell (Clamshell hold, 2 x 20 s)")."""
    start = date_format(override.date, "j M")
    if override.kind == "pause":
        return _("Programme paused from %(start)s") % {"start": start}
    if override.kind == "resume":
        return _("Programme resumed from %(start)s") % {"start": start}
    catalog = default_catalog()
    amount, variant = _amount_and_variant(override.dose, language) if override.dose else ("", None)
    words = {
        "exercise": coach.exercise_name(catalog, override.exercise, language),
        "dose": amount,
        "variant": variant,
        "start": start,
    }
    if override.kind == "add":
        return _added(words)
    if override.kind == "swap":
        words["replacement"] = coach.exercise_name(catalog, override.dosed_exercise, language)
        return _swapped(words)
    if variant is None:
        return _("%(exercise)s set to %(dose)s from %(start)s") % words
    # The amount first and the variant after it: "Clamshell set to Clamshell with a small
    # opening, 2 x 10 reps" named the exercise as what it was set to.
    return _("%(exercise)s set to %(dose)s as %(variant)s, from %(start)s") % words


def _added(words: dict[str, str | None]) -> str:
    """``Clamshell (2 x 20 s each side as Clamshell hold) added to every session from 7 Dec``;
    the brackets only with a dose, "as" only at a variant's rung."""
    if words["variant"] is not None:
        said = _("%(exercise)s (%(dose)s as %(variant)s) added to every session from %(start)s")
        return said % words
    return _("%(exercise)s%(dose)s added to every session from %(start)s") % _bracketed(words)


def _swapped(words: dict[str, str | None]) -> str:
    """``Clamshell swapped for Wall half-squat with a ball (2 x 8 reps as Wall squat with a
    pause) from 7 Dec``: the dose is the replacement's, worded as an addition's is."""
    if words["variant"] is not None:
        said = _(
            "%(exercise)s swapped for %(replacement)s (%(dose)s as %(variant)s) from %(start)s"
        )
        return said % words
    said = _("%(exercise)s swapped for %(replacement)s%(dose)s from %(start)s")
    return said % _bracketed(words)


def _bracketed(words: dict[str, str | None]) -> dict[str, str | None]:
    """The amount in brackets after the name, or nothing where the change gives no dose."""
    return words | {"dose": f" ({words['dose']})" if words["dose"] else ""}


def dose_text(dose: values.Dose, language: str) -> str:
    """The dose on its own: ``Clamshell with a small opening, 2 x 10 reps`` (the variant's
    name first, when the rung is not the exercise itself), with any load in brackets."""
    amount, variant = _amount_and_variant(dose, language)
    return f"{variant}, {amount}" if variant is not None else amount


def _amount_and_variant(dose: values.Dose, language: str) -> tuple[str, str | None]:
    """``2 x 10 reps`` (and any load in brackets), and the name of the rung's variant, None
    when the rung is the exercise itself (level 0) and its name is already said."""
    exercise = default_catalog().get(dose.exercise)
    variant = exercise.variant(dose.level) if exercise is not None else None
    amount = describe_dose_and_load(dose, language)
    return amount, variant.name.get(language) if variant is not None else None


def save_change(
    user: User, patient_id: int, data: ChangeInput, today: dt.date, language: str = "en"
) -> ChangeView:
    """Save the change as an override in the patient's diary; the engine replays it."""
    clinician = acting_clinician(user)
    enrolment = patient_of(clinician, patient_id)
    override = _override(data, user, today)
    coach.save_override(enrolment.patient, override, user, today)
    record_audit(clinician, user, patient_id, "programme_changed", change_summary(override, "en"))
    row = coach_models.ClinicianOverride.objects.filter(profile__user_id=patient_id).latest("id")
    return _override_view(row, language)


def _override_view(row: coach_models.ClinicianOverride, language: str) -> ChangeView:
    override = _override_of(row)
    catalog = default_catalog()
    return ChangeView(
        kind=override.kind,
        author=row.created_by.get_username() if row.created_by else _("a clinician"),
        created_at=row.created_at,
        starts_on=row.starts_on,
        exercise=row.exercise or None,
        exercise_name=coach.exercise_name(catalog, row.exercise, language)
        if row.exercise
        else None,
        dose=dose_text(override.dose, language) if override.dose else None,
        text=row.note,
        summary=change_summary(override, language),
    )


def _override_of(row: coach_models.ClinicianOverride) -> values.ClinicianOverride:
    """A saved override as the engine's value (a swap's dose is its replacement's)."""
    dosed = row.replacement if row.kind == "swap" else row.exercise
    return values.ClinicianOverride(
        date=row.starts_on,
        exercise=row.exercise,
        dose=None if row.dose is None else values.Dose(exercise=dosed, **row.dose),
        note=row.note,
        kind=row.kind,  # type: ignore[arg-type]
        replacement=row.replacement or None,
    )


def _overrides_read(patient_id: int, limit: int) -> QuerySet[Any]:
    """A person's newest overrides with their authors (a left join: an author may be gone)."""
    columns = joined_columns(coach_models.ClinicianOverride, "created_by")
    return (
        coach_models.ClinicianOverride.objects.filter(profile__user_id=patient_id)
        .order_by("-created_at")
        .values_list(*columns)[:limit]
    )


def _messages_read(patient_id: int, limit: int) -> QuerySet[Any]:
    return (
        models.Message.objects.filter(patient_id=patient_id)
        .order_by("-created_at", "-id")  # the model's ordering
        .values_list(*concrete_columns(models.Message))[:limit]
    )


@functools.cache
def _change_reads(limit: int) -> tuple[CompiledRead, CompiledRead]:
    """The two reads of ``changes_of``, compiled once per process for each limit asked for
    (Today asks on every page view; the limit is part of the SQL)."""
    return (
        CompiledRead(lambda pk: _overrides_read(pk, limit), int),
        CompiledRead(lambda pk: _messages_read(pk, limit), int),
    )


def _overrides_of(patient_id: int, limit: int) -> list[coach_models.ClinicianOverride]:
    """As ``ClinicianOverride.objects.filter(...).select_related("created_by")`` gives them."""
    read = _change_reads(limit)[0]
    alias = read.database()
    return [
        joined_instance(coach_models.ClinicianOverride, "created_by", alias, row)
        for row in read.rows(patient_id)
    ]


def _messages_of(patient_id: int, limit: int) -> list[models.Message]:
    read = _change_reads(limit)[1]
    alias = read.database()
    return [instance(models.Message, alias, row) for row in read.rows(patient_id)]


def changes_of(patient_id: int, language: str = "en", limit: int = 20) -> list[ChangeView]:
    """Clinicians' changes to the person's programme and their messages, newest first."""
    changes = [_override_view(o, language) for o in _overrides_of(patient_id, limit)]
    changes += [message_view(m) for m in _messages_of(patient_id, limit)]
    return sorted(changes, key=lambda c: c.created_at, reverse=True)[:limit]


def my_changes(user: User, language: str = "en", limit: int = 5) -> list[ChangeView]:
    """What the person's clinicians changed or told them (Today, ``kneecoach today``)."""
    return changes_of(user.pk, language, limit)
