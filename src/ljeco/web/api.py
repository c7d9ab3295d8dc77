"""Platform-level API: health."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from ljeco import __version__
from ljeco.core.db import backend_name
from ljeco.core.migrate import current_heads, pending_revisions, script_heads

router = APIRouter(prefix="/api/v1", tags=["platform"])


class Health(BaseModel):
    status: str = Field(description="ok, or migrations_pending when the database is behind the code.")
    version: str
    database: str = Field(description="Database backend: sqlite or postgresql.")
    migration_heads: list[str] = Field(description="Alembic revisions the database is at.")
    expected_heads: list[str] = Field(description="Heads of every migration branch in the code.")


@router.get("/health", response_model=Health, summary="Version, database backend and migration state")
def health() -> Health:
    current = current_heads()
    expected = script_heads()
    return Health(
        status="migrations_pending" if pending_revisions() else "ok",
        version=__version__,
        database=backend_name(),
        migration_heads=sorted(current),
        expected_heads=sorted(expected),
    )
