"""Demo noise, groundwater and soil."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import groundwater_quarterly, noise_hourly, soil_yearly
from ljeco.regions.liangjiang.demo.noise import ZONE_LIMITS


@pytest.fixture(scope="module")
def region():
    return load_region("liangjiang")


def test_zone_limits_are_gb3096_table_1():
    assert ZONE_LIMITS["1"] == (55.0, 45.0)
    assert ZONE_LIMITS["2"] == (60.0, 50.0)
    assert ZONE_LIMITS["3"] == (65.0, 55.0)
    assert ZONE_LIMITS["4a"] == (70.0, 55.0)
    assert ZONE_LIMITS["4b"] == (70.0, 60.0)


def test_noise_levels_follow_zone_classes(region):
    frame = noise_hourly(region.sites, date(2025, 1, 1), date(2025, 7, 1), 3)
    assert frame.equals(noise_hourly(region.sites, date(2025, 1, 1), date(2025, 7, 1), 3))
    hour = frame["time"].dt.tz_convert("Asia/Shanghai").dt.hour
    night = (hour >= 22) | (hour < 6)  # GB 3096-2008 §3: day 06:00–22:00
    zone = frame.site.map({s.code: s.zone_class for s in region.sites_of("noise")})
    day_mean = frame[~night].groupby(zone[~night])["leq"].mean()
    assert day_mean["1"] < day_mean["2"] < day_mean["3"] < day_mean["4a"]
    assert (frame["lmax"] > frame["leq"]).all()
    # Residential zones mostly meet the day limit; road-side stations often exceed the night limit.
    res = frame[(zone == "1") & ~night]
    assert (res["leq"] <= 55).mean() > 0.8
    road = frame[(zone == "4a") & night]
    assert 0.3 < (road["leq"] > 55).mean() < 0.95


def test_groundwater_quarterly(region):
    gw = groundwater_quarterly(region.sites, date(2024, 1, 1), date(2026, 1, 1), 3)
    assert len(gw) == 8 * len(region.sites_of("groundwater"))
    months = gw["time"].dt.tz_convert("Asia/Shanghai").dt.month
    assert set(months) == {2, 5, 8, 11}
    plating = gw[gw.site == "LJ-GW-03"]
    assert plating["cr6"].notna().all() and gw[gw.site != "LJ-GW-03"]["cr6"].isna().all()
    # GB/T 14848-2017 Table 1 class III: nitrate ≤ 20 mg/L (as N), fluoride ≤ 1.0, NH3-N ≤ 0.5 mostly.
    assert (gw["nitrate"] <= 20).all()
    assert (gw["nh3n"] <= 0.5).mean() > 0.85


def test_soil_yearly(region):
    soil = soil_yearly(region.sites, date(2024, 1, 1), date(2026, 1, 1), 3)
    assert len(soil) == 2 * len(region.sites_of("soil"))
    by_site = soil.groupby("site").mean(numeric_only=True)
    assert by_site.loc["LJ-SO-03", "cr"] > 1.5 * by_site.loc["LJ-SO-06", "cr"]  # the plating park
    # GB 36600-2018 Table 1 second-class screening values: Cd 65, Pb 800, Ni 900, Cu 18000 mg/kg.
    assert (soil["cd"] < 65).all() and (soil["pb"] < 800).all() and (soil["ni"] < 900).all()
    pd.testing.assert_frame_equal(soil, soil_yearly(region.sites, date(2024, 1, 1), date(2026, 1, 1), 3))
