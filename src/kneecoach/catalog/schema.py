"""The shape of one exercise file (``catalog/exercises/<slug>.toml``).

These models are pure values: the programme engine takes them as parameters, the loader
(``catalog.loader``) builds them from TOML and turns pydantic's errors into ``CatalogError``s that
name the file and the field.
"""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Language = Literal["en", "nb"]
LANGUAGES: tuple[Language, ...] = ("en", "nb")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Localized(_Frozen):
    """One text in English and Norwegian Bokmål."""

    en: Text
    nb: Text

    def get(self, language: str) -> str:
        return self.nb if language == "nb" else self.en


class LocalizedList(_Frozen):
    """An ordered list of texts (steps, cues) in both languages, item for item."""

    en: tuple[Text, ...] = Field(min_length=1)
    nb: tuple[Text, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _same_length(self) -> LocalizedList:
        if len(self.en) != len(self.nb):
            raise ValueError(f"en has {len(self.en)} items but nb has {len(self.nb)}")
        return self

    def get(self, language: str) -> tuple[str, ...]:
        return self.nb if language == "nb" else self.en


IntRange = tuple[Annotated[int, Field(ge=1)], Annotated[int, Field(ge=1)]]


class DoseRange(_Frozen):
    """The seed's dose for an exercise: sets and either reps or seconds, each as (low, high).

    ``per_side``: the reps or seconds are done on each leg (unilateral work, side steps).
    """

    sets: IntRange
    reps: IntRange | None = None
    seconds: IntRange | None = None
    per_side: bool = False
    rest_seconds: int = Field(default=60, ge=0, le=600)

    @model_validator(mode="after")
    def _one_measure(self) -> DoseRange:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("give exactly one of reps or seconds")
        for name in ("sets", "reps", "seconds"):
            pair = getattr(self, name)
            if pair is not None and pair[0] > pair[1]:
                raise ValueError(f"{name}: low {pair[0]} is above high {pair[1]}")
        return self

    @property
    def timed(self) -> bool:
        return self.seconds is not None


class Variant(_Frozen):
    """An easier (regression) or harder (progression) version of the exercise."""

    slug: Slug
    name: Localized
    how: Localized
    equipment: tuple[Slug, ...] = ()


class Substitute(_Frozen):
    """What to do instead when a piece of equipment is missing."""

    when_missing: Slug
    slug: Slug
    name: Localized
    how: Localized
    equipment: tuple[Slug, ...] = ()


class Fault(_Frozen):
    """A common fault. ``camera``: the camera coach can see it (see docs/camera.md)."""

    id: Slug
    text: Localized
    fix: Localized
    camera: bool = False


Point = tuple[float, float]


class Keyframe(_Frozen):
    """One pose of the animated figure: joint name -> (x, y) in a 0..100 box, y pointing down."""

    t: Annotated[float, Field(ge=0.0, le=1.0)]
    joints: dict[str, Point]


class Illustration(_Frozen):
    """Keyframes for the animated figure drawn on the exercise's card."""

    view: Literal["side", "front", "top"]
    duration_s: Annotated[float, Field(gt=0, le=30)] = 3.0
    floor_y: Annotated[float, Field(ge=0, le=100)] | None = None
    wall_x: Annotated[float, Field(ge=0, le=100)] | None = None
    band: tuple[str, str] | None = None
    ball: str | None = None
    keyframes: tuple[Keyframe, ...] = Field(min_length=2)


class Exercise(_Frozen):
    """One exercise of the programme."""

    id: UUID
    slug: Slug
    order: Annotated[int, Field(ge=1)]
    name: Localized
    aliases: tuple[Text, ...] = ()
    focus: Literal["hip", "knee"]
    summary: Localized
    target_muscles: tuple[Text, ...] = Field(min_length=1)
    equipment: tuple[Slug, ...] = ()
    starting_position: Localized
    unilateral: bool
    dose: DoseRange
    tempo: Localized
    instructions: LocalizedList
    cues: LocalizedList
    faults: tuple[Fault, ...] = Field(min_length=1)
    regressions: tuple[Variant, ...] = Field(min_length=1)
    progressions: tuple[Variant, ...] = Field(min_length=1)
    substitutes: tuple[Substitute, ...] = ()
    source: Text
    illustration: Illustration | None = None

    def variant(self, level: int) -> Variant | None:
        """Level 0 is the exercise itself, +k the k-th progression, -k the k-th regression."""
        if level == 0:
            return None
        ladder = self.progressions if level > 0 else self.regressions
        return ladder[min(abs(level), len(ladder)) - 1]

    @property
    def lowest_level(self) -> int:
        return -len(self.regressions)

    @property
    def highest_level(self) -> int:
        return len(self.progressions)


class EquipmentItem(_Frozen):
    """An entry of ``catalog/equipment.toml``."""

    slug: Slug
    name: Localized


class Catalog(_Frozen):
    """All exercises, in programme order, and the equipment they may name."""

    exercises: tuple[Exercise, ...]
    equipment: tuple[EquipmentItem, ...]

    def get(self, slug: str) -> Exercise | None:
        return next((e for e in self.exercises if e.slug == slug), None)

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(e.slug for e in self.exercises)
