"""A person's outcome schedule (the weeks a clinician chose, the knee form), what is due now,
every response scored and each scale over time; and the responses as the FHIR export takes them."""

from __future__ import annotations

import datetime as dt

from kneecoach.errors import InvalidInput
from kneecoach.programme import questionnaires as q
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.compiled import CompiledRead
from kneecoach.web.outcomes import models
from kneecoach.web.outcomes.schemas import (
    DueNotice,
    DueView,
    OutcomesView,
    ScalePoint,
    ScaleSeries,
)
from kneecoach.web.outcomes.usecases.answers import (
    User,
    notify_observers,
    response_view,
)

# What is due, read on every Today page (and by the clinic's flags): two small queries, each
# compiled once per process.
_SCHEDULE = CompiledRead(
    lambda pk: (
        models.OutcomeSchedule.objects.filter(profile_id=pk)
        .order_by("pk")
        .values_list("weeks", "knee_form")[:1]
    ),
    int,
)
_FILLED = CompiledRead(
    lambda pk: models.QuestionnaireResponse.objects.filter(profile_id=pk).values_list(
        "questionnaire", "answered_on"
    ),
    int,
)


def _schedule_of(profile: coach_models.Profile) -> tuple[tuple[int, ...], q.QuestionnaireId]:
    row = _SCHEDULE.first(profile.pk)
    if row is None:
        return q.DEFAULT_WEEKS, "koos12"
    weeks, knee_form = row
    return tuple(weeks), "koos" if knee_form == "koos" else "koos12"


def set_schedule(
    profile: coach_models.Profile,
    weeks: list[int],
    knee_form: str = "koos12",
    *,
    by: User | None = None,
    today_: dt.date | None = None,
) -> tuple[int, ...]:
    """A clinician's schedule for one person: the weeks (from the start date) and the knee form
    (``koos12`` or the full ``koos``). With ``today_``, what is due is reconsidered at once."""
    chosen = q.validate_weeks(weeks)
    if knee_form not in ("koos", "koos12"):
        raise InvalidInput("the knee form is koos or koos12", field="knee_form")
    models.OutcomeSchedule.objects.update_or_create(
        profile=profile,
        defaults={
            "weeks": list(chosen),
            "knee_form": knee_form,
            "set_by_id": by.pk if by else None,
        },
    )
    if today_ is not None:
        notify_observers(profile, today_)
    return chosen


def _due_view(form: q.DueForm) -> DueView:
    return DueView(form.week, form.due_on, form.questionnaires, form.done, form.missing)


def _series(rows: list[models.QuestionnaireResponse], language: str) -> tuple[ScaleSeries, ...]:
    result = []
    for qid in q.QUESTIONNAIRE_IDS:
        form = q.questionnaire(qid)
        scored = [
            (row.answered_on, q.score_answers(qid, row.answers))
            for row in rows
            if row.questionnaire == qid
        ]
        for scale in form.scales:
            points = tuple(
                ScalePoint(day, value)
                for day, s in scored
                if (value := s.get(scale.key)) is not None
            )
            if not points:
                continue
            change = (
                q.change_from_baseline(scale, points[0].value, points[-1].value)
                if len(points) > 1
                else None
            )
            result.append(
                ScaleSeries(
                    questionnaire=qid,
                    scale=scale.key,
                    name=scale.name.get(language),
                    low=scale.low,
                    high=scale.high,
                    higher_is_better=scale.higher_is_better,
                    mic=scale.mic,
                    mic_source=scale.mic_source,
                    points=points,
                    change=change.points if change else None,
                    important_improvement=bool(change and change.important),
                    important_worsening=bool(change and change.important_worsening),
                )
            )
    return tuple(result)


def outcomes_for_profile(
    profile: coach_models.Profile, today_: dt.date, language: str = "en"
) -> OutcomesView:
    """A person's schedule, what is due now, every response scored, and each scale over time."""
    weeks, knee_form = _schedule_of(profile)
    rows = list(profile.questionnaires.order_by("answered_on", "id"))
    filled = [(row.questionnaire, row.answered_on) for row in rows]
    schedule = q.outcome_schedule(profile.start_date, weeks, filled, knee_form)  # type: ignore[arg-type]
    due = q.due_now(schedule, today_)
    return OutcomesView(
        start_date=profile.start_date,
        weeks=weeks,
        knee_form=knee_form,
        due_now=_due_view(due) if due else None,
        schedule=tuple(_due_view(f) for f in schedule),
        responses=tuple(response_view(row, language) for row in rows),
        series=_series(rows, language),
    )


def due_for_profile(profile: coach_models.Profile, today_: dt.date) -> q.DueForm | None:
    """The current window's forms if any is missing (``questionnaires.due_now``), without
    scoring anything: two small queries, cheap enough for Today and the clinic's flags."""
    weeks, knee_form = _schedule_of(profile)
    filled = _FILLED.rows(profile.pk)
    schedule = q.outcome_schedule(profile.start_date, weeks, filled, knee_form)
    return q.due_now(schedule, today_)


def due_notice(
    user: User,
    today_: dt.date,
    language: str = "en",
    *,
    profile: coach_models.Profile | None = None,
) -> DueNotice | None:
    """The notice on the person's Today page: None when nothing is due (or no profile yet).
    ``profile``: the person's profile as this request already read it (None: read it)."""
    if profile is None:
        profile = coach.profile_record(user)
    elif profile.user_id != user.pk:
        raise ValueError("the profile passed is another person's")
    due = due_for_profile(profile, today_) if profile is not None else None
    if due is None:
        return None
    return DueNotice(
        week=due.week,
        due_on=due.due_on,
        missing=due.missing,
        titles=tuple(q.questionnaire(qid).title.get(language) for qid in due.missing),
        first=due.missing[0],
    )


def outcomes(user: User, today_: dt.date, language: str | None = None) -> OutcomesView:
    profile = coach.require_profile_record(user)
    return outcomes_for_profile(profile, today_, language or profile.language)
