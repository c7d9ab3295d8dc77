"""Running the gateway as a service: one process, or several sharing the port (``SO_REUSEPORT``).

One asyncio process spends most of a core on parsing and SQL per frame (bench/results/hj212.md), so on a
multi-core host ``workers`` processes listen on the same port and the kernel spreads connections among them.
Each keeps its own registry cache, writer and gap tracker; a device stays on its connection, so its gap state
stays in one process (a reconnect may land elsewhere: ``ljeco hj212 arrival`` recomputes gaps from the
archive). SQLite serialises the writers with ``BEGIN IMMEDIATE`` (raw-frame ids are assigned inside that lock);
PostgreSQL takes them concurrently.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import multiprocessing
import signal
import sys
from dataclasses import replace
from datetime import timedelta
from functools import partial

from ljeco.core import aio
from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig

log = logging.getLogger("ljeco.hj212")


def run_gateway(
    config: GatewayConfig,
    *,
    database_url: str | None,
    observations: bool,
    registry_refresh: float,
    map_2005_codes: bool = False,
    commit_process: bool = True,
) -> None:
    """Serve until SIGTERM/SIGINT, then stop gracefully (flush the archive writer). Blocking.

    On SQLite the commits run in a child process (``commit_process``, see ``ljeco.ingest.hj212.commit_process``).
    """
    from ljeco.core.db import get_engine
    from ljeco.ingest.hj212.commit_process import ProcessSink
    from ljeco.ingest.hj212.registry import SqlRegistry
    from ljeco.ingest.hj212.sink import SqlSink

    engine = get_engine(database_url)
    registry = SqlRegistry(engine)
    registry.refresh()
    sink: SqlSink | ProcessSink
    if commit_process and engine.dialect.name == "sqlite":
        url = engine.url.render_as_string(hide_password=False)
        sink = ProcessSink(url, observations=observations, map_2005_codes=map_2005_codes)
    else:
        sink = SqlSink(
            engine, observations=observations, map_2005_codes=map_2005_codes, background_checkpoint=True
        )
    gw = Gateway(registry=registry, sink=sink, config=config)
    from ljeco.core.db import read_session
    from ljeco.core.timeutil import utcnow
    from ljeco.ingest.hj212.monitor import latest_periods

    with read_session(engine) as session:  # a restart must not hide the gap its own downtime left
        gw.seed_gaps(latest_periods(session, since=utcnow() - timedelta(days=8)))
    # Everything made so far (modules, registry, gap state) lives as long as the process: keep it out of the
    # cyclic collector's full passes, which otherwise paused the loop up to 67 ms under load (every answer waits).
    gc.collect()
    gc.freeze()

    async def main() -> None:
        bound = await gw.start()
        print(
            f"hj212 gateway listening on {bound[0]}:{bound[1]} ({aio.loop_name(fast=config.fast_loop)})",
            file=sys.stderr,
            flush=True,
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)

        async def refresh() -> None:
            while True:
                await asyncio.sleep(registry_refresh)
                await asyncio.to_thread(registry.refresh)
                log.info("stats %s", json.dumps(gw.stats.as_dict()))

        tasks = [asyncio.create_task(refresh()), asyncio.create_task(gw.serve_forever())]
        await stop.wait()
        for task in tasks:
            task.cancel()
        await gw.stop()
        print(f"hj212 gateway stopped: {json.dumps(gw.stats.as_dict())}", file=sys.stderr, flush=True)

    try:
        aio.run(main(), fast=config.fast_loop)
    finally:
        if isinstance(sink, ProcessSink):
            sink.close()


def run_workers(
    workers: int,
    config: GatewayConfig,
    *,
    database_url: str | None,
    observations: bool,
    registry_refresh: float,
    map_2005_codes: bool = False,
    commit_process: bool = True,
) -> None:
    """``workers`` processes on one port (this one included); SIGTERM/SIGINT is passed on to all of them."""
    run = partial(
        run_gateway,
        database_url=database_url,
        observations=observations,
        registry_refresh=registry_refresh,
        map_2005_codes=map_2005_codes,
        commit_process=commit_process,
    )  # picklable for the spawned workers
    if workers <= 1:
        run(config)
        return
    shared = replace(config, reuse_port=True)
    ctx = multiprocessing.get_context("spawn")
    children = [ctx.Process(target=run, args=(shared,), name=f"hj212-gateway-{i}") for i in range(1, workers)]
    for child in children:
        child.start()
    try:
        run(shared)
    finally:
        for child in children:
            if child.pid is not None and child.is_alive():
                child.terminate()  # SIGTERM: the child stops gracefully
        for child in children:
            child.join(60)


__all__ = ["run_gateway", "run_workers"]
