"""The catalogue holds the seed article's seven exercises, in order, with its doses."""

from __future__ import annotations

from kneecoach.catalog.loader import load_catalog

# (slug, focus, sets, reps, seconds, per_side) as the seed article gives them.
SEED = [
    ("vmo-lift", "knee", (3, 4), (8, 10), None, True),
    ("side-steps", "hip", (2, 3), (10, 15), None, True),
    ("glute-bridge", "hip", (2, 3), (8, 15), None, False),
    ("hamstring-curl", "knee", (2, 3), (10, 15), None, True),
    ("clamshell", "hip", (2, 3), (10, 15), None, True),
    ("wall-squat", "knee", (2, 3), (8, 12), None, False),
    ("monster-walks", "hip", (2, 3), None, (30, 60), False),
]


def test_the_seven_exercises_come_in_the_seeds_order() -> None:
    catalog = load_catalog()
    assert catalog.slugs == tuple(row[0] for row in SEED)
    assert [e.order for e in catalog.exercises] == list(range(1, 8))


def test_doses_equal_the_seeds() -> None:
    catalog = load_catalog()
    for slug, focus, sets, reps, seconds, per_side in SEED:
        exercise = catalog.require(slug)
        assert exercise.focus == focus, slug
        assert exercise.dose.sets == sets, slug
        assert exercise.dose.reps == reps, slug
        assert exercise.dose.seconds == seconds, slug
        assert exercise.dose.per_side is per_side, slug
        assert 0 < exercise.dose.rest_seconds <= 120, slug


def test_wall_squat_keeps_the_seeds_90_degree_cap_in_instructions_and_cues() -> None:
    wall_squat = load_catalog().require("wall-squat")
    for language in ("en", "nb"):
        assert any("90" in step for step in wall_squat.instructions.get(language))
        assert any("90" in cue for cue in wall_squat.cues.get(language))
    assert "or less" in " ".join(wall_squat.instructions.en)
    assert "eller mindre" in " ".join(wall_squat.instructions.nb)


def test_cable_hamstring_curl_has_a_home_alternative() -> None:
    curl = load_catalog().require("hamstring-curl")
    home = curl.substitutes_for(["cable-machine"])
    assert home
    assert all("cable-machine" not in sub.equipment for sub in home)
    assert {"resistance-band", "ankle-weight"} <= {slug for sub in home for slug in sub.equipment}


def test_banded_and_ball_exercises_have_substitutes_for_their_equipment() -> None:
    catalog = load_catalog()
    for slug, missing in [
        ("side-steps", "ankle-band"),
        ("monster-walks", "mini-band"),
        ("wall-squat", "soft-ball"),
    ]:
        substitutes = catalog.require(slug).substitutes_for([missing])
        assert substitutes, slug
        assert any(missing not in sub.equipment for sub in substitutes), slug
    towel = catalog.require("wall-squat").substitutes_for(["soft-ball"])
    assert any("towel" in sub.equipment for sub in towel)


def test_unilateral_flags_follow_the_movements() -> None:
    catalog = load_catalog()
    one_leg = {e.slug for e in catalog.exercises if e.unilateral}
    assert one_leg == {"vmo-lift", "hamstring-curl", "clamshell"}


def test_every_exercise_cites_the_seed() -> None:
    for exercise in load_catalog().exercises:
        assert "7 exercises for knee pain" in exercise.source, exercise.slug
