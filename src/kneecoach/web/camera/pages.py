"""The attach page's view-model: the exercise's name and where to put the phone to film it."""

from __future__ import annotations

from kneecoach.catalog.loader import default_catalog
from kneecoach.web.coach import services as coach

# Where to put the phone, per exercise (docs/camera.md explains why): English, Bokmål.
FILMING: dict[str, tuple[str, str]] = {
    "vmo-lift": (
        "From the side, level with the mat, the working leg nearest the camera.",
        "Fra siden, i høyde med matten, med beinet som jobber nærmest kameraet.",
    ),
    "glute-bridge": ("From the side, level with the mat.", "Fra siden, i høyde med matten."),
    "hamstring-curl": (
        "From the side, the working leg nearest the camera.",
        "Fra siden, med beinet som jobber nærmest kameraet.",
    ),
    "clamshell": (
        "From in front of you (you face the camera), a little above the mat.",
        "Forfra (du ser mot kameraet), litt over matten.",
    ),
    "wall-squat": (
        "From the side to check the depth; from the front to check the knees.",
        "Fra siden for å sjekke dybden; forfra for å sjekke knærne.",
    ),
    "side-steps": (
        "From the front, the whole path of the steps in the picture.",
        "Forfra, med hele strekningen du går i bildet.",
    ),
    "monster-walks": (
        "From a front corner, about 30 degrees to one side: walk towards a "
        "point beside the camera.",
        "Skrått forfra, omtrent 30 grader til siden: gå mot et punkt ved siden av kameraet.",
    ),
}
GENERAL_FILMING = (
    "The whole body in the picture, good light, nobody else in view, the phone steady and "
    "upright, 2-4 metres away.",
    "Hele kroppen i bildet, godt lys, ingen andre i bildet, telefonen stødig og stående, "
    "2-4 meter unna.",
)


def exercise_name(exercise: str, language: str) -> str:
    return coach.exercise_name(default_catalog(), exercise, language)


def filming_advice(exercise: str, language: str) -> list[str]:
    """Where to put the camera for ``exercise``, then the general advice."""
    pick = 1 if language == "nb" else 0
    specific = FILMING.get(exercise)
    return ([specific[pick]] if specific else []) + [GENERAL_FILMING[pick]]
