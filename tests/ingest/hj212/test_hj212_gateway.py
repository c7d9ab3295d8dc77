"""The gateway through real sockets on 127.0.0.1, with an in-memory sink and registry."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest
from hj212_frames import MN, segment_2051
from hypothesis import given
from hypothesis import strategies as st

from ljeco.ingest.hj212.codec import DeviceProfile, encode_segment, parse
from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig
from ljeco.ingest.hj212.registry import Device, MemoryRegistry
from ljeco.ingest.hj212.simulator import device_mn, simulate
from ljeco.ingest.hj212.sink import MemorySink
from ljeco.ingest.hj212.stream import FrameSplitter


def _run(coro: Awaitable[None]) -> None:
    asyncio.run(asyncio.wait_for(coro, 60))  # type: ignore[arg-type]


def _gateway(sink: MemorySink, **config: float) -> Gateway:
    registry = MemoryRegistry([Device.create(MN, "123456"), Device.create("MODBUSDEV", "pw1", crc="modbus")])
    return Gateway(registry=registry, sink=sink, config=GatewayConfig(port=0, **config))  # type: ignore[arg-type]


async def _with_gateway(
    sink: MemorySink | Gateway, body: Callable[[str, int], Awaitable[None]], **config: float
) -> Gateway:
    """Run ``body(host, port)`` against a started gateway (made here on ``sink``, or the one given), then stop it."""
    gw = sink if isinstance(sink, Gateway) else _gateway(sink, **config)
    host, port = await gw.start()
    try:
        await body(host, port)
    finally:
        await gw.stop()
    return gw


async def _read_frames(reader: asyncio.StreamReader, n: int, timeout: float = 5.0) -> list[bytes]:
    splitter = FrameSplitter()
    frames: list[bytes] = []
    while len(frames) < n:
        chunk = await asyncio.wait_for(reader.read(4096), timeout)
        if not chunk:
            break
        frames += [e for e in splitter.feed(chunk) if isinstance(e, bytes)]
    return frames


def test_upload_is_archived_then_answered_with_9014() -> None:
    sink = MemorySink()
    upload = encode_segment(segment_2051())

    async def body(host: str, port: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        # split across writes, plus a notification and an upload that asks for no answer in the same write
        note = encode_segment(f"QN=20160801085857300;ST=32;CN=1013;PW=123456;MN={MN};Flag=5;CP=&&&&")
        quiet = encode_segment(segment_2051(qn="20160801085000002", flag=4, data_time="20160801085000"))
        writer.write(upload[:40])
        await writer.drain()
        await asyncio.sleep(0.05)
        writer.write(upload[40:] + b"garbage" + note + quiet)
        await writer.drain()
        answers = [parse(f) for f in await _read_frames(reader, 2)]
        assert [(a.cn, a.qn, a.st, a.flag) for a in answers] == [
            ("9014", "20160801085000001", "91", 4),
            ("9013", "20160801085857300", "91", 4),
        ]
        # the archive already holds the frame when its answer arrives
        assert any(r.data == upload for r in sink.raw)
        writer.close()

    gw = asyncio.run(_with_gateway(sink, body))
    verdicts = [(r.verdict, r.error) for r in sink.raw]
    assert verdicts == [("ok", None), ("junk", "junk_garbage"), ("ok", None), ("ok", None)]
    assert sink.values[(MN, "2051", 1470012000, "w01018-Avg")] == (24.6, "N")  # 2016-08-01 08:40 CST
    assert len(sink.values) == 16  # 2 frames x 2 factors x 4 values (Cou, Min, Avg, Max)
    assert gw.stats.answers == 2


def test_untrusted_and_broken_frames_are_archived_not_answered() -> None:
    sink = MemorySink()
    good_pw_unknown = encode_segment(segment_2051().replace(MN, "UNKNOWN0001"))
    bad_pw = encode_segment(segment_2051().replace("PW=123456", "PW=654321"))
    bad_crc = encode_segment(segment_2051())[:-6] + b"0000\r\n"
    modbus_ok = encode_segment(
        segment_2051().replace(MN, "MODBUSDEV").replace("PW=123456", "PW=pw1"), crc="modbus"
    )
    hj_from_modbus_dev = encode_segment(
        segment_2051().replace(MN, "MODBUSDEV").replace("PW=123456", "PW=pw1")
    )

    async def body(host: str, port: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(good_pw_unknown + bad_pw + bad_crc + hj_from_modbus_dev + modbus_ok)
        await writer.drain()
        answers = await _read_frames(reader, 1)
        assert len(answers) == 1
        ans = parse(answers[0], DeviceProfile(crc="modbus"))
        assert (ans.cn, ans.mn, ans.crc_algorithm) == ("9014", "MODBUSDEV", "modbus")
        writer.close()

    asyncio.run(_with_gateway(sink, body))
    assert [(r.verdict, r.error) for r in sink.raw] == [
        ("quarantined", "unknown_device"),
        ("quarantined", "bad_password"),
        ("rejected", "hj212_crc_mismatch"),
        ("rejected", "hj212_crc_algorithm"),
        ("ok", None),
    ]
    assert [q.error for q in sink.quarantine] == ["unknown_device", "bad_password"]
    assert {k[0] for k in sink.values} == {"MODBUSDEV"}


def test_resent_frame_is_idempotent() -> None:
    sink = MemorySink()
    upload = encode_segment(segment_2051())

    async def body(host: str, port: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(upload + upload)
        await writer.drain()
        assert len(await _read_frames(reader, 2)) == 2  # both answered (both archived)
        writer.close()

    asyncio.run(_with_gateway(sink, body))
    assert len(sink.raw) == 2 and len(sink.values) == 8


def test_failing_store_applies_back_pressure_and_loses_nothing() -> None:
    sink = MemorySink()
    sink.fail_next = 3
    upload = encode_segment(segment_2051())

    async def body(host: str, port: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(upload)
        await writer.drain()
        await asyncio.sleep(0.1)
        assert sink.raw == []  # not yet durable ...
        frames = await _read_frames(reader, 1)  # ... and not answered until it is
        assert len(frames) == 1 and len(sink.raw) == 1
        writer.close()

    gw = asyncio.run(_with_gateway(sink, body))
    assert gw.stats.sink_errors == 3


def test_idle_slow_and_junk_connections_are_closed() -> None:
    sink = MemorySink()

    async def body(host: str, port: int) -> None:
        # idle
        reader, writer = await asyncio.open_connection(host, port)
        assert await asyncio.wait_for(reader.read(10), 2) == b""
        # slow-loris: a frame that never completes
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(b"##0101QN=2016")
        await writer.drain()
        assert await asyncio.wait_for(reader.read(10), 2) == b""
        # endless junk
        reader, writer = await asyncio.open_connection(host, port)
        with pytest.raises((ConnectionError, AssertionError, TimeoutError)):
            for _ in range(200):
                writer.write(b"x" * 10_000)
                await writer.drain()
            assert await asyncio.wait_for(reader.read(10), 2) != b""

    gw = asyncio.run(_with_gateway(sink, body, idle_timeout=0.3, frame_timeout=0.3, junk_limit=100_000))
    assert gw.stats.closed_idle >= 1 and gw.stats.closed_slow == 1 and gw.stats.closed_junk == 1
    truncated = [r for r in sink.raw if r.error == "junk_truncated"]
    assert truncated and truncated[0].data == b"##0101QN=2016"
    assert sum(r.size for r in sink.raw if r.verdict == "junk") >= 100_000


def test_simulator_end_to_end_counts_match() -> None:
    sink = MemorySink()
    registry = MemoryRegistry([Device.create(device_mn(i), "123456") for i in range(20)])

    async def main() -> None:
        gw = Gateway(registry=registry, sink=sink, config=GatewayConfig(port=0))
        host, port = await gw.start()
        stats = await simulate(
            host=host, port=port, devices=20, rate=400, cn="2051", duration=None, frames_per_device=10,
            malformed=0.2, settle=5,
        )  # fmt: skip
        await gw.stop()
        summary = stats.summary()
        assert summary["sent"] == 200
        assert summary["unacknowledged"] == 0 and summary["acknowledged"] == 200 - stats.malformed
        ok = [r for r in sink.raw if r.verdict == "ok"]
        assert len(ok) == stats.acknowledged
        assert len(sink.values) == stats.acknowledged * 7 * 3  # 7 factors x Min/Avg/Max
        assert gw.stats.answers == stats.acknowledged

    _run(main())


def test_wrong_password_after_a_right_one_is_still_quarantined() -> None:
    from ljeco.core.timeutil import utcnow

    gw = _gateway(MemorySink())
    good = encode_segment(segment_2051())
    bad = encode_segment(segment_2051().replace("PW=123456", "PW=123450"))
    now = utcnow()
    assert [gw.judge(f, "p", now).verdict for f in (good, bad, good, bad)] == [
        "ok",
        "quarantined",
        "ok",
        "quarantined",
    ]


_names = st.sampled_from(["w01018-Avg", "w01018-Flag", "w01018-Rtd", " a21026-Min", "a21026-Flag", "SB1-RS",
                          "x-SampleTime", "Nh3-scr-Rtd", "FANSTATUS", "w01018-EFlag", "a-ZsAvg"])  # fmt: skip
_vals = st.one_of(st.none(), st.sampled_from(["1.5", "-2", "N", "D", "", "nan", "20160801084000", ".5"]))


@given(st.lists(st.lists(st.tuples(_names, _vals), min_size=1, max_size=5), max_size=6))
def test_value_rows_agree_with_measurements(groups: list[list[tuple[str, str | None]]]) -> None:
    from ljeco.core.timeutil import utcnow
    from ljeco.ingest.hj212.cp import format_cp, measurements
    from ljeco.ingest.hj212.sink import value_rows

    cp = format_cp(tuple(tuple(g) for g in groups))
    seg = f"QN=1;ST=32;CN=2051;PW=123456;MN={MN};Flag=4;CP=&&DataTime=20160801084000;{cp}&&"
    item = _gateway(MemorySink()).judge(encode_segment(seg), "p", utcnow())
    assert item.verdict == "ok" and item.frame is not None
    expected = [
        ((MN, "2051", 1470012000, f"{m.code}-{m.kind}"), m.value, m.flag) for m in measurements(item.frame.cp)
    ]
    assert value_rows(item) == expected


def test_each_split_piece_is_answered_and_the_record_completes() -> None:
    sink = MemorySink()
    pieces = [
        encode_segment(
            f"QN=2016080108500000{no};ST=32;CN=2051;PW=123456;MN={MN};Flag=7;PNUM=2;PNO={no};"
            f"CP=&&DataTime=20160801084000;{items}&&"
        )
        for no, items in ((1, "w00000-Avg=1.2,w00000-Flag=N"), (2, "w01018-Avg=24.6,w01018-Flag=N"))
    ]

    async def body(host: str, port: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(pieces[1] + pieces[0])  # out of order
        await writer.drain()
        answers = [parse(f) for f in await _read_frames(reader, 2)]
        assert [(a.cn, a.qn) for a in answers] == [
            ("9014", "20160801085000002"),
            ("9014", "20160801085000001"),
        ]
        writer.close()

    gw = asyncio.run(_with_gateway(sink, body))
    assert gw.stats.split_records == 1 and gw.stats.split_incomplete == 0
    assert {k[3] for k in sink.values} == {"w00000-Avg", "w01018-Avg"}


def test_stop_gives_up_on_a_dead_store_without_acknowledging() -> None:
    sink = MemorySink()
    sink.fail_next = 10**6  # the store never comes back

    async def main() -> Gateway:
        gw = _gateway(sink)
        host, port = await gw.start()
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(encode_segment(segment_2051()))
        await writer.drain()
        await asyncio.sleep(0.2)
        await gw.stop(grace=0.1, flush_timeout=0.3)
        assert await reader.read(100) == b""  # closed, never answered
        return gw

    gw = asyncio.run(main())
    assert gw.stats.answers == 0 and gw.stats.sink_errors >= 1 and sink.raw == []


def test_full_backlog_pauses_the_readers_until_the_store_catches_up() -> None:
    sink = MemorySink()
    sink.fail_next = 4  # the store is down for a while
    uploads = [
        encode_segment(segment_2051(qn=f"2016080108500000{i}", data_time=f"2016080108{i}000"))
        for i in range(3)
    ]

    async def body(host: str, port: int) -> None:
        reader, writer = await asyncio.open_connection(host, port)
        for upload in uploads:  # separate reads: the first fills the backlog (queue_max=1)
            writer.write(upload)
            await writer.drain()
            await asyncio.sleep(0.05)
        assert sink.raw == [] and gw.paused  # nothing durable yet, the connection is not read
        answers = [parse(f) for f in await _read_frames(reader, 3)]
        assert [a.qn for a in answers] == [f"2016080108500000{i}" for i in range(3)]  # all, in order
        writer.close()

    gw = _gateway(sink, queue_max=1)
    asyncio.run(_with_gateway(gw, body))
    assert gw.stats.sink_errors == 4 and not gw.paused
    assert [r.data for r in sink.raw] == uploads


def test_a_failing_answer_does_not_stop_the_writer() -> None:
    sink = MemorySink()
    uploads = [
        encode_segment(segment_2051(qn=f"2016080108500000{i}", data_time=f"2016080108{i}000"))
        for i in range(2)
    ]

    async def main() -> Gateway:
        gw = _gateway(sink)
        real, calls = gw._answer, []

        def answer_once_broken(sub: object) -> None:
            calls.append(sub)
            if len(calls) == 1:
                raise RuntimeError("bug (test)")
            real(sub)  # type: ignore[arg-type]

        gw._answer = answer_once_broken  # type: ignore[method-assign]
        host, port = await gw.start()
        reader, writer = await asyncio.open_connection(host, port)
        for upload in uploads:
            writer.write(upload)
            await writer.drain()
            await asyncio.sleep(0.1)  # separate batches
        answers = [parse(f) for f in await _read_frames(reader, 1)]
        assert [a.qn for a in answers] == ["20160801085000001"]  # the second frame is still answered
        writer.close()
        await gw.stop()
        return gw

    gw = asyncio.run(main())
    assert gw.stats.writer_errors == 1 and len(sink.raw) == 2
