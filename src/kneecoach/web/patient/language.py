"""The page language as a choice of the account (issue 14): the footer's buttons save it on the
profile, the language cookie carries it between requests, and signing in sets the cookie from
the profile, so a choice made on one device holds on the next sign-in anywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from kneecoach.web.coach import services as coach

LANGUAGES = ("en", "nb")


def set_language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie LocaleMiddleware reads, as Django's own language switcher writes it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(Literal["Lax", "Strict", "None"], settings.LANGUAGE_COOKIE_SAMESITE),
    )


def _just_signed_in(request: HttpRequest, response: HttpResponse) -> bool:
    match = request.resolver_match
    return (
        request.method == "POST"
        and match is not None
        and match.url_name == "login"
        and response.status_code in (302, 303)
        and request.user.is_authenticated
    )


class ProfileLanguageMiddleware:
    """On a successful sign-in, the language cookie becomes the profile's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if _just_signed_in(request, response):
            profile = coach.find_profile(request.user)  # type: ignore[arg-type]
            if profile is not None and profile.language in LANGUAGES:
                set_language_cookie(response, profile.language)
        return response
