"""The coach app's public interface: the use cases of kneecoach and the values they return.

Other apps, the CLI, the pages and the JSON API import this module (and ``models``), never the
modules behind it, so the three never disagree and the app can move its insides freely. Nothing
is defined here; each name is re-exported from the module that owns it:

- ``usecases/``: one module per thing a person does (onboarding, today, diary, plan, progress,
  explain, export, overrides, accounts);
- ``schemas``: the frozen dataclasses the use cases return;
- ``replay``: the engine's replay, remembered per process, and ``DIARY_OBSERVERS``;
- ``repository``: the diary and the saved advice to and from the ORM;
- ``demo``: the demo person.

Rules of the use cases:

- Plain values in (a user, dates, dataclasses), plain frozen dataclasses out (never querysets or
  model instances: the one exception, ``profile_record``, is the profile a request edge reads once
  and passes back in), so a page and its JSON twin serialize the same data.
- ``today`` is always a parameter: the clock is read at the edge (CLI option default, request).
- No transactions are opened here: the web closes them at the request (ATOMIC_REQUESTS) and the
  CLI wraps each command in ``transaction.atomic()``.
- Every refusal is a ``kneecoach.errors.KneecoachError`` naming the field at fault.
- No dose is decided here: ``kneecoach.programme.engine.advise`` replays the diary; the coach
  saves what it said (decisions, the planned calendar) for display, audit and stable calendar UIDs.
"""

from __future__ import annotations

from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.web.coach.demo import DEMO_PASSWORD, DEMO_USERNAME, create_demo
from kneecoach.web.coach.inputs import SET_SIDES, ProfileInput, SetInput, StopInput
from kneecoach.web.coach.replay import DIARY_OBSERVERS, PLAN_HORIZON_DAYS, DiaryObserver
from kneecoach.web.coach.repository import User
from kneecoach.web.coach.schemas import (
    CheckinView,
    DecisionView,
    DoseView,
    ExerciseExplanation,
    ExerciseSeries,
    ExplainView,
    LoggedExercise,
    OnboardResult,
    PlanDay,
    PlanItem,
    PlanView,
    ProfileView,
    ProgrammeSnapshot,
    ProgressView,
    ScreeningChoice,
    ScreeningOutcome,
    ScreeningQuestion,
    SeriesPoint,
    SessionItem,
    SessionView,
    SetView,
    StopView,
    TodayView,
    WeekSessions,
)
from kneecoach.web.coach.usecases.accounts import (
    ensure_user,
    find_profile,
    get_profile,
    has_profile,
    profile_record,
    require_profile_record,
    resolve_user,
)
from kneecoach.web.coach.usecases.checks import DAYS_AHEAD_SHOWN, check_day_shown
from kneecoach.web.coach.usecases.diary import (
    checkin,
    checkin_asks_before_session,
    delete_set,
    has_session,
    log_session,
    log_set,
    record_pain_after,
    report_stop,
    session_view,
)
from kneecoach.web.coach.usecases.explain import explain
from kneecoach.web.coach.usecases.export import export, programme_snapshot
from kneecoach.web.coach.usecases.onboarding import (
    latest_screening,
    onboard,
    rescreen,
    screening_questions,
    screening_verdict,
    update_profile,
)
from kneecoach.web.coach.usecases.overrides import (
    advice_with_overrides,
    observe_diary,
    save_override,
)
from kneecoach.web.coach.usecases.plan import plan
from kneecoach.web.coach.usecases.presenting import (
    decision_view,
    dose_words,
    exercise_name,
    in_place_of_name,
    performed_label,
    plan_item,
    relief_advice,
    relief_advice_sentences,
    stop_event_words,
)
from kneecoach.web.coach.usecases.progress import progress, set_adherence
from kneecoach.web.coach.usecases.today import (
    last_screened_on,
    rescreen_due,
    today,
)

__all__ = [
    "DAYS_AHEAD_SHOWN",
    "DEMO_PASSWORD",
    "DEMO_USERNAME",
    "DIARY_OBSERVERS",
    "LOCKED_LEVELS",
    "PLAN_HORIZON_DAYS",
    "SET_SIDES",
    "CheckinView",
    "DecisionView",
    "DiaryObserver",
    "DoseView",
    "ExerciseExplanation",
    "ExerciseSeries",
    "ExplainView",
    "LoggedExercise",
    "OnboardResult",
    "PlanDay",
    "PlanItem",
    "PlanView",
    "ProfileInput",
    "ProfileView",
    "ProgrammeSnapshot",
    "ProgressView",
    "ScreeningChoice",
    "ScreeningOutcome",
    "ScreeningQuestion",
    "SeriesPoint",
    "SessionItem",
    "SessionView",
    "SetInput",
    "SetView",
    "StopInput",
    "StopView",
    "TodayView",
    "User",
    "WeekSessions",
    "advice_with_overrides",
    "check_day_shown",
    "checkin",
    "checkin_asks_before_session",
    "create_demo",
    "decision_view",
    "delete_set",
    "dose_words",
    "ensure_user",
    "exercise_name",
    "explain",
    "export",
    "find_profile",
    "get_profile",
    "has_profile",
    "has_session",
    "in_place_of_name",
    "last_screened_on",
    "latest_screening",
    "log_session",
    "log_set",
    "observe_diary",
    "onboard",
    "performed_label",
    "plan",
    "plan_item",
    "profile_record",
    "programme_snapshot",
    "progress",
    "record_pain_after",
    "relief_advice",
    "relief_advice_sentences",
    "report_stop",
    "require_profile_record",
    "rescreen",
    "rescreen_due",
    "resolve_user",
    "save_override",
    "screening_questions",
    "screening_verdict",
    "session_view",
    "set_adherence",
    "stop_event_words",
    "today",
    "update_profile",
]
