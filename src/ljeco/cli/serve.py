"""``ljeco serve``: the web platform."""

from __future__ import annotations

import typer


def serve(
    host: str | None = typer.Option(None, "--host", help="Bind address (default LJECO_HOST, 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", help="Bind port (default LJECO_PORT, 8000)."),
    first_run: bool = typer.Option(
        False, "--first-run", help="Migrate, create an admin account if none exists (password printed once)."
    ),
) -> None:
    """Start the web platform (pages and /api/v1). Binds 127.0.0.1 unless told otherwise: expose it on purpose."""
    import uvicorn

    from ljeco.core.config import get_settings
    from ljeco.core.db import get_engine, is_sqlite
    from ljeco.core.errors import ConfigError
    from ljeco.core.logging import configure_logging
    from ljeco.core.migrate import ensure_migrated, pending_revisions
    from ljeco.web.bootstrap import first_run_setup

    settings = get_settings()
    configure_logging(settings)
    if is_sqlite(get_engine()):
        ensure_migrated()  # the embedded default looks after itself
    elif pending := pending_revisions():
        # A shared production database is migrated on purpose, by an operator, not by whichever process starts first.
        raise ConfigError(
            f"the database is behind the code ({len(pending)} migrations pending): run `ljeco db upgrade` first",
            code="config.migrations_pending",
        )
    if first_run:
        first_run_setup(echo=typer.echo)
        _seed_demo_once(settings.demo)
    from ljeco.observations.rollups import start_worker
    from ljeco.web.app import create_app

    # Values written by imports, the API or a gateway process are folded into the rollups within a minute.
    start_worker(every_s=60)
    uvicorn.run(create_app(), host=host or settings.host, port=port or settings.port, log_config=None)


def _seed_demo_once(enabled: bool) -> None:
    """The embedded default shows the district at once: the demo is loaded when the database has no sites yet."""
    from ljeco.cli.demo import run_with_progress
    from ljeco.core.db import read_session
    from ljeco.core.timeutil import to_local, utcnow
    from ljeco.demo.loader import is_loaded

    if not enabled:
        return
    with read_session() as session:
        if is_loaded(session):
            return
    typer.echo("首次启动：正在生成两江新区演示数据（约 1–3 分钟）… (LJECO_DEMO=false to skip)")
    run_with_progress(today=to_local(utcnow()).date())


COMMANDS = [serve]
