"""Every error answer under ``/api/`` is the one JSON shape ``{"error", "message", "field"}``.

The API's own handler (``kneecoach.web.api``) shapes the errors it knows. What it cannot see
is shaped here, debug or not:

- an exception that left an API view: the request transaction has rolled back by now (and a GET
  that SQLite refused a write has been run again as a writer); the answer is a JSON 500, with
  the exception's text only in debug mode. It is logged with its traceback and reported through
  ``got_request_exception``, as Django reports the errors it answers itself;
- any other error response under ``/api/`` that is not JSON: an unknown path (Django's 404
  page), a method the path does not take (ninja's plain 405), a request Django refused before the
  view (its 400 page).

No ninja import here: the middleware is loaded by every web process, the API only when a
request needs it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signals
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.log import log_response

API_PREFIX = "/api/"
# Exceptions Django answers with a 4xx of its own; the response is shaped on its way out.
CLIENT_ERRORS = (Http404, PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "throttled",
    500: "server_error",
}
MESSAGES = {
    404: "no such API path; the operations are listed at /api/docs",
    405: "this path does not take that method (the Allow header lists those it takes)",
}


def error_body(code: str, message: str, field: str | None = None) -> dict[str, str | None]:
    return {"error": code, "message": message, "field": field}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


class JsonErrorsMiddleware:
    """Placed before the middleware whose refusals it shapes (CommonMiddleware's host check)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_api(request) and response.status_code >= 400 and not _is_json(response):
            return _shaped(response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_api(request) or isinstance(exception, CLIENT_ERRORS):
            return None
        message = "the server failed to answer this request; nothing of it was saved"
        if settings.DEBUG:
            message += f" ({type(exception).__name__}: {exception})"
        response = JsonResponse(error_body("server_error", message), status=500)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        signals.got_request_exception.send(sender=type(self), request=request)
        return response


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


def _shaped(response: HttpResponse) -> HttpResponse:
    status = response.status_code
    message = MESSAGES.get(status, response.reason_phrase.lower())
    shaped = JsonResponse(error_body(CODES.get(status, "error"), message), status=status)
    for header, value in response.items():  # Allow, the security headers set so far...
        if header.lower() not in {"content-type", "content-length"}:
            shaped[header] = value
    shaped.cookies = response.cookies
    shaped._has_been_logged = getattr(response, "_has_been_logged", False)  # type: ignore[attr-defined]
    # Release what the replaced answer holds, but not through ``response.close()``: that sends
    # ``request_finished`` in the middle of the request, and its handler closes the database
    # connection under the request's open transaction (seen on PostgreSQL).
    for closer in response._resource_closers:  # type: ignore[attr-defined]
        closer()
    response._resource_closers.clear()  # type: ignore[attr-defined]
    return shaped
