"""Django settings, derived from the one configuration object (``kneecoach.config``).

Nothing here touches the disk or the network: the data directory is created by whoever starts
the process (the CLI, ``wsgi.py``), not at import time.
"""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.utils.csp import CSP

from kneecoach import config
from kneecoach.config import load_config
from kneecoach.web.throttle.limits import Limit

CONFIG = load_config()
WEB_DIR = Path(__file__).resolve().parent


def _package_dir(name: str) -> Path:
    """An installed package's folder, found without importing the package."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ImportError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


# django-ninja's Swagger UI files (templates and static), used by ``api.LocalSwagger``. ninja is
# not an installed app: registering it imports all of ninja on every start (~60 ms of the CLI's
# cold start) only so that Django finds these two folders.
NINJA_DIR = _package_dir("ninja")

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = list(CONFIG.allowed_hosts)
CSRF_TRUSTED_ORIGINS = list(CONFIG.csrf_trusted_origins)
KNEECOACH_ADMIN = CONFIG.admin  # /admin/ is served only when true (urls.py)

INSTALLED_APPS = [
    # The admin's models and checks always; its autodiscovery (every app's admin.py, the auth
    # forms...) only where /admin/ is served: ~5 ms of every start, the terminal's included.
    "django.contrib.admin" if KNEECOACH_ADMIN else "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "kneecoach.web.accounts",
    "kneecoach.web.coach",
    "kneecoach.web.patient",
    "kneecoach.web.insights",
    "kneecoach.web.camera",
    "kneecoach.web.throttle",
    "kneecoach.web.sharing",
    "kneecoach.web.outcomes",
    "kneecoach.web.clinic",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Before anything asks whether the request is secure: X-Forwarded-Proto from a trusted
    # proxy only (KNEECOACH_TRUSTED_PROXIES), as gunicorn is told.
    "kneecoach.web.clientip.ForwardedProtoFromTrustedProxies",
    "django.middleware.security.SecurityMiddleware",
    # Error answers under /api/ in the API's JSON shape, the host check's 400 included.
    "kneecoach.web.json_errors.JsonErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Above LocaleMiddleware, so it sees the "Vary: Accept-Language" that one adds on the way out.
    "kneecoach.web.caching.LanguageNamedByUrlMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kneecoach.web.caching.NoStoreForSignedInMiddleware",  # sees the answers of all below
    "django.contrib.messages.middleware.MessageMiddleware",
    "kneecoach.web.patient.language.ProfileLanguageMiddleware",  # sign-in: the profile's language
    "kneecoach.web.views.KneecoachErrorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "kneecoach.web.urls"
WSGI_APPLICATION = "kneecoach.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates", NINJA_DIR / "templates"],
        "OPTIONS": {
            # Compiled templates are kept even in debug (make run): gunicorn does not reload code,
            # so re-parsing every template on every request would be wasted work.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "kneecoach.web.navigation.navigation",
            ],
        },
    },
]


def _database(config_url: str | None) -> dict[str, Any]:
    """PostgreSQL (or another server) from DATABASE_URL; otherwise SQLite in WAL mode.

    WAL lets readers run beside the one writer; ``synchronous=FULL`` makes a committed write
    survive a crash or power loss (the CLI reports "saved" only after COMMIT); IMMEDIATE
    transactions take the write lock up front so two writers wait (``timeout``) instead of
    failing with "database is locked" half-way through.
    """
    if config_url and not config_url.startswith("sqlite"):
        db: dict[str, Any] = dict(
            dj_database_url.parse(config_url, conn_max_age=60, conn_health_checks=True)
        )
        db["ATOMIC_REQUESTS"] = True
        return db
    name = dj_database_url.parse(config_url)["NAME"] if config_url else CONFIG.sqlite_path
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "ATOMIC_REQUESTS": True,
        # One connection per server thread, kept: opening one per request ran the PRAGMAs and
        # re-read the schema every time. A GET's request transaction begins DEFERRED, a
        # write's IMMEDIATE (``kneecoach.web.transactions``).
        "CONN_MAX_AGE": 600,
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database(CONFIG.database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",  # verifies (and upgrades) older hashes
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling; must come first
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: revokes the person's API tokens once a new password is saved (see the module).
    {"NAME": "kneecoach.web.accounts.passwords.RevokeApiTokensOnPasswordChange"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nb", "Norsk bokmål")]
LOCALE_PATHS = [WEB_DIR / "locale"]
TIME_ZONE = config.TIME_ZONE
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = CONFIG.data_dir / "static"
STATICFILES_DIRS = [WEB_DIR / "static", NINJA_DIR / "static"]
MEDIA_ROOT = CONFIG.data_dir / "media"
# Uploaded set videos wait here for the camera coach's worker (and stay only if the person keeps
# them). Any Django storage works; for several machines, point "videos" at shared storage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "videos": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": CONFIG.data_dir / "videos", "base_url": None},
    },
}
# Background jobs (the camera coach's analyses) are rows in the database, run by
# `kneecoach worker` (Django's task framework with django-tasks-db): no broker to run, and the same
# database serves SQLite laptops and PostgreSQL deployments.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "video"],
    }
}
KNEECOACH_VIDEO_MAX_BYTES = CONFIG.video_max_bytes
KNEECOACH_VIDEO_MAX_SECONDS = CONFIG.video_max_seconds
# WhiteNoise serves static files from the installed apps directly, so a self-hosted server shows
# its styles without a collectstatic step or a separate web server.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"


def _mailers(url: str | None) -> dict[str, Any]:
    """Django's MAILERS from KNEECOACH_EMAIL_URL; the console backend when it is unset (debug,
    and the terminal app, which sends no mail: the web server refuses to start without it
    outside debug, see ``config.require_mail``) or ``console:``.

    ``smtp://user:pass@host:25``, ``smtp+tls://...:587`` (STARTTLS) or ``smtps://...:465``.
    """
    console = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    parts = urlsplit(url or "")
    scheme = parts.scheme.lower()
    if not url or scheme == "console":
        return console
    if scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ValueError(
            f"KNEECOACH_EMAIL_URL: use smtp://, smtp+tls:// or smtps:// (or console:), not {url!r}"
        )
    default_port = {"smtp": 25, "smtp+tls": 587, "smtps": 465}[scheme]
    options = {
        "host": parts.hostname or "localhost",
        "port": parts.port or default_port,
        "username": unquote(parts.username or ""),
        "password": unquote(parts.password or ""),
        "use_tls": scheme == "smtp+tls",
        "use_ssl": scheme == "smtps",
        "timeout": 20,
    }
    smtp = "django.core.mail.backends.smtp.EmailBackend"
    return {"default": {"BACKEND": smtp, "OPTIONS": options}}


MAILERS = _mailers(CONFIG.email_url)
# ``?from=coach@example.org`` on KNEECOACH_EMAIL_URL sets the sender.
DEFAULT_FROM_EMAIL = parse_qs(urlsplit(CONFIG.email_url or "").query).get(
    "from", ["kneecoach@localhost"]
)[0]

# Security baseline. Cookies are HttpOnly and SameSite=Lax everywhere; behind TLS
# (KNEECOACH_HTTPS=1) they are Secure too, plain HTTP is redirected and HSTS is sent. The proxy in
# front must set X-Forwarded-Proto; trusting it is what lets Django see the request as HTTPS, so
# CSRF's origin check passes behind a proxy instead of failing with 403.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # the pages' scripts read the token from <meta name="csrf-token">
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "kneecoach.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = CONFIG.https
SECURE_SSL_REDIRECT = CONFIG.https
SECURE_HSTS_SECONDS = 31_536_000 if CONFIG.https else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = CONFIG.https
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if CONFIG.https else None
# HSTS preload is a promise about the whole domain that only its owner can make.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Same origin only; no inline script or style unless it carries the per-request nonce
# ({{ csp_nonce }}). SVG illustrations animate with SMIL or CSS classes, not inline styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# The client's address: X-Forwarded-For is believed only from these proxies (web/clientip.py).
KNEECOACH_TRUSTED_PROXIES = CONFIG.trusted_proxies

# Login throttling (django-axes): five failures for one user name from one address lock that
# pair out for 15 minutes; a success resets the count. The address is the client's, read through
# the trusted proxy, so that behind it one person's lock-out is not everyone's.
AXES_CLIENT_IP_CALLABLE = "kneecoach.web.clientip.client_ip"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

# Actions that need no account, limited per client address (kneecoach.web.throttle): a clinic's
# patients may sign up one after another from its network, so sign-up allows more than reset,
# whose mails a stranger could otherwise send to someone by the hundred.
KNEECOACH_SIGNUP_LIMIT = Limit(attempts=20, window=timedelta(hours=1))
KNEECOACH_PASSWORD_RESET_LIMIT = Limit(attempts=5, window=timedelta(hours=1))
