"""The JSON API (django-ninja), mounted at /api/: docs at /api/docs, schema at /api/openapi.json.

Every error leaves as the one JSON shape ``{"error", "message", "field"}``: KneecoachError by its
own ``as_dict()``; ninja's validation errors (422), authentication failures (401), ``Http404``
and ninja's ``HttpError`` (CSRF failure, throttling) translated into it here, in one place.

Authentication: ``Authorization: Bearer <token>`` for API clients (tokens from the account page or
``POST /api/tokens``), or the session cookie plus the ``X-CSRFToken`` header for the pages' own
scripts. Bearer is tried first so that a token client is never asked for a CSRF token.

Adding endpoints: write a ``Router`` in your app's ``api.py`` whose operations call the same
``services.py`` use case as the page and return its pydantic value, and add it in ``build_api``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import Swagger
from ninja.security import HttpBearer, SessionAuth

from kneecoach.errors import KneecoachError, PermissionDenied
from kneecoach.web.rollback import roll_back_request

API_VERSION = "1"


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``accounts.ApiToken``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        from kneecoach.web.accounts.services import user_for_token

        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The browser session (CSRF-checked on unsafe methods by ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if isinstance(user, User) and user.is_active else None


AUTH = [BearerToken(), Session()]


def api_user(request: HttpRequest) -> User:
    """The authenticated user of an API operation (``auth=AUTH``)."""
    user = getattr(request, "auth", None)
    if not isinstance(user, User):
        raise PermissionDenied("authentication required")
    return user


class ErrorOut(Schema):
    """The one JSON error shape, for the OpenAPI document."""

    error: str
    message: str
    field: str | None


def error_body(code: str, message: str, field: str | None = None) -> dict[str, str | None]:
    return {"error": code, "message": message, "field": field}


def json_path(location: Sequence[Any]) -> str | None:
    """``("body", "payload", "sets", 2, "pain")`` -> ``"sets[2].pain"``.

    ninja prefixes the parameter's source (body, query, path, ...) and, for a body, the name
    of the view's argument; the client only knows the path inside its JSON, so both go.
    """
    parts = list(location)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        source = parts.pop(0)
        if source == "body" and len(parts) > 1 and isinstance(parts[0], str):
            parts.pop(0)
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or None


def _validation_message(error: dict[str, Any]) -> str:
    message = str(error.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")


class LocalSwagger(Swagger):
    """Swagger UI from the copies shipped inside django-ninja, never from a CDN (the CSP allows
    only this origin). ninja picks local files only when it is an installed app, which it is not
    (see ``NINJA_DIR`` in settings.py), so the page is rendered here from the same template."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        from django.shortcuts import render

        self.settings["url"] = self.get_openapi_url(api, kwargs)
        auth = api.auth if isinstance(api.auth, Sequence) else ()
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": any(getattr(method, "csrf", False) for method in auth),
        }
        return render(request, self.template, context)


def build_api() -> NinjaAPI:
    """The API with its error handlers and routers; called once by urls.py."""
    from kneecoach.web.accounts.api import router as accounts_router
    from kneecoach.web.camera.api import router as camera_router
    from kneecoach.web.clinic.api import router as clinic_router
    from kneecoach.web.health import router as health_router
    from kneecoach.web.insights.api import router as insights_router
    from kneecoach.web.patient.api import router as patient_router

    api = NinjaAPI(
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
        code = {403: "forbidden", 404: "not_found", 429: "throttled"}.get(exc.status_code, "error")
        field = "X-CSRFToken" if "CSRF" in exc.message else None
        return api.create_response(
            request, error_body(code, exc.message, field), status=exc.status_code
        )

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, error_body("not_found", "not found"), status=404)

    api.add_router("", health_router)
    api.add_router("", accounts_router)
    api.add_router("", patient_router)
    api.add_router("", insights_router)
    api.add_router("", camera_router)
    api.add_router("", clinic_router)
    return api
