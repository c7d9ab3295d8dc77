"""A migrated database (SQLite, and PostgreSQL when configured) seeded with sites and values through the store's
write path, and the same values as the CSV files the file CLI reads.

The numbers are chosen so that every expected class, limit and compliance in the tests can be checked by hand
against the standards' tables (GB 3838-2002 Table 1, GB 3096-2008 Table 1, GB/T 14848-2017 Table 1,
GB 36600-2018 Table 1, GB 15618-2018 Tables 1 and 3); the tests say how.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from ljeco.core.db import write_session
from ljeco.core.timeutil import CST
from ljeco.observations.catalog import add_admin_unit, add_site, ensure_series, seed_parameters
from ljeco.observations.store import ObservationIn, write_observations

# (section, local sampling time, {item: value}) — surface water [mg/L; pH dimensionless; transparency cm; ORP mV].
WATER: list[tuple[str, str, dict[str, float]]] = [
    ("W1", "2024-01-05 10:00", {"ph": 7.8, "do": 8.1, "codmn": 1.9, "nh3n": 0.12, "tp": 0.08}),
    ("W1", "2024-01-20 10:00", {"ph": 7.9, "do": 7.2, "codmn": 2.3, "nh3n": 0.20, "tp": 0.12}),
    ("W1", "2024-02-03 10:00", {"ph": 7.9, "do": 7.0, "codmn": 2.0, "nh3n": 3.0, "tp": 0.10}),  # outside Jan
    ("W2", "2024-01-06 10:00", {"ph": 7.5, "do": 5.5, "codmn": 4.5, "nh3n": 1.2, "tp": 0.25}),
    ("W3", "2024-01-08 10:00", {"ph": 7.0, "do": 1.5, "nh3n": 5.0, "transparency": 20.0, "orp": 80.0}),
]
#: A January W1 value the tests expect to be left out: flag D (instrument fault, HJ 212-2017 Table 8).
WATER_FAULT = ("W1", "2024-01-12 10:00", "nh3n", 9.0)

# Noise station N1, zone class 1 (GB 3096-2008 Table 1: day 55, night 45, night Lmax ≤ 60 dB(A)).
# Hours are given by their local START; the file CLI gets CNEMC end labels (start + 1 h).


def _noise_hours() -> list[tuple[datetime, float, float]]:
    rows: list[tuple[datetime, float, float]] = []
    d10 = datetime(2024, 1, 10, tzinfo=CST)
    d11 = datetime(2024, 1, 11, tzinfo=CST)
    d12 = datetime(2024, 1, 12, tzinfo=CST)
    for h in range(0, 6):  # night that began on 9 January: outside the period asked for
        rows.append((d10 + timedelta(hours=h), 70.0, 80.0))
    for i, h in enumerate(range(6, 22)):  # 10 Jan day: 8 h at 50 and 8 h at 60 dB(A)
        rows.append((d10 + timedelta(hours=h), 50.0 if i % 2 else 60.0, 65.0))
    night10 = [d10 + timedelta(hours=22), d10 + timedelta(hours=23)] + [
        d11 + timedelta(hours=h) for h in range(6)
    ]
    for i, t in enumerate(night10):  # night Leq 44, one Lmax of 61 > 60
        rows.append((t, 44.0, 61.0 if i == 3 else 55.0))
    for h in range(6, 22):  # 11 Jan day: 54 throughout
        rows.append((d11 + timedelta(hours=h), 54.0, 60.0))
    night11 = [d11 + timedelta(hours=22), d11 + timedelta(hours=23)] + [
        d12 + timedelta(hours=h) for h in range(6)
    ]
    for t in night11:
        rows.append((t, 40.0, 55.0))
    return rows


NOISE = _noise_hours()

# Groundwater well G1 [mg/L; benzene µg/L; odor 0 = 无].
GROUNDWATER: list[tuple[str, str, dict[str, float]]] = [
    ("G1", "2024-02-15 10:00", {"ph": 7.1, "nh3n": 0.3, "fe": 0.25, "as": 0.02}),
    ("G1", "2024-05-15 10:00", {"ph": 7.0, "nh3n": 0.05, "odor": 0.0, "benzene": 5.0}),
]

# Soil [mg/kg]: S1 residential (→ GB 36600 first category), S2 paddy field at pH 6.8 (GB 15618).
SOIL: list[tuple[str, str, dict[str, float]]] = [
    ("S1", "2024-10-20 10:00", {"as": 45.0, "cd": 10.0, "pb": 300.0}),
    ("S2", "2024-10-20 10:00", {"ph": 6.8, "cd": 0.8, "zn": 180.0}),
]


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=CST)


@dataclass(frozen=True)
class Seeded:
    engine: Engine


def write_values(site: str, rows: Iterable[tuple[datetime, str, float, str]], interval_s: int) -> None:
    with write_session() as s:
        obs = [
            ObservationIn(ensure_series(s, site=site, parameter=p, interval_s=interval_s).id, t, v, flag)
            for t, p, v, flag in rows
        ]
        write_observations(s, obs, source="test:quality")


@pytest.fixture
def seeded(engine: Engine) -> Seeded:
    with write_session() as s:
        seed_parameters(s)
        add_admin_unit(s, code="LJ", name="两江新区", kind="district")
        add_admin_unit(s, code="LJ-S1", name="礼嘉街道", kind="street", parent_code="LJ")
        add_admin_unit(s, code="LJ-S2", name="鸳鸯街道", kind="street", parent_code="LJ")
        common = {"admin_unit_code": "LJ-S1", "disclosed": True}
        add_site(s, code="W1", name="寸滩", kind="water_section", water_target_class="III", **common)
        add_site(s, code="W2", name="梁沱", kind="water_section", water_target_class="II", **common)
        add_site(s, code="W3", name="某小河", kind="water_section", admin_unit_code="LJ-S2")
        add_site(s, code="N1", name="礼嘉声站", kind="noise_station", noise_zone_class="1", **common)
        add_site(s, code="G1", name="监测井1", kind="groundwater_well", **common)
        add_site(
            s,
            code="S1",
            name="居住区点位",
            kind="soil_point",
            attributes={"land_use": "residential"},
            **common,
        )
        add_site(
            s,
            code="S2",
            name="水田点位",
            kind="soil_point",
            attributes={"soil_land": "agricultural", "agri_land_use": "paddy"},
            **common,
        )
    # Surface water: monthly manual samples (series interval one day; the value's period is its sampling day).
    for code, when, values in WATER:
        write_values(code, [(local(when), p, v, "N") for p, v in values.items()], 86400)
    write_values(WATER_FAULT[0], [(local(WATER_FAULT[1]), WATER_FAULT[2], WATER_FAULT[3], "D")], 86400)
    write_values(
        "N1",
        [(t, "leq", leq, "N") for t, leq, _ in NOISE] + [(t, "lmax", lm, "N") for t, _, lm in NOISE],
        3600,
    )
    for code, when, values in GROUNDWATER:
        write_values(code, [(local(when), p, v, "N") for p, v in values.items()], 86400)
    for code, when, values in SOIL:
        write_values(code, [(local(when), p, v, "N") for p, v in values.items()], 86400)
    return Seeded(engine)
