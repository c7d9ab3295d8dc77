"""API schemas of accounts and the audit trail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ljeco.accounts.models import Role


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    role: Role
    scope_unit: str | None
    scope_enterprise: str | None
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class UserCreate(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=10, description="At least 10 characters.")
    role: Role
    display_name: str = ""
    scope_unit: str | None = Field(
        None, description="Admin-unit code; required for department/street/new_town."
    )
    scope_enterprise: str | None = Field(
        None, description="Unified social credit code; required for enterprise."
    )


class AuditEntryPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_name: str
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    address: str | None


__all__ = ["AuditEntryPublic", "UserCreate", "UserPublic"]
