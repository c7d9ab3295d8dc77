"""``ljeco users``: accounts from the command line (every change is audited as the CLI actor)."""

from __future__ import annotations

import sys

import typer

app = typer.Typer(help="Users: create, list, disable, and issue API tokens.", no_args_is_help=True)


@app.command()
def create(
    name: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(
        ..., "--role", help="admin, bureau, department, street, new_town, enterprise, public."
    ),
    scope_unit: str | None = typer.Option(
        None, "--scope-unit", "--scope", help="Admin-unit code the user is limited to."
    ),
    scope_enterprise: str | None = typer.Option(
        None, "--scope-enterprise", help="Enterprise USCC the user is limited to."
    ),
    display_name: str = typer.Option("", "--display-name", help="Name shown in the UI."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input."
    ),
) -> None:
    """Create a user; without --password-stdin a random password is generated and printed once."""
    from ljeco.accounts import service
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session
    from ljeco.core.migrate import ensure_migrated
    from ljeco.core.security import generate_password

    ensure_migrated()
    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generate_password()
    with write_session() as session:
        user = service.create_user(
            session,
            username=name,
            password=password,
            role=role,
            actor=CLI,
            display_name=display_name,
            scope_unit=scope_unit,
            scope_enterprise=scope_enterprise,
        )
        typer.echo(f"created user {user.username} ({user.role})")
    if not password_stdin:
        typer.echo(f"password (shown once): {password}")


@app.command("list")
def list_() -> None:
    """List users."""
    from rich.console import Console
    from rich.table import Table

    from ljeco.accounts import service
    from ljeco.core.db import read_session

    table = Table("username", "role", "scope", "active", "last login")
    with read_session() as session:
        users, total = service.list_users(session, limit=10_000)
        for u in users:
            scope = u.scope_unit or u.scope_enterprise or "-"
            last = u.last_login_at.isoformat(timespec="minutes") if u.last_login_at else "-"
            table.add_row(u.username, u.role, scope, "yes" if u.is_active else "no", last)
    Console().print(table)
    typer.echo(f"{total} user(s)")


@app.command()
def disable(name: str = typer.Argument(..., help="Login name.")) -> None:
    """Disable a user (their API tokens are revoked)."""
    from ljeco.accounts import service
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session

    with write_session() as session:
        service.set_active(session, username=name, active=False, actor=CLI)
    typer.echo(f"disabled {name}")


@app.command()
def token(
    name: str = typer.Argument(..., help="Login name."),
    label: str = typer.Option("cli", "--name", help="What the token is for."),
) -> None:
    """Issue an API token for a user (printed once; only its hash is stored)."""
    from ljeco.accounts import service
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session

    with write_session() as session:
        secret = service.create_token(session, user=service.get_user(session, name), name=label, actor=CLI)
    typer.echo(secret)
