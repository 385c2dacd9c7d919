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
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.cache import add_never_cache_headers


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
