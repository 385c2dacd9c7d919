"""Filling in a questionnaire and reading back the person's responses, scored; the observers
that are told when the answers or the schedule change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

from django.contrib.auth.models import AbstractBaseUser

from kneecoach.errors import InvalidInput
from kneecoach.programme import questionnaires as q
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import models
from kneecoach.web.outcomes.schemas import ResponseView, ScoreView

User = AbstractBaseUser
OutcomeObserver = Callable[[coach_models.Profile, dt.date], None]
OUTCOME_OBSERVERS: list[OutcomeObserver] = []
"""Called after a questionnaire is filled in or the schedule changes, with the person and today.
The clinic app keeps its "questionnaire due" flag there (``web/clinic/flagging.py``)."""


def notify_observers(profile: coach_models.Profile, today_: dt.date) -> None:
    for observer in OUTCOME_OBSERVERS:
        observer(profile, today_)


def response_view(row: models.QuestionnaireResponse, language: str) -> ResponseView:
    """One saved response with its scores, titles in ``language``."""
    form = q.questionnaire(row.questionnaire)
    scores = q.score_answers(form.id, row.answers)
    return ResponseView(
        id=str(row.uuid),
        questionnaire=form.id,
        title=form.title.get(language),
        answered_on=row.answered_on,
        answers=dict(row.answers),
        scores=tuple(
            ScoreView(scale.key, scale.name.get(language), scores.get(scale.key))
            for scale in form.scales
        ),
    )


def fill(
    user: User,
    qid: str,
    answers: Mapping[str, int | str | None],
    day: dt.date,
    *,
    today_: dt.date,
    language: str = "en",
) -> ResponseView:
    """Save one filled questionnaire (validated item by item, refused when no score at all can
    be computed from it: ``questionnaires.scorable_answers``) and return it scored."""
    if day > today_:
        raise InvalidInput("a questionnaire cannot be dated in the future", field="date")
    profile = coach.require_profile_record(user)
    clean = q.scorable_answers(qid, answers)
    row = models.QuestionnaireResponse.objects.create(
        profile=profile, questionnaire=qid, answered_on=day, answers=clean
    )
    notify_observers(profile, today_)
    return response_view(row, language)


def responses(user: User, language: str = "en") -> tuple[ResponseView, ...]:
    rows = coach.require_profile_record(user).questionnaires.order_by("answered_on", "id")
    return tuple(response_view(row, language) for row in rows)
