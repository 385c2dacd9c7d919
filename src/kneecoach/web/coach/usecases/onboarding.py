"""Onboarding and the red-flag screening: the questions, the verdict, saving the profile and its
calendar, screening again, and the settings page's profile changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.errors import InvalidInput
from kneecoach.programme import values
from kneecoach.programme.reasons import reason_texts
from kneecoach.programme.screening import (
    QUESTIONS,
    given_answers,
    screen_red_flags,
    validate_answers,
)
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.web.coach import models
from kneecoach.web.coach.inputs import ProfileInput
from kneecoach.web.coach.replay import notify_diary_observers, refresh
from kneecoach.web.coach.repository import User, load_profile, read_diary
from kneecoach.web.coach.schemas import (
    OnboardResult,
    ProfileView,
    ScreeningChoice,
    ScreeningOutcome,
    ScreeningQuestion,
)
from kneecoach.web.coach.usecases.accounts import profile_view


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


def validate_profile_input(data: ProfileInput, catalog: Catalog) -> values.Profile:
    known = {item.slug for item in catalog.equipment}
    unknown = sorted(set(data.equipment) - known)
    if unknown:
        raise InvalidInput(
            f"unknown equipment {', '.join(unknown)}; known: {', '.join(sorted(known))}",
            field="equipment",
        )
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
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(f"unknown time zone {name!r}", field="time_zone") from None


def checked_answers(answers: Mapping[str, str]) -> dict[str, str]:
    """The screening answers the page, the API and the CLI send, blanks left out
    (``screening.given_answers``: S5C is blank when it does not apply), every required question
    answered and every answer one its question takes; else ``InvalidInput`` naming the
    question."""
    given = given_answers(answers)
    validate_answers(given, require_all=True)
    return given


def onboard(
    user: User, data: ProfileInput, answers: Mapping[str, str], today: dt.date
) -> OnboardResult:
    """Screen first, then save (or update) the profile and plan the calendar.

    A locked screening (surgical, urgent, emergency) is saved with the profile, so the advice is
    on record, but no plan is made: ``today()`` and the logging functions then refuse with the
    advice.
    """
    catalog = default_catalog()
    checked = validate_profile_input(data, catalog)
    answers = checked_answers(answers)
    profile, _ = models.Profile.objects.update_or_create(
        user_id=user.pk,
        defaults={
            "trained": data.trained,
            "start_date": data.start_date,
            "painful_side": checked.painful_side,
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
        refresh(profile, today, catalog)
    return OnboardResult(profile=profile_view(profile), screening=outcome)


def rescreen(user: User, answers: Mapping[str, str], today: dt.date) -> ScreeningOutcome:
    """Answer the red-flag questions again (weekly, or when something new happens)."""
    profile = load_profile(user)
    answers = checked_answers(answers)
    outcome = _save_screening(profile, answers, today)
    if not outcome.locked:
        refresh(profile, today)
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
        notify_diary_observers(profile, read_diary(profile), None, today)
    return screening_outcome(result, today, profile.language)


def screening_outcome(
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


def screening_verdict(
    answers: Mapping[str, str], today_: dt.date, language: str = "en"
) -> ScreeningOutcome:
    """The red-flag screen's verdict on complete answers, saving nothing: the onboarding wizard
    stops on a red flag before any profile exists (``onboard`` saves the answers at its end)."""
    answers = checked_answers(answers)
    return screening_outcome(screen_red_flags(answers), today_, language)


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
    profile = load_profile(user)
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
    validate_profile_input(data, default_catalog())
    profile.trained = trained
    profile.painful_side = painful_side
    profile.equipment = sorted(equipment)
    profile.weekdays = sorted(weekdays)
    profile.language = language
    profile.save()
    if profile.screening_status not in (*LOCKED_LEVELS, models.ScreeningStatus.PENDING):
        refresh(profile, today_)
    return profile_view(profile)
