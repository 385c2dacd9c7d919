"""variant(level) walks the regression and progression ladders one step at a time, capped;
steps_hold_for says which versions the exercise's own steps describe."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize(
    ("exercise", "slug", "hold"),
    [
        ("hamstring-curl", "hamstring-curl", True),  # the exercise itself
        ("vmo-lift", "vmo-lift-ankle-weight", True),  # "the same movement with" a weight
        ("hamstring-curl", "prone-band-curl", False),  # a substitute: no cable machine
        ("hamstring-curl", "standing-hamstring-curl", False),  # its own drawing: standing
        ("side-steps", "side-steps-no-band", False),  # drawn without the band the steps fit
    ],
)
def test_the_exercises_steps_hold_only_for_a_ladder_variant_drawn_as_the_exercise(
    exercise: str, slug: str, hold: bool
) -> None:
    """A page for a version on its own shows the exercise's starting position, steps and
    faults only where they describe it: not for a substitute (the steps set up the
    equipment it stands in for), nor a version in another position or without a part, unless
    the catalogue says otherwise (``steps_hold``, below)."""
    assert load_catalog().require(exercise).steps_hold_for(slug) is hold


@pytest.mark.parametrize(
    ("exercise", "slug", "hold"),
    [
        ("vmo-lift", "vmo-lift-on-rug", True),  # a rug or a bed for the mat
        ("clamshell", "clamshell-on-rug", True),
        ("glute-bridge", "glute-bridge-on-rug", True),
        ("side-steps", "side-steps-mini-band", True),  # a mini band for the loop band
        ("monster-walks", "monster-walks-tied-band", True),  # a tied band for the mini band
        ("wall-squat", "wall-squat-towel", False),  # step 1 chooses the ball by its size
        ("side-steps", "side-steps-bodyweight", False),  # no band, deeper, with a pause
    ],
)
def test_the_exercises_steps_hold_for_a_substitute_that_only_swaps_a_piece_of_equipment(
    exercise: str, slug: str, hold: bool
) -> None:
    """A substitute whose ``steps_hold`` says the exercise's starting position, steps and
    faults describe it, word for word but for the equipment its "how" swaps (a rug for the
    mat), is given them: a person without a mat is not left with one sentence."""
    assert load_catalog().require(exercise).steps_hold_for(slug) is hold


def test_the_exercises_steps_do_not_hold_for_a_ladder_variant_set_up_otherwise() -> None:
    """The light band curl is a regression drawn as the cable curl, but the cable curl's steps
    lay a mat in front of the cable machine and clip a strap to its pulley: its ``steps_hold =
    false`` keeps them off the page of a person who curls against a band."""
    curl = load_catalog().require("hamstring-curl")
    assert not curl.steps_hold_for("prone-band-curl-light")
    assert "cable machine" in curl.instructions.en[0]  # what the band version does not use


@pytest.mark.parametrize(
    ("exercise", "slug"),
    [
        ("glute-bridge", "glute-squeeze"),  # the steps lift the hips; it squeezes without lifting
        ("clamshell", "clamshell-hold"),  # the steps open and close; it holds still
    ],
)
def test_the_exercises_steps_do_not_hold_for_a_ladder_variant_that_moves_otherwise(
    exercise: str, slug: str
) -> None:
    """Drawn as the exercise, but not done as its steps say: its own "how" is its page."""
    assert not load_catalog().require(exercise).steps_hold_for(slug)
