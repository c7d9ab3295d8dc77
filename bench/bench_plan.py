"""Plan cockpit benchmarks (issue 8): computing the plan's indicators from the store, and writing the reports.

1. ``compute_plan`` for one year of the Liangjiang demo data (air hourly of every station, water automatic and
   manual samples, loaded through the demo's own path into a scratch SQLite database): store read + air engine +
   water engine for all 14 computed indicators, against the peer "air engine alone on the same hours already in
   memory" (``daily_statistics`` + ``assess_period`` of the urban stations), measured in the same run. The ratio
   is the price of reading the store and of the water sections.
2. The three report formats of the final assessment (93 indicators, 165 tasks), against building the report data
   (``build_report``: statuses, tasks, history) as the baseline.

    .venv/bin/python bench/bench_plan.py [--months N] [--repeat N]

Times are wall-clock ``perf_counter`` medians of ``--repeat`` runs after one untimed warm-up. Loading the demo
is not timed. Nothing here is asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from pathlib import Path


def _median(fn: Callable[[], object], repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=12, help="months of demo data (from 1 January 2025)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="ljeco-bench-plan-"))
    os.environ["LJECO_DATA_DIR"] = str(scratch)
    os.environ.pop("LJECO_DATABASE_URL", None)

    import pandas as pd

    from ljeco.core.audit import CLI
    from ljeco.core.db import get_engine, read_session, write_session
    from ljeco.core.migrate import upgrade
    from ljeco.core.timeutil import CST
    from ljeco.demo.loader import load_catalog, load_observations
    from ljeco.modules.plan.compute import city_air_stations, compute_plan
    from ljeco.modules.plan.reports import build_report, write_report
    from ljeco.modules.plan.service import ensure_default_plan, get_plan
    from ljeco.regions import load_region
    from ljeco.regions.liangjiang.demo import demo_tables
    from ljeco.standards.air.assess import assess_period
    from ljeco.standards.air.daily import daily_statistics

    start = date(2025, 1, 1)
    month = start
    for _ in range(args.months):
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    end, until = month, month - timedelta(days=1)
    upgrade(get_engine())
    region = load_region("liangjiang")
    with write_session() as s:
        load_catalog(s, region)
        ensure_default_plan(s, actor=CLI)
    tables = {
        t.name: t for t in demo_tables(region, start, end, only=("air_hourly", "water_auto", "water_manual"))
    }
    for table in tables.values():
        with write_session() as s:
            load_observations(s, table, lambda *_: None)
    print(f"demo data {start} … {until}: {sum(len(t.frame) for t in tables.values()):,} rows (not timed)")

    with read_session() as s:
        plan = get_plan(s)
        stations = city_air_stations(s)

    def ours() -> object:
        with read_session() as s:
            return compute_plan(s, plan, 2025, until=until)

    frame = tables["air_hourly"].frame
    frame = frame[frame["site"].isin(stations)]
    ends = (frame["time"] + pd.Timedelta(hours=1)).dt.tz_convert(CST).dt.strftime("%Y-%m-%d %H:%M")
    hourly = pd.DataFrame({"station": frame["site"].to_numpy(), "time": ends.to_numpy()})
    for p in ("so2", "no2", "co", "o3", "pm10", "pm25"):
        hourly[p] = frame[p].to_numpy()

    def peer() -> object:
        daily = daily_statistics(hourly, edition="2012")
        return assess_period(daily, start, until, edition="2012", limits="2012")

    t_ours, t_peer = _median(ours, args.repeat), _median(peer, args.repeat)
    print(f"compute_plan, 14 computed indicators, {len(stations)} urban stations: {t_ours:.3f} s")
    print(
        f"peer: air engine alone on the same hours in memory: {t_peer:.3f} s; ratio ours/peer {t_ours / t_peer:.2f}"
    )

    with write_session() as s:
        from ljeco.modules.plan.compute import compute_and_store

        compute_and_store(s, year=2025, until=until, actor=CLI)
    out = scratch / "reports"

    def data() -> object:
        with read_session() as s:
            return build_report(s, kind="final", year=2025)

    t_data = _median(data, args.repeat)
    print(f"build_report (final, 2025; baseline): {t_data:.3f} s")
    with read_session() as s:
        report = build_report(s, kind="final", year=2025)
    for fmt in ("html", "xlsx", "docx"):
        t = _median(partial(write_report, report, out / f"final.{fmt}"), args.repeat)
        print(f"write {fmt}: {t:.3f} s; ratio to build_report {t / t_data:.2f}")


if __name__ == "__main__":
    main()
