from __future__ import annotations

import asyncio
from datetime import datetime

from hj212_frames import MN, segment_2051

from ljeco.core.timeutil import CST
from ljeco.ingest.hj212.arrival import GapTracker, align, arrival
from ljeco.ingest.hj212.codec import encode_segment, parse
from ljeco.ingest.hj212.gateway import Gateway, GatewayConfig
from ljeco.ingest.hj212.registry import Device, MemoryRegistry
from ljeco.ingest.hj212.sink import MemorySink
from ljeco.ingest.hj212.stream import FrameSplitter


def _t(hh: int, mm: int) -> int:
    return int(datetime(2016, 8, 1, hh, mm, tzinfo=CST).timestamp())


def test_align_to_local_midnight() -> None:
    # 08:47 local falls in the 10-min period starting 08:40 and in the day starting 00:00 local (16:00 UTC)
    assert align(_t(8, 47), 600) == _t(8, 40)
    assert align(_t(8, 47), 86_400) == _t(0, 0)


def test_arrival_of_a_day_of_hourly_data() -> None:
    day = _t(0, 0)
    got = [day + h * 3600 for h in range(24) if h not in (3, 4, 5, 17)]
    a = arrival(got + got[:2], start=day, end=day + 86_400, interval=3600)  # duplicates count once
    assert (a.expected, a.received) == (24, 20)
    assert a.percent == round(100 * 20 / 24, 1)
    assert a.gaps == ((day + 3 * 3600, day + 5 * 3600), (day + 17 * 3600, day + 17 * 3600))


def test_arrival_edges() -> None:
    assert arrival([], start=0, end=0, interval=600).percent is None
    a = arrival([], start=_t(0, 0), end=_t(1, 0), interval=600)
    assert (a.expected, a.received, a.gaps) == (6, 0, ((_t(0, 0), _t(0, 50)),))


def test_gap_tracker_opens_and_fills() -> None:
    g = GapTracker()
    assert g.observe(MN, "2051", _t(8, 0), 600) is None
    assert g.observe(MN, "2051", _t(8, 10), 600) is None
    assert g.observe(MN, "2051", _t(8, 40), 600) == (_t(8, 20), _t(8, 30))
    assert g.open_gaps(MN, "2051") == 1
    assert g.observe(MN, "2051", _t(8, 20), 600) is None  # history record: no new gap
    assert g.filled == 0
    g.observe(MN, "2051", _t(8, 30), 600)
    assert (g.filled, g.open_gaps(MN, "2051")) == (1, 0)


def test_gateway_requests_history_for_a_gap_and_sees_it_filled() -> None:
    sink = MemorySink()
    registry = MemoryRegistry([Device.create(MN, "123456", cadence={"2051": 600})])

    def upload(qn: str, hhmm: str, flag: int = 5) -> bytes:
        return encode_segment(segment_2051(qn=qn, flag=flag, data_time=f"20160801{hhmm}00"))

    async def main() -> Gateway:
        gw = Gateway(registry=registry, sink=sink, config=GatewayConfig(port=0))
        host, port = await gw.start()
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(upload("20160801080100001", "0800") + upload("20160801084100001", "0840"))
        await writer.drain()
        splitter = FrameSplitter()
        got: list[bytes] = []
        while len(got) < 3:
            got += [
                e for e in splitter.feed(await asyncio.wait_for(reader.read(4096), 5)) if isinstance(e, bytes)
            ]
        frames = [parse(f) for f in got]
        assert [f.cn for f in frames] == ["9014", "9014", "2051"]
        request = frames[2]
        assert (request.mn, request.pw, request.st, request.flag) == (MN, "123456", "32", 5)
        assert request.values() == {"BeginTime": "20160801081000", "EndTime": "20160801083000"}
        # the device sends the history (C.20: uploads with new QNs)
        writer.write(
            b"".join(
                upload(f"2016080108500000{i}", hhmm, 4) for i, hhmm in enumerate(("0810", "0820", "0830"))
            )
        )
        await writer.drain()
        await asyncio.sleep(0.3)
        writer.close()
        await gw.stop()
        return gw

    gw = asyncio.run(main())
    assert gw.stats.backfill_requests == 1 and gw.gaps.filled == 1
    assert {k[2] for k in sink.values} == {_t(8, m) for m in (0, 10, 20, 30, 40)}


def test_gap_tracker_bounds_open_gaps_and_request_size() -> None:
    g = GapTracker(max_gap_periods=3, max_open=2)
    t = _t(0, 0)
    g.observe(MN, "2061", t, 3600)
    # a 10-hour hole asks for the last 3 periods only
    assert g.observe(MN, "2061", t + 11 * 3600, 3600) == (t + 8 * 3600, t + 10 * 3600)
    for k in range(5):
        g.observe(MN, "2061", t + (13 + 2 * k) * 3600, 3600)
    assert g.open_gaps(MN, "2061") == 2
