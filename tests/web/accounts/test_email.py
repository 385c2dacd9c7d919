"""Issue 14 (10): a person who skipped the e-mail at sign-up adds one later (page and API), so a
forgotten password can be reset; a bad address is refused in plain words and changes nothing."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tests.web.access import logged_in_client, make_user, token_client

pytestmark = pytest.mark.django_db


def test_an_email_added_on_the_account_page_lets_a_forgotten_password_be_reset() -> None:
    user = make_user("kari")
    client = logged_in_client(user)
    page = client.get("/accounts/").content.decode()
    assert "a forgotten password cannot be reset. Add one here." in page
    settings = client.get("/settings/")
    if settings.status_code == 200:  # onboarded people only; the link leads to the form
        assert "/accounts/#email" in settings.content.decode()
    saved = client.post("/accounts/email/", {"email": " kari@example.org "}, follow=True)
    assert "a password reset link can now be sent to kari@example.org" in saved.content.decode()
    user.refresh_from_db()
    assert user.email == "kari@example.org"
    Client().post("/accounts/password_reset/", {"email": "kari@example.org"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kari@example.org"]


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_bad_email_is_refused_in_plain_words_and_changes_nothing(language: str) -> None:
    user = make_user("kari", email="old@example.org")
    client = logged_in_client(user)
    client.cookies["django_language"] = language
    refused = client.post("/accounts/email/", {"email": "kari at home"})
    assert refused.status_code == 422
    words = {"en": "Enter an e-mail address such as", "nb": "Skriv en e-postadresse"}
    assert words[language] in refused.content.decode()
    user.refresh_from_db()
    assert user.email == "old@example.org"


def test_the_api_sets_and_removes_the_email_and_names_the_field_on_a_bad_one() -> None:
    user = make_user("kari")
    client = token_client(user)
    put = client.put("/api/me/email", json.dumps({"email": "k@example.org"}), "application/json")
    assert put.status_code == 200 and put.json()["email"] == "k@example.org"
    bad = client.put("/api/me/email", json.dumps({"email": "nope"}), "application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "email"
    assert User.objects.get(pk=user.pk).email == "k@example.org"
    gone = client.put("/api/me/email", json.dumps({"email": ""}), "application/json")
    assert gone.json()["email"] == ""


def test_only_the_person_themself_changes_their_email() -> None:
    kari, ola = make_user("kari"), make_user("ola", email="ola@example.org")
    assert Client().post("/accounts/email/", {"email": "x@example.org"}).status_code == 302
    anonymous = Client().put(
        "/api/me/email", json.dumps({"email": "x@example.org"}), "application/json"
    )
    assert anonymous.status_code == 401
    logged_in_client(kari).post("/accounts/email/", {"email": "kari@example.org"})
    assert User.objects.get(pk=ola.pk).email == "ola@example.org"  # "me" is always the caller
    assert User.objects.get(pk=kari.pk).email == "kari@example.org"
