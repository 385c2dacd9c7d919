"""No cache keeps a copy of what a signed-in person was sent.

Every answer to an authenticated request (a session, an API token, or any request that sends an
``Authorization`` header) carries
``Cache-Control: no-store`` (with Django's other never-cache headers), so a browser's disk cache
on a shared computer, the back button after log-out or a caching proxy between clinic and server
holds none of a person's health data. It is applied here, to every response, rather than view by
view, so a page or endpoint added later cannot forget it. Anonymous answers (the exercise library,
the log-in page) and static files (served by WhiteNoise before this runs) stay cacheable.

A view opts out only by declaring its answer ``Cache-Control: public``, the same for everyone
who asks for that URL: an exercise figure whose URL names its language (``?lang=``; without it
the figure is drawn in the asker's language and is not public).

Such a figure must not say it varies with ``Accept-Language`` either: Django's
``LocaleMiddleware`` adds that to every answer on its way out, after the view, and a shared
cache would keep one copy per browser language of a picture whose URL already decides it. The
view marks the answer with ``language_named_by_url``; ``LanguageNamedByUrlMiddleware``, just
above ``LocaleMiddleware``, takes ``Accept-Language`` out of ``Vary`` again.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers
from django.utils.http import split_header_value

LANGUAGE_NAMED_BY_URL = "language_named_by_url"
"""The response attribute ``language_named_by_url()`` sets: a flag on the answer, as Django's
``xframe_options_exempt`` is for its clickjacking middleware."""


class NoStoreForSignedInMiddleware:
    """After the view: ``no-store`` on every answer to a signed-in person unless it is public."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _declared_public(response):
            # Asked first: finding out who is signed in reads the session, and a read session
            # adds "Vary: Cookie", which would keep a shared cache from ever reusing a public
            # answer (each visitor's cookie differs).
            return response
        # Read after the view: an API token's person is set on the request by the API's auth.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        # A request with credentials is answered privately even where the route ignores them
        # (the OpenAPI document asked for with a token).
        with_credentials = "HTTP_AUTHORIZATION" in request.META
        if signed_in or with_credentials:
            add_never_cache_headers(response)
        return response


def _declared_public(response: HttpResponseBase) -> bool:
    directives = response.get("Cache-Control", "").lower().replace(" ", "").split(",")
    return "public" in directives


def language_named_by_url(response: HttpResponseBase) -> None:
    """Marks ``response`` as the same whatever language the request asks for, since its URL
    names the language: ``LanguageNamedByUrlMiddleware`` then keeps ``Accept-Language`` out of
    its ``Vary``."""
    setattr(response, LANGUAGE_NAMED_BY_URL, True)


class LanguageNamedByUrlMiddleware:
    """After ``LocaleMiddleware``: no ``Vary: Accept-Language`` on an answer whose URL names its
    language (``language_named_by_url``). Listed just above ``LocaleMiddleware`` in
    ``MIDDLEWARE``, so it sees the answer after that middleware added the header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if getattr(response, LANGUAGE_NAMED_BY_URL, False):
            _drop_from_vary(response, "accept-language")
        return response


def _drop_from_vary(response: HttpResponseBase, header: str) -> None:
    kept = [h for h in split_header_value(response.get("Vary", "")) if h.lower() != header]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]
