"""From a profile and the catalogue to starting doses and session prescriptions."""

from __future__ import annotations

from collections.abc import Mapping

from kneecoach.catalog.schema import Catalog, Exercise, Localized, Substitute
from kneecoach.programme.dosing import Ladder, build_ladder
from kneecoach.programme.reasons import Reason
from kneecoach.programme.values import (
    Dose,
    PainfulSide,
    Prescription,
    Profile,
    SessionFocus,
    Side,
)

OTHER_SIDE: dict[Side, Side] = {"left": "right", "right": "left"}


def ladders_for(catalog: Catalog, profile: Profile) -> dict[str, Ladder]:
    """Each exercise's ladder, cut to the variants the person's equipment allows."""
    return {ex.slug: build_ladder(ex, profile.equipment) for ex in catalog.exercises}


def starting_dose_rule(ladder: Ladder, profile: Profile) -> Dose:
    """Untrained people start at the low end of each range (issue 2: sets low, reps or seconds
    low); trained people start mid-range, on the middle rung of the base exercise (design choice,
    docs/programme.md: the seed gives one range for everyone, and a trained person at the bottom
    of it would spend weeks climbing through doses that are too easy)."""
    return ladder.start(trained=profile.trained)


def side_order_rule(painful_side: PainfulSide, weaker: Side | None) -> tuple[Side, Side]:
    """Which leg goes first in unilateral and per-side work: the painful side, else the side the
    logs show as weaker, else left. Doing the weaker side first, while fresh, lets it set the
    count the other side then matches (the seed: unilateral work shows the weaker leg; design
    choice, docs/programme.md)."""
    first: Side = painful_side if painful_side != "both" else (weaker or "left")
    return (first, OTHER_SIDE[first])


def substitute_rule(
    exercise: Exercise, level: int, equipment: frozenset[str]
) -> tuple[str, str | None, tuple[str, ...]]:
    """What to do when equipment is missing (issue 2; the catalogue's ``substitutes``).

    Returns (slug to perform, equipment replaced or None, equipment still missing). When the rung
    to do (the base exercise, or a ladder variant set by a clinician) needs something the person
    lacks, the first substitute, in file order, that stands in for a missing item and whose own
    equipment is all at hand replaces it (e.g. a home hamstring curl for the cable machine). What
    is "still missing" is then what the *substitute* needs and the person lacks: nothing, since it
    is chosen only when usable; the base exercise's other equipment (the cable's ankle strap) no
    longer matters. Without a usable substitute the rung stays and everything it lacks is listed,
    so the person sees "needs ..." rather than a silent gap. The ladder's own variants are already
    cut to the equipment at hand (``dosing.usable_levels``), so only level 0 and off-ladder
    clinician doses get here with something missing. A substitute that counts another unit than
    the rung (``_can_stand_in``) is passed over.
    """
    variant = exercise.variant(level)
    slug = variant.slug if variant is not None else exercise.slug
    needed = variant.equipment if variant is not None else exercise.equipment
    missing = tuple(item for item in needed if item not in equipment)
    if not missing:
        return slug, None, ()
    usable = [sub for sub in exercise.substitutes if _can_stand_in(exercise, sub, level, equipment)]
    for substitute in exercise.substitutes_for(missing):
        if substitute in usable:
            return substitute.slug, substitute.when_missing, ()
    # The rung cannot be done, yet no substitute stands in for what is missing (a cable machine
    # without its ankle strap): any home substitute the person can do replaces it, standing in for
    # the first missing item, so nobody is given an exercise they cannot do (issue 13 item 7).
    if usable:
        return usable[0].slug, missing[0], ()
    return slug, None, missing


def _can_stand_in(
    exercise: Exercise, substitute: Substitute, level: int, equipment: frozenset[str]
) -> bool:
    """The person has the substitute's equipment, and it counts what the rung counts: a
    substitute with its own unit (a hold in seconds) never stands in for a rung in the other,
    since the dose would then be prescribed in a unit the version is not done in."""
    if not all(item in equipment for item in substitute.equipment):
        return False
    return exercise.dose_for(substitute.slug).unit == exercise.level_dose(level).unit


def performed_name(exercise: Exercise, level: int, equipment: frozenset[str]) -> Localized | Reason:
    """What the person actually does, named for the reasons (issue 13 item 6): the exercise
    itself; a ladder variant "(easier / harder version of <exercise>)"; or a substitute "(in place
    of <exercise>)". A reason about "Prone curl with a loop band" then says so, not "cable curl"."""
    slug, _, _ = substitute_rule(exercise, level, equipment)
    return performed_as_name(exercise, slug, level)


def rung_name(exercise: Exercise, level: int) -> Localized:
    """The name of the rung at ``level`` (``Exercise.variant``): a ladder variant, or the
    exercise itself at level 0. A substitute stands in for this rung (``substitute_rule``), so
    it is named "in place of" it: in place of "Wall squat with a pause" where a clinician set
    that version and the soft ball is not at hand, not in place of the exercise."""
    variant = exercise.variant(level)
    return variant.name if variant is not None else exercise.name


def performed_as_name(exercise: Exercise, performed_as: str, level: int = 0) -> Localized | Reason:
    """A prescription's ``performed_as`` named beside the programme's exercise it stands for, as
    the plan and the calendar list it: the exercise's own name when it is done as itself, else
    "<substitute> (in place of <rung>)", the rung being the dose's ``level`` (``rung_name``: the
    exercise, or the version a clinician set), or "<variant> (easier / harder version of
    <exercise>)". The slug and the level decide, so a day planned (and saved) weeks ago is named
    as it was planned, whatever the person's equipment is now; an unknown slug (a catalogue that
    no longer has it) falls back to the exercise's name."""
    if performed_as == exercise.slug:
        return exercise.name
    for substitute in exercise.substitutes:
        if substitute.slug == performed_as:
            return Reason(
                "performed_instead", variant=substitute.name, exercise=rung_name(exercise, level)
            )
    for key, ladder in (
        ("performed_easier", exercise.regressions),
        ("performed_harder", exercise.progressions),
    ):
        for variant in ladder:
            if variant.slug == performed_as:
                return Reason(key, variant=variant.name, exercise=exercise.name)
    return exercise.name


def prescribe(
    exercise: Exercise, dose: Dose, profile: Profile, weaker: Side | None = None
) -> Prescription:
    """One exercise's prescription: dose, what to perform, rest, and the order of the sides."""
    performed_as, substitute_for, missing = substitute_rule(exercise, dose.level, profile.equipment)
    sided = exercise.unilateral or dose.per_side
    return Prescription(
        dose=dose,
        focus=exercise.focus,
        performed_as=performed_as,
        rest_seconds=exercise.dose.rest_seconds,
        sides=side_order_rule(profile.painful_side, weaker) if sided else (),
        substitute_for=substitute_for,
        missing_equipment=missing,
    )


def exercises_for_focus(catalog: Catalog, focus: SessionFocus) -> tuple[Exercise, ...]:
    """The exercises of a session: all of them for a full session, else those of that focus,
    in programme order."""
    chosen = (ex for ex in catalog.exercises if focus == "full" or ex.focus == focus)
    return tuple(sorted(chosen, key=lambda ex: ex.order))


Swaps = Mapping[str, str]
"""A programme's swaps: an exercise's place (its slug) -> the exercise done in it."""


def swap_rule(
    swapped: Swaps, added: frozenset[str], out: str, into: str
) -> tuple[Swaps, frozenset[str]]:
    """A clinician's swap (docs/clinic.md): ``out`` leaves the programme and ``into`` is done
    wherever ``out`` was, in its place in the session. A swap of a replacement replaces it
    where it stands; a place given back to its own exercise is no swap any more; an added
    ``out`` becomes an added ``into``."""
    changed = {place: (into if done == out else done) for place, done in swapped.items()}
    changed[out] = into
    kept = {place: done for place, done in changed.items() if place != done}
    return kept, (added - {out} | {into}) if out in added else added


def add_rule(swapped: Swaps, added: frozenset[str], slug: str) -> tuple[Swaps, frozenset[str]]:
    """A clinician adds ``slug`` to the programme (docs/clinic.md): it is done in every
    training session, whatever the day's focus, and its own place, if it had been swapped
    out, is its own again."""
    return {place: done for place, done in swapped.items() if place != slug}, added | {slug}


def session_exercises_rule(
    catalog: Catalog, focus: SessionFocus, swapped: Swaps, added: frozenset[str]
) -> tuple[str, ...]:
    """Which exercises a training day holds: those of its focus in programme order
    (``exercises_for_focus``), each swapped one replaced where it stood, then the added ones in
    programme order; each once. Without clinicians' swaps or additions, the focus's exercises."""
    chosen = [swapped.get(ex.slug, ex.slug) for ex in exercises_for_focus(catalog, focus)]
    order = {ex.slug: ex.order for ex in catalog.exercises}
    chosen += sorted(added, key=lambda slug: (order.get(slug, 0), slug))
    return tuple(dict.fromkeys(chosen))
