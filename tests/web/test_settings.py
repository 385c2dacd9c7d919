import os
import subprocess
import sys
from pathlib import Path

import pytest

from kneecoach.config import DEVELOPMENT_SECRET_KEY, ConfigError, load_config


def test_refuses_to_start_without_a_secret_outside_debug() -> None:
    with pytest.raises(ConfigError, match="KNEECOACH_SECRET_KEY"):
        load_config({})


def test_refuses_the_shipped_development_secret_outside_debug() -> None:
    with pytest.raises(ConfigError, match="development secret"):
        load_config({"KNEECOACH_SECRET_KEY": DEVELOPMENT_SECRET_KEY})


def test_debug_mode_uses_the_development_secret_and_local_hosts(tmp_path: Path) -> None:
    config = load_config({"KNEECOACH_DEBUG": "1", "KNEECOACH_DATA_DIR": str(tmp_path)})
    assert config.secret_key == DEVELOPMENT_SECRET_KEY
    assert "127.0.0.1" in config.allowed_hosts
    assert config.sqlite_path == tmp_path / "kneecoach.sqlite3"


def test_production_secret_and_hosts_come_from_the_environment(tmp_path: Path) -> None:
    config = load_config(
        {
            "KNEECOACH_SECRET_KEY": "0123456789" * 5,
            "KNEECOACH_ALLOWED_HOSTS": "knee.example.org, www.knee.example.org",
            "KNEECOACH_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://kc@db:5432/kc",
        }
    )
    assert config.allowed_hosts == ("knee.example.org", "www.knee.example.org")
    assert not config.debug
    assert not config.uses_sqlite


def _fresh_process(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("KNEECOACH_", "DJANGO_"))}
    clean.pop("DATABASE_URL", None)
    clean.update(KNEECOACH_DATA_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120
    )


def test_the_web_server_refuses_the_shipped_secret_outside_debug(tmp_path: Path) -> None:
    """What gunicorn loads (wsgi.py) fails at start with the shipped secret and no debug."""
    result = _fresh_process(
        "import kneecoach.web.wsgi", tmp_path, KNEECOACH_SECRET_KEY=DEVELOPMENT_SECRET_KEY
    )
    assert result.returncode != 0
    assert "development secret" in result.stderr


def test_the_cli_needs_neither_a_secret_nor_debug(tmp_path: Path) -> None:
    """The CLI serves no HTTP: it makes a per-process secret, so `make migrate` / `make demo`
    work on a fresh machine without KNEECOACH_SECRET_KEY or KNEECOACH_DEBUG."""
    result = _fresh_process("from kneecoach.cli import run; run()", tmp_path)
    assert result.returncode == 0  # no arguments: the help text
    migrate = _fresh_process(
        "import sys; from kneecoach.cli import main; sys.exit(main(['migrate']))", tmp_path
    )
    assert migrate.returncode == 0, migrate.stderr
    assert (tmp_path / "kneecoach.sqlite3").exists()


def test_the_cli_still_refuses_the_shipped_secret_outside_debug(tmp_path: Path) -> None:
    code = "import sys; from kneecoach.cli import main; sys.exit(main(['migrate']))"
    result = _fresh_process(code, tmp_path, KNEECOACH_SECRET_KEY=DEVELOPMENT_SECRET_KEY)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: KNEECOACH_SECRET_KEY: the shipped development secret cannot be used outside "
        "debug mode"
    ]


@pytest.mark.django_db
def test_api_docs_use_ninja_local_files_without_ninja_as_an_installed_app() -> None:
    """ninja is kept out of INSTALLED_APPS (its import is ~60 ms of every CLI start); the docs
    page is still rendered from its local template and static files, with the CSRF hook."""
    from django.conf import settings
    from django.test import Client

    assert "ninja" not in settings.INSTALLED_APPS
    html = Client().get("/api/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert 'data-api-csrf="true"' in html


def test_the_server_master_logs_in_the_time_zone_the_workers_log_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Django sets TZ in the processes that load the settings (gunicorn's workers); the master
    does not load them, so ``serve`` sets the same zone before starting it."""
    from django.conf import settings

    from kneecoach.web import serve

    monkeypatch.setenv("TZ", "UTC")
    started: list[list[str]] = []

    def execv(path: str, argv: list[str]) -> None:
        started.append(argv)
        raise SystemExit(0)  # as if replaced by gunicorn

    monkeypatch.setattr(os, "execv", execv)  # the os that serve.py calls
    with pytest.raises(SystemExit):
        serve.main(["--no-job-worker", "--port", "8999"])
    assert "gunicorn" in started[0]
    assert os.environ["TZ"] == settings.TIME_ZONE == "Europe/Oslo"
