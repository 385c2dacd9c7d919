"""Two facts every page and API operation reads from the request: who and in which language."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import translation

from kneecoach.errors import PermissionDenied

LANGUAGES = ("en", "nb")


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
