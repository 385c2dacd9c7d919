"""variant(level) walks the regression and progression ladders one step at a time, capped."""

from __future__ import annotations

from kneecoach.catalog.loader import load_catalog


def test_variant_walks_the_ladder_one_step_at_a_time() -> None:
    vmo = load_catalog().require("vmo-lift")
    assert vmo.variant(0) is None
    assert [v.slug for level in (1, 2, 3) if (v := vmo.variant(level))] == [
        "vmo-lift-ankle-weight",
        "vmo-lift-hold",
        "seated-knee-extension",
    ]
    assert [v.slug for level in (1, 2, 3) if (v := vmo.variant(-level))] == [
        "slr-small-lift",
        "short-arc-quad",
        "quad-set",
    ]


def test_variant_is_capped_at_the_ends_of_the_ladder() -> None:
    for exercise in load_catalog().exercises:
        assert exercise.variant(exercise.highest_level + 5) == exercise.progressions[-1]
        assert exercise.variant(exercise.lowest_level - 5) == exercise.regressions[-1]


def test_first_regression_and_progression_are_one_step_from_the_exercise() -> None:
    catalog = load_catalog()
    expected = {
        "side-steps": ("side-steps-band-at-knees", "side-steps-band-at-feet"),
        "glute-bridge": ("glute-bridge-small", "glute-bridge-hold"),
        "clamshell": ("clamshell-small", "clamshell-band"),
        "wall-squat": ("wall-squat-shallow", "wall-squat-pause"),
        "monster-walks": ("monster-walks-band-at-knees", "monster-walks-band-at-feet"),
    }
    for slug, (easier, harder) in expected.items():
        exercise = catalog.require(slug)
        assert exercise.regressions[0].slug == easier
        assert exercise.progressions[0].slug == harder


def test_wall_squat_progressions_never_go_past_90_degrees() -> None:
    wall_squat = load_catalog().require("wall-squat")
    for variant in wall_squat.progressions[:2]:
        assert "90 degrees" in variant.how.en and "90 grader" in variant.how.nb
