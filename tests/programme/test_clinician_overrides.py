"""A clinician's swap, addition, pause and resume: each rule alone, then through the replay
(docs/clinic.md, "Programme edits go through the engine")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest

from kneecoach.errors import InvalidInput
from kneecoach.programme.diary_json import parse_advise_request, request_to_values
from kneecoach.programme.engine import advise, advise_resuming
from kneecoach.programme.planning import add_rule, session_exercises_rule, swap_rule
from kneecoach.programme.progression import (
    add_decision_rule,
    pause_rule,
    resume_rule,
    swap_decision_rule,
)
from kneecoach.programme.values import ClinicianOverride, Diary, Dose

from .fixtures import CATALOG, CLEAR, MONDAY, checkin, clear_screening, full_session, profile

DAY = MONDAY + timedelta(days=7)
CLAMSHELL = CATALOG.require("clamshell")
BRIDGE = CATALOG.require("glute-bridge")
SQUAT = CATALOG.require("wall-squat")


def pause(day: date = DAY, note: str = "knee surgery on Friday") -> ClinicianOverride:
    return ClinicianOverride(day, kind="pause", note=note, clinician="kim")


def resume(day: date) -> ClinicianOverride:
    return ClinicianOverride(day, kind="resume", clinician="kim")


def swap(
    out: str = "clamshell", into: str = "wall-squat", day: date = DAY, dose: Dose | None = None
) -> ClinicianOverride:
    return ClinicianOverride(day, out, dose, kind="swap", replacement=into, clinician="kim")


def with_overrides(*overrides: ClinicianOverride) -> Diary:
    return Diary(
        sessions=(full_session(MONDAY), full_session(MONDAY + timedelta(days=2))),
        checkins=(checkin(MONDAY + timedelta(days=1)), checkin(MONDAY + timedelta(days=3))),
        overrides=overrides,
        screenings=(clear_screening(),),
    )


# --- the value ------------------------------------------------------------------------------------


def test_a_pause_names_no_exercise_and_a_swap_names_its_replacement() -> None:
    with pytest.raises(InvalidInput) as error:
        ClinicianOverride(DAY, "clamshell", kind="pause")
    assert error.value.field == "exercise"
    with pytest.raises(InvalidInput) as error:
        ClinicianOverride(DAY, "clamshell", kind="swap")
    assert error.value.field == "replacement"
    with pytest.raises(InvalidInput):
        ClinicianOverride(DAY, "clamshell", kind="swap", replacement="clamshell")
    with pytest.raises(InvalidInput) as error:
        ClinicianOverride(DAY, "clamshell")
    assert error.value.field == "dose"
    dose = Dose("clamshell", 0, 2, reps=10)
    with pytest.raises(InvalidInput) as error:
        swap(dose=dose)  # a swap's dose is the replacement's
    assert error.value.field == "dose.exercise"


# --- the rules ------------------------------------------------------------------------------------


def test_swap_rule_puts_the_replacement_in_the_place_and_follows_later_swaps() -> None:
    swapped, added = swap_rule({}, frozenset(), "clamshell", "wall-squat")
    assert swapped == {"clamshell": "wall-squat"} and added == frozenset()
    swapped, added = swap_rule(swapped, added, "wall-squat", "vmo-lift")
    assert swapped == {"clamshell": "vmo-lift", "wall-squat": "vmo-lift"}
    back, _ = swap_rule(swapped, added, "vmo-lift", "clamshell")
    assert back == {"wall-squat": "clamshell", "vmo-lift": "clamshell"}  # clamshell's own again
    _, added = swap_rule({}, frozenset({"clamshell"}), "clamshell", "wall-squat")
    assert added == {"wall-squat"}


def test_add_rule_adds_to_every_session_and_gives_back_a_swapped_out_place() -> None:
    swapped, added = add_rule({"clamshell": "wall-squat"}, frozenset(), "clamshell")
    assert swapped == {} and added == {"clamshell"}


def test_session_exercises_rule_replaces_in_place_adds_at_the_end_once_each() -> None:
    hip = session_exercises_rule(CATALOG, "hip", {}, frozenset())
    assert hip == ("side-steps", "glute-bridge", "clamshell", "monster-walks")
    swapped = session_exercises_rule(CATALOG, "hip", {"clamshell": "wall-squat"}, frozenset())
    assert swapped == ("side-steps", "glute-bridge", "wall-squat", "monster-walks")
    added = session_exercises_rule(CATALOG, "hip", {}, frozenset({"vmo-lift", "clamshell"}))
    assert added == (*hip, "vmo-lift")
    full = session_exercises_rule(CATALOG, "full", {"clamshell": "wall-squat"}, frozenset())
    assert "clamshell" not in full and full.count("wall-squat") == 1


def test_swap_decision_rule_and_add_decision_rule_name_the_exercises_and_the_clinician() -> None:
    decision = swap_decision_rule(CLAMSHELL, SQUAT, swap(), DAY)
    assert decision.kind == "override" and decision.exercise == "clamshell"
    assert decision.reason_texts() == ("kim swapped Clamshell for Wall squat",)
    assert decision.reason_texts("nb") == ("kim byttet Clamshell (nb) med Wall squat (nb)",)
    added = add_decision_rule(
        BRIDGE, ClinicianOverride(DAY, "glute-bridge", kind="add", note="stronger hips"), DAY
    )
    assert added.exercise == "glute-bridge"
    assert added.reason_texts() == (
        "your clinician added Glute bridge to every session",
        "note: stronger hips",
    )


def test_pause_rule_and_resume_rule_name_the_clinician_the_day_and_the_reason() -> None:
    paused = pause_rule(pause(), DAY)
    assert paused.exercise is None and paused.kind == "override"
    assert "kim paused the programme" in paused.reasons[0]
    assert "knee surgery on Friday" in paused.reasons[1]
    assert "kim startet programmet igjen" in resume_rule(resume(DAY), DAY).reason_texts("nb")[0]


# --- through the replay ---------------------------------------------------------------------------


def test_a_swap_changes_the_sessions_from_its_day_with_the_replacements_dose() -> None:
    dose = Dose("wall-squat", -1, 2, reps=8)
    advice = advise(profile(), CATALOG, with_overrides(swap(dose=dose)), DAY)
    training = [s for s in advice.next_sessions if s.kind == "training"]
    assert training
    for session in training:
        slugs = [p.exercise for p in session.prescriptions]
        assert "clamshell" not in slugs and slugs.count("wall-squat") == 1
    squat = next(p for p in training[0].prescriptions if p.exercise == "wall-squat")
    assert squat.dose == dose
    kinds = [(d.exercise, d.kind) for d in advice.decisions if d.date == DAY]
    assert kinds == [("clamshell", "override"), ("wall-squat", "override")]


def test_an_addition_puts_the_exercise_in_every_session() -> None:
    trained = profile(trained=True)
    added = ClinicianOverride(DAY, "wall-squat", kind="add", clinician="kim")
    advice = advise(trained, CATALOG, with_overrides(added), DAY)
    hip_days = [s for s in advice.next_sessions if s.focus == "hip"]
    assert hip_days
    assert all(s.prescriptions[-1].exercise == "wall-squat" for s in hip_days)


def test_a_pause_plans_nothing_counts_no_missed_day_and_resume_carries_on() -> None:
    diary = with_overrides(pause())
    paused = advise(profile(), CATALOG, diary, DAY + timedelta(days=10))
    assert paused.state == "paused" and paused.next_sessions == ()
    assert any("kim" in note and "knee surgery" in note for note in paused.notes)
    before = advise(profile(), CATALOG, diary, DAY).adherence  # up to the day before the pause
    assert paused.adherence == before  # the paused days are not missed
    back = DAY + timedelta(days=10)
    resumed = advise(profile(), CATALOG, replace(diary, overrides=(pause(), resume(back))), back)
    assert resumed.state == "training"
    assert [s.kind for s in resumed.next_sessions][:1] == ["training"]
    assert any("resumed" in r for d in resumed.decisions for r in d.reasons)


def test_a_session_logged_while_paused_is_kept_but_not_decided() -> None:
    diary = with_overrides(pause())
    diary = replace(
        diary,
        sessions=(*diary.sessions, full_session(DAY + timedelta(days=1))),
        checkins=(*diary.checkins, checkin(DAY + timedelta(days=2), pain=9)),
    )
    advice = advise(profile(), CATALOG, diary, DAY + timedelta(days=3))
    assert advice.state == "paused"
    assert not [d for d in advice.decisions if d.date > DAY]  # no relief, no progress


def test_a_replay_resumed_from_a_checkpoint_agrees_across_a_pause() -> None:
    diary = with_overrides(pause(), swap(day=DAY - timedelta(days=1)))
    today = DAY + timedelta(days=2)
    _, checkpoints = advise_resuming(profile(), CATALOG, diary, today)
    later = replace(diary, overrides=(*diary.overrides, resume(today)))
    resumed, _ = advise_resuming(profile(), CATALOG, later, today, checkpoints=checkpoints)
    assert resumed == advise(profile(), CATALOG, later, today)


def test_the_diary_json_reads_every_kind_of_override() -> None:
    request: dict[str, Any] = {
        "today": (DAY + timedelta(days=3)).isoformat(),
        "profile": {"trained": False, "start_date": MONDAY.isoformat(), "painful_side": "left"},
        "diary": {
            "screenings": [{"date": MONDAY.isoformat(), "answers": CLEAR}],
            "overrides": [
                {"date": DAY.isoformat(), "kind": "swap", "exercise": "clamshell",
                 "replacement": "wall-squat", "sets": 2, "reps": 8, "clinician": "kim"},
                {"date": DAY.isoformat(), "kind": "add", "exercise": "vmo-lift"},
                {"date": DAY.isoformat(), "kind": "pause", "note": "surgery"},
                {"date": (DAY + timedelta(days=2)).isoformat(), "kind": "resume"},
            ],
        },
    }  # fmt: skip
    _, diary, _, _ = request_to_values(parse_advise_request(request))
    kinds = [o.kind for o in diary.overrides]
    assert kinds == ["swap", "add", "pause", "resume"]
    assert diary.overrides[0].dose == Dose("wall-squat", 0, 2, reps=8)
    assert diary.overrides[2].note == "surgery" and diary.overrides[2].dose is None
    bad = {**request["diary"], "overrides": [{"date": DAY.isoformat(), "kind": "swap",
                                             "exercise": "clamshell"}]}  # fmt: skip
    with pytest.raises(InvalidInput) as error:
        request_to_values(parse_advise_request({**request, "diary": bad}))
    assert error.value.field == "diary.overrides[0].replacement"
