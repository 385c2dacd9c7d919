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
| KNEECOACH_EMAIL_URL     | smtp://user:pass@host:port (console backend when unset)      |
| KNEECOACH_HTTPS         | 1 behind TLS: secure cookies, HSTS, SSL redirect             |
| KNEECOACH_VIDEO_MAX_MB  | largest camera-coach upload in MB (default 200)              |
| KNEECOACH_VIDEO_MAX_SECONDS | longest camera-coach video in seconds (default 180)      |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kneecoach.errors import KneecoachError

TIME_ZONE = "Europe/Oslo"
"""The clinic's time zone: Django's ``TIME_ZONE``, and the server processes' ``TZ``."""

# Shipped so that `make run` works on a fresh clone. It is refused unless debug is on.
DEVELOPMENT_SECRET_KEY = "kneecoach-development-only-secret-do-not-use-in-production"  # noqa: S105


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
    from platformdirs import user_data_dir

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
    video_max_bytes: int = 200 * 1_000_000
    video_max_seconds: float = 180.0

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "kneecoach.sqlite3"

    @property
    def uses_sqlite(self) -> bool:
        return not self.database_url or self.database_url.startswith("sqlite")


def load_config(environ: Mapping[str, str] | None = None) -> Config:
    """Build the configuration from ``environ`` (default: the process environment).

    Refuses the shipped development secret outside debug mode, so a production deployment that
    forgot to set KNEECOACH_SECRET_KEY fails at start instead of running with a public key.
    """
    env = os.environ if environ is None else environ
    debug = _flag(env.get("KNEECOACH_DEBUG"))
    secret = env.get("KNEECOACH_SECRET_KEY") or ""
    if not secret:
        if not debug:
            raise ConfigError(
                "KNEECOACH_SECRET_KEY is not set; set it to a long random string "
                "(or set KNEECOACH_DEBUG=1 for local development)",
                field="KNEECOACH_SECRET_KEY",
            )
        secret = DEVELOPMENT_SECRET_KEY
    elif secret == DEVELOPMENT_SECRET_KEY and not debug:
        raise ConfigError(
            "the shipped development secret cannot be used outside debug mode",
            field="KNEECOACH_SECRET_KEY",
        )
    data_dir = Path(env["KNEECOACH_DATA_DIR"]) if env.get("KNEECOACH_DATA_DIR") else None
    hosts = _list(env.get("KNEECOACH_ALLOWED_HOSTS")) or (
        ("127.0.0.1", "localhost", "[::1]", "testserver") if debug else ()
    )
    return Config(
        data_dir=(data_dir or default_data_dir()).expanduser().resolve(),
        database_url=env.get("DATABASE_URL") or None,
        secret_key=secret,
        debug=debug,
        allowed_hosts=hosts,
        csrf_trusted_origins=_list(env.get("KNEECOACH_CSRF_TRUSTED_ORIGINS")),
        email_url=env.get("KNEECOACH_EMAIL_URL") or None,
        https=_flag(env.get("KNEECOACH_HTTPS")),
        video_max_bytes=int(_positive(env, "KNEECOACH_VIDEO_MAX_MB", 200) * 1_000_000),
        video_max_seconds=_positive(env, "KNEECOACH_VIDEO_MAX_SECONDS", 180),
    )


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
