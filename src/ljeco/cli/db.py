"""``ljeco db``: database migrations and status."""

from __future__ import annotations

import typer

app = typer.Typer(help="Database: migrate (upgrade) and show the migration state.", no_args_is_help=True)


@app.command()
def upgrade(
    revision: str = typer.Argument("heads", help="Target revision (default: every branch's head)."),
) -> None:
    """Apply pending migrations (Alembic upgrade)."""
    from ljeco.core.db import backend_name
    from ljeco.core.migrate import current_heads
    from ljeco.core.migrate import upgrade as run_upgrade

    run_upgrade(revision=revision)
    typer.echo(f"database ({backend_name()}) at: {', '.join(sorted(current_heads())) or '(empty)'}")


@app.command()
def status() -> None:
    """Show the database backend and whether migrations are pending."""
    from ljeco.core.config import get_settings
    from ljeco.core.db import backend_name
    from ljeco.core.migrate import current_heads, pending_revisions

    current, pending = current_heads(), pending_revisions()
    url = get_settings().resolved_database_url
    safe_url = url.split("@")[-1] if "@" in url else url
    typer.echo(f"backend: {backend_name()}  url: {safe_url}")
    typer.echo(f"at: {', '.join(sorted(current)) or '(empty)'}")
    typer.echo("up to date" if not pending else f"pending: {', '.join(pending)} (run: ljeco db upgrade)")
