"""Demo complaints: categories in the region note's mix, summer evenings, places in the frame of the day."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import complaints
from ljeco.regions.liangjiang.demo.complaints import CATEGORIES, DAILY_RATE


@pytest.fixture(scope="module")
def region():
    return load_region("liangjiang")


@pytest.fixture(scope="module")
def two_years(region):
    return complaints(region, date(2024, 1, 1), date(2026, 1, 1), 2021)


def test_deterministic(region):
    a = complaints(region, date(2025, 6, 1), date(2025, 6, 15), 5)
    pd.testing.assert_frame_equal(a, complaints(region, date(2025, 6, 1), date(2025, 6, 15), 5))


def test_volume_and_mix(two_years):
    assert abs(len(two_years) / 731 - DAILY_RATE) < 1.0
    shares = two_years["category"].value_counts(normalize=True)
    for name, share, _ in CATEGORIES:
        assert abs(shares[name] - share) < 0.03, name
    assert shares.idxmax() == "噪声"  # noise is over-represented in Chongqing (MEE, January 2020)


def test_summer_evenings(two_years):
    local = two_years["time"].dt.tz_convert("Asia/Shanghai")
    by_month = local.dt.month.value_counts()
    assert by_month[7] > 1.3 * by_month[1]
    by_hour = local.dt.hour.value_counts()
    assert by_hour[20] > 3 * by_hour[3]


def test_places_follow_the_frame_of_the_day(region, two_years):
    local_day = two_years["time"].dt.tz_convert("Asia/Shanghai").dt.date
    before = two_years[local_day < date(2025, 11, 6)]
    after = two_years[local_day >= date(2025, 11, 6)]
    assert set(before["frame"]) == {"plan2021"} and set(after["frame"]) == {"district2025"}
    units = {u.code: u for u in region.units}
    assert all(units[c].frame == f for c, f in zip(two_years["admin_unit"], two_years["frame"], strict=True))
    assert two_years["text"].str.len().min() > 8
    industrial = two_years[two_years["subcategory"] == "工业废水"]
    assert industrial["enterprise"].notna().any()
