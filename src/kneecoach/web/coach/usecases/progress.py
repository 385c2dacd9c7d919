"""Progress: the charts' series, adherence in prescribed sets, the weaker side, the decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme import outcomes
from kneecoach.programme.reasons import reason_texts
from kneecoach.programme.sides import weaker_side_rule
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.programme.wording import sentences
from kneecoach.web.coach import models
from kneecoach.web.coach.replay import advise
from kneecoach.web.coach.repository import User, load_profile, read_diary
from kneecoach.web.coach.schemas import ExerciseSeries, ProgressView, SeriesPoint, WeekSessions
from kneecoach.web.coach.usecases.checks import check_day_shown, page_language
from kneecoach.web.coach.usecases.presenting import (
    exercise_name,
    performed_label,
    performed_now_label,
    saved_decisions,
)


def logged_set_keys(
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


def sets_of_day(items: Iterable[Mapping[str, Any]], logged: set[outcomes.SetKey]) -> dict[str, int]:
    counted = outcomes.set_adherence_rule([(_prescribed_sets(items), logged)])
    return {"sets_prescribed": counted.prescribed, "sets_done": counted.done}


def set_adherence(profile: models.Profile, today_: dt.date) -> outcomes.SetAdherence:
    """Adherence in prescribed sets: every planned training day from the start up to
    yesterday, and today once a set is logged, against the sets logged on it (Progress, the
    CLI and the API count the same)."""
    start = profile.start_date
    logged = logged_set_keys(profile, start, today_)
    rows = profile.scheduled.filter(day__range=(start, today_), kind="training")
    return outcomes.set_adherence_rule(
        (_prescribed_sets(row.items), logged.get(row.day, set()))
        for row in rows
        if row.day < today_ or row.day in logged
    )


def weekly_sessions(
    profile: models.Profile,
    today_: dt.date,
    off_periods: Sequence[tuple[dt.date, dt.date | None]] = (),
) -> tuple[WeekSessions, ...]:
    """Per week since the start, the saved plan's training days and the days with a session
    logged, outside relief and locked periods (``outcomes.sessions_per_week_rule``, with the
    replay's ``off_periods``): the days the Plan shows, which adherence is measured against.
    Progress's session count, its weekly chart, the API and the terminal all read these."""
    start = profile.start_date
    logged = set(profile.sessions.filter(day__range=(start, today_)).values_list("day", flat=True))
    plan = profile.scheduled.filter(day__range=(start, today_)).values_list("day", "kind")
    weeks = outcomes.sessions_per_week_rule(plan, logged, today_, off_periods)
    return tuple(WeekSessions(monday, planned, done) for monday, planned, done in weeks)


def progress(
    user: User, today_: dt.date, language: str | None = None, *, clock: dt.date | None = None
) -> ProgressView:
    """Series for charts: volume per exercise and side, pain during / after / next morning,
    adherence to the planned calendar, the weaker side, and the engine's decisions.

    ``language`` ("en" or "nb"): names and reasons in the page's language; None: the profile's.
    ``clock``: the clock's day when ``today_`` is another day (the CLI's ``--date``). Saves
    nothing."""
    profile = load_profile(user)
    check_day_shown(profile.start_date, today_, clock)
    catalog = default_catalog()
    language = page_language(profile, language)
    sets = list(
        models.LoggedSet.objects.filter(session__profile=profile, session__day__lte=today_)
        .select_related("session")
        .order_by("session__day", "exercise", "set_number")
    )
    names = _names_done(profile, catalog, sets, language)
    series = _exercise_series(catalog, sets, names)
    pain_during: dict[dt.date, int] = {}
    for row in sets:
        day = row.session.day
        pain_during[day] = max(pain_during.get(day, 0), row.pain)
    sessions = profile.sessions.filter(day__lte=today_).order_by("day")
    checkins = profile.checkins.filter(day__lte=today_).order_by("day")
    advice = (
        advise(profile, today_, catalog)
        if profile.screening_status
        not in (
            *LOCKED_LEVELS,
            models.ScreeningStatus.PENDING,
        )
        else None
    )
    weaker, weaker_reasons = _weaker_side(profile, today_, language)
    by_sets = set_adherence(profile, today_)
    weeks = weekly_sessions(profile, today_, advice.off_periods) if advice else ()
    by_sessions = outcomes.adherence_rule(sum(w.planned for w in weeks), sum(w.done for w in weeks))
    return ProgressView(
        exercises=series,
        pain_during=tuple(SeriesPoint(d, float(p)) for d, p in sorted(pain_during.items())),
        pain_after=tuple(
            SeriesPoint(s.day, float(s.pain_after)) for s in sessions if s.pain_after is not None
        ),
        pain_morning=tuple(SeriesPoint(c.day, float(c.pain)) for c in checkins),
        planned_sessions=by_sessions.planned,
        done_sessions=by_sessions.logged,
        adherence=by_sets.share if advice else None,
        sets_prescribed=by_sets.prescribed,
        sets_done=by_sets.done,
        weaker_side=weaker,
        weaker_side_reasons=weaker_reasons,
        decisions=tuple(saved_decisions(profile, language=language)),
        weeks=weeks,
    )


def _names_done(
    profile: models.Profile, catalog: Catalog, sets: Sequence[models.LoggedSet], language: str
) -> dict[str, str]:
    """Each exercise of ``sets``, named as the version done on the latest day it was planned
    (``performed_label``: "Slow side steps without a band (in place of Side steps with a
    band)"), else the version the person's equipment gives now: the charts' legends name what
    was done, not equipment the person does not have."""
    days = {row.session.day for row in sets}
    names: dict[str, str] = {}
    planned = profile.scheduled.filter(day__in=days, kind="training").order_by("-day")
    for items in planned.values_list("items", flat=True):
        for item in items:
            if item["exercise"] not in names:
                level = int((item.get("dose") or {}).get("level", 0))
                names[item["exercise"]] = performed_label(
                    catalog, item["exercise"], item["performed_as"], language, level
                )
    equipment = frozenset(profile.equipment)
    for exercise in {row.exercise for row in sets} - names.keys():
        names.setdefault(exercise, performed_now_label(catalog, exercise, 0, equipment, language))
    return names


def _exercise_series(
    catalog: Catalog, sets: Sequence[models.LoggedSet], names: Mapping[str, str]
) -> tuple[ExerciseSeries, ...]:
    volume: dict[str, dict[str, dict[dt.date, float]]] = {}
    pain: dict[str, dict[dt.date, int]] = {}
    side_pain: dict[str, dict[str, dict[dt.date, int]]] = {}
    units: dict[str, str] = {}
    for row in sets:
        day = row.session.day
        amount = row.reps if row.reps is not None else row.seconds or 0
        units[row.exercise] = "reps" if row.reps is not None else "s"
        by_side = volume.setdefault(row.exercise, {}).setdefault(row.side, {})
        by_side[day] = by_side.get(day, 0.0) + amount
        by_day = pain.setdefault(row.exercise, {})
        by_day[day] = max(by_day.get(day, 0), row.pain)
        on_side = side_pain.setdefault(row.exercise, {}).setdefault(row.side, {})
        on_side[day] = max(on_side.get(day, 0), row.pain)
    order = {slug: i for i, slug in enumerate(catalog.slugs)}
    return tuple(
        ExerciseSeries(
            exercise=slug,
            name=names.get(slug) or exercise_name(catalog, slug),
            unit=units[slug],
            volume={
                side: tuple(SeriesPoint(d, v) for d, v in sorted(points.items()))
                for side, points in sorted(volume[slug].items())
            },
            pain=tuple(SeriesPoint(d, float(p)) for d, p in sorted(pain[slug].items())),
            side_pain={
                side: tuple(SeriesPoint(d, float(p)) for d, p in sorted(points.items()))
                for side, points in sorted(side_pain[slug].items())
            },
        )
        for slug in sorted(volume, key=lambda s: order.get(s, len(order)))
    )


def _weaker_side(
    profile: models.Profile, today_: dt.date, language: str = "en"
) -> tuple[str | None, tuple[str, ...]]:
    """The engine's per-side comparison (reps completed and pain, the seed's unilateral rule)."""
    report = weaker_side_rule(read_diary(profile, until=today_).sessions)
    return report.weaker, sentences(reason_texts(report.reasons, language))
