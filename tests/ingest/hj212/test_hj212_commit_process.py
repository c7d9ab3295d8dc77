"""The gateway's SQLite commits in a child process (``ProcessSink``): same rows as the in-process sink, errors
come back as errors (the gateway retries), a dead child is replaced, an orphaned one ends."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hj212_frames import MN, segment_2051
from sqlalchemy import Engine, func, select

from ljeco.core.db import get_engine, read_session, write_session
from ljeco.core.migrate import upgrade
from ljeco.core.timeutil import utcnow
from ljeco.ingest.hj212.codec import encode_segment
from ljeco.ingest.hj212.commit_process import CommitProcessError, ProcessSink
from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig
from ljeco.ingest.hj212.models import Hj212Quarantine, Hj212RawFrame, Hj212Value
from ljeco.ingest.hj212.registry import Device, MemoryRegistry
from ljeco.ingest.hj212.simulator import device_mn, make_upload

pytestmark = pytest.mark.slow  # each sink starts a process (~1 s)


@pytest.fixture
def db(tmp_path: Path) -> tuple[str, Engine]:
    url = f"sqlite:///{tmp_path}/commit.db"
    engine = get_engine(url)
    upgrade(engine)
    return url, engine


def _frames(n: int, devices: int = 30) -> list[bytes]:
    rng = random.Random(11)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [make_upload(device_mn(i % devices), "123456", "2011", start + timedelta(seconds=30 * (i // devices)),
                        i, rng)[1] for i in range(n)]  # fmt: skip


def _gateway(sink: object, devices: int = 30) -> Gateway:
    registry = MemoryRegistry([Device.create(device_mn(i), "123456") for i in range(devices)])
    return Gateway(registry=registry, sink=sink, config=GatewayConfig(port=0))  # type: ignore[arg-type]


def _stored(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with read_session(engine) as s:
        raw = s.execute(select(Hj212RawFrame.data, Hj212RawFrame.verdict, Hj212RawFrame.mn, Hj212RawFrame.qn,
                               Hj212RawFrame.data_time).order_by(Hj212RawFrame.id)).all()  # fmt: skip
        values = s.execute(select(Hj212Value.mn, Hj212Value.cn, Hj212Value.data_time, Hj212Value.item,
                                  Hj212Value.value, Hj212Value.flag).order_by(Hj212Value.mn, Hj212Value.data_time,
                                                                              Hj212Value.item)).all()  # fmt: skip
    return [tuple(r) for r in raw], [tuple(v) for v in values]


def test_child_commits_exactly_what_the_in_process_sink_commits(
    db: tuple[str, Engine], tmp_path: Path
) -> None:
    """300 frames in 43 reads (one committed again later) plus a stranger's frame: byte-for-byte the same archive,
    values and quarantine as ``SqlSink`` writes in-process."""
    from ljeco.ingest.hj212.sink import SqlSink

    url, engine = db
    frames = _frames(300)
    stranger = encode_segment(segment_2051().replace(MN, "STRANGER"))
    twin = get_engine(f"sqlite:///{tmp_path}/twin.db")
    upgrade(twin)
    sink = ProcessSink(url)
    try:
        for target in (sink, SqlSink(twin)):
            gw = _gateway(target)
            now = utcnow()
            reads = [[gw.judge(f, "p", now) for f in frames[k : k + 7]] for k in range(0, 300, 7)]
            target.commit([target.prepare(r) for r in reads])
            target.write([gw.judge(frames[0], "p", now), gw.judge(stranger, "p", now)])
    finally:
        sink.close()
    ours, theirs = _stored(engine), _stored(twin)
    assert ours == theirs
    raw, values = ours
    assert len(raw) == 302 and raw[123][0] == frames[123] and len(values) == 2100
    with read_session(engine) as s:
        quarantined = s.execute(select(Hj212Quarantine.mn, Hj212Quarantine.reason, Hj212RawFrame.id)
                                .join(Hj212RawFrame, Hj212RawFrame.id == Hj212Quarantine.raw_id)).all()  # fmt: skip
        last_id = s.scalar(select(func.max(Hj212RawFrame.id)))
    assert [(q.mn, q.reason, q.id) for q in quarantined] == [("STRANGER", "unknown_device", last_id)]


def test_values_of_sited_devices_reach_the_store_through_the_child(db: tuple[str, Engine]) -> None:
    from ljeco.observations.catalog import add_site, seed_parameters
    from ljeco.observations.models import Observation

    url, engine = db
    with write_session(engine) as s:
        seed_parameters(s)
        add_site(s, code="OUT1", name="1号排放口", kind="outlet")
    dev = Device.create("CEMS01", "123456", site_code="OUT1", cadence={"2061": 3600})
    seg = (
        "QN=20240122180000000;ST=31;CN=2061;PW=123456;MN=CEMS01;Flag=5;CP=&&DataTime=20240122170000;"
        "a21026-Avg=35.5,a21026-Flag=N;a21004-Avg=80.25,a21004-Flag=D&&"
    )
    sink = ProcessSink(url, observations=True)
    try:
        gw = Gateway(registry=MemoryRegistry([dev]), sink=sink)
        item = gw.judge(encode_segment(seg), "p", utcnow())
        sink.write([item])
        sink.write([item])  # re-sent: one row per series and hour
    finally:
        sink.close()
    with read_session(engine) as s:
        rows = s.execute(select(Observation.time, Observation.flag)).all()
    assert sorted((r.time.isoformat(), r.flag) for r in rows) == [
        ("2024-01-22T09:00:00+00:00", "D"),  # 17:00 CST: the hour's start
        ("2024-01-22T09:00:00+00:00", "N"),
    ]


def test_a_failing_commit_raises_and_the_same_child_goes_on(tmp_path: Path) -> None:
    """The database is not migrated yet: the batch fails with the child's reason; once it is, the retry lands."""
    url = f"sqlite:///{tmp_path}/late.db"
    sink = ProcessSink(url)
    try:
        gw = _gateway(sink)
        batch = [gw.judge(f, "p", utcnow()) for f in _frames(5)]
        pid = sink.pid
        with pytest.raises(CommitProcessError, match="no such table: hj212_raw_frames"):
            sink.write(batch)
        upgrade(get_engine(url))
        sink.write(batch)
        assert sink.pid == pid and sink.restarts == 0
    finally:
        sink.close()
    raw, values = _stored(get_engine(url))
    assert len(raw) == 5 and len(values) == 35


def test_a_killed_child_is_replaced_and_nothing_is_lost(db: tuple[str, Engine]) -> None:
    url, engine = db
    sink = ProcessSink(url)
    try:
        gw = _gateway(sink)
        frames = _frames(20)
        sink.write([gw.judge(f, "p", utcnow()) for f in frames[:10]])
        first = sink.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while sink.pid is not None and time.monotonic() < deadline:  # gone before the next commit
            time.sleep(0.01)
        sink.write([gw.judge(f, "p", utcnow()) for f in frames[10:]])
        sink.checkpoint()
        assert sink.restarts == 1 and sink.pid not in (None, first)
    finally:
        sink.close()
    assert sink.pid is None
    raw, values = _stored(engine)
    assert [r[0] for r in raw] == frames and len(values) == 140


def test_a_child_killed_in_a_commit_fails_that_commit_and_the_retry_lands(db: tuple[str, Engine]) -> None:
    """The child waits for a lock another writer holds when it is killed: the call in progress raises (the
    gateway retries the batch), the retry runs in a new child."""
    import sqlite3
    import threading

    url, engine = db
    sink = ProcessSink(url)
    blocker = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        gw = _gateway(sink)
        batch = [gw.judge(f, "p", utcnow()) for f in _frames(10)]
        blocker.execute("BEGIN IMMEDIATE")  # the child's commit now waits (busy timeout)
        victim = sink.pid
        assert victim is not None
        threading.Timer(0.5, os.kill, (victim, signal.SIGKILL)).start()
        with pytest.raises(CommitProcessError, match="gone"):
            sink.write(batch)
        blocker.execute("ROLLBACK")
        sink.write(batch)
        assert sink.restarts == 1
    finally:
        blocker.close()
        sink.close()
    raw, values = _stored(engine)
    assert len(raw) == 10 and len(values) == 70  # the killed child's transaction never committed


def test_gateway_answers_through_the_child_and_checkpoints_there(db: tuple[str, Engine]) -> None:
    url, engine = db
    sink = ProcessSink(url)
    gw = Gateway(registry=MemoryRegistry([Device.create(MN, "123456")]), sink=sink,
                 config=GatewayConfig(port=0, checkpoint_interval=0.1, checkpoint_restart=1))  # fmt: skip

    async def main() -> bytes:
        host, port = await gw.start()
        reader, writer = await asyncio.open_connection(host, port)
        answers = b""
        for i in range(20):
            writer.write(
                encode_segment(segment_2051(qn=f"201608010850{i:05d}", data_time=f"201608{i + 1:02d}084000"))
            )
            await writer.drain()
            answers += await asyncio.wait_for(reader.readuntil(b"\r\n"), 10)
            await asyncio.sleep(0.03)
        writer.close()
        await gw.stop()
        return answers

    try:
        answers = asyncio.run(main())
    finally:
        sink.close()
    assert answers.count(b"CN=9014") == 20
    assert gw.stats.checkpoints >= 2 and gw.stats.checkpoint_errors == 0 and gw.stats.sink_errors == 0
    assert len(_stored(engine)[0]) == 20


def test_the_child_ends_when_its_parent_is_killed(db: tuple[str, Engine]) -> None:
    """A gateway killed with -9 cannot close the pipes: the child reads end-of-file and exits by itself."""
    import subprocess
    import sys

    url, _engine = db
    parent = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time\n"
         "from ljeco.ingest.hj212.commit_process import ProcessSink\n"
         f"sink = ProcessSink({url!r})\n"
         "print(sink.pid, flush=True)\n"
         "time.sleep(600)\n"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert parent.stdout is not None
        child = int(parent.stdout.readline())
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(child)
    finally:
        parent.kill()


def _running(pid: int) -> bool:
    """The process exists and has not exited (a zombie waits only to be reaped by init)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_postgresql_is_refused() -> None:
    with pytest.raises(ValueError, match="SQLite"):
        ProcessSink("postgresql+psycopg://u:p@localhost/x")
