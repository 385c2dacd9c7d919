"""One exercise's dose (``Dose``): a rung on its ladder, with the limits every dose keeps.

The bottom of the domain's values: ``reasons`` words doses and ``values`` (the diary, the
decisions) holds them and re-exports ``Dose``, so it sits below both (values -> reasons -> dose,
no cycle).
"""

from __future__ import annotations

from dataclasses import dataclass

from kneecoach.errors import InvalidInput
from kneecoach.programme import limits

# The bounds live in ``limits`` (one place for the page, the API, the CLI and the domain).
MAX_REPS = limits.REPS_MAX
MAX_SECONDS = limits.SECONDS_MAX
MAX_SETS = limits.SETS_MAX


def check_range(value: int | None, name: str, low: int, high: int) -> None:
    """Refuse ``value`` outside ``low..high`` (None passes), naming the field."""
    if value is not None and not low <= value <= high:
        raise InvalidInput(f"must be from {low} to {high}, got {value}", field=name)


@dataclass(frozen=True, slots=True)
class Dose:
    """One exercise's dose: a rung on its ladder.

    ``level``: 0 = the exercise itself, +k = its k-th progression, -k = its k-th regression
    (``Exercise.variant``). Exactly one of ``reps`` / ``seconds`` is set; with ``per_side`` the
    reps or seconds are done on each leg. ``load``: a band colour or weight note, free text.
    """

    exercise: str
    level: int
    sets: int
    reps: int | None = None
    seconds: int | None = None
    per_side: bool = False
    load: str | None = None

    def __post_init__(self) -> None:
        if (self.reps is None) == (self.seconds is None):
            raise InvalidInput("give exactly one of reps or seconds", field="reps")
        check_range(self.sets, "sets", 1, MAX_SETS)
        check_range(self.reps, "reps", 1, MAX_REPS)
        check_range(self.seconds, "seconds", 1, MAX_SECONDS)

    @property
    def amount(self) -> int:
        """Reps or seconds, whichever this dose counts."""
        if self.reps is not None:
            return self.reps
        assert self.seconds is not None  # noqa: S101 - __post_init__ guarantees one of them
        return self.seconds

    @property
    def unit(self) -> str:
        return "reps" if self.reps is not None else "s"

    def as_dict(self) -> dict[str, str | int | bool | None]:
        """The dose as plain JSON values (exports, the advise JSON, stored decisions)."""
        return {
            "exercise": self.exercise,
            "level": self.level,
            "sets": self.sets,
            "reps": self.reps,
            "seconds": self.seconds,
            "per_side": self.per_side,
            "load": self.load,
        }

    def describe(self) -> str:
        """``3 x 10 reps each side`` / ``2 x 30 s``."""
        side = " each side" if self.per_side else ""
        return f"{self.sets} x {self.amount} {self.unit}{side}"
