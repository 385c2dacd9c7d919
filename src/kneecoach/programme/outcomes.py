"""Outcome scoring: KOOS family, NPRS change, PGIC responder, adherence.

Item ids and scoring only; the item texts belong to the questionnaires (and their licences).
Sources: docs/evidence.md#outcome-measures (a section per measure), cited per function.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from kneecoach.errors import InvalidInput
from kneecoach.programme.pain import pain_during_is_flare

ItemAnswers = Mapping[str, int | None]
"""KOOS item id (``P1``, ``S4``, ``A17``, ``SP5``, ``Q4``) -> coded answer 0-4, None if missing."""

KOOS_SUBSCALES: dict[str, tuple[str, ...]] = {
    "pain": tuple(f"P{i}" for i in range(1, 10)),
    "symptoms": tuple(f"S{i}" for i in range(1, 8)),
    "adl": tuple(f"A{i}" for i in range(1, 18)),
    "sport_rec": tuple(f"SP{i}" for i in range(1, 6)),
    "qol": tuple(f"Q{i}" for i in range(1, 5)),
}
"""KOOS: 42 items in 5 subscales (Roos & Lohmander 2003; koos.nu; docs/evidence.md#koos)."""
KOOS_MIN_ANSWERED: dict[str, int] = {"pain": 5, "symptoms": 4, "adl": 9, "sport_rec": 3, "qol": 2}
"""KOOS Scoring 2012: at least 50 % of a subscale's items answered (docs/evidence.md#koos)."""
KOOS_ITEMS = frozenset(item for items in KOOS_SUBSCALES.values() for item in items)
ITEM_MAX = 4

KOOS12_SCALES: dict[str, tuple[str, ...]] = {
    "pain": ("P1", "P5", "P6", "P8"),
    "function": ("A4", "A3", "A7", "SP4"),
    "qol": ("Q1", "Q2", "Q3", "Q4"),
}
"""KOOS-12 items as their full-KOOS ids: pain frequency, walking on a flat surface, stairs,
sitting/lying; standing, rising from sitting, car, twisting/pivoting; the 4 QOL items
(Gandek et al. 2019; koos.nu; docs/evidence.md#koos-12)."""
KOOS12_MIN_ANSWERED = 2
"""KOOS-12: at least half of a scale's 4 items (minimum 2) answered (koos.nu)."""

KOOS_PS_ITEMS: tuple[str, ...] = ("A10", "A9", "A3", "A5", "SP4", "SP5", "SP1")
"""KOOS-PS: rising from bed, socks, rising from sitting, bending to the floor, twisting/pivoting,
kneeling, squatting; all 7 required (Perruccio et al. 2008; docs/evidence.md#koos-ps)."""
KOOS_PS_KOOS_DIRECTION: tuple[float, ...] = (
    100.0, 94.4, 89.5, 85.2, 81.4, 78.0, 75.1, 72.5,
    70.3, 68.2, 66.4, 64.7, 63.0, 61.4, 59.7,
    58.0, 56.0, 53.9, 51.5, 48.8, 45.6, 42.1,
    38.0, 33.4, 28.2, 22.3, 15.7, 8.2, 0.0,
)  # fmt: skip
"""Raw sum 0-28 -> KOOS-PS in the KOOS direction (0 = extreme difficulty, 100 = none).
From awell-health/awell-score ``koos_conversion_table.ts`` (docs/evidence.md#koos-ps); must be
checked against the official koos.nu sheet before release."""
KOOS_PS_DIRECTION = "KOOS direction: 0 = extreme difficulty, 100 = no difficulty"

NPRS_MCID_POINTS = 2
NPRS_MCID_SHARE = 0.30
"""Clinically important pain change: about 2 points or about 30 % (Farrar et al., Pain 2001)."""

PgicAnswer = Literal[
    "very_much_improved",
    "much_improved",
    "minimally_improved",
    "no_change",
    "minimally_worse",
    "much_worse",
    "very_much_worse",
]
PGIC_ANSWERS: tuple[PgicAnswer, ...] = (
    "very_much_improved",
    "much_improved",
    "minimally_improved",
    "no_change",
    "minimally_worse",
    "much_worse",
    "very_much_worse",
)
"""PGIC, ordinals 1-7 in this order (Farrar 2001; PACIO PGIC Questionnaire)."""


def _check_items(answers: ItemAnswers, known: frozenset[str]) -> None:
    for item, value in answers.items():
        if item not in known:
            raise InvalidInput(f"unknown KOOS item {item!r}", field=item)
        if value is not None and (isinstance(value, bool) or not 0 <= value <= ITEM_MAX):
            raise InvalidInput(f"answers are coded 0-4, got {value!r}", field=item)


def _transform(mean_item: float) -> float:
    """``100 - mean x 100/4``: 0 = extreme problems, 100 = no problems (KOOS Scoring 2012)."""
    return round(100.0 - mean_item * 100.0 / ITEM_MAX, 1)


def koos_subscale_score(answers: ItemAnswers, subscale: str) -> float | None:
    """One KOOS subscale (KOOS Scoring 2012, koos.nu): the transformed mean of the answered items,
    None below the 2012 minimum of answered items (Pain 5, Symptoms 4, ADL 9, Sport/Rec 3,
    QOL 2). Item codes are taken as given; reverse-worded S4/S5 are coded on the form."""
    _check_items(answers, KOOS_ITEMS)
    items = KOOS_SUBSCALES[subscale]
    given = [v for item in items if (v := answers.get(item)) is not None]
    if len(given) < KOOS_MIN_ANSWERED[subscale]:
        return None
    return _transform(sum(given) / len(given))


@dataclass(frozen=True, slots=True)
class KoosScores:
    """KOOS subscale scores 0-100 (100 = no problems); None where too few items were answered."""

    pain: float | None
    symptoms: float | None
    adl: float | None
    sport_rec: float | None
    qol: float | None

    @property
    def koos4(self) -> float | None:
        """KOOS4: mean of Pain, Symptoms, ADL and QOL (e.g. NEPNEP, Larsen et al. Trials 2020);
        None if any of the four is missing."""
        parts = (self.pain, self.symptoms, self.adl, self.qol)
        if any(part is None for part in parts):
            return None
        return round(sum(p for p in parts if p is not None) / 4, 1)


def koos_scores(answers: ItemAnswers) -> KoosScores:
    """All five KOOS subscales (there is no official KOOS total, koos.nu)."""
    return KoosScores(*(koos_subscale_score(answers, name) for name in KOOS_SUBSCALES))


@dataclass(frozen=True, slots=True)
class Koos12Scores:
    """KOOS-12 scales and Summary Knee Impact, 0-100 (100 = best)."""

    pain: float | None
    function: float | None
    qol: float | None

    @property
    def summary(self) -> float | None:
        """Summary Knee Impact = mean of the three scales; computed only when all three are
        valid (the conservative reading where the sources are silent; docs/evidence.md#koos-12)."""
        parts = (self.pain, self.function, self.qol)
        if any(part is None for part in parts):
            return None
        return round(sum(p for p in parts if p is not None) / 3, 1)


def koos12_scale_score(answers: ItemAnswers, scale: str) -> float | None:
    """One KOOS-12 scale (koos.nu): at least 2 of its 4 items answered; each missing item gets the
    person's mean of the answered items in that scale (person-specific imputation); then the
    summated rating is transformed like full KOOS."""
    _check_items(answers, KOOS_ITEMS)
    items = KOOS12_SCALES[scale]
    given = [v for item in items if (v := answers.get(item)) is not None]
    if len(given) < KOOS12_MIN_ANSWERED:
        return None
    person_mean = sum(given) / len(given)
    total = sum(given) + person_mean * (len(items) - len(given))
    return _transform(total / len(items))


def koos12_scores(answers: ItemAnswers) -> Koos12Scores:
    return Koos12Scores(*(koos12_scale_score(answers, scale) for scale in KOOS12_SCALES))


@dataclass(frozen=True, slots=True)
class KoosPsScore:
    raw: int
    score: float
    direction: str = KOOS_PS_DIRECTION


def koos_ps_score(answers: ItemAnswers) -> KoosPsScore | None:
    """KOOS-PS (Perruccio et al. 2008): all 7 items required; raw sum 0-28 converted with the
    Rasch table to the KOOS direction (docs/evidence.md#koos-ps). None if any item is missing."""
    _check_items(answers, KOOS_ITEMS)
    values = [answers.get(item) for item in KOOS_PS_ITEMS]
    if any(value is None for value in values):
        return None
    raw = sum(v for v in values if v is not None)
    return KoosPsScore(raw=raw, score=KOOS_PS_KOOS_DIRECTION[raw])


@dataclass(frozen=True, slots=True)
class PainChange:
    """Change in NPRS between two time points; negative ``points`` = less pain."""

    before: int
    after: int
    points: int
    share: float | None
    important_improvement: bool
    important_worsening: bool


def nprs_clinically_important_change(before: int, after: int) -> PainChange:
    """A fall of 2+ points or 30 %+ is a clinically important improvement (Farrar et al., Pain
    2001;94:149); a rise by the same margin an important worsening."""
    for name, value in (("before", before), ("after", after)):
        if not 0 <= value <= 10:
            raise InvalidInput(f"pain must be 0-10, got {value}", field=name)
    points = after - before
    share = points / before if before else None
    improved = points <= -NPRS_MCID_POINTS or (share is not None and share <= -NPRS_MCID_SHARE)
    worse = points >= NPRS_MCID_POINTS or (share is not None and share >= NPRS_MCID_SHARE)
    return PainChange(before, after, points, share, improved and points < 0, worse and points > 0)


def pgic_responder(answer: str) -> bool:
    """PGIC responder = "much improved" or "very much improved" (Farrar 2001)."""
    if answer not in PGIC_ANSWERS:
        raise InvalidInput(
            f"must be one of {', '.join(PGIC_ANSWERS)}, got {answer!r}", field="pgic"
        )
    return answer in ("very_much_improved", "much_improved")


@dataclass(frozen=True, slots=True)
class Adherence:
    """Planned training sessions (outside relief and locked periods) and those logged."""

    planned: int
    logged: int

    @property
    def share(self) -> float | None:
        """Logged / planned, capped at 1; None before any session was due."""
        return min(self.logged / self.planned, 1.0) if self.planned else None


def adherence_rule(planned: int, logged: int) -> Adherence:
    """Adherence = share of planned training sessions that were logged (docs/evidence.md#adherence;
    Bollen et al. 2014); extra sessions do not push it above 100 %."""
    return Adherence(planned=planned, logged=min(logged, planned))


SetKey = tuple[str, int, str | None]
"""One prescribed set: (exercise, set number, side; None for both legs together)."""


@dataclass(frozen=True, slots=True)
class SetAdherence:
    """The sets prescribed on the planned training days so far, and how many of them were
    logged (issue 14: a day with 2 of 36 sets done is not a session "done")."""

    prescribed: int
    done: int

    @property
    def share(self) -> float | None:
        """Done / prescribed; None before any set was prescribed."""
        return self.done / self.prescribed if self.prescribed else None


def prescribed_sets_rule(exercise: str, sets: int, sides: Sequence[str]) -> frozenset[SetKey]:
    """The sets one dose prescribes: each set number on each side in ``sides``, or once with
    both legs together when ``sides`` is empty."""
    legs: Sequence[str | None] = tuple(sides) or (None,)
    return frozenset((exercise, number, side) for number in range(1, sets + 1) for side in legs)


def sessions_per_week_rule(
    plan: Iterable[tuple[date, str]],
    logged: Collection[date],
    today: date,
    off_periods: Sequence[tuple[date, date | None]] = (),
) -> tuple[tuple[date, int, int], ...]:
    """Per week of the plan (its Monday, in order): the training days planned up to yesterday
    (today once a session is logged on it), and the days with a session logged. A day in a
    relief or locked period (``off_periods``: start, end or None while open) with no session
    is left out, as the engine's own adherence leaves those periods out
    (docs/evidence.md#adherence): a locked or relief week is not a week of missed sessions,
    even where the saved plan still says training. A session logged on such a day still counts
    where the day was planned: the session a flare stopped began as training, and was done.
    ``plan``: (day, kind) of the saved plan, which is what adherence is measured against."""
    weeks: dict[date, list[int]] = {}
    for day, kind in sorted(plan):
        if day > today:
            continue
        counts = weeks.setdefault(day - timedelta(days=day.weekday()), [0, 0])
        off = any(start <= day and (end is None or day < end) for start, end in off_periods)
        if off and day not in logged:
            continue
        counts[0] += kind == "training" and (day < today or day in logged)
        counts[1] += kind != "relief" and day in logged
    return tuple((monday, planned, done) for monday, (planned, done) in weeks.items())


def session_done_rule(
    sets_done: int,
    sets_prescribed: int,
    *,
    stop_events: Collection[str] = (),
    highest_pain: int | None = None,
) -> bool:
    """Whether a logged session counts as done (the plan's "Done", the terminal's "yes") rather
    than partly done: every prescribed set logged (issue 14: 2 of 36 sets is not "done"), and
    nothing stopped it. A session stopped early, by an event reported (``report_stop``) or by a
    set at 8/10 or more (the stop rule, ``pain.pain_during_is_flare``, docs/evidence.md#stop-rule),
    is never done: the relief the stop starts takes the day's prescriptions away, so its sets
    alone would count 0 of 0 and call a session stopped after 4 of 26 sets "done"."""
    stopped = bool(stop_events) or (highest_pain is not None and pain_during_is_flare(highest_pain))
    return not stopped and sets_done >= sets_prescribed


def set_adherence_rule(
    days: Iterable[tuple[frozenset[SetKey], Iterable[SetKey]]],
) -> SetAdherence:
    """Adherence counted in prescribed sets, the share of the prescribed dose done (docs/
    programme.md, adherence; Bollen et al. 2014 on measuring home-exercise adherence).

    For each planned day: its prescribed sets and the sets logged that day. A logged set counts
    only where it was prescribed, so extra sets and extra days never lift it, and a day begun
    but left after two sets counts two."""
    prescribed = done = 0
    for wanted, logged in days:
        prescribed += len(wanted)
        done += len(wanted & set(logged))
    return SetAdherence(prescribed=prescribed, done=done)
