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
