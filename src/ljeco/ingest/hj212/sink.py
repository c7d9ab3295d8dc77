"""Where the gateway puts what it receives: the ``FrameSink`` protocol and its implementations.

A sink's ``write`` is called from a worker thread with a batch of :class:`Received` items (frames and junk of
many connections) and must return only when the batch is durable: the gateway sends answers after ``write``
returns, which is how "archived before acknowledged" is kept. A sink that raises makes the gateway retry the
same batch (back-pressure), never drop it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, Protocol

from sqlalchemy import Engine, insert

from ljeco.ingest.hj212.codec import Frame
from ljeco.ingest.hj212.cp import NUMBER, VALUE_SUFFIXES
from ljeco.ingest.hj212.registry import Device

log = logging.getLogger(__name__)

Verdict = Literal["ok", "quarantined", "rejected", "junk"]

#: CNs whose values are stored (Table 9 data uploads); 2081/3020 etc. are archived only.
DATA_CNS = frozenset({"2011", "2021", "2031", "2041", "2051", "2061"})


@dataclass(slots=True)
class Received:
    """One byte run from one connection and the gateway's verdict on it."""

    data: bytes
    size: int
    peer: str
    received_at: datetime
    verdict: Verdict
    error: str | None = None  # error code (rejected, junk) or quarantine reason
    frame: Frame | None = None
    device: Device | None = None
    answer: bytes | None = None


ValueKey = tuple[str, str, int, str]


def value_rows(item: Received) -> list[tuple[ValueKey, float, str | None]]:
    """The (MN, CN, DataTime, item) → value rows of an accepted data frame (DataTime as UTC epoch seconds).

    Same selection as :func:`~ljeco.ingest.hj212.cp.measurements` (numeric value classes of Table 4, each with
    its item's ``-Flag``), written out flat because it runs for every value the gateway stores.
    """
    frame = item.frame
    if item.verdict != "ok" or frame is None or frame.cn not in DATA_CNS or not frame.mn:
        return []
    moment = frame.data_time
    if moment is None:
        return []
    key_head = (frame.mn, frame.cn, int(moment.timestamp()))
    rows: list[tuple[ValueKey, float, str | None]] = []
    number = NUMBER.match
    for group in frame.cp:
        flags: dict[str, str] | None = None
        pending: list[tuple[str, str, str]] = []
        for name, value in group:
            if value is None:
                continue
            dash = name.rfind("-")
            if dash < 0:
                continue
            suffix = name[dash + 1 :]
            if suffix == "Flag":
                if flags is None:
                    flags = {}
                flags[name[:dash].strip()] = value
            elif suffix in VALUE_SUFFIXES and number(value):
                pending.append((name[:dash].strip(), suffix, value))
        for code, suffix, value in pending:
            rows.append(((*key_head, f"{code}-{suffix}"), float(value), flags.get(code) if flags else None))
    return rows


class FrameSink(Protocol):
    def write(self, batch: Sequence[Received]) -> None: ...


class MemorySink:
    """Keeps everything in lists/dicts (tests, simulations). ``fail_next`` makes the next writes raise."""

    def __init__(self) -> None:
        self.raw: list[Received] = []
        self.quarantine: list[Received] = []
        self.values: dict[ValueKey, tuple[float, str | None]] = {}
        self.fail_next = 0
        self.writes = 0
        self._lock = threading.Lock()

    def write(self, batch: Sequence[Received]) -> None:
        with self._lock:
            if self.fail_next:
                self.fail_next -= 1
                raise RuntimeError("store unavailable (test)")
            self.writes += 1
            for item in batch:
                self.raw.append(item)
                if item.verdict == "quarantined":
                    self.quarantine.append(item)
                for key, value, flag in value_rows(item):
                    self.values.setdefault(key, (value, flag))


class SqlSink:
    """Writes raw frames, quarantine entries and values in one transaction per batch.

    On SQLite the rows go through the driver's ``executemany`` with ids assigned inside the ``BEGIN IMMEDIATE``
    transaction (no other writer can interleave): measured ~5x faster than ORM bulk inserts with RETURNING,
    which mattered for the 5,000 frames/s target (bench/bench_hj212_gateway.py). PostgreSQL uses RETURNING.
    """

    def __init__(self, engine: Engine, *, observations: bool = False, map_2005_codes: bool = False):
        self.engine = engine
        self.observation_errors = 0
        self.adapter: Any = None
        if observations:
            from ljeco.ingest.hj212.store_adapter import ObservationAdapter

            self.adapter = ObservationAdapter(map_2005_codes=map_2005_codes)

    def write(self, batch: Sequence[Received]) -> None:
        from ljeco.core.db import write_session

        if not batch:
            return
        try:
            with write_session(self.engine) as session:
                dialect = session.get_bind().dialect
                if dialect.name == "sqlite":
                    self._write_sqlite(session, batch)
                else:
                    self._write_generic(session, batch)
                if self.adapter is not None:
                    self._write_observations(session, batch)
        except Exception:
            if self.adapter is not None:
                self.adapter.reset()
            raise

    def _write_observations(self, session: Any, batch: Sequence[Received]) -> None:
        """The derived copy in the observation store, in a savepoint: if it fails (a catalogue problem, a bug
        there) the archive and ``hj212_values`` still commit — they are the record, the store can be refilled
        from ``hj212_values`` — instead of the whole gateway stalling on retries."""
        try:
            with session.begin_nested():
                self.adapter.write(session, batch)
        except Exception:
            self.adapter.reset()
            self.observation_errors += 1
            log.exception("hj212: observation store write failed; values kept in hj212_values")

    @staticmethod
    def _raw_rows(batch: Sequence[Received]) -> list[dict[str, Any]]:
        rows = []
        for item in batch:
            f = item.frame
            moment = f.data_time if f is not None else None
            rows.append(
                {
                    "received_at": item.received_at, "peer": item.peer, "data": item.data, "size": item.size,
                    "verdict": item.verdict, "error": item.error,
                    "mn": f.mn[:64] if f is not None and f.mn else None,
                    "cn": f.cn if f is not None else None,
                    "qn": f.qn[:24] if f is not None and f.qn else None,
                    "data_time": int(moment.timestamp()) if moment is not None else None,
                }
            )  # fmt: skip
        return rows

    def _write_sqlite(self, session: Any, batch: Sequence[Received]) -> None:
        from ljeco.ingest.hj212.models import Hj212RawFrame

        conn = session.connection()
        dialect = conn.dialect
        to_db = Hj212RawFrame.__table__.c.received_at.type.bind_processor(dialect)
        cur = conn.connection.driver_connection.cursor()
        first = int(cur.execute("SELECT COALESCE(MAX(id), 0) FROM hj212_raw_frames").fetchone()[0]) + 1
        ids = range(first, first + len(batch))
        rows = self._raw_rows(batch)
        cur.executemany(
            "INSERT INTO hj212_raw_frames (id, received_at, peer, data, size, verdict, error, mn, cn, qn, data_time)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (rid, to_db(r["received_at"]) if to_db else r["received_at"], r["peer"], r["data"], r["size"],
                 r["verdict"], r["error"], r["mn"], r["cn"], r["qn"], r["data_time"])
                for rid, r in zip(ids, rows, strict=True)
            ],
        )  # fmt: skip
        quarantine = [
            (rid, r["mn"], item.error or "unknown", "open")
            for rid, r, item in zip(ids, rows, batch, strict=True)
            if item.verdict == "quarantined"
        ]
        if quarantine:
            cur.executemany(
                "INSERT INTO hj212_quarantine (raw_id, mn, reason, status) VALUES (?, ?, ?, ?)", quarantine
            )
        values = [
            (*key, value, flag, rid)
            for rid, item in zip(ids, batch, strict=True)
            for key, value, flag in value_rows(item)
        ]
        if values:
            cur.executemany(
                "INSERT INTO hj212_values (mn, cn, data_time, item, value, flag, raw_id) VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING",
                values,
            )
        cur.close()

    def _write_generic(self, session: Any, batch: Sequence[Received]) -> None:
        from ljeco.ingest.hj212.models import Hj212Quarantine, Hj212RawFrame, Hj212Value

        raw_params = self._raw_rows(batch)
        stmt = insert(Hj212RawFrame).returning(Hj212RawFrame.id, sort_by_parameter_order=True)
        ids = [int(r[0]) for r in session.execute(stmt, raw_params)]
        quarantine = [
            {"raw_id": rid, "mn": p["mn"], "reason": item.error or "unknown", "status": "open"}
            for rid, p, item in zip(ids, raw_params, batch, strict=True)
            if item.verdict == "quarantined"
        ]
        if quarantine:
            session.execute(insert(Hj212Quarantine), quarantine)
        values: dict[ValueKey, dict[str, Any]] = {}
        for rid, item in zip(ids, batch, strict=True):
            for key, value, flag in value_rows(item):
                values.setdefault(key, {"mn": key[0], "cn": key[1], "data_time": key[2], "item": key[3],
                                        "value": value, "flag": flag, "raw_id": rid})  # fmt: skip
        if values:
            session.execute(
                _insert_ignore(session.get_bind().dialect.name, Hj212Value), list(values.values())
            )


def _insert_ignore(dialect: str, model: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING on the primary key (idempotent re-sends)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(model).on_conflict_do_nothing()


__all__ = ["DATA_CNS", "FrameSink", "MemorySink", "Received", "SqlSink", "Verdict", "value_rows"]
