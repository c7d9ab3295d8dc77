"""Where the gateway puts what it receives: the ``FrameSink`` protocol and its implementations.

A sink's ``write`` is called from a worker thread with a batch of :class:`Received` items (frames and junk of
many connections) and must return only when the batch is durable: the gateway sends answers after ``write``
returns, which is how "archived before acknowledged" is kept. A sink that raises makes the gateway retry the
same batch (back-pressure), never drop it.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal, Protocol

from sqlalchemy import Engine, insert

from ljeco.ingest.hj212.codec import Frame
from ljeco.ingest.hj212.cp import NUMBER, VALUE_SUFFIXES, parse_time
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
    its item's ``-Flag``).
    """
    found = _record_values(item)
    if found is None:
        return []
    mn, cn, epoch, values = found
    return [((mn, cn, epoch, name), value, flag) for name, value, flag in values]


def _record_values(item: Received) -> tuple[str, str, int, list[tuple[str, float, str | None]]] | None:
    """(MN, CN, DataTime epoch [s], [(item, value, flag), …]) of an accepted data frame, else None.

    Written out flat because it runs for every frame the gateway stores."""
    frame = item.frame
    if item.verdict != "ok" or frame is None or frame.cn not in DATA_CNS or not frame.mn:
        return None
    epoch = data_epoch(frame.data_time_text)
    if epoch is None:
        return None
    values: list[tuple[str, float, str | None]] = []
    number = NUMBER.match
    kinds = _ITEM_KINDS
    for group in frame.cp:
        flags: dict[str, str] | None = None
        pending: list[tuple[str, str, str]] = []
        for name, value in group:
            if value is None:
                continue
            kind = kinds.get(name, _UNSEEN)
            if kind is _UNSEEN:
                kind = _item_kind(name)
            if kind is None:
                continue
            code, stored = kind
            if stored is None:
                if flags is None:
                    flags = {}
                flags[code] = value
            elif number(value):
                pending.append((code, stored, value))
        for code, stored, value in pending:
            values.append((stored, float(value), flags.get(code) if flags else None))
    return frame.mn, frame.cn, epoch, values


_UNSEEN: Any = object()
#: CP item name → (factor code, stored item name) for a value class of Table 4, (code, None) for its ``-Flag``,
#: None for anything else. Names repeat from frame to frame; bounded against hostile variety.
_ITEM_KINDS: dict[str, tuple[str, str | None] | None] = {}
_ITEM_KINDS_MAX = 10_000


def _item_kind(name: str) -> tuple[str, str | None] | None:
    dash = name.rfind("-")
    kind: tuple[str, str | None] | None = None
    if dash >= 0:
        suffix, code = name[dash + 1 :], name[:dash].strip()
        if suffix == "Flag":
            kind = (code, None)
        elif suffix in VALUE_SUFFIXES:
            kind = (code, f"{code}-{suffix}")
    if len(_ITEM_KINDS) >= _ITEM_KINDS_MAX:
        _ITEM_KINDS.clear()
    _ITEM_KINDS[name] = kind
    return kind


@lru_cache(maxsize=4096)
def data_epoch(text: str | None) -> int | None:
    """An HJ 212 ``DataTime`` (UTC+8) as UTC epoch seconds, or None. Cached: thousands of devices report the same
    period starts."""
    moment = parse_time(text)
    return int(moment.timestamp()) if moment is not None else None


# SQLite fast path: a batch is two JSON documents inserted by ``json_each`` (JSON1, SQLite ≥ 3.38), one statement
# each: one ``sqlite3_step`` with the GIL released for all of it, where ``executemany`` takes the GIL back for every
# row and starves against the event loop thread (bench/results/hj212.md). Position k of both documents is frame k
# of the batch (raw id = first + k); a frame that is not UTF-8 is ``null`` in the raw document and bound as a BLOB.
# Values are JSON numbers read straight into REAL (exact doubles: tested with 16-17 significant digits; what must
# be avoided is a detour through SQL text, which keeps 15).
_RAW_COLUMNS = "id, received_at, data, peer, size, verdict, error, mn, cn, qn, data_time"
_RAW_INSERT = f"INSERT INTO hj212_raw_frames ({_RAW_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
_RAW_FROM_JSON = (
    f"INSERT INTO hj212_raw_frames ({_RAW_COLUMNS})"
    " SELECT ? + key, value->>0, CAST(value->>1 AS BLOB), value->>2, value->>3, value->>4, value->>5, value->>6,"
    " value->>7, value->>8, value->>9 FROM json_each(?) WHERE value IS NOT NULL"
)
_QUARANTINE_FROM_JSON = (
    "INSERT INTO hj212_quarantine (raw_id, mn, reason, status)"
    " SELECT ? + key, value->>6, COALESCE(value->>5, 'unknown'), 'open' FROM json_each(?)"
    " WHERE value->>4 = 'quarantined'"
)
# per frame [MN, CN, DataTime, item, value, flag, item, value, flag, …]: values sit at positions 4, 7, 10 …
_VALUES_FROM_JSON = (
    "INSERT INTO hj212_values (mn, cn, data_time, item, value, flag, raw_id)"
    " SELECT f.value->>0, f.value->>1, f.value->>2, f.value->>(v.key - 1), v.value, f.value->>(v.key + 1),"
    " ? + f.key FROM json_each(?) AS f, json_each(f.value) AS v WHERE v.key >= 4 AND v.key % 3 = 1"
    " ON CONFLICT DO NOTHING"
)


class FrameSink(Protocol):
    """``prepare`` runs on the gateway's event loop for each read as it arrives (pure computation, no I/O);
    ``commit`` takes the prepared reads of a batch in a worker thread, writes them in one transaction and returns
    when they are durable. Preparing read by read spreads the Python work evenly instead of stalling the loop once
    per batch, and leaves the worker thread a few statements (it needs the GIL the loop holds).
    ``write(batch)`` = ``commit([prepare(batch)])``."""

    def prepare(self, items: Sequence[Received]) -> Any: ...

    def commit(self, prepared: Sequence[Any]) -> None: ...

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

    def prepare(self, items: Sequence[Received]) -> Sequence[Received]:
        return items

    def write(self, batch: Sequence[Received]) -> None:
        self.commit([batch])

    def commit(self, prepared: Sequence[Sequence[Received]]) -> None:
        batch = [item for items in prepared for item in items]
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

    On SQLite each batch is a few ``json_each`` statements with raw ids assigned inside the ``BEGIN IMMEDIATE``
    transaction (no other writer can interleave); see ``_RAW_FROM_JSON``. PostgreSQL uses RETURNING.

    ``background_checkpoint`` (SQLite, the gateway): commits never copy the write-ahead log into the database
    themselves (``wal_autocheckpoint=0`` on the connection); the owner calls :meth:`checkpoint` every second or
    so from another thread. At 5,000 frames/s the log passes SQLite's 1,000-page auto-checkpoint about every
    second, and the commit that did the copy (with its fsync) held every answer waiting behind it.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        observations: bool = False,
        map_2005_codes: bool = False,
        background_checkpoint: bool = False,
    ):
        from ljeco.ingest.hj212.models import Hj212RawFrame

        self.engine = engine
        self.background_checkpoint = background_checkpoint and engine.dialect.name == "sqlite"
        self.observation_errors = 0
        self._to_db = Hj212RawFrame.__table__.c.received_at.type.bind_processor(engine.dialect)
        self.adapter: Any = None
        if observations:
            from ljeco.ingest.hj212.store_adapter import ObservationAdapter

            self.adapter = ObservationAdapter(map_2005_codes=map_2005_codes)

    def write(self, batch: Sequence[Received]) -> None:
        self.commit([self.prepare(batch)])

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database without blocking writers (SQLite ``PASSIVE``)."""
        if self.engine.dialect.name == "sqlite":
            raw = (
                self.engine.raw_connection()
            )  # outside SQLAlchemy's BEGIN: a checkpoint is not a transaction
            try:
                cur = raw.cursor()
                cur.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                cur.close()
            finally:
                raw.close()

    def prepare(self, items: Sequence[Received]) -> _Piece:
        """The rows of one read (SQLite: JSON fragments; see ``_RAW_FROM_JSON``)."""
        if self.engine.dialect.name != "sqlite" or not items:
            return _Piece(items)
        return _prepare_sqlite(items, self._to_db)

    def commit(self, prepared: Sequence[_Piece]) -> None:
        from ljeco.core.db import write_session

        batch = [item for piece in prepared for item in piece.items]
        if not batch:
            return
        try:
            with write_session(self.engine) as session:
                if prepared[0].sqlite:
                    _commit_sqlite(session, prepared, autocheckpoint=not self.background_checkpoint)
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
        if not any(
            item.device is not None and item.device.site_code for item in batch if item.verdict == "ok"
        ):
            return  # no device of this batch reports for a site: no savepoint round trip either
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
            epoch = data_epoch(f.data_time_text) if f is not None else None
            rows.append(
                {
                    "received_at": item.received_at, "peer": item.peer, "data": item.data, "size": item.size,
                    "verdict": item.verdict, "error": item.error,
                    "mn": f.mn[:64] if f is not None and f.mn else None,
                    "cn": f.cn if f is not None else None,
                    "qn": f.qn[:24] if f is not None and f.qn else None,
                    "data_time": epoch,
                }
            )  # fmt: skip
        return rows

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


@dataclass(slots=True)
class _Piece:
    """One read, prepared. SQLite: ``raw``/``values`` are comma-joined JSON array elements, one per item."""

    items: Sequence[Received]
    sqlite: bool = False
    raw: str = ""  # [received_at, text, peer, size, verdict, error, mn, cn, qn, data_time] or null
    values: str = ""  # [MN, CN, DataTime, item, value, flag, …] ([] for frames without values)
    binary: list[tuple[int, tuple[Any, ...]]] = field(default_factory=list)  # (position, row) not UTF-8
    quarantined: bool = False
    has_values: bool = False


def _prepare_sqlite(items: Sequence[Received], to_db: Any) -> _Piece:
    piece = _Piece(items, sqlite=True)
    raw: list[list[Any] | None] = []
    values: list[list[Any]] = []
    stamp = ""
    at: datetime | None = None
    for position, item in enumerate(items):
        if item.received_at != at:  # one receive time per read: converted once
            at = item.received_at
            naive = to_db(at) if to_db else at  # UTC without tzinfo (UTCDateTime)
            stamp = f"{naive:%Y-%m-%d %H:%M:%S.%f}"  # as SQLAlchemy's SQLite DATETIME stores it
        f = item.frame
        row: list[Any]
        if f is None:
            row = [stamp, None, item.peer, item.size, item.verdict, item.error, None, None, None, None]
        else:
            row = [stamp, None, item.peer, item.size, item.verdict, item.error, f.mn[:64] if f.mn else None, f.cn,
                   f.qn[:24] if f.qn else None, data_epoch(f.data_time_text)]  # fmt: skip
        try:
            row[1] = item.data.decode()
            raw.append(row)
        except UnicodeDecodeError:  # junk, non-UTF-8 text: bound as a BLOB
            row[1] = item.data
            piece.binary.append((position, tuple(row)))
            raw.append(None)
        if item.verdict == "quarantined":
            piece.quarantined = True
        found = _record_values(item) if item.verdict == "ok" else None
        if found is None or not found[3]:
            values.append([])
        else:
            flat: list[Any] = [found[0], found[1], found[2]]
            for triple in found[3]:
                flat += triple
            values.append(flat)
            piece.has_values = True
    piece.raw = json.dumps(raw, ensure_ascii=False)[1:-1]
    try:
        piece.values = json.dumps(values, allow_nan=False)[1:-1]
    except ValueError:  # a value beyond a double (inf): JSON has no number for it; SQLite reads 1e999 as inf
        piece.values = json.dumps(values)[1:-1].replace("-Infinity", "-1e999").replace("Infinity", "1e999")
    return piece


CACHE_KIB = 65_536  # SQLite page cache of the gateway's connections [KiB]

_QUARANTINE_INSERT = "INSERT INTO hj212_quarantine (raw_id, mn, reason, status) VALUES (?, ?, ?, 'open')"


def _commit_sqlite(session: Any, pieces: Sequence[_Piece], *, autocheckpoint: bool = True) -> None:
    """Insert prepared reads: raw ids are assigned here, inside ``BEGIN IMMEDIATE`` (no writer interleaves).

    Each statement hands the GIL over twice, so there are as few as the batch needs."""
    raw = "[" + ",".join(p.raw for p in pieces) + "]"
    connection = session.connection().connection
    cur = connection.driver_connection.cursor()
    try:
        pages = 1000 if autocheckpoint else 0  # SQLite's default; per connection, and pooled ones are shared
        if connection.info.get("wal_autocheckpoint") != pages:
            cur.execute(f"PRAGMA wal_autocheckpoint={pages}")
            # the (MN, CN, DataTime) index has one hot leaf page per device: 2,000 devices need ~8 MB of page
            # cache, SQLite's default is 2 MB (re-reading evicted pages cost ~20 % more CPU per frame)
            cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            connection.info["wal_autocheckpoint"] = pages
        first = int(cur.execute("SELECT COALESCE(MAX(id), 0) FROM hj212_raw_frames").fetchone()[0]) + 1
        cur.execute(_RAW_FROM_JSON, (first, raw))
        base = first
        for piece in pieces:
            if piece.binary:
                cur.executemany(_RAW_INSERT, [(base + position, *row) for position, row in piece.binary])
                quarantine = [
                    (base + i, row[6], row[5] or "unknown")
                    for i, row in piece.binary
                    if row[4] == "quarantined"
                ]
                cur.executemany(_QUARANTINE_INSERT, quarantine)
            base += len(piece.items)
        if any(p.quarantined for p in pieces):
            cur.execute(_QUARANTINE_FROM_JSON, (first, raw))
        if any(p.has_values for p in pieces):
            cur.execute(_VALUES_FROM_JSON, (first, "[" + ",".join(p.values for p in pieces) + "]"))
    finally:
        cur.close()


def _insert_ignore(dialect: str, model: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING on the primary key (idempotent re-sends)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(model).on_conflict_do_nothing()


__all__ = ["DATA_CNS", "FrameSink", "MemorySink", "Received", "SqlSink", "Verdict", "value_rows"]
