"""The use cases of kneecoach: load from the database, call the programme engine, save.

The CLI, the pages and the JSON API call these same functions, so the three never disagree.
Rules of this module:

- Plain values in (a user, dates, dataclasses), plain frozen dataclasses out (never querysets or
  model instances), so a page and its JSON twin serialize the same data.
- ``today`` is always a parameter: the clock is read at the edge (CLI option default, request).
- No transactions are opened here: the web closes them at the request (ATOMIC_REQUESTS) and the
  CLI wraps each command in ``transaction.atomic()``.
- Every refusal is a ``kneecoach.errors.KneecoachError`` naming the field at fault.
- No dose is decided here: ``kneecoach.programme.engine.advise`` replays the diary; this module
  saves what it said (decisions, the planned calendar) for display, audit and stable calendar UIDs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import random
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import gettext

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog, Exercise
from kneecoach.errors import Conflict, InvalidInput, NotFound, ScreeningBlocked
from kneecoach.programme import outcomes, values
from kneecoach.programme.pain import pain_during_response_rule
from kneecoach.programme.pain_words import pain_advice
from kneecoach.programme.reasons import Reason, describe_dose, reason_texts
from kneecoach.programme.screening import QUESTIONS, screen_red_flags, validate_answers
from kneecoach.programme.wording import sentence, sentences
from kneecoach.web.coach import models
from kneecoach.web.coach.inputs import ProfileInput, SetInput

if TYPE_CHECKING:
    from kneecoach.programme.engine import Advice, Checkpoint

User = AbstractBaseUser
PLAN_HORIZON_DAYS = 28
DAYS_AHEAD_SHOWN = PLAN_HORIZON_DAYS
"""How far past today a day can be looked at (the CLI's ``--date``): the saved calendar's end."""
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "kneecoach-demo"  # noqa: S105 - documented demo login, local use only
LOCKED_LEVELS = ("surgical", "urgent", "emergency")
ExportFormat = Literal["json", "csv"]


# --- plain values returned to callers -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScreeningChoice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class ScreeningQuestion:
    """One screening question as the page, the API and the CLI ask it: its answers (yes / no /
    not sure, or for S5 when the knee was operated on) and whether it must be answered."""

    id: str
    text: str
    level: str
    choices: tuple[ScreeningChoice, ...] = ()
    required: bool = True


@dataclass(frozen=True, slots=True)
class ScreeningOutcome:
    """The red-flag screen's verdict. ``locked``: self-management is blocked."""

    level: str
    locked: bool
    positive: tuple[str, ...]
    reasons: tuple[str, ...]
    advice: str
    answered_on: dt.date


@dataclass(frozen=True, slots=True)
class ProfileView:
    username: str
    uuid: str
    trained: bool
    start_date: dt.date
    painful_side: str
    equipment: tuple[str, ...]
    weekdays: tuple[int, ...]
    baseline_pain: int | None
    language: str
    time_zone: str
    screening_status: str


@dataclass(frozen=True, slots=True)
class OnboardResult:
    profile: ProfileView
    screening: ScreeningOutcome


@dataclass(frozen=True, slots=True)
class SetView:
    day: dt.date
    exercise: str
    set_number: int
    side: str | None
    reps: int | None
    seconds: int | None
    load: str | None
    pain: int
    effort: int | None
    note: str
    pain_response: str = "carry_on"
    """carry_on, ease_off (pain above 5/10) or stop_session (8/10 or more): what to do now."""
    pain_advice: tuple[str, ...] = ()
    """When a set is logged: what to do now, in plain words (empty when all is well)."""


@dataclass(frozen=True, slots=True)
class DoseView:
    """A dose ready to show: ``text`` is e.g. ``3 x 10 reps each side``."""

    exercise: str
    level: int
    sets: int
    reps: int | None
    seconds: int | None
    per_side: bool
    load: str | None
    text: str


@dataclass(frozen=True, slots=True)
class SessionItem:
    """One exercise of a day's session, with what has been logged of it so far."""

    exercise: str
    name: str
    performed_as: str
    performed_as_name: str
    focus: str
    dose: DoseView
    rest_seconds: int
    sides: tuple[str, ...]
    cues: tuple[str, ...]
    substitute_for: str | None
    missing_equipment: tuple[str, ...]
    logged: tuple[SetView, ...] = ()


@dataclass(frozen=True, slots=True)
class DecisionView:
    day: dt.date
    exercise: str | None
    kind: str
    reasons: tuple[str, ...]
    before: DoseView | None
    after: DoseView | None


@dataclass(frozen=True, slots=True)
class TodayView:
    """Today's session (or why there is none): what the Today page and ``kneecoach today`` show."""

    day: dt.date
    kind: str
    focus: str | None
    state: str
    items: tuple[SessionItem, ...]
    advice: tuple[str, ...]
    decisions: tuple[DecisionView, ...]
    pain_after: int | None
    checkin_due: dt.date | None
    next_training_day: dt.date | None


@dataclass(frozen=True, slots=True)
class SessionView:
    day: dt.date
    pain_before: int | None
    pain_after: int | None
    sets: tuple[SetView, ...]


@dataclass(frozen=True, slots=True)
class CheckinView:
    day: dt.date
    pain: int
    swelling: bool
    stiffness: bool
    cannot_bear_weight: bool


@dataclass(frozen=True, slots=True)
class PlanDay:
    """One calendar day. ``uid`` stays the same across re-plans and exports."""

    day: dt.date
    uid: str
    kind: str
    focus: str | None
    items: tuple[DoseView, ...]
    logged: bool
    sets_prescribed: int = 0
    """The sets the day's plan prescribes (each set on each side)."""
    sets_done: int = 0
    """Of those, the sets logged; a day is done when it equals ``sets_prescribed``."""


@dataclass(frozen=True, slots=True)
class PlanView:
    state: str
    days: tuple[PlanDay, ...]


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    day: dt.date
    value: float


@dataclass(frozen=True, slots=True)
class ExerciseSeries:
    """Per exercise and side: total reps (or seconds) per session and the highest pain."""

    exercise: str
    name: str
    unit: str
    volume: Mapping[str, tuple[SeriesPoint, ...]]
    pain: tuple[SeriesPoint, ...]


@dataclass(frozen=True, slots=True)
class ProgressView:
    exercises: tuple[ExerciseSeries, ...]
    pain_during: tuple[SeriesPoint, ...]
    pain_after: tuple[SeriesPoint, ...]
    pain_morning: tuple[SeriesPoint, ...]
    planned_sessions: int
    done_sessions: int
    adherence: float | None
    """The share of the prescribed sets done (``sets_done`` of ``sets_prescribed``)."""
    weaker_side: str | None
    weaker_side_reasons: tuple[str, ...]
    decisions: tuple[DecisionView, ...]
    sets_prescribed: int = 0
    """The sets prescribed on the planned training days so far (today once begun)."""
    sets_done: int = 0
    """Of those, the sets logged; extra sets and sets on unplanned days do not count."""


@dataclass(frozen=True, slots=True)
class ExplainView:
    day: dt.date
    state: str
    doses: tuple[DoseView, ...]
    decisions: tuple[DecisionView, ...]
    advice: tuple[str, ...]
    screening: ScreeningOutcome | None = None
    exercises: tuple[ExerciseExplanation, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ExerciseExplanation:
    """One exercise's story: its start dose and rule, each decision since, what it takes next."""

    exercise: str
    name: str
    lines: tuple[str, ...]


# --- users and profiles ---------------------------------------------------------------------------


def resolve_user(username: str | None) -> User:
    """The user called ``username``; without a name, the only user who has a profile.

    One local person is the common case for the CLI, so it needs no ``--user``.
    """
    user_model = get_user_model()
    if username:
        try:
            return user_model.objects.get(username=username)
        except user_model.DoesNotExist:
            raise NotFound(
                f"no user {username!r}; run `kneecoach init --user {username}` first",
                field="user",
            ) from None
    names = list(
        models.Profile.objects.order_by("user__username").values_list("user__username", flat=True)
    )
    if not names:
        raise NotFound("no profile yet; run `kneecoach init` (or `kneecoach demo`)", field="user")
    if len(names) > 1:
        raise InvalidInput(
            f"several profiles exist ({', '.join(names)}); "
            "choose one with --user or KNEECOACH_USER",
            field="user",
        )
    return user_model.objects.get(username=names[0])


def ensure_user(username: str, password: str | None = None) -> User:
    """The user called ``username``, created (with an unusable password unless given) if new."""
    if not username or len(username) > 150:
        raise InvalidInput("a user name of 1 to 150 characters is needed", field="user")
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    if created or password is not None:
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save()
    return user


def _profile(user: User) -> models.Profile:
    try:
        return models.Profile.objects.select_related("user").get(user_id=user.pk)
    except models.Profile.DoesNotExist:
        raise NotFound("no profile yet; complete onboarding first", field="user") from None


def get_profile(user: User) -> ProfileView:
    return _profile_view(_profile(user))


def find_profile(user: User) -> ProfileView | None:
    """The person's profile, or None before onboarding (one query)."""
    profile = models.Profile.objects.select_related("user").filter(user_id=user.pk).first()
    return _profile_view(profile) if profile is not None else None


def has_profile(user: User) -> bool:
    return models.Profile.objects.filter(user_id=user.pk).exists()


def _profile_view(profile: models.Profile) -> ProfileView:
    return ProfileView(
        username=profile.user.get_username(),
        uuid=str(profile.uuid),
        trained=profile.trained,
        start_date=profile.start_date,
        painful_side=profile.painful_side,
        equipment=tuple(profile.equipment),
        weekdays=tuple(profile.weekdays),
        baseline_pain=profile.baseline_pain,
        language=profile.language,
        time_zone=profile.time_zone,
        screening_status=profile.screening_status,
    )


# --- onboarding and screening ---------------------------------------------------------------------


def screening_questions(language: str = "en") -> tuple[ScreeningQuestion, ...]:
    """The red-flag questions, in the order to ask them."""
    return tuple(
        ScreeningQuestion(
            q.id,
            q.nb if language == "nb" else q.en,
            q.level,
            tuple(ScreeningChoice(c, q.choice_label(c, language)) for c in q.choices),
            q.required,
        )
        for q in QUESTIONS
    )


def _validate_profile_input(data: ProfileInput, catalog: Catalog) -> values.Profile:
    known = {item.slug for item in catalog.equipment}
    unknown = sorted(set(data.equipment) - known)
    if unknown:
        raise InvalidInput(
            f"unknown equipment {', '.join(unknown)}; known: {', '.join(sorted(known))}",
            field="equipment",
        )
    if data.language not in models.Language.values:
        raise InvalidInput("language must be en or nb", field="language")
    _check_time_zone(data.time_zone)
    return values.Profile(
        trained=data.trained,
        start_date=data.start_date,
        equipment=frozenset(data.equipment),
        painful_side=data.painful_side,  # type: ignore[arg-type]  # checked by values.Profile
        weekdays=frozenset(data.weekdays),
        baseline_pain=data.baseline_pain,
    )


def _check_time_zone(name: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r}", field="time_zone") from None


def onboard(
    user: User, data: ProfileInput, answers: Mapping[str, str], today: dt.date
) -> OnboardResult:
    """Screen first, then save (or update) the profile and plan the calendar.

    A locked screening (surgical, urgent, emergency) is saved with the profile, so the advice is
    on record, but no plan is made: ``today()`` and the logging functions then refuse with the
    advice.
    """
    catalog = default_catalog()
    domain_profile = _validate_profile_input(data, catalog)
    validate_answers(answers, require_all=True)
    profile, _ = models.Profile.objects.update_or_create(
        user_id=user.pk,
        defaults={
            "trained": data.trained,
            "start_date": data.start_date,
            "painful_side": domain_profile.painful_side,
            "equipment": sorted(data.equipment),
            "weekdays": sorted(data.weekdays),
            "baseline_pain": data.baseline_pain,
            "language": data.language,
            "time_zone": data.time_zone,
        },
    )
    outcome = _save_screening(profile, answers, today)
    if not models.Programme.objects.filter(profile=profile, ended_on__isnull=True).exists():
        models.Programme.objects.create(
            profile=profile,
            started_on=data.start_date,
            frequency="3-on-1-off" if data.trained else "every-other-day",
        )
    if not outcome.locked:
        _refresh(profile, today, catalog)
    return OnboardResult(profile=_profile_view(profile), screening=outcome)


def rescreen(user: User, answers: Mapping[str, str], today: dt.date) -> ScreeningOutcome:
    """Answer the red-flag questions again (weekly, or when something new happens)."""
    profile = _profile(user)
    validate_answers(answers, require_all=True)
    outcome = _save_screening(profile, answers, today)
    if not outcome.locked:
        _refresh(profile, today)
    return outcome


def _save_screening(
    profile: models.Profile, answers: Mapping[str, str], today: dt.date
) -> ScreeningOutcome:
    result = screen_red_flags(answers)
    models.ScreeningRecord.objects.create(
        profile=profile,
        answered_on=today,
        answers=dict(answers),
        result=result.level,
        positive=list(result.positive),
        reasons=list(reason_texts(result.reasons, profile.language)),
        advice=result.advice_nb if profile.language == "nb" and result.advice_nb else result.advice,
    )
    profile.screening_status = result.level
    profile.save(update_fields=["screening_status", "updated_at"])
    if result.locked:  # no replay follows a locking screening; the observers still hear of it
        _notify_diary_observers(profile, _diary(profile), None, today)
    return _screening_outcome(result, today, profile.language)


def _screening_outcome(
    result: values.ScreeningResult, day: dt.date, language: str
) -> ScreeningOutcome:
    return ScreeningOutcome(
        level=result.level,
        locked=result.locked,
        positive=result.positive,
        reasons=reason_texts(result.reasons, language),
        advice=result.advice_nb if language == "nb" and result.advice_nb else result.advice,
        answered_on=day,
    )


def latest_screening(user: User) -> ScreeningOutcome | None:
    record = models.ScreeningRecord.objects.filter(profile__user_id=user.pk).first()
    if record is None:
        return None
    return ScreeningOutcome(
        level=record.result,
        locked=record.result in LOCKED_LEVELS,
        positive=tuple(record.positive),
        reasons=tuple(record.reasons),
        advice=record.advice,
        answered_on=record.answered_on,
    )


def _require_unlocked(profile: models.Profile) -> None:
    if profile.screening_status in LOCKED_LEVELS:
        record = profile.screenings.first()
        advice = record.advice if record else "see a clinician before exercising"
        raise ScreeningBlocked(
            f"self-management is paused by the red-flag screening: {advice}", field="screening"
        )
    if profile.screening_status == models.ScreeningStatus.PENDING:
        raise ScreeningBlocked(
            "answer the red-flag questions first (`kneecoach init`)", field="screening"
        )


# --- the diary as the engine sees it --------------------------------------------------------------


def _session_log(session: tuple[Any, ...], sets: list[values.SetLog]) -> values.SessionLog:
    _, day, pain_after, pain_before, stop_events = session
    return values.SessionLog(
        date=day,
        sets=tuple(sets),
        pain_after=pain_after,  # None until reported: the engine's rule
        pain_before=pain_before,
        stop_events=frozenset(stop_events),
    )


def _domain_profile(profile: models.Profile) -> values.Profile:
    return values.Profile(
        trained=profile.trained,
        start_date=profile.start_date,
        equipment=frozenset(profile.equipment),
        painful_side=profile.painful_side,  # type: ignore[arg-type]  # DB constraint
        weekdays=frozenset(profile.weekdays),
        baseline_pain=profile.baseline_pain,
    )


SESSION_AND_SET_COLUMNS = (
    "pk",
    "day",
    "pain_after",
    "pain_before",
    "stop_events",
    "sets__exercise",
    "sets__set_number",
    "sets__pain",
    "sets__side",
    "sets__reps",
    "sets__seconds",
    "sets__load",
    "sets__effort",
    "sets__technique_flag",
)
SetRow = tuple[Any, ...]


class _SetLogs:
    """The engine's value for each set row read, shared while the row is unchanged: every
    replayed request reads the whole diary, and building (and validating) a thousand equal
    values again was most of the read. Values are immutable, so sharing one is safe; bounded."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: dict[SetRow, values.SetLog] = {}

    def get(self, row: SetRow) -> values.SetLog:
        known = self._values.get(row)
        if known is not None:
            return known
        exercise, number, pain, side, reps, seconds, load, effort, flag = row
        made = values.SetLog(
            exercise=exercise,
            set_number=number,
            pain=pain,
            side=None if side == models.Side.BOTH else side,
            reps=reps,
            seconds=seconds,
            load=load or None,
            effort=effort,
            technique_flag=flag,
        )
        if len(self._values) >= self._size:
            self._values.clear()
        self._values[row] = made
        return made


_SET_LOGS = _SetLogs(size=200_000)


def _diary_reads(until: dt.date | None) -> dict[str, Callable[[int], QuerySet[Any]]]:
    """The diary's four reads as ``values_list`` queries for a profile id (none for overrides'
    clinicians: their user name is joined in)."""
    username = f"created_by__{get_user_model().USERNAME_FIELD}"

    def dated(qs: QuerySet[Any], field_name: str) -> QuerySet[Any]:
        return qs if until is None else qs.filter(**{f"{field_name}__lte": until})

    return {
        # Each session's sets in the unique index's order (exercise, set, side): the order the
        # engine has always seen them in.
        "sessions": lambda pk: (
            dated(models.LoggedSession.objects.filter(profile_id=pk), "day")
            .order_by("day", "pk", "sets__exercise", "sets__set_number", "sets__side")
            .values_list(*SESSION_AND_SET_COLUMNS)
        ),
        "checkins": lambda pk: (
            dated(models.MorningCheckin.objects.filter(profile_id=pk), "day")
            .order_by("day")
            .values_list("day", "pain", "swelling", "stiffness", "cannot_bear_weight")
        ),
        "overrides": lambda pk: (
            models.ClinicianOverride.objects.filter(profile_id=pk)
            .order_by("starts_on", "id")
            .values_list("starts_on", "exercise", "dose", "note", username)
        ),
        "screenings": lambda pk: (
            models.ScreeningRecord.objects.filter(profile_id=pk)
            .order_by("answered_on", "id")
            .values_list("answered_on", "answers")
        ),
    }


class _CompiledRead:
    """A ``values_list`` read whose SQL Django compiles once per process, thread and database,
    then runs again for another profile id. Compiling, not running, was about half the cost
    of each of the diary's small queries. Rows pass through Django's own converters, so they
    equal what the queryset itself returns (tests/web/coach/test_diary_read.py)."""

    _NO_PROFILE = -7_340_211  # a placeholder id: no row has a negative key

    def __init__(self, build: Callable[[int], QuerySet[Any]]) -> None:
        self._build = build
        self._compiled: dict[tuple[str, int], tuple[str, list[Any], int, Any, Any]] = {}

    def rows(self, profile_pk: int) -> list[tuple[Any, ...]]:
        alias = self._build(self._NO_PROFILE).db
        key = (alias, threading.get_ident())
        compiled = self._compiled.get(key)
        if compiled is None:
            compiler = self._build(self._NO_PROFILE).query.get_compiler(using=alias)
            sql, params = compiler.as_sql()
            fields = [selected[0] for selected in compiler.select[: compiler.col_count]]
            compiled = (
                sql,
                list(params),
                list(params).index(self._NO_PROFILE),
                compiler,
                compiler.get_converters(fields),
            )
            self._compiled[key] = compiled
        sql, params, at, compiler, converters = compiled
        params = [*params[:at], profile_pk, *params[at + 1 :]]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converters:
            return [tuple(row) for row in compiler.apply_converters(rows, converters)]
        return [tuple(row) for row in rows]


_DIARY_READS = {name: _CompiledRead(build) for name, build in _diary_reads(None).items()}


def _diary(profile: models.Profile, *, until: dt.date | None = None) -> values.Diary:
    """The whole diary as the engine's values: four queries (sessions with their sets in one,
    a left join), as plain rows, not model instances, compiled once per process for the whole
    diary (every page view and every logged set reads it)."""
    rows: dict[str, list[tuple[Any, ...]]]
    if until is None:
        rows = {name: read.rows(profile.pk) for name, read in _DIARY_READS.items()}
    else:
        rows = {name: list(build(profile.pk)) for name, build in _diary_reads(until).items()}
    sessions: list[values.SessionLog] = []
    current: tuple[Any, ...] | None = None
    sets: list[values.SetLog] = []
    for pk, day, pain_after, pain_before, stop_events, *set_row in rows["sessions"]:
        if current is None or current[0] != pk:
            if current is not None:
                sessions.append(_session_log(current, sets))
            current, sets = (pk, day, pain_after, pain_before, stop_events), []
        if set_row[0] is not None:  # a session without sets has one row of NULLs
            sets.append(_SET_LOGS.get(tuple(set_row)))
    if current is not None:
        sessions.append(_session_log(current, sets))
    checkins = tuple(
        values.MorningCheckin(
            date=day, pain=pain, swelling=swelling, stiffness=stiff, cannot_bear_weight=unable
        )
        for day, pain, swelling, stiff, unable in rows["checkins"]
    )
    overrides = tuple(
        values.ClinicianOverride(
            date=starts_on,
            exercise=exercise,
            dose=values.Dose(exercise=exercise, **dose),
            note=note,
            clinician=clinician,
        )
        for starts_on, exercise, dose, note, clinician in rows["overrides"]
    )
    screenings = tuple(
        values.ScreeningRecord(date=day, answers=dict(answers))
        for day, answers in rows["screenings"]
    )
    return values.Diary(
        sessions=tuple(sessions), checkins=checkins, overrides=overrides, screenings=screenings
    )


DecisionRows = dict[tuple[dt.date, str], tuple[Any, ...]]
CalendarRows = dict[dt.date, tuple[str, str, list[dict[str, Any]]]]


@dataclass(frozen=True, slots=True)
class _Replayed:
    """One replay with the exact inputs it was computed from, and the rows it saves as."""

    profile: values.Profile
    diary: values.Diary
    catalog: Catalog
    today: dt.date
    advice: Advice
    decisions: DecisionRows
    calendar: CalendarRows
    digest: str
    checkpoints: tuple[Checkpoint, ...] = ()
    worded: Mapping[int, tuple[values.Decision, DecisionRow]] = field(default_factory=dict)

    def answers(
        self, profile: values.Profile, diary: values.Diary, catalog: Catalog, today: dt.date
    ) -> bool:
        """Whether this replay is the one those inputs give (the engine is a pure function)."""
        return (
            self.catalog is catalog
            and self.today == today
            and self.profile == profile
            and self.diary == diary
        )


class _ReplayMemo:
    """The last replay per profile, in this process: a page view whose inputs (profile fields,
    the whole diary as read in this request, the catalogue object, the day) are equal to the
    last replay's reuses its advice instead of replaying.

    Keyed by the inputs themselves, compared in full, not by a version number: nothing has to
    remember to bump anything, a write by the other gunicorn worker changes what this request
    reads and so misses, and a stale dose cannot be served. Bounded (least recently used out).
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[int, _Replayed] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: int) -> _Replayed | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: int, entry: _Replayed) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_REPLAYS = _ReplayMemo(size=256)


def _replay(
    profile: models.Profile,
    today: dt.date,
    catalog: Catalog | None = None,
    *,
    remember: bool = True,
) -> _Replayed:
    """The engine's advice for ``today`` from this profile's diary as read now (reused when the
    inputs equal the last replay's), with the decision and calendar rows it is saved as.
    ``remember=False`` (a look at another day) leaves the memo with today's replay.

    When the inputs differ (a set logged), the engine resumes from the last replay's checkpoint
    at the start of the first changed day (``engine.advise_resuming``: a set logged today replays
    today only), and the rows of decisions that replay carried over are not worded again."""
    from kneecoach.programme.engine import advise_resuming

    catalog = catalog or default_catalog()
    domain, diary = _domain_profile(profile), _diary(profile)
    last = _REPLAYS.get(profile.pk)
    if last is not None and last.answers(domain, diary, catalog, today):
        return last
    advice, checkpoints = advise_resuming(
        domain,
        catalog,
        diary,
        today,
        horizon_days=PLAN_HORIZON_DAYS,
        checkpoints=last.checkpoints if last is not None else (),
    )
    worded = _DecisionWording(last.worded if last is not None else {})
    decisions = worded.rows(advice.decisions)
    planned = [p for p in advice.next_sessions if p.date >= today]
    items: dict[values.Prescription, dict[str, Any]] = {}  # 28 days, about 7 distinct items
    calendar: CalendarRows = {
        p.date: (p.kind, p.focus or "", _calendar_items(p, items)) for p in planned
    }
    digest = (
        last.digest
        if last is not None
        and last.today == today
        and last.decisions == decisions
        and last.calendar == calendar
        else _advice_digest(today, decisions, calendar)
    )
    replayed = _Replayed(
        profile=domain,
        diary=diary,
        catalog=catalog,
        today=today,
        advice=advice,
        decisions=decisions,
        calendar=calendar,
        digest=digest,
        checkpoints=checkpoints,
        worded=worded.known,
    )
    if remember:
        _REPLAYS.put(profile.pk, replayed)
    return replayed


DecisionRow = tuple[Any, ...]


class _DecisionWording:
    """Each decision's saved row (its reasons worded in English and Bokmål), reused for the
    very decision objects a resumed replay carried over from the last one (matched by identity,
    the object itself kept beside its row, so a reused ``id`` cannot match)."""

    def __init__(self, previous: Mapping[int, tuple[values.Decision, DecisionRow]]) -> None:
        self.previous = previous
        self.known: dict[int, tuple[values.Decision, DecisionRow]] = {}

    def rows(self, decisions: Iterable[values.Decision]) -> DecisionRows:
        rows: DecisionRows = {}
        for d in _unique_decisions(decisions):
            hit = self.previous.get(id(d))
            row = hit[1] if hit is not None and hit[0] is d else _decision_row(d)
            self.known[id(d)] = (d, row)
            rows[(d.date, d.exercise or "")] = row
        return rows


def _advise(profile: models.Profile, today: dt.date, catalog: Catalog | None = None) -> Advice:
    return _replay(profile, today, catalog).advice


def _refresh(profile: models.Profile, today: dt.date, catalog: Catalog | None = None) -> Advice:
    """Replay the diary and save what the engine said: its decisions and the calendar ahead.

    Decisions are replaced wholesale (the replay is deterministic, so this is idempotent); the
    calendar is updated from today on, keeping each day's UID; past days keep what was planned,
    which is what adherence is measured against. The profile keeps a digest of what was last
    saved; when the replay says the same again (most page views, most sets logged mid-session)
    nothing is read back or written.
    """
    last = _REPLAYS.get(profile.pk)
    replayed = _replay(profile, today, catalog)
    if replayed.digest != profile.advice_digest:
        _save_decisions(profile, replayed.decisions)
        _save_calendar(profile, replayed.calendar)
        profile.advice_digest = replayed.digest
        profile.save(update_fields=["advice_digest"])
    if replayed is not last:  # a diary that changed, or a new day: tell the observers
        _notify_diary_observers(profile, replayed.diary, replayed.advice, today)
    return replayed.advice


def _advice_for(
    profile: models.Profile,
    day: dt.date,
    today_: dt.date | None,
    catalog: Catalog | None = None,
) -> Advice:
    """The engine's advice as it stands on ``day``, saved (decisions, the calendar ahead) only
    when ``day`` is today, the clock read at the edge (None: ``day`` is today). Looking at
    another day is a read: its replay would replace the saved decisions with that day's."""
    if today_ is None or day == today_:
        return _refresh(profile, day, catalog)
    return _replay(profile, day, catalog, remember=False).advice


def check_day_shown(start: dt.date, day: dt.date, today_: dt.date | None) -> None:
    """The window of days a person can look at: from the programme's start date to
    ``DAYS_AHEAD_SHOWN`` days after today (``today_``, the clock; None: ``day`` is today).
    Today itself is always in it, even before a programme that starts later. A day before the
    start has nothing to show or log; a day past the saved calendar has no plan yet. Raises
    ``InvalidInput`` naming ``date``; the engine's own guard (``validation.check_dates``) still
    refuses dates it cannot compute with, whoever calls it."""
    if today_ is None or day == today_:
        return
    if day < start:
        raise InvalidInput(
            gettext("%(day)s is before your programme's start date %(start)s")
            % {"day": day.isoformat(), "start": start.isoformat()},
            field="date",
        )
    if (day - today_).days > DAYS_AHEAD_SHOWN:
        raise InvalidInput(
            gettext("%(day)s is more than %(days)s days ahead; the plan does not reach that far")
            % {"day": day.isoformat(), "days": DAYS_AHEAD_SHOWN},
            field="date",
        )
DiaryObserver = Callable[[models.Profile, values.Diary, "Advice | None", dt.date], None]
DIARY_OBSERVERS: list[DiaryObserver] = []
"""Called after a fresh replay (the diary changed, or a new day came) with the advice, and
after a screening that locks the programme with advice None. The clinic app stores its flags
there (``web/clinic/flagging.py``); an observer must be cheap when it has nothing to do."""


def _notify_diary_observers(
    profile: models.Profile, diary: values.Diary, advice: Advice | None, today: dt.date
) -> None:
    for observer in DIARY_OBSERVERS:
        observer(profile, diary, advice, today)


def _advice_digest(today: dt.date, decisions: DecisionRows, calendar: CalendarRows) -> str:
    """What ``_refresh`` saves, as a digest: the decision rows, the calendar from ``today``."""
    data = [
        today.isoformat(),
        sorted([day.isoformat(), exercise, *row] for (day, exercise), row in decisions.items()),
        sorted([day.isoformat(), *row] for day, row in calendar.items()),
    ]
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _calendar_items(
    p: values.PlannedSession, known: dict[values.Prescription, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The day's items as saved; each distinct prescription is put in JSON form once."""
    out = []
    for x in p.prescriptions:
        item = known.get(x)
        if item is None:
            item = known[x] = _prescription_json(x)
        out.append(item)
    return out


def _save_calendar(profile: models.Profile, calendar: CalendarRows) -> None:
    """Write the days whose plan changed (one read, at most one bulk write of each kind)."""
    if not calendar:
        return
    saved = {
        day: (pk, row)
        for pk, day, *row in profile.scheduled.filter(
            day__range=(min(calendar), max(calendar))
        ).values_list("pk", "day", "kind", "focus", "items")
    }
    changed, new = [], []
    for day, (kind, focus, items) in calendar.items():
        if day not in saved:
            new.append(
                models.ScheduledSession(
                    profile=profile,
                    day=day,
                    uid=profile.event_uid(day),
                    kind=kind,
                    focus=focus,
                    items=items,
                )
            )
        elif tuple(saved[day][1]) != (kind, focus, items):
            pk = saved[day][0]
            changed.append(models.ScheduledSession(pk=pk, kind=kind, focus=focus, items=items))
    models.ScheduledSession.objects.bulk_create(new)
    models.ScheduledSession.objects.bulk_update(changed, ["kind", "focus", "items"])


def _decision_row(d: values.Decision) -> DecisionRow:
    return (
        d.kind,
        list(d.reason_texts("en")),
        list(d.reason_texts("nb")),
        _dose_json(d.before),
        _dose_json(d.after),
    )


def _save_decisions(profile: models.Profile, decisions: DecisionRows) -> None:
    """Make the saved decisions equal the replay's: delete the stale, add the new, fix changed.
    The reasons are kept in both languages (``reasons`` English, ``reasons_nb`` Bokmål), so a
    page reads them in its own language without a replay."""
    wanted = dict(decisions)
    stale, changed = [], []
    columns = ("kind", "reasons", "reasons_nb", "dose_before", "dose_after")
    rows = profile.decisions.values_list("pk", "day", "exercise", *columns)
    for pk, day, exercise, *saved in rows:
        target = wanted.pop((day, exercise), None)
        if target is None:
            stale.append(pk)
        elif tuple(saved) != target:
            changed.append(models.Decision(pk=pk, **dict(zip(columns, target, strict=True))))
    if stale:
        models.Decision.objects.filter(pk__in=stale).delete()
    models.Decision.objects.bulk_update(changed, list(columns))
    models.Decision.objects.bulk_create(
        [
            models.Decision(
                profile=profile,
                day=day,
                exercise=exercise,
                kind=kind,
                reasons=reasons,
                reasons_nb=reasons_nb,
                dose_before=before,
                dose_after=after,
            )
            for (day, exercise), (kind, reasons, reasons_nb, before, after) in wanted.items()
        ]
    )


def _unique_decisions(decisions: Iterable[values.Decision]) -> list[values.Decision]:
    """The last decision per (day, exercise): the one that stands."""
    last: dict[tuple[dt.date, str], values.Decision] = {}
    for decision in decisions:
        last[(decision.date, decision.exercise or "")] = decision
    return list(last.values())


def _dose_json(dose: values.Dose | None) -> dict[str, Any] | None:
    if dose is None:
        return None
    # Stored beside its exercise column, so the slug is not repeated in the JSON.
    return {key: value for key, value in dose.as_dict().items() if key != "exercise"}


def _prescription_json(p: values.Prescription) -> dict[str, Any]:
    return {
        "exercise": p.exercise,
        "performed_as": p.performed_as,
        "focus": p.focus,
        "rest_seconds": p.rest_seconds,
        "sides": list(p.sides),
        "substitute_for": p.substitute_for,
        "missing_equipment": list(p.missing_equipment),
        "dose": _dose_json(p.dose),
    }


# --- views of doses and decisions -----------------------------------------------------------------


def _dose_view(dose: values.Dose) -> DoseView:
    return DoseView(
        exercise=dose.exercise,
        level=dose.level,
        sets=dose.sets,
        reps=dose.reps,
        seconds=dose.seconds,
        per_side=dose.per_side,
        load=dose.load,
        text=dose.describe() + (f" ({dose.load})" if dose.load else ""),
    )


def _dose_view_json(exercise: str, data: Mapping[str, Any] | None) -> DoseView | None:
    if not data:
        return None
    return _dose_view(values.Dose(exercise=exercise, **data))


def _decision_view(d: values.Decision, language: str = "en") -> DecisionView:
    return decision_view(d, language)


def decision_view(d: values.Decision, language: str = "en") -> DecisionView:
    """A decision worded in ``language``, its doses named across variants."""
    before, after = _named_across_variants(d.before, d.after, language)
    return DecisionView(
        day=d.date,
        exercise=d.exercise,
        kind=d.kind,
        reasons=sentences(d.reason_texts(language)),
        before=before,
        after=after if after != before else None,  # no "3 x 8 -> 3 x 8"
    )


def _named_across_variants(
    before: values.Dose | None, after: values.Dose | None, language: str
) -> tuple[DoseView | None, DoseView | None]:
    """Views of a decision's doses, worded in ``language``. When the step changes the variant,
    each text names its variant: "3 x 60 s -> 2 x 30 s" alone reads as a drop when it is the top
    of the easier variant moving on to the harder one."""
    exercise = None
    if before is not None and after is not None and before.level != after.level:
        exercise = default_catalog().get(before.exercise)

    def worded(dose: values.Dose | None) -> DoseView | None:
        if dose is None:
            return None
        variant = exercise.variant(dose.level) if exercise is not None else None
        name = None
        if exercise is not None:
            name = variant.name if variant is not None else exercise.name
        text = describe_dose(dose, language, name) + (f" ({dose.load})" if dose.load else "")
        return replace(_dose_view(dose), text=text)

    return worded(before), worded(after)


def _saved_decisions(
    profile: models.Profile, since: dt.date | None = None, language: str = "en"
) -> list[DecisionView]:
    rows = profile.decisions.order_by("day", "exercise")
    if since is not None:
        rows = rows.filter(day__gte=since)
    views = []
    for row in rows:
        before, after = _named_across_variants(
            _dose_or_none(row.exercise, row.dose_before),
            _dose_or_none(row.exercise, row.dose_after),
            language,
        )
        reasons = row.reasons_nb if language == "nb" and row.reasons_nb else row.reasons
        views.append(
            DecisionView(
                day=row.day,
                exercise=row.exercise or None,
                kind=row.kind,
                reasons=sentences(reasons),
                before=before,
                after=after if after != before else None,  # no "3 x 8 -> 3 x 8"
            )
        )
    return views


def relief_advice_sentences() -> tuple[str, ...]:
    """The relief advice as a note reads it, in each language (pages that list the comfort
    measures themselves leave it out of the notes)."""
    return tuple(sentence(Reason("flare_advice").text(language)) for language in ("en", "nb"))


def exercise_name(catalog: Catalog, slug: str, language: str = "en") -> str:
    """The display name of an exercise, one of its variants, or a substitute."""
    for exercise in catalog.exercises:
        if exercise.slug == slug:
            return exercise.name.get(language)
        for variant in (*exercise.regressions, *exercise.progressions):
            if variant.slug == slug:
                return variant.name.get(language)
        for substitute in exercise.substitutes:
            if substitute.slug == slug:
                return substitute.name.get(language)
    return slug


def _require_exercise(catalog: Catalog, slug: str) -> Exercise:
    exercise = catalog.get(slug)
    if exercise is None:
        raise InvalidInput(
            f"unknown exercise {slug!r}; known exercises: {', '.join(catalog.slugs)}",
            field="exercise",
        )
    return exercise


# --- today ----------------------------------------------------------------------------------------


def today(
    user: User, day: dt.date, *, today_: dt.date | None = None, language: str | None = None
) -> TodayView:
    """The session for ``day`` (doses, sides, rests, cues), what is logged of it, and why.

    ``today_``: the clock's day, read at the edge (None: ``day`` is today). Only today's view
    saves the refresh; a view of another day is computed and saves nothing.
    ``language``: names and cues in the page's language rather than the profile's."""
    profile = _profile(user)
    check_day_shown(profile.start_date, day, today_)
    _require_unlocked(profile)
    catalog = default_catalog()
    advice = _advice_for(profile, day, today_, catalog)
    planned = next((p for p in advice.next_sessions if p.date == day), None)
    logged = _logged_sets(profile, day)
    language = language if language in models.Language.values else profile.language
    items = tuple(
        _session_item(catalog, p, logged.get(p.exercise, ()), language)
        for p in (planned.prescriptions if planned else ())
    )
    session = profile.sessions.filter(day=day).first()
    yesterday = day - dt.timedelta(days=1)
    checkin_due = (
        day
        if profile.sessions.filter(day=yesterday).exists()
        and not profile.checkins.filter(day=day).exists()
        else None
    )
    next_training = next(
        (p.date for p in advice.next_sessions if p.date > day and p.kind == "training"), None
    )
    return TodayView(
        day=day,
        kind=planned.kind if planned else "rest",
        focus=planned.focus if planned else None,
        state=advice.state,
        items=items,
        advice=sentences(reason_texts(advice.notes, language)),
        decisions=tuple(_decision_view(d, language) for d in advice.decisions if d.date == day),
        pain_after=session.pain_after if session else None,
        checkin_due=checkin_due,
        next_training_day=next_training,
    )


def _session_item(
    catalog: Catalog, p: values.Prescription, logged: Sequence[SetView], language: str
) -> SessionItem:
    exercise = catalog.get(p.exercise)
    return SessionItem(
        exercise=p.exercise,
        name=exercise_name(catalog, p.exercise, language),
        performed_as=p.performed_as,
        performed_as_name=exercise_name(catalog, p.performed_as, language),
        focus=p.focus,
        dose=_dose_view(p.dose),
        rest_seconds=p.rest_seconds,
        sides=tuple(p.sides),
        cues=exercise.cues_for(p.performed_as).get(language) if exercise else (),
        substitute_for=p.substitute_for,
        missing_equipment=tuple(p.missing_equipment),
        logged=tuple(logged),
    )


def _set_view(day: dt.date, row: models.LoggedSet) -> SetView:
    return SetView(
        day=day,
        exercise=row.exercise,
        set_number=row.set_number,
        side=None if row.side == models.Side.BOTH else row.side,
        reps=row.reps,
        seconds=row.seconds,
        load=row.load or None,
        pain=row.pain,
        effort=row.effort,
        note=row.note,
        pain_response=pain_during_response_rule(row.pain),
    )


def _logged_sets(profile: models.Profile, day: dt.date) -> dict[str, tuple[SetView, ...]]:
    by_exercise: dict[str, list[SetView]] = {}
    rows = models.LoggedSet.objects.filter(session__profile=profile, session__day=day)
    for row in rows.order_by("exercise", "set_number", "side"):
        by_exercise.setdefault(row.exercise, []).append(_set_view(day, row))
    return {slug: tuple(sets) for slug, sets in by_exercise.items()}


# --- logging --------------------------------------------------------------------------------------


def _check_day(profile: models.Profile, day: dt.date, today_: dt.date, what: str) -> None:
    if day > today_:
        raise InvalidInput(f"cannot log {what} for a future date ({day})", field="date")
    if day < profile.start_date:
        raise InvalidInput(
            f"{day} is before the programme's start date {profile.start_date}", field="date"
        )


def _validated_set(catalog: Catalog, data: SetInput) -> values.SetLog:
    exercise = _require_exercise(catalog, data.exercise)
    side = data.side
    if exercise.unilateral or exercise.dose.per_side:
        if side not in values.SIDES:
            raise InvalidInput(
                f"{exercise.slug} is done one leg at a time: give the side (left or right)",
                field="side",
            )
    elif side not in (None, "both"):
        raise InvalidInput(
            f"{exercise.slug} is done with both legs together: leave the side out", field="side"
        )
    if exercise.dose.timed and data.reps is not None:
        raise InvalidInput(f"{exercise.slug} is timed: give seconds, not reps", field="reps")
    if not exercise.dose.timed and data.seconds is not None:
        raise InvalidInput(f"{exercise.slug} is counted in reps, not seconds", field="seconds")
    if data.reps is None and data.seconds is None:
        field_name = "seconds" if exercise.dose.timed else "reps"
        raise InvalidInput(f"give the {field_name} done in this set", field=field_name)
    return values.SetLog(
        exercise=exercise.slug,
        set_number=data.set_number,
        pain=data.pain,
        side=side if side in values.SIDES else None,
        reps=data.reps,
        seconds=data.seconds,
        load=data.load or None,
        effort=data.effort,
        technique_flag=data.technique_flag,
    )


def _session_for(profile: models.Profile, day: dt.date) -> models.LoggedSession:
    session, _ = models.LoggedSession.objects.get_or_create(profile=profile, day=day)
    return session


def log_set(
    user: User,
    day: dt.date,
    data: SetInput,
    *,
    today_: dt.date,
    language: str | None = None,
    replace: bool = False,
) -> SetView:
    """Save one set of ``day``'s session (created on the first set). The same set number and
    side logged again is a ``Conflict`` (asked, never silently overwritten); with ``replace``
    it corrects the earlier entry, which is never counted twice.

    The answer carries what to do now about the set's pain (``pain_response``, and
    ``pain_advice`` worded in ``language``, the profile's by default): ease off above 5/10,
    end the session at 8/10."""
    profile = _profile(user)
    _require_unlocked(profile)
    _check_day(profile, day, today_, "a set")
    checked = _validated_set(default_catalog(), data)
    already = _logged_set(profile, day, checked.exercise, checked.set_number, checked.side)
    if already is not None and not replace:
        raise Conflict(_already_logged(checked), field="set_number")
    _save_set(profile, day, checked, data.note)
    _refresh(profile, today_)
    row = models.LoggedSet.objects.get(
        session__profile=profile,
        session__day=day,
        exercise=checked.exercise,
        set_number=checked.set_number,
        side=checked.side or models.Side.BOTH,
    )
    response, advice = pain_advice(row.pain, language or profile.language)
    return dataclasses.replace(_set_view(day, row), pain_response=response, pain_advice=advice)


def _already_logged(s: values.SetLog) -> str:
    side = f" ({s.side})" if s.side else ""
    return (
        f"set {s.set_number}{side} of {s.exercise} is already logged; "
        "send it again with replace to correct it"
    )


def _logged_set(
    profile: models.Profile, day: dt.date, exercise: str, set_number: int, side: str | None
) -> models.LoggedSet | None:
    return models.LoggedSet.objects.filter(
        session__profile=profile,
        session__day=day,
        exercise=exercise,
        set_number=set_number,
        side=side or models.Side.BOTH,
    ).first()


def delete_set(
    user: User,
    day: dt.date,
    exercise: str,
    set_number: int,
    side: str | None,
    *,
    today_: dt.date,
) -> tuple[SetView, ...]:
    """Delete one logged set (a set logged by mistake); the day's remaining sets come back. A
    session left without sets goes too, so an empty day never counts as a session done."""
    profile = _profile(user)
    _require_unlocked(profile)
    _check_day(profile, day, today_, "a set")
    row = _logged_set(profile, day, exercise, set_number, side if side != "both" else None)
    if row is None:
        where = f"set {set_number}" + (f" ({side})" if side and side != "both" else "")
        raise NotFound(f"{where} of {exercise} is not logged on {day}", field="set_number")
    session = row.session
    row.delete()
    if not session.sets.exists():
        session.delete()
    _refresh(profile, today_)
    rows = models.LoggedSet.objects.filter(session__profile=profile, session__day=day)
    return tuple(_set_view(day, r) for r in rows.order_by("exercise", "set_number", "side"))


def _save_set(profile: models.Profile, day: dt.date, s: values.SetLog, note: str) -> None:
    session = _session_for(profile, day)
    models.LoggedSet.objects.update_or_create(
        session=session,
        exercise=s.exercise,
        set_number=s.set_number,
        side=s.side or models.Side.BOTH,
        defaults={
            "reps": s.reps,
            "seconds": s.seconds,
            "load": s.load or "",
            "pain": s.pain,
            "effort": s.effort,
            "technique_flag": s.technique_flag,
            "note": note,
        },
    )


def log_session(
    user: User,
    day: dt.date,
    sets: Sequence[SetInput],
    *,
    pain_after: int | None = None,
    pain_before: int | None = None,
    today_: dt.date,
) -> SessionView:
    """Save a whole session at once; every set is validated before anything is written."""
    profile = _profile(user)
    _require_unlocked(profile)
    _check_day(profile, day, today_, "a session")
    catalog = default_catalog()
    checked = []
    for index, data in enumerate(sets):
        try:
            checked.append((_validated_set(catalog, data), data.note))
        except InvalidInput as error:
            raise InvalidInput(error.message, field=f"sets[{index}].{error.field}") from None
    values.SessionLog(date=day, sets=(), pain_after=pain_after, pain_before=pain_before)
    session = _session_for(profile, day)
    for s, note in checked:
        _save_set(profile, day, s, note)
    if pain_after is not None or pain_before is not None:
        session.pain_after = pain_after if pain_after is not None else session.pain_after
        session.pain_before = pain_before if pain_before is not None else session.pain_before
        session.save()
    _refresh(profile, today_)
    return session_view(user, day)


def record_pain_after(user: User, day: dt.date, pain: int, *, today_: dt.date) -> SessionView:
    """Pain about an hour after ``day``'s session (0-10)."""
    profile = _profile(user)
    _check_day(profile, day, today_, "pain after a session")
    values.SessionLog(date=day, sets=(), pain_after=pain)  # validates 0-10 naming pain_after
    session = profile.sessions.filter(day=day).first()
    if session is None:
        raise NotFound(f"no session logged on {day}; log a set first", field="date")
    session.pain_after = pain
    session.save(update_fields=["pain_after", "updated_at"])
    _refresh(profile, today_)
    return session_view(user, day)


def session_view(user: User, day: dt.date) -> SessionView:
    profile = _profile(user)
    session = profile.sessions.filter(day=day).first()
    if session is None:
        raise NotFound(f"no session logged on {day}", field="date")
    return SessionView(
        day=day,
        pain_before=session.pain_before,
        pain_after=session.pain_after,
        sets=tuple(_set_view(day, row) for row in session.sets.order_by("exercise", "set_number")),
    )


def checkin(
    user: User,
    day: dt.date,
    pain: int,
    *,
    swelling: bool = False,
    stiffness: bool = False,
    cannot_bear_weight: bool = False,
    replace: bool = False,
    today_: dt.date,
) -> CheckinView:
    """The next-morning check. One per morning: a second one is a ``Conflict`` unless
    ``replace`` (a correction)."""
    profile = _profile(user)
    _check_day(profile, day, today_, "a check-in")
    values.MorningCheckin(
        date=day,
        pain=pain,
        swelling=swelling,
        stiffness=stiffness,
        cannot_bear_weight=cannot_bear_weight,
    )
    fields = {
        "pain": pain,
        "swelling": swelling,
        "stiffness": stiffness,
        "cannot_bear_weight": cannot_bear_weight,
    }
    if not replace and profile.checkins.filter(day=day).exists():
        raise Conflict(
            f"a check-in for {day} is already saved; use replace to correct it", field="date"
        )
    models.MorningCheckin.objects.update_or_create(profile=profile, day=day, defaults=fields)
    if profile.screening_status not in LOCKED_LEVELS:
        _refresh(profile, today_)
    return CheckinView(day, pain, swelling, stiffness, cannot_bear_weight)


# --- plan, progress, explain ----------------------------------------------------------------------


def _logged_set_keys(
    profile: models.Profile, first: dt.date, last: dt.date
) -> dict[dt.date, set[outcomes.SetKey]]:
    """The sets logged from ``first`` to ``last``, by day, as (exercise, set number, side)."""
    rows = models.LoggedSet.objects.filter(
        session__profile=profile, session__day__range=(first, last)
    ).values_list("session__day", "exercise", "set_number", "side")
    keys: dict[dt.date, set[outcomes.SetKey]] = {}
    for day, exercise, number, side in rows:
        keys.setdefault(day, set()).add((exercise, number, None if side == "both" else side))
    return keys


def _prescribed_sets(items: Iterable[Mapping[str, Any]]) -> frozenset[outcomes.SetKey]:
    """The sets a day's saved plan items prescribe."""
    wanted: set[outcomes.SetKey] = set()
    for item in items:
        dose = item.get("dose") or {}
        wanted |= outcomes.prescribed_sets_rule(
            item["exercise"], int(dose.get("sets", 0)), item.get("sides") or ()
        )
    return frozenset(wanted)


def _sets_of_day(
    items: Iterable[Mapping[str, Any]], logged: set[outcomes.SetKey]
) -> dict[str, int]:
    counted = outcomes.set_adherence_rule([(_prescribed_sets(items), logged)])
    return {"sets_prescribed": counted.prescribed, "sets_done": counted.done}


def set_adherence(profile: models.Profile, today_: dt.date) -> outcomes.SetAdherence:
    """Adherence in prescribed sets: every planned training day from the start up to
    yesterday, and today once a set is logged, against the sets logged on it (Progress, the
    CLI and the API count the same)."""
    start = profile.start_date
    logged = _logged_set_keys(profile, start, today_)
    rows = profile.scheduled.filter(day__range=(start, today_), kind="training")
    return outcomes.set_adherence_rule(
        (_prescribed_sets(row.items), logged.get(row.day, set()))
        for row in rows
        if row.day < today_ or row.day in logged
    )


def plan(
    user: User,
    day: dt.date,
    *,
    days: int = 14,
    past_days: int = 0,
    today_: dt.date | None = None,
) -> PlanView:
    """The calendar from ``day - past_days`` for ``days`` days: training, rest, relief.

    ``today_``: the clock's day (None: ``day`` is today); the plan is saved only for today."""
    if not 1 <= days <= PLAN_HORIZON_DAYS:
        raise InvalidInput(f"days must be from 1 to {PLAN_HORIZON_DAYS}", field="days")
    if past_days < 0:
        raise InvalidInput("past days cannot be negative", field="past_days")
    profile = _profile(user)
    check_day_shown(profile.start_date, day, today_)
    _require_unlocked(profile)
    advice = _advice_for(profile, day, today_)
    past_days = min(past_days, max(0, (day - profile.start_date).days))  # none before the start
    first = day - dt.timedelta(days=past_days)
    last = day + dt.timedelta(days=days - 1)
    logged_days = set(
        profile.sessions.filter(day__range=(first, last)).values_list("day", flat=True)
    )
    logged_sets = _logged_set_keys(profile, first, last)
    saved = {
        row.day: row for row in profile.scheduled.filter(day__range=(first, last)).order_by("day")
    }
    result = []
    for planned in advice.next_sessions:
        if first <= planned.date <= last:
            saved.pop(planned.date, None)
            result.append(
                PlanDay(
                    day=planned.date,
                    uid=str(profile.event_uid(planned.date)),
                    kind=planned.kind,
                    focus=planned.focus,
                    items=tuple(_dose_view(p.dose) for p in planned.prescriptions),
                    logged=planned.date in logged_days,
                    **_sets_of_day(
                        _calendar_items(planned, {}), logged_sets.get(planned.date, set())
                    ),
                )
            )
    for day, row in saved.items():  # past days: as they were planned then
        result.append(
            PlanDay(
                day=day,
                uid=str(row.uid),
                kind=row.kind,
                focus=row.focus or None,
                items=tuple(
                    view
                    for item in row.items
                    if (view := _dose_view_json(item["exercise"], item["dose"])) is not None
                ),
                logged=day in logged_days,
                **_sets_of_day(
                    row.items if row.kind == "training" else [], logged_sets.get(day, set())
                ),
            )
        )
    return PlanView(state=advice.state, days=tuple(sorted(result, key=lambda d: d.day)))


def progress(
    user: User, today_: dt.date, language: str | None = None, *, clock: dt.date | None = None
) -> ProgressView:
    """Series for charts: volume per exercise and side, pain during / after / next morning,
    adherence to the planned calendar, the weaker side, and the engine's decisions.

    ``language`` ("en" or "nb"): names and reasons in the page's language; None: the profile's.
    ``clock``: the clock's day when ``today_`` is another day (the CLI's ``--date``). Saves
    nothing."""
    profile = _profile(user)
    check_day_shown(profile.start_date, today_, clock)
    catalog = default_catalog()
    language = _language(profile, language)
    sets = list(
        models.LoggedSet.objects.filter(session__profile=profile, session__day__lte=today_)
        .select_related("session")
        .order_by("session__day", "exercise", "set_number")
    )
    series = _exercise_series(catalog, sets, language)
    pain_during: dict[dt.date, int] = {}
    for row in sets:
        day = row.session.day
        pain_during[day] = max(pain_during.get(day, 0), row.pain)
    sessions = profile.sessions.filter(day__lte=today_).order_by("day")
    checkins = profile.checkins.filter(day__lte=today_).order_by("day")
    advice = (
        _advise(profile, today_, catalog)
        if profile.screening_status
        not in (
            *LOCKED_LEVELS,
            models.ScreeningStatus.PENDING,
        )
        else None
    )
    weaker, weaker_reasons = _weaker_side(profile, today_, language)
    by_sets = set_adherence(profile, today_)
    return ProgressView(
        exercises=series,
        pain_during=tuple(SeriesPoint(d, float(p)) for d, p in sorted(pain_during.items())),
        pain_after=tuple(
            SeriesPoint(s.day, float(s.pain_after)) for s in sessions if s.pain_after is not None
        ),
        pain_morning=tuple(SeriesPoint(c.day, float(c.pain)) for c in checkins),
        planned_sessions=advice.adherence.planned if advice else 0,
        done_sessions=advice.adherence.logged if advice else 0,
        adherence=by_sets.share if advice else None,
        sets_prescribed=by_sets.prescribed,
        sets_done=by_sets.done,
        weaker_side=weaker,
        weaker_side_reasons=weaker_reasons,
        decisions=tuple(_saved_decisions(profile, language=language)),
    )


def _exercise_series(
    catalog: Catalog, sets: Sequence[models.LoggedSet], language: str
) -> tuple[ExerciseSeries, ...]:
    volume: dict[str, dict[str, dict[dt.date, float]]] = {}
    pain: dict[str, dict[dt.date, int]] = {}
    units: dict[str, str] = {}
    for row in sets:
        day = row.session.day
        amount = row.reps if row.reps is not None else row.seconds or 0
        units[row.exercise] = "reps" if row.reps is not None else "s"
        by_side = volume.setdefault(row.exercise, {}).setdefault(row.side, {})
        by_side[day] = by_side.get(day, 0.0) + amount
        by_day = pain.setdefault(row.exercise, {})
        by_day[day] = max(by_day.get(day, 0), row.pain)
    order = {slug: i for i, slug in enumerate(catalog.slugs)}
    return tuple(
        ExerciseSeries(
            exercise=slug,
            name=exercise_name(catalog, slug, language),
            unit=units[slug],
            volume={
                side: tuple(SeriesPoint(d, v) for d, v in sorted(points.items()))
                for side, points in sorted(volume[slug].items())
            },
            pain=tuple(SeriesPoint(d, float(p)) for d, p in sorted(pain[slug].items())),
        )
        for slug in sorted(volume, key=lambda s: order.get(s, len(order)))
    )


def _weaker_side(
    profile: models.Profile, today_: dt.date, language: str = "en"
) -> tuple[str | None, tuple[str, ...]]:
    """The engine's per-side comparison (reps completed and pain, the seed's unilateral rule)."""
    from kneecoach.programme.sides import weaker_side_rule

    report = weaker_side_rule(_diary(profile, until=today_).sessions)
    return report.weaker, sentences(reason_texts(report.reasons, language))


def _language(profile: models.Profile, language: str | None) -> str:
    """The page's language when it is one of ours, else the profile's."""
    return language if language in models.Language.values else profile.language


def explain(
    user: User, day: dt.date, language: str | None = None, *, today_: dt.date | None = None
) -> ExplainView:
    """Why ``day``'s doses are what they are: each exercise's dose and the decisions behind it.

    ``language`` ("en" or "nb"): reasons and names in the page's language; None: the profile's.
    ``today_``: the clock's day (None: ``day`` is today); the replay is saved only for today."""
    profile = _profile(user)
    check_day_shown(profile.start_date, day, today_)
    language = _language(profile, language)
    if profile.screening_status in LOCKED_LEVELS:
        return ExplainView(
            day=day,
            state="locked",
            doses=(),
            decisions=(),
            advice=(),
            screening=latest_screening(user),
        )
    _require_unlocked(profile)
    advice = _advice_for(profile, day, today_)
    return ExplainView(
        day=day,
        state=advice.state,
        doses=tuple(_dose_view(e.prescription.dose) for e in advice.explanations.values()),
        decisions=tuple(_decision_view(d, language) for d in advice.decisions),
        advice=sentences(reason_texts(advice.notes, language)),
        screening=latest_screening(user),
        exercises=tuple(
            ExerciseExplanation(
                exercise=slug,
                name=exercise_name(default_catalog(), slug, language),
                lines=e.lines(language),
            )
            for slug, e in advice.explanations.items()
        ),
    )


# --- export ---------------------------------------------------------------------------------------


def export(user: User, fmt: str, today_: dt.date, *, clock: dt.date | None = None) -> bytes:
    """The person's data: ``json`` (profile, diary, decisions) or ``csv`` (one row per record).
    ``clock``: the clock's day when ``today_`` is another day (the CLI's ``--date``)."""
    from kneecoach.exports import csv as csv_export
    from kneecoach.exports import json as json_export

    profile = _profile(user)
    check_day_shown(profile.start_date, today_, clock)
    diary = _diary(profile, until=today_)
    if fmt == "csv":
        return csv_export.diary_to_csv(diary)
    if fmt == "json":
        return json_export.export_to_json(
            json_export.ExportBundle(
                username=profile.user.get_username(),
                profile_uuid=str(profile.uuid),
                profile=_domain_profile(profile),
                language=profile.language,
                diary=diary,
                decisions=tuple(
                    values.Decision(
                        date=row.day,
                        exercise=row.exercise or None,
                        kind=row.kind,  # type: ignore[arg-type]
                        reasons=tuple(row.reasons),
                        before=_dose_or_none(row.exercise, row.dose_before),
                        after=_dose_or_none(row.exercise, row.dose_after),
                    )
                    for row in profile.decisions.order_by("day", "exercise")
                ),
                exported_on=today_,
                questionnaires=_filled_questionnaires(profile),
            )
        )
    raise InvalidInput(f"unknown export format {fmt!r}; use json or csv", field="format")


def _filled_questionnaires(profile: models.Profile) -> tuple[Any, ...]:
    """The outcome questionnaires (their own app, ``web.outcomes``) travel in the JSON export."""
    from kneecoach.web.outcomes.services import filled_for_export

    return filled_for_export(profile)


@dataclass(frozen=True, slots=True)
class ProgrammeSnapshot:
    """A person's programme as domain values, for the exports (calendar, handout, FHIR):
    profile, diary up to ``today``, and each exercise's dose today (none while screening
    blocks self-management)."""

    profile_uuid: str
    language: str
    profile: values.Profile
    diary: values.Diary
    doses: tuple[values.Dose, ...]


def programme_snapshot(user: User, today_: dt.date) -> ProgrammeSnapshot:
    profile = _profile(user)
    blocked = profile.screening_status in (*LOCKED_LEVELS, models.ScreeningStatus.PENDING)
    doses = (
        ()
        if blocked
        else tuple(e.prescription.dose for e in _advise(profile, today_).explanations.values())
    )
    return ProgrammeSnapshot(
        profile_uuid=str(profile.uuid),
        language=profile.language,
        profile=_domain_profile(profile),
        diary=_diary(profile, until=today_),
        doses=doses,
    )


def _dose_or_none(exercise: str, data: Mapping[str, Any] | None) -> values.Dose | None:
    return values.Dose(exercise=exercise, **data) if data else None


# --- demo data ------------------------------------------------------------------------------------


def create_demo(today_: dt.date, *, days: int = 14) -> str:
    """A demo person ("demo" / "kneecoach-demo") with ``days`` days of realistic diary.

    The diary is logged through the same functions a person uses, one day at a time, so the
    doses in it are the engine's. Pain eases over the fortnight with one sore spell in the middle
    (the knee complains after a harder session, settles after a lighter one). Re-running it
    starts the demo afresh.
    """
    get_user_model().objects.filter(username=DEMO_USERNAME).delete()
    user = ensure_user(DEMO_USERNAME, DEMO_PASSWORD)
    start = today_ - dt.timedelta(days=days)
    onboard(
        user,
        ProfileInput(
            trained=False,
            start_date=start,
            painful_side="right",
            equipment=frozenset({"mat", "mini-band", "ankle-band", "soft-ball", "wall"}),
            weekdays=frozenset(range(7)),
            baseline_pain=3,
        ),
        {q.id: "no" for q in QUESTIONS},
        start,
    )
    rng = random.Random(2026)  # noqa: S311 - the same demo every time, not security
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        sore = 4 <= offset <= 6  # a sore spell after the first week's sessions
        if offset > 0:
            morning = 6 if offset == 6 else (4 if sore else 2)
            checkin(user, day, morning, stiffness=morning >= 4, swelling=morning >= 6, today_=day)
        view = today(user, day, today_=day)
        if view.kind != "training":
            continue
        during = 4 if sore else 2
        sets = [s for item in view.items for s in _demo_sets(item, during, rng)]
        log_session(user, day, sets, pain_after=max(0, during - 1), today_=day)
    return DEMO_USERNAME


def _demo_sets(item: SessionItem, pain: int, rng: random.Random) -> list[SetInput]:
    """Sets at the prescribed dose; the right (painful) leg now and then falls a rep short and
    hurts a point more, so the progress page has a weaker side to show."""
    sides: tuple[str | None, ...] = item.sides or (None,)
    timed = item.dose.seconds is not None
    target = item.dose.reps or item.dose.seconds or 0
    result = []
    for set_number in range(1, item.dose.sets + 1):
        for side in sides:
            short = side == "right" and set_number == item.dose.sets and rng.random() < 0.5
            amount = target - (1 if short else 0)
            result.append(
                SetInput(
                    exercise=item.exercise,
                    set_number=set_number,
                    side=side,
                    reps=None if timed else amount,
                    seconds=amount if timed else None,
                    pain=min(10, pain + (1 if side == "right" else 0)),
                    load=item.dose.load,
                )
            )
    return result


def has_session(user: User, day: dt.date) -> bool:
    return models.LoggedSession.objects.filter(profile__user_id=user.pk, day=day).exists()


# --- patient pages: the onboarding wizard's screening step, settings ------------------------------


def screening_verdict(
    answers: Mapping[str, str], today_: dt.date, language: str = "en"
) -> ScreeningOutcome:
    """The red-flag screen's verdict on complete answers, saving nothing: the onboarding wizard
    stops on a red flag before any profile exists (``onboard`` saves the answers at its end)."""
    validate_answers(answers, require_all=True)
    return _screening_outcome(screen_red_flags(answers), today_, language)


def update_profile(
    user: User,
    *,
    trained: bool,
    painful_side: str,
    equipment: frozenset[str],
    weekdays: frozenset[int],
    language: str,
    today_: dt.date,
) -> ProfileView:
    """Change what the plan is built from (the settings page); the start date and the screening
    stay as they are. The calendar ahead is re-planned unless the screening locks it."""
    profile = _profile(user)
    data = ProfileInput(
        trained=trained,
        start_date=profile.start_date,
        painful_side=painful_side,
        equipment=equipment,
        weekdays=weekdays,
        baseline_pain=profile.baseline_pain,
        language=language,
        time_zone=profile.time_zone,
    )
    _validate_profile_input(data, default_catalog())
    profile.trained = trained
    profile.painful_side = painful_side
    profile.equipment = sorted(equipment)
    profile.weekdays = sorted(weekdays)
    profile.language = language
    profile.save()
    if profile.screening_status not in (*LOCKED_LEVELS, models.ScreeningStatus.PENDING):
        _refresh(profile, today_)
    return _profile_view(profile)


# --- clinicians' overrides (the clinic app's programme edits) -------------------------------------


def advice_with_overrides(
    user: User, extra: Sequence[values.ClinicianOverride], today_: dt.date
) -> tuple[Advice, Advice]:
    """The engine's advice now and as it would be with ``extra`` overrides added to the diary,
    saving nothing: the clinic's preview of a programme edit."""
    from kneecoach.programme.engine import advise

    profile = _profile(user)
    _require_unlocked(profile)
    catalog = default_catalog()
    diary = _diary(profile)
    domain = _domain_profile(profile)
    for override in extra:
        _require_exercise(catalog, override.exercise)
    proposed = replace(diary, overrides=(*diary.overrides, *extra))
    current = _advise(profile, today_, catalog)
    return current, advise(domain, catalog, proposed, today_, horizon_days=PLAN_HORIZON_DAYS)


def save_override(
    user: User, override: values.ClinicianOverride, author: User, today_: dt.date
) -> Advice:
    """Write a clinician's override into the person's diary and replay: the replay stays the one
    truth, and the saved decisions and calendar follow at once."""
    profile = _profile(user)
    _require_unlocked(profile)
    _require_exercise(default_catalog(), override.exercise)
    models.ClinicianOverride.objects.create(
        profile=profile,
        starts_on=override.date,
        exercise=override.exercise,
        dose=_dose_json(override.dose),
        note=override.note,
        created_by_id=author.pk,
    )
    return _refresh(profile, today_)


def observe_diary(user: User, today_: dt.date) -> None:
    """Tell the diary observers about this person now (a clinic has just been given consent, so
    its flags must exist before the next diary change)."""
    profile = _profile(user)
    if profile.screening_status == models.ScreeningStatus.PENDING:
        return
    if profile.screening_status in LOCKED_LEVELS:
        _notify_diary_observers(profile, _diary(profile), None, today_)
        return
    advice = _refresh(profile, today_)
    _notify_diary_observers(profile, _replay(profile, today_).diary, advice, today_)
