"""Fixtures of the observation-store tests: a migrated temporary SQLite database with a small catalogue.

``obs_engine`` is the shared ``engine`` fixture of ``tests/conftest.py`` (parametrised over SQLite and PostgreSQL).
"""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from ljeco.observations.catalog import ParameterSpec, add_admin_unit, add_site, ensure_series, seed_parameters
from ljeco.observations.models import Series

#: Canonical test parameters (a hand-made subset; the full vocabulary is tested in test_catalog.py).
SPECS = [
    ParameterSpec("pm25", "细颗粒物", "µg/m³", 0, "air", "a34004", "GB3095-T4", 0.0, None),
    ParameterSpec("co", "一氧化碳", "mg/m³", 1, "air", "a21005", "GB3095-T4", 0.0, None),
    ParameterSpec("ph", "pH", "无量纲", 2, "surface_water", "w01001", "coverage-75", 0.0, 14.0),
    ParameterSpec("nh3n", "氨氮", "mg/L", 3, "surface_water", "w21003", "coverage-75", 0.0, None),
]


@pytest.fixture
def obs_engine(engine: Engine) -> Engine:
    """The shared migrated, emptied database (SQLite, and PostgreSQL when LJECO_TEST_DATABASE_URL is set)."""
    return engine


@pytest.fixture
def catalog(obs_engine: Engine) -> dict[str, int]:
    """Two admin units, three sites (public air station, street micro station, an outlet) and their series."""
    from ljeco.core.db import write_session

    with write_session(obs_engine) as s:
        seed_parameters(s, SPECS)
        add_admin_unit(s, code="LJ", name="两江新区", kind="district")
        add_admin_unit(s, code="LJ-S1", name="礼嘉街道", kind="street", parent_code="LJ")
        add_admin_unit(s, code="LJ-S2", name="鸳鸯街道", kind="street", parent_code="LJ")
        a = add_site(
            s,
            code="A1",
            name="礼嘉",
            kind="air_station",
            admin_unit_code="LJ-S1",
            lon=106.52,
            lat=29.65,
            disclosed=True,
        )
        m = add_site(
            s,
            code="M1",
            name="鸳鸯微站",
            kind="micro_station",
            admin_unit_code="LJ-S2",
            lon=106.60,
            lat=29.70,
        )
        w = add_site(
            s,
            code="W1",
            name="御临河断面",
            kind="water_section",
            admin_unit_code="LJ-S2",
            water_target_class="III",
            lon=106.80,
            lat=29.80,
            disclosed=True,
        )
        o = add_site(
            s,
            code="O1",
            name="某企业排口",
            kind="outlet",
            admin_unit_code="LJ-S1",
            enterprise_uscc="91500000TEST00001X",
            lon=106.55,
            lat=29.66,
        )
        ids = {
            "a1_pm25_h": ensure_series(s, site=a, parameter="pm25", interval_s=3600).id,
            "a1_co_h": ensure_series(s, site=a, parameter="co", interval_s=3600).id,
            "a1_pm25_m": ensure_series(s, site=a, parameter="pm25", interval_s=60).id,
            "m1_pm25_h": ensure_series(s, site=m, parameter="pm25", interval_s=3600).id,
            "w1_ph_h": ensure_series(s, site=w, parameter="ph", interval_s=3600).id,
            "w1_nh3n_h": ensure_series(s, site=w, parameter="nh3n", interval_s=3600).id,
            "o1_nh3n_h": ensure_series(s, site=o, parameter="nh3n", interval_s=3600).id,
        }
        assert s.get(Series, ids["a1_pm25_h"]) is not None
    return ids
