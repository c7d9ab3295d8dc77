"""Writing observations: batched, idempotent, correction-keeping.

:func:`write_observations` is the one write path (the HJ 212 gateway, the file importer and the demo loader all call
it). A batch is first put into a per-connection temporary table (``executemany`` on SQLite, ``COPY`` on PostgreSQL),
then merged with set-based SQL in the caller's transaction:

1. rows whose value or flag differ from the stored row are copied to ``observation_revisions`` (history);
2. ``INSERT … ON CONFLICT (series_id, t) DO UPDATE … WHERE changed`` — the same series and time twice never
   double-counts, an identical re-send changes nothing, a correction resets the review to preliminary;
3. ``obs_latest`` moves forward, and the touched local days are queued for the incremental rollup.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from ljeco.core.errors import ValidationError
from ljeco.core.timeutil import utcnow
from ljeco.observations.models import RawRecord, Source
from ljeco.observations.quality import normalise_flag

#: Rows per merge step. Large enough to amortise statement overhead, small enough to keep memory flat.
CHUNK_ROWS = 100_000

#: Flags that may be written into SQL as literals (the HJ 212-2017 Table 8 letters; nothing user-supplied).
FLAG_LITERALS = frozenset("NFMSDCTB")

#: Offset of China Standard Time [s]; local days start at 16:00 UTC.
CST_OFFSET_S = 8 * 3600


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What a write did: new rows, changed rows (their old state kept as revisions), identical re-sends."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged

    def __add__(self, other: WriteResult) -> WriteResult:
        return WriteResult(
            self.inserted + other.inserted, self.updated + other.updated, self.unchanged + other.unchanged
        )


@dataclass(frozen=True, slots=True)
class ObservationIn:
    """One value to write. ``time`` is the start of the value's period (aware datetime or UTC epoch seconds)."""

    series_id: int
    time: datetime | int
    value: float | None
    flag: str = "N"
    raw_id: int | None = None


def local_day_start(t: np.ndarray) -> np.ndarray:
    """UTC epoch seconds of the start of the local (UTC+8) day containing each period start ``t`` [s]."""
    return ((t + CST_OFFSET_S) // 86400) * 86400 - CST_OFFSET_S


def _epoch(values: Any) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int64)
    if arr.dtype.kind == "f":
        if np.isnan(arr).any():
            raise ValidationError("observation time missing", code="obs.time")
        return arr.astype(np.int64)
    ts = pd.to_datetime(pd.Series(arr), utc=False)
    if ts.dt.tz is None:
        if len(ts) and isinstance(arr[0], datetime):
            raise ValidationError(
                "naive datetime given as observation time; attach a time zone", code="obs.time"
            )
        raise ValidationError("observation times must be timezone-aware", code="obs.time")
    if ts.isna().any():
        raise ValidationError("observation time missing", code="obs.time")
    return (ts.dt.tz_convert("UTC").astype("int64") // 1_000_000_000).to_numpy(np.int64)


def _frame(records: pd.DataFrame | Iterable[ObservationIn | Mapping[str, Any]]) -> pd.DataFrame:
    if isinstance(records, pd.DataFrame):
        frame = records
    else:
        rows = [r if isinstance(r, Mapping) else _as_dict(r) for r in records]
        frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=["series_id", "time", "value"])
    missing = {"series_id", "time", "value"} - set(frame.columns)
    if missing:
        raise ValidationError(f"observation records lack {sorted(missing)}", code="obs.columns")
    out = pd.DataFrame(
        {
            "series_id": np.asarray(frame["series_id"], dtype=np.int64),
            "t": _epoch(frame["time"].to_numpy()) if len(frame) else np.empty(0, np.int64),
            "value": pd.to_numeric(frame["value"], errors="raise").astype(float).to_numpy(),
        }
    )
    if "flag" in frame.columns:
        flags = pd.Series(frame["flag"].to_numpy(), dtype=object)
        # Normalise each distinct flag once (a batch has a handful), not each of millions of rows.
        out["flag"] = flags.map({f: normalise_flag(f) for f in flags.unique()}).to_numpy()
    else:
        out["flag"] = "N"
    # Without raw ids the column stays an object column of None (an Int64 conversion costs ~30 ms per 50k rows).
    out["raw_id"] = pd.array(frame["raw_id"], dtype="Int64") if "raw_id" in frame.columns else None
    return out


def _as_dict(r: ObservationIn) -> dict[str, Any]:
    return {"series_id": r.series_id, "time": r.time, "value": r.value, "flag": r.flag, "raw_id": r.raw_id}


def source_id(session: Session, name: str) -> int:
    """The id of the source called ``name`` (created on first use)."""
    found = session.scalar(select(Source.id).where(Source.name == name))
    if found is not None:
        return int(found)
    row = Source(name=name)
    session.add(row)
    session.flush()
    return row.id


def store_raw(
    session: Session, *, kind: str, origin: str, rows: Sequence[tuple[int | None, str]]
) -> list[int]:
    """Keep raw input (file rows, protocol frames); returns their ids in order, to link observations to."""
    if not rows:
        return []
    now = utcnow()
    stmt = insert(RawRecord).returning(RawRecord.id, sort_by_parameter_order=True)
    params = [
        {"kind": kind, "origin": origin, "position": p, "content": c, "received_at": now} for p, c in rows
    ]
    return [int(r[0]) for r in session.execute(stmt, params)]


def write_observations(
    session: Session,
    records: pd.DataFrame | Iterable[ObservationIn | Mapping[str, Any]],
    *,
    source: str,
    raw_ids: Sequence[int | None] | None = None,
) -> WriteResult:
    """Write observations idempotently in the caller's transaction.

    Parameters
    ----------
    records : DataFrame or iterable of ObservationIn / mappings
        Columns ``series_id``, ``time`` (period start: aware datetimes, pandas UTC timestamps or epoch seconds),
        ``value`` [series unit] (NaN/None = no value, e.g. with flag D), optional ``flag`` (HJ 212 data flag,
        default ``N``) and ``raw_id``.
    source : str
        Who wrote these (``"hj212:<MN>"``, ``"file:<name>"``, ``"demo"``); kept on each row.
    raw_ids : sequence, optional
        Raw-record ids aligned with ``records`` (overrides a ``raw_id`` column).

    Within one batch, the last row for a (series, time) wins. Writing the same batch twice, or in any split, leaves
    the same table (tested with hypothesis).
    """
    frame = _frame(records)
    if raw_ids is not None:
        if len(raw_ids) != len(frame):
            raise ValidationError("raw_ids must align with records", code="obs.raw_ids")
        frame["raw_id"] = pd.array(list(raw_ids), dtype="Int64")
    if frame.empty:
        return WriteResult()
    frame = frame.drop_duplicates(["series_id", "t"], keep="last").sort_values(["series_id", "t"])
    src = source_id(session, source)
    result = WriteResult()
    backend = session.get_bind().dialect.name
    if _append_only(session, frame):
        _append(session, frame, src, backend)
        return WriteResult(inserted=len(frame))
    for start in range(0, len(frame), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS]
        if backend == "postgresql":
            _load_pg(session, chunk)
        else:
            _load_sqlite(session, chunk)
        result = result + _merge(session, src, backend)
    return result


_TEMP_COLUMNS = "series_id, t, value, flag, raw_id"


def _append_only(session: Session, frame: pd.DataFrame) -> bool:
    """True when every row is newer than its series' latest stored value, so no row can conflict.

    The common case (the gateway's new values, a historical load in time order) then skips the staging table and
    the merge: measured 1.9× faster on SQLite (``bench/bench_store.py``).
    """
    first = frame.groupby("series_id", sort=False)["t"].min()
    ids = [int(i) for i in first.index]
    stored: dict[int, int] = {}
    # On PostgreSQL the pointer rows are locked: two writers of one series serialise here instead of both
    # choosing the append path and colliding on the primary key.
    lock = " FOR UPDATE" if session.get_bind().dialect.name == "postgresql" else ""
    for start in range(0, len(ids), 500):
        stmt = text(f"SELECT series_id, t FROM obs_latest WHERE series_id IN :ids{lock}").bindparams(
            bindparam("ids", expanding=True)
        )
        stored.update({int(a): int(b) for a, b in session.execute(stmt, {"ids": ids[start : start + 500]})})
    return all(int(t) > stored.get(int(sid), -(2**62)) for sid, t in first.items())


def _append(session: Session, frame: pd.DataFrame, src: int, backend: str) -> None:
    conn = session.connection()
    dbapi = conn.connection.driver_connection
    assert dbapi is not None
    columns = "series_id, t, value, flag, review, review_id, source_id, raw_id"
    if backend == "postgresql":
        buf = io.StringIO()
        out = frame.assign(
            value=[repr(float(v)) if v == v else None for v in frame["value"].tolist()],
            review=0,
            review_id=None,
            source_id=src,
        )[["series_id", "t", "value", "flag", "review", "review_id", "source_id", "raw_id"]]
        out.to_csv(buf, sep="\t", header=False, index=False, na_rep="\\N")
        with dbapi.cursor() as cur, cur.copy(f"COPY observations ({columns}) FROM STDIN") as copy:
            copy.write(buf.getvalue())
    else:
        cur = dbapi.cursor()
        flags = frame["flag"].unique()
        if len(flags) == 1 and flags[0] in FLAG_LITERALS and frame["raw_id"].isna().all():
            # The bulk case (one known flag, no raw rows): bind 3 parameters per row instead of 5 (1.3× measured).
            cur.executemany(
                f"INSERT INTO observations ({columns}) VALUES (?, ?, ?, '{flags[0]}', 0, NULL, {int(src)}, NULL)",
                _sqlite_rows(frame, narrow=True),
            )
        else:
            cur.executemany(
                f"INSERT INTO observations ({columns}) VALUES (?, ?, ?, ?, 0, NULL, {int(src)}, ?)",
                _sqlite_rows(frame),
            )
        cur.close()
    latest = frame.groupby("series_id", sort=False)["t"].max()
    conn.execute(
        text(
            "INSERT INTO obs_latest (series_id, t) VALUES (:s, :t) "
            "ON CONFLICT (series_id) DO UPDATE SET t = excluded.t WHERE excluded.t > obs_latest.t"
        ),
        [{"s": int(sid), "t": int(t)} for sid, t in latest.items()],
    )
    days = pd.DataFrame(
        {"s": frame["series_id"], "d": local_day_start(frame["t"].to_numpy())}
    ).drop_duplicates()
    pairs = list(zip(days["s"].tolist(), days["d"].tolist(), strict=True))
    if backend == "postgresql":
        with dbapi.cursor() as cur:
            cur.executemany(
                "INSERT INTO rollup_dirty (series_id, day) VALUES (%s, %s) ON CONFLICT DO NOTHING", pairs
            )
    else:
        cur = dbapi.cursor()
        cur.executemany(
            "INSERT INTO rollup_dirty (series_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING", pairs
        )
        cur.close()


def _load_sqlite(session: Session, chunk: pd.DataFrame) -> None:
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None
    cur = dbapi.cursor()
    cur.execute(
        "CREATE TEMP TABLE IF NOT EXISTS _obs_in (series_id INTEGER NOT NULL, t INTEGER NOT NULL, value REAL, "
        "flag TEXT NOT NULL, raw_id INTEGER, PRIMARY KEY (series_id, t)) WITHOUT ROWID"
    )
    cur.execute("DELETE FROM _obs_in")
    cur.executemany(f"INSERT INTO _obs_in ({_TEMP_COLUMNS}) VALUES (?, ?, ?, ?, ?)", _sqlite_rows(chunk))
    cur.close()


def _sqlite_rows(chunk: pd.DataFrame, *, narrow: bool = False) -> Iterator[tuple[Any, ...]]:
    """(series_id, t, value, flag, raw_id) tuples — or (series_id, t, value) when ``narrow`` — NaN as NULL."""
    values = chunk["value"].to_numpy(dtype=np.float64)
    as_object = values.astype(object)
    as_object[np.isnan(values)] = None  # NaN → NULL
    vals: list[float | None] = as_object.tolist()
    if narrow:
        return zip(chunk["series_id"].tolist(), chunk["t"].tolist(), vals, strict=True)
    raw_col = chunk["raw_id"]
    raw: Iterable[int | None] = (
        itertools.repeat(None, len(chunk))
        if raw_col.isna().all()
        else [None if r is pd.NA else int(r) for r in raw_col.tolist()]
    )
    return zip(
        chunk["series_id"].tolist(), chunk["t"].tolist(), vals, chunk["flag"].tolist(), raw, strict=True
    )


def _load_pg(session: Session, chunk: pd.DataFrame) -> None:
    dbapi = session.connection().connection.driver_connection
    assert dbapi is not None
    with dbapi.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS _obs_in (series_id integer NOT NULL, t bigint NOT NULL, "
            "value double precision, flag varchar(2) NOT NULL, raw_id bigint, PRIMARY KEY (series_id, t))"
        )
        cur.execute("TRUNCATE _obs_in")
        buf = io.StringIO()
        # repr-exact floats (Python's shortest round-trip form): a re-sent value compares equal to the stored one.
        out = chunk.assign(value=[repr(float(v)) if v == v else None for v in chunk["value"].tolist()])
        out.to_csv(buf, sep="\t", header=False, index=False, na_rep="\\N")
        with cur.copy(f"COPY _obs_in ({_TEMP_COLUMNS}) FROM STDIN") as copy:
            copy.write(buf.getvalue())


def _merge(session: Session, src: int, backend: str) -> WriteResult:
    distinct = "IS DISTINCT FROM" if backend == "postgresql" else "IS NOT"
    now = int(utcnow().timestamp())
    conn = session.connection()
    total = int(conn.execute(text("SELECT count(*) FROM _obs_in")).scalar_one())
    # One pass over the join tells how many rows exist and how many of those change; a pure re-send (the gateway
    # repeating history) then stops here: measured 3 joins → 1 on a 52,560-row re-send.
    matched, changed = conn.execute(
        text(
            f"SELECT count(*), coalesce(sum(CASE WHEN o.value {distinct} i.value OR o.flag <> i.flag "
            "THEN 1 ELSE 0 END), 0) FROM _obs_in i JOIN observations o ON o.series_id = i.series_id AND o.t = i.t"
        )
    ).one()
    matched, updated = int(matched), int(changed)
    if matched == total and not updated:
        return WriteResult(unchanged=matched)
    if updated:
        conn.execute(
            text(
                "INSERT INTO observation_revisions (series_id, t, value, flag, review, source_id, raw_id, "
                "superseded_at, superseded_by_source_id) "
                "SELECT o.series_id, o.t, o.value, o.flag, o.review, o.source_id, o.raw_id, :now, :src "
                "FROM _obs_in i JOIN observations o ON o.series_id = i.series_id AND o.t = i.t "
                f"WHERE o.value {distinct} i.value OR o.flag <> i.flag"
            ),
            {"now": now, "src": src},
        )
    conn.execute(
        text(
            "INSERT INTO observations (series_id, t, value, flag, review, review_id, source_id, raw_id) "
            "SELECT series_id, t, value, flag, 0, NULL, :src, raw_id FROM _obs_in WHERE true "
            "ON CONFLICT (series_id, t) DO UPDATE SET value = excluded.value, flag = excluded.flag, "
            "review = 0, review_id = NULL, source_id = excluded.source_id, raw_id = excluded.raw_id "
            f"WHERE observations.value {distinct} excluded.value OR observations.flag <> excluded.flag"
        ),
        {"src": src},
    )
    conn.execute(
        text(
            "INSERT INTO obs_latest (series_id, t) SELECT series_id, max(t) FROM _obs_in WHERE true "
            "GROUP BY series_id "
            "ON CONFLICT (series_id) DO UPDATE SET t = excluded.t WHERE excluded.t > obs_latest.t"
        )
    )
    # Queue the local days touched (period start shifted to UTC+8, floored to the day) for the rollup.
    conn.execute(
        text(
            "INSERT INTO rollup_dirty (series_id, day) "
            f"SELECT DISTINCT series_id, ((t + {CST_OFFSET_S}) / 86400) * 86400 - {CST_OFFSET_S} FROM _obs_in "
            "WHERE true ON CONFLICT DO NOTHING"
        )
    )
    return WriteResult(inserted=total - matched, updated=updated, unchanged=matched - updated)


__all__ = [
    "CHUNK_ROWS",
    "ObservationIn",
    "WriteResult",
    "local_day_start",
    "source_id",
    "store_raw",
    "write_observations",
]
