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
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import chain
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sqlalchemy import Engine, insert

from ljeco.ingest.hj212.codec import Frame
from ljeco.ingest.hj212.cp import NUMBER, VALUE_SUFFIXES, parse_time
from ljeco.ingest.hj212.registry import Device

if TYPE_CHECKING:
    from ljeco.ingest.hj212.store_adapter import PendingObservation

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


# SQLite fast path. Each table gets multi-row ``INSERT … VALUES (…), (…), …`` statements with bound parameters:
# binding runs in C and a statement is one ``sqlite3_step`` with the GIL released for all its rows, where
# ``executemany`` takes the GIL back for every row and starved against the event loop thread (and JSON documents
# expanded by ``json_each`` cost SQLite 3x more). Statements come in power-of-two sizes up to 512 rows (compiling
# one is superlinear in its length: 4 ms at 512 rows, 58 ms at 2,048; each is compiled once per connection and
# cached by the driver); the last chunk is padded by repeating its last row, which ``ON CONFLICT DO NOTHING``
# skips. Raw ids: each row carries the sink's running number of its item (given in ``prepare``), and ?1 turns it
# into an id once ``BEGIN IMMEDIATE`` has fixed the first free one; ?1 comes first in the text so that the
# anonymous ``?`` after it number themselves from 2 (numbered parameters everywhere made compiling quadratic).
_RAW_COLUMNS = "id, received_at, data, peer, size, verdict, error, mn, cn, qn, data_time"
_VALUES_COLUMNS = "raw_id, mn, cn, data_time, item, value, flag"
_WIDTH = {"hj212_raw_frames": 11, "hj212_values": 7}  # parameters per row, the running number first
_CHUNK = 512  # rows per statement at most


@lru_cache(maxsize=32)
def _bulk_sql(table: str, rows: int) -> str:
    """``INSERT`` of ``rows`` rows into ``hj212_raw_frames`` or ``hj212_values``, ids as ?1 + running number."""
    width = _WIDTH[table]
    row = "(?1 + ?" + ", ?" * (width - 1) + ")"
    columns = _RAW_COLUMNS if table == "hj212_raw_frames" else _VALUES_COLUMNS
    return f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * rows)} ON CONFLICT DO NOTHING"


def _insert_bulk(cur: Any, table: str, offset: int, flat: list[Any]) -> None:
    """Insert rows given as ``flat`` parameters, ids (raw_id) = ``offset`` + each row's running number."""
    width = _WIDTH[table]
    total = len(flat) // width
    done = 0
    while done < total:
        take = min(_CHUNK, total - done)
        size = 1 << (take - 1).bit_length()  # the power of two that holds them
        chunk = flat[done * width : (done + take) * width]
        if size > take:  # pad with the last row again: a conflict, skipped
            chunk += chunk[-width:] * (size - take)
        cur.execute(_bulk_sql(table, size), [offset, *chunk])
        done += take


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

    On SQLite each batch is one multi-row insert per table with raw ids assigned inside the ``BEGIN IMMEDIATE``
    transaction (no other writer can interleave); see ``_bulk_sql``. PostgreSQL uses RETURNING.

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
        self._numbers = threading.Lock()
        self._next = 0
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

    def prepare(self, items: Sequence[Received]) -> Piece:
        """The rows of one read (SQLite: flat parameter lists for ``_bulk_sql``) and its observation-store
        values."""
        observations = self.adapter.rows(items) if self.adapter is not None and items else []
        if self.engine.dialect.name != "sqlite" or not items:
            return Piece(items, len(items), observations=observations)
        with self._numbers:  # running numbers of items, in the order reads are prepared (see _bulk_sql)
            start = self._next
            self._next += len(items)
        piece = _prepare_sqlite(items, self._to_db, start)
        piece.observations = observations
        return piece

    def commit(self, prepared: Sequence[Piece]) -> None:
        from ljeco.core.db import write_session

        pieces = [piece for piece in prepared if piece.size]
        if not pieces:
            return
        observations = [row for piece in pieces for row in piece.observations]
        try:
            with write_session(self.engine) as session:
                if self.engine.dialect.name == "sqlite":
                    _commit_sqlite(session, pieces, autocheckpoint=not self.background_checkpoint)
                else:
                    self._write_generic(session, [item for piece in pieces for item in piece.items])
                if observations:  # only devices that report for a site have any: else no savepoint either
                    self._write_observations(session, observations)
        except Exception:
            if self.adapter is not None:
                self.adapter.reset()
            raise

    def _write_observations(self, session: Any, rows: Sequence[PendingObservation]) -> None:
        """The derived copy in the observation store, in a savepoint: if it fails (a catalogue problem, a bug
        there) the archive and ``hj212_values`` still commit — they are the record, the store can be refilled
        from ``hj212_values`` — instead of the whole gateway stalling on retries."""
        if self.adapter is None:  # prepared by a sink with the store on, committed by one without
            return
        try:
            with session.begin_nested():
                self.adapter.write(session, rows)
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
class Piece:
    """One read, prepared (``SqlSink.prepare``). SQLite: flat parameter lists, each row led by the running
    number of its item; everything but ``items`` is plain data (a writer process gets it without the items)."""

    items: Sequence[Received]
    size: int  # number of items (also when ``items`` was left behind)
    start: int = 0  # running number of the first item
    raw: list[Any] = field(default_factory=list)  # 11 per item
    values: list[Any] = field(default_factory=list)  # 7 per value
    quarantine: list[tuple[int, str | None, str]] = field(
        default_factory=list
    )  # (running number, MN, reason)
    observations: list[PendingObservation] = field(default_factory=list)


def _prepare_sqlite(items: Sequence[Received], to_db: Any, start: int) -> Piece:
    piece = Piece(items, len(items), start=start)
    raw, values = piece.raw, piece.values
    stamp = ""
    at: datetime | None = None
    for number, item in enumerate(items, start):
        if item.received_at != at:  # one receive time per read: converted once
            at = item.received_at
            naive = to_db(at) if to_db else at  # UTC without tzinfo (UTCDateTime)
            stamp = f"{naive:%Y-%m-%d %H:%M:%S.%f}"  # as SQLAlchemy's SQLite DATETIME stores it
        f = item.frame
        mn = f.mn[:64] if f is not None and f.mn else None
        raw += (number, stamp, item.data, item.peer, item.size, item.verdict, item.error)
        if f is None:  # junk or a byte run the codec refused: no header fields
            raw += (None, None, None, None)
        else:
            raw += (mn, f.cn, f.qn[:24] if f.qn else None, data_epoch(f.data_time_text))
        if item.verdict == "quarantined":
            piece.quarantine.append((number, mn, item.error or "unknown"))
        found = _record_values(item) if item.verdict == "ok" else None
        if found is not None:
            frame_mn, cn, epoch, rows = found
            for name, value, flag in rows:
                values += (number, frame_mn, cn, epoch, name, value, flag)
    return piece


_QUARANTINE_INSERT = "INSERT INTO hj212_quarantine (raw_id, mn, reason, status) VALUES (?, ?, ?, 'open')"


def _commit_sqlite(session: Any, pieces: Sequence[Piece], *, autocheckpoint: bool = True) -> None:
    """Insert prepared reads: raw ids are assigned here, inside ``BEGIN IMMEDIATE`` (no writer interleaves)."""
    raw = list(chain.from_iterable(p.raw for p in pieces))
    values = list(chain.from_iterable(p.values for p in pieces))
    quarantine = [q for p in pieces for q in p.quarantine]
    connection = session.connection().connection
    cur = connection.driver_connection.cursor()
    try:
        pages = 1000 if autocheckpoint else 0  # SQLite's default; per connection, and pooled ones are shared
        if connection.info.get("wal_autocheckpoint") != pages:
            cur.execute(f"PRAGMA wal_autocheckpoint={pages}")
            connection.info["wal_autocheckpoint"] = pages
        first = int(cur.execute("SELECT COALESCE(MAX(id), 0) FROM hj212_raw_frames").fetchone()[0]) + 1
        offset = first - min(p.start for p in pieces)  # the lowest running number gets the first free id
        _insert_bulk(cur, "hj212_raw_frames", offset, raw)
        if values:
            _insert_bulk(cur, "hj212_values", offset, values)
        if quarantine:
            cur.executemany(_QUARANTINE_INSERT, [(offset + n, mn, reason) for n, mn, reason in quarantine])
    finally:
        cur.close()


def _insert_ignore(dialect: str, model: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING on the primary key (idempotent re-sends)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(model).on_conflict_do_nothing()
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert(model).on_conflict_do_nothing()


__all__ = ["DATA_CNS", "FrameSink", "MemorySink", "Piece", "Received", "SqlSink", "Verdict", "value_rows"]
