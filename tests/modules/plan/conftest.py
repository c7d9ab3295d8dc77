"""A small store for the computed indicators: two urban air stations over three days and three water sections.

Every expected figure can be checked by hand against the standards' tables:

* air (constant hourly values, so each daily value equals them; the city's daily value is the stations' mean,
  HJ 663 Table A.2): PM2.5 24-h city means 30, 80 and 160 µg/m³ → HJ 633-2012 Table 1 IAQI 42.9 (良好 ≤ 100),
  106.25 (轻度污染) and 210 (重度污染 > 200); every other IAQI is smaller. So 1 good day of 3 valid (33.33 %),
  1 heavily polluted day, PM2.5 mean (30 + 80 + 160) / 3 = 90 µg/m³;
* water (GB 3838-2002 Table 1, river): 梁沱 DO 8.1, CODMn 1.9, NH3-N 0.12, TP 0.08 → Ⅱ (TP ≤ 0.1);
  御临镇 DO 5.5, CODMn 4.5, NH3-N 1.2 (Ⅳ: ≤ 1.5), TP 0.25 (Ⅳ: ≤ 0.3) → Ⅳ; 跃进桥 DO 1.5 and NH3-N 5.0 → 劣Ⅴ.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from ljeco.core.db import write_session
from ljeco.core.timeutil import CST
from ljeco.observations.catalog import add_admin_unit, add_site, ensure_series, seed_parameters
from ljeco.observations.store import ObservationIn, write_observations

DAYS = [date(2024, 1, 1), date(2024, 1, 2), date(2024, 1, 3)]
#: station → PM2.5 daily value per day [µg/m³]
PM25 = {"1427A": [30.0, 100.0, 160.0], "1425A": [30.0, 60.0, 160.0]}
CONTROL_PM25 = [500.0, 500.0, 500.0]  # the control station 1414A would spoil every day if it counted
OTHERS = {"so2": 5.0, "no2": 20.0, "co": 0.5, "o3": 50.0}
WATER = {
    "LJ-WS-LIANGTUO": {"ph": 7.8, "do": 8.1, "codmn": 1.9, "nh3n": 0.12, "tp": 0.08},
    "LJ-WS-YULINZHEN": {"ph": 7.5, "do": 5.5, "codmn": 4.5, "nh3n": 1.2, "tp": 0.25},
    "LJ-WS-CHAOYANGHE-YJQ": {"ph": 7.0, "do": 1.5, "codmn": 5.0, "nh3n": 5.0, "tp": 0.3},
}
UNTIL = date(2024, 1, 3)


@dataclass(frozen=True)
class Store:
    engine: Engine


def _air_rows(pm25: list[float]) -> list[tuple[datetime, str, float]]:
    rows = []
    for day, pm in zip(DAYS, pm25, strict=True):
        for h in range(24):
            t = datetime(day.year, day.month, day.day, tzinfo=CST) + timedelta(hours=h)
            rows.append((t, "pm25", pm))
            rows.append((t, "pm10", pm * 1.2))
            rows.extend((t, p, v) for p, v in OTHERS.items())
    return rows


def _write(code: str, rows: list[tuple[datetime, str, float]], interval_s: int) -> None:
    with write_session() as s:
        obs = [
            ObservationIn(ensure_series(s, site=code, parameter=p, interval_s=interval_s).id, t, v, "N")
            for t, p, v in rows
        ]
        write_observations(s, obs, source="test:plan")


@pytest.fixture
def store(engine: Engine) -> Store:
    with write_session() as s:
        seed_parameters(s)
        add_admin_unit(s, code="LJ", name="两江新区", kind="district")
        for code in PM25:
            add_site(
                s, code=code, name=code, kind="air_station", admin_unit_code="LJ", disclosed=True,
                attributes={"role": "in_area", "urban_assessment": True},
            )  # fmt: skip
        add_site(
            s, code="1414A", name="对照点", kind="air_station", admin_unit_code="LJ", disclosed=True,
            attributes={"role": "control"},
        )  # fmt: skip
        for code in WATER:
            add_site(
                s, code=code, name=code, kind="water_section", admin_unit_code="LJ", water_target_class="III"
            )
    for code, pm in PM25.items():
        _write(code, _air_rows(pm), 3600)
    _write("1414A", _air_rows(CONTROL_PM25), 3600)
    when = datetime(2024, 1, 2, 10, tzinfo=CST)
    for code, values in WATER.items():
        _write(code, [(when, p, v) for p, v in values.items()], 86400)
    return Store(engine)
