"""The gateway with the SQL sink and registry on a migrated SQLite database, through a real socket."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hj212_frames import MN, segment_2051
from sqlalchemy import Engine, func, select

from ljeco.core.db import get_engine, read_session, write_session
from ljeco.core.errors import ConflictError, ValidationError
from ljeco.core.migrate import upgrade
from ljeco.core.timeutil import utcnow
from ljeco.ingest.hj212.codec import encode_segment, parse
from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig
from ljeco.ingest.hj212.models import Hj212Device, Hj212Quarantine, Hj212RawFrame, Hj212Value
from ljeco.ingest.hj212.registry import SqlRegistry, add_device
from ljeco.ingest.hj212.sink import SqlSink


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    eng = get_engine(f"sqlite:///{tmp_path}/hj212.db")
    upgrade(eng)
    return eng


def test_registry_add_validates_and_refuses_duplicates(engine: Engine) -> None:
    with write_session(engine) as s:
        add_device(s, mn=MN, password="123456", site_code="S1", cadence={"2051": 600})
    with pytest.raises(ConflictError), write_session(engine) as s:
        add_device(s, mn=MN, password="x")
    with pytest.raises(ValidationError), write_session(engine) as s:
        add_device(s, mn="A;B", password="x")
    with pytest.raises(ValidationError), write_session(engine) as s:
        add_device(s, mn="AB", password="x", crc="crc32")
    reg = SqlRegistry(engine)
    assert reg.refresh() == 1
    dev = reg.get(MN)
    assert dev is not None and dev.check_password("123456") and not dev.check_password("123457")
    assert dev.cadence == {"2051": 600} and dev.site_code == "S1"
    with read_session(engine) as s:
        row = s.scalars(select(Hj212Device)).one()
        assert "123456" not in (row.password_hash + row.password_salt)


def test_frames_archived_quarantined_and_stored_once(engine: Engine) -> None:
    with write_session(engine) as s:
        add_device(s, mn=MN, password="123456")
    registry = SqlRegistry(engine)
    registry.refresh()
    upload = encode_segment(segment_2051())
    stranger = encode_segment(segment_2051().replace(MN, "STRANGER"))

    async def main() -> None:
        gw = Gateway(registry=registry, sink=SqlSink(engine), config=GatewayConfig(port=0))
        host, port = await gw.start()
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(upload + stranger + upload + b"noise")
        await writer.drain()
        data = b""
        while data.count(b"\r\n") < 2:
            data += await asyncio.wait_for(reader.read(4096), 5)
        writer.close()
        await gw.stop()
        assert [parse(f + b"\r\n").cn for f in data.split(b"\r\n")[:2]] == ["9014", "9014"]

    asyncio.run(main())
    with read_session(engine) as s:
        raws = s.scalars(select(Hj212RawFrame).order_by(Hj212RawFrame.id)).all()
        assert [(r.verdict, r.error, r.mn) for r in raws] == [
            ("ok", None, MN), ("quarantined", "unknown_device", "STRANGER"), ("ok", None, MN),
            ("junk", "junk_truncated", None),
        ]  # fmt: skip
        assert raws[0].data == upload and raws[0].peer.startswith("127.0.0.1:")
        q = s.scalars(select(Hj212Quarantine)).one()
        assert (q.raw_id, q.reason, q.status) == (raws[1].id, "unknown_device", "open")
        assert s.scalar(select(func.count()).select_from(Hj212Value)) == 8  # re-send stored once
        v = s.get(Hj212Value, (MN, "2051", 1470012000, "w01018-Avg"))
        assert v is not None and (v.value, v.flag, v.raw_id) == (24.6, "N", raws[0].id)


def test_values_of_sited_devices_reach_the_observation_store(engine: Engine) -> None:
    from ljeco.ingest.hj212.registry import Device, MemoryRegistry
    from ljeco.observations.catalog import add_site, seed_parameters
    from ljeco.observations.models import Observation, Series

    with write_session(engine) as s:
        seed_parameters(s)
        add_site(s, code="OUT1", name="1号排放口", kind="outlet")
    dev = Device.create("CEMS01", "123456", site_code="OUT1", cadence={"2061": 3600})
    gw = Gateway(registry=MemoryRegistry([dev]), sink=SqlSink(engine, observations=True))
    seg = (
        "QN=20240122180000000;ST=31;CN=2061;PW=123456;MN=CEMS01;Flag=5;CP=&&DataTime=20240122170000;"
        "a21026-Min=30.0,a21026-Avg=35.5,a21026-Max=41.0,a21026-Flag=N;a21004-Avg=80.25,a21004-Flag=D;a21002-Avg=90.0;"
        "a99999-Avg=1.0&&"
    )
    item = gw.judge(encode_segment(seg), "127.0.0.1:1", utcnow())
    assert item.verdict == "ok"
    gw.sink.write([item])
    gw.sink.write([item])  # re-sent: still one row per series and hour
    with read_session(engine) as s:
        rows = s.execute(select(Series.unit, Series.interval_s, Observation.time, Observation.value, Observation.flag)
                         .join(Series, Series.id == Observation.series_id)).all()  # fmt: skip
    by_value = sorted((r.unit, r.interval_s, r.time.isoformat(), round(r.value, 3), r.flag) for r in rows)
    # SO2 35.5 mg/m³ (Table B.2 unit) = 35 500 µg/m³; hour 17:00-18:00 CST starts at 09:00 UTC
    assert ("µg/m³", 3600, "2024-01-22T09:00:00+00:00", 35500.0, "N") in by_value
    assert ("µg/m³", 3600, "2024-01-22T09:00:00+00:00", 80250.0, "D") in by_value  # NO2 keeps its flag D
    # Min/Max are not stored; NOx (a21002) and a99999 are not in the platform vocabulary: hj212_values only
    assert len(by_value) == 2
