"""Use cases of sharing a programme: the calendar feed, handouts, downloads, the FHIR bundle.

The formats themselves are pure functions in ``kneecoach.exports``; this module loads what they
need (through the coach's and the outcomes' use cases), words it in the person's language and
keeps the little state the calendar feed needs (its token, each event's SEQUENCE).
Same rules as ``coach/services.py``: plain values in and out, the clock passed in, no
transactions opened here, refusals as ``KneecoachError``.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kneecoach.catalog.illustration import render_svg_frame
from kneecoach.catalog.loader import default_catalog
from kneecoach.errors import InvalidInput, NotFound, ScreeningBlocked
from kneecoach.exports import fhir, ics, pdf
from kneecoach.programme import pain
from kneecoach.programme.reasons import describe_dose
from kneecoach.programme.values import Dose
from kneecoach.web.clinic import services as clinic
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.outcomes import services as outcomes
from kneecoach.web.sharing import models

User = AbstractBaseUser
ExportFormat = Literal["ics", "pdf", "fhir", "csv", "json"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("ics", "pdf", "fhir", "csv", "json")
FEED_PAST_DAYS = 28
"""How far back the feed keeps past sessions (as they were planned), so a calendar app does not
drop last week's sessions when it refreshes."""
LOGGING_SHEET_SESSIONS = 3


@dataclass(frozen=True, slots=True)
class Download:
    data: bytes
    content_type: str
    filename: str


@dataclass(frozen=True, slots=True)
class FeedView:
    """The person's calendar feed: its path (``/calendar/<token>.ics``) while it is live."""

    active: bool
    path: str | None
    created_at: dt.datetime | None
    last_fetched_at: dt.datetime | None


# --- the calendar feed ----------------------------------------------------------------------------


def _profile(user: User) -> coach_models.Profile:
    profile = coach_models.Profile.objects.filter(user_id=user.pk).first()
    if profile is None:
        raise NotFound("no profile yet: set one up first (`kneecoach init`)", field="user")
    return profile


def _feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


def _live_feed(profile: coach_models.Profile) -> models.CalendarFeed | None:
    return profile.calendar_feeds.filter(revoked_at__isnull=True).first()


def feed_status(user: User) -> FeedView:
    feed = _live_feed(_profile(user))
    if feed is None:
        return FeedView(False, None, None, None)
    return FeedView(True, _feed_path(feed.token), feed.created_at, feed.last_fetched_at)


def create_feed(user: User, now: dt.datetime) -> FeedView:
    """A new feed URL; the old one, if any, stops working (a new URL is how a person takes
    the calendar away from an app or a person they no longer want to have it)."""
    revoke_feed(user, now)
    models.CalendarFeed.objects.create(profile=_profile(user), token=secrets.token_urlsafe(32))
    return feed_status(user)


def revoke_feed(user: User, now: dt.datetime) -> FeedView:
    _profile(user).calendar_feeds.filter(revoked_at__isnull=True).update(revoked_at=now)
    return feed_status(user)


def calendar_for_token(token: str, now: dt.datetime) -> bytes:
    """The feed behind a token; an unknown or revoked token is ``NotFound`` (the same answer,
    so the feed does not tell which tokens ever existed)."""
    feed = (
        models.CalendarFeed.objects.select_related("profile__user")
        .filter(token=token, revoked_at__isnull=True)
        .first()
    )
    if feed is None:
        raise NotFound("no such calendar", field="token")
    models.CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
    return calendar(feed.profile.user, now)


def _local_today(profile: coach_models.Profile, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(profile.time_zone)).date()


def _dose(view: coach.DoseView) -> Dose:
    return Dose(
        exercise=view.exercise,
        level=view.level,
        sets=view.sets,
        reps=view.reps,
        seconds=view.seconds,
        per_side=view.per_side,
        load=view.load,
    )


def _dose_line(dose: Dose, language: str) -> str:
    name = coach.exercise_name(default_catalog(), dose.exercise, language)
    load = f" ({dose.load})" if dose.load else ""
    return f"{name}: {describe_dose(dose, language)}{load}"


def _calendar_sessions(user: User, today: dt.date, language: str) -> list[ics.CalendarSession]:
    try:
        plan = coach.plan(user, today, days=coach.PLAN_HORIZON_DAYS, past_days=FEED_PAST_DAYS)
    except ScreeningBlocked:
        return []  # no sessions while screening blocks self-management
    with translation.override(language):
        summary = _("Knee exercises")
    return [
        ics.CalendarSession(
            day.day, summary, tuple(_dose_line(_dose(item), language) for item in day.items)
        )
        for day in plan.days
        if day.kind == "training" and day.items
    ]


def calendar(user: User, now: dt.datetime) -> bytes:
    """The person's planned sessions as iCalendar: UIDs by week slot, SEQUENCE raised for each
    event whose day, title or exercises changed since it was last served."""
    profile = _profile(user)
    today = _local_today(profile, now)
    sessions = _calendar_sessions(user, today, profile.language)
    uids = ics.session_slot_uids(profile.uuid, [s.date for s in sessions])
    served = {
        uid: (digest, sequence)
        for uid, digest, sequence in profile.calendar_events.filter(
            uid__in=list(uids.values())
        ).values_list("uid", "digest", "sequence")
    }
    events = []
    for session in sessions:
        uid, digest = uids[session.date], ics.session_digest(session)
        sequence = ics.sequence_rule(served.get(uid), digest)
        if served.get(uid) != (digest, sequence):
            models.CalendarEventState.objects.update_or_create(
                profile=profile, uid=uid, defaults={"digest": digest, "sequence": sequence}
            )
        events.append(ics.CalendarEvent(uid, sequence, session))
    with translation.override(profile.language):
        name = _("kneecoach: knee exercises")
        alarm = _("Time for your knee exercises")
    return ics.calendar_to_ics(events, name=name, stamp=now.astimezone(dt.UTC), alarm_text=alarm)


# --- handouts -------------------------------------------------------------------------------------


def _exercise_page(slug: str, language: str) -> Any:
    """The library page's data for ``slug`` with its figure inlined (a still frame: paper does
    not move)."""
    from kneecoach.web.insights.services import exercise_page

    exercise = default_catalog().require(slug)
    page = exercise_page(slug, language)
    figure = pdf.svg_data_uri(render_svg_frame(exercise, 0.5, language))
    return page.model_copy(update={"illustration_url": figure, "still_url": figure})


def _json_with_clinic(user: User, data: bytes) -> bytes:
    """The coach's JSON export with what the clinic side holds about the person added under
    ``clinic`` (clinicians' changes, notes, consent, audit), as the account page's export."""
    document = json.loads(data)
    document["clinic"] = clinic.export_data(user)
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _pain_rules() -> dict[str, int]:
    return {
        "safe_max": pain.SAFE_MAX,
        "acceptable_max": pain.ACCEPTABLE_MAX,
        "after_max": pain.AFTER_MAX,
        "flare_pain": pain.FLARE_PAIN,
    }


def _render_pdf(template: str, context: dict[str, Any], language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, {**context, "language": language})
    return pdf.html_to_pdf(html)


def exercise_handout_pdf(slug: str, language: str) -> bytes:
    """One exercise of the library on paper: figure, dose range, steps, cues, faults, variants,
    and the pain rules."""
    page = _exercise_page(slug, language)
    context = {"page": page, "rules": _pain_rules()}
    return _render_pdf("sharing/exercise_handout.html", context, language)


def handout_pdf(user: User, today: dt.date, language: str | None = None) -> bytes:
    """The person's programme on paper: today's dose of each exercise with its page from the
    library, the schedule, the pain rules in plain words and a logging sheet to fill in."""
    snapshot = coach.programme_snapshot(user, today)
    if not snapshot.doses:
        raise ScreeningBlocked(
            "no programme to print while the red-flag screening pauses self-management",
            field="screening",
        )
    language = language or snapshot.language
    exercises = [
        {
            "page": _exercise_page(dose.exercise, language),
            "dose": describe_dose(dose, language) + (f" ({dose.load})" if dose.load else ""),
            "sets": range(1, dose.sets + 1),
            "sided": dose.per_side or default_catalog().require(dose.exercise).unilateral,
        }
        for dose in snapshot.doses
    ]
    context = {
        "username": coach.get_profile(user).username,
        "today": today,
        "trained": snapshot.profile.trained,
        "weekdays": sorted(snapshot.profile.weekdays),
        "exercises": exercises,
        "rules": _pain_rules(),
        "sheets": range(LOGGING_SHEET_SESSIONS),
        "columns": range(1, max(dose.sets for dose in snapshot.doses) + 1),
    }
    return _render_pdf("sharing/handout.html", context, language)


# --- FHIR and the downloads -----------------------------------------------------------------------


def fhir_bundle_for_profile(
    profile: coach_models.Profile, today: dt.date, now: dt.datetime
) -> bytes:
    """The FHIR R4 bundle of one person (for a clinic's own pages: the caller checks access)."""
    return fhir_bundle(profile.user, today, now)


def fhir_bundle(user: User, today: dt.date, now: dt.datetime) -> bytes:
    snapshot = coach.programme_snapshot(user, today)
    catalog = default_catalog()
    return fhir.export_to_fhir(
        fhir.FhirExport(
            person=_profile(user).uuid,
            profile=snapshot.profile,
            diary=snapshot.diary,
            doses=snapshot.doses,
            exercise_names={ex.slug: ex.name.get("en") for ex in catalog.exercises},
            questionnaires=outcomes.filled_for_export(_profile(user)),
            exported_at=now.astimezone(dt.UTC),
        )
    )


CONTENT_TYPES: dict[ExportFormat, str] = {
    "ics": "text/calendar; charset=utf-8",
    "pdf": "application/pdf",
    "fhir": "application/fhir+json",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
EXTENSIONS: dict[ExportFormat, str] = {
    "ics": "ics",
    "pdf": "pdf",
    "fhir": "fhir.json",
    "csv": "csv",
    "json": "json",
}


def export_for_profile(
    profile: coach_models.Profile,
    fmt: str,
    today: dt.date,
    now: dt.datetime,
    language: str | None = None,
) -> Download:
    """One person's data as a file, for a clinic's patient page (the caller checks access)."""
    return export(profile.user, fmt, today, now, language)


def export(
    user: User,
    fmt: str,
    today: dt.date,
    now: dt.datetime,
    language: str | None = None,
    *,
    clock: dt.date | None = None,
) -> Download:
    """The person's data in one format: ``ics`` (the plan), ``pdf`` (the handout), ``fhir``
    (the FHIR R4 bundle), ``csv`` (the diary) or ``json`` (profile, diary, decisions).
    ``clock``: the clock's day when ``today`` is another day (the CLI's ``--date``)."""
    if fmt not in EXPORT_FORMATS:
        raise InvalidInput(
            f"unknown format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}", field="format"
        )
    if fmt == "ics":
        data = calendar(user, now)
    elif fmt == "pdf":
        data = handout_pdf(user, today, language)
    elif fmt == "fhir":
        data = fhir_bundle(user, today, now)
    elif fmt == "json":
        data = _json_with_clinic(user, coach.export(user, fmt, today, clock=clock))
    else:
        data = coach.export(user, fmt, today, clock=clock)
    name = coach.get_profile(user).username
    filename = f"kneecoach-{name}-{today.isoformat()}.{EXTENSIONS[fmt]}"
    return Download(data, CONTENT_TYPES[fmt], filename)
