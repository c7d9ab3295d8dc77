"""A load generator of HJ 212 devices (``ljeco hj212 simulate``): realistic uploads over real TCP connections.

Each simulated device keeps one connection, uploads frames of one CN with Flag=5 (answer requested) on a
synthetic timeline (DataTime advances by the CN's interval, so every frame is a new record) and counts the
9014 answers that carry its QN. A fraction of frames can be malformed on request (wrong CRC, garbage before the
frame, truncated frame); those must not be acknowledged.
"""

from __future__ import annotations

import asyncio
import gc
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ljeco.core.timeutil import CST
from ljeco.ingest.hj212.codec import build_segment, encode_segment
from ljeco.ingest.hj212.cp import format_time

#: Interval of each simulated CN [s]: 2011 real-time every 30 s (RtdInterval ≥ 30, Table 4), 2051 10-min,
#: 2061 hourly.
CN_INTERVAL = {"2011": 30, "2051": 600, "2061": 3600}
#: Flue-gas factors (HJ 212-2017 Table B.2) with a typical level [mg/m³, %, m/s, °C].
_FACTORS = (("a21026", 35.0), ("a21002", 80.0), ("a34013", 8.0), ("a19001", 9.5), ("a01011", 12.0),
            ("a01012", 65.0), ("a00000", 45.0))  # fmt: skip


def device_mn(index: int, prefix: str = "LJSIM") -> str:
    """A deterministic MN per simulated device (24 characters, as EPC-96 MNs of Table 3 are)."""
    return f"{prefix}{index:0{24 - len(prefix)}d}"


def make_upload(
    mn: str, password: str, cn: str, data_time: datetime, seq: int, rng: random.Random
) -> tuple[str, bytes]:
    """(QN, frame) of one upload with realistic values."""
    stamp = format_time(data_time)
    qn = f"{stamp}{seq % 1000:03d}"
    if cn == "2011":
        items = [f"{code}-Rtd={level * rng.uniform(0.7, 1.3):.2f},{code}-Flag=N" for code, level in _FACTORS]
    else:
        items = []
        for code, level in _FACTORS:
            lo, avg, hi = sorted(level * rng.uniform(0.6, 1.4) for _ in range(3))
            items.append(f"{code}-Min={lo:.2f},{code}-Avg={avg:.2f},{code}-Max={hi:.2f},{code}-Flag=N")
    cp = f"DataTime={stamp};" + ";".join(items)
    segment = build_segment(qn=qn, st="31", cn=cn, pw=password, mn=mn, flag=5, cp=cp)
    return qn, encode_segment(segment)


def malform(frame: bytes, rng: random.Random) -> bytes:
    kind = rng.randrange(3)
    if kind == 0:  # wrong CRC
        crc = frame[-6:-2]
        bad = b"%04X" % ((int(crc, 16) + 1) & 0xFFFF)
        return frame[:-6] + bad + b"\r\n"
    if kind == 1:  # garbage, then a truncated frame, then CR LF
        return b"AT+CSQ\r\n" + frame[: len(frame) // 2] + b"\r\n"
    return frame[:-10] + b"\r\n"  # truncated tail


@dataclass(slots=True)
class SimStats:
    sent: int = 0
    malformed: int = 0
    acknowledged: int = 0
    connect_errors: int = 0
    latencies: list[float] = field(default_factory=list)  # [s]
    answered_at: list[float] = field(default_factory=list)  # [monotonic s] when each latency was measured
    acked: list[tuple[str, str]] = field(default_factory=list)  # (MN, QN) of every acknowledged upload
    elapsed: float = 0.0

    def window_p99(self, seconds: float = 2.0) -> list[float]:
        """p99 answer latency [ms] of each ``seconds`` window of the run (is it sustained, or one lucky average?)."""
        if not self.answered_at:
            return []
        start = min(self.answered_at)
        windows: dict[int, list[float]] = {}
        for at, latency in zip(self.answered_at, self.latencies, strict=True):
            windows.setdefault(int((at - start) // seconds), []).append(latency)
        out = []
        for key in sorted(windows):
            lat = sorted(windows[key])
            out.append(round(lat[min(len(lat) - 1, int(0.99 * len(lat)))] * 1000, 1))
        return out

    def summary(self) -> dict[str, object]:
        lat = sorted(self.latencies)

        def pct(p: float) -> float | None:
            return round(lat[min(len(lat) - 1, int(p * len(lat)))] * 1000, 2) if lat else None

        expected = self.sent - self.malformed
        return {
            "sent": self.sent, "malformed": self.malformed, "acknowledged": self.acknowledged,
            "unacknowledged": expected - self.acknowledged, "connect_errors": self.connect_errors,
            "elapsed_s": round(self.elapsed, 3),
            "rate_per_s": round(self.sent / self.elapsed, 1) if self.elapsed else None,
            "latency_ms": {"p50": pct(0.50), "p99": pct(0.99), "max": round(lat[-1] * 1000, 2) if lat else None},
        }  # fmt: skip


class _Device(asyncio.Protocol):
    """One simulated device's connection: counts the 9014 answers that carry a QN it is waiting for.

    Answers are recognised by their ``QN=`` and ``CN=9014`` fields without a full parse: the load generator must
    cost far less than the gateway it measures (bench/bench_hj212_gateway.py runs both on one machine).
    """

    def __init__(self, mn: str, stats: SimStats, connected: asyncio.Future[None]):
        self.mn = mn
        self.stats = stats
        self.pending: dict[bytes, float] = {}  # QN -> send time [monotonic s]
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buf = b""
        self._connected = connected

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        if not self._connected.done():
            self._connected.set_result(None)

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True

    def send(self, qn: bytes | None, frame: bytes) -> None:
        if self.closed or self.transport is None or self.transport.is_closing():
            self.closed = True
            return
        if qn is not None:
            self.pending[qn] = time.monotonic()
        self.transport.write(frame)
        self.stats.sent += 1

    def data_received(self, data: bytes) -> None:
        lines = (self._buf + data).split(b"\n")
        self._buf = lines.pop()
        now = time.monotonic()
        stats = self.stats
        for line in lines:
            start = line.find(b"QN=")
            if start < 0 or b";CN=9014;" not in line:
                continue
            end = line.find(b";", start)
            sent_at = self.pending.pop(line[start + 3 : end], None)
            if sent_at is not None:
                stats.acknowledged += 1
                stats.acked.append((self.mn, line[start + 3 : end].decode()))
                stats.latencies.append(now - sent_at)
                stats.answered_at.append(now)


class _Frames:
    """Frames of one device in sending order, made ahead of the clock when the run is bounded (so that the
    measured send loop only writes bytes), else one at a time."""

    def __init__(self, mn: str, index: int, *, cn: str, password: str, malformed: float, start: datetime,
                 count: int | None, ahead: bool):  # fmt: skip
        self.mn, self.cn, self.password, self.malformed = mn, cn, password, malformed
        self.rng = random.Random(index)
        self.start = start
        self.step = timedelta(seconds=CN_INTERVAL[cn])
        self.seq = 0
        self.count = count
        self.made: list[tuple[bytes | None, bytes]] = []
        if ahead and count is not None:
            self.made = [self._make() for _ in range(count)]
            self.made.reverse()  # pop() from the end

    def _make(self) -> tuple[bytes | None, bytes]:
        qn, frame = make_upload(self.mn, self.password, self.cn, self.start + self.seq * self.step, self.seq,
                                self.rng)  # fmt: skip
        self.seq += 1
        if self.malformed and self.rng.random() < self.malformed:
            return None, malform(frame, self.rng)
        return qn.encode(), frame

    def next(self) -> tuple[bytes | None, bytes] | None:
        if self.made:
            return self.made.pop()
        if self.count is not None and self.seq >= self.count:
            return None
        return self._make()


#: Frames made ahead of the clock at most (devices x frames each); beyond that they are made while sending.
MAKE_AHEAD_MAX = 2_000_000


async def simulate(
    *,
    host: str,
    port: int,
    devices: int,
    rate: float,
    cn: str = "2011",
    duration: float | None = 10.0,
    frames_per_device: int | None = None,
    password: str = "123456",
    malformed: float = 0.0,
    prefix: str = "LJSIM",
    settle: float = 5.0,
    stats: SimStats | None = None,
) -> SimStats:
    """Run ``devices`` connections sending ``rate`` frames/s in total until ``duration`` [s] or
    ``frames_per_device`` frames each; wait up to ``settle`` [s] for the last answers.

    All connections are opened first; then each device sends every ``devices / rate`` seconds at its own offset
    in that period (one scheduler for all of them, not a task per device). ``elapsed`` is the sending window
    plus the wait for the last answers.
    """
    if cn not in CN_INTERVAL:
        raise ValueError(f"cn must be one of {sorted(CN_INTERVAL)}")
    stats = stats if stats is not None else SimStats()  # pass one in to watch the counts while it runs
    loop = asyncio.get_running_loop()
    interval = devices / rate if rate > 0 else 1.0
    count = frames_per_device
    if duration is not None:
        in_time = int(duration / interval) + 1
        count = in_time if count is None else min(count, in_time)
    ahead = count is not None and devices * count <= MAKE_AHEAD_MAX
    start = datetime(2026, 1, 1, tzinfo=CST)
    mns = [device_mn(i, prefix) for i in range(devices)]
    frames = [
        _Frames(mn, i, cn=cn, password=password, malformed=malformed, start=start, count=count, ahead=ahead)
        for i, mn in enumerate(mns)
    ]
    protocols: list[_Device | None] = [None] * devices
    gate = asyncio.Semaphore(256)  # connection attempts in flight

    async def connect(i: int) -> None:
        async with gate:
            connected: asyncio.Future[None] = loop.create_future()
            try:
                _transport, protocol = await loop.create_connection(
                    lambda: _Device(mns[i], stats, connected), host, port
                )
            except OSError:
                stats.connect_errors += 1
                return
            protocols[i] = protocol

    await asyncio.gather(*(connect(i) for i in range(devices)))
    offsets = sorted((random.Random(i).uniform(0, interval), i) for i in range(devices))
    # The frames made ahead and the connections live for the whole run: keep them out of the cyclic collector's
    # full passes, which otherwise paused this loop for 70-90 ms with answers unread (measured in the gateway
    # bench), i.e. the load generator's own pauses counted as gateway latency.
    gc.collect()
    gc.freeze()
    started = time.monotonic()
    until = started + duration if duration is not None else float("inf")
    alive = [p is not None for p in protocols]
    remaining = sum(alive)
    cycle = 0
    try:
        while remaining and started + cycle * interval < until:
            base = started + cycle * interval
            for offset, i in offsets:
                if not alive[i]:
                    continue
                due = base + offset
                if due >= until:
                    break
                delay = due - time.monotonic()
                if delay > 0.001:
                    await asyncio.sleep(delay)
                protocol = protocols[i]
                item = frames[i].next()
                if protocol is None or item is None or protocol.closed:
                    alive[i] = False
                    remaining -= 1
                    continue
                qn, frame = item
                if qn is None:
                    stats.malformed += 1
                protocol.send(qn, frame)
                if protocol.closed:
                    alive[i] = False
                    remaining -= 1
            cycle += 1
        deadline = time.monotonic() + settle
        waiting = [p for p in protocols if p is not None]
        while time.monotonic() < deadline and any(p.pending and not p.closed for p in waiting):
            await asyncio.sleep(0.02)
    finally:
        gc.unfreeze()
        for protocol in protocols:
            if protocol is not None and protocol.transport is not None:
                protocol.transport.close()
    stats.elapsed = time.monotonic() - started
    return stats


__all__ = ["CN_INTERVAL", "SimStats", "device_mn", "make_upload", "malform", "simulate"]
