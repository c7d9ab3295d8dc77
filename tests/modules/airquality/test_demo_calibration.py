"""The demo's air data, read through the store path, lands in the region pack's calibration ranges.

One national station (1427A 礼嘉, an urban assessment station) over the demo's last full calendar year
(``default_period``: the demo always covers last year and this year to date): 优良天数比例 85–97 % and PM2.5
annual mean 27–38 µg/m³ (the ranges the pack's generator is calibrated to; Chongqing main city 2020–2023).
The generator runs over the demo's own period, so these are the values ``ljeco demo`` stores today.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Engine

from ljeco.core.db import read_session, write_session
from ljeco.core.timeutil import CST
from ljeco.modules.airquality.demo import load_demo_air
from ljeco.modules.airquality.service import assess_sites, good_day_summary
from ljeco.regions.liangjiang.demo import default_period


def test_demo_station_year_in_calibration_ranges(engine: Engine) -> None:
    period = default_period(datetime.now(CST).date())
    year = period[0].year
    with write_session() as s:
        written = load_demo_air(
            s, codes=["1427A"], start=date(year, 1, 1), end=date(year + 1, 1, 1), generated=period
        )
    assert written > 0.99 * 365 * 24 * 6  # a few short gaps only
    with read_session() as session:
        station, city = assess_sites(
            session, user=None, site_codes=["1427A"], start=date(year, 1, 1), end=date(year, 12, 31)
        )
        summary = good_day_summary(session, user=None, year=year, until=date(year, 12, 31))
    assert station.station == "1427A" and city.station == "city"
    assert station.valid_days >= 324 and station.statistics["pm25_mean"].valid
    assert station.good_day_ratio is not None and 85 <= station.good_day_ratio <= 97
    pm25 = station.statistics["pm25_mean"].value
    assert pm25 is not None and 27 <= pm25 <= 38
    # One urban station: the city is that station (HJ 663 §6.1.4 with fewer than 4 stations: ≥ 50 %).
    assert (summary.good_days, summary.valid_days, summary.pm25_mean) == (
        station.good_days,
        station.valid_days,
        int(pm25),
    )
