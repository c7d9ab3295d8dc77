"""First-run set-up of the embedded default: an admin account whose password is printed once."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from ljeco.accounts import service
from ljeco.accounts.models import Role, User
from ljeco.core.audit import SYSTEM
from ljeco.core.db import write_session
from ljeco.core.security import generate_password


def first_run_setup(*, echo: Callable[[str], object]) -> str | None:
    """Create the ``admin`` account when there is no admin yet; returns the password (None when nothing was done)."""
    with write_session() as session:
        admins = session.scalar(select(func.count()).select_from(User).where(User.role == Role.admin.value))
        if admins:
            return None
        password = generate_password()
        service.create_user(
            session,
            username="admin",
            password=password,
            role=Role.admin,
            actor=SYSTEM,
            display_name="系统管理员",
        )
    echo("=" * 60)
    echo("已创建管理员账户 admin (an admin account was created)")
    echo(f"  用户名 username: admin    密码 password: {password}")
    echo("  此密码只显示一次，请妥善保存 (shown once: keep it safe)")
    echo("=" * 60)
    return password
