"""Starting doses, substitutes and side order (issue 2, the seed)."""

from __future__ import annotations

from kneecoach.catalog.schema import Exercise
from kneecoach.programme.dosing import build_ladder
from kneecoach.programme.planning import (
    exercises_for_focus,
    performed_as_name,
    prescribe,
    side_order_rule,
    starting_dose_rule,
    substitute_rule,
)

from .fixtures import ALL_EQUIPMENT, CATALOG, amount_range, profile


def exercise(slug: str) -> Exercise:
    found = CATALOG.get(slug)
    assert found is not None
    return found


def test_starting_dose_rule_untrained_low_end() -> None:
    for ex in CATALOG.exercises:
        dose = starting_dose_rule(build_ladder(ex), profile())
        assert dose.level == 0
        assert dose.sets == ex.dose.sets[0]
        low = amount_range(ex.dose)[0]
        assert dose.amount == low


def test_starting_dose_rule_trained_mid_range() -> None:
    for ex in CATALOG.exercises:
        dose = starting_dose_rule(build_ladder(ex), profile(trained=True))
        low, high = amount_range(ex.dose)
        assert dose.level == 0
        assert dose.amount > low or (dose.sets > ex.dose.sets[0])
        assert dose.amount <= high


def test_substitute_rule_home_alternative_for_missing_cable_machine() -> None:
    curl = exercise("hamstring-curl")
    home = frozenset({"mat", "resistance-band"})
    slug, replaced, _ = substitute_rule(curl, 0, home)
    assert (slug, replaced) == ("prone-band-curl", "cable-machine")
    assert substitute_rule(curl, 0, ALL_EQUIPMENT) == ("hamstring-curl", None, ())


def test_substitute_rule_still_missing_is_what_the_substitute_lacks() -> None:
    """The band curl replaces the cable curl: the cable's ankle strap is no longer "missing"."""
    curl = exercise("hamstring-curl")
    assert substitute_rule(curl, 0, frozenset({"mat", "resistance-band"}))[2] == ()
    # the substitute is chosen only when its own equipment is at hand: never "needs" left over
    assert substitute_rule(curl, 0, frozenset({"resistance-band"})) == (
        "hamstring-curl",
        None,
        ("mat", "cable-machine", "ankle-strap"),
    )


def test_substitute_rule_without_usable_substitute_lists_the_missing_equipment() -> None:
    slug, replaced, missing = substitute_rule(exercise("hamstring-curl"), 0, frozenset({"mat"}))
    assert slug == "hamstring-curl" and replaced is None
    assert set(missing) == {"cable-machine", "ankle-strap"}


def test_substitute_rule_variant_is_performed_as_its_own_slug() -> None:
    slug, _, _ = substitute_rule(exercise("clamshell"), -1, ALL_EQUIPMENT)
    assert slug == "clamshell-easier-1"


def test_what_is_done_is_named_beside_the_exercise_it_stands_for_from_its_slug_alone() -> None:
    """The plan and the calendar name a saved ``performed_as``: the exercise itself by its
    name; a substitute "in place of" it; a ladder variant as its easier or harder version."""
    clamshell, curl = exercise("clamshell"), exercise("hamstring-curl")
    assert performed_as_name(clamshell, "clamshell") == clamshell.name
    easier, harder = clamshell.regressions[0], clamshell.progressions[0]
    assert str(performed_as_name(clamshell, easier.slug)) == (
        f"{easier.name.get('en')} (easier version of {clamshell.name.get('en')})"
    )
    assert str(performed_as_name(clamshell, harder.slug)).endswith(
        f"(harder version of {clamshell.name.get('en')})"
    )
    home = performed_as_name(curl, "prone-band-curl")
    assert str(home).endswith(f"(in place of {curl.name.get('en')})")
    assert home.text("nb").endswith(f"(i stedet for {curl.name.get('nb')})")  # type: ignore[union-attr]
    assert performed_as_name(curl, "gone-from-the-catalogue") == curl.name


def test_side_order_rule_painful_side_first() -> None:
    assert side_order_rule("right", None) == ("right", "left")
    assert side_order_rule("right", "left") == ("right", "left")
    assert side_order_rule("both", "right") == ("right", "left")
    assert side_order_rule("both", None) == ("left", "right")


def test_prescribe_per_side_dosing_for_unilateral_exercises() -> None:
    vmo = exercise("vmo-lift")
    dose = starting_dose_rule(build_ladder(vmo), profile())
    p = prescribe(vmo, dose, profile(painful_side="right"))
    assert p.sides == ("right", "left")
    assert p.dose.per_side and "each side" in p.dose.describe()
    bridge = exercise("glute-bridge")
    assert (
        prescribe(bridge, starting_dose_rule(build_ladder(bridge), profile()), profile()).sides
        == ()
    )


def test_exercises_for_focus() -> None:
    assert len(exercises_for_focus(CATALOG, "full")) == 7
    assert {e.focus for e in exercises_for_focus(CATALOG, "hip")} == {"hip"}
    assert len(exercises_for_focus(CATALOG, "knee")) == 3
