"""The explicit, capped ladder (docs/evidence.md#progression)."""

from __future__ import annotations

from kneecoach.programme.dosing import (
    amounts_in_range,
    build_ladder,
    dose_in_range,
    usable_levels,
)
from kneecoach.programme.values import Dose

from .fixtures import ALL_EQUIPMENT, CATALOG, make_exercise


def test_amounts_in_range_step_and_cap() -> None:
    assert amounts_in_range(10, 15, 2) == (10, 12, 14, 15)
    assert amounts_in_range(8, 10, 2) == (8, 10)
    assert amounts_in_range(30, 60, 10) == (30, 40, 50, 60)
    assert amounts_in_range(5, 5, 2) == (5,)


def test_ladder_order_reps_then_sets_then_harder_variant() -> None:
    clam = make_exercise("clam", 1, regressions=1, progressions=1)
    ladder = build_ladder(clam)
    steps = [(d.level, d.sets, d.reps) for d in ladder.rungs]
    assert steps[:6] == [
        (-1, 2, 10),
        (-1, 2, 12),
        (-1, 2, 14),
        (-1, 2, 15),
        (-1, 3, 15),
        (0, 2, 10),
    ]
    assert steps[-1] == (1, 3, 15)
    # never two variables up at once within a level
    for before, after in zip(ladder.rungs, ladder.rungs[1:], strict=False):
        if before.level == after.level:
            changed = (before.sets != after.sets) + (before.reps != after.reps)
            assert changed == 1


def test_step_up_is_capped_at_the_top() -> None:
    ladder = build_ladder(make_exercise("clam", 1))
    assert ladder.step_up(ladder.top) is None
    assert ladder.step_up(ladder.rungs[0]) == ladder.rungs[1]


def test_step_down_cuts_a_quarter_of_the_volume_or_changes_variant() -> None:
    ladder = build_ladder(make_exercise("clam", 1))
    three_by_fifteen = Dose("clam", 0, 3, reps=15)
    assert ladder.step_down(three_by_fifteen) == Dose("clam", 0, 2, reps=15)
    assert ladder.step_down(Dose("clam", 0, 2, reps=15)) == Dose("clam", 0, 2, reps=10)
    assert ladder.step_down(Dose("clam", 0, 2, reps=10)) == Dose("clam", -1, 2, reps=10)
    # the easier variant never comes with more work than now
    assert ladder.step_down(Dose("clam", 1, 2, reps=12)) == Dose("clam", 0, 2, reps=12)


def test_step_down_never_below_the_lowest_regression() -> None:
    ladder = build_ladder(make_exercise("clam", 1))
    assert ladder.step_down(ladder.bottom) == ladder.bottom
    assert ladder.bottom.level == -2


def test_off_ladder_dose_snaps_down() -> None:
    ladder = build_ladder(make_exercise("clam", 1))
    odd = Dose("clam", 0, 2, reps=13)
    assert not ladder.on_ladder(odd)
    assert ladder.step_up(odd) == Dose("clam", 0, 2, reps=14)
    assert ladder.step_down(odd) == Dose("clam", 0, 2, reps=12)


def test_variants_needing_missing_equipment_are_skipped() -> None:
    vmo = CATALOG.get("vmo-lift")
    assert vmo is not None
    assert usable_levels(vmo, ALL_EQUIPMENT) == (-2, -1, 0, 1, 2)
    assert usable_levels(vmo, frozenset({"mat"})) == (-2, -1, 0, 1)
    ladder = build_ladder(vmo, frozenset({"mat"}))
    assert ladder.top.level == 1


def test_timed_exercise_ladder_counts_seconds() -> None:
    walks = CATALOG.get("monster-walks")
    assert walks is not None
    ladder = build_ladder(walks)
    assert all(d.seconds is not None and d.reps is None for d in ladder.rungs)
    assert ladder.start(trained=False).seconds == 30


def test_starting_dose_low_end_untrained_mid_range_trained() -> None:
    ladder = build_ladder(make_exercise("clam", 1))
    assert ladder.start(trained=False) == Dose("clam", 0, 2, reps=10)
    assert ladder.start(trained=True) == Dose("clam", 0, 2, reps=14)


def test_dose_in_range_checks_clinician_doses() -> None:
    clam = make_exercise("clam", 1)
    assert dose_in_range(clam, Dose("clam", 0, 3, reps=13)) is None
    assert "sets 4" in (dose_in_range(clam, Dose("clam", 0, 4, reps=13)) or "")
    assert "reps 16" in (dose_in_range(clam, Dose("clam", 0, 2, reps=16)) or "")
    assert "level 3" in (dose_in_range(clam, Dose("clam", 3, 2, reps=10)) or "")
    assert "give reps" in (dose_in_range(clam, Dose("clam", 0, 2, seconds=10)) or "")
