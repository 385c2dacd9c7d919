"""A production start refuses what is unsafe, with one clear line (issue 11, item 14).

A secret key shorter than Django's floor, and no way to mail password-reset links, stop the web
server at start instead of running with a guessable key or writing reset links into the log.
``check --deploy`` on a production configuration is clean; ``/admin/`` is mounted only when
asked for; ``/api/docs`` stays public (docs/security.md says why).
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kneecoach.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]
SHORT_KEY = "a-secret-that-is-too-short-1234"  # 31 characters


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KNEECOACH_", "DJANGO_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        KNEECOACH_SECRET_KEY=secrets.token_urlsafe(50),
        KNEECOACH_HTTPS="1",
        KNEECOACH_ALLOWED_HOSTS="knee.example.org",
        KNEECOACH_EMAIL_URL="smtp+tls://mail.example.org",
        KNEECOACH_DATA_DIR=str(tmp_path),
    )
    env.update(extra)
    return {k: v for k, v in env.items() if v != ""}  # "" here means: leave it unset


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            argv, env=env, capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{argv} started and kept running instead of refusing to start")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _serve(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``make serve``: the server with the environment's settings."""
    argv = [
        sys.executable,
        "-m",
        "kneecoach.web.serve",
        "--port",
        str(_free_port()),
        "--no-job-worker",
        "--workers",
        "1",
    ]
    return _run(argv, env)


def test_a_secret_shorter_than_50_characters_is_refused_outside_debug() -> None:
    with pytest.raises(ConfigError, match="at least 50") as refused:
        load_config({"KNEECOACH_SECRET_KEY": SHORT_KEY})
    assert refused.value.field == "KNEECOACH_SECRET_KEY"


def test_a_long_secret_of_few_distinct_characters_is_refused_outside_debug() -> None:
    with pytest.raises(ConfigError, match="repeats 2 characters; use 5 or more"):
        load_config({"KNEECOACH_SECRET_KEY": "ab" * 40})


def test_debug_mode_accepts_a_short_secret(tmp_path: Path) -> None:
    env = {"KNEECOACH_DEBUG": "1", "KNEECOACH_SECRET_KEY": SHORT_KEY}
    config = load_config({**env, "KNEECOACH_DATA_DIR": str(tmp_path)})
    assert config.secret_key == SHORT_KEY


def test_the_server_refuses_a_short_secret_with_one_line(tmp_path: Path) -> None:
    result = _serve(_production_env(tmp_path, KNEECOACH_SECRET_KEY=SHORT_KEY))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: KNEECOACH_SECRET_KEY: ")
    assert "at least 50" in lines[0]


def test_the_server_refuses_to_start_without_mail_with_one_line(tmp_path: Path) -> None:
    result = _serve(_production_env(tmp_path, KNEECOACH_EMAIL_URL=""))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: KNEECOACH_EMAIL_URL: is not set")


def test_the_wsgi_application_refuses_to_load_without_mail(tmp_path: Path) -> None:
    """Any WSGI server (gunicorn started by hand) loads wsgi.py: it fails there too."""
    env = _production_env(tmp_path, KNEECOACH_EMAIL_URL="")
    result = _run([sys.executable, "-c", "import kneecoach.web.wsgi"], env)
    assert result.returncode != 0
    assert (
        result.stderr.strip()
        .splitlines()[-1]
        .endswith(
            "KNEECOACH_EMAIL_URL: is not set: password-reset links would be written to the "
            "server's log instead of mailed; set smtp://user:password@host:port (or smtp+tls://, "
            "smtps://), or console: to write them to the log on purpose"
        )
    )


def test_console_mail_can_be_chosen_on_purpose(tmp_path: Path) -> None:
    env = _production_env(tmp_path, KNEECOACH_EMAIL_URL="console:")
    code = (
        "import kneecoach.web.wsgi; from django.conf import settings as s; "
        "print(s.MAILERS['default']['BACKEND'])"
    )
    result = _run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.mail.backends.console.EmailBackend"


def test_the_terminal_app_needs_no_mail(tmp_path: Path) -> None:
    env = _production_env(tmp_path, KNEECOACH_EMAIL_URL="")
    code = "import sys; from kneecoach.cli import main; sys.exit(main(['migrate']))"
    result = _run([sys.executable, "-c", code], env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("manage", ["kneecoach.web.manage", "django"])
def test_check_deploy_on_a_production_configuration_is_clean(tmp_path: Path, manage: str) -> None:
    argv = [sys.executable, "-m", manage, "check", "--deploy", "--fail-level", "WARNING"]
    env = _production_env(tmp_path, DJANGO_SETTINGS_MODULE="kneecoach.web.settings")
    result = _run(argv, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "System check identified no issues (1 silenced)."
    assert not result.stderr.strip()


_GET = (
    "import sys; import kneecoach.web.wsgi; from django.test import Client; "
    "r = Client().get(sys.argv[1], secure=True, headers={'host': 'knee.example.org'}); "
    "print(r.status_code, r.headers.get('Location', ''))"
)


def _get_in_production(path: str, env: dict[str, str]) -> str:
    result = _run([sys.executable, "-c", _GET, path], env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_admin_is_not_served_in_production_unless_asked_for(tmp_path: Path) -> None:
    assert _get_in_production("/admin/", _production_env(tmp_path)).startswith("404")
    on = _get_in_production("/admin/", _production_env(tmp_path, KNEECOACH_ADMIN="1"))
    assert on == "302 /admin/login/?next=/admin/"


def test_api_docs_stay_public_in_production(tmp_path: Path) -> None:
    assert _get_in_production("/api/docs", _production_env(tmp_path)).startswith("200")
