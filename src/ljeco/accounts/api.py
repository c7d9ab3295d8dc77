"""JSON API of accounts: the caller, and user/audit administration (admin only)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ljeco.accounts import service
from ljeco.accounts.schemas import AuditEntryPublic, UserCreate, UserPublic
from ljeco.core import audit
from ljeco.web.deps import AdminUser, ApiPage, CurrentUser, SessionDep, WriteSessionDep, client_address
from ljeco.web.schemas import ListOf

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.get("/me", response_model=UserPublic, summary="The authenticated user")
def me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user)


@router.get("/admin/users", response_model=ListOf[UserPublic], summary="List users (admin)")
def list_users(_: AdminUser, session: SessionDep, page: ApiPage) -> ListOf[UserPublic]:
    rows, total = service.list_users(session, offset=page.offset, limit=page.limit)
    return ListOf[UserPublic](data=[UserPublic.model_validate(u) for u in rows], count=total)


@router.post(
    "/admin/users", response_model=UserPublic, status_code=201, summary="Create a user (admin, audited)"
)
def create_user(body: UserCreate, admin: AdminUser, session: WriteSessionDep, request: Request) -> UserPublic:
    user = service.create_user(
        session,
        actor=audit.Actor.of(admin, client_address(request)),
        **body.model_dump(),
    )
    return UserPublic.model_validate(user)


@router.post(
    "/admin/users/{username}/disable", response_model=UserPublic, summary="Disable a user (admin, audited)"
)
def disable_user(username: str, admin: AdminUser, session: WriteSessionDep, request: Request) -> UserPublic:
    user = service.set_active(
        session, username=username, active=False, actor=audit.Actor.of(admin, client_address(request))
    )
    return UserPublic.model_validate(user)


@router.get("/admin/audit", response_model=ListOf[AuditEntryPublic], summary="Read the audit trail (admin)")
def list_audit(
    _: AdminUser, session: SessionDep, page: ApiPage, entity_type: str | None = None
) -> ListOf[AuditEntryPublic]:
    rows, total = service.list_audit(session, offset=page.offset, limit=page.limit, entity_type=entity_type)
    return ListOf[AuditEntryPublic](data=[AuditEntryPublic.model_validate(e) for e in rows], count=total)
