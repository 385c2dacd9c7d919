"""The engine over the shipped catalogue (``catalog.loader.load_catalog``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme.dosing import build_ladder, usable_levels
from kneecoach.programme.engine import advise, plan_first_sessions
from kneecoach.programme.planning import performed_name, substitute_rule

from .fixtures import CATALOG, MONDAY, profile, steady_diary


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_every_shipped_ladder_stays_in_its_range_and_is_walkable(catalog: Catalog) -> None:
    for exercise in catalog.exercises:
        ladder = build_ladder(exercise)
        assert ladder.bottom.level == exercise.lowest_level
        assert ladder.top.level == exercise.highest_level
        dose = ladder.bottom
        steps = 0
        while (higher := ladder.step_up(dose)) is not None:
            dose, steps = higher, steps + 1
        assert dose == ladder.top and steps == len(ladder.rungs) - 1


def test_shipped_plan_for_an_untrained_newcomer(catalog: Catalog) -> None:
    home = frozenset({"mat", "ankle-band", "mini-band", "wall", "soft-ball", "resistance-band"})
    plan = plan_first_sessions(profile(equipment=home), catalog, days=3)
    assert [s.kind for s in plan] == ["training", "rest", "training"]
    assert len(plan[0].prescriptions) == len(catalog.exercises)
    curl = next(p for p in plan[0].prescriptions if p.exercise == "hamstring-curl")
    assert curl.substitute_for == "cable-machine"
    assert curl.performed_as != "hamstring-curl"


def test_every_cable_machine_exercise_has_a_home_substitute(catalog: Catalog) -> None:
    home = frozenset({"mat", "resistance-band", "ankle-weight", "chair"})
    for exercise in catalog.exercises:
        if "cable-machine" in exercise.equipment:
            _, replaced, _ = substitute_rule(exercise, 0, home)
            assert replaced == "cable-machine"


def test_substitute_rule_gives_a_person_with_only_a_mat_and_a_wall_every_exercise(
    catalog: Catalog,
) -> None:
    """Every exercise, at every rung of that person's ladder, is something they can do."""
    bare = frozenset({"mat", "wall"})
    expected = {
        "vmo-lift": "vmo-lift",
        "side-steps": "side-steps-bodyweight",
        "glute-bridge": "glute-bridge",
        "hamstring-curl": "standing-curl-holding-on",
        "clamshell": "clamshell",
        "wall-squat": "wall-squat-no-ball",
        "monster-walks": "monster-walks-bodyweight",
    }
    for exercise in catalog.exercises:
        assert substitute_rule(exercise, 0, bare)[0] == expected[exercise.slug]
        for level in usable_levels(exercise, bare):
            assert substitute_rule(exercise, level, bare)[2] == (), (exercise.slug, level)


def test_substitute_rule_gives_the_demo_person_a_loaded_hamstring_curl(catalog: Catalog) -> None:
    """No cable, no long band, no ankle weight, but a loop band: the loop-band prone curl."""
    demo = frozenset({"mat", "mini-band", "ankle-band", "soft-ball", "wall"})
    curl = catalog.require("hamstring-curl")
    assert substitute_rule(curl, 0, demo) == ("prone-loop-band-curl", "cable-machine", ())
    towel_only = frozenset({"towel"})
    assert substitute_rule(curl, 0, towel_only)[:2] == ("towel-heel-slide-curl", "cable-machine")


def test_substitute_rule_covers_a_variant_that_needs_missing_equipment(
    catalog: Catalog,
) -> None:
    """A clinician's cable progression for a person without a cable still gets the home curl."""
    curl = catalog.require("hamstring-curl")
    home = frozenset({"mat", "resistance-band"})
    assert substitute_rule(curl, 1, home) == ("prone-band-curl", "cable-machine", ())
    assert substitute_rule(curl, 2, frozenset({"mat"}))[::2] == ("standing-curl-holding-on", ())
    # without a wall the mini squat holding on stands in (issue 13 item 7: everyone has a way)
    squat = catalog.require("wall-squat")
    assert substitute_rule(squat, 1, frozenset()) == ("mini-squat-holding-on", "wall", ())
    # with no usable substitute the rung stays and the person is told what it needs
    lift = CATALOG.require("vmo-lift")
    assert substitute_rule(lift, 2, frozenset({"mat"})) == (
        "vmo-lift-harder-2",
        None,
        ("ankle-weight",),
    )


def test_shipped_catalogue_progresses_a_steady_person(catalog: Catalog) -> None:
    diary = steady_diary(28, catalog=catalog)
    advice = advise(profile(), catalog, diary, MONDAY + timedelta(days=28))
    assert advice.state == "training"
    assert any(d.kind == "progress" for d in advice.decisions)
    trained = advise(profile(trained=True), catalog, diary, MONDAY + timedelta(days=28))
    assert {s.focus for s in trained.next_sessions if s.kind == "training"} == {"hip", "knee"}


def test_a_substitute_for_a_version_a_clinician_set_is_named_in_place_of_that_version(
    catalog: Catalog,
) -> None:
    """Wall squat with a pause (level 1, set by a clinician) needs the soft ball; without it
    the folded-towel squat stands in for that version, so it is named "in place of Wall squat
    with a pause", not of the exercise (Wall half-squat with a ball), in the engine's reasons
    as in the plan (``planning.rung_name``). At level 0 it stands in for the exercise."""
    squat = catalog.require("wall-squat")
    paused = squat.variant(1)
    assert paused is not None and "soft-ball" in paused.equipment
    no_ball = frozenset({"wall", "towel"})
    assert substitute_rule(squat, 1, no_ball)[:2] == ("wall-squat-towel", "soft-ball")
    named = performed_name(squat, 1, no_ball)
    assert str(named) == f"Wall squat with a folded towel (in place of {paused.name.en})"
    assert named.text("nb").endswith(f"(i stedet for {paused.name.nb})")  # type: ignore[union-attr]
    assert str(performed_name(squat, 0, no_ball)).endswith(f"(in place of {squat.name.en})")
