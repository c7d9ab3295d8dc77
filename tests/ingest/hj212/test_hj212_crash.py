"""kill -9 of the gateway under load, then a restart: every acknowledged frame is in the store."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from ljeco.core.db import get_engine, read_session, write_session
from ljeco.core.migrate import upgrade
from ljeco.ingest.hj212.models import Hj212RawFrame
from ljeco.ingest.hj212.registry import add_device
from ljeco.ingest.hj212.simulator import SimStats, device_mn, simulate

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(url: str, port: int, workers: int = 1) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ljeco", "gateway", "--port", str(port), "--database-url", url,
         "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise AssertionError("gateway did not start")


def test_kill_9_loses_no_acknowledged_frame(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/crash.db"
    engine = get_engine(url)
    upgrade(engine)
    with write_session(engine) as s:
        for i in range(20):
            add_device(s, mn=device_mn(i), password="123456")
    port = _free_port()
    first = _start(url, port)

    async def load_then_kill() -> list[tuple[str, str]]:
        stats = SimStats()
        sim = asyncio.create_task(
            simulate(
                host="127.0.0.1",
                port=port,
                devices=20,
                rate=400,
                cn="2011",
                duration=30,
                settle=0.5,
                stats=stats,
            )
        )
        deadline = time.monotonic() + 25
        while stats.acknowledged < 100 and time.monotonic() < deadline:  # under load, not after a fixed time
            await asyncio.sleep(0.05)
        os.kill(first.pid, signal.SIGKILL)
        await sim
        return stats.acked

    try:
        acked = asyncio.run(load_then_kill())
    finally:
        first.kill()
        first.wait()
    assert len(acked) >= 100  # the gateway did acknowledge frames before it died

    second = _start(url, port)
    try:
        after = asyncio.run(
            simulate(
                host="127.0.0.1",
                port=port,
                devices=2,
                rate=20,
                cn="2011",
                duration=None,
                frames_per_device=3,
                settle=5,
                prefix="LJSIM",
            )
        )
        assert after.acknowledged == 6  # the restarted gateway works
    finally:
        second.terminate()
        second.wait(10)
    with read_session(engine) as s:
        stored = set(
            s.execute(select(Hj212RawFrame.mn, Hj212RawFrame.qn).where(Hj212RawFrame.verdict == "ok"))
        )
    missing = [a for a in acked if a not in stored]
    assert missing == []


def test_two_workers_share_the_port_and_stop_on_sigterm(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/workers.db"
    engine = get_engine(url)
    upgrade(engine)
    with write_session(engine) as s:
        for i in range(30):
            add_device(s, mn=device_mn(i), password="123456")
    port = _free_port()
    proc = _start(url, port, workers=2)
    try:
        time.sleep(2)  # let the second worker bind too
        stats = asyncio.run(
            simulate(
                host="127.0.0.1",
                port=port,
                devices=30,
                rate=300,
                cn="2051",
                duration=None,
                frames_per_device=5,
                settle=10,
            )
        )
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
    assert (stats.sent, stats.acknowledged) == (150, 150)
    with read_session(engine) as s:
        stored = set(
            s.execute(select(Hj212RawFrame.mn, Hj212RawFrame.qn).where(Hj212RawFrame.verdict == "ok"))
        )
        ids = s.scalars(select(Hj212RawFrame.id)).all()
    assert set(stats.acked) <= stored and len(ids) == len(set(ids)) == 150
