"""Request dependencies as named types: sessions, the current user, role checks, pagination.

A request is authenticated by a bearer API token (``Authorization: Bearer lje_…``, for the JSON API) or by the
signed session cookie set at login (for pages). Each request re-reads the user, so a disabled account loses access
at once.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.orm import Session

from ljeco.accounts import service as accounts
from ljeco.accounts.models import Role, User
from ljeco.core.db import read_session, try_write_session, write_session
from ljeco.core.errors import AuthenticationError, PermissionDeniedError
from ljeco.core.timeutil import utcnow


def get_read_session() -> Iterator[Session]:
    with read_session() as session:
        yield session


def get_write_session() -> Iterator[Session]:
    with write_session() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_read_session)]
WriteSessionDep = Annotated[Session, Depends(get_write_session)]


def session_id(request: Request) -> str:
    """The browser session's random id (created on first use); CSRF tokens are bound to it."""
    sid = request.session.get("sid")
    if not sid:
        sid = secrets.token_urlsafe(16)
        request.session["sid"] = sid
    return str(sid)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def optional_user(request: Request, session: SessionDep) -> User | None:
    """The authenticated user, or None for an anonymous request."""
    user = _resolve_user(request, session)
    request.state.user = user  # the page layout shows who is signed in
    return user


def _resolve_user(request: Request, session: Session) -> User | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        # A token that is wrong is an error, not anonymity: clients must learn their token is bad.
        token = header[7:].strip()
        row = accounts.valid_token(session, token)
        # The use is recorded in its own short write, and only when ``last_used_at`` is stale: the request's read
        # session never writes (on SQLite that would make every API read a writer).
        if accounts.touch_due(row.last_used_at, utcnow()):
            with try_write_session() as writer:
                if writer is not None:  # skipped while this request (or another thread) holds the write lock
                    accounts.touch_token(writer, token)
        return row.user
    user_id = request.session.get("user_id")
    if user_id is None:
        return None
    user = session.get(User, int(user_id))
    if user is None or not user.is_active:
        request.session.pop("user_id", None)
        return None
    return user


OptionalUser = Annotated[User | None, Depends(optional_user)]


def current_user(user: OptionalUser) -> User:
    if user is None:
        raise AuthenticationError("请先登录 (login required)", code="auth.required")
    return user


CurrentUser = Annotated[User, Depends(current_user)]


def require_roles(*roles: Role) -> object:
    """A dependency admitting only ``roles`` (admin is always admitted)."""
    allowed = {r.value for r in roles} | {Role.admin.value}
    names = "、".join(r.label for r in roles) or "系统管理员"

    def _check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise PermissionDeniedError(f"无权访问：此功能仅限{names}使用", code="auth.forbidden")
        return user

    return Depends(_check)


AdminUser = Annotated[User, require_roles()]
BureauUser = Annotated[User, require_roles(Role.bureau)]


@dataclass(frozen=True, slots=True)
class Page:
    offset: int
    limit: int


def api_page(
    offset: Annotated[int, Query(ge=0, description="Rows to skip.")] = 0,
    limit: Annotated[int, Query(ge=1, le=1000, description="Rows to return (at most 1000).")] = 100,
) -> Page:
    return Page(offset=offset, limit=limit)


ApiPage = Annotated[Page, Depends(api_page)]

__all__ = [
    "AdminUser",
    "ApiPage",
    "BureauUser",
    "CurrentUser",
    "OptionalUser",
    "Page",
    "SessionDep",
    "WriteSessionDep",
    "client_address",
    "require_roles",
    "session_id",
]
