"""The engine's values and the saved rows worded for a person: exercise names, decisions with
their doses named across variants, logged sets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import replace

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme import values
from kneecoach.programme.advice import Advice
from kneecoach.programme.pain import pain_during_response_rule
from kneecoach.programme.planning import performed_as_name, performed_name, rung_name
from kneecoach.programme.reasons import Reason, describe_dose_and_load, render
from kneecoach.programme.reasons import stop_event_words as stop_event_words
from kneecoach.programme.wording import sentence, sentences
from kneecoach.web.coach import models
from kneecoach.web.coach.schemas import (
    DecisionView,
    DoseView,
    PlanItem,
    SetView,
    dose_or_none,
    dose_view,
)


def decision_view(d: values.Decision, language: str = "en") -> DecisionView:
    """A decision worded in ``language``, its doses named across variants."""
    before, after = named_across_variants(d.before, d.after, language)
    return DecisionView(
        day=d.date,
        exercise=d.exercise,
        kind=d.kind,
        reasons=sentences(d.reason_texts(language)),
        before=before,
        after=after if after != before else None,  # no "3 x 8 -> 3 x 8"
    )


def named_across_variants(
    before: values.Dose | None, after: values.Dose | None, language: str
) -> tuple[DoseView | None, DoseView | None]:
    """Views of a decision's doses, worded in ``language``. When the step changes the variant,
    each text names its variant: "3 x 60 s -> 2 x 30 s" alone reads as a drop when it is the top
    of the easier variant moving on to the harder one."""
    exercise = None
    if before is not None and after is not None and before.level != after.level:
        exercise = default_catalog().get(before.exercise)

    def worded(dose: values.Dose | None) -> DoseView | None:
        if dose is None:
            return None
        variant = exercise.variant(dose.level) if exercise is not None else None
        name = None
        if exercise is not None:
            name = variant.name if variant is not None else exercise.name
        text = describe_dose_and_load(dose, language, name)
        return replace(dose_view(dose), text=text)

    return worded(before), worded(after)


def saved_decisions(
    profile: models.Profile, since: dt.date | None = None, language: str = "en"
) -> list[DecisionView]:
    rows = profile.decisions.order_by("day", "exercise")
    if since is not None:
        rows = rows.filter(day__gte=since)
    catalog, equipment = default_catalog(), frozenset(profile.equipment)
    views = []
    for row in rows:
        dose_before = dose_or_none(row.exercise, row.dose_before)
        dose_after = dose_or_none(row.exercise, row.dose_after)
        before, after = named_across_variants(dose_before, dose_after, language)
        dose = dose_after or dose_before
        reasons = row.reasons_nb if language == "nb" and row.reasons_nb else row.reasons
        views.append(
            DecisionView(
                day=row.day,
                exercise=row.exercise or None,
                kind=row.kind,
                reasons=sentences(reasons),
                before=before,
                after=after if after != before else None,  # no "3 x 8 -> 3 x 8"
                name=performed_now_label(
                    catalog, row.exercise, dose.level if dose else 0, equipment, language
                )
                if row.exercise
                else None,
            )
        )
    return views


def relief_advice(language: str = "en") -> str:
    """The engine's relief advice (the comfort measures while the knee settles) as a note reads
    it, in ``language``: the one wording the Today page's relief card, the notes, the stop's
    advice and the terminal share."""
    return sentence(Reason("flare_advice").text(language))


def relief_advice_sentences() -> tuple[str, ...]:
    """The relief advice as a note reads it, in each language (pages that list the comfort
    measures themselves leave it out of the notes)."""
    return tuple(relief_advice(language) for language in ("en", "nb"))


def stop_advice(
    advice: Advice, day: dt.date, events: Collection[str], language: str = "en"
) -> tuple[str, ...]:
    """What the engine says after a session on ``day`` stopped for ``events`` (the in-session
    stop rule, docs/evidence.md#stop-rule): the relief decision it started that day, worded in
    ``language`` (why, until when, the comfort measures; ``relief.relief_decision``). When no
    decision is dated that day (relief was already on), the relief advice itself, which a stop
    always brings. Then when to seek care (a clinician the same day if the leg cannot bear
    weight; a GP or physiotherapist if it has not settled in two weeks), which every channel
    shows after a stop. Nothing without events."""
    if not events:
        return ()
    care = tuple(sentence(Reason(key).text(language)) for key in _STOP_CARE)
    for decision in advice.decisions:
        if decision.date == day and decision.kind == "relief":
            return (*sentences(decision.reason_texts(language)), *care)
    return (relief_advice(language), *care)


_STOP_CARE = ("stop_care_today", "stop_care_two_weeks")


def exercise_name(catalog: Catalog, slug: str, language: str = "en") -> str:
    """The display name of an exercise, one of its variants, or a substitute."""
    for exercise in catalog.exercises:
        if exercise.slug == slug:
            return exercise.name.get(language)
        for variant in (*exercise.regressions, *exercise.progressions):
            if variant.slug == slug:
                return variant.name.get(language)
        for substitute in exercise.substitutes:
            if substitute.slug == slug:
                return substitute.name.get(language)
    return slug


def performed_label(
    catalog: Catalog, exercise: str, performed_as: str, language: str, level: int = 0
) -> str:
    """What to do, in ``language``, named beside the programme's exercise it stands for when
    they differ (``planning.performed_as_name``): "Slow side steps without a band (in place of
    Side steps with a band)", a substitute in place of the rung at the dose's ``level`` (the
    version a clinician set); an exercise the catalogue does not know keeps its slug."""
    found = catalog.get(exercise)
    if found is None:
        return exercise_name(catalog, performed_as, language)
    return render(performed_as_name(found, performed_as, level), language)


def performed_now_label(
    catalog: Catalog, exercise: str, level: int, equipment: frozenset[str], language: str
) -> str:
    """The version of ``exercise`` at ``level`` done with ``equipment``, named as
    ``performed_label`` names it (``planning.performed_name``: a substitute for missing
    equipment "in place of" the rung): a person without a band is not told about "Side steps
    with a band". An exercise the catalogue does not know keeps its slug."""
    found = catalog.get(exercise)
    if found is None:
        return exercise_name(catalog, exercise, language)
    return render(performed_name(found, level, equipment), language)


def in_place_of_name(
    catalog: Catalog, exercise: str, level: int, substitute_for: str | None, language: str
) -> str | None:
    """For a substitute (``substitute_for``: the equipment not at hand), the name of what it is
    done in place of, in ``language``: the rung at ``level``, the exercise or the version of it
    a clinician set (``planning.rung_name``), as ``performed_label`` names it; None otherwise.
    The Today card, the handout, the plan and the clinic's page say "in place of" this."""
    found = catalog.get(exercise)
    if substitute_for is None or found is None:
        return None
    return rung_name(found, level).get(language)


def plan_item(
    catalog: Catalog,
    exercise: str,
    performed_as: str,
    dose: DoseView,
    language: str,
    substitute_for: str | None = None,
) -> PlanItem:
    """One exercise of a planned day, named in ``language`` as Today names it, its dose worded
    in ``language`` too (``reasons.describe_dose``, as the calendar feed words it), and for a
    substitute the equipment not at hand that it stands in for (``substitute_for``)."""
    return PlanItem(
        exercise=exercise,
        name=exercise_name(catalog, exercise, language),
        performed_as=performed_as,
        performed_as_name=exercise_name(catalog, performed_as, language),
        label=performed_label(catalog, exercise, performed_as, language, dose.level),
        dose=dose,
        dose_text=dose_words(dose, language),
        substitute_for=substitute_for,
        substitute_for_name=catalog.equipment_name(substitute_for, language)
        if substitute_for
        else None,
        in_place_of_name=in_place_of_name(catalog, exercise, dose.level, substitute_for, language),
    )


def dose_words(dose: DoseView, language: str) -> str:
    """``dose`` worded in ``language``, its load in brackets: "2 x 10 repetisjoner på hver
    side"; the same words as ``DoseView.text`` in English."""
    return describe_dose_and_load(dose.as_dose(), language)


def set_view(day: dt.date, row: models.LoggedSet) -> SetView:
    return SetView(
        day=day,
        exercise=row.exercise,
        set_number=row.set_number,
        side=None if row.side == models.Side.BOTH else row.side,
        reps=row.reps,
        seconds=row.seconds,
        load=row.load or None,
        pain=row.pain,
        effort=row.effort,
        note=row.note,
        pain_response=pain_during_response_rule(row.pain),
    )
