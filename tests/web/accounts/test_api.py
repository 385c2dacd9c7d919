"""The account endpoints and the API's authentication and error shape."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from kneecoach.errors import Conflict
from kneecoach.web.accounts import services
from kneecoach.web.accounts.models import ApiToken
from tests.web.access import (
    check_access,
    csrf_session_post,
    logged_in_client,
    make_user,
    token_client,
)

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"error", "message", "field"}


def test_me_through_a_bearer_token() -> None:
    body = token_client(make_user("kari", email="k@example.org")).get("/api/me").json()
    assert body["username"] == "kari"
    assert body["email"] == "k@example.org"


def test_me_through_the_session() -> None:
    assert logged_in_client(make_user("kari")).get("/api/me").json()["username"] == "kari"


def test_anonymous_gets_401_in_the_error_shape() -> None:
    response = Client().get("/api/me")
    assert response.status_code == 401
    assert response.json() == {
        "error": "unauthenticated",
        "message": "log in, or send 'Authorization: Bearer <token>' with a valid API token",
        "field": "Authorization",
    }


def test_a_wrong_or_revoked_token_is_refused() -> None:
    user = make_user("kari")
    created = services.create_token(user, "phone")
    bad = Client(headers={"authorization": "Bearer kc_not-a-token"}).get("/api/me")
    assert bad.status_code == 401
    services.revoke_token(user, created.info.id)
    revoked = Client(headers={"authorization": f"Bearer {created.token}"}).get("/api/me")
    assert revoked.status_code == 401


def test_a_deactivated_users_token_is_refused() -> None:
    user = make_user("kari")
    raw = services.create_token(user, "phone").token
    user.is_active = False
    user.save()
    assert Client(headers={"authorization": f"Bearer {raw}"}).get("/api/me").status_code == 401


def test_only_a_digest_of_the_token_is_stored() -> None:
    raw = services.create_token(make_user("kari"), "phone").token
    stored = ApiToken.objects.get()
    assert raw not in (stored.digest, stored.prefix, stored.name)
    assert raw.startswith(stored.prefix)


def test_create_list_and_revoke_tokens_over_the_api() -> None:
    owner, other = make_user("olivia"), make_user("oscar")
    response = check_access(
        "/api/tokens",
        method="post",
        json={"name": "script"},
        owner=owner,
        other=other,
        api=True,
        owner_status=201,
        other_status=201,
    )
    created = response.json()
    assert created["token"].startswith("kc_")
    names = [t["name"] for t in token_client(owner).get("/api/tokens").json()]
    assert "script" in names
    token_id = created["info"]["id"]
    check_access(
        f"/api/tokens/{token_id}",
        method="delete",
        owner=owner,
        other=other,
        api=True,
        owner_status=204,
        snapshot=lambda: ApiToken.objects.filter(id=token_id).exists(),
    )
    assert not ApiToken.objects.filter(id=token_id).exists()


def test_revoking_another_persons_token_is_404_and_keeps_it() -> None:
    owner = make_user("olivia")
    token_id = services.create_token(owner, "phone").info.id
    response = token_client(make_user("oscar")).delete(f"/api/tokens/{token_id}")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "message": f"you have no token with id {token_id}",
        "field": "token_id",
    }
    assert ApiToken.objects.filter(id=token_id).exists()


def test_a_missing_field_is_a_422_naming_it() -> None:
    response = token_client(make_user("kari")).post(
        "/api/tokens", data={}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["error"] == "invalid"
    assert body["field"] == "name"


def test_a_wrongly_typed_field_is_a_422_naming_it() -> None:
    response = token_client(make_user("kari")).post(
        "/api/tokens", data={"name": ["x"]}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "name"


def test_a_malformed_json_body_is_a_422_in_the_error_shape() -> None:
    response = token_client(make_user("kari")).post(
        "/api/tokens", data="{not json", content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) == ERROR_KEYS


def test_a_domain_rule_is_a_422_naming_the_field_and_saves_nothing() -> None:
    client = token_client(make_user("kari"))
    before = ApiToken.objects.count()
    response = client.post("/api/tokens", data={"name": " "}, content_type="application/json")
    assert response.status_code == 422
    assert response.json()["field"] == "name"
    assert ApiToken.objects.count() == before


def test_a_failed_api_write_is_rolled_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A use case that wrote and then raised leaves nothing behind (ATOMIC_REQUESTS)."""

    def writes_then_fails(user: User, name: str) -> object:
        ApiToken.objects.create(user=user, name=name, digest="d" * 64, prefix="kc_x")
        raise Conflict("clash after a write", field="name")

    client = token_client(make_user("kari"))
    before = ApiToken.objects.count()
    monkeypatch.setattr(services, "create_token", writes_then_fails)
    response = client.post("/api/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json() == {
        "error": "conflict",
        "message": "clash after a write",
        "field": "name",
    }
    assert ApiToken.objects.count() == before


def test_a_session_write_needs_the_csrf_token() -> None:
    client = logged_in_client(make_user("kari"), enforce_csrf_checks=True)
    refused = client.post("/api/tokens", data={"name": "x"}, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["field"] == "X-CSRFToken"
    accepted = csrf_session_post(client, "/api/tokens", "post", {"name": "x"})
    assert accepted.status_code == 201


def test_a_token_write_needs_no_csrf_token() -> None:
    user = make_user("kari")
    raw = services.create_token(user, "phone").token
    client = Client(enforce_csrf_checks=True, headers={"authorization": f"Bearer {raw}"})
    response = client.post("/api/tokens", data={"name": "x"}, content_type="application/json")
    assert response.status_code == 201


def test_my_data_over_the_api_matches_the_download() -> None:
    user = make_user("kari")
    client = logged_in_client(user)
    api = client.get("/api/me/data").json()
    download = client.get("/accounts/export/").json()
    api.pop("exported_at")
    download.pop("exported_at")
    assert api == download


def test_health_needs_no_log_in() -> None:
    response = Client().get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_openapi_document_and_docs_page() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert "/api/me" in schema["paths"]
    assert "/api/tokens" in schema["paths"]
    docs = Client().get("/api/docs")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html  # local files, no CDN
    assert "cdn" not in html.lower()


def test_unknown_api_path_is_404() -> None:
    assert Client().get("/api/no-such-thing").status_code == 404
