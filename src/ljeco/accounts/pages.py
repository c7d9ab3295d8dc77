"""Pages of accounts: login, logout, user administration and the audit log (admin)."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ljeco.accounts import service
from ljeco.accounts.models import Role
from ljeco.core import audit
from ljeco.core.config import get_settings
from ljeco.core.db import write_session
from ljeco.core.errors import AuthenticationError, LjecoError, RateLimitedError
from ljeco.web.deps import AdminUser, OptionalUser, SessionDep, WriteSessionDep, client_address
from ljeco.web.forms import CsrfChecked
from ljeco.web.templating import render

router = APIRouter(include_in_schema=False)

AUDIT_PAGE_SIZE = 50


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login (no open redirect)."""
    if not target:
        return "/"
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, user: OptionalUser, next: str | None = None) -> Response:
    if user is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", {"next": _safe_next(next)})


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    _csrf: CsrfChecked,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    settings = get_settings()
    error: LjecoError | None = None
    with write_session() as session:
        # The failed attempt is recorded in this transaction, so the error is caught inside it (not re-raised).
        try:
            user = service.authenticate(
                session,
                username=username.strip(),
                password=password,
                address=client_address(request),
                max_failures=settings.login_max_failures,
                window=timedelta(seconds=settings.login_window_seconds),
            )
            user_id = user.id
        except (AuthenticationError, RateLimitedError) as exc:
            error = exc
    if error is not None:
        status = 429 if isinstance(error, RateLimitedError) else 401
        context = {"error": error.message, "username": username, "next": _safe_next(next)}
        return render(request, "login.html", context, status_code=status)
    request.session.clear()  # a new session id on login: no session fixation
    request.session["sid"] = secrets.token_urlsafe(16)
    request.session["user_id"] = user_id
    return RedirectResponse(_safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, _csrf: CsrfChecked) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(
    request: Request, admin: AdminUser, session: SessionDep, message: str | None = None
) -> Response:
    users, total = service.list_users(session, limit=1000)
    return render(
        request, "admin_users.html", {"users": users, "count": total, "roles": list(Role), "message": message}
    )


@router.post("/admin/users", response_class=HTMLResponse)
def users_create(
    request: Request,
    admin: AdminUser,
    session: WriteSessionDep,
    _csrf: CsrfChecked,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    role: Annotated[str, Form()],
    display_name: Annotated[str, Form()] = "",
    scope_unit: Annotated[str, Form()] = "",
    scope_enterprise: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.create_user(
            session,
            actor=audit.Actor.of(admin, client_address(request)),
            username=username,
            password=password,
            role=role,
            display_name=display_name,
            scope_unit=scope_unit or None,
            scope_enterprise=scope_enterprise or None,
        )
    except LjecoError as exc:
        users, total = service.list_users(session, limit=1000)
        context = {"users": users, "count": total, "roles": list(Role), "error": exc.message}
        return render(request, "admin_users.html", context, status_code=exc.http_status)
    return RedirectResponse(f"/admin/users?message=已创建用户 {username}", status_code=303)


@router.get("/admin/audit", response_class=HTMLResponse)
def audit_page(
    request: Request, admin: AdminUser, session: SessionDep, page: Annotated[int, Query(ge=1)] = 1
) -> Response:
    entries, total = service.list_audit(session, offset=(page - 1) * AUDIT_PAGE_SIZE, limit=AUDIT_PAGE_SIZE)
    context = {"entries": entries, "count": total, "page": page, "per_page": AUDIT_PAGE_SIZE}
    return render(request, "admin_audit.html", context)
