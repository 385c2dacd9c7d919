"""The security baseline: CSP, cookies, CSRF, escaping, production settings and check --deploy."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from kneecoach.config import DEVELOPMENT_SECRET_KEY
from kneecoach.web.accounts import services
from tests.web.access import PASSWORD, logged_in_client, make_user

ROOT = Path(__file__).resolve().parents[2]


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEECOACH_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        KNEECOACH_SECRET_KEY=secrets.token_urlsafe(50),
        KNEECOACH_HTTPS="1",
        KNEECOACH_ALLOWED_HOSTS="knee.example.org",
        KNEECOACH_EMAIL_URL="smtp+tls://mail.example.org",
        KNEECOACH_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="kneecoach.web.settings",
    )
    env.update(extra)
    return env


def _python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_production_settings(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kneecoach.web.manage",
            "check",
            "--deploy",
            "--fail-level",
            "WARNING",
        ],
        env=_production_env(tmp_path),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_django_refuses_the_shipped_secret_outside_debug(tmp_path: Path) -> None:
    env = _production_env(tmp_path, KNEECOACH_SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    result = _python("import django.conf as c; c.settings.SECRET_KEY", env)
    assert result.returncode != 0
    assert "the shipped development secret cannot be used outside debug mode" in result.stderr


def test_django_refuses_to_start_without_a_secret_outside_debug(tmp_path: Path) -> None:
    env = _production_env(tmp_path)
    del env["KNEECOACH_SECRET_KEY"]
    result = _python("import django.conf as c; c.settings.SECRET_KEY", env)
    assert result.returncode != 0
    assert "KNEECOACH_SECRET_KEY is not set" in result.stderr


def test_production_settings_turn_on_https_protections_and_argon2(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER, s.DEBUG, s.PASSWORD_HASHERS[0])"
    )
    result = _python(code, _production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "True",
        "31536000",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
        "False",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


def test_smtp_settings_come_from_the_email_url(tmp_path: Path) -> None:
    env = _production_env(
        tmp_path,
        KNEECOACH_EMAIL_URL="smtp+tls://coach%40clinic.no:s3cret@mail.clinic.no?from=coach@clinic.no",
    )
    code = (
        "from django.conf import settings as s; o = s.MAILERS['default']['OPTIONS'];"
        "print(o['host'], o['port'], o['username'], o['password'], o['use_tls'], o['use_ssl'],"
        " s.DEFAULT_FROM_EMAIL)"
    )
    result = _python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "mail.clinic.no",
        "587",
        "coach@clinic.no",
        "s3cret",
        "True",
        "False",
        "coach@clinic.no",
    ]


def test_an_unknown_email_scheme_is_refused(tmp_path: Path) -> None:
    env = _production_env(tmp_path, KNEECOACH_EMAIL_URL="http://mail.example.org")
    result = _python("import django.conf as c; c.settings.MAILERS", env)
    assert result.returncode != 0
    assert "use smtp://, smtp+tls:// or smtps://" in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy() -> None:
    policy = Client().get("/accounts/login/")["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split("; ") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy
    assert "'unsafe-eval'" not in policy
    assert not any(s.startswith("http") for d in directives.values() for s in d)


@pytest.mark.django_db
def test_pages_have_no_inline_scripts_or_styles() -> None:
    client = logged_in_client(make_user("kari"))
    for url in ("/", "/accounts/", "/accounts/delete/", "/accounts/password_change/"):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)", html), url
        assert "<style" not in html, url
        assert " style=" not in html, url


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly_and_samesite() -> None:
    make_user("kari")
    client = Client()
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"username": "kari", "password": PASSWORD})
    session = response.cookies["sessionid"]
    assert session["httponly"]
    assert session["samesite"] == "Lax"
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"]
    assert csrf["samesite"] == "Lax"


@pytest.mark.django_db
def test_every_form_that_posts_carries_a_csrf_token() -> None:
    client = logged_in_client(make_user("kari"))
    anonymous = Client()
    pages = [
        (client, "/"),
        (client, "/accounts/"),
        (client, "/accounts/delete/"),
        (client, "/accounts/password_change/"),
        (anonymous, "/accounts/login/"),
        (anonymous, "/accounts/signup/"),
        (anonymous, "/accounts/password_reset/"),
    ]
    for who, url in pages:
        html = who.get(url, follow=True).content.decode()  # "/" sends a signed-in person on
        forms = re.findall(r"<form\b[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        assert forms, url
        for form in forms:
            assert 'name="csrfmiddlewaretoken"' in form, url


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_is_refused_with_help() -> None:
    make_user("kari")
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"username": "kari", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert "KNEECOACH_CSRF_TRUSTED_ORIGINS" in response.content.decode()


@pytest.mark.django_db
def test_free_text_is_escaped() -> None:
    user = make_user("kari")
    services.create_token(user, "<script>alert('x')</script>")
    html = logged_in_client(user).get("/accounts/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_clickjacking_and_sniffing_headers() -> None:
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
