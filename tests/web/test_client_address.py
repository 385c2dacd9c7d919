"""The client's address behind a proxy, the log-in lockout per person and address, and the
per-address limits on sign-up and password reset (issue 11, item 13).

Behind the TLS proxy every request comes from the proxy's address. The lockout (five bad passwords
for one user name from one address) then locked a person out for everyone; the address must come
from the proxy's ``X-Forwarded-For``, but only when the request came from a proxy we trust, or any
client could name its own address and never be locked out.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.utils import timezone
from gunicorn.config import Config as GunicornConfig
from gunicorn.http.message import _ip_in_allow_list

from kneecoach.config import ConfigError, load_config
from kneecoach.web import serve
from kneecoach.web.clientip import client_ip, client_network
from kneecoach.web.throttle.limits import Limit, attempt
from tests.web.access import PASSWORD, make_user

PROXY = "127.0.0.1"
ALICE_AT_HOME, ALICE_AT_WORK = "198.51.100.7", "203.0.113.40"


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.KNEECOACH_TRUSTED_PROXIES = ("127.0.0.1/32", "::1/128")


@pytest.fixture
def no_proxy(settings: Any) -> None:
    settings.KNEECOACH_TRUSTED_PROXIES = ()


def _request(remote: str, forwarded: str | None = None) -> Any:
    headers = {"x-forwarded-for": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


# --- the address -------------------------------------------------------------------------------


@pytest.mark.usefixtures("behind_proxy")
def test_behind_a_trusted_proxy_the_client_is_the_last_address_it_did_not_add_itself() -> None:
    assert client_ip(_request(PROXY, ALICE_AT_HOME)) == ALICE_AT_HOME
    # A client's own X-Forwarded-For comes first; the proxy appends the address it saw.
    assert client_ip(_request(PROXY, f"10.9.9.9, {ALICE_AT_HOME}")) == ALICE_AT_HOME


@pytest.mark.usefixtures("behind_proxy")
def test_a_chain_of_trusted_proxies_is_walked_from_the_right(settings: Any) -> None:
    settings.KNEECOACH_TRUSTED_PROXIES = ("127.0.0.1/32", "10.0.0.0/8")
    assert client_ip(_request(PROXY, f"1.2.3.4, {ALICE_AT_HOME}, 10.0.0.3")) == ALICE_AT_HOME


@pytest.mark.usefixtures("behind_proxy")
def test_a_request_not_from_the_proxy_keeps_its_own_address() -> None:
    assert client_ip(_request(ALICE_AT_WORK, "1.2.3.4")) == ALICE_AT_WORK


@pytest.mark.usefixtures("behind_proxy")
def test_garbage_in_x_forwarded_for_is_not_an_address() -> None:
    assert client_ip(_request(PROXY, "<script>, not-an-ip")) == PROXY
    assert client_ip(_request(PROXY, "")) == PROXY


@pytest.mark.usefixtures("no_proxy")
def test_without_a_trusted_proxy_x_forwarded_for_is_ignored() -> None:
    assert client_ip(_request(PROXY, ALICE_AT_HOME)) == PROXY


def test_ipv6_clients_are_grouped_by_their_64_bit_network() -> None:
    """One IPv6 home or phone gets a whole /64: counting single addresses would let it pick a
    fresh one for every attempt."""
    assert client_network("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert client_network("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert client_network(ALICE_AT_HOME) == ALICE_AT_HOME


# --- the setting -------------------------------------------------------------------------------


def _config(**env: str) -> Any:
    return load_config({"KNEECOACH_DEBUG": "1", "KNEECOACH_DATA_DIR": "var", **env})


def test_https_behind_the_recommended_local_proxy_trusts_loopback_by_default() -> None:
    assert _config(KNEECOACH_HTTPS="1").trusted_proxies == ("127.0.0.1/32", "::1/128")
    assert _config().trusted_proxies == ()


def test_trusted_proxies_can_be_named_or_turned_off() -> None:
    config = _config(KNEECOACH_HTTPS="1", KNEECOACH_TRUSTED_PROXIES="10.0.0.5, 192.168.0.0/24")
    assert config.trusted_proxies == ("10.0.0.5/32", "192.168.0.0/24")
    assert _config(KNEECOACH_HTTPS="1", KNEECOACH_TRUSTED_PROXIES="none").trusted_proxies == ()


def test_a_malformed_trusted_proxy_is_refused_naming_the_variable() -> None:
    with pytest.raises(ConfigError, match="not an address or network") as refused:
        _config(KNEECOACH_TRUSTED_PROXIES="10.0.0.5, proxy.local")
    assert refused.value.field == "KNEECOACH_TRUSTED_PROXIES"


def _gunicorn_believes(monkeypatch: pytest.MonkeyPatch, **env: str) -> Callable[[str], bool]:
    """Run ``python -m kneecoach.web.serve`` under ``env`` up to the exec of gunicorn, and read
    the command it would run with gunicorn's own parser: does gunicorn believe a peer's
    ``X-Forwarded-*`` headers (the scheme it hands Django)?"""
    for name in [name for name in os.environ if name.startswith("KNEECOACH_")]:
        monkeypatch.delenv(name)
    for name, value in {"KNEECOACH_DEBUG": "1", **env}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TZ", os.environ.get("TZ", "UTC"))  # serve sets it for gunicorn's master
    started: list[list[str]] = []

    def execv(path: str, argv: list[str]) -> None:
        started.append(argv)
        raise SystemExit(0)  # as if replaced by gunicorn

    monkeypatch.setattr(os, "execv", execv)
    with pytest.raises(SystemExit):
        serve.main(["--no-job-worker"])
    gunicorn = GunicornConfig()
    options = gunicorn.parser().parse_args(started[0][3:])  # after `python -m gunicorn`
    gunicorn.set("forwarded_allow_ips", options.forwarded_allow_ips)
    return lambda peer: _ip_in_allow_list(  # the check gunicorn makes for each request
        peer, gunicorn.forwarded_allow_ips, gunicorn.forwarded_allow_networks()
    )


def test_the_server_believes_forwarded_headers_from_exactly_the_proxies_the_app_trusts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    named = _gunicorn_believes(
        monkeypatch, KNEECOACH_HTTPS="1", KNEECOACH_TRUSTED_PROXIES="10.0.0.5, 192.168.0.0/24"
    )
    assert named("10.0.0.5") and named("192.168.0.77")
    assert not named("10.0.0.6") and not named("127.0.0.1") and not named("::1")
    default = _gunicorn_believes(monkeypatch, KNEECOACH_HTTPS="1")
    assert default("127.0.0.1") and default("::1") and not default("10.0.0.5")


def test_a_server_that_trusts_no_proxy_believes_no_peers_forwarded_headers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An empty list, not gunicorn's default (the loopback), which the option left out means."""
    turned_off = _gunicorn_believes(
        monkeypatch, KNEECOACH_HTTPS="1", KNEECOACH_TRUSTED_PROXIES="none"
    )
    without_https = _gunicorn_believes(monkeypatch)
    for believes in (turned_off, without_https):
        assert not believes("127.0.0.1") and not believes("::1") and not believes("10.0.0.5")


# --- the log-in lockout ------------------------------------------------------------------------


def _log_in(client: Client, password: str, remote: str, forwarded: str | None) -> Any:
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    return client.post(
        "/accounts/login/",
        {"username": "alice", "password": password},
        REMOTE_ADDR=remote,
        headers=headers,
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_behind_the_proxy_a_lockout_from_one_address_leaves_other_addresses_free() -> None:
    make_user("alice")
    for _ in range(5):
        _log_in(Client(), "wrong", PROXY, ALICE_AT_WORK)
    assert _log_in(Client(), PASSWORD, PROXY, ALICE_AT_WORK).status_code == 429
    assert _log_in(Client(), PASSWORD, PROXY, ALICE_AT_HOME).status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("no_proxy")
def test_without_the_proxy_setting_a_spoofed_x_forwarded_for_does_not_escape_the_lockout() -> None:
    make_user("alice")
    for n in range(5):
        _log_in(Client(), "wrong", ALICE_AT_WORK, f"192.0.2.{n}")
    assert _log_in(Client(), PASSWORD, ALICE_AT_WORK, "192.0.2.99").status_code == 429


# --- sign-up and password reset, per address ---------------------------------------------------


def _sign_up(n: int, remote: str = ALICE_AT_HOME, forwarded: str | None = None) -> Any:
    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    data = {"username": f"person{n}", "password1": PASSWORD, "password2": PASSWORD}
    return Client().post("/accounts/signup/", data, REMOTE_ADDR=remote, headers=headers)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_proxy")
def test_sign_up_is_refused_with_a_clear_message_after_the_limit_per_address(
    settings: Any,
) -> None:
    settings.KNEECOACH_SIGNUP_LIMIT = Limit(attempts=3, window=timedelta(hours=1))
    for n in range(3):
        assert _sign_up(n).status_code == 302
    refused = _sign_up(3)
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Too many attempts from your network address" in html
    assert 'role="alert"' in html
    assert not User.objects.filter(username="person3").exists()
    assert _sign_up(4, remote=ALICE_AT_WORK).status_code == 302  # another address is free


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_behind_the_proxy_sign_up_is_limited_per_client_not_per_proxy(settings: Any) -> None:
    settings.KNEECOACH_SIGNUP_LIMIT = Limit(attempts=2, window=timedelta(hours=1))
    for n in range(2):
        assert _sign_up(n, PROXY, ALICE_AT_HOME).status_code == 302
    assert _sign_up(2, PROXY, ALICE_AT_HOME).status_code == 429
    assert _sign_up(3, PROXY, ALICE_AT_WORK).status_code == 302


@pytest.mark.django_db
@pytest.mark.usefixtures("no_proxy")
def test_password_reset_is_refused_with_a_clear_message_after_the_limit_per_address(
    settings: Any, mailoutbox: list[Any]
) -> None:
    settings.KNEECOACH_PASSWORD_RESET_LIMIT = Limit(attempts=2, window=timedelta(hours=1))
    make_user("alice", email="alice@example.org")
    for _ in range(2):
        response = Client().post(
            "/accounts/password_reset/", {"email": "alice@example.org"}, REMOTE_ADDR=ALICE_AT_HOME
        )
        assert response.status_code == 302
    refused = Client().post(
        "/accounts/password_reset/", {"email": "alice@example.org"}, REMOTE_ADDR=ALICE_AT_HOME
    )
    assert refused.status_code == 429
    assert "Too many attempts from your network address" in refused.content.decode()
    assert len(mailoutbox) == 2  # the refused request sent nothing
    nb = Client().post(
        "/accounts/password_reset/",
        {"email": "alice@example.org"},
        REMOTE_ADDR=ALICE_AT_HOME,
        headers={"accept-language": "nb"},
    )
    assert "For mange forsøk fra nettverksadressen din" in nb.content.decode()


@pytest.mark.django_db
def test_a_window_ends_and_the_count_starts_again() -> None:
    limit = Limit(attempts=2, window=timedelta(minutes=10))
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    assert attempt("signup", "198.51.100.7", limit, start) is None
    assert attempt("signup", "198.51.100.7", limit, start + timedelta(minutes=1)) is None
    wait = attempt("signup", "198.51.100.7", limit, start + timedelta(minutes=4))
    assert wait == timedelta(minutes=6)
    assert attempt("signup", "198.51.100.7", limit, start + timedelta(minutes=10)) is None


# --- the scheme --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("behind_proxy")
def test_only_a_trusted_proxy_may_say_the_request_came_over_https(settings: Any) -> None:
    """Behind TLS (``KNEECOACH_HTTPS=1``) Django takes ``X-Forwarded-Proto: https`` as a secure
    request; from a client that reached the server without the proxy it would skip the redirect
    to HTTPS. The header counts from the proxies the app trusts, as gunicorn is told."""
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    https = {"x-forwarded-proto": "https"}
    assert Client(REMOTE_ADDR=PROXY).get("/accounts/login/", headers=https).status_code == 200
    direct = Client(REMOTE_ADDR=ALICE_AT_HOME).get("/accounts/login/", headers=https)
    assert direct.status_code == 301 and direct["Location"].startswith("https://")


@pytest.mark.django_db
@pytest.mark.usefixtures("no_proxy")
def test_without_a_trusted_proxy_no_one_may_say_the_request_came_over_https(
    settings: Any,
) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    direct = Client(REMOTE_ADDR=PROXY).get(
        "/accounts/login/", headers={"x-forwarded-proto": "https"}
    )
    assert direct.status_code == 301
