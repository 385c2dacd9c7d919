"""Issue 14: a drawing shows what matters in the exercise. A side view cannot show a foot turned
out, so the VMO lift (and every version of it drawn in its position) has an inset showing that
foot from the end of the mat; a version that squeezes a folded towel or a cushion between the
knees draws that, where the ball was."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kneecoach.catalog.illustration import render_svg, render_svg_frame
from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import Exercise
from kneecoach.errors import CatalogError

from .helpers import packaged_text, replace_once

CATALOG = load_catalog()
SVG = "{http://www.w3.org/2000/svg}"
INSET = 'class="inset toes-out"'
# "the foot turned out", "toes stay turned out", "toes turned a little out"
TURNED_OUT = re.compile(r"\b(foot|toes)\b[^.;]*\bturned\b[^.;]*\bout\b", re.I)
SQUEEZED_BETWEEN_KNEES = re.compile(
    r"\b(towel|cushion)\b[^.]*\bbetween the knees|between the knees[^.]*\b(towel|cushion)\b", re.I
)


def _drawings() -> list[tuple[Exercise, str]]:
    """Every exercise and version, as (exercise, slug)."""
    found: list[tuple[Exercise, str]] = []
    for exercise in CATALOG.exercises:
        found.append((exercise, exercise.slug))
        found += [(exercise, v.slug) for v in (*exercise.regressions, *exercise.progressions)]
        found += [(exercise, s.slug) for s in exercise.substitutes]
    return found


def _words(exercise: Exercise, slug: str) -> tuple[str, str]:
    """(its name, its cues) in English."""
    version = exercise.version(slug)
    name = version.name.en if version is not None else exercise.name.en
    return name, " ".join(exercise.cues_for(slug).en)


DRAWINGS = _drawings()
IDS = [slug for _, slug in DRAWINGS]


def test_the_vmo_lift_shows_the_foot_turned_out_and_the_glute_bridge_does_not() -> None:
    lift = render_svg(CATALOG.require("vmo-lift"))
    assert INSET in lift and 'data-degrees="35"' in lift
    assert "turned out about 35 degrees" in lift  # said in the description too
    assert "vridd omtrent 35 grader utover" in render_svg(CATALOG.require("vmo-lift"), "nb")
    assert INSET in render_svg_frame(CATALOG.require("vmo-lift"), 0.5)
    assert INSET not in render_svg(CATALOG.require("glute-bridge"))


@pytest.mark.parametrize(("exercise", "slug"), DRAWINGS, ids=IDS)
def test_a_drawing_shows_the_foot_turned_out_where_its_name_or_cues_say_so(
    exercise: Exercise, slug: str
) -> None:
    name, cues = _words(exercise, slug)
    version = exercise.version(slug)
    own_position = version is not None and version.illustration is not None
    says_so = bool(TURNED_OUT.search(name) or TURNED_OUT.search(cues)) and not own_position
    assert (INSET in render_svg(exercise, "en", slug)) == says_so, slug


def test_the_turned_out_foot_turns_towards_the_little_toe_side() -> None:
    """Seen from the end of the mat, the person's right is on the viewer's left: the right foot
    (the near, working leg) turns out to the left, a negative rotation in SVG."""
    root = ET.fromstring(render_svg(CATALOG.require("vmo-lift")))  # noqa: S314 - our own output
    turned = root.find(f".//{SVG}g[@class='turned-out']")
    assert turned is not None and "rotate(-35)" in turned.get("transform", "")
    assert root.find(f".//{SVG}g[@class='straight-up']") is not None


@pytest.mark.parametrize(("exercise", "slug"), DRAWINGS, ids=IDS)
def test_a_towel_or_cushion_between_the_knees_is_drawn_there(exercise: Exercise, slug: str) -> None:
    version = exercise.version(slug)
    if version is None:
        return
    said = SQUEEZED_BETWEEN_KNEES.search(f"{version.name.en}. {version.how.en}")
    svg = render_svg(exercise, "en", slug)
    if said is None:
        assert 'class="squeezed' not in svg, slug
        return
    prop = "folded-towel" if (said.group(1) or said.group(2)).lower() == "towel" else "cushion"
    assert f'class="squeezed {prop}"' in svg, slug
    assert 'class="ball"' not in svg, slug
    drawing = exercise.illustration_for(slug)
    assert drawing is not None and drawing.ball is not None
    assert f'data-joints="{drawing.ball} ' in svg  # it moves with the knees


def test_the_wall_squat_substitutes_squeeze_what_they_name() -> None:
    squat = CATALOG.require("wall-squat")
    assert 'class="squeezed folded-towel"' in render_svg(squat, "en", "wall-squat-towel")
    assert 'class="squeezed cushion"' in render_svg(squat, "en", "wall-squat-cushion")
    assert 'class="ball"' in render_svg(squat)
    still = render_svg_frame(squat, 0.5, "en", "wall-squat-cushion")
    assert 'class="squeezed cushion"' in still and "<animate" not in still


def test_a_squeezed_prop_needs_the_ball_it_replaces(clinic_dir: Path) -> None:
    text = replace_once(
        packaged_text("wall-squat"),
        'ball_drawn_as = "cushion"',
        'ball_drawn_as = "cushion"\ndrawn_without = ["ball"]',
    )
    (clinic_dir / "wall-squat.toml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match="ball_drawn_as"):
        load_catalog(clinic_dir)
