"""Demo CEMS: per monitored outlet, with exceedances, outages and one flat line."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import cems_hourly
from ljeco.regions.liangjiang.demo.cems import FLAT_LINE_DAYS


@pytest.fixture(scope="module")
def region():
    return load_region("liangjiang")


@pytest.fixture(scope="module")
def year(region):
    return cems_hourly(region.enterprises, date(2025, 1, 1), date(2026, 1, 1), 2021)


def test_every_monitored_outlet_and_pollutant_is_there(region, year):
    expected = {(o.mn, p.hj212_code) for _, o in region.monitored_outlets() for p in o.pollutants}
    got = set(zip(year["mn"].astype(str), year["hj212_code"].astype(str), strict=True))
    assert got == expected
    unmonitored = {o.code for e in region.enterprises for o in e.outlets if not o.monitored}
    assert unmonitored  # there are outlets without a device, and they send nothing
    assert set(year["flag"].astype(str)) == {"N", "D", "M"}  # HJ 212-2017 data flags


def test_deterministic(region):
    a = cems_hourly(region.enterprises[:5], date(2025, 3, 1), date(2025, 3, 4), 8)
    b = cems_hourly(region.enterprises[:5], date(2025, 3, 1), date(2025, 3, 4), 8)
    pd.testing.assert_frame_equal(a, b)


def test_mostly_within_limits_with_occasional_exceedances(year):
    limited = year[year["limit"].notna() & (year["parameter"] != "ph") & (year["flag"] == "N")]
    over = limited["value"] > limited["limit"]
    assert 0 < over.mean() < 0.01
    assert limited.loc[over, "mn"].nunique() >= 5  # spread over several outlets, not one broken device
    assert (limited["value"] >= 0).all()


def test_outages(year):
    # Transmission gaps: hours absent from a full year of 8760 for some series.
    per_series = year.groupby(["mn", "parameter"], observed=True).size()
    assert (per_series < 8760).mean() > 0.8 and (per_series > 8000).all()
    assert (year["flag"] == "D").sum() > 0


def test_one_flat_line(year):
    info = year.attrs["flat_line"]
    series = year[(year["mn"] == info["mn"]) & (year["parameter"] == info["parameter"])].set_index("time")
    window = series.loc[info["start"] : info["end"] - pd.Timedelta(hours=1), "value"]
    assert len(window) == 24 * FLAT_LINE_DAYS
    assert window.nunique() == 1 and (series.loc[window.index, "flag"] == "N").all()
    # Nowhere else does a COD series repeat one value for a whole day.
    cod = year[year["parameter"] == "cod"].copy()
    cod["day"] = cod["time"].dt.floor("D")
    flat_days = cod.groupby(["mn", "day"], observed=True)["value"].agg(
        lambda v: len(v) == 24 and v.nunique() == 1
    )
    assert set(flat_days[flat_days].index.get_level_values(0)) == {info["mn"]}


def test_ph_within_6_to_9_outside_events(year):
    ph = year[year["parameter"] == "ph"]["value"]
    assert ph.between(6, 9).mean() > 0.99
    assert np.isfinite(ph).all()


def test_by_device_gives_hourly_upload_content(region):
    from ljeco.regions.liangjiang.demo.cems import cems_by_device

    frame = cems_hourly(region.enterprises[:4], date(2025, 3, 1), date(2025, 3, 8), 2)
    devices = dict(cems_by_device(frame))
    assert set(devices) == set(frame["mn"].astype(str))
    mn, table = next(iter(devices.items()))
    rows = frame[frame["mn"] == mn]
    codes = sorted(set(rows["hj212_code"].astype(str)))
    assert list(table.columns) == sorted([f"{c}-Avg" for c in codes] + [f"{c}-Flag" for c in codes])
    first = rows.iloc[0]
    assert table.loc[first["time"], f"{first['hj212_code']}-Avg"] == first["value"]
    assert table.loc[first["time"], f"{first['hj212_code']}-Flag"] == first["flag"]
    assert table.index.is_monotonic_increasing
