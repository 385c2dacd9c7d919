"""The person's calendar feed: a secret address (``/calendar/<token>.ics``) a calendar app
subscribes to, made anew or stopped by the person, serving the planned sessions as iCalendar
with stable UIDs and a SEQUENCE raised for each event that changed since it was last served."""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.utils import translation
from django.utils.translation import gettext as _

from kneecoach.errors import NotFound, ScreeningBlocked
from kneecoach.exports import ics
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from kneecoach.web.sharing import models
from kneecoach.web.sharing.schemas import FeedView

User = AbstractBaseUser
FEED_PAST_DAYS = 28
"""How far back the feed keeps past sessions (as they were planned), so a calendar app does not
drop last week's sessions when it refreshes."""


def _feed_path(token: str) -> str:
    return f"/calendar/{token}.ics"


def _live_feed(profile: coach_models.Profile) -> models.CalendarFeed | None:
    return profile.calendar_feeds.filter(revoked_at__isnull=True).first()


def feed_status(user: User) -> FeedView:
    feed = _live_feed(coach.require_profile_record(user))
    if feed is None:
        return FeedView(False, None, None, None)
    return FeedView(True, _feed_path(feed.token), feed.created_at, feed.last_fetched_at)


def create_feed(user: User, now: dt.datetime) -> FeedView:
    """A new feed URL; the old one, if any, stops working (a new URL is how a person takes
    the calendar away from an app or a person they no longer want to have it)."""
    revoke_feed(user, now)
    models.CalendarFeed.objects.create(
        profile=coach.require_profile_record(user), token=secrets.token_urlsafe(32)
    )
    return feed_status(user)


def revoke_feed(user: User, now: dt.datetime) -> FeedView:
    feeds = coach.require_profile_record(user).calendar_feeds
    feeds.filter(revoked_at__isnull=True).update(revoked_at=now)
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


def _dose_line(item: coach.PlanItem) -> str:
    """What to do and its dose: "Slow side steps without a band (in place of Side steps with a
    band): 2 x 10 reps each side". The exercise actually done leads (a variant, or a substitute
    for equipment the person lacks), as Today names it, so nobody is told to use a band they do
    not have; the programme's exercise follows in brackets when it differs. Both are in the
    plan's language, as the plan page words them. Unlike the plan page, the line does not add
    the equipment not at hand (``PlanItem.substitute_for_name``): a calendar event's line
    stays short, and the person chose their equipment themselves."""
    return f"{item.label}: {item.dose_text}"


def _calendar_sessions(user: User, today: dt.date, language: str) -> list[ics.CalendarSession]:
    try:
        plan = coach.plan(
            user,
            today,
            days=coach.PLAN_HORIZON_DAYS,
            past_days=FEED_PAST_DAYS,
            language=language,
        )
    except ScreeningBlocked:
        return []  # no sessions while screening blocks self-management
    with translation.override(language):
        summary = _("Knee exercises")
    return [
        ics.CalendarSession(day.day, summary, tuple(_dose_line(item) for item in day.items))
        for day in plan.days
        if day.kind == "training" and day.items
    ]


def calendar(user: User, now: dt.datetime) -> bytes:
    """The person's planned sessions as iCalendar: UIDs by week slot, SEQUENCE raised for each
    event whose day, title or exercises changed since it was last served."""
    profile = coach.require_profile_record(user)
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
