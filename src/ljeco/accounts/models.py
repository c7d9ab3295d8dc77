"""ORM models of accounts and the audit trail."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ljeco.core.db import Base, UTCDateTime
from ljeco.core.timeutil import utcnow


class Role(enum.StrEnum):
    """Who a user is. Scopes (an admin unit, an enterprise) narrow what non-bureau roles see."""

    admin = "admin"
    bureau = "bureau"  # 生态环境分局
    department = "department"  # 委机关部门
    street = "street"  # 街道
    new_town = "new_town"  # 产业新城 / 国企
    enterprise = "enterprise"  # 企业
    public = "public"  # 公众

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.admin: "系统管理员",
    Role.bureau: "生态环境分局",
    Role.department: "委机关部门",
    Role.street: "街道",
    Role.new_town: "产业新城/国企",
    Role.enterprise: "企业",
    Role.public: "公众",
}

#: Roles that see everything in the district (no scope filter).
DISTRICT_WIDE_ROLES = frozenset({Role.admin, Role.bureau})


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128), default="")
    role: Mapped[str] = mapped_column(String(16))
    #: Admin-unit code the user is limited to (street, new town, department); NULL = no unit scope.
    scope_unit: Mapped[str | None] = mapped_column(String(64), default=None)
    #: Enterprise (unified social credit code) the user is limited to; NULL = none.
    scope_enterprise: Mapped[str | None] = mapped_column(String(32), default=None)
    password_hash: Mapped[str] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.admin

    @property
    def district_wide(self) -> bool:
        return self.role_enum in DISTRICT_WIDE_ROLES


class ApiToken(Base):
    """A bearer token for the JSON API. Only a SHA-256 of the secret is stored; the secret is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(128), default="")
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginAttempt(Base):
    """Failed logins, kept in the database so that the rate limit holds across processes and restarts."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_at", "username", "address", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuditEntry(Base):
    """One change: who, when, what, and the state before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), default=None)
    #: The actor's name at the time (kept even if the user is later renamed or removed); "system" for jobs.
    actor_name: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity_type: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str] = mapped_column(String(128))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    address: Mapped[str | None] = mapped_column(String(64), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)


__all__ = ["ROLE_LABELS", "ApiToken", "AuditEntry", "LoginAttempt", "Role", "User"]
