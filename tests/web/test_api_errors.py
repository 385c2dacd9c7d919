"""The API's answers to bad input and failures, debug or not: every one a 4xx or 5xx in the one
JSON shape ``{"error", "message", "field"}`` naming what the client sent, and nothing saved.

Found by probing the running server (issue 11): text that cannot be stored, a body over the upload
limit, unknown paths, an exception in a view under debug, a revoked token on a write, and JSON
``true`` taken for 1.
"""

from __future__ import annotations

import datetime as dt
import json
import typing
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext

from kneecoach.web.accounts import services as accounts
from kneecoach.web.accounts.models import ApiToken
from kneecoach.web.coach import models
from tests.web.access import logged_in_client, make_user, token_client
from tests.web.patient.conftest import ALL_NO, diary_rows, onboarded, today_for

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"error", "message", "field"}
LONE_SURROGATE = "\ud800"
NUL = "\x00"


def _send(client: Client, url: str, body: Any, method: str = "post") -> Any:
    """A JSON body as a client sends it: ``json.dumps`` writes a lone surrogate as ``\\ud800``."""
    return client.generic(method.upper(), url, json.dumps(body), "application/json")


def _assert_error(response: Any, status: int, field: str | None) -> dict[str, Any]:
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body: dict[str, Any] = response.json()
    assert set(body) == ERROR_KEYS, body
    assert body["field"] == field, body
    return body


# --- 5. text that cannot be stored -------------------------------------------------------------


def _set(**fields: Any) -> dict[str, Any]:
    return {
        "exercise": "vmo-lift",
        "set_number": 1,
        "side": "right",
        "reps": 8,
        "pain": 2,
        **fields,
    }


def _onboarding(user: User, **fields: Any) -> dict[str, Any]:
    return {
        "answers": ALL_NO,
        "trained": True,
        "start_date": today_for(user).isoformat(),
        "painful_side": "left",
        "equipment": ["mat"],
        "weekdays": [0, 2, 4],
        **fields,
    }


def _settings(**fields: Any) -> dict[str, Any]:
    return {
        "trained": False,
        "painful_side": "right",
        "equipment": ["mat"],
        "weekdays": [0, 2, 4],
        "language": "en",
        "units": "metric",
        **fields,
    }


BAD_TEXT = [LONE_SURROGATE, f"a{NUL}b"]
FREE_TEXT_FIELDS = [
    # (method, url, body with the bad text in it, the field the error must name)
    ("post", "/api/tokens", lambda u, t: {"name": t}, "name"),
    ("post", "/api/sessions/{day}/sets", lambda u, t: _set(note=t), "note"),
    ("post", "/api/sessions/{day}/sets", lambda u, t: _set(load=t), "load"),
    ("post", "/api/sessions/{day}/sets", lambda u, t: _set(exercise=t), "exercise"),
    ("post", "/api/sessions/{day}/sets", lambda u, t: _set(side=t), "side"),
    ("post", "/api/onboarding", lambda u, t: _onboarding(u, painful_side=t), "painful_side"),
    ("post", "/api/onboarding", lambda u, t: _onboarding(u, time_zone=t), "time_zone"),
    ("post", "/api/onboarding", lambda u, t: _onboarding(u, equipment=["mat", t]), "equipment[1]"),
    (
        "post",
        "/api/onboarding",
        lambda u, t: _onboarding(u, answers={**ALL_NO, "E1": t}),
        "answers.E1",
    ),
    ("post", "/api/screening", lambda u, t: {"answers": {**ALL_NO, t: "no"}}, "answers"),
    ("put", "/api/settings", lambda u, t: _settings(units=t), "units"),
    ("put", "/api/settings", lambda u, t: _settings(language=t), "language"),
]


@pytest.mark.parametrize("text", BAD_TEXT, ids=["lone-surrogate", "nul"])
@pytest.mark.parametrize(("method", "url", "body", "field"), FREE_TEXT_FIELDS)
def test_text_that_cannot_be_stored_is_a_422_naming_the_field_and_saves_nothing(
    method: str, url: str, body: Any, field: str, text: str
) -> None:
    user = onboarded("kari") if "onboarding" not in url else make_user("kari")
    client = token_client(user)
    before = diary_rows(), list(ApiToken.objects.values())
    response = _send(client, url.format(day=today_for(user)), body(user, text), method)
    message = _assert_error(response, 422, field)["message"]
    assert ("NUL" in message) if text == BAD_TEXT[1] else ("cannot be stored" in message)
    assert (diary_rows(), list(ApiToken.objects.values())) == before


def test_every_text_field_of_every_api_body_refuses_text_that_cannot_be_stored() -> None:
    """The guard that keeps item 5 fixed: each ``str`` any operation reads (body, query, form,
    path), at any depth (lists, dict keys and values), is the one checked ``Text`` type."""
    from kneecoach.web.types import storable_text
    from kneecoach.web.urls import api

    unchecked: list[str] = []
    for bound in api._get_bound_routers():  # ninja's own walk, as its OpenAPI builder does
        for path, operations in bound.path_operations.items():
            for operation in operations.operations:
                for model in operation.models:
                    for name, info in model.model_fields.items():
                        where = f"{operation.methods} {path} {name}"
                        _find_unchecked_str(info.annotation, info.metadata, where, unchecked)
    assert unchecked == [], "use kneecoach.web.types.Text for free text"
    assert storable_text("ok") == "ok"
    assert storable_text(3) == 3  # not text: pydantic's own type check answers


def _find_unchecked_str(annotation: Any, metadata: list[Any], where: str, found: list[str]) -> None:
    from pydantic import BaseModel

    from kneecoach.web.types import storable_text

    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        _find_unchecked_str(inner, [*metadata, *extra], where, found)
    elif annotation is str:
        if not any(getattr(m, "func", None) is storable_text for m in metadata):
            found.append(where)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            _find_unchecked_str(info.annotation, info.metadata, f"{where}.{name}", found)
    else:
        for arg in typing.get_args(annotation):
            _find_unchecked_str(arg, [], where, found)


# --- 6. the upload limit, unknown paths, unexpected errors ---------------------------------------


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_a_json_body_over_the_upload_limit_is_a_413(debug: bool) -> None:
    client = token_client(make_user("kari"))
    before = ApiToken.objects.count()
    with override_settings(DEBUG=debug, DATA_UPLOAD_MAX_MEMORY_SIZE=1000):
        response = _send(client, "/api/tokens", {"name": "x" * 2000})
    body = _assert_error(response, 413, None)
    assert body["error"] == "too_large"
    assert ApiToken.objects.count() == before


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
@pytest.mark.parametrize("path", ["/api/no-such-thing", "/api/me/", "/api/tokens/1/x"])
def test_an_unknown_api_path_is_a_json_404(debug: bool, path: str) -> None:
    with override_settings(DEBUG=debug):
        response = token_client(make_user("kari")).get(path)
    assert _assert_error(response, 404, None)["error"] == "not_found"


def _writes_then_fails(user: User, name: str) -> object:
    ApiToken.objects.create(user=user, name=name, digest="d" * 64, prefix="kc_x")
    raise RuntimeError("a bug after a write")


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_an_unexpected_error_in_an_api_view_is_a_json_500_and_rolls_back(
    debug: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 8: under debug, ninja's own handler used to turn the exception into a 500 page
    inside the request transaction, which then committed the view's write."""
    user = make_user("kari")
    raw = accounts.create_token(user, "phone").token
    client = Client(headers={"authorization": f"Bearer {raw}"}, raise_request_exception=False)
    before = list(ApiToken.objects.values_list("name", flat=True))
    monkeypatch.setattr(accounts, "create_token", _writes_then_fails)
    with override_settings(DEBUG=debug):
        response = _send(client, "/api/tokens", {"name": "written"})
    body = _assert_error(response, 500, None)
    assert body["error"] == "server_error"
    assert ("a bug after a write" in body["message"]) is debug  # detail only in debug
    assert list(ApiToken.objects.values_list("name", flat=True)) == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's retry as a writer")
def test_under_debug_a_get_whose_write_is_refused_still_runs_again_as_a_writer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Item 8: the retry (kneecoach.web.transactions) needs the exception to leave the view."""
    from kneecoach.web.transactions import KneecoachWSGIHandler
    from tests.web.test_transactions import _locked

    user = make_user("kari")
    raw = accounts.create_token(user, "phone").token
    calls: list[int] = []
    real = accounts.account_summary

    def locked_once(who: User) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise _locked()
        return real(who)

    monkeypatch.setattr(accounts, "account_summary", locked_once)
    # The environ a test request starts from: private to Django, absent from its stubs.
    environ = RequestFactory()._base_environ(  # type: ignore[attr-defined]
        PATH_INFO="/api/me", REQUEST_METHOD="GET", HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    statuses: list[str] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], exc_info: object = None
    ) -> Callable[[bytes], object]:
        statuses.append(status)
        return lambda data: None

    with override_settings(DEBUG=True), CaptureQueriesContext(connection):
        body = b"".join(KneecoachWSGIHandler()(environ, start_response))
    assert statuses == ["200 OK"], body[:500]
    assert json.loads(body)["username"] == "kari"
    assert len(calls) == 2


# --- 9. a revoked or invalid token on a write ----------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_an_invalid_or_revoked_token_on_a_write_is_a_401_not_a_csrf_failure(method: str) -> None:
    user = make_user("kari")
    created = accounts.create_token(user, "phone")
    accounts.revoke_token(user, created.info.id)
    url = {"post": "/api/tokens", "put": "/api/settings", "delete": "/api/tokens/1"}[method]
    for raw in (created.token, "kc_not-a-token"):
        client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})
        response = _send(client, url, {"name": "x"}, method)
        assert _assert_error(response, 401, "Authorization")["error"] == "unauthenticated"


def test_a_logged_in_session_without_the_csrf_token_is_still_refused() -> None:
    client = logged_in_client(make_user("kari"), enforce_csrf_checks=True)
    response = _send(client, "/api/tokens", {"name": "x"})
    _assert_error(response, 403, "X-CSRFToken")


# --- 10. strict types, the field the client sent --------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pain": True}, "pain"),
        ({"reps": True}, "reps"),
        ({"set_number": True}, "set_number"),
        ({"effort": True}, "effort"),
        ({"pain": 2.0}, "pain"),
        ({"pain": "2"}, "pain"),
        ({"reps": None, "seconds": False, "exercise": "monster-walks", "side": None}, "seconds"),
    ],
)
def test_a_number_field_takes_only_a_json_number(fields: dict[str, Any], field: str) -> None:
    user = onboarded("kari")
    before = diary_rows()
    response = _send(token_client(user), f"/api/sessions/{today_for(user)}/sets", _set(**fields))
    _assert_error(response, 422, field)
    assert diary_rows() == before


def test_pain_after_names_the_field_the_client_sent() -> None:
    user = onboarded("kari")
    client = token_client(user)
    day = today_for(user)
    assert _send(client, f"/api/sessions/{day}/sets", _set()).status_code == 201
    for bad in (11, -1, True):
        response = _send(client, f"/api/sessions/{day}/pain-after", {"pain": bad})
        _assert_error(response, 422, "pain")
    assert models.LoggedSession.objects.get().pain_after is None


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/checkins", {"pain": True}, "pain"),
        ("/api/checkins", {"pain": 1, "swelling": 1}, "swelling"),
        ("/api/checkins", {"pain": 1, "stiffness": "yes"}, "stiffness"),
        ("/api/onboarding", {"trained": 1}, "trained"),
        ("/api/onboarding", {"weekdays": [True]}, "weekdays[0]"),
        ("/api/onboarding", {"baseline_pain": True}, "baseline_pain"),
    ],
)
def test_booleans_and_numbers_are_not_taken_for_each_other(
    url: str, body: dict[str, Any], field: str
) -> None:
    user = onboarded("kari") if url == "/api/checkins" else make_user("kari")
    if url == "/api/onboarding":
        body = _onboarding(user, **body)
    before = diary_rows()
    _assert_error(_send(token_client(user), url, body), 422, field)
    assert diary_rows() == before


def test_a_well_formed_set_is_still_saved() -> None:
    user = onboarded("kari")
    response = _send(token_client(user), f"/api/sessions/{today_for(user)}/sets", _set())
    assert response.status_code == 201, response.content
    assert isinstance(dt.date.fromisoformat(response.json()["day"]), dt.date)


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "production"])
def test_an_unknown_host_under_api_is_a_json_400(debug: bool) -> None:
    with override_settings(DEBUG=debug, ALLOWED_HOSTS=["knee.example.org"]):
        response = Client(HTTP_HOST="scanner.example").get("/api/health")
    assert _assert_error(response, 400, None)["error"] == "bad_request"


# --- the document ----------------------------------------------------------------------------


def test_each_component_of_the_openapi_document_is_one_model() -> None:
    """Two response models named ``FaultOut`` (the camera's and the library's) were one
    component: the exercise page's faults were documented with the camera's fields."""
    from pydantic import BaseModel

    from kneecoach.web.urls import api

    by_name: dict[str, set[type]] = {}

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in by_name.setdefault(annotation.__name__, set()):
                return
            by_name[annotation.__name__].add(annotation)
            for info in annotation.model_fields.values():
                walk(info.annotation)
        for arg in typing.get_args(annotation):
            walk(arg)

    for bound in api._get_bound_routers():
        for operations in bound.path_operations.values():
            for operation in operations.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    if model is None:  # a 204: no body
                        continue
                    for info in model.model_fields.values():  # ninja's wrappers: not components
                        walk(info.annotation)
    shared = {name: classes for name, classes in by_name.items() if len(classes) > 1}
    assert not shared
    document = Client().get("/api/openapi.json").json()
    fault = document["components"]["schemas"]["ExerciseFaultOut"]
    assert set(fault["properties"]) == {"id", "text", "fix"}


def test_every_operation_documents_the_error_answers_it_can_give() -> None:
    document = Client().get("/api/openapi.json").json()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            if "requestBody" in operation:
                assert {"400", "413"} <= documented, (method, path)
            if operation.get("security"):
                assert "401" in documented, (method, path)


def test_a_body_that_is_not_json_is_a_400_in_the_error_shape() -> None:
    response = token_client(make_user("kari")).generic(
        "POST", "/api/tokens", b"\x00", "application/json"
    )
    assert _assert_error(response, 400, None)["error"] == "bad_request"


def test_a_wrong_method_on_an_api_path_is_a_json_405_with_allow() -> None:
    response = token_client(make_user("kari")).put("/api/health")
    assert _assert_error(response, 405, None)["error"] == "method_not_allowed"
    assert response["Allow"] == "GET"


def test_a_video_form_with_a_nul_in_its_text_names_the_field() -> None:
    """(Form data is bytes: a lone surrogate cannot be sent, invalid UTF-8 arrives replaced.)"""
    import io

    user = onboarded("kari")
    video = io.BytesIO(b"\x00\x00\x00\x18ftypmp42")
    video.name = "set.mp4"
    body = {
        "video": video,
        "day": today_for(user).isoformat(),
        "exercise": f"wall{NUL}squat",
        "set_number": "1",
    }
    response = token_client(user).post("/api/video-checks", body)
    _assert_error(response, 422, "exercise")
