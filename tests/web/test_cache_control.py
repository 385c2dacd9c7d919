"""A person's data is never stored by a browser's or a proxy's cache (issue 11, item 12).

Every answer to a signed-in person (a page, an API answer, a download) carries
``Cache-Control: no-store``, so a shared computer's disk cache, the back button after log-out or a
caching proxy keeps no copy of someone's diary. The test walks every URL pattern, the API's
routes included, so a page added later is covered without being listed here.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from kneecoach.web.accounts import services as accounts
from kneecoach.web.caching import LanguageNamedByUrlMiddleware, language_named_by_url
from kneecoach.web.coach import services as coach
from tests.web.access import logged_in_client

pytestmark = pytest.mark.django_db

# Answers that are the same for everyone and say so themselves (``Cache-Control: public``): an
# exercise figure whose URL names its language. Nothing else may leave the server cacheable to a
# signed-in person: the walk below goes through the figure's route too, without ``lang`` (drawn
# in the request's language, which the URL does not say, so private like the rest).
PUBLIC_FOR_EVERYONE = (
    "/exercises/clamshell/figure.svg?lang=en",
    "/exercises/clamshell/figure.svg?lang=nb&still=1",
)
# Routes a GET must not be sent to: it would end the session that the walk goes on with.
NOT_WALKED = {"accounts/logout/"}


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def _example_path(route: str, samples: dict[str, str]) -> str:
    """``today/<isodate:day>/`` -> ``/today/2026-12-04/``, with a value that exists where one
    does (the person's token, today, a real exercise) so that most answers carry data."""

    def value(match: re.Match[str]) -> str:
        return samples.get(match.group(2), "x")

    path = re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    return "/" + path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _demo_person() -> tuple[User, dict[str, str]]:
    today = timezone.localdate()
    coach.create_demo(today, days=5)
    user = User.objects.get(username=coach.DEMO_USERNAME)
    token = accounts.create_token(user, "walk").info.id
    samples = {
        "day": today.isoformat(),
        "token_id": str(token),
        "step": "screening",
        "name": "pain",
        "slug": "clamshell",
        "exercise": "clamshell",
        "set_number": "1",
        "side": "left",
        "check_id": str(uuid.uuid4()),
        "uidb64": "MQ",
        "token": "set-password",
    }
    return user, samples


def _assert_not_stored(response: object, where: str) -> None:
    header = getattr(response, "headers", {}).get("Cache-Control", "")
    assert "no-store" in header, f"{where}: Cache-Control {header!r}"


def test_every_route_answers_a_signed_in_person_with_no_store() -> None:
    user, samples = _demo_person()
    session = logged_in_client(user)
    bearer = Client(headers={"authorization": f"Bearer {accounts.create_token(user, 'b').token}"})
    walked = 0
    for route in _routes(get_resolver().url_patterns):
        if route in NOT_WALKED:
            continue
        path = _example_path(route, samples)
        clients = [session, bearer] if path.startswith("/api/") else [session]
        for client in clients:
            _assert_not_stored(client.get(path), f"GET {path}")
            walked += 1
    assert walked > 60  # the walk reached the pages and the API, not an empty list


@pytest.mark.parametrize(
    "path", ["/today/", "/api/today", "/api/me/data", "/accounts/export/", "/progress/", "/plan/"]
)
def test_the_pages_that_carry_health_data_answer_200_with_no_store(path: str) -> None:
    user, _ = _demo_person()
    response = logged_in_client(user).get(path)
    assert response.status_code == 200
    _assert_not_stored(response, path)


def test_a_progress_chart_is_not_stored() -> None:
    user, _ = _demo_person()
    response = logged_in_client(user).get("/progress/charts/pain.svg")
    assert response.status_code == 200
    _assert_not_stored(response, "chart")


def test_writes_and_a_new_token_secret_are_not_stored() -> None:
    user, _ = _demo_person()
    client = logged_in_client(user)
    created = client.post("/api/tokens", {"name": "phone"}, content_type="application/json")
    assert created.status_code == 201
    _assert_not_stored(created, "POST /api/tokens")
    page = client.post("/accounts/tokens/", {"name": "laptop"})
    assert page.status_code == 201
    _assert_not_stored(page, "POST /accounts/tokens/")


def test_public_pages_stay_cacheable_for_anonymous_visitors() -> None:
    anonymous = Client()
    for path in ("/", "/exercises/", "/exercises/clamshell/", "/api/exercises"):
        response = anonymous.get(path)
        assert response.status_code == 200, path
        assert "no-store" not in response.headers.get("Cache-Control", ""), path
    for path in PUBLIC_FOR_EVERYONE:
        assert "public" in anonymous.get(path)["Cache-Control"], path


@pytest.mark.parametrize("path", PUBLIC_FOR_EVERYONE)
def test_the_exercise_figure_stays_public_for_a_signed_in_person(path: str) -> None:
    """A figure whose URL names its language is the same picture for everyone (no name, no
    diary), so it keeps its own ``public, max-age`` instead of being fetched again on every
    page that shows it."""
    user, _ = _demo_person()
    response = logged_in_client(user).get(path)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=3600" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


@pytest.mark.parametrize("path", PUBLIC_FOR_EVERYONE)
def test_a_public_answer_does_not_vary_on_the_cookie(path: str) -> None:
    """A public answer is the same whoever asks, so it must not say it varies with the cookie:
    every visitor's cookie differs, and a shared cache would never hand one visitor's copy to
    the next. (Finding out who is signed in reads the session, which adds ``Vary: Cookie``.)"""
    user, _ = _demo_person()
    response = logged_in_client(user).get(path)
    assert "public" in response["Cache-Control"]
    assert "cookie" not in response.get("Vary", "").lower()


def _vary(response: object) -> set[str]:
    header = getattr(response, "headers", {}).get("Vary", "")
    return {v.strip().lower() for v in header.split(",") if v.strip()}


@pytest.mark.parametrize("path", PUBLIC_FOR_EVERYONE)
def test_a_figure_whose_url_names_its_language_does_not_vary_on_accept_language(path: str) -> None:
    """The URL decides the figure's language, so a shared cache keeps one copy of it, not one
    per browser language: ``LocaleMiddleware`` adds ``Vary: Accept-Language`` to every answer
    after the view, and the figure's answer takes it out again. The figure asked for without
    ``lang`` follows the request's language and keeps varying on it (and on the cookie)."""
    user, _ = _demo_person()
    for client in (Client(), logged_in_client(user)):
        named = client.get(path, headers={"accept-language": "nb"})
        assert "public" in named["Cache-Control"]
        assert _vary(named) == set(), named.get("Vary")
        unnamed = client.get("/exercises/clamshell/figure.svg", headers={"accept-language": "nb"})
        assert {"accept-language", "cookie"} <= _vary(unnamed)


def test_a_marked_answer_loses_only_accept_language_from_vary() -> None:
    """Whatever else the answer varies on (the cookie, where a view read the session) stays."""

    def answered(marked: bool) -> str:
        response = HttpResponse()
        response["Vary"] = "Cookie, Accept-Language, Origin"
        if marked:
            language_named_by_url(response)
        return LanguageNamedByUrlMiddleware(lambda request: response)(HttpRequest())["Vary"]

    assert answered(marked=True) == "Cookie, Origin"
    assert answered(marked=False) == "Cookie, Accept-Language, Origin"


def test_a_figure_without_a_language_is_not_cached_publicly() -> None:
    """An old link without ``lang`` is drawn in the asker's language (cookie, Accept-Language,
    the profile's), which the URL does not say: no cache may keep it as everyone's answer, and
    the browser asks again after a switch of language."""
    user, _ = _demo_person()
    for client in (Client(), logged_in_client(user)):
        response = client.get("/exercises/clamshell/figure.svg")
        assert response.status_code == 200
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert "public" not in directives
        assert {"private", "no-cache"} <= directives
        vary = {v.strip().lower() for v in response["Vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary
