"""Account operations: create, list, disable, authenticate (rate limited), API tokens.

Service functions take the session and keyword arguments; routes and CLI commands only translate.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ljeco.accounts.models import ApiToken, AuditEntry, LoginAttempt, Role, User
from ljeco.core import audit
from ljeco.core.errors import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    RateLimitedError,
    ValidationError,
)
from ljeco.core.security import (
    MIN_PASSWORD_LENGTH,
    hash_password,
    hash_token,
    new_api_token,
    verify_password,
)
from ljeco.core.timeutil import utcnow

#: Roles whose accounts must name what they are limited to.
_UNIT_SCOPED = {Role.department, Role.street, Role.new_town}


def user_snapshot(user: User) -> dict[str, object]:
    """What the audit trail records of a user (never the password hash)."""
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "scope_unit": user.scope_unit,
        "scope_enterprise": user.scope_enterprise,
        "is_active": user.is_active,
    }


def create_user(
    session: Session,
    *,
    username: str,
    password: str,
    role: Role | str,
    actor: audit.Actor,
    display_name: str = "",
    scope_unit: str | None = None,
    scope_enterprise: str | None = None,
) -> User:
    role = _parse_role(role)
    username = username.strip()
    if not username or len(username) > 64 or any(c.isspace() for c in username):
        raise ValidationError("用户名不能为空、不能含空格且不超过 64 个字符", code="users.bad_username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 (password must have at least {MIN_PASSWORD_LENGTH} characters)",
            code="users.weak_password",
        )
    if role in _UNIT_SCOPED and not scope_unit:
        raise ValidationError(
            f"角色 {role.value} 需要指定所属单位 (--scope-unit)", code="users.scope_required"
        )
    if role == Role.enterprise and not scope_enterprise:
        raise ValidationError("企业用户需要指定企业 (--scope-enterprise)", code="users.scope_required")
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise ConflictError(f"用户 {username} 已存在", code="users.exists")
    user = User(
        username=username,
        display_name=display_name or username,
        role=role.value,
        scope_unit=scope_unit,
        scope_enterprise=scope_enterprise,
        password_hash=hash_password(password),
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="user.create",
        entity_type="user",
        entity_id=user.id,
        after=user_snapshot(user),
    )
    return user


def _parse_role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise ValidationError(f"未知角色 {role!r}; 可用: {allowed}", code="users.bad_role") from None


def get_user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFoundError(f"用户 {username} 不存在", code="users.not_found")
    return user


def list_users(session: Session, *, offset: int = 0, limit: int = 100) -> tuple[Sequence[User], int]:
    total = session.scalar(select(func.count()).select_from(User)) or 0
    rows = session.scalars(select(User).order_by(User.id).offset(offset).limit(limit)).all()
    return rows, total


def set_active(session: Session, *, username: str, active: bool, actor: audit.Actor) -> User:
    user = get_user(session, username)
    before = user_snapshot(user)
    user.is_active = active
    if not active:
        for token in user.tokens:
            token.revoked = True
    audit.record(
        session,
        actor=actor,
        action="user.enable" if active else "user.disable",
        entity_type="user",
        entity_id=user.id,
        before=before,
        after=user_snapshot(user),
    )
    return user


def authenticate(
    session: Session,
    *,
    username: str,
    password: str,
    address: str,
    max_failures: int,
    window: timedelta,
    now: datetime | None = None,
) -> User:
    """The user for valid credentials; failures are counted per (username, address) and rate limited.

    The same message is returned for an unknown user and a wrong password, so that the form does not reveal which
    accounts exist.
    """
    now = now or utcnow()
    since = now - window
    failures = session.scalar(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.username == username, LoginAttempt.address == address, LoginAttempt.at >= since)
    )
    if (failures or 0) >= max_failures:
        minutes = max(1, int(window.total_seconds() // 60))
        raise RateLimitedError(
            f"登录失败次数过多，请 {minutes} 分钟后再试",
            code="auth.rate_limited",
            details={"retry_after_s": minutes * 60},
        )
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        session.add(LoginAttempt(username=username, address=address, at=now))
        raise AuthenticationError("用户名或密码错误", code="auth.invalid_credentials")
    session.execute(
        delete(LoginAttempt).where(LoginAttempt.username == username, LoginAttempt.address == address)
    )
    user.last_login_at = now
    return user


def create_token(session: Session, *, user: User, name: str, actor: audit.Actor) -> str:
    """A new API token for ``user``; the returned secret is shown once and never stored."""
    full, prefix, digest = new_api_token()
    token = ApiToken(user_id=user.id, name=name, prefix=prefix, token_hash=digest)
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="token.create",
        entity_type="api_token",
        entity_id=token.id,
        after={"user": user.username, "name": name, "prefix": prefix},
    )
    return full


#: ``last_used_at`` of a token is refreshed at most this often, so that reading with a token stays a read.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=10)


def valid_token(session: Session, token: str, *, now: datetime | None = None) -> ApiToken:
    """The row of ``token`` if it is valid and its owner active; never writes (see :func:`touch_token`)."""
    now = now or utcnow()
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or row.revoked or (row.expires_at is not None and row.expires_at <= now):
        raise AuthenticationError("API 令牌无效或已撤销", code="auth.invalid_token")
    if not row.user.is_active:
        raise AuthenticationError("账户已停用", code="auth.disabled")
    return row


def user_for_token(session: Session, token: str, *, now: datetime | None = None) -> User:
    """The active user owning ``token``; never writes."""
    return valid_token(session, token, now=now).user


def touch_due(last_used_at: datetime | None, now: datetime) -> bool:
    """Whether a token last used at ``last_used_at`` should have its use recorded again at ``now``."""
    return last_used_at is None or now - last_used_at >= TOKEN_TOUCH_INTERVAL


def touch_token(session: Session, token: str, *, now: datetime | None = None) -> bool:
    """Record that ``token`` was used, at most once per :data:`TOKEN_TOUCH_INTERVAL`; True when it wrote."""
    now = now or utcnow()
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token)))
    if row is None or not touch_due(row.last_used_at, now):
        return False
    row.last_used_at = now
    return True


def list_audit(
    session: Session, *, offset: int = 0, limit: int = 50, entity_type: str | None = None
) -> tuple[Sequence[AuditEntry], int]:
    query = select(AuditEntry)
    count = select(func.count()).select_from(AuditEntry)
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
        count = count.where(AuditEntry.entity_type == entity_type)
    total = session.scalar(count) or 0
    rows = session.scalars(query.order_by(AuditEntry.id.desc()).offset(offset).limit(limit)).all()
    return rows, total


__all__ = [
    "authenticate",
    "create_token",
    "create_user",
    "get_user",
    "list_audit",
    "list_users",
    "set_active",
    "touch_due",
    "touch_token",
    "user_for_token",
    "user_snapshot",
    "valid_token",
]
