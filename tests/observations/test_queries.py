"""Queries: scoping by role, decimation keeping peaks, values with unit/period/flag/coverage, latest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sqlalchemy import Engine

from ljeco.accounts.models import User
from ljeco.core.db import read_session, write_session
from ljeco.core.timeutil import CST
from ljeco.observations import queries
from ljeco.observations.rollups import rebuild
from ljeco.observations.store import ObservationIn, write_observations


def _user(role: str, **scope: str) -> User:
    return User(id=999, username=f"u-{role}", role=role, password_hash="x", **scope)


def _codes(engine: Engine, user: User, **filters: object) -> list[str]:
    with read_session(engine) as s:
        sites, count = queries.list_sites(s, user=user, **filters)  # type: ignore[arg-type]
    assert count == len(sites)
    return [site.code for site in sites]


def test_sites_are_scoped_by_role(obs_engine: Engine, catalog: dict[str, int]) -> None:
    assert _codes(obs_engine, _user("bureau")) == ["A1", "M1", "O1", "W1"]
    assert _codes(obs_engine, _user("public")) == ["A1", "W1"]  # disclosed only
    assert _codes(obs_engine, _user("enterprise", scope_enterprise="91500000TEST00001X")) == ["O1"]
    assert _codes(obs_engine, _user("enterprise")) == []
    assert _codes(obs_engine, _user("street", scope_unit="LJ-S2")) == ["M1", "W1"]
    assert _codes(obs_engine, _user("department", scope_unit="LJ")) == ["A1", "M1", "O1", "W1"]  # children


def test_site_filters(obs_engine: Engine, catalog: dict[str, int]) -> None:
    bureau = _user("bureau")
    assert _codes(obs_engine, bureau, kind="water_section") == ["W1"]
    assert _codes(obs_engine, bureau, admin_unit="LJ-S1") == ["A1", "O1"]
    assert _codes(obs_engine, bureau, bbox=queries.parse_bbox("106.5,29.6,106.56,29.7")) == ["A1", "O1"]


def test_minmax_decimation_hand_case() -> None:
    t = np.arange(8)
    v = np.array([5.0, 1.0, 9.0, 4.0, 3.0, 8.0, 2.0, 6.0])
    # 2 buckets: [0..3] keeps 1.0 (i=1) and 9.0 (i=2); [4..7] keeps 2.0 (i=6) and 8.0 (i=5).
    assert queries.minmax_decimate(t, v, 4).tolist() == [1, 2, 5, 6]


@settings(max_examples=60, deadline=None)
@given(
    v=arrays(np.float64, st.integers(3, 3000), elements=st.floats(-1e6, 1e6, allow_nan=False)),
    max_points=st.integers(2, 500),
)
def test_decimation_keeps_global_min_and_max(v: np.ndarray, max_points: int) -> None:
    t = np.arange(len(v), dtype=np.int64) * 3600
    idx = queries.minmax_decimate(t, v, max_points)
    assert len(idx) <= max(max_points, 2)
    assert np.all(np.diff(idx) > 0)
    assert v[idx].min() == v.min() and v[idx].max() == v.max()


def test_series_values_raw_and_day(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    start = datetime(2024, 5, 1, tzinfo=CST)
    vals = [float(10 + (h % 24)) for h in range(24 * 10)]
    vals[100] = 500.0
    with write_session(obs_engine) as s:
        write_observations(
            s, [ObservationIn(sid, start + timedelta(hours=i), v) for i, v in enumerate(vals)], source="t"
        )
        rebuild(s)
    with read_session(obs_engine) as s:
        raw = queries.series_values(
            s,
            user=_user("public"),
            series_id=sid,
            t_from=start,
            t_to=start + timedelta(days=10),
            interval="raw",
            max_points=40,
        )
        day = queries.series_values(
            s,
            user=_user("public"),
            series_id=sid,
            t_from=start,
            t_to=start + timedelta(days=10),
            interval="day",
        )
    assert raw.total == 240 and raw.decimated and raw.count <= 40
    assert max(p.value or 0 for p in raw.data) == 500.0
    assert raw.unit == "µg/m³" and raw.data[0].flag == "N" and raw.data[0].review == "preliminary"
    assert raw.data[0].period_to - raw.data[0].period_from == timedelta(hours=1)
    assert day.count == 10 and day.rule_id == "GB3095-T4"
    first = day.data[0]
    assert first.local_from == "2024-05-01T00:00:00+08:00"
    assert (first.count, first.expected, first.coverage, first.valid) == (24, 24, 1.0, True)
    assert first.value == sum(range(10, 34)) / 24  # mean of 10 … 33
    assert day.data[4].max == 500.0  # hour 100 is on day 5 (index 4)


def test_hidden_series_is_not_found(obs_engine: Engine, catalog: dict[str, int]) -> None:
    import pytest

    from ljeco.core.errors import NotFoundError

    with read_session(obs_engine) as s, pytest.raises(NotFoundError):
        queries.series_values(
            s,
            user=_user("public"),
            series_id=catalog["o1_nh3n_h"],
            t_from=datetime(2024, 1, 1, tzinfo=UTC),
            t_to=datetime(2024, 2, 1, tzinfo=UTC),
        )


def test_latest_has_age_and_flag(obs_engine: Engine, catalog: dict[str, int]) -> None:
    t0 = datetime(2024, 6, 1, tzinfo=UTC)
    with write_session(obs_engine) as s:
        write_observations(
            s,
            [
                ObservationIn(catalog["a1_pm25_h"], t0, 30.0),
                ObservationIn(catalog["a1_pm25_h"], t0 + timedelta(hours=1), 31.0, "M"),
                ObservationIn(catalog["o1_nh3n_h"], t0, 0.5),
            ],
            source="t",
        )
    with read_session(obs_engine) as s:
        items = queries.latest(s, user=_user("bureau"), now=t0 + timedelta(hours=3))
        public = queries.latest(s, user=_user("public"), now=t0 + timedelta(hours=3))
    by_series = {i.series_id: i for i in items}
    a = by_series[catalog["a1_pm25_h"]]
    assert (a.value, a.flag, a.age_s, a.unit) == (31.0, "M", 3600, "µg/m³")  # period ended at t0+2h
    assert [i.site_code for i in public] == ["A1"]
