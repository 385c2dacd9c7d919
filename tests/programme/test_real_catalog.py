"""The engine over the shipped catalogue (``catalog.loader.load_catalog``)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme.dosing import build_ladder
from kneecoach.programme.engine import advise, plan_first_sessions
from kneecoach.programme.planning import substitute_rule

from .fixtures import MONDAY, profile, steady_diary


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


def test_shipped_catalogue_progresses_a_steady_person(catalog: Catalog) -> None:
    diary = steady_diary(28, catalog=catalog)
    advice = advise(profile(), catalog, diary, MONDAY + timedelta(days=28))
    assert advice.state == "training"
    assert any(d.kind == "progress" for d in advice.decisions)
    trained = advise(profile(trained=True), catalog, diary, MONDAY + timedelta(days=28))
    assert {s.focus for s in trained.next_sessions if s.kind == "training"} == {"hip", "knee"}
