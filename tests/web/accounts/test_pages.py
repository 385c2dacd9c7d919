"""Account pages through Django's test client."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from kneecoach.errors import Conflict
from kneecoach.web.accounts import services
from kneecoach.web.accounts.models import ApiToken
from kneecoach.web.coach import models as coach_models
from kneecoach.web.coach import services as coach
from tests.web.access import (
    PASSWORD,
    assert_json_twin,
    check_access,
    logged_in_client,
    make_user,
)

pytestmark = pytest.mark.django_db


def test_sign_up_creates_the_account_and_logs_in() -> None:
    client = Client()
    assert client.get("/accounts/signup/").status_code == 200
    response = client.post(
        "/accounts/signup/",
        {
            "username": "kari",
            "email": "kari@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="kari").email == "kari@example.org"
    assert client.get("/accounts/").context["user"].username == "kari"


def test_sign_up_with_mismatched_passwords_shows_the_form_again_and_saves_nothing() -> None:
    response = Client().post(
        "/accounts/signup/",
        {"username": "kari", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(username="kari").exists()


def test_sign_up_rejects_a_taken_user_name() -> None:
    make_user("kari")
    response = Client().post(
        "/accounts/signup/", {"username": "kari", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert "username" in response.context["form"].errors
    assert User.objects.filter(username="kari").count() == 1


def test_signed_in_person_visiting_sign_up_goes_home() -> None:
    response = logged_in_client(make_user("kari")).get("/accounts/signup/")
    assert response.status_code == 302


def test_log_in_and_log_out() -> None:
    make_user("kari")
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "kari", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/").status_code == 302


def test_wrong_password_shows_the_form_with_a_message() -> None:
    make_user("kari")
    response = Client().post("/accounts/login/", {"username": "kari", "password": "nope"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_login_is_throttled_after_five_failures() -> None:
    make_user("kari")
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "kari", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "kari", "password": PASSWORD})
    assert locked.status_code == 429
    assert "15 minutes" in locked.content.decode()
    assert client.get("/accounts/").status_code == 302  # the right password did not log in


def test_password_reset_sends_a_link_that_sets_a_new_password() -> None:
    make_user("kari", email="kari@example.org")
    client = Client()
    assert client.get("/accounts/password_reset/").status_code == 200
    response = client.post("/accounts/password_reset/", {"email": "kari@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", str(mail.outbox[0].body))
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "another-long-pass-77", "new_password2": "another-long-pass-77"},
    )
    assert done.status_code == 302
    assert User.objects.get(username="kari").check_password("another-long-pass-77")


def test_password_change_page() -> None:
    client = logged_in_client(make_user("kari"))
    assert client.get("/accounts/password_change/").status_code == 200


def test_account_page_shows_the_same_values_as_its_json_twin() -> None:
    user = make_user("kari", email="kari@example.org")
    services.create_token(user, "my phone")
    client = logged_in_client(user)
    page = client.get("/accounts/")
    api = client.get("/api/me")
    assert_json_twin(page.context["summary"], api)
    assert "my phone" in page.content.decode()


def test_account_page_access() -> None:
    owner, other = make_user("olivia"), make_user("oscar")
    check_access("/accounts/", owner=owner, other=other, other_status=200)


def test_token_created_on_the_page_is_shown_once_and_works() -> None:
    user = make_user("kari")
    client = logged_in_client(user)
    response = client.post("/accounts/tokens/", {"name": "script"})
    assert response.status_code == 201
    raw = response.context["created"].token
    assert raw in response.content.decode()
    assert raw not in client.get("/accounts/").content.decode()
    me = Client(headers={"authorization": f"Bearer {raw}"}).get("/api/me")
    assert me.json()["username"] == "kari"


def test_token_with_an_empty_name_is_refused_on_the_page() -> None:
    client = logged_in_client(make_user("kari"))
    response = client.post("/accounts/tokens/", {"name": "  "})
    assert response.status_code == 422
    assert "name" in response.context["token_form"].errors
    assert not ApiToken.objects.exists()


def test_a_token_over_the_limit_shows_the_form_again_with_the_message() -> None:
    """The page rolled the request back, then read the tokens for the page: a 500
    (TransactionManagementError) instead of the form; its API twin answered 422."""
    user = make_user("kari")
    for number in range(services.TOKENS_PER_USER_MAX):
        services.create_token(user, f"app {number}")
    response = logged_in_client(user).post("/accounts/tokens/", {"name": "one more"})
    assert response.status_code == 422
    assert response.context["token_form"].errors["name"] == [
        f"you already have {services.TOKENS_PER_USER_MAX} tokens; revoke one first"
    ]
    html = response.content.decode()
    assert "revoke one first" in html
    assert "app 19" in html  # the page still lists the tokens
    assert ApiToken.objects.count() == services.TOKENS_PER_USER_MAX


def test_a_token_refused_after_a_write_saves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def writes_then_refuses(user: User, name: str) -> object:
        ApiToken.objects.create(user=user, name=name, digest="d" * 64, prefix="kc_x")
        raise Conflict("clash after a write", field="name")

    user = make_user("kari")
    monkeypatch.setattr(services, "create_token", writes_then_refuses)
    response = logged_in_client(user).post("/accounts/tokens/", {"name": "x"})
    assert response.status_code == 409
    assert "clash after a write" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_token_revoke_is_only_for_the_owner() -> None:
    owner, other = make_user("olivia"), make_user("oscar")
    token = services.create_token(owner, "phone").info
    check_access(
        f"/accounts/tokens/{token.id}/revoke/",
        method="post",
        owner=owner,
        other=other,
        owner_status=302,
        snapshot=lambda: list(ApiToken.objects.values_list("id", flat=True)),
    )
    assert not ApiToken.objects.exists()


def test_revoke_page_for_an_unknown_token_is_a_404_page() -> None:
    response = logged_in_client(make_user("kari")).post("/accounts/tokens/999/revoke/")
    assert response.status_code == 404
    assert "you have no token with id 999" in response.content.decode()


def test_download_my_data_is_a_json_file_of_the_account() -> None:
    user = make_user("kari")
    services.create_token(user, "phone")
    response = check_access(
        "/accounts/export/", owner=user, other=make_user("oscar"), other_status=200
    )
    assert response["Content-Disposition"].startswith('attachment; filename="kneecoach-kari-')
    data = json.loads(response.content)
    assert data["format"] == "kneecoach-export"
    assert data["account"]["username"] == "kari"
    assert [t["name"] for t in data["account"]["tokens"]] == ["phone"]
    assert "digest" not in json.dumps(data)


def test_download_my_data_includes_the_coach_diary() -> None:
    coach.create_demo(timezone.localdate(), days=3)
    demo = User.objects.get(username=coach.DEMO_USERNAME)
    data = json.loads(logged_in_client(demo).get("/accounts/export/").content)
    assert data["account"]["username"] == "demo"
    assert data["coach"] == json.loads(coach.export(demo, "json", timezone.localdate()))
    assert data["coach"]  # the demo's diary is in it


def test_delete_account_removes_the_coach_data_too() -> None:
    coach.create_demo(timezone.localdate(), days=3)
    demo = User.objects.get(username=coach.DEMO_USERNAME)
    assert coach_models.LoggedSession.objects.exists()
    logged_in_client(demo).post("/accounts/delete/", {"password": coach.DEMO_PASSWORD})
    assert not coach_models.Profile.objects.exists()
    assert not coach_models.LoggedSession.objects.exists()


def test_delete_account_needs_the_password() -> None:
    user = make_user("kari")
    client = logged_in_client(user)
    assert client.get("/accounts/delete/").status_code == 200
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert User.objects.filter(username="kari").exists()


def test_delete_account_removes_the_user_and_their_data() -> None:
    user = make_user("kari")
    services.create_token(user, "phone")
    keep = make_user("other")
    services.create_token(keep, "theirs")
    client = logged_in_client(user)
    response = client.post("/accounts/delete/", {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(username="kari").exists()
    assert list(ApiToken.objects.values_list("user__username", flat=True)) == ["other"]
    assert client.get("/accounts/").status_code == 302  # logged out


def test_account_pages_need_a_log_in() -> None:
    for url in ("/accounts/", "/accounts/export/", "/accounts/delete/"):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
