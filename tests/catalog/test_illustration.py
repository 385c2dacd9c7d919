"""Illustrations are valid SVG, accessible, and animate every joint of the keyframes."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kneecoach.catalog.illustration import pose_at, render_svg, render_svg_frame
from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import BODY_JOINTS, Exercise

from .helpers import docs_example

SVG = "{http://www.w3.org/2000/svg}"
CATALOG = load_catalog()


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own renderer's output, not untrusted input


def _joints_animated(root: ET.Element) -> set[str]:
    animated = set()
    for element in root.iter():
        if element.get("data-joints") and element.findall(f"{SVG}animate"):
            animated.update(element.get("data-joints", "").split())
    return animated


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.slug)
def test_animated_svg_parses_and_animates_every_joint(exercise: Exercise) -> None:
    root = _parse(render_svg(exercise))
    assert root.get("role") == "img"
    assert root.findtext(f"{SVG}title") == exercise.name.en
    assert exercise.illustration is not None
    assert _joints_animated(root) == set(exercise.illustration.keyframes[0].joints)
    for animate in root.iter(f"{SVG}animate"):
        assert animate.get("repeatCount") == "indefinite"
        values = animate.get("values", "").split(";")
        assert values[0] == values[-1], "the loop must end where it starts"
        assert len(values) == len(animate.get("keyTimes", "").split(";"))


@pytest.mark.parametrize("exercise", CATALOG.exercises, ids=lambda e: e.slug)
def test_the_figure_visibly_moves(exercise: Exercise) -> None:
    assert exercise.illustration is not None
    start = exercise.illustration.keyframes[0].joints
    moved = max(
        abs(start[j][0] - frame.joints[j][0]) + abs(start[j][1] - frame.joints[j][1])
        for frame in exercise.illustration.keyframes[1:]
        for j in BODY_JOINTS
    )
    assert moved > 6
    assert render_svg_frame(exercise, 0.0) != render_svg_frame(exercise, 0.5)
    assert render_svg_frame(exercise, 0.0) == render_svg_frame(exercise, 1.0)


def test_title_follows_the_language() -> None:
    clamshell = CATALOG.require("clamshell")
    root = _parse(render_svg(clamshell, "nb"))
    assert root.findtext(f"{SVG}title") == "Musling"


def test_still_frame_has_no_animation_and_stays_in_the_box() -> None:
    for exercise in CATALOG.exercises:
        root = _parse(render_svg_frame(exercise, 0.5))
        assert not list(root.iter(f"{SVG}animate"))
        for line in root.iter(f"{SVG}polyline"):
            for pair in line.get("points", "").split():
                x, y = (float(v) for v in pair.split(","))
                assert 0 <= x <= 100 and 0 <= y <= 100, exercise.slug


def test_props_are_drawn_where_the_exercise_has_them() -> None:
    wall_squat = _parse(render_svg(CATALOG.require("wall-squat")))
    assert wall_squat.find(f".//{SVG}circle[@class='ball']") is not None
    assert wall_squat.find(f".//{SVG}rect[@class='wall']") is not None
    side_steps = _parse(render_svg(CATALOG.require("side-steps")))
    band = [e for e in side_steps.iter() if e.get("data-joints") == "ankle_r ankle_l"]
    assert band
    curl = _parse(render_svg(CATALOG.require("hamstring-curl")))
    assert curl.find(f".//{SVG}circle[@class='prop']") is not None


def test_pose_at_interpolates_between_keyframes() -> None:
    illustration = CATALOG.require("side-steps").illustration
    assert illustration is not None
    middle = illustration.keyframes[1]
    assert pose_at(illustration, middle.t) == dict(middle.joints)
    a, b = illustration.keyframes[0].joints["ankle_r"], middle.joints["ankle_r"]
    halfway = pose_at(illustration, middle.t / 2)["ankle_r"]
    assert halfway == pytest.approx(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))


def test_a_clinic_exercise_gets_an_illustration_from_its_keyframes(clinic_dir: Path) -> None:
    (clinic_dir / "sit-to-stand.toml").write_text(docs_example(), encoding="utf-8")
    exercise = load_catalog(clinic_dir).require("sit-to-stand")
    root = _parse(render_svg(exercise))
    assert _joints_animated(root) == set(BODY_JOINTS)


def test_an_exercise_without_keyframes_gets_a_named_placeholder(clinic_dir: Path) -> None:
    text = docs_example()
    (clinic_dir / "sit-to-stand.toml").write_text(text[: text.index("[illustration]")])
    exercise = load_catalog(clinic_dir).require("sit-to-stand")
    root = _parse(render_svg(exercise))
    assert root.get("role") == "img"
    assert "Sit to stand" in "".join(root.itertext())
