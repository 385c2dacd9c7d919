"""Three facts every page and API operation reads at the request edge: who, in which language,
and which day it is where that person lives."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser, User
from django.http import HttpRequest
from django.utils import timezone, translation

from kneecoach.errors import PermissionDenied
from kneecoach.web.coach import services as coach
from kneecoach.web.coach.models import Profile

LANGUAGES = ("en", "nb")
DEFAULT_TIME_ZONE = "Europe/Oslo"
"""Where a person without a profile yet is taken to live (the onboarding pages)."""


def request_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind ``login_required``."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied("log in first")
    return user


def active_language() -> str:
    """The request's language as the catalogue and the services name it: ``en`` or ``nb``."""
    code = (translation.get_language() or "en")[:2]
    return code if code in LANGUAGES else "en"


def local_today(user: AbstractBaseUser, profile: Profile | None = None) -> dt.date:
    """Today's date where the person lives (the profile's time zone), read at the request edge.
    ``profile``: the person's profile as this request already read it (None: read it)."""
    if profile is None:
        profile = coach.profile_record(user)
    elif profile.user_id != user.pk:
        raise ValueError("the profile passed is another person's")
    zone = profile.time_zone if profile is not None else DEFAULT_TIME_ZONE
    return timezone.localdate(timezone=ZoneInfo(zone))
