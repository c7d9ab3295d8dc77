"""``ljeco gateway``: run the HJ 212 TCP gateway."""

from __future__ import annotations

import typer


def gateway(
    host: str = typer.Option(
        "127.0.0.1", help="Address to listen on (loopback by default; expose deliberately)."
    ),
    port: int = typer.Option(8212, help="TCP port."),
    database_url: str = typer.Option(None, help="Database URL (default: the configured one)."),
    max_frame: int = typer.Option(10_011, help="Largest accepted frame [bytes]."),
    idle_timeout: float = typer.Option(600.0, help="Close a connection silent this long [s]."),
    frame_timeout: float = typer.Option(
        60.0, help="A frame must complete this soon after its first byte [s]."
    ),
    max_connections: int = typer.Option(10_000, help="Concurrent connections accepted."),
    registry_refresh: float = typer.Option(10.0, help="Reload the device registry every … [s]."),
    observations: bool = typer.Option(
        True, help="Also write values of devices with a site to the observation store (same transaction)."
    ),
    map_2005_codes: bool = typer.Option(
        False, help="Store HJ/T 212-2005 factor codes under their 2017 codes (units UNVERIFIED)."
    ),
    uvloop: bool = typer.Option(
        True, help="Run on uvloop when installed (faster); --no-uvloop: asyncio's loop."
    ),
    workers: int = typer.Option(
        1, help="Processes sharing the port (SO_REUSEPORT); for PostgreSQL (on SQLite one is as fast)."
    ),
    commit_process: bool = typer.Option(
        True,
        help="SQLite: commit in a child process, so the event loop never waits for the GIL; "
        "--no-commit-process: in a thread of the gateway process.",
    ),
) -> None:
    """Run the HJ 212 gateway: archive every frame, answer 9014/9013, store values, quarantine unknown devices."""
    import logging

    from ljeco.core.db import get_engine
    from ljeco.core.errors import ValidationError
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.gateway import GatewayConfig
    from ljeco.ingest.hj212.serve import run_workers

    if workers < 1:
        raise ValidationError("--workers must be at least 1", code="hj212_workers")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ensure_migrated(get_engine(database_url))
    config = GatewayConfig(
        host=host, port=port, max_frame=max_frame, idle_timeout=idle_timeout, frame_timeout=frame_timeout,
        max_connections=max_connections, fast_loop=uvloop,
    )  # fmt: skip
    run_workers(
        workers,
        config,
        database_url=database_url,
        observations=observations,
        registry_refresh=registry_refresh,
        map_2005_codes=map_2005_codes,
        commit_process=commit_process,
    )


COMMANDS = [gateway]
