"""Three air stations with two days of hand-made hourly values, written through the store's write path, and the
same values as the file CLI's CSV.

Values are constant over each station-day, so every daily mean equals the hourly value and each AQI can be checked
by hand against HJ 633-2012 Table 1 (the data are of January 2024: the 2012 edition applies):

* A1 (urban): day 1 so2 10, no2 40, co 1.0, o3 60, pm10 100, pm25 75 — one hour's PM2.5 stored with flag D (999,
  dropped, 23 valid hours); day 2 the same but pm10 150, pm25 115.
* A2 (urban): both days so2 6, no2 20, co 0.6, o3 80, pm10 40, pm25 35; day 2 lacks the hours labelled 01:00–05:00
  (19 hours: daily means invalid, GB 3095 Table 4; MDA8 still valid with exactly 14 windows, HJ 663 §6.1.2).
* A3 (control, not urban): both days pm25 150, pm10 200, so2 10, no2 40, co 1.0, o3 60.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ljeco.core.db import write_session
from ljeco.core.timeutil import CST
from ljeco.observations.catalog import add_admin_unit, add_site, ensure_series, seed_parameters
from ljeco.observations.store import ObservationIn, write_observations

POLLUTANTS = ("so2", "no2", "co", "o3", "pm10", "pm25")
DAY1 = datetime(2024, 1, 1, tzinfo=CST)  # local midnight: the hour labelled 01:00 starts here
DAY2 = DAY1 + timedelta(days=1)

BASE_A1 = {"so2": 10.0, "no2": 40.0, "co": 1.0, "o3": 60.0, "pm10": 100.0, "pm25": 75.0}
A1_DAY2 = BASE_A1 | {"pm10": 150.0, "pm25": 115.0}
BASE_A2 = {"so2": 6.0, "no2": 20.0, "co": 0.6, "o3": 80.0, "pm10": 40.0, "pm25": 35.0}
BASE_A3 = BASE_A1 | {"pm10": 200.0, "pm25": 150.0}
#: The A1 hour whose PM2.5 is stored with flag D (instrument fault, HJ 212-2017 Table 8): its start, local.
FAULT_START = DAY1 + timedelta(hours=10)
A2_MISSING_DAY2 = 5  # the hours labelled 01:00 … 05:00 of day 2 are absent


def hours(station: str) -> Iterator[tuple[datetime, dict[str, float | None], dict[str, str]]]:
    """(local period start, values, flags) of every stored hour of ``station``."""
    for day in (DAY1, DAY2):
        for h in range(24):
            start = day + timedelta(hours=h)
            if station == "A1":
                values: dict[str, float | None] = dict(BASE_A1 if day == DAY1 else A1_DAY2)
            elif station == "A2":
                if day == DAY2 and h < A2_MISSING_DAY2:
                    continue
                values = dict(BASE_A2)
            else:
                values = dict(BASE_A3)
            flags = dict.fromkeys(POLLUTANTS, "N")
            if station == "A1" and start == FAULT_START:
                values["pm25"], flags["pm25"] = 999.0, "D"
            yield start, values, flags


def label(start: datetime) -> str:
    """The CNEMC label (local end of the hour) as the file CLI writes it."""
    return (start + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M")


def write_csv(path: Path, stations: tuple[str, ...]) -> Path:
    """The stored values as the file CLI reads them: flagged values left blank (they do not count)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["station", "time", *POLLUTANTS])
        for code in stations:
            for start, values, flags in hours(code):
                w.writerow(
                    [code, label(start)] + ["" if flags[p] != "N" else f"{values[p]:g}" for p in POLLUTANTS]
                )
    return path


@dataclass(frozen=True)
class Seeded:
    engine: Engine


@pytest.fixture
def seeded(engine: Engine) -> Seeded:
    with write_session() as s:
        seed_parameters(s)
        add_admin_unit(s, code="LJ", name="两江新区", kind="district")
        add_admin_unit(s, code="LJ-S1", name="礼嘉街道", kind="street", parent_code="LJ")
        add_admin_unit(s, code="LJ-S2", name="鸳鸯街道", kind="street", parent_code="LJ")
        for code, unit, urban in (("A1", "LJ-S1", True), ("A2", "LJ-S2", True), ("A3", "LJ-S2", False)):
            add_site(
                s,
                code=code,
                name=f"站{code}",
                kind="air_station",
                admin_unit_code=unit,
                disclosed=True,
                attributes={"urban_assessment": urban, "cnemc_code": f"9{code}"},
            )
        obs = []
        for code in ("A1", "A2", "A3"):
            series = {p: ensure_series(s, site=code, parameter=p, interval_s=3600).id for p in POLLUTANTS}
            for start, values, flags in hours(code):
                obs += [ObservationIn(series[p], start, values[p], flags[p]) for p in POLLUTANTS]
        write_observations(s, obs, source="test:air")
    return Seeded(engine)
