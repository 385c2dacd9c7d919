"""The plan: the calendar of training, rest and relief days, each with its doses and sets done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Max

from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput
from kneecoach.programme.outcomes import session_done_rule
from kneecoach.web.coach import models
from kneecoach.web.coach.replay import PLAN_HORIZON_DAYS, advice_for
from kneecoach.web.coach.repository import User, calendar_items, load_profile
from kneecoach.web.coach.schemas import (
    DoseView,
    PlanDay,
    PlanItem,
    PlanView,
    dose_view,
    dose_view_json,
)
from kneecoach.web.coach.usecases.checks import check_day_shown, require_unlocked
from kneecoach.web.coach.usecases.presenting import plan_item
from kneecoach.web.coach.usecases.progress import logged_set_keys, sets_of_day


def plan(
    user: User,
    day: dt.date,
    *,
    days: int = 14,
    past_days: int = 0,
    today_: dt.date | None = None,
    language: str | None = None,
) -> PlanView:
    """The calendar from ``day - past_days`` for ``days`` days: training, rest, relief.

    Each day's items say what to actually do (``performed_as``: a variant or a substitute for
    missing equipment), as Today does, named in ``language`` (None: the profile's).
    ``today_``: the clock's day (None: ``day`` is today); the plan is saved only for today."""
    if not 1 <= days <= PLAN_HORIZON_DAYS:
        raise InvalidInput(f"days must be from 1 to {PLAN_HORIZON_DAYS}", field="days")
    if past_days < 0:
        raise InvalidInput("past days cannot be negative", field="past_days")
    profile = load_profile(user)
    language = language if language in models.Language.values else profile.language
    catalog = default_catalog()
    check_day_shown(profile.start_date, day, today_)
    require_unlocked(profile)
    advice = advice_for(profile, day, today_)
    past_days = min(past_days, max(0, (day - profile.start_date).days))  # none before the start
    first = day - dt.timedelta(days=past_days)
    last = day + dt.timedelta(days=days - 1)
    stops = dict(
        profile.sessions.filter(day__range=(first, last)).values_list("day", "stop_events")
    )
    logged_days = set(stops)
    logged_sets = logged_set_keys(profile, first, last)
    highest_pain = _highest_pain(profile, first, last)

    def counts(day: dt.date, items: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
        counted = sets_of_day(items, logged_sets.get(day, set()))
        done = day in logged_days and session_done_rule(
            counted["sets_done"],
            counted["sets_prescribed"],
            stop_events=stops.get(day) or (),
            highest_pain=highest_pain.get(day),
        )
        return {**counted, "done": done}

    saved = {
        row.day: row for row in profile.scheduled.filter(day__range=(first, last)).order_by("day")
    }
    named: dict[tuple[str, str, DoseView, str | None], PlanItem] = {}

    def item(
        exercise: str, performed_as: str, dose: DoseView, substitute_for: str | None
    ) -> PlanItem:
        # the same few prescriptions recur on every training day: name each once
        key = (exercise, performed_as, dose, substitute_for)
        found = named.get(key)
        if found is None:
            found = named[key] = plan_item(
                catalog, exercise, performed_as, dose, language, substitute_for
            )
        return found

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
                    items=tuple(
                        item(p.exercise, p.performed_as, dose_view(p.dose), p.substitute_for)
                        for p in planned.prescriptions
                    ),
                    logged=planned.date in logged_days,
                    **counts(planned.date, calendar_items(planned, {})),
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
                    item(
                        saved_item["exercise"],
                        saved_item["performed_as"],
                        view,
                        # a day saved before the plan kept it has no such key
                        saved_item.get("substitute_for"),
                    )
                    for saved_item in row.items
                    if (view := dose_view_json(saved_item["exercise"], saved_item["dose"]))
                    is not None
                ),
                logged=day in logged_days,
                **counts(day, row.items if row.kind == "training" else []),
            )
        )
    return PlanView(state=advice.state, days=tuple(sorted(result, key=lambda d: d.day)))


def _highest_pain(profile: models.Profile, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """The highest pain logged in a set on each day from ``first`` to ``last`` (a set at 8/10
    stops the session: ``outcomes.session_done_rule``)."""
    rows = (
        models.LoggedSet.objects.filter(session__profile=profile, session__day__range=(first, last))
        .values_list("session__day")
        .annotate(highest=Max("pain"))
        .order_by()
    )
    return dict(rows)
