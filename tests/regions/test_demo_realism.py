"""The demo judged by the real engines: it lands where bulletins do, and every window gives a table."""

from __future__ import annotations

from datetime import date

from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import demo_tables
from ljeco.standards import noise


def test_demo_noise_compliance_by_zone_is_realistic():
    region = load_region("liangjiang")
    frame = next(demo_tables(region, date(2025, 1, 1), date(2026, 1, 1), only=("noise_hourly",))).frame.copy()
    zones = {s.code: s.zone_class for s in region.sites if s.kind == "noise"}
    frame["station"] = frame["site"]
    frame["zone_class"] = frame["site"].map(zones)
    frame["time"] = frame["time"].dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    days = noise.assess_hourly(frame[["station", "time", "leq", "lmax", "zone_class"]], label="start")
    rate = days.groupby("zone_class")["compliant"].mean()
    # Residential, mixed and industrial zones mostly comply; road (4a) and rail (4b) sides fail about half the nights.
    assert (rate[["1", "2", "3"]] >= 0.8).all(), rate
    assert ((rate[["4a", "4b"]] >= 0.2) & (rate[["4a", "4b"]] <= 0.8)).all(), rate


def test_short_windows_give_empty_tables_not_errors():
    from ljeco.regions.liangjiang.demo import TABLE_NAMES

    region = load_region("liangjiang")
    for name in TABLE_NAMES:
        table = next(demo_tables(region, date(2025, 7, 20), date(2025, 7, 22), only=(name,)))
        # water_manual has no sampling day in this window: an empty table, not "No objects to concatenate".
        assert table.name == name
