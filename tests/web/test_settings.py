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
            "KNEECOACH_SECRET_KEY": "x" * 50,
            "KNEECOACH_ALLOWED_HOSTS": "knee.example.org, www.knee.example.org",
            "KNEECOACH_DATA_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://kc@db:5432/kc",
        }
    )
    assert config.allowed_hosts == ("knee.example.org", "www.knee.example.org")
    assert not config.debug
    assert not config.uses_sqlite
