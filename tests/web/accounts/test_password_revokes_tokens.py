"""A new password revokes the person's API tokens, as it ends their other sessions (issue 11).

A token is a password for apps: whoever changes or resets a password because it may have leaked
must not leave a bearer token working that was made with it.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from kneecoach.web.accounts import services
from kneecoach.web.accounts.models import ApiToken
from tests.web.access import PASSWORD, logged_in_client, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-pass-77"


def _bearer(raw: str) -> Client:
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_changing_the_password_revokes_every_api_token() -> None:
    user = make_user("kari")
    old = services.create_token(user, "phone").token
    services.create_token(user, "script")
    assert _bearer(old).get("/api/me").status_code == 200
    client = logged_in_client(user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert "API tokens were revoked" in response.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()
    refused = _bearer(old).get("/api/me")
    assert refused.status_code == 401
    assert refused.json()["error"] == "unauthenticated"
    assert client.get("/accounts/").status_code == 200  # the person's own session goes on


def test_resetting_the_password_by_the_emailed_link_revokes_every_api_token() -> None:
    user = make_user("kari", email="kari@example.org")
    old = services.create_token(user, "phone").token
    client = Client()
    client.post("/accounts/password_reset/", {"email": "kari@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+)", str(mail.outbox[0].body))
    assert link
    form_page = client.get(link.group(1), follow=True)
    assert "API tokens are revoked" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "API tokens were revoked" in done.content.decode()
    assert User.objects.get(username="kari").check_password(NEW_PASSWORD)
    assert _bearer(old).get("/api/me").status_code == 401


def test_only_the_person_whose_password_changed_loses_their_tokens() -> None:
    kari, ola = make_user("kari"), make_user("ola")
    services.create_token(kari, "phone")
    olas = services.create_token(ola, "phone").token
    kari.set_password(NEW_PASSWORD)
    kari.save()
    assert not ApiToken.objects.filter(user=kari).exists()
    assert _bearer(olas).get("/api/me").status_code == 200


def test_a_stored_hash_upgraded_at_log_in_keeps_the_tokens() -> None:
    """Django rehashes a password with newer parameters when it checks it; that is not a change
    of password, so the tokens stay."""
    user = make_user("kari")
    weak = make_password(PASSWORD, salt="ab", hasher="md5")  # too little salt: rehashed
    User.objects.filter(pk=user.pk).update(password=weak)
    token = services.create_token(user, "phone").token
    client = Client()
    login = client.post("/accounts/login/", {"username": "kari", "password": PASSWORD})
    assert login.status_code == 302
    assert User.objects.get(pk=user.pk).password != weak
    assert _bearer(token).get("/api/me").status_code == 200


def test_the_password_change_form_says_that_tokens_will_be_revoked() -> None:
    url = "/accounts/password_change/"
    client = logged_in_client(make_user("kari"))
    assert "API tokens are revoked" in client.get(url).content.decode()
    nb = client.get(url, headers={"accept-language": "nb"}).content.decode()
    assert "trekkes API-nøklene dine tilbake" in nb


def test_the_account_page_says_that_a_new_password_revokes_the_tokens() -> None:
    client = logged_in_client(make_user("kari"))
    assert "your password revokes every token" in client.get("/accounts/").content.decode()
    nb = client.get("/accounts/", headers={"accept-language": "nb"}).content.decode()
    assert "trekkes alle nøklene tilbake" in nb
