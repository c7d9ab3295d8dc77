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
) -> None:
    """Run the HJ 212 gateway: archive every frame, answer 9014/9013, store values, quarantine unknown devices."""
    import asyncio
    import json
    import logging
    import signal

    from ljeco.core.db import get_engine
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig
    from ljeco.ingest.hj212.registry import SqlRegistry
    from ljeco.ingest.hj212.sink import SqlSink

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    engine = get_engine(database_url)
    ensure_migrated(engine)
    registry = SqlRegistry(engine)
    registry.refresh()
    config = GatewayConfig(
        host=host, port=port, max_frame=max_frame, idle_timeout=idle_timeout, frame_timeout=frame_timeout,
        max_connections=max_connections,
    )  # fmt: skip
    gw = Gateway(registry=registry, sink=SqlSink(engine, observations=observations), config=config)

    async def main() -> None:
        bound = await gw.start()
        typer.echo(f"hj212 gateway listening on {bound[0]}:{bound[1]}", err=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)

        async def refresh() -> None:
            while True:
                await asyncio.sleep(registry_refresh)
                await asyncio.to_thread(registry.refresh)
                logging.getLogger("ljeco.hj212").info("stats %s", json.dumps(gw.stats.as_dict()))

        tasks = [asyncio.create_task(refresh()), asyncio.create_task(gw.serve_forever())]
        await stop.wait()
        # graceful: stop accepting, let connections finish their read, flush the archive writer
        for task in tasks:
            task.cancel()
        await gw.stop()
        typer.echo(f"hj212 gateway stopped: {json.dumps(gw.stats.as_dict())}", err=True)

    asyncio.run(main())


COMMANDS = [gateway]
