"""What every app's API router imports: the error schema, the authentication, ``api_user`` and
``Text``. Below both ``web/api.py`` (which builds the API from the routers) and the routers, so
neither imports the other's module at call time."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from ninja import Schema
from ninja.security import HttpBearer, SessionAuth

from kneecoach.errors import PermissionDenied
from kneecoach.web.accounts.services import user_for_token
from kneecoach.web.types import Text, storable_text

__all__ = ["AUTH", "ErrorOut", "Text", "api_user", "storable_text"]


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a token from ``accounts.ApiToken``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The browser session (CSRF-checked on unsafe methods by ninja)."""

    def __call__(self, request: HttpRequest) -> User | None:
        # No signed-in session: nothing to protect from forgery, so no CSRF check. Without this
        # a client whose bearer token was revoked got ninja's 403 "CSRF check Failed" on a
        # write instead of the 401 that tells it to sign in again.
        if self.authenticate(request, None) is None:
            return None
        user: User | None = super().__call__(request)
        return user

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
