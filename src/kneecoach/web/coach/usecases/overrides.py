"""Clinicians' programme edits (the clinic app's use of the engine's overrides): preview, save,
and telling the diary observers about a person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from kneecoach.catalog.loader import default_catalog
from kneecoach.catalog.schema import Catalog
from kneecoach.programme import engine, values
from kneecoach.programme.engine import Advice
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.web.coach import models
from kneecoach.web.coach.replay import (
    PLAN_HORIZON_DAYS,
    advise,
    notify_diary_observers,
    refresh,
    replay,
)
from kneecoach.web.coach.repository import User, domain_profile, load_profile, read_diary
from kneecoach.web.coach.schemas import dose_json
from kneecoach.web.coach.usecases.checks import require_exercise, require_unlocked


def advice_with_overrides(
    user: User, extra: Sequence[values.ClinicianOverride], today_: dt.date
) -> tuple[Advice, Advice]:
    """The engine's advice now and as it would be with ``extra`` overrides added to the diary,
    saving nothing: the clinic's preview of a programme edit."""
    profile = load_profile(user)
    require_unlocked(profile)
    catalog = default_catalog()
    diary = read_diary(profile)
    domain = domain_profile(profile)
    for override in extra:
        _require_exercises(catalog, override)
    proposed = replace(diary, overrides=(*diary.overrides, *extra))
    current = advise(profile, today_, catalog)
    return current, engine.advise(domain, catalog, proposed, today_, horizon_days=PLAN_HORIZON_DAYS)


def save_override(
    user: User, override: values.ClinicianOverride, author: User, today_: dt.date
) -> Advice:
    """Write a clinician's override into the person's diary and replay: the replay stays the one
    truth, and the saved decisions and calendar follow at once."""
    profile = load_profile(user)
    require_unlocked(profile)
    _require_exercises(default_catalog(), override)
    models.ClinicianOverride.objects.create(
        profile=profile,
        starts_on=override.date,
        kind=override.kind,
        exercise=override.exercise,
        replacement=override.replacement or "",
        dose=dose_json(override.dose),
        note=override.note,
        created_by_id=author.pk,
    )
    return refresh(profile, today_)


def _require_exercises(catalog: Catalog, override: values.ClinicianOverride) -> None:
    """The exercises an override names are in the catalogue (a pause or a resume names none)."""
    for slug in (override.exercise, override.replacement):
        if slug:
            require_exercise(catalog, slug)


def observe_diary(user: User, today_: dt.date) -> None:
    """Tell the diary observers about this person now (a clinic has just been given consent, so
    its flags must exist before the next diary change)."""
    profile = load_profile(user)
    if profile.screening_status == models.ScreeningStatus.PENDING:
        return
    if profile.screening_status in LOCKED_LEVELS:
        notify_diary_observers(profile, read_diary(profile), None, today_)
        return
    advice = refresh(profile, today_)
    notify_diary_observers(profile, replay(profile, today_).diary, advice, today_)
