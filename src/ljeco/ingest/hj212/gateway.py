"""The HJ 212 TCP gateway (上位机): receive, judge, archive, answer.

Per connection (an :class:`asyncio.Protocol`, no task per connection): bytes → :class:`FrameSplitter` → each
frame parsed and judged (integrity with the device's own protocol options, then MN + PW authentication) → the
read's rows are prepared for the store right away and join one shared backlog → the writer takes the whole
backlog (batches across connections) and commits it in one transaction (from a worker thread; on SQLite in a child
process, see ``commit_process``) → only then are the answers written, in arrival order (9014 when Flag asks, each
split piece too; 9013 to notifications). Nothing is answered that is not archived.

Back-pressure: when the backlog holds ``queue_max`` items (the store is slow or failing; the writer retries the
same batch) the connections that add to it stop being read, so TCP slows the devices down; they are read again
once the backlog has halved. A device that does not read its answers is not read either. Nothing is dropped.

Defences: a maximum frame length (the splitter never buffers more); an idle timeout; a frame must complete
within ``frame_timeout`` of its first byte (slow-loris); a connection that sends ``junk_limit`` bytes without
one valid frame is closed; a maximum number of connections. Timeouts are checked by one sweep over the
connections (not a timer per read). Junk is archived (first 4 KiB of each run). Listens on 127.0.0.1 unless
told otherwise.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, cast

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
    batch_max: int = 5000  # items per sink transaction
    queue_max: int = 5000  # items waiting for the store before the connections adding to them are paused
    retry_max_delay: float = 5.0  # [s] back-off cap while the sink fails
    #: [s] at least this long from one transaction's start to the next one's: an answer waits at most this much
    #: more, and a transaction carries more frames (each commit has a fixed cost: measured 220 → 180 µs of gateway
    #: CPU per frame at 5,000 frames/s with 20 ms, when every commit also rewrote one index page per device)
    commit_interval: float = 0.02
    #: [s] SQLite write-ahead-log checkpoints, when the sink leaves them to the gateway (SqlSink)
    checkpoint_interval: float = 2.0
    #: every n-th checkpoint lets the log start afresh (see _writer_loop)
    checkpoint_restart: int = 3
    #: ask connected devices for history (2031/2051/2061) when their records skip periods
    backfill: bool = True
    #: several processes on one port (SO_REUSEPORT, see serve.run_workers)
    reuse_port: bool = False
    #: run on uvloop when it is installed (``ljeco.core.aio``); the Gateway class itself runs on any loop
    fast_loop: bool = True


@dataclass(slots=True)
class GatewayStats:
    connections: int = 0  # open now (len(Gateway.connections), kept for the stats line)
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
    checkpoints: int = 0  # write-ahead-log checkpoints (SQLite, see SqlSink.background_checkpoint)
    checkpoint_errors: int = 0
    writer_errors: int = 0  # unexpected errors in the writer loop (logged; it carries on)
    split_records: int = 0  # split uploads whose pieces all arrived (C.49/C.50)
    split_incomplete: int = (
        0  # split uploads given up after SplitAssembler.max_age (pieces are stored anyway)
    )

    def as_dict(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(slots=True)
class _Submission:
    """Items of one read (or of a closing connection), answered on ``connection`` once durable."""

    connection: _Connection
    items: list[Received]
    now: datetime
    prepared: Any  # the sink's rows for these items (FrameSink.prepare)


class _Connection(asyncio.Protocol):
    """One device connection. Everything runs in event-loop callbacks; the gateway's sweep closes idle ones."""

    def __init__(self, gateway: Gateway):
        self.gw = gateway
        self.transport: asyncio.Transport | None = None
        self.peer = "?"
        self.splitter = FrameSplitter(max_frame=gateway.config.max_frame)
        self.last_data = time.monotonic()
        self.frame_started: float | None = None  # [monotonic s] first byte of the unfinished frame
        self.junk_run = 0  # [bytes] junk since the last valid frame
        self.paused_by: set[str] = set()  # "backlog" | "answers": why reading is paused
        self.inflight = 0  # submissions not yet answered
        self.closing = False
        self.close_when_answered = False

    # ---- asyncio.Protocol ----------------------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        gw = self.gw
        if len(gw.connections) >= gw.config.max_connections or gw.closing:
            gw.stats.refused += 1
            self.closing = True
            self.transport.close()
            return
        gw.connections.add(self)
        gw.stats.connections = len(gw.connections)
        gw.stats.connections_total += 1
        peername = transport.get_extra_info("peername")
        self.peer = f"{peername[0]}:{peername[1]}" if isinstance(peername, tuple) else str(peername)

    def data_received(self, data: bytes) -> None:
        if self.closing:
            return
        now = time.monotonic()
        self.last_data = now
        splitter = self.splitter
        events = splitter.feed(data)
        if events:
            gw = self.gw
            moment = gw.clock()
            items = [gw.judge(e, self.peer, moment) for e in events]
            for item in items:
                if item.verdict == "junk":
                    self.junk_run += item.size
                elif item.verdict == "ok":
                    self.junk_run = 0
            gw.submit(self, items, moment)
            if self.junk_run > gw.config.junk_limit:
                gw.stats.closed_junk += 1
                self.close()
                return
        self.frame_started = (self.frame_started or now) if splitter.pending else None

    def connection_lost(self, exc: Exception | None) -> None:
        gw = self.gw
        if self in gw.connections:  # not one refused at the door
            gw.connections.discard(self)
            gw.stats.connections = len(gw.connections)
            gw.paused.discard(self)
        self.closing = True
        self._archive_rest()

    def pause_writing(self) -> None:  # the device does not read its answers: stop reading it too
        self.pause("answers")

    def resume_writing(self) -> None:
        self.resume("answers")

    # ---- gateway side --------------------------------------------------------------------------------------
    def close(self) -> None:
        """Stop reading, archive what the splitter holds, close once every submission is answered."""
        if self.closing or self.transport is None:
            return
        self.closing = True
        self.transport.pause_reading()
        self._archive_rest()
        if self.inflight:
            self.close_when_answered = True
        else:
            self.transport.close()

    def answered(self) -> None:
        self.inflight -= 1
        if self.close_when_answered and not self.inflight and self.transport is not None:
            self.transport.close()

    def _archive_rest(self) -> None:
        rest = self.splitter.close()
        if rest:
            moment = self.gw.clock()
            self.gw.submit(self, [self.gw.judge(e, self.peer, moment) for e in rest], moment)

    def pause(self, reason: str) -> None:
        if not self.paused_by and self.transport is not None and not self.closing:
            self.transport.pause_reading()
        self.paused_by.add(reason)

    def resume(self, reason: str) -> None:
        if reason in self.paused_by:
            self.paused_by.discard(reason)
            if not self.paused_by and self.transport is not None and not self.closing:
                self.last_data = time.monotonic()  # paused time is not idle time
                self.transport.resume_reading()


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
        self._backlog: deque[_Submission] = deque()
        self._backlog_items = 0
        self._wake: asyncio.Event | None = None
        self._idle: asyncio.Event | None = None  # set when nothing waits for the store
        self._tasks: list[asyncio.Task[None]] = []
        self.connections: set[_Connection] = set()
        self.paused: set[_Connection] = set()  # paused because of the backlog
        self.closing = False
        self.gaps = GapTracker()
        self.splits = SplitAssembler()
        # (MN, password hash, PW) that verified last: skips the hash for the steady stream of a device's frames
        self._verified: dict[str, tuple[str, str]] = {}

    # ---- life cycle -----------------------------------------------------------------------------------------
    async def start(self) -> tuple[str, int]:
        loop = asyncio.get_running_loop()
        self._wake, self._idle = asyncio.Event(), asyncio.Event()
        self._idle.set()
        self._tasks = [
            asyncio.create_task(self._writer_loop(), name="hj212-writer"),
            asyncio.create_task(self._sweep_loop(), name="hj212-sweep"),
        ]
        self._server = await loop.create_server(
            lambda: _Connection(self),
            self.config.host,
            self.config.port,
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
        self.closing = True
        if self._server is not None:
            self._server.close()
        deadline = time.monotonic() + grace
        while self.connections and time.monotonic() < deadline:
            await asyncio.sleep(0.01)
        for connection in list(self.connections):
            connection.closing = True
            if connection.transport is not None:
                connection.transport.close()  # connection_lost archives what its splitter held
        if self._idle is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._idle.wait(), flush_timeout)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

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

    # ---- backlog, writer, answers --------------------------------------------------------------------------
    def submit(self, connection: _Connection, items: list[Received], now: datetime) -> None:
        """Queue one read's items for the store; the connection is answered once they are durable."""
        stats = self.stats
        for item in items:
            verdict = item.verdict
            if verdict == "ok":
                stats.ok += 1
            elif verdict == "quarantined":
                stats.quarantined += 1
            elif verdict == "rejected":
                stats.rejected += 1
            else:
                stats.junk += 1
                continue
            stats.frames += 1
        connection.inflight += 1
        self._backlog.append(_Submission(connection, items, now, self.sink.prepare(items)))
        self._backlog_items += len(items)
        if self._idle is not None and self._wake is not None:
            self._idle.clear()
            self._wake.set()
        if self._backlog_items >= self.config.queue_max and not connection.closing:
            connection.pause("backlog")
            self.paused.add(connection)

    async def _writer_loop(self) -> None:
        """Run the writer; a bug in it must not silently stop acknowledging (the devices would queue forever)."""
        while True:
            try:
                await self._write_forever()
            except Exception:
                self.stats.writer_errors += 1
                log.exception("hj212 writer failed; restarting it")
                await asyncio.sleep(0.1)

    async def _write_forever(self) -> None:
        assert self._wake is not None and self._idle is not None
        wake, idle, backlog = self._wake, self._idle, self._backlog
        checkpoint = (
            getattr(self.sink, "checkpoint", None)
            if getattr(self.sink, "background_checkpoint", False)
            else None
        )
        due = time.monotonic() + self.config.checkpoint_interval
        bulk: asyncio.Future[None] | None = None  # the checkpoint running beside the commits
        bulk_passes = 0
        last_commit = 0.0
        while True:
            if checkpoint is not None:
                if bulk is None and time.monotonic() >= due:
                    bulk = asyncio.ensure_future(asyncio.to_thread(checkpoint))
                elif bulk is not None and bulk.done():
                    # The bulk pass ran beside the commits, so it could not reach the end of the log. Every
                    # ``checkpoint_restart``-th time a short pass follows between two commits, copies the rest,
                    # and the next commit starts the log afresh (without it the log only grows: 1.1 GB after
                    # 20 s at 5,000 frames/s). The short pass holds the writer (~25 ms, mostly its fsync).
                    bulk_passes += 1
                    restart = bulk_passes >= self.config.checkpoint_restart
                    await self._checkpoint(bulk, checkpoint if restart else None)
                    bulk_passes = 0 if restart else bulk_passes
                    bulk, due = None, time.monotonic() + self.config.checkpoint_interval
            if not backlog:
                idle.set()
                wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(wake.wait(), self.config.checkpoint_interval / 4)
                continue
            pause = last_commit + self.config.commit_interval - time.monotonic()
            if pause > 0 and self._backlog_items < self.config.batch_max:
                await asyncio.sleep(pause)  # gather a few more reads: fewer, larger transactions
            last_commit = time.monotonic()
            subs: list[_Submission] = []
            count = 0
            while backlog and (not subs or count + len(backlog[0].items) <= self.config.batch_max):
                sub = backlog.popleft()
                subs.append(sub)
                count += len(sub.items)
            prepared = [sub.prepared for sub in subs]
            delay = 0.05
            while True:
                try:
                    await asyncio.to_thread(self.sink.commit, prepared)
                    break
                except Exception:  # the store is full or down: retry the same batch (back-pressure)
                    self.stats.sink_errors += 1
                    log.exception("hj212 sink write failed; retrying in %.2f s", delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, self.config.retry_max_delay)
            self.stats.sink_batches += 1
            self._backlog_items -= count
            for sub in subs:  # durable now: one failing answer must not cost the others theirs
                try:
                    self._answer(sub)
                except Exception:
                    self.stats.writer_errors += 1
                    log.exception("hj212: answering %s failed", sub.connection.peer)
            if self.paused and self._backlog_items <= self.config.queue_max // 2:
                for connection in self.paused:
                    connection.resume("backlog")
                self.paused.clear()

    async def _checkpoint(self, bulk: asyncio.Future[None], rest: Callable[[], None] | None) -> None:
        try:
            bulk.result()
            if rest is not None:
                await asyncio.to_thread(rest)
        except Exception:  # a busy or failing database: the next round tries again
            self.stats.checkpoint_errors += 1
            log.exception("hj212: WAL checkpoint failed")
        else:
            self.stats.checkpoints += 1

    def _answer(self, sub: _Submission) -> None:
        """The submission is durable: answer it (and ask for missing history) in the order it arrived."""
        items, connection = sub.items, sub.connection
        answers = [item.answer for item in items if item.answer is not None]
        if self.config.backfill:
            answers += self._backfill_requests(items, sub.now)
        self._track_splits(items)
        transport = connection.transport
        if answers and transport is not None and not transport.is_closing():
            transport.write(answers[0] if len(answers) == 1 else b"".join(answers))
            self.stats.answers += len(answers)
        connection.answered()

    async def _sweep_loop(self) -> None:
        """Close idle connections and frames that do not complete in time (slow-loris)."""
        cfg = self.config
        tick = max(0.05, min(1.0, cfg.idle_timeout / 4, cfg.frame_timeout / 4))
        while True:
            await asyncio.sleep(tick)
            now = time.monotonic()
            for connection in list(self.connections):
                if connection.closing or "backlog" in connection.paused_by:
                    continue  # paused by us, not silent; one that does not read its answers may still time out
                if (
                    connection.frame_started is not None
                    and now - connection.frame_started > cfg.frame_timeout
                ):
                    self.stats.closed_slow += 1
                    connection.close()
                elif now - connection.last_data > cfg.idle_timeout:
                    self.stats.closed_idle += 1
                    connection.close()

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


__all__ = ["Gateway", "GatewayConfig", "GatewayStats"]
