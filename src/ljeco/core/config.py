"""The one typed settings object.

Every setting comes from an ``LJECO_*`` environment variable or a ``.env`` file in the working directory; every
setting is documented in ``docs/settings.md`` (a test fails when one is missing there).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ljeco.core.errors import ConfigError

#: The placeholder secret. Accepted only with ``LJECO_ENV=development`` (or ``test``), refused otherwise.
DEFAULT_SECRET = "insecure-development-secret-change-me"


class Settings(BaseSettings):
    """Platform settings; see ``docs/settings.md``."""

    model_config = SettingsConfigDict(env_prefix="LJECO_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        "development", description="Deployment kind; outside development, unsafe defaults are refused."
    )
    data_dir: Path = Field(
        Path("data"),
        description="Where the SQLite file, uploads, exports and archives live; created on demand.",
    )
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL. Default: SQLite file ljeco.sqlite3 in the data directory. "
        "PostgreSQL: postgresql+psycopg://user:pass@host/db",
    )
    host: str = Field(
        "127.0.0.1", description="Bind address of `ljeco serve`. Loopback by default: expose on purpose."
    )
    port: int = Field(8000, ge=1, le=65535, description="Bind port of `ljeco serve`.")
    secret_key: SecretStr = Field(
        SecretStr(DEFAULT_SECRET),
        description="Signs session cookies and CSRF tokens. Required outside development.",
    )
    timezone: str = Field("Asia/Shanghai", description="Local time zone for display and day boundaries.")
    log_level: str = Field("INFO", description="Logging level (DEBUG, INFO, WARNING, ERROR).")
    log_json: bool = Field(False, description="Emit logs as JSON lines (for log shippers) instead of text.")
    demo: bool = Field(
        True, description="`ljeco serve --first-run` seeds the demo data when the database is empty."
    )
    tile_url: str | None = Field(
        None,
        description="Optional base-map tile URL template (e.g. 天地图 with its key). Without it the map shows only "
        "the region's own vector layers.",
    )
    login_max_failures: int = Field(
        5, ge=1, description="Failed logins allowed per account and address in the window."
    )
    login_window_seconds: int = Field(
        900, ge=1, description="Window of the failed-login rate limit, in seconds."
    )
    session_max_age_seconds: int = Field(8 * 3600, ge=60, description="Lifetime of a login session cookie.")
    cookie_secure: bool | None = Field(
        None, description="Send cookies only over HTTPS. Default: on outside development."
    )

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        if self.env == "production" and self.secret_key.get_secret_value() == DEFAULT_SECRET:
            raise ConfigError(
                "LJECO_SECRET_KEY is the development default; set a long random value for production "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))').",
                code="config.default_secret",
            )
        return self

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ljeco.sqlite3').resolve()}"

    @property
    def secure_cookies(self) -> bool:
        return self.cookie_secure if self.cookie_secure is not None else self.env == "production"

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached; tests call ``get_settings.cache_clear()`` after changing env)."""
    return Settings()


__all__ = ["DEFAULT_SECRET", "Settings", "get_settings"]
