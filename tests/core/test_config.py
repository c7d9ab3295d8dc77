from __future__ import annotations

import pytest

from ljeco.core.config import DEFAULT_SECRET, Settings
from ljeco.core.errors import ConfigError


def test_default_database_is_sqlite_in_data_dir(tmp_path):
    s = Settings(data_dir=tmp_path, database_url=None)
    assert s.resolved_database_url == f"sqlite:///{(tmp_path / 'ljeco.sqlite3').resolve()}"


def test_defaults_bind_loopback_and_shanghai():
    s = Settings()
    assert (s.host, s.port, s.timezone) == ("127.0.0.1", 8000, "Asia/Shanghai")


def test_production_refuses_default_secret():
    with pytest.raises(ConfigError) as info:
        Settings(env="production", secret_key=DEFAULT_SECRET)
    assert info.value.instance_code == "config.default_secret"


def test_production_accepts_real_secret_and_secures_cookies():
    s = Settings(env="production", secret_key="x" * 48)
    assert s.secure_cookies is True
    assert Settings(env="development").secure_cookies is False


def test_env_variables_are_read(monkeypatch):
    monkeypatch.setenv("LJECO_PORT", "9100")
    monkeypatch.setenv("LJECO_DATABASE_URL", "postgresql+psycopg://u:p@h/db")
    s = Settings()
    assert s.port == 9100
    assert s.resolved_database_url == "postgresql+psycopg://u:p@h/db"
