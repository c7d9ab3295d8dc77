"""A load generator of HJ 212 devices (``ljeco hj212 simulate``): realistic uploads over real TCP connections.

Each simulated device keeps one connection, uploads frames of one CN with Flag=5 (answer requested) on a
synthetic timeline (DataTime advances by the CN's interval, so every frame is a new record) and counts the
9014 answers that carry its QN. A fraction of frames can be malformed on request (wrong CRC, garbage before the
frame, truncated frame); those must not be acknowledged.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ljeco.core.timeutil import CST
from ljeco.ingest.hj212.codec import build_segment, encode_segment, parse
from ljeco.ingest.hj212.cp import format_time
from ljeco.ingest.hj212.errors import Hj212Error
from ljeco.ingest.hj212.stream import FrameSplitter

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
    acked: list[tuple[str, str]] = field(default_factory=list)  # (MN, QN) of every acknowledged upload
    elapsed: float = 0.0

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


async def _device(
    index: int, host: str, port: int, *, cn: str, interval: float, count: int | None, until: float,
    password: str, malformed: float, stats: SimStats, start: datetime, prefix: str, settle: float,
) -> None:  # fmt: skip
    rng = random.Random(index)
    mn = device_mn(index, prefix)
    try:
        reader, writer = await asyncio.open_connection(host, port)
    except OSError:
        stats.connect_errors += 1
        return
    pending: dict[str, float] = {}

    async def read_answers() -> None:
        splitter = FrameSplitter()
        while True:
            chunk = await reader.read(65536)
            if not chunk:
                return
            for event in splitter.feed(chunk):
                if not isinstance(event, bytes):
                    continue
                try:
                    answer = parse(event)
                except Hj212Error:
                    continue
                sent_at = pending.pop(answer.qn or "", None)
                if answer.cn == "9014" and sent_at is not None:
                    stats.acknowledged += 1
                    stats.acked.append((mn, answer.qn or ""))
                    stats.latencies.append(time.monotonic() - sent_at)

    reading = asyncio.create_task(read_answers())
    step = timedelta(seconds=CN_INTERVAL[cn])
    await asyncio.sleep(rng.uniform(0, interval))  # spread devices over the period
    seq = 0
    next_at = time.monotonic()
    try:
        while (count is None or seq < count) and time.monotonic() < until:
            qn, frame = make_upload(mn, password, cn, start + seq * step, seq, rng)
            if malformed and rng.random() < malformed:
                frame = malform(frame, rng)
                stats.malformed += 1
            else:
                pending[qn] = time.monotonic()
            writer.write(frame)
            stats.sent += 1
            seq += 1
            await writer.drain()
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
        deadline = time.monotonic() + settle
        while pending and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
    except OSError:
        pass
    finally:
        reading.cancel()
        writer.close()
        with contextlib.suppress(OSError, asyncio.CancelledError):
            await writer.wait_closed()


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
    ``frames_per_device`` frames each; wait up to ``settle`` [s] for the last answers."""
    if cn not in CN_INTERVAL:
        raise ValueError(f"cn must be one of {sorted(CN_INTERVAL)}")
    stats = stats if stats is not None else SimStats()  # pass one in to watch the counts while it runs
    interval = devices / rate if rate > 0 else 1.0
    started = time.monotonic()
    until = started + duration if duration is not None else float("inf")
    start = datetime(2026, 1, 1, tzinfo=CST)
    await asyncio.gather(
        *(
            _device(
                i,
                host,
                port,
                cn=cn,
                interval=interval,
                count=frames_per_device,
                until=until,
                password=password,
                malformed=malformed,
                stats=stats,
                start=start,
                prefix=prefix,
                settle=settle,
            )
            for i in range(devices)
        )
    )
    stats.elapsed = time.monotonic() - started
    return stats


__all__ = ["CN_INTERVAL", "SimStats", "device_mn", "make_upload", "malform", "simulate"]
