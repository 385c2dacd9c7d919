"""A person's data out: the diary export (JSON or CSV) and the programme snapshot the calendar,
handout and FHIR exports are made from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kneecoach.errors import InvalidInput
from kneecoach.exports import csv as csv_export
from kneecoach.exports import json as json_export
from kneecoach.programme import values
from kneecoach.programme.values import LOCKED_LEVELS
from kneecoach.web.coach import models
from kneecoach.web.coach.replay import advise
from kneecoach.web.coach.repository import User, domain_profile, load_profile, read_diary
from kneecoach.web.coach.schemas import ProgrammeSnapshot, dose_or_none
from kneecoach.web.coach.usecases.checks import check_day_shown
from kneecoach.web.outcomes.models import filled_for_export


def export(user: User, fmt: str, today_: dt.date, *, clock: dt.date | None = None) -> bytes:
    """The person's data: ``json`` (profile, diary, decisions) or ``csv`` (one row per record).
    ``clock``: the clock's day when ``today_`` is another day (the CLI's ``--date``)."""
    profile = load_profile(user)
    check_day_shown(profile.start_date, today_, clock)
    diary = read_diary(profile, until=today_)
    if fmt == "csv":
        return csv_export.diary_to_csv(diary)
    if fmt == "json":
        return json_export.export_to_json(
            json_export.ExportBundle(
                username=profile.user.get_username(),
                profile_uuid=str(profile.uuid),
                profile=domain_profile(profile),
                language=profile.language,
                diary=diary,
                decisions=tuple(
                    values.Decision(
                        date=row.day,
                        exercise=row.exercise or None,
                        kind=row.kind,  # type: ignore[arg-type]
                        reasons=tuple(row.reasons),
                        before=dose_or_none(row.exercise, row.dose_before),
                        after=dose_or_none(row.exercise, row.dose_after),
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
    return filled_for_export(profile)


def programme_snapshot(user: User, today_: dt.date) -> ProgrammeSnapshot:
    profile = load_profile(user)
    blocked = profile.screening_status in (*LOCKED_LEVELS, models.ScreeningStatus.PENDING)
    prescriptions = (
        ()
        if blocked
        else tuple(e.prescription for e in advise(profile, today_).explanations.values())
    )
    return ProgrammeSnapshot(
        profile_uuid=str(profile.uuid),
        language=profile.language,
        profile=domain_profile(profile),
        diary=read_diary(profile, until=today_),
        doses=tuple(p.dose for p in prescriptions),
        prescriptions=prescriptions,
    )
