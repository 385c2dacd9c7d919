"""The access matrix: owner / other user / anonymous, for every object page and endpoint.

Use it in every test module that adds a page or an endpoint showing or changing someone's data:

    def test_session_page_access(db):
        owner, other = make_user("olivia"), make_user("oscar")
        session = make_session(owner)                       # your own factory
        check_access(f"/today/{session.id}/", owner=owner, other=other)
        check_access(f"/api/sessions/{session.id}", owner=owner, other=other, api=True)
        check_access(
            f"/api/sessions/{session.id}/sets", method="post", json={...},
            owner=owner, other=other, api=True, owner_status=201,
            snapshot=lambda: list(LoggedSet.objects.values()),
        )

Pages: anonymous is sent to the log-in page (302), another user gets 404 (never 403: that would
confirm the object exists). API: anonymous gets 401, another user 404, both in the one error
shape. ``snapshot`` (any comparable value) must be unchanged by the anonymous and the other
user's requests: their writes change nothing. The owner goes last and must get ``owner_status``.
API requests go through a bearer token, and through the session with CSRF enforced when
``session_api=True``.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.http import StreamingHttpResponse
from django.test import Client

from kneecoach.web.accounts.services import create_token

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    TestResponse = _MonkeyPatchedWSGIResponse
    """What the test client's get and post return (a type of django-stubs only)."""

PASSWORD = "a-long-test-password-42"


def make_user(username: str, password: str = PASSWORD, **fields: Any) -> User:
    return User.objects.create_user(username=username, password=password, **fields)


def logged_in_client(user: User, *, enforce_csrf_checks: bool = False) -> Client:
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def token_client(user: User) -> Client:
    """A client that sends ``Authorization: Bearer`` with a fresh token of ``user``."""
    raw = create_token(user, "access-matrix").token
    return Client(headers={"authorization": f"Bearer {raw}"})


def streamed(response: object) -> bytes:
    """The body of a streamed response (a file), asserting that it was streamed."""
    assert isinstance(response, StreamingHttpResponse), type(response)
    return response.getvalue()


def csrf_session_post(client: Client, url: str, method: str, body: Any) -> Any:
    """An unsafe API request through the session, with the CSRF token a page's script sends."""
    page = client.get("/accounts/")
    token = page.context["csrf_token"] if page.context else ""
    return client.generic(
        method.upper(),
        url,
        data=jsonlib.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"x-csrftoken": str(token)},
    )


def _request(
    client: Client, url: str, method: str, data: dict[str, Any] | None, json: Any, api: bool
) -> Any:
    if api:
        body = jsonlib.dumps(json) if json is not None else ""
        return client.generic(method.upper(), url, data=body, content_type="application/json")
    if method == "get":
        return client.get(url, data)
    return client.post(url, data or {})


def _assert_error_shape(response: Any, status: int) -> None:
    body = response.json()
    assert set(body) == {"error", "message", "field"}, body
    assert response.status_code == status


def check_access(
    url: str,
    *,
    owner: User,
    other: User,
    method: str = "get",
    data: dict[str, Any] | None = None,
    json: Any = None,
    api: bool = False,
    owner_status: int = 200,
    other_status: int = 404,
    snapshot: Callable[[], Any] | None = None,
    session_api: bool = False,
) -> Any:
    """Assert the matrix for one URL; returns the owner's response for further checks."""
    method = method.lower()
    before = snapshot() if snapshot else None

    anonymous = _request(Client(), url, method, data, json, api)
    if api:
        _assert_error_shape(anonymous, 401)
    else:
        assert anonymous.status_code == 302, (url, anonymous.status_code)
        assert anonymous["Location"].startswith("/accounts/login/"), anonymous["Location"]

    other_client = token_client(other) if api else logged_in_client(other)
    others = _request(other_client, url, method, data, json, api)
    assert others.status_code == other_status, (url, others.status_code)
    if api and other_status >= 400:
        _assert_error_shape(others, other_status)
    if snapshot:
        assert snapshot() == before, f"{url}: anonymous or another user changed saved data"

    owner_client = token_client(owner) if api else logged_in_client(owner)
    owners = _request(owner_client, url, method, data, json, api)
    assert owners.status_code == owner_status, (url, owners.status_code, owners.content[:300])
    if api and session_api and method != "get":
        session_client = logged_in_client(owner, enforce_csrf_checks=True)
        refused = session_client.generic(
            method.upper(), url, data=jsonlib.dumps(json), content_type="application/json"
        )
        assert refused.status_code == 403, "a session write without a CSRF token must fail"
    return owners


def assert_json_twin(page_value: Any, api_response: Any) -> None:
    """The value a page rendered equals its API twin's body (as ninja encodes it)."""
    from django.core.serializers.json import DjangoJSONEncoder

    encoded = jsonlib.loads(jsonlib.dumps(page_value.model_dump(), cls=DjangoJSONEncoder))
    assert api_response.status_code == 200
    assert encoded == api_response.json()
