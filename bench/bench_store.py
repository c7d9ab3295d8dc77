"""Observation store benchmark (issue #3 targets), each figure with its ratio to a baseline measured here.

Run: ``.venv/bin/python bench/bench_store.py`` (full: 100 stations × 6 parameters × 1 year hourly in SQLite)
     ``.venv/bin/python bench/bench_store.py --stations 10``  (quick)
     ``LJECO_BENCH_PG_URL=postgresql+psycopg://… .venv/bin/python bench/bench_store.py``  (adds PostgreSQL load)

Figures:
1. bulk load into SQLite [obs/s] via ``write_observations``; baseline: the same rows into a rowid table with a
   datetime column and a unique index (``INSERT … ON CONFLICT`` executemany) — the schema we did not choose.
2. one series-year decimated to 2,000 points [ms p95]; baseline: the same year undecimated.
3. latest value of 1,000 series [ms p95] from the ``obs_latest`` pointer table (service call and HTTP API);
   baseline: the scanning query (max(t) per series over the observations).
4. full rollup of the year from raw [s]; 5. one new hour for every series folded in incrementally [s].
6. bulk load into PostgreSQL (COPY) [obs/s], and an identical re-send through the merge path, when a URL is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("LJECO_ENV", "test")
os.environ.setdefault("LJECO_DATA_DIR", tempfile.mkdtemp(prefix="ljeco-bench-"))

from sqlalchemy import Engine, text

from ljeco.accounts.models import User
from ljeco.core.db import get_engine, read_session, write_session
from ljeco.core.migrate import upgrade
from ljeco.observations import queries
from ljeco.observations.catalog import add_site, ensure_series, seed_parameters
from ljeco.observations.rollups import rebuild, refresh
from ljeco.observations.store import write_observations

PARAMS = ["so2", "no2", "co", "o3", "pm10", "pm25"]
YEAR_START = datetime(2024, 12, 31, 16, tzinfo=UTC)  # 2025-01-01 00:00 local
HOURS = 365 * 24
BUREAU = User(id=0, username="bench", role="bureau", password_hash="")


def p95(samples: list[float]) -> float:
    return float(np.percentile(samples, 95))


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def setup(engine: Engine, stations: int, extra_series: int) -> list[list[int]]:
    upgrade(engine)
    with write_session(engine) as s:
        seed_parameters(s)
        ids = []
        for i in range(stations):
            site = add_site(s, code=f"S{i:03d}", name=f"站{i}", kind="air_station", lon=106.5, lat=29.6)
            ids.append([ensure_series(s, site=site, parameter=p, interval_s=3600).id for p in PARAMS])
        for j in range(extra_series):
            site = add_site(s, code=f"X{j:04d}", name=f"微站{j}", kind="micro_station", lon=106.6, lat=29.7)
            ids.append([ensure_series(s, site=site, parameter="pm25", interval_s=3600).id])
    return ids


def station_frame(series_ids: list[int], rng: np.random.Generator, hours: int = HOURS) -> pd.DataFrame:
    t = int(YEAR_START.timestamp()) + np.arange(hours, dtype=np.int64) * 3600
    parts = []
    for sid in series_ids:
        values = np.round(rng.gamma(2.0, 20.0, hours), 1)
        parts.append(pd.DataFrame({"series_id": sid, "time": t, "value": values}))
    return pd.concat(parts, ignore_index=True)


def bench_sqlite(stations: int) -> dict[str, float]:
    tmp = Path(tempfile.mkdtemp(prefix="ljeco-bench-store-"))
    engine = get_engine(f"sqlite:///{tmp / 'store.sqlite3'}")
    extra = max(0, 1000 - stations * len(PARAMS)) if stations == 100 else 0
    ids = setup(engine, stations, extra)
    rng = np.random.default_rng(7)
    frames = [station_frame(sids, rng) for sids in ids[:stations]]
    n = sum(len(f) for f in frames)
    start = time.perf_counter()
    for frame in frames:
        with write_session(engine) as s:
            write_observations(s, frame, source="bench")
    load_s = time.perf_counter() - start
    results = {"sqlite_load_obs_s": n / load_s}
    print(f"1. SQLite bulk load: {n:,} obs in {load_s:.1f} s = {n / load_s:,.0f} obs/s (target ≥ 200,000)")

    # Layout baseline: the same 1/10 of the rows by plain executemany into (a) the layout we chose and (b) a rowid
    # table with a datetime column and a unique index, each in a fresh database file.
    sample = pd.concat(frames[: max(1, len(frames) // 10)], ignore_index=True)
    layout = {
        "chosen (WITHOUT ROWID, epoch s)": (
            "CREATE TABLE o (series_id INTEGER NOT NULL, t BIGINT NOT NULL, value FLOAT, flag VARCHAR(2) NOT NULL, "
            "PRIMARY KEY (series_id, t)) WITHOUT ROWID",
            sample["time"].tolist(),
        ),
        "rowid + datetime + unique index": (
            "CREATE TABLE o (id INTEGER PRIMARY KEY, series_id INTEGER NOT NULL, t DATETIME NOT NULL, value FLOAT, "
            "flag VARCHAR(2) NOT NULL, UNIQUE (series_id, t))",
            pd.to_datetime(sample["time"], unit="s").dt.strftime("%Y-%m-%d %H:%M:%S.000000").tolist(),
        ),
    }
    rates: dict[str, float] = {}
    sizes: dict[str, float] = {}
    for name, (ddl, stamps) in layout.items():
        eng = get_engine(f"sqlite:///{tmp / (str(len(rates)) + '.sqlite3')}")
        with eng.begin() as conn:
            conn.exec_driver_sql(ddl)
        rows = list(zip(sample["series_id"].tolist(), stamps, sample["value"].tolist(), strict=True))
        start = time.perf_counter()
        for i in range(0, len(rows), HOURS * len(PARAMS)):
            with eng.begin() as conn:
                dbapi = conn.connection.driver_connection
                assert dbapi is not None
                dbapi.cursor().executemany(
                    "INSERT INTO o (series_id, t, value, flag) VALUES (?, ?, ?, 'N')",
                    rows[i : i + HOURS * len(PARAMS)],
                )
        rates[name] = len(rows) / (time.perf_counter() - start)
        with eng.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        sizes[name] = (tmp / f"{len(rates) - 1}.sqlite3").stat().st_size / 1e6
        eng.dispose()
    chosen, other = rates.values()
    print(
        f"   plain executemany, {len(sample):,} rows: chosen layout {chosen:,.0f} obs/s, rowid+datetime+unique "
        f"{other:,.0f} obs/s (layout ratio {chosen / other:.2f}); store path / plain chosen = "
        f"{results['sqlite_load_obs_s'] / chosen:.2f}"
    )
    print("   file size: " + ", ".join(f"{name} {mb:.1f} MB" for name, mb in sizes.items()))

    if extra:
        with write_session(engine) as s:
            tail = pd.DataFrame(
                {
                    "series_id": [sid[0] for sid in ids[stations:]],
                    "time": int(YEAR_START.timestamp()),
                    "value": 5.0,
                }
            )
            write_observations(s, tail, source="bench")

    sid = ids[0][5]
    t_from, t_to = YEAR_START, YEAR_START + timedelta(hours=HOURS)
    with read_session(engine) as s:

        def decimated() -> object:
            return queries.series_values(
                s, user=BUREAU, series_id=sid, t_from=t_from, t_to=t_to, max_points=2000
            )

        def full() -> object:
            return queries.series_values(
                s, user=BUREAU, series_id=sid, t_from=t_from, t_to=t_to, max_points=None
            )

        dec = timed(decimated, 30)
        base = timed(full, 10)
        got = decimated()
        assert getattr(got, "count", 0) <= 2000
    results["decimate_p95_ms"] = p95(dec)
    print(
        f"2. series-year ({HOURS:,} h) → 2,000 points: p95 {p95(dec):.1f} ms (target < 100); "
        f"undecimated p95 {p95(base):.1f} ms; ratio {p95(dec) / p95(base):.2f}"
    )

    with read_session(engine) as s:
        n_series = len(queries.latest(s, user=BUREAU))
        lat = timed(lambda: queries.latest(s, user=BUREAU), 30)

        def scan() -> object:
            return s.execute(
                text(
                    "SELECT o.series_id, o.t, o.value, o.flag FROM observations o JOIN "
                    "(SELECT series_id, max(t) AS t FROM observations GROUP BY series_id) m "
                    "ON m.series_id = o.series_id AND m.t = o.t"
                )
            ).all()

        scan_ms = timed(scan, 3)
    results["latest_p95_ms"] = p95(lat)
    print(
        f"3. latest of {n_series:,} series (service): p95 {p95(lat):.1f} ms (target < 100); "
        f"scanning max(t) baseline p95 {p95(scan_ms):.0f} ms; ratio {p95(lat) / p95(scan_ms):.3f}"
    )
    api = bench_api(engine, sid, t_from, t_to)
    if api is not None:
        results["latest_api_p95_ms"], results["decimate_api_p95_ms"] = api
        print(f"   latest via HTTP API (TestClient, bearer token, JSON): p95 {api[0]:.1f} ms")
        print(f"   series-year → 2,000 points via HTTP API: p95 {api[1]:.1f} ms")

    start = time.perf_counter()
    with write_session(engine) as s:
        stats = rebuild(s)
    rebuild_s = time.perf_counter() - start
    results["rollup_full_s"] = rebuild_s
    print(
        f"4. full rollup from raw: {stats.rows:,} rows for {stats.series} series in {rebuild_s:.1f} s (target < 30)"
    )

    next_hour = int(YEAR_START.timestamp()) + HOURS * 3600
    new = pd.DataFrame({"series_id": [x for sids in ids for x in sids], "time": next_hour, "value": 42.0})
    start = time.perf_counter()
    with write_session(engine) as s:
        write_observations(s, new, source="bench")
        inc = refresh(s)
    inc_s = time.perf_counter() - start
    results["rollup_incremental_s"] = inc_s
    print(
        f"5. one new hour for {len(new):,} series written and folded in: {inc_s:.2f} s (target < 1); "
        f"ratio to full rollup {inc_s / rebuild_s:.3f} ({inc.rows:,} rollup rows)"
    )
    engine.dispose()
    return results


def bench_api(engine: Engine, sid: int, t_from: datetime, t_to: datetime) -> tuple[float, float] | None:
    try:
        from fastapi.testclient import TestClient

        from ljeco.accounts import service
        from ljeco.core.audit import SYSTEM
        from ljeco.core.config import get_settings
        from ljeco.web.app import create_app
    except ImportError:  # the web package is optional for this benchmark
        return None
    os.environ["LJECO_DATABASE_URL"] = str(engine.url)
    get_settings.cache_clear()
    with write_session(engine) as s:
        user = service.create_user(
            s, username="benchapi", password="bench password 123", role="bureau", actor=SYSTEM
        )
        token = service.create_token(s, user=user, name="bench", actor=SYSTEM)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(), base_url="http://127.0.0.1") as client:
        # Measure the steady state: let the app's start-up warm-ups (ljeco.web.app.on_startup) finish first.
        for thread in threading.enumerate():
            if thread.name.startswith("startup-"):
                thread.join(60)
        assert client.get("/api/v1/latest", headers=headers).status_code == 200
        samples = timed(lambda: client.get("/api/v1/latest", headers=headers), 20)
        url = f"/api/v1/series/{sid}/observations"
        params = {"from": t_from.isoformat(), "to": t_to.isoformat(), "max_points": "2000"}
        assert client.get(url, params=params, headers=headers).json()["count"] <= 2000
        series = timed(lambda: client.get(url, params=params, headers=headers), 20)
        floor = timed(lambda: client.get("/api/v1/sites", params={"limit": 1}, headers=headers), 20)
    print(
        f"   per-request floor of the app (GET /api/v1/sites?limit=1, same client and token): p95 {p95(floor):.1f} ms"
    )
    return p95(samples), p95(series)


def bench_pg(url: str, rows: int) -> None:
    engine = get_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    ids = setup(engine, max(1, rows // (HOURS * len(PARAMS))), 0)
    rng = np.random.default_rng(7)
    frames = [station_frame(sids, rng) for sids in ids]
    n = sum(len(f) for f in frames)
    start = time.perf_counter()
    for frame in frames:
        with write_session(engine) as s:
            write_observations(s, frame, source="bench")
    load_s = time.perf_counter() - start
    again = time.perf_counter()
    with write_session(engine) as s:
        res = write_observations(s, frames[0], source="bench")
    resend_s = time.perf_counter() - again
    print(
        f"6. PostgreSQL bulk load (COPY, append path): {n:,} obs in {load_s:.1f} s = {n / load_s:,.0f} obs/s "
        f"(target ≥ 100,000); re-send of {len(frames[0]):,} identical rows (COPY → temp → merge) "
        f"{len(frames[0]) / resend_s:,.0f} obs/s "
        f"(unchanged {res.unchanged:,})"
    )
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--stations", type=int, default=100)
    parser.add_argument("--pg-rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    print(f"observation store benchmark — {args.stations} stations × {len(PARAMS)} parameters × {HOURS:,} h")
    bench_sqlite(args.stations)
    pg = os.environ.get("LJECO_BENCH_PG_URL")
    if pg:
        bench_pg(pg, args.pg_rows)
    else:
        print("6. PostgreSQL: skipped (set LJECO_BENCH_PG_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
