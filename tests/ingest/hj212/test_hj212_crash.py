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
from ljeco.ingest.hj212.simulator import device_mn, simulate

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(url: str, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "ljeco", "gateway", "--port", str(port), "--database-url", url],
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
        sim = asyncio.create_task(
            simulate(host="127.0.0.1", port=port, devices=20, rate=400, cn="2011", duration=4, settle=0.5)
        )
        await asyncio.sleep(1.5)
        os.kill(first.pid, signal.SIGKILL)
        stats = await sim
        return stats.acked

    try:
        acked = asyncio.run(load_then_kill())
    finally:
        first.kill()
        first.wait()
    assert len(acked) > 50  # the gateway did acknowledge frames before it died

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
