"""The one settings object of kneecoach, read from the environment.

Django's settings module, the CLI and the benchmarks all read their configuration through
``load_config()``; nothing else reads ``os.environ`` for configuration.

| variable                | meaning                                                      |
|-------------------------|--------------------------------------------------------------|
| KNEECOACH_DATA_DIR      | where the SQLite database and uploads live (XDG data dir)    |
| DATABASE_URL            | e.g. postgres://user@host:5432/db; SQLite under the data dir |
| KNEECOACH_SECRET_KEY    | Django's secret; required unless KNEECOACH_DEBUG=1           |
| KNEECOACH_DEBUG         | 1 for development (allows the shipped development secret)    |
| KNEECOACH_ALLOWED_HOSTS | comma-separated host names                                   |
| KNEECOACH_CSRF_TRUSTED_ORIGINS | comma-separated origins behind a proxy                |
| KNEECOACH_EMAIL_URL     | smtp://user:pass@host:port; required by the web server       |
|                         | outside debug (``console:`` writes mails to its log)         |
| KNEECOACH_HTTPS         | 1 behind TLS: secure cookies, HSTS, SSL redirect             |
| KNEECOACH_TRUSTED_PROXIES | proxies whose X-Forwarded-For names the client (addresses  |
|                         | or networks; default with HTTPS: 127.0.0.1,::1; "none")      |
| KNEECOACH_ADMIN         | 1 to serve Django's admin at /admin/ (always on in debug)    |
| KNEECOACH_VIDEO_MAX_MB  | largest camera-coach upload in MB (default 200)              |
| KNEECOACH_VIDEO_MAX_SECONDS | longest camera-coach video in seconds (default 180)      |
| KNEECOACH_TERMINAL_MEMO | off: `kneecoach today` never reprints its remembered output  |
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from kneecoach.errors import KneecoachError

TIME_ZONE = "Europe/Oslo"
"""The clinic's time zone: Django's ``TIME_ZONE``, and the server processes' ``TZ``."""

SQLITE_NAME = "kneecoach.sqlite3"
"""The SQLite database's file in the data directory (no DATABASE_URL)."""

# Shipped so that `make run` works on a fresh clone. It is refused unless debug is on.
DEVELOPMENT_SECRET_KEY = "kneecoach-development-only-secret-do-not-use-in-production"  # noqa: S105
# Django's own floor for a secret key (its check security.W009), enforced at start outside debug.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5


class ConfigError(KneecoachError):
    """The environment asks for something unsafe or malformed."""

    code = "config_invalid"
    status = 500


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None) -> tuple[str, ...]:
    return tuple(item.strip() for item in (value or "").split(",") if item.strip())


def default_data_dir() -> Path:
    """The XDG data directory (~/.local/share/kneecoach on Linux)."""
    return Path(user_data_dir("kneecoach", appauthor=False))


@dataclass(frozen=True, slots=True)
class Config:
    data_dir: Path
    database_url: str | None
    secret_key: str
    debug: bool
    allowed_hosts: tuple[str, ...]
    csrf_trusted_origins: tuple[str, ...] = ()
    email_url: str | None = None
    https: bool = False
    trusted_proxies: tuple[str, ...] = ()
    admin: bool = False
    video_max_bytes: int = 200 * 1_000_000
    video_max_seconds: float = 180.0

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / SQLITE_NAME

    @property
    def uses_sqlite(self) -> bool:
        return not self.database_url or self.database_url.startswith("sqlite")


def database_location(environ: Mapping[str, str] | None = None) -> tuple[Path, str | None]:
    """Where the data lives: (the data directory, ``DATABASE_URL`` or None), read as
    ``load_config`` reads them but without its checks (the terminal's read-only fast path,
    ``kneecoach.cli.today_memo``, which needs nothing else and must not refuse to start)."""
    env = os.environ if environ is None else environ
    data_dir = Path(env["KNEECOACH_DATA_DIR"]) if env.get("KNEECOACH_DATA_DIR") else None
    return (data_dir or default_data_dir()).expanduser().resolve(), env.get("DATABASE_URL") or None


def terminal_memo_on(environ: Mapping[str, str] | None = None) -> bool:
    """Whether ``kneecoach today`` may print its remembered output (``cli/today_memo.py``):
    KNEECOACH_TERMINAL_MEMO unset, ``on`` (1, yes, true) or ``off`` (0, no, false); anything
    else is refused by name rather than read as one or the other."""
    env = os.environ if environ is None else environ
    raw = (env.get("KNEECOACH_TERMINAL_MEMO") or "").strip().lower()
    if raw in {"", "on", "1", "yes", "true"}:
        return True
    if raw in {"off", "0", "no", "false"}:
        return False
    raise ConfigError(
        f"must be on or off, not {env['KNEECOACH_TERMINAL_MEMO']!r}",
        field="KNEECOACH_TERMINAL_MEMO",
    )


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from ``environ`` (default: the process environment).

    Refuses the shipped development secret outside debug mode, so a production deployment that
    forgot to set KNEECOACH_SECRET_KEY fails at start instead of running with a public key.
    """
    env = os.environ if environ is None else environ
    debug = _flag(env.get("KNEECOACH_DEBUG"))
    secret = _secret_key(env.get("KNEECOACH_SECRET_KEY") or "", debug)
    data_dir, database_url = database_location(env)
    hosts = _list(env.get("KNEECOACH_ALLOWED_HOSTS")) or (
        ("127.0.0.1", "localhost", "[::1]", "testserver") if debug else ()
    )
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        secret_key=secret,
        debug=debug,
        allowed_hosts=hosts,
        csrf_trusted_origins=_list(env.get("KNEECOACH_CSRF_TRUSTED_ORIGINS")),
        email_url=env.get("KNEECOACH_EMAIL_URL") or None,
        https=_flag(env.get("KNEECOACH_HTTPS")),
        trusted_proxies=_trusted_proxies(env.get("KNEECOACH_TRUSTED_PROXIES"), env),
        admin=debug or _flag(env.get("KNEECOACH_ADMIN")),
        video_max_bytes=int(_positive(env, "KNEECOACH_VIDEO_MAX_MB", 200) * 1_000_000),
        video_max_seconds=_positive(env, "KNEECOACH_VIDEO_MAX_SECONDS", 180),
    )


def _secret_key(secret: str, debug: bool) -> str:
    """The secret, refused outside debug when missing, shipped, or weaker than Django asks."""
    if not secret:
        if not debug:
            raise ConfigError(
                "KNEECOACH_SECRET_KEY is not set; set it to a long random string "
                "(or set KNEECOACH_DEBUG=1 for local development)",
                field="KNEECOACH_SECRET_KEY",
            )
        return DEVELOPMENT_SECRET_KEY
    if debug:
        return secret
    if secret == DEVELOPMENT_SECRET_KEY:
        raise ConfigError(
            "the shipped development secret cannot be used outside debug mode",
            field="KNEECOACH_SECRET_KEY",
        )
    if len(secret) < SECRET_KEY_MIN_LENGTH:
        problem = f"is {len(secret)} characters long; use at least {SECRET_KEY_MIN_LENGTH}"
    elif len(set(secret)) < SECRET_KEY_MIN_DISTINCT:
        problem = f"repeats {len(set(secret))} characters; use {SECRET_KEY_MIN_DISTINCT} or more"
    else:
        return secret
    raise ConfigError(
        f"{problem} random characters outside debug mode (Django's floor); make one with "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'",
        field="KNEECOACH_SECRET_KEY",
    )


def require_mail(config: Config) -> None:
    """The web server mails password-reset links: outside debug it does not start without a way
    to send them, rather than quietly writing each link (a way into an account) into its log.

    ``KNEECOACH_EMAIL_URL=console:`` chooses the log on purpose (a one-person install without a
    mail server, whose operator reads the log). The terminal app sends no mail and skips this.
    """
    if config.email_url is None and not config.debug:
        raise ConfigError(
            "is not set: password-reset links would be written to the server's log instead of "
            "mailed; set smtp://user:password@host:port (or smtp+tls://, smtps://), or console: "
            "to write them to the log on purpose",
            field="KNEECOACH_EMAIL_URL",
        )


# The recommended deployment: a TLS proxy on the same machine, gunicorn on 127.0.0.1 (serve.py).
LOCAL_PROXIES = ("127.0.0.1/32", "::1/128")


def _trusted_proxies(raw: str | None, env: Mapping[str, str]) -> tuple[str, ...]:
    """The networks whose ``X-Forwarded-For`` is believed (``kneecoach.web.clientip``).

    Unset: the local proxy when KNEECOACH_HTTPS=1 (the recommended set-up), none otherwise;
    ``none`` trusts no proxy (the server faces the clients itself).
    """
    if raw is None or not raw.strip():
        return LOCAL_PROXIES if _flag(env.get("KNEECOACH_HTTPS")) else ()
    if raw.strip().lower() == "none":
        return ()
    networks = []
    for item in _list(raw):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                f"{item!r} is not an address or network (e.g. 10.0.0.5 or 10.0.0.0/24)",
                field="KNEECOACH_TRUSTED_PROXIES",
            ) from None
    return tuple(networks)


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if value <= 0:
        raise ConfigError(f"must be a positive number, not {raw!r}", field=name)
    return value
