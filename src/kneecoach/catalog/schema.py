"""The shape of one exercise file (``catalog/exercises/<slug>.toml``).

These models are pure values: the programme engine takes them as parameters, the loader
(``catalog.loader``) builds them from TOML and turns pydantic's errors into ``CatalogError``s that
name the file and the field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import pairwise
from typing import Annotated, Literal
from uuid import UUID

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from kneecoach.errors import NotFound

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Language = Literal["en", "nb"]
LANGUAGES: tuple[Language, ...] = ("en", "nb")


# The figure's skeleton: every keyframe of every illustration names at least these joints (``_l`` /
# ``_r`` are the person's left and right). Extra names are props (a pulley, the ball).
BODY_JOINTS: tuple[str, ...] = (
    "head",
    "neck",
    "shoulder_l",
    "shoulder_r",
    "elbow_l",
    "elbow_r",
    "wrist_l",
    "wrist_r",
    "hip_l",
    "hip_r",
    "knee_l",
    "knee_r",
    "ankle_l",
    "ankle_r",
    "toe_l",
    "toe_r",
)


def entry_error(path: str, message: str) -> PydanticCustomError:
    """A validation error about a sub-entry; the loader appends ``path`` to the field it reports.

    A model validator's error is located at the model itself; this carries the rest of the path
    (``keyframes[2].joints``) so that a file's error names the exact key.
    """
    return PydanticCustomError(
        "invalid_entry", "{path}: {message}", {"path": path, "message": message}
    )


def _duplicates(values: Iterable[object]) -> list[object]:
    return [value for value, count in Counter(values).items() if count > 1]


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

    @field_validator("sets", "reps", "seconds")
    @classmethod
    def _low_not_above_high(cls, pair: tuple[int, int] | None) -> tuple[int, int] | None:
        if pair is not None and pair[0] > pair[1]:
            raise PydanticCustomError(
                "range_order", "low {low} is above high {high}", {"low": pair[0], "high": pair[1]}
            )
        return pair

    @model_validator(mode="after")
    def _one_measure(self) -> DoseRange:
        if (self.reps is None) == (self.seconds is None):
            raise ValueError("give exactly one of reps or seconds")
        return self

    @property
    def timed(self) -> bool:
        return self.seconds is not None


DoseUnit = Literal["reps", "seconds"]


class VersionDose(_Frozen):
    """What a version counts, where it is not what the exercise counts: a hold in seconds.

    ``dose = { unit = "seconds", low = 10, high = 30 }``: each set is one hold of ``low`` to
    ``high`` seconds. Sets, sides and rest stay the exercise's (``DoseRange``); only the measure
    and its range are the version's own.
    """

    unit: DoseUnit
    low: Annotated[int, Field(ge=1)]
    high: Annotated[int, Field(ge=1)]

    @model_validator(mode="after")
    def _low_not_above_high(self) -> VersionDose:
        if self.low > self.high:
            raise PydanticCustomError(
                "range_order",
                "low {low} is above high {high}",
                {"low": self.low, "high": self.high},
            )
        return self

    @classmethod
    def of(cls, dose_range: DoseRange) -> VersionDose:
        """The exercise's own measure, as a version's dose."""
        unit: DoseUnit = "seconds" if dose_range.seconds is not None else "reps"
        low, high = dose_range.seconds or dose_range.reps or (1, 1)
        return cls(unit=unit, low=low, high=high)


DrawnPart = Literal["band", "ball", "figure"]
# What is squeezed at an illustration's ``ball`` joint: the ball, or what a version uses instead.
Squeezed = Literal["ball", "folded-towel", "cushion"]


class _Version(_Frozen):
    """What a version of an exercise (a ladder variant or a substitute) shows on its own.

    ``cues``: its own cues, where the exercise's do not fit it (a band cue on a version without
    a band, a lifting cue on a hold); absent, the exercise's cues hold as they are.
    ``drawn_without``: the parts of the exercise's drawing this version does not have: the
    ``band`` (or cable), the ``ball``, or the whole ``figure`` when its position differs (the
    card then shows the version's name instead of a wrong drawing). ``illustration``: its own
    drawing, where its position is not the exercise's (then no ``drawn_without``).
    ``ball_drawn_as``: what the version squeezes where the exercise has its ball (a folded towel,
    a cushion), drawn in the ball's place. See docs/catalog.md.
    ``dose``: what the version counts (a hold: seconds); absent, what the exercise counts
    (``Exercise.dose_for``).
    ``steps_hold``: whether the exercise's starting position, steps and faults describe this
    version too, only the equipment differing as its "how" says (a rug for the mat); absent,
    ``Exercise.steps_hold_for`` decides by its kind and drawing. Not true for a version drawn
    in another position or without a part of the exercise's drawing (the band or ball those
    steps use).
    """

    cues: LocalizedList | None = None
    drawn_without: tuple[DrawnPart, ...] = ()
    illustration: Illustration | None = None
    dose: VersionDose | None = None
    ball_drawn_as: Squeezed | None = None
    steps_hold: bool | None = None

    @model_validator(mode="after")
    def _one_drawing(self) -> _Version:
        if self.illustration is not None and self.drawn_without:
            raise entry_error(
                "drawn_without", "a version with its own illustration draws what it has"
            )
        if self.ball_drawn_as is not None and self.illustration is not None:
            raise entry_error(
                "ball_drawn_as", "a version with its own illustration names its ball there"
            )
        if self.ball_drawn_as is not None and "ball" in self.drawn_without:
            raise entry_error("ball_drawn_as", "the ball is drawn without, so it has no place")
        if self.steps_hold and (self.illustration is not None or self.drawn_without):
            raise entry_error(
                "steps_hold",
                "a version drawn in its own position or without part of the exercise's drawing "
                "is not described by the exercise's steps",
            )
        return self


class Variant(_Version):
    """An easier (regression) or harder (progression) version of the exercise."""

    slug: Slug
    name: Localized
    how: Localized
    equipment: tuple[Slug, ...] = ()


class Substitute(_Version):
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
    """Keyframes for the animated figure drawn on the exercise's card.

    The keyframes run from the start position (``t = 0``) to the far position (``t = 1``); the
    figure plays them forwards and back in a loop lasting ``duration_s``. ``band`` names two joints
    joined by a band or cable, ``ball`` the joint where a ball is drawn, ``far_side`` the side
    whose limbs are drawn paler behind the body in a side or top view. ``supports``: furniture
    drawn behind the figure, each a line through prop joints (a chair: back, seat, legs; a
    worktop); ``roll``: the joint where a rolled towel lies (under a knee). ``ball_drawn_as``:
    what is drawn at ``ball`` (a version squeezing a folded towel or a cushion instead).
    ``toes_out_deg``: the working foot is turned out this many degrees, which a side view cannot
    show, so a small inset shows that foot from the end of the mat, turned out.
    """

    view: Literal["side", "front", "top"]
    duration_s: Annotated[float, Field(gt=0, le=30)] = 3.0
    floor_y: Annotated[float, Field(ge=0, le=100)] | None = None
    wall_x: Annotated[float, Field(ge=0, le=100)] | None = None
    band: tuple[str, str] | None = None
    ball: str | None = None
    far_side: Literal["l", "r"] | None = None
    supports: tuple[tuple[str, ...], ...] = ()
    roll: str | None = None
    ball_drawn_as: Squeezed = "ball"
    toes_out_deg: Annotated[float, Field(ge=10, le=60)] | None = None
    keyframes: tuple[Keyframe, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent_keyframes(self) -> Illustration:
        times = [frame.t for frame in self.keyframes]
        if times[0] != 0.0 or times[-1] != 1.0:
            raise entry_error("keyframes", "the first keyframe needs t = 0 and the last t = 1")
        for index, (before, after) in enumerate(pairwise(times), start=1):
            if after <= before:
                raise entry_error(f"keyframes[{index}].t", f"{after} does not follow {before}")
        names = set(self.keyframes[0].joints)
        missing_body = [joint for joint in BODY_JOINTS if joint not in names]
        if missing_body:
            raise entry_error("keyframes[0].joints", f"missing joints {', '.join(missing_body)}")
        for index, frame in enumerate(self.keyframes[1:], start=1):
            missing = sorted(names - set(frame.joints))
            extra = sorted(set(frame.joints) - names)
            if missing or extra:
                detail = "; ".join(
                    text
                    for text in (
                        f"missing joints {', '.join(missing)}" if missing else "",
                        f"joints {', '.join(extra)} are not in keyframes[0]" if extra else "",
                    )
                    if text
                )
                raise entry_error(f"keyframes[{index}].joints", detail)
        for field, joint in (
            ("band", self.band[0] if self.band else None),
            ("band", self.band[1] if self.band else None),
            ("ball", self.ball),
            ("roll", self.roll),
            *(("supports", joint) for line in self.supports for joint in line),
        ):
            if joint is not None and joint not in names:
                raise entry_error(field, f"{joint!r} is not a joint of the keyframes")
        return self


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

    @model_validator(mode="after")
    def _consistent_entries(self) -> Exercise:
        for index, substitute in enumerate(self.substitutes):
            if substitute.when_missing not in self.equipment:
                raise entry_error(
                    f"substitutes[{index}].when_missing",
                    f"{substitute.when_missing!r} is not in this exercise's equipment "
                    f"({', '.join(self.equipment) or 'none'})",
                )
        repeated_faults = _duplicates(fault.id for fault in self.faults)
        if repeated_faults:
            raise entry_error("faults", f"fault id {repeated_faults[0]!r} appears twice")
        variant_slugs = [variant.slug for variant in (*self.regressions, *self.progressions)]
        variant_slugs += [substitute.slug for substitute in self.substitutes]
        repeated_variants = _duplicates([self.slug, *variant_slugs])
        if repeated_variants:
            raise entry_error("regressions", f"variant slug {repeated_variants[0]!r} is used twice")
        return self

    def variant(self, level: int) -> Variant | None:
        """Level 0 is the exercise itself, +k the k-th progression, -k the k-th regression."""
        if level == 0:
            return None
        ladder = self.progressions if level > 0 else self.regressions
        return ladder[min(abs(level), len(ladder)) - 1]

    def version(self, slug: str) -> Variant | Substitute | None:
        """The ladder variant or substitute called ``slug``; None for the exercise itself."""
        versions: tuple[Variant | Substitute, ...] = (
            *self.regressions,
            *self.progressions,
            *self.substitutes,
        )
        return next((version for version in versions if version.slug == slug), None)

    def level_dose(self, level: int) -> VersionDose:
        """What the rung at ``level`` counts and its range: the variant's own dose, else the
        exercise's."""
        variant = self.variant(level)
        return self.dose_for(variant.slug if variant is not None else self.slug)

    def dose_for(self, slug: str) -> VersionDose:
        """What ``slug`` (the exercise or one of its versions) counts and its range: the
        version's own dose, else the exercise's."""
        version = self.version(slug)
        if version is not None and version.dose is not None:
            return version.dose
        return VersionDose.of(self.dose)

    @property
    def dose_units(self) -> frozenset[DoseUnit]:
        """Every unit the exercise or one of its versions counts in (a diary may hold any)."""
        versions = (*self.regressions, *self.progressions, *self.substitutes)
        own = VersionDose.of(self.dose).unit
        return frozenset({own, *(v.dose.unit for v in versions if v.dose is not None)})

    def cues_for(self, slug: str) -> LocalizedList:
        """The cues to show for ``slug`` (the exercise or one of its versions)."""
        version = self.version(slug)
        return version.cues if version is not None and version.cues is not None else self.cues

    def steps_hold_for(self, slug: str) -> bool:
        """Whether the exercise's own starting position, steps and common faults describe
        ``slug`` (the exercise or one of its versions), so that a page for it on its own (the
        printed handout) may show them. A version carries only its "how", cues and drawing
        (docs/catalog.md, "in a regression, progression or substitute"); the exercise's steps
        hold for a ladder variant drawn in the exercise's drawing as it is, which its "how"
        words as a change to the exercise ("The same movement with a light ankle weight"). They
        do not hold for a substitute, which stands in for equipment those steps set up (the
        cable machine), nor for a version with a drawing of its own or drawn without part of
        the exercise's: its position is another, or it lacks the band or the ball the steps
        use. The version's ``steps_hold`` in the catalogue overrides this: true for a substitute
        that only swaps a piece of equipment the steps name (a rug or a bed for the mat), false
        for a variant that sets up other equipment than the steps do."""
        version = self.version(slug)
        if version is None:
            return True
        if version.steps_hold is not None:
            return version.steps_hold
        return (
            not isinstance(version, Substitute)
            and version.illustration is None
            and not version.drawn_without
        )

    def illustration_for(self, slug: str) -> Illustration | None:
        """The drawing for ``slug``: the version's own, or the exercise's less what the version
        does not have; None when the version's position is not the exercise's and it has no
        drawing of its own."""
        version = self.version(slug)
        if version is not None and version.illustration is not None:
            return version.illustration
        if self.illustration is None or version is None:
            return self.illustration
        without = set(version.drawn_without)
        if "figure" in without:
            return None
        drawing = self.illustration
        # The props that go with the band or ball go too: a pulley with no cable, or the ball's
        # joint, would otherwise be drawn as a small circle (a ball by another name).
        dropped = {drawing.ball} if "ball" in without else set()
        if "band" in without and drawing.band is not None:
            dropped |= set(drawing.band) - set(BODY_JOINTS)
        keyframes = tuple(
            frame.model_copy(
                update={"joints": {k: v for k, v in frame.joints.items() if k not in dropped}}
            )
            for frame in drawing.keyframes
        )
        return drawing.model_copy(
            update={
                "band": None if "band" in without else drawing.band,
                "ball": None if "ball" in without else drawing.ball,
                "ball_drawn_as": version.ball_drawn_as or drawing.ball_drawn_as,
                "keyframes": keyframes,
            }
        )

    @property
    def lowest_level(self) -> int:
        return -len(self.regressions)

    @property
    def highest_level(self) -> int:
        return len(self.progressions)

    def substitutes_for(self, missing: Iterable[str]) -> tuple[Substitute, ...]:
        """The substitutes that stand in for any of the ``missing`` equipment, in file order."""
        absent = set(missing)
        return tuple(sub for sub in self.substitutes if sub.when_missing in absent)

    @property
    def all_equipment(self) -> tuple[str, ...]:
        """Every equipment slug the exercise, its variants and substitutes name."""
        named = [*self.equipment]
        for variant in (*self.regressions, *self.progressions):
            named.extend(variant.equipment)
        for substitute in self.substitutes:
            named.extend(substitute.equipment)
        return tuple(dict.fromkeys(named))


class EquipmentItem(_Frozen):
    """An entry of ``catalog/equipment.toml``."""

    slug: Slug
    name: Localized


class Catalog(_Frozen):
    """All exercises, in programme order, and the equipment they may name."""

    exercises: tuple[Exercise, ...]
    equipment: tuple[EquipmentItem, ...]

    @model_validator(mode="after")
    def _unique_and_known(self) -> Catalog:
        for label, values in (
            ("slug", [e.slug for e in self.exercises]),
            ("id", [e.id for e in self.exercises]),
            ("order", [e.order for e in self.exercises]),
            ("equipment slug", [item.slug for item in self.equipment]),
        ):
            repeated = _duplicates(values)
            if repeated:
                raise ValueError(f"{label} {repeated[0]} appears twice")
        known = {item.slug for item in self.equipment}
        for exercise in self.exercises:
            unknown = [slug for slug in exercise.all_equipment if slug not in known]
            if unknown:
                raise ValueError(f"{exercise.slug} names unknown equipment {', '.join(unknown)}")
        return self

    def get(self, slug: str) -> Exercise | None:
        return next((e for e in self.exercises if e.slug == slug), None)

    def require(self, slug: str) -> Exercise:
        """The exercise called ``slug``; ``NotFound`` listing the known slugs otherwise."""
        exercise = self.get(slug)
        if exercise is None:
            raise NotFound(
                f"unknown exercise {slug!r}; known exercises: {', '.join(self.slugs)}",
                field="exercise",
            )
        return exercise

    def equipment_name(self, slug: str, language: str = "en") -> str:
        """The display name of an equipment slug (the slug itself if it is unknown)."""
        item = next((item for item in self.equipment if item.slug == slug), None)
        return item.name.get(language) if item else slug

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(e.slug for e in self.exercises)
