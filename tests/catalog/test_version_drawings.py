"""Issue 14 (major 3): every version the engine can prescribe (each ladder variant and
substitute) is drawn, and drawn in its own position: the heel slide on a towel is not a face-down
cable curl, the seated knee extension is not a straight-leg raise on the floor, the mini squat
holding on has no wall. The catalogue says where a position differs: the version's name or the
first sentence of its "how" names a position (on your back, on your front, standing, sitting)
the first sentence of the exercise's starting position does not."""

from __future__ import annotations

import re

import pytest

from kneecoach.catalog.illustration import render_svg, render_svg_frame
from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import BODY_JOINTS, Exercise, Substitute, Variant

POSITIONS = {
    "on the back": r"on your back|\bsupine",
    "on the front": r"on your front|face down|\bprone",
    "on the side": r"on your side|side-lying",
    "standing": r"\bstand",
    "sitting": r"\bsit (on|back down)|\bsitting|\bseated",
}


def _versions() -> list[tuple[Exercise, Variant | Substitute]]:
    found: list[tuple[Exercise, Variant | Substitute]] = []
    for exercise in load_catalog().exercises:
        found += [(exercise, v) for v in (*exercise.regressions, *exercise.progressions)]
        found += [(exercise, s) for s in exercise.substitutes]
    return found


def _first_sentence(text: str) -> str:
    return text.split(". ")[0]


def _positions(text: str) -> set[str]:
    return {name for name, pattern in POSITIONS.items() if re.search(pattern, text, re.I)}


def _position_differs(exercise: Exercise, version: Variant | Substitute) -> bool:
    own = _positions(f"{version.name.en}. {_first_sentence(version.how.en)}")
    return bool(own - _positions(_first_sentence(exercise.starting_position.en)))


VERSIONS = _versions()
IDS = [version.slug for _, version in VERSIONS]


@pytest.mark.parametrize(("exercise", "version"), VERSIONS, ids=IDS)
def test_every_version_is_drawn(exercise: Exercise, version: Variant | Substitute) -> None:
    assert exercise.illustration_for(version.slug) is not None, f"{version.slug} has no drawing"
    assert "<polyline" in render_svg(exercise, "en", version.slug)
    assert "<animate" not in render_svg_frame(exercise, 0.5, "en", version.slug)


@pytest.mark.parametrize(("exercise", "version"), VERSIONS, ids=IDS)
def test_a_version_in_another_position_is_not_drawn_as_the_exercise(
    exercise: Exercise, version: Variant | Substitute
) -> None:
    if not _position_differs(exercise, version):
        return
    drawing = exercise.illustration_for(version.slug)
    assert exercise.illustration is not None and drawing is not None
    assert drawing.keyframes != exercise.illustration.keyframes, (
        f"{version.slug} is drawn in {exercise.slug}'s position"
    )


@pytest.mark.parametrize(("exercise", "version"), VERSIONS, ids=IDS)
def test_no_wall_or_furniture_the_version_does_not_use(
    exercise: Exercise, version: Variant | Substitute
) -> None:
    drawing = exercise.illustration_for(version.slug)
    assert drawing is not None
    if "wall" not in version.equipment:
        assert drawing.wall_x is None, f"{version.slug} is drawn against a wall"


def test_the_positions_the_issue_names_are_told_apart() -> None:
    catalog = load_catalog()
    curl, squat, lift = (catalog.require(s) for s in ("hamstring-curl", "wall-squat", "vmo-lift"))
    for exercise, slug in (
        (curl, "towel-heel-slide-curl"),
        (curl, "standing-hamstring-curl"),
        (squat, "sit-to-stand-high-seat"),
        (lift, "seated-knee-extension"),
    ):
        version = exercise.version(slug)
        assert version is not None and _position_differs(exercise, version), slug
    bridge = catalog.require("glute-bridge")
    assert not any(_position_differs(bridge, v) for v in bridge.regressions)


def test_a_figure_lying_down_is_not_drawn_in_a_square_of_empty_space() -> None:
    catalog = load_catalog()
    for slug in ("clamshell", "vmo-lift", "glute-bridge"):
        svg = render_svg(catalog.require(slug))
        box = re.search(r'viewBox="([^"]+)"', svg)
        assert box is not None
        _, _, width, height = (float(v) for v in box.group(1).split())
        assert width == 100 and height <= 50, (slug, box.group(1))


def test_the_clamshell_is_seen_from_above_its_opening_and_bent_hips() -> None:
    """The top knee rises clearly, and the thighs run forwards from the hips (hips bent), so the
    shell that opens is visible rather than a person lying flat."""
    drawing = load_catalog().require("clamshell").illustration
    assert drawing is not None
    start, far = drawing.keyframes[0].joints, drawing.keyframes[-1].joints
    assert start["knee_r"][1] - far["knee_r"][1] >= 6  # the opening
    assert start["knee_l"][1] - start["hip_l"][1] >= 6  # the thigh runs forwards and down
    assert far["ankle_r"] == start["ankle_r"]  # heels stay together


@pytest.mark.parametrize(("exercise", "version"), VERSIONS, ids=IDS)
def test_no_prop_is_left_where_a_band_or_ball_was_taken_away(
    exercise: Exercise, version: Variant | Substitute
) -> None:
    """The towel wall squat has no small circle where the ball was; the ankle-weight curl no
    pulley without a cable."""
    base = exercise.illustration
    assert base is not None
    svg = render_svg(exercise, "en", version.slug)
    if "ball" in version.drawn_without and base.ball is not None:
        assert f'data-joints="{base.ball}"' not in svg, version.slug
    if "band" in version.drawn_without and base.band is not None:
        for joint in set(base.band) - set(BODY_JOINTS):
            assert f'data-joints="{joint}"' not in svg, version.slug
