"""Benchmark: annual HJ 663 assessment of the demo's air stations from the observation store.

Store path (:func:`ljeco.modules.airquality.service.assess_sites`): one query for every series of the year, the
engine's daily statistics and assessment. Baseline, measured in the same process on the same database: the hourly
values read by one ``series_values`` call per series (the observation API's query, raw values, no decimation),
pivoted into the same frame and assessed by the same engine functions. Both must give the same assessment.

    .venv/bin/python bench/bench_air_store.py [YEAR]

With ``LJECO_DATA_DIR`` or ``LJECO_DATABASE_URL`` set, uses that database when it holds air data of YEAR (default:
last year; load it with ``LJECO_DATA_DIR=/tmp/x ljeco demo``); otherwise a temporary SQLite database with the
pack's seven national stations for that year (:func:`ljeco.modules.airquality.demo.load_demo_air`).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

NATIONAL = ("1414A", "1416A", "1417A", "1420A", "1425A", "1427A", "1428A")


def _has_air(year: int) -> bool:
    from sqlalchemy import inspect

    from ljeco.core.db import get_engine, read_session
    from ljeco.modules.airquality.reading import air_sites, local_day_bounds, read_hourly

    if not inspect(get_engine()).has_table("observations"):
        return False
    with read_session() as session:
        sites = air_sites(session, user=None)
        if not sites:
            return False
        lo, _ = local_day_bounds(date(year, 1, 1), date(year, 1, 1))
        return not read_hourly(session, sites[:1], lo, lo + 86400).frame.empty


def _temporary_database(year: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="ljeco-bench-air-"))
    os.environ["LJECO_DATA_DIR"] = str(tmp)
    os.environ.pop("LJECO_DATABASE_URL", None)
    from ljeco.core.config import get_settings
    from ljeco.core.db import get_engine, write_session
    from ljeco.core.migrate import upgrade
    from ljeco.core.timeutil import CST
    from ljeco.modules.airquality.demo import load_demo_air
    from ljeco.regions.liangjiang.demo import default_period

    get_settings.cache_clear()
    upgrade(get_engine())
    demo = default_period(datetime.now(CST).date())  # the demo's own period: the values `ljeco demo` stores
    t0 = time.perf_counter()
    with write_session() as s:
        n = load_demo_air(
            s,
            codes=NATIONAL,
            start=date(year, 1, 1),
            end=date(year + 1, 1, 1),
            generated=demo if demo[0].year == year else None,
        )
    print(f"temporary SQLite database : {tmp} ({n:,} values written in {time.perf_counter() - t0:.1f} s)")


def _per_series(year: int) -> tuple[pd.DataFrame, list[str], float]:
    """The baseline read: one ``series_values`` call per series, then the hourly frame."""
    from sqlalchemy import select

    from ljeco.accounts.models import Role, User
    from ljeco.core.db import read_session
    from ljeco.core.timeutil import CST
    from ljeco.modules.airquality.reading import AIR_PARAMETERS, air_sites, is_urban
    from ljeco.observations.models import Parameter, Series
    from ljeco.observations.queries import series_values

    user = User(username="bench", role=Role.bureau.value)
    lo = datetime(year, 1, 1, tzinfo=CST)
    hi = datetime(year + 1, 1, 1, tzinfo=CST)
    t0 = time.perf_counter()
    parts = []
    with read_session() as session:
        sites = air_sites(session, user=None)
        urban = [s.code for s in sites if is_urban(s)]
        stmt = (
            select(Series.id, Series.site_id, Parameter.code)
            .join(Parameter, Parameter.id == Series.parameter_id)
            .where(
                Series.site_id.in_([s.id for s in sites]),
                Series.interval_s == 3600,
                Parameter.code.in_(AIR_PARAMETERS),
            )
        )
        code_of = {s.id: s.code for s in sites}
        for sid, site_id, param in session.execute(stmt).all():
            got = series_values(
                session, user=user, series_id=sid, t_from=lo, t_to=hi, interval="hour", max_points=None
            )
            parts.append(
                pd.DataFrame(
                    {
                        "station": code_of[site_id],
                        "parameter": param,
                        "start": [p.period_from for p in got.data],
                        "value": [p.value if p.valid else np.nan for p in got.data],
                    }
                )
            )
    long = pd.concat(parts, ignore_index=True)
    wide = long.pivot_table(
        index=["station", "start"], columns="parameter", values="value", aggfunc="first", dropna=False
    )
    wide = wide.reset_index()
    label = pd.to_datetime(wide["start"], utc=True) + timedelta(hours=1)
    frame = pd.DataFrame({"station": wide["station"], "time": label.dt.tz_convert(CST).dt.tz_localize(None)})
    for p in AIR_PARAMETERS:
        frame[p] = wide[p].to_numpy(dtype=float) if p in wide.columns else np.nan
    return frame, urban, time.perf_counter() - t0


def main() -> None:
    year = int(sys.argv[1]) if len(sys.argv) > 1 else datetime.now(UTC).year - 1
    configured = "LJECO_DATA_DIR" in os.environ or "LJECO_DATABASE_URL" in os.environ
    if not (configured and _has_air(year)):
        _temporary_database(year)
    from ljeco.core.db import read_session
    from ljeco.modules.airquality.reading import air_sites, local_day_bounds, read_hourly
    from ljeco.modules.airquality.service import assess_sites
    from ljeco.standards.air.assess import assess_period
    from ljeco.standards.air.daily import daily_statistics

    start, end = date(year, 1, 1), date(year, 12, 31)
    with read_session() as session:  # warm-up (imports, page cache)
        assess_sites(session, user=None, site_codes=None, start=start, end=start)

    with read_session() as session:
        t0 = time.perf_counter()
        sites = air_sites(session, user=None)
        hourly = read_hourly(session, sites, *local_day_bounds(start, end))
        read_s = time.perf_counter() - t0
    with read_session() as session:
        t0 = time.perf_counter()
        store = assess_sites(session, user=None, site_codes=None, start=start, end=end)
        store_s = time.perf_counter() - t0

    frame, urban, base_read_s = _per_series(year)
    t0 = time.perf_counter()
    daily = daily_statistics(frame)
    base = assess_period(daily, start, end, city=bool(urban), city_stations=urban)
    base_s = base_read_s + time.perf_counter() - t0

    strip = [{k: v for k, v in r.to_dict().items() if k != "notes"} for r in store]
    same = strip == [{k: v for k, v in r.to_dict().items() if k != "notes"} for r in base]
    city = store[-1]
    print(f"year, stations, hours     : {year}, {len(sites)} stations, {len(hourly.frame):,} station-hours")
    print(f"store read (one query)    : {read_s:.3f} s")
    print(f"store read + assess       : {store_s:.3f} s  (assess_sites: stations and city)")
    print(f"per-series series_values  : {base_read_s:.3f} s read, {base_s:.3f} s with the same assessment")
    print(f"ratio baseline / store    : {base_s / store_s:.1f}× (read only: {base_read_s / read_s:.1f}×)")
    print(f"same assessment           : {same}")
    print(f"city {city.station}: good days {city.good_days}/{city.valid_days} = {city.good_day_ratio} %, "
          f"PM2.5 {city.statistics['pm25_mean'].value} µg/m³")  # fmt: skip


if __name__ == "__main__":
    main()
