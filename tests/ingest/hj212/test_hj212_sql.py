"""The gateway with the SQL sink and registry on a migrated database (SQLite and PostgreSQL via the shared
``engine`` fixture), through a real socket."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hj212_frames import MN, segment_2051
from sqlalchemy import Engine, func, select

from ljeco.core.db import read_session, write_session
from ljeco.core.errors import ConflictError, ValidationError
from ljeco.core.timeutil import utcnow
from ljeco.ingest.hj212.codec import encode_segment, parse
from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig
from ljeco.ingest.hj212.models import Hj212Device, Hj212Quarantine, Hj212RawFrame, Hj212Value
from ljeco.ingest.hj212.registry import SqlRegistry, add_device
from ljeco.ingest.hj212.sink import SqlSink


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
        v = s.get(Hj212Value, (1470012000, MN, "2051", "w01018-Avg"))
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
    # Values arrive in the Table B.2 unit (mg/m³); the series keeps the vocabulary's unit for an outlet.
    to_mg = {"mg/m³": 1.0, "µg/m³": 0.001}
    in_mg = sorted((round(v * to_mg[u], 6), flag) for u, _i, _t, v, flag in by_value)
    assert {(i, t) for _u, i, t, _v, _f in by_value} == {
        (3600, "2024-01-22T09:00:00+00:00")
    }  # 17:00 CST start
    assert (35.5, "N") in in_mg  # SO2 Avg
    assert (80.25, "D") in in_mg  # NO2 Avg keeps its data flag
    # Min/Max are not stored, nor a code the vocabulary does not know (a99999)
    assert not {30.0, 41.0, 1.0} & {v for v, _f in in_mg}


def test_arrival_report_and_quarantine_resolution(engine: Engine) -> None:
    from ljeco.core.audit import CLI
    from ljeco.ingest.hj212.monitor import arrival_report, quarantine_list, resolve_quarantine

    with write_session(engine) as s:
        add_device(s, mn=MN, password="123456", cadence={"2061": 3600})
    registry = SqlRegistry(engine)
    registry.refresh()
    gw = Gateway(registry=registry, sink=SqlSink(engine))
    hours = [h for h in range(24) if h not in (6, 7)]
    frames = [
        encode_segment(
            f"QN=201608010{h:02d}0000;ST=32;CN=2061;PW=123456;MN={MN};Flag=4;"
            f"CP=&&DataTime=20160801{h:02d}0000;w01018-Avg=20.0,w01018-Flag=N&&"
        )
        for h in hours
    ]
    stranger = encode_segment(segment_2051().replace(MN, "STRANGER"))
    now = utcnow()
    gw.sink.write([gw.judge(f, "127.0.0.1:9", now) for f in [*frames, frames[0], stranger]])
    with read_session(engine) as s:
        (row,) = arrival_report(s, day=date(2016, 8, 1))
    assert (row["mn"], row["cn"], row["expected"], row["received"]) == (MN, "2061", 24, 22)
    assert row["arrival_percent"] == 91.7
    assert row["gaps"] == [["2016-08-01T06:00:00+08:00", "2016-08-01T07:00:00+08:00"]]

    with read_session(engine) as s:
        (q,) = quarantine_list(s)
    assert (q["mn"], q["reason"], q["frame"]) == ("STRANGER", "unknown_device", stranger.decode())
    with write_session(engine) as s:
        resolve_quarantine(s, quarantine_id=q["id"], action="discarded", actor=CLI)
    with pytest.raises(ValidationError), write_session(engine) as s:
        resolve_quarantine(s, quarantine_id=q["id"], action="registered", actor=CLI)
    with read_session(engine) as s:
        assert quarantine_list(s) == []
        assert [x["status"] for x in quarantine_list(s, status="discarded")] == ["discarded"]
        from ljeco.accounts.models import AuditEntry

        entry = s.scalars(select(AuditEntry)).one()
        assert (entry.action, entry.entity_id, entry.actor_name) == (
            "hj212.quarantine.discarded",
            str(q["id"]),
            "cli",
        )


def test_failing_observation_store_does_not_block_the_archive(engine: Engine) -> None:
    from ljeco.ingest.hj212.registry import Device, MemoryRegistry

    def broken(session: object, batch: object) -> int:
        raise RuntimeError("observation store bug")

    sink = SqlSink(engine, observations=True)
    sink.adapter.write = broken
    gw = Gateway(registry=MemoryRegistry([Device.create(MN, "123456", site_code="OUT1")]), sink=sink)
    sink.write([gw.judge(encode_segment(segment_2051()), "p", utcnow())])
    assert sink.observation_errors == 1
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(Hj212RawFrame)) == 1
        assert s.scalar(select(func.count()).select_from(Hj212Value)) == 8


def test_cadence_is_validated(engine: Engine) -> None:
    for cadence in ({"2051": 0}, {"251": 600}, {"2051": 100_000}):
        with pytest.raises(ValidationError), write_session(engine) as s:
            add_device(s, mn="X1", password="p", cadence=cadence)


def test_2005_codes_reach_the_store_only_when_mapping_is_asked(engine: Engine) -> None:
    from ljeco.ingest.hj212.registry import Device, MemoryRegistry
    from ljeco.observations.catalog import add_site, seed_parameters
    from ljeco.observations.models import Observation

    with write_session(engine) as s:
        seed_parameters(s)
        add_site(s, code="WW1", name="1号废水排放口", kind="outlet")
    dev = Device.create("88888880000001", "123456", site_code="WW1")
    seg = (  # 2005 style: no QN, no Flag; 011 = COD (w01018), 060 = NH3-N (w21003) per Table B.1 原编码
        "ST=32;CN=2061;PW=123456;MN=88888880000001;CP=&&DataTime=20180416000000;"
        "011-Avg=23.20,011-Flag=N;060-Avg=1.50,060-Flag=N;B11-Avg=21941455.50&&"
    )
    for mapping, expected in ((False, 0), (True, 2)):
        gw = Gateway(
            registry=MemoryRegistry([dev]), sink=SqlSink(engine, observations=True, map_2005_codes=mapping)
        )
        gw.sink.write([gw.judge(encode_segment(seg), "p", utcnow())])
        with read_session(engine) as s:
            values = sorted(s.scalars(select(Observation.value)).all())
        assert len(values) == expected
    assert values == [1.5, 23.2]


def test_restarted_gateway_requests_the_gap_its_downtime_left(engine: Engine) -> None:
    from ljeco.ingest.hj212.monitor import latest_periods

    with write_session(engine) as s:
        add_device(s, mn=MN, password="123456", cadence={"2051": 600})
    registry = SqlRegistry(engine)
    registry.refresh()
    before = Gateway(registry=registry, sink=SqlSink(engine))
    before.sink.write([before.judge(encode_segment(segment_2051(data_time="20160801080000")), "p", utcnow())])

    after = Gateway(registry=registry, sink=SqlSink(engine))  # a new process: empty memory
    with read_session(engine) as s:
        assert latest_periods(s, since=datetime(2016, 8, 1, 1, tzinfo=UTC)) == []  # 09:00 CST is the newest
        assert latest_periods(s, since=datetime(2016, 8, 1, 0, tzinfo=UTC)) == [(MN, "2051", 1470009600)]
        assert after.seed_gaps(latest_periods(s)) == 1
    item = after.judge(
        encode_segment(segment_2051(qn="20160801084100001", data_time="20160801084000")), "p", utcnow()
    )
    (request,) = after._backfill_requests([item], utcnow())
    assert parse(request).values() == {"BeginTime": "20160801081000", "EndTime": "20160801083000"}


def test_arrival_and_the_gap_seed_read_a_range_of_the_time_first_index(engine: Engine) -> None:
    """SQLite query plans: no full scan of the archive for a day's arrival or for the seed of the last week."""
    from sqlalchemy import event

    from ljeco.ingest.hj212.monitor import arrival_report, latest_periods

    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite query plans")
    with write_session(engine) as s:
        add_device(s, mn=MN, password="123456", cadence={"2051": 600})
    seen: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, statement: str, parameters: object, *_: object) -> None:
        if "FROM hj212_raw_frames" in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with read_session(engine) as s:
            arrival_report(s, day=date(2016, 8, 1))
            latest_periods(s, since=datetime(2016, 8, 1, tzinfo=UTC))
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    assert len(seen) == 2
    raw = engine.raw_connection()
    try:
        for statement, parameters in seen:
            plan = " | ".join(
                row[-1] for row in raw.cursor().execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            assert (
                "USING COVERING INDEX ix_hj212_raw_frames_time_device (data_time>? AND data_time<?)" in plan
                or ("USING COVERING INDEX ix_hj212_raw_frames_time_device (data_time>?)" in plan)
            ), plan
    finally:
        raw.close()


#: value texts → what must come back from ``hj212_values``: 17 significant digits, tiny, padded, beyond a double.
TRICKY = {
    "835498878129449.6": 835498878129449.6,
    "123456789.12345678": 123456789.12345678,
    "0.30000000000000004": 0.30000000000000004,
    "0.000000000000000000001": 1e-21,
    "000123.4500": 123.45,
    "-7.": -7.0,
    "9" * 400: float("inf"),
}


def test_prepared_reads_commit_with_their_ids_and_exact_values(engine: Engine) -> None:
    """Several reads in one commit (as the gateway batches them): every id, link and value as sent."""
    from ljeco.ingest.hj212.registry import Device, MemoryRegistry
    from ljeco.ingest.hj212.stream import Junk

    gw = Gateway(registry=MemoryRegistry([Device.create(MN, "123456")]), sink=SqlSink(engine))
    items = ";".join(f"w{i:05d}-Avg={text},w{i:05d}-Flag=N" for i, text in enumerate(TRICKY))
    tricky = encode_segment(
        f"QN=20160801085000009;ST=32;CN=2051;PW=123456;MN={MN};Flag=5;CP=&&DataTime=20160801085000;{items}&&"
    )
    junk = Junk(b"\xff\xfe\x00binary junk", 15, "garbage")  # not UTF-8: bound as a BLOB
    frames = [junk, encode_segment(segment_2051()), tricky]
    stranger = encode_segment(segment_2051().replace(MN, "STRANGER"))
    now = utcnow()
    reads = [[gw.judge(frames[0], "p:1", now), gw.judge(frames[1], "p:1", now)], [gw.judge(stranger, "p:2", now)],
             [gw.judge(frames[2], "p:1", now)]]  # fmt: skip
    assert [i.verdict for r in reads for i in r] == ["junk", "ok", "quarantined", "ok"]
    gw.sink.commit([gw.sink.prepare(r) for r in reads])
    with read_session(engine) as s:
        raws = s.scalars(select(Hj212RawFrame).order_by(Hj212RawFrame.id)).all()
        assert [r.data for r in raws] == [junk.data, frames[1], stranger, frames[2]]
        assert [r.id for r in raws] == list(range(raws[0].id, raws[0].id + 4))
        assert raws[1].received_at == now and raws[0].verdict == "junk"
        q = s.scalars(select(Hj212Quarantine)).one()
        assert (q.raw_id, q.mn) == (raws[2].id, "STRANGER")
        rows = s.execute(select(Hj212Value.item, Hj212Value.value, Hj212Value.raw_id)).all()
    assert {r.raw_id for r in rows} == {raws[1].id, raws[3].id}
    got = {r.item: r.value for r in rows if r.raw_id == raws[3].id}
    assert got == {f"w{i:05d}-Avg": want for i, want in enumerate(TRICKY.values())}


def test_gateway_checkpoints_the_log_so_that_it_starts_afresh(tmp_path: Path) -> None:
    """SQLite: commits leave the write-ahead log to the writer loop, whose checkpoints reach its end."""
    from ljeco.core.db import get_engine
    from ljeco.core.migrate import upgrade
    from ljeco.ingest.hj212.registry import Device, MemoryRegistry

    engine = get_engine(f"sqlite:///{tmp_path}/ckpt.db")
    upgrade(engine)
    sink = SqlSink(engine, background_checkpoint=True)
    gw = Gateway(registry=MemoryRegistry([Device.create(MN, "123456")]), sink=sink,
                 config=GatewayConfig(port=0, checkpoint_interval=0.1, checkpoint_restart=1))  # fmt: skip

    async def main() -> None:
        host, port = await gw.start()
        _reader, writer = await asyncio.open_connection(host, port)
        for i in range(40):
            writer.write(
                encode_segment(segment_2051(qn=f"201608010850{i:05d}", data_time=f"201608{i + 1:02d}084000"))
            )
            await writer.drain()
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)
        writer.close()
        await gw.stop()

    asyncio.run(main())
    raw = engine.raw_connection()
    try:
        # frames now in the log: only those since it last started afresh (without the writer's checkpoints, all
        # of the 40 commits' pages: 341 when measured)
        _busy, log_frames, _copied = raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        assert log_frames < 60
        assert gw.stats.checkpoints >= 2 and gw.stats.checkpoint_errors == 0
        assert raw.cursor().execute("SELECT count(*) FROM hj212_raw_frames").fetchone()[0] == 40
    finally:
        raw.close()


def test_large_batches_are_chunked_and_padded_without_losing_or_doubling(engine: Engine) -> None:
    """300 frames of 7 values in one commit: 2,100 value rows in chunks of ≤ 512, the last one padded."""
    from ljeco.ingest.hj212.registry import Device, MemoryRegistry
    from ljeco.ingest.hj212.simulator import device_mn, make_upload

    devices = [Device.create(device_mn(i), "123456") for i in range(30)]
    gw = Gateway(registry=MemoryRegistry(devices), sink=SqlSink(engine))
    rng = random.Random(7)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    frames = [make_upload(device_mn(i % 30), "123456", "2011", start + timedelta(seconds=30 * (i // 30)), i, rng)[1]
              for i in range(300)]  # fmt: skip
    now = utcnow()
    reads = [[gw.judge(f, "p", now) for f in frames[k : k + 7]] for k in range(0, 300, 7)]
    gw.sink.commit([gw.sink.prepare(r) for r in reads])
    gw.sink.write([gw.judge(frames[0], "p", now)])  # a re-send later: archived again, its values not doubled
    with read_session(engine) as s:
        ids = s.scalars(select(Hj212RawFrame.id).order_by(Hj212RawFrame.id)).all()
        assert len(ids) == 301 and ids[:300] == list(range(ids[0], ids[0] + 300))
        assert s.scalar(select(func.count()).select_from(Hj212Value)) == 2100
        linked = s.scalar(select(func.count(func.distinct(Hj212Value.raw_id))))
        assert linked == 300  # every value points at the frame it came in (the first arrival)
        sample = s.scalars(select(Hj212RawFrame).where(Hj212RawFrame.id == ids[123])).one()
        assert sample.data == frames[123]
