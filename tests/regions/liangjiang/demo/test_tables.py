"""The demo table loop the `ljeco demo` command will run."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import TABLE_NAMES, default_period, demo_tables, to_observations


def test_default_period_is_last_full_year_and_this_year_to_date():
    assert default_period(date(2026, 11, 28)) == (date(2025, 1, 1), date(2026, 11, 28))
    assert default_period(date(2026, 1, 1)) == (date(2025, 1, 1), date(2026, 1, 1))


def test_tables_and_observation_rows():
    region = load_region("liangjiang")
    tables = {t.name: t for t in demo_tables(region, date(2025, 7, 1), date(2025, 8, 1), 2021)}
    assert tuple(tables) == TABLE_NAMES
    obs = to_observations(tables["air_hourly"])
    assert list(obs.columns) == ["site", "parameter", "time", "value", "flag", "interval_s"]
    assert set(obs["parameter"]) == {"so2", "no2", "co", "o3", "pm10", "pm25"}
    assert obs["value"].notna().all() and (obs["interval_s"] == 3600).all()
    assert obs["time"].dt.tz is not None
    # A missing hour is absent, not a row with NaN.
    wide = tables["air_hourly"].frame
    assert len(obs) == int(wide[["so2", "no2", "co", "o3", "pm10", "pm25"]].notna().sum().sum())
    water = to_observations(tables["water_auto"])
    assert (water["interval_s"] == 4 * 3600).all()
    with pytest.raises(ValueError):
        to_observations(tables["cems_hourly"])


def test_same_seed_same_tables():
    region = load_region("liangjiang")
    one = {t.name: t.frame for t in demo_tables(region, date(2025, 2, 1), date(2025, 2, 8), 3)}
    two = {t.name: t.frame for t in demo_tables(region, date(2025, 2, 1), date(2025, 2, 8), 3)}
    for name in one:
        pd.testing.assert_frame_equal(one[name], two[name])
