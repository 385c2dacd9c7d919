"""Doses as rungs on an explicit, capped ladder per exercise.

Progression order (docs/evidence.md#progression, a design default on standard practice): reps
up within the range, then
sets up within the range, then the next harder variant (the catalogue's ``progressions``); a new
variant starts again at the low end of the range. Regression is the same ladder walked back, down
into the ``regressions`` and never below the lowest one. Every rung lies inside the catalogue's
``DoseRange``, so no walk can leave it.

For an exercise with sets 2-3 and reps 10-15 one level of the ladder is
``2x10, 2x12, 2x14, 2x15, 3x15``; the next level starts again at ``2x10``.

Each level counts what its version counts (``Exercise.level_dose``): the clamshell hold's level
is ``2x10 s, 2x20 s, 2x30 s, 3x30 s``, stepped in seconds, though the clamshell counts reps. Reps
and seconds never compare: a step into a level in the other unit starts at its lowest rung.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from kneecoach.catalog.schema import Exercise
from kneecoach.programme.dose import Dose

REP_STEP = 2
"""Reps added per step; the 2-for-2 rule works in steps of about two reps (ACSM 2009 [V2])."""
SECOND_STEP = 10
"""Seconds added per step for timed exercises (e.g. monster walks 30 -> 40 -> 50 -> 60 s) [S]."""
REGRESS_VOLUME_SHARE = 0.75
"""A regression cuts the volume (sets x reps) by at least a quarter, or moves to the easier variant
(docs/evidence.md#regress: "one step down the ladder, or cut volume by about 20-30 %")."""


def amounts_in_range(low: int, high: int, step: int) -> tuple[int, ...]:
    """``low, low+step, ...`` capped at ``high`` (which is always the last value)."""
    values = list(range(low, high, step))
    values.append(high)
    return tuple(values)


def usable_levels(exercise: Exercise, equipment: frozenset[str] | None) -> tuple[int, ...]:
    """The ladder levels the person can do with the equipment at hand, easiest first.

    The base exercise (level 0) is always in (missing equipment there is handled by a substitute,
    ``planning.substitute_rule``); a variant that needs missing equipment (an ankle weight, a
    stronger band) is skipped, so the walk never prescribes something the person cannot do and
    holds at the top rung they can. ``None`` means "do not check equipment".
    """
    levels = range(exercise.lowest_level, exercise.highest_level + 1)
    return tuple(
        level
        for level in levels
        if level == 0 or _has(equipment, _variant_equipment(exercise, level))
    )


def _variant_equipment(exercise: Exercise, level: int) -> tuple[str, ...]:
    variant = exercise.variant(level)
    return variant.equipment if variant is not None else exercise.equipment


def _has(equipment: frozenset[str] | None, needed: tuple[str, ...]) -> bool:
    return equipment is None or all(item in equipment for item in needed)


@dataclass(frozen=True, slots=True)
class Ladder:
    """All doses of one exercise, easiest first. Keys sort the same way as the rungs."""

    exercise: str
    rungs: tuple[Dose, ...]
    keys: tuple[tuple[int, int, int], ...]

    def position(self, dose: Dose) -> int:
        """Index of the highest rung at or below ``dose`` (an off-ladder clinician dose snaps down;
        a dose below the ladder snaps to the bottom rung)."""
        return max(bisect_right(self.keys, _key(dose)) - 1, 0)

    def on_ladder(self, dose: Dose) -> bool:
        index = self.position(dose)
        return self.keys[index] == _key(dose)

    def step_up(self, dose: Dose) -> Dose | None:
        """The next rung, or None at the top of the ladder (a dose below the ladder steps up to
        the bottom rung). The walk asks this for every decision: one key, one bisection."""
        index = bisect_right(self.keys, _key(dose)) - 1
        if index < 0:
            return self.rungs[0]
        return self.rungs[index + 1] if index + 1 < len(self.rungs) else None

    def step_down(self, dose: Dose) -> Dose:
        """One regression step back down the ladder: within the variant, to the first rung with at
        least a quarter less volume; past the variant's bottom, to the easier variant at no more
        volume than now. At the bottom rung stay there (never below the lowest regression)."""
        key = _key(dose)
        if key < self.keys[0]:
            return dose
        index = bisect_right(self.keys, key) - 1
        if self.keys[index] != key:  # off the ladder: snap down to the rung below
            return self.rungs[index]
        start = self.rungs[index]
        target_volume = _volume(start) * REGRESS_VOLUME_SHARE
        while index > 0:
            index -= 1
            rung = self.rungs[index]
            if rung.level != start.level:
                return self._easier_variant_at_most(index, start)
            if _volume(rung) <= target_volume:
                return rung
        return self.rungs[0]

    def _easier_variant_at_most(self, index: int, start: Dose) -> Dose:
        """The highest rung of the easier variant (ending at ``index``) whose volume is no more
        than ``start``'s, else its lowest rung: an easier variant never comes with more work.
        Reps and seconds do not compare: a step into a version that counts the other unit (a
        clamshell hold after clamshells) starts at that version's lowest rung."""
        level = self.rungs[index].level
        while index > 0 and self.rungs[index - 1].level == level:
            rung = self.rungs[index]
            if rung.unit == start.unit and _volume(rung) <= _volume(start):
                break
            index -= 1
        return self.rungs[index]

    def start(self, *, trained: bool) -> Dose:
        """Starting dose on the base exercise (level 0): the low end of the ranges for people not
        used to training (issue 2 / the seed's ranges), the middle rung for trained people
        (design choice, docs/programme.md)."""
        base = [rung for rung in self.rungs if rung.level == 0]
        return base[len(base) // 2] if trained else base[0]

    @property
    def bottom(self) -> Dose:
        return self.rungs[0]

    @property
    def top(self) -> Dose:
        return self.rungs[-1]


def _key(dose: Dose) -> tuple[int, int, int]:
    return (dose.level, dose.sets, dose.amount)


def _volume(dose: Dose) -> int:
    return dose.sets * dose.amount


def build_ladder(exercise: Exercise, equipment: frozenset[str] | None = None) -> Ladder:
    """The explicit ladder of ``exercise``: for each reachable level, reps (or seconds) up at the
    lowest set count, then sets up at the top of the reps range (docs/evidence.md#progression).
    Each level counts what its version counts (``Exercise.level_dose``): a hold's rungs are in
    seconds, stepped in seconds, though the exercise itself counts reps."""
    sets_low, sets_high = exercise.dose.sets
    rungs: list[Dose] = []
    for level in usable_levels(exercise, equipment):
        measure = exercise.level_dose(level)
        timed = measure.unit == "seconds"
        amounts = amounts_in_range(measure.low, measure.high, SECOND_STEP if timed else REP_STEP)
        pairs = [(sets_low, amount) for amount in amounts]
        pairs += [(sets, amounts[-1]) for sets in range(sets_low + 1, sets_high + 1)]
        for sets, amount in pairs:
            rungs.append(
                Dose(
                    exercise=exercise.slug,
                    level=level,
                    sets=sets,
                    reps=None if timed else amount,
                    seconds=amount if timed else None,
                    per_side=exercise.dose.per_side,
                )
            )
    return Ladder(exercise.slug, tuple(rungs), tuple(_key(rung) for rung in rungs))


@dataclass(frozen=True)
class OutOfRange:
    """What a clinician's dose may be where it is not: ``field`` (level, sets, reps or seconds)
    takes ``low`` to ``high`` for that exercise and version. ``wrong_unit``: the amount was given
    in the other unit than the version counts (``field`` is the one it counts)."""

    field: str
    low: int
    high: int
    wrong_unit: bool = False


def dose_out_of_range(exercise: Exercise, dose: Dose) -> OutOfRange | None:
    """The first of ``dose``'s numbers outside the catalogue's ranges for ``exercise`` (None when
    all are inside): level, then sets, then what the version counts.

    Used to check clinician overrides: a clinician may set any rung or off-rung dose inside the
    ranges and ladder levels of the catalogue, nothing outside them.
    """
    dose_range = exercise.dose
    if not exercise.lowest_level <= dose.level <= exercise.highest_level:
        return OutOfRange("level", exercise.lowest_level, exercise.highest_level)
    if not dose_range.sets[0] <= dose.sets <= dose_range.sets[1]:
        return OutOfRange("sets", dose_range.sets[0], dose_range.sets[1])
    measure = exercise.level_dose(dose.level)
    given = "seconds" if dose.seconds is not None else "reps"
    if measure.unit != given:
        return OutOfRange(measure.unit, measure.low, measure.high, wrong_unit=True)
    if not measure.low <= dose.amount <= measure.high:
        return OutOfRange(measure.unit, measure.low, measure.high)
    return None


def dose_in_range(exercise: Exercise, dose: Dose) -> str | None:
    """Why ``dose`` lies outside the catalogue's range for ``exercise`` (None when it is
    inside), in the domain's terse English (``dose_out_of_range``) for an imported diary."""
    problem = dose_out_of_range(exercise, dose)
    if problem is None:
        return None
    span = f"{problem.low}-{problem.high}"
    if problem.field == "level":
        span = f"{problem.low}..{problem.high}"
        return f"level {dose.level} is outside {span} for {exercise.slug}"
    if problem.field == "sets":
        return f"sets {dose.sets} outside {span}"
    if problem.wrong_unit and problem.field == "seconds":
        return f"{_rung_name(exercise, dose.level)} is timed: give seconds, not reps"
    if problem.wrong_unit:
        return f"{_rung_name(exercise, dose.level)} counts reps: give reps, not seconds"
    return f"{problem.field} {dose.amount} outside {span}"


def _rung_name(exercise: Exercise, level: int) -> str:
    variant = exercise.variant(level)
    return variant.slug if variant is not None else exercise.slug
