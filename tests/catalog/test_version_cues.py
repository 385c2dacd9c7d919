"""Issue 14 (3): every version the engine can prescribe (each ladder variant and substitute) shows
cues and a drawing that belong to it, not to the exercise it stands in for: no "keep the band
tight" on side steps without a band, no "squeeze the ball" on the towel wall squat, no cable drawn
on the heel slide."""

from __future__ import annotations

import re

import pytest

from kneecoach.catalog.illustration import _BALL, _BAND, render_svg
from kneecoach.catalog.loader import load_catalog
from kneecoach.catalog.schema import Exercise, Substitute, Variant

# A word in a cue, in either language, and the equipment that word needs.
GEAR_WORDS: tuple[tuple[str, frozenset[str]], ...] = (
    (r"\bband|strikk|bånd", frozenset({"ankle-band", "mini-band", "resistance-band"})),
    (r"\bball", frozenset({"soft-ball"})),
    (r"towel|håndkle", frozenset({"towel"})),
    (r"cushion|\bpute", frozenset({"cushion"})),
    (r"\bmat\b|\bmatt", frozenset({"mat"})),
    (r"cable|pulley|kabel|trinse", frozenset({"cable-machine"})),
    (r"ankle weight|ankelvekt", frozenset({"ankle-weight"})),
    (r"\bwall\b|vegg", frozenset({"wall"})),
    (r"chair|\bstol", frozenset({"chair"})),
)


def _versions() -> list[tuple[Exercise, Variant | Substitute]]:
    found: list[tuple[Exercise, Variant | Substitute]] = []
    for exercise in load_catalog().exercises:
        versions: tuple[Variant | Substitute, ...] = (
            *exercise.regressions,
            *exercise.progressions,
            *exercise.substitutes,
        )
        found.extend((exercise, version) for version in versions)
    return found


def _gear_named(text: str) -> set[frozenset[str]]:
    return {gear for pattern, gear in GEAR_WORDS if re.search(pattern, text, re.IGNORECASE)}


@pytest.mark.parametrize(("exercise", "version"), _versions(), ids=lambda v: getattr(v, "slug", ""))
def test_a_versions_cues_name_only_the_equipment_it_uses(
    exercise: Exercise, version: Variant | Substitute
) -> None:
    has = set(version.equipment)
    for language in ("en", "nb"):
        for cue in exercise.cues_for(version.slug).get(language):
            for gear in _gear_named(cue):
                assert gear & has, f"{version.slug}: {cue!r} needs one of {sorted(gear)}"


@pytest.mark.parametrize(("exercise", "version"), _versions(), ids=lambda v: getattr(v, "slug", ""))
def test_a_versions_drawing_has_no_band_or_ball_it_does_not_use(
    exercise: Exercise, version: Variant | Substitute
) -> None:
    svg = render_svg(exercise, "en", version.slug)
    has = set(version.equipment)
    if not has & {"ankle-band", "mini-band", "resistance-band", "cable-machine"}:
        assert _BAND not in svg, f"{version.slug} is drawn with a band or cable"
    if "soft-ball" not in has:
        assert _BALL not in svg, f"{version.slug} is drawn with a ball"
    assert f'<title id="kc-{version.slug}-title">{version.name.en}</title>' in svg


def test_the_exercises_own_cues_name_only_its_equipment() -> None:
    for exercise in load_catalog().exercises:
        for cue in (*exercise.cues.en, *exercise.cues.nb):
            for gear in _gear_named(cue):
                assert gear & set(exercise.equipment), f"{exercise.slug}: {cue!r}"


def test_a_version_without_its_own_cues_shows_the_exercises() -> None:
    bridge = load_catalog().require("glute-bridge")
    assert bridge.cues_for("glute-bridge-small") == bridge.cues
    assert bridge.cues_for("glute-bridge") == bridge.cues
    assert bridge.cues_for("glute-squeeze") != bridge.cues
