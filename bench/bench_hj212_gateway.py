"""HJ 212 gateway end to end: received → archived → answered → stored in SQLite, through real sockets.

Run: .venv/bin/python bench/bench_hj212_gateway.py [--devices 2000] [--rate 5000] [--seconds 10]

The gateway runs in a child process (its own core), with the SQL sink on a fresh SQLite file; the simulator runs
here with one TCP connection per device. Printed: frames/s acknowledged, answer latency p50/p99, frames lost
(sent − acknowledged, and acknowledged − stored), the gateway's resident memory. Peer measured in the same run:
the same gateway with one store transaction per read (``batch_max=1``), i.e. commit-per-frame.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
from pathlib import Path


def _raise_nofile() -> None:
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def serve(url: str, port: int, batch_max: int) -> None:
    """Child process: migrate, load the registry, run the gateway until killed."""
    _raise_nofile()
    from ljeco.core.db import get_engine
    from ljeco.core.migrate import ensure_migrated
    from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig
    from ljeco.ingest.hj212.registry import SqlRegistry
    from ljeco.ingest.hj212.sink import SqlSink

    engine = get_engine(url)
    ensure_migrated(engine)
    registry = SqlRegistry(engine)
    registry.refresh()
    gw = Gateway(
        registry=registry, sink=SqlSink(engine), config=GatewayConfig(port=port, batch_max=batch_max)
    )

    async def main() -> None:
        await gw.start()
        print("ready", flush=True)
        await gw.serve_forever()

    asyncio.run(main())


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):  # peak resident set
            return int(line.split()[1]) / 1024
    return float("nan")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(devices: int, rate: float, seconds: float, batch_max: int) -> dict[str, object]:
    from sqlalchemy import func, select

    from ljeco.core.db import get_engine, read_session, write_session
    from ljeco.core.migrate import upgrade
    from ljeco.ingest.hj212.models import Hj212RawFrame, Hj212Value
    from ljeco.ingest.hj212.registry import add_device
    from ljeco.ingest.hj212.simulator import device_mn, simulate

    tmp = tempfile.mkdtemp(prefix="bench_hj212_")
    url = f"sqlite:///{tmp}/gw.db"
    engine = get_engine(url)
    upgrade(engine)
    with write_session(engine) as s:
        for i in range(devices):
            add_device(s, mn=device_mn(i), password="123456")
    port = _free_port()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", url, str(port), str(batch_max)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
        stats = asyncio.run(
            simulate(
                host="127.0.0.1",
                port=port,
                devices=devices,
                rate=rate,
                cn="2011",
                duration=seconds,
                settle=10,
            )
        )
        rss = _rss_mb(child.pid)
    finally:
        child.kill()
        child.wait()
    with read_session(engine) as s:
        stored = s.scalar(
            select(func.count()).select_from(Hj212RawFrame).where(Hj212RawFrame.verdict == "ok")
        )
        values = s.scalar(select(func.count()).select_from(Hj212Value))
    summary = stats.summary()
    summary.update(
        acknowledged_per_s=round(stats.acknowledged / stats.elapsed, 1),
        stored_frames=stored,
        stored_values=values,
        # frames acknowledged but missing from the store: the real loss, must be 0
        acknowledged_not_stored=max(0, stats.acknowledged - int(stored or 0)),
        # frames stored whose 9014 arrived after the simulator stopped waiting (overload), not a loss
        stored_answer_late=max(0, int(stored or 0) - stats.acknowledged),
        gateway_peak_rss_mb=round(rss, 1),
        batch_max=batch_max,
    )
    return summary


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        serve(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
        return
    _raise_nofile()
    ap = argparse.ArgumentParser()
    ap.add_argument("--devices", type=int, default=2000)
    ap.add_argument("--rate", type=float, default=5000)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--no-peer", action="store_true", help="skip the commit-per-read peer run")
    args = ap.parse_args()
    ours = run(args.devices, args.rate, args.seconds, batch_max=2000)
    print("batched writer :", json.dumps(ours))
    if not args.no_peer:
        peer = run(args.devices, args.rate, args.seconds, batch_max=1)
        print("commit per read:", json.dumps(peer))
        ratio = float(ours["acknowledged_per_s"]) / max(float(peer["acknowledged_per_s"]), 1e-9)  # type: ignore[arg-type]
        print(f"ratio batched / commit-per-read: {ratio:.2f}x (acknowledged frames/s)")
    print(f"cpu count {os.cpu_count()}")


if __name__ == "__main__":
    main()
