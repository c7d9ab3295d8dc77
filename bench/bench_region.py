"""Benchmark: generating the Liangjiang demo (two years, whole pack) and loading the pack.

Run: ``.venv/bin/python bench/bench_region.py [--years 2]``. Prints the time of each demo table, the total, rows
per second, and the ratio against a baseline measured in the same process: the same air model written as a plain
per-hour Python loop (the obvious first implementation), timed on one station-month and scaled to the pack.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from datetime import date

from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import demo_tables, to_observations
from ljeco.regions.liangjiang.demo.air import PM25_MONTHLY


def _baseline_air_station_month(seed: int) -> int:
    """Per-hour loop producing six values an hour for 30 days (same arithmetic shape as the vectorised model)."""
    rnd = random.Random(seed)
    rows = 0
    day_factor = 0.0
    for _day in range(30):
        day_factor = 0.7 * day_factor + rnd.gauss(0, 0.3 * math.sqrt(1 - 0.49))
        for hour in range(24):
            base = PM25_MONTHLY[0] * (1 + 0.15 * math.cos(2 * math.pi * (hour - 10) / 12))
            values = {}
            for name, scale in (
                ("pm25", 1.0),
                ("pm10", 1.5),
                ("no2", 0.8),
                ("so2", 0.2),
                ("co", 0.02),
                ("o3", 1.1),
            ):
                values[name] = round(base * scale * math.exp(day_factor + rnd.gauss(0, 0.18)), 1)
            rows += len(values)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=2)
    args = parser.parse_args()
    t0 = time.perf_counter()
    load_region.cache_clear()
    region = load_region("liangjiang")
    t_load = time.perf_counter() - t0
    print(f"load + validate pack          : {t_load:6.2f} s")
    start, end = date(2026 - args.years, 1, 1), date(2026, 1, 1)
    total_rows = 0
    t_all = time.perf_counter()
    air_values = 0
    t = time.perf_counter()
    for table in demo_tables(region, start, end, 2021):
        rows = (
            len(table.frame) if table.name in ("cems_hourly", "complaints") else len(to_observations(table))
        )
        took = time.perf_counter() - t
        total_rows += rows
        print(f"{table.name:<30}: {rows:>10,} values/rows in {took:5.2f} s (generation + narrow rows)")
        t = time.perf_counter()
        if table.name == "air_hourly":
            air_values = rows
    total = time.perf_counter() - t_all
    print(
        f"total generation ({args.years} years)   : {total:6.2f} s, {total_rows:,} rows, {total_rows / total:,.0f} rows/s"
    )
    # Air alone, vectorised vs the per-hour loop baseline (scaled from one station-month).
    t = time.perf_counter()
    next(demo_tables(region, start, end, 2021, only=("air_hourly",)))
    air_seconds = time.perf_counter() - t
    t = time.perf_counter()
    base_rows = _baseline_air_station_month(1)
    base_seconds = (time.perf_counter() - t) * air_values / base_rows
    print(f"air vectorised                : {air_seconds:6.2f} s for {air_values:,} values")
    print(f"air per-hour loop (scaled)    : {base_seconds:6.2f} s")
    print(f"ratio loop / vectorised       : {base_seconds / air_seconds:6.1f}x")


if __name__ == "__main__":
    main()
