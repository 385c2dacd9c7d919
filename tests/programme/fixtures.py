"""Exercise objects built in code, so the engine's tests never depend on the TOML catalogue.

The seven exercises mirror the seed's doses (the article's ranges) with small made-up ladders.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any, Literal

from kneecoach.catalog.schema import (
    Catalog,
    DoseRange,
    EquipmentItem,
    Exercise,
    Fault,
    Localized,
    LocalizedList,
    Substitute,
    Variant,
    VersionDose,
)
from kneecoach.programme.reasons import Reason, Text
from kneecoach.programme.values import (
    Diary,
    MorningCheckin,
    Profile,
    ScreeningRecord,
    SessionLog,
    SetLog,
)

MONDAY = date(2025, 3, 3)
ALL_EQUIPMENT = frozenset(
    {"mat", "mini-band", "ankle-band", "cable-machine", "ankle-strap", "soft-ball", "wall",
     "ankle-weight", "resistance-band"}
)  # fmt: skip


def amount_range(dose: DoseRange) -> tuple[int, int]:
    """The (low, high) reps or seconds of ``dose``: the schema holds exactly one of the two."""
    amounts = dose.seconds or dose.reps
    assert amounts is not None
    return amounts


def as_reason(text: Text) -> Reason:
    """``text`` as the Reason it is: the rules give Reasons, only a clinician's note is a str."""
    assert isinstance(text, Reason), text
    return text


def text(value: str) -> Localized:
    return Localized(en=value, nb=f"{value} (nb)")


def variant(
    slug: str, equipment: tuple[str, ...] = (), hold: tuple[int, int] | None = None
) -> Variant:
    """A ladder variant; ``hold``: it is a hold of (low, high) seconds, where the exercise may
    count reps (the clamshell hold)."""
    dose = VersionDose(unit="seconds", low=hold[0], high=hold[1]) if hold else None
    return Variant(
        slug=slug,
        name=text(slug.replace("-", " ")),
        how=text("how"),
        equipment=equipment,
        dose=dose,
    )


def make_exercise(
    slug: str,
    order: int,
    *,
    focus: Literal["hip", "knee"] = "hip",
    unilateral: bool = False,
    sets: tuple[int, int] = (2, 3),
    reps: tuple[int, int] | None = (10, 15),
    seconds: tuple[int, int] | None = None,
    per_side: bool = False,
    equipment: tuple[str, ...] = ("mat",),
    regressions: int = 2,
    progressions: int = 2,
    progression_equipment: tuple[str, ...] = (),
    substitutes: tuple[Substitute, ...] = (),
    hold: tuple[int, int] | None = None,
) -> Exercise:
    """A test exercise; ``hold``: its easiest regression is a hold of (low, high) seconds."""
    return Exercise(
        id=uuid.uuid5(uuid.NAMESPACE_URL, f"kneecoach-test:{slug}"),
        slug=slug,
        order=order,
        name=text(slug.replace("-", " ").capitalize()),
        focus=focus,
        summary=text("summary"),
        target_muscles=("quadriceps",),
        equipment=equipment,
        starting_position=text("start"),
        unilateral=unilateral,
        dose=DoseRange(
            sets=sets, reps=None if seconds else reps, seconds=seconds, per_side=per_side
        ),
        tempo=text("slow"),
        instructions=LocalizedList(en=("do it",), nb=("gjør det",)),
        cues=LocalizedList(en=("cue",), nb=("hint",)),
        faults=(Fault(id="fault", text=text("fault"), fix=text("fix")),),
        regressions=tuple(
            variant(f"{slug}-easier-{k}", hold=hold if k == regressions else None)
            for k in range(1, regressions + 1)
        ),
        progressions=tuple(
            variant(f"{slug}-harder-{k}", progression_equipment if k == 2 else ())
            for k in range(1, progressions + 1)
        ),
        substitutes=substitutes,
        source="the seed",
    )


def seed_catalog() -> Catalog:
    """The seed's seven exercises with their dose ranges; 4 hip-focused, 3 knee-focused."""
    home_curl = Substitute(
        when_missing="cable-machine",
        slug="prone-band-curl",
        name=text("prone band curl"),
        how=text("band"),
        equipment=("mat", "resistance-band"),
    )
    exercises = (
        make_exercise("vmo-lift", 1, focus="knee", unilateral=True, sets=(3, 4), reps=(8, 10),
                      per_side=True, progression_equipment=("ankle-weight",)),
        make_exercise("side-steps", 2, per_side=True, equipment=("ankle-band",)),
        make_exercise("glute-bridge", 3, reps=(8, 15)),
        make_exercise("hamstring-curl", 4, focus="knee", unilateral=True, per_side=True,
                      equipment=("mat", "cable-machine", "ankle-strap"), substitutes=(home_curl,)),
        make_exercise("clamshell", 5, unilateral=True, per_side=True, hold=(10, 30)),
        make_exercise("wall-squat", 6, focus="knee", reps=(8, 12),
                      equipment=("wall", "soft-ball")),
        make_exercise("monster-walks", 7, reps=None, seconds=(30, 60), equipment=("mini-band",)),
    )  # fmt: skip
    equipment = tuple(EquipmentItem(slug=slug, name=text(slug)) for slug in sorted(ALL_EQUIPMENT))
    return Catalog(exercises=exercises, equipment=equipment)


CATALOG = seed_catalog()


def profile(**changes: Any) -> Profile:
    """The test person, with ``changes`` to any of Profile's fields (each checked by Profile)."""
    values: dict[str, Any] = {
        "trained": False,
        "start_date": MONDAY,
        "equipment": ALL_EQUIPMENT,
        "painful_side": "left",
        "baseline_pain": 2,
    }
    values.update(changes)
    return Profile(**values)


CLEAR = dict.fromkeys(
    ("E1", *(f"U{i}" for i in range(1, 9)), *(f"S{i}" for i in range(1, 8))), "no"
)


def clear_screening(day: date = MONDAY) -> ScreeningRecord:
    return ScreeningRecord(day, dict(CLEAR))


def sets_for(
    slug: str,
    *,
    pain: int = 2,
    catalog: Catalog = CATALOG,
    sets: int | None = None,
    amount: int | None = None,
    effort: int | None = None,
    left_amount: int | None = None,
    left_pain: int | None = None,
    dose_sets: int | None = None,
) -> tuple[SetLog, ...]:
    """Sets that meet ``slug``'s prescribed dose (by default at the top of the catalogue range,
    which satisfies any rung), optionally with a different amount on the left side."""
    exercise = catalog.get(slug)
    assert exercise is not None
    dose_range = exercise.dose
    timed = dose_range.seconds is not None
    high = amount_range(dose_range)[1]
    count = sets if sets is not None else dose_range.sets[1]
    done = amount if amount is not None else high
    sided = exercise.unilateral or dose_range.per_side
    logs: list[SetLog] = []
    for number in range(1, count + 1):
        for side in ("left", "right") if sided else (None,):
            value = left_amount if side == "left" and left_amount is not None else done
            hurt = left_pain if side == "left" and left_pain is not None else pain
            logs.append(
                SetLog(
                    exercise=slug,
                    set_number=number,
                    pain=hurt,
                    side=side,
                    reps=None if timed else value,
                    seconds=value if timed else None,
                    effort=effort,
                )
            )
    return tuple(logs)


def full_session(
    day: date,
    *,
    pain: int = 2,
    pain_after: int = 2,
    pain_before: int | None = 2,
    slugs: tuple[str, ...] | None = None,
    catalog: Catalog = CATALOG,
    pain_by_exercise: dict[str, int] | None = None,
) -> SessionLog:
    chosen = slugs if slugs is not None else catalog.slugs
    sets: list[SetLog] = []
    for slug in chosen:
        hurt = (pain_by_exercise or {}).get(slug, pain)
        sets.extend(sets_for(slug, pain=hurt, catalog=catalog))
    return SessionLog(day, tuple(sets), pain_after=pain_after, pain_before=pain_before)


def checkin(day: date, pain: int = 2, **flags: bool) -> MorningCheckin:
    return MorningCheckin(day, pain, **flags)


def steady_diary(
    days: int,
    *,
    start: date = MONDAY,
    every: int = 2,
    pain: int = 2,
    catalog: Catalog = CATALOG,
) -> Diary:
    """A person who trains every ``every`` days with comfortable pain and checks in each morning
    after a session."""
    sessions = []
    checkins = []
    for offset in range(0, days, every):
        day = start + timedelta(days=offset)
        sessions.append(full_session(day, pain=pain, catalog=catalog))
        checkins.append(checkin(day + timedelta(days=1), pain=min(pain, 2)))
    return Diary(
        sessions=tuple(sessions),
        checkins=tuple(checkins),
        screenings=(clear_screening(start),),
    )
