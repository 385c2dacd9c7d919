"""The client's address, as seen through the proxies this server trusts.

Behind the recommended TLS proxy every request arrives from the proxy's address (``REMOTE_ADDR``),
so anything counted per address (the log-in lockout, the sign-up and password-reset limits) would
count everyone together. The proxy appends the address it saw to ``X-Forwarded-For``; a client can
write anything before it. So the header is read only when the request came from a trusted proxy
(``KNEECOACH_TRUSTED_PROXIES``), and walked from the right: each trusted proxy's entry is skipped,
and the first address that is not a trusted proxy is the client. Without a trusted proxy the
header is ignored, so a client cannot name its own address. This is the rule of nginx's
``real_ip_recursive`` and of Werkzeug's ``ProxyFix``; django-ipware was not used because it judges
the proxies by the header's own contents rather than by the address the request came from.

django-axes reads the address through ``client_ip`` (``AXES_CLIENT_IP_CALLABLE``).

The scheme is believed from the same proxies only (``ForwardedProtoFromTrustedProxies``): behind
TLS (``KNEECOACH_HTTPS=1``) Django takes ``X-Forwarded-Proto: https`` as the request being secure
(``SECURE_PROXY_SSL_HEADER``), from whoever sends it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(item, strict=False) for item in trusted)


def _is_trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (see the module)."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    networks = _networks(tuple(settings.KNEECOACH_TRUSTED_PROXIES))
    if not _is_trusted(remote, networks):
        return remote
    client = remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for entry in reversed(forwarded.split(",")):
        address = entry.strip()
        try:
            ipaddress.ip_address(address)
        except ValueError:
            break  # not an address: the last trusted hop is all we know
        client = address
        if not _is_trusted(address, networks):
            break
    return client


class ForwardedProtoFromTrustedProxies:
    """Drops the header ``SECURE_PROXY_SSL_HEADER`` names from a request that did not come from a
    trusted proxy, before Django reads it (first in ``MIDDLEWARE``).

    Django believes that header from any peer; gunicorn is told to believe it from the trusted
    proxies only (``serve.gunicorn_argv``), and so must the app be, or a client that reaches the
    server without the proxy could call plain HTTP secure (no redirect to HTTPS, secure cookies
    sent in the clear). Nothing to do when the header is not used (``KNEECOACH_HTTPS`` off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        header = settings.SECURE_PROXY_SSL_HEADER
        if header is not None and header[0] in request.META:
            remote = str(request.META.get("REMOTE_ADDR", ""))
            if not _is_trusted(remote, _networks(tuple(settings.KNEECOACH_TRUSTED_PROXIES))):
                del request.META[header[0]]
        return self.get_response(request)


def client_network(address: str) -> str:
    """What a per-address limit counts: the address itself for IPv4, its /64 for IPv6 (one home
    or phone is given a whole /64 and could otherwise take a fresh address for every try)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    if ip.ipv4_mapped is not None:  # ::ffff:198.51.100.7 is that IPv4 client
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))
