"""Alembic, configured in code so that ``ljeco db upgrade`` works from any directory.

Each module owns a migration branch in ``ljeco/migrations/versions`` (first revision: ``branch_labels=("name",)``,
``depends_on`` the core branch's first revision). ``upgrade heads`` brings every branch up to date.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

import ljeco
from ljeco.core.db import get_engine

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(engine: Engine | None = None) -> Config:
    """The Alembic configuration; ``engine`` is handed to ``migrations/env.py`` (default: the configured one)."""
    cfg = Config()
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine | None = None, revision: str = "heads") -> None:
    command.upgrade(alembic_config(engine or get_engine()), revision)


def current_heads(engine: Engine | None = None) -> set[str]:
    """The revisions the database is at (empty for an unmigrated database)."""
    engine = engine or get_engine()
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def script_heads() -> set[str]:
    """The revisions the code expects (every branch's head)."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def pending_revisions(engine: Engine | None = None) -> list[str]:
    """Revisions the code has and the database has not applied yet.

    Heads alone cannot be compared: a branch whose head another branch ``depends_on`` is recorded only through
    that dependant in ``alembic_version``.
    """
    script = ScriptDirectory.from_config(alembic_config())
    current = tuple(current_heads(engine))
    return [rev.revision for rev in script.iterate_revisions("heads", current or "base")]


def is_up_to_date(engine: Engine | None = None) -> bool:
    return not pending_revisions(engine)


def ensure_migrated(engine: Engine | None = None) -> bool:
    """Migrate if behind; True when a migration ran. Used by the embedded default on first start."""
    if is_up_to_date(engine):
        return False
    upgrade(engine)
    return True


def import_all_models() -> None:
    """Import every ``models`` module in the package so that ``Base.metadata`` is complete (for autogenerate)."""
    for info in pkgutil.walk_packages(ljeco.__path__, prefix="ljeco."):
        if info.name.endswith(".models"):
            importlib.import_module(info.name)


__all__ = [
    "alembic_config",
    "current_heads",
    "ensure_migrated",
    "import_all_models",
    "script_heads",
    "upgrade",
]
