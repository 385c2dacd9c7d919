"""The JSON API (django-ninja), mounted at /api/: docs at /api/docs, schema at /api/openapi.json.

Every error leaves as the one JSON shape ``{"error", "message", "field"}``: KneecoachError by its
own ``as_dict()``; ninja's validation errors (422), authentication failures (401), ``Http404``,
ninja's ``HttpError`` (CSRF failure, throttling) and a body over the upload limit (413)
translated into it here, in one place. Anything else leaves the view as an exception, debug or
not, so the request transaction rolls back (and a GET that SQLite refused a write is run again
as a writer, ``kneecoach.web.transactions``); ``kneecoach.web.json_errors`` then answers it, and
any other error response under ``/api/`` (unknown path, wrong method), in the same shape.

Input types: free text is ``Text`` (refuses what cannot be stored: NUL characters, lone
surrogates), JSON numbers and booleans are ``StrictInt`` / ``StrictBool`` (``true`` is not 1,
``"2"`` is not 2); ``tests/web/test_api_errors.py`` checks that every operation keeps to this.

Authentication: ``Authorization: Bearer <token>`` for API clients (tokens from the account page or
``POST /api/tokens``), or the session cookie plus the ``X-CSRFToken`` header for the pages' own
scripts. Bearer is tried first so that a token client is never asked for a CSRF token.

Adding endpoints: write a ``Router`` in your app's ``api.py`` (importing ``ErrorOut``, ``Text``
and ``api_user`` from ``kneecoach.web.api_shared``, never from here) whose operations call the same
``services.py`` use case as the page and return its pydantic value, and add it in ``build_api``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.openapi.schema import OpenAPISchema

from kneecoach.errors import KneecoachError
from kneecoach.web.accounts.api import router as accounts_router
from kneecoach.web.api_shared import AUTH, ErrorOut, api_user
from kneecoach.web.camera.api import router as camera_router
from kneecoach.web.clinic.api import router as clinic_router
from kneecoach.web.health import router as health_router
from kneecoach.web.insights.api import router as insights_router
from kneecoach.web.json_errors import CODES, error_body
from kneecoach.web.outcomes.api import router as outcomes_router
from kneecoach.web.patient.api import router as patient_router
from kneecoach.web.rollback import roll_back_request
from kneecoach.web.sharing.api import router as sharing_router
from kneecoach.web.types import Text, storable_text

# Re-exported: older imports (``clinic.services``, tests) name them here; new code imports
# ``kneecoach.web.types`` (Text) and ``kneecoach.web.api_shared`` (the routers' pieces).
__all__ = ["API_VERSION", "AUTH", "ErrorOut", "Text", "api_user", "build_api", "storable_text"]

API_VERSION = "1"


def json_path(location: Sequence[Any]) -> str | None:
    """``("body", "payload", "sets", 2, "pain")`` -> ``"sets[2].pain"``.

    ninja prefixes the parameter's source (body, query, path, ...) and, for a body, the name
    of the view's argument; the client only knows the path inside its JSON, so both go. A bad
    dictionary key (pydantic: ``(..., "answers", <the key>, "[key]")``) names the dictionary.
    """
    parts = list(location)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        source = parts.pop(0)
        if source == "body" and len(parts) > 1 and isinstance(parts[0], str):
            parts.pop(0)
    segments: list[str | int] = []
    for part in parts:
        if part == "[key]":
            segments = segments[:-1]
        else:
            segments.append(part)
    path = ""
    for segment in segments:
        if isinstance(segment, int):
            path += f"[{segment}]"
        else:
            path += f".{segment}" if path else str(segment)
    return path or None


def _validation_message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


class LocalSwagger(Swagger):
    """Swagger UI from the copies shipped inside django-ninja, never from a CDN (the CSP allows
    only this origin). ninja picks local files only when it is an installed app, which it is not
    (see ``NINJA_DIR`` in settings.py), so the page is rendered here from the same template."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        auth = api.auth if isinstance(api.auth, Sequence) else ()
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": any(getattr(method, "csrf", False) for method in auth),
        }
        return render(request, self.template, context)


class KneecoachAPI(NinjaAPI):
    """ninja's API, with the error answers every operation of a kind can give in its document."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                _document_shared_errors(method, operation)
        return schema


ERROR_REF = "#/components/schemas/ErrorOut"
# Answers any operation that reads a body can give, whatever its own responses say: a body that
# is not JSON (or not form data) and a body over the upload limit; and, behind a log-in, 401.
BODY_ERRORS = {400: "the body could not be parsed", 413: "the body is over the upload limit"}
AUTH_ERRORS = {401: "not signed in: no valid bearer token or session"}
# A write behind a log-in, sent with the session cookie, is CSRF-checked (ninja's 403); and any
# operation can fail unexpectedly, answered in the same shape (``json_errors``).
CSRF_ERRORS = {403: "signed in with the session cookie, but no valid X-CSRFToken header"}
SERVER_ERRORS = {500: "an unexpected error; nothing was saved"}
SAFE_METHODS = {"get", "head", "options"}


def _document_shared_errors(method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    secured = bool(operation.get("security"))
    shared = {
        **(BODY_ERRORS if "requestBody" in operation else {}),
        **(AUTH_ERRORS if secured else {}),
        **(CSRF_ERRORS if secured and method.lower() not in SAFE_METHODS else {}),
        **SERVER_ERRORS,
    }
    for status, description in shared.items():
        if status not in responses and str(status) not in responses:
            responses[status] = {
                "description": description,
                "content": {"application/json": {"schema": {"$ref": ERROR_REF}}},
            }


def build_api() -> NinjaAPI:
    """The API with its error handlers and routers; called once by urls.py."""

    api = KneecoachAPI(
        title="kneecoach API",
        version=API_VERSION,
        description="The JSON twin of every kneecoach page. Errors: "
        '{"error": code, "message": text, "field": the JSON path or parameter at fault}.',
        auth=AUTH,
        urls_namespace="api",
        docs=LocalSwagger(),
    )

    @api.exception_handler(KneecoachError)
    def kneecoach_error(request: HttpRequest, exc: KneecoachError) -> HttpResponse:
        roll_back_request()
        return api.create_response(request, exc.as_dict(), status=exc.status)

    @api.exception_handler(ValidationError)
    def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        roll_back_request()
        first = exc.errors[0] if exc.errors else {}
        message = _validation_message(first)
        if len(exc.errors) > 1:
            message += f" (and {len(exc.errors) - 1} more problem(s))"
        body = error_body("invalid", message, json_path(first.get("loc", ())))
        return api.create_response(request, body, status=422)

    @api.exception_handler(AuthenticationError)
    def authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = error_body(
            "unauthenticated",
            "log in, or send 'Authorization: Bearer <token>' with a valid API token",
            "Authorization",
        )
        return api.create_response(request, body, status=401)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = CODES.get(exc.status_code, "error")
        field = "X-CSRFToken" if "CSRF" in exc.message else None
        return api.create_response(
            request, error_body(code, exc.message, field), status=exc.status_code
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", "not found"), status=404)

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        roll_back_request()
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        message = f"the request body is larger than the limit of {limit} bytes"
        return api.create_response(request, error_body("too_large", message), status=413)

    @api.exception_handler(Exception)
    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # ninja's default handler answers a 500 itself in debug mode: the request transaction
        # then committed what the failed view wrote, and SQLite's retry as a writer never saw
        # the "database is locked". Raised, the error rolls back in debug as in production.
        raise exc

    api.add_router("", health_router)
    api.add_router("", accounts_router)
    api.add_router("", patient_router)
    api.add_router("", insights_router)
    api.add_router("", camera_router)
    api.add_router("", sharing_router)
    api.add_router("", outcomes_router)
    api.add_router("", clinic_router)
    return api
