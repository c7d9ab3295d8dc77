"""The HJ 212 TCP gateway (上位机): receive, judge, archive, answer.

Per connection: bytes → :class:`FrameSplitter` → each frame parsed and judged (integrity with the device's own
protocol options, then MN + PW authentication) → the whole read's items go to the sink through one shared writer
(batches across connections, one transaction each) → only after the sink returned are the answers written
(9014 when Flag asks, each split piece too; 9013 to notifications). Nothing is answered that is not archived.

Back-pressure: the writer queue is bounded; when the store is slow or failing the writer retries the same batch
and connection handlers wait on the queue, so they stop reading their sockets and TCP slows the devices down.
Nothing is dropped.

Defences: a maximum frame length (the splitter never buffers more); an idle timeout; a frame must complete
within ``frame_timeout`` of its first byte (slow-loris); a connection that sends ``junk_limit`` bytes without
one valid frame is closed; a maximum number of connections. Junk is archived (first 4 KiB of each run).
Listens on 127.0.0.1 unless told otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, cast

from ljeco.core.timeutil import utcnow
from ljeco.ingest.hj212.answers import HistoryCn, answer_for, history_request, make_qn
from ljeco.ingest.hj212.arrival import GapTracker
from ljeco.ingest.hj212.codec import MAX_FRAME_BYTES, DeviceProfile, parse
from ljeco.ingest.hj212.errors import Hj212Error
from ljeco.ingest.hj212.registry import DeviceRegistry
from ljeco.ingest.hj212.sink import FrameSink, Received
from ljeco.ingest.hj212.split import SplitAssembler
from ljeco.ingest.hj212.stream import FrameSplitter, Junk

log = logging.getLogger(__name__)

_HISTORY_CNS = frozenset({"2031", "2051", "2061"})  # uploads that can be requested back (Table 9)


@dataclass(slots=True)
class GatewayConfig:
    host: str = "127.0.0.1"  # loopback by default: exposing the port is a deliberate operator decision
    port: int = 0
    max_frame: int = MAX_FRAME_BYTES  # [bytes]
    idle_timeout: float = 600.0  # [s] no byte at all; devices upload at least every 10 min (2051)
    frame_timeout: float = 60.0  # [s] from a frame's first byte to its end (slow-loris)
    junk_limit: int = 1_000_000  # [bytes] of junk without a valid frame before the connection is closed
    max_connections: int = 10_000
    batch_max: int = 2000  # items per sink transaction
    queue_max: int = 2000  # pending submissions (one per read) before readers wait
    retry_max_delay: float = 5.0  # [s] back-off cap while the sink fails
    read_size: int = 65_536  # [bytes]
    #: ask connected devices for history (2031/2051/2061) when their records skip periods
    backfill: bool = True
    #: several processes on one port (SO_REUSEPORT, see serve.run_workers)
    reuse_port: bool = False


@dataclass(slots=True)
class GatewayStats:
    connections: int = 0
    connections_total: int = 0
    refused: int = 0
    frames: int = 0
    ok: int = 0
    quarantined: int = 0
    rejected: int = 0
    junk: int = 0
    answers: int = 0
    sink_batches: int = 0
    sink_errors: int = 0
    closed_idle: int = 0
    closed_slow: int = 0
    closed_junk: int = 0
    backfill_requests: int = 0
    split_records: int = 0  # split uploads whose pieces all arrived (C.49/C.50)
    split_incomplete: int = (
        0  # split uploads given up after SplitAssembler.max_age (pieces are stored anyway)
    )

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(slots=True)
class _Submission:
    items: list[Received]
    done: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())


class Gateway:
    """``await gw.start()`` then ``await gw.serve_forever()`` (or ``await gw.stop()``)."""

    def __init__(
        self,
        *,
        registry: DeviceRegistry,
        sink: FrameSink,
        config: GatewayConfig | None = None,
        clock: Callable[[], datetime] = utcnow,
    ):
        self.registry = registry
        self.sink = sink
        self.config = config or GatewayConfig()
        self.clock = clock
        self.stats = GatewayStats()
        self._profile = DeviceProfile(max_frame=self.config.max_frame)
        self._server: asyncio.Server | None = None
        self._queue: asyncio.Queue[_Submission] | None = None
        self._writer_task: asyncio.Task[None] | None = None
        self._handlers: set[asyncio.Task[None]] = set()
        self.gaps = GapTracker()
        self.splits = SplitAssembler()
        # (MN, password hash, PW) that verified last: skips the hash for the steady stream of a device's frames
        self._verified: dict[str, tuple[str, str]] = {}

    # ---- life cycle -----------------------------------------------------------------------------------------
    async def start(self) -> tuple[str, int]:
        self._queue = asyncio.Queue(self.config.queue_max)
        self._writer_task = asyncio.create_task(self._writer_loop(), name="hj212-writer")
        self._server = await asyncio.start_server(
            self._on_connect,
            self.config.host,
            self.config.port,
            limit=self.config.read_size,
            backlog=4096,
            reuse_port=self.config.reuse_port or None,
        )
        host, port = self._server.sockets[0].getsockname()[:2]
        return str(host), int(port)

    async def serve_forever(self) -> None:
        assert self._server is not None
        async with self._server:
            await self._server.serve_forever()

    async def stop(self, grace: float = 1.0, flush_timeout: float = 30.0) -> None:
        """Stop accepting, give connections ``grace`` seconds [s] to finish, then close them; flush the writer.

        If the store is down the writer may not finish within ``flush_timeout`` [s]; what it still holds was never
        acknowledged, so the devices re-send it — nothing acknowledged is lost by giving up.
        """
        if self._server is not None:
            self._server.close()
        if self._handlers:
            await asyncio.wait(list(self._handlers), timeout=grace)
        for task in list(self._handlers):
            task.cancel()
        await asyncio.gather(*self._handlers, return_exceptions=True)
        if self._queue is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.join(), flush_timeout)
        if self._writer_task is not None:
            self._writer_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._writer_task

    # ---- judging --------------------------------------------------------------------------------------------
    def judge(self, event: bytes | Junk, peer: str, now: datetime) -> Received:
        """The verdict on one byte run: junk, rejected (integrity), quarantined (trust) or ok (+ its answer)."""
        if isinstance(event, Junk):
            return Received(event.data, event.size, peer, now, "junk", f"junk_{event.reason}")
        try:
            frame = parse(event, self._profile, strict=False)
        except Hj212Error as exc:
            return Received(event, len(event), peer, now, "rejected", exc.instance_code)
        device = self.registry.get(frame.mn) if frame.mn else None
        expected_crc = device.crc if device is not None else "hj212"
        if frame.crc_algorithm != expected_crc:
            error = (
                "hj212_crc_absent" if frame.crc_given is None
                else "hj212_crc_mismatch" if frame.crc_algorithm is None
                else "hj212_crc_algorithm"
            )  # fmt: skip
            return Received(event, len(event), peer, now, "rejected", error, frame, device)
        if frame.length_status == "mismatch" and (
            device is None or abs(frame.declared_length - frame.actual_length) > device.length_tolerance
        ):
            return Received(event, len(event), peer, now, "rejected", "hj212_length_mismatch", frame, device)
        if device is None:
            return Received(event, len(event), peer, now, "quarantined", "unknown_device", frame)
        if not device.active:
            return Received(event, len(event), peer, now, "quarantined", "inactive_device", frame, device)
        pw = frame.pw or ""
        if self._verified.get(device.mn) != (device.password_hash, pw):
            if not device.check_password(pw):
                return Received(event, len(event), peer, now, "quarantined", "bad_password", frame, device)
            self._verified[device.mn] = (device.password_hash, pw)
        answer = answer_for(frame, crc=device.crc)
        return Received(event, len(event), peer, now, "ok", None, frame, device, answer)

    # ---- connections ----------------------------------------------------------------------------------------
    async def _on_connect(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if self.stats.connections >= self.config.max_connections:
            self.stats.refused += 1
            writer.close()
            return
        assert task is not None
        self._handlers.add(task)
        self.stats.connections += 1
        self.stats.connections_total += 1
        peername = writer.get_extra_info("peername")
        peer = f"{peername[0]}:{peername[1]}" if isinstance(peername, tuple) else str(peername)
        try:
            await self._serve(reader, writer, peer)
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            self.stats.connections -= 1
            self._handlers.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str) -> None:
        cfg = self.config
        splitter = FrameSplitter(max_frame=cfg.max_frame)
        try:
            await self._serve_loop(reader, writer, peer, splitter)
        except asyncio.CancelledError:
            # shutting down: what the splitter still holds is archived too (not awaited: we are cancelled)
            leftovers = [self.judge(e, peer, self.clock()) for e in splitter.close()]
            if leftovers and self._queue is not None:
                with contextlib.suppress(asyncio.QueueFull):
                    self._queue.put_nowait(_Submission(leftovers))
            raise

    async def _serve_loop(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str, splitter: FrameSplitter
    ) -> None:
        cfg = self.config
        frame_started: float | None = None
        junk_run = 0
        while True:
            timeout = cfg.idle_timeout
            if frame_started is not None:
                timeout = min(timeout, max(0.0, frame_started + cfg.frame_timeout - time.monotonic()))
            try:
                # asyncio.timeout, not wait_for: wait_for wraps every read in a new task (3.11)
                async with asyncio.timeout(timeout):
                    chunk = await reader.read(cfg.read_size)
            except TimeoutError:
                if frame_started is not None:
                    self.stats.closed_slow += 1
                else:
                    self.stats.closed_idle += 1
                chunk = b""
            events = splitter.feed(chunk) if chunk else splitter.close()
            if events:
                now = self.clock()
                items = [self.judge(e, peer, now) for e in events]
                for item in items:
                    if item.verdict == "junk":
                        junk_run += item.size
                    elif item.verdict == "ok":
                        junk_run = 0
                await self._submit(items)
                answers = [item.answer for item in items if item.answer is not None]
                if cfg.backfill:
                    answers += self._backfill_requests(items, now)
                self._track_splits(items)
                if answers and not writer.is_closing():
                    writer.write(b"".join(answers))
                    self.stats.answers += len(answers)
                    await writer.drain()
            if not chunk:
                return
            if junk_run > cfg.junk_limit:
                self.stats.closed_junk += 1
                for e in splitter.close():
                    await self._submit([self.judge(e, peer, self.clock())])
                return
            frame_started = frame_started or time.monotonic() if splitter.pending else None

    def seed_gaps(self, latest: list[tuple[str, str, int]]) -> int:
        """Seed the gap tracker with the newest archived period per (MN, CN) (see ``monitor.latest_periods``)."""
        seeded = 0
        for mn, cn, t in latest:
            device = self.registry.get(mn)
            interval = device.cadence.get(cn) if device is not None else None
            if interval:
                self.gaps.seed(mn, cn, t, int(interval))
                seeded += 1
        return seeded

    def _track_splits(self, items: list[Received]) -> None:
        """Reassemble split uploads (their values are stored piece by piece; this counts complete records)."""
        clock = time.monotonic()
        for item in items:
            frame = item.frame
            if (
                item.verdict == "ok"
                and frame is not None
                and frame.is_split
                and self.splits.add(frame, clock)
            ):
                self.stats.split_records += 1
        if len(self.splits):
            self.stats.split_incomplete += len(self.splits.expire(clock))

    def _backfill_requests(self, items: list[Received], now: datetime) -> list[bytes]:
        """History requests (C.20-C.22) for periods a device skipped, sent on the connection the data came on.

        Only for CNs with an expected cadence in the device's registry entry; the gap is closed as the history
        records arrive (``gaps.filled``).
        """
        requests: list[bytes] = []
        for item in items:
            frame, device = item.frame, item.device
            if item.verdict != "ok" or frame is None or device is None or frame.cn not in _HISTORY_CNS:
                continue
            interval = device.cadence.get(frame.cn or "")
            moment = frame.data_time
            if not interval or moment is None or not frame.mn:
                continue
            gap = self.gaps.observe(frame.mn, frame.cn or "", int(moment.timestamp()), int(interval))
            if gap is None:
                continue
            version: Literal["2017", "2025"] = "2025" if frame.version == "2025" else "2017"
            requests.append(
                history_request(
                    cn=cast(HistoryCn, frame.cn),
                    mn=frame.mn,
                    pw=frame.pw or "",
                    st=frame.st or "",
                    qn=make_qn(now),
                    begin=datetime.fromtimestamp(gap[0], UTC),
                    end=datetime.fromtimestamp(gap[1], UTC),
                    version=version,
                    crc=device.crc,
                )
            )
            self.stats.backfill_requests += 1
        return requests

    async def _submit(self, items: list[Received]) -> None:
        """Hand items to the writer and wait until they are durable (raises if the gateway stops first)."""
        assert self._queue is not None
        for item in items:
            self.stats.frames += item.verdict != "junk"
            if item.verdict == "ok":
                self.stats.ok += 1
            elif item.verdict == "quarantined":
                self.stats.quarantined += 1
            elif item.verdict == "rejected":
                self.stats.rejected += 1
            else:
                self.stats.junk += 1
        sub = _Submission(items)
        await self._queue.put(sub)
        await sub.done

    async def _writer_loop(self) -> None:
        assert self._queue is not None
        queue = self._queue
        while True:
            first = await queue.get()
            subs = [first]
            count = len(first.items)
            while count < self.config.batch_max and not queue.empty():
                sub = queue.get_nowait()
                subs.append(sub)
                count += len(sub.items)
            batch = [item for sub in subs for item in sub.items]
            delay = 0.05
            while True:
                try:
                    await asyncio.to_thread(self.sink.write, batch)
                    break
                except Exception:  # the store is full or down: retry the same batch (back-pressure)
                    self.stats.sink_errors += 1
                    log.exception("hj212 sink write failed; retrying in %.2f s", delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self.config.retry_max_delay)
            self.stats.sink_batches += 1
            for sub in subs:
                if not sub.done.done():
                    sub.done.set_result(None)
                queue.task_done()


__all__ = ["Gateway", "GatewayConfig", "GatewayStats"]
