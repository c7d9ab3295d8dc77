"""Rollups: GB 3095 validity edges computed by hand, CNEMC day boundaries, incremental = full rebuild."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from ljeco.core.audit import Actor
from ljeco.core.db import read_session, write_session
from ljeco.core.timeutil import CST
from ljeco.observations.models import Review
from ljeco.observations.quality import review_range
from ljeco.observations.rollups import RULES, local_month_start, month_rows, rebuild, refresh, year_rows
from ljeco.observations.store import ObservationIn, write_observations

GB = RULES["GB3095-T4"]
DAY1 = datetime(2024, 3, 5, tzinfo=CST)  # local midnight: the hour labelled 01:00 starts here


def _rollups(engine: Engine, sid: int, level: str) -> list[dict[str, object]]:
    with read_session(engine) as s:
        rows = s.execute(
            text(
                "SELECT t, count, expected, coverage, min, max, mean, valid, rule_id FROM rollups "
                "WHERE series_id = :s AND level = :l ORDER BY t"
            ),
            {"s": sid, "l": level},
        ).mappings()
        return [dict(r) for r in rows]


def _hours(sid: int, start: datetime, values: list[float | None], flag: str = "N") -> list[ObservationIn]:
    return [ObservationIn(sid, start + timedelta(hours=i), v, flag) for i, v in enumerate(values)]


@pytest.mark.parametrize(("n_hours", "valid"), [(24, True), (20, True), (19, False)])
def test_day_needs_20_hours(obs_engine: Engine, catalog: dict[str, int], n_hours: int, valid: bool) -> None:
    sid = catalog["a1_pm25_h"]
    values = [float(i + 1) for i in range(n_hours)]  # 1 … n
    with write_session(obs_engine) as s:
        write_observations(s, _hours(sid, DAY1, values), source="t")
        rebuild(s)
    (day,) = _rollups(obs_engine, sid, "day")
    assert day["t"] == int(DAY1.timestamp())
    assert (day["count"], day["expected"], day["valid"]) == (n_hours, 24, valid)
    assert day["coverage"] == pytest.approx(n_hours / 24)
    assert (day["min"], day["max"]) == (1.0, float(n_hours))
    assert day["mean"] == pytest.approx((n_hours + 1) / 2)  # mean of 1 … n
    assert day["rule_id"] == "GB3095-T4"


def test_flagged_and_invalidated_hours_do_not_count(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    with write_session(obs_engine) as s:
        write_observations(s, _hours(sid, DAY1, [10.0] * 20), source="t")
        write_observations(s, _hours(sid, DAY1 + timedelta(hours=20), [500.0] * 2, flag="C"), source="t")
        write_observations(s, _hours(sid, DAY1 + timedelta(hours=22), [None, 900.0], flag="N"), source="t")
        rebuild(s)
    (day,) = _rollups(obs_engine, sid, "day")
    assert (day["count"], day["valid"], day["max"]) == (21, True, 900.0)
    # Invalidate the 900 and one of the 10s: 19 valid hours remain -> the day becomes invalid.
    with write_session(obs_engine) as s:
        review_range(
            s,
            series_id=sid,
            t_from=DAY1 + timedelta(hours=22),
            t_to=DAY1 + timedelta(hours=23),
            state=Review.invalidated,
            reason="设备故障",
            actor=Actor("reviewer"),
        )
        review_range(
            s,
            series_id=sid,
            t_from=DAY1,
            t_to=DAY1,
            state=Review.invalidated,
            reason="校准",
            actor=Actor("reviewer"),
        )
        refresh(s)
    (day,) = _rollups(obs_engine, sid, "day")
    assert (day["count"], day["valid"], day["max"], day["mean"]) == (19, False, 10.0, 10.0)
    with read_session(obs_engine) as s:  # never deleted, audited
        assert (
            s.execute(text("SELECT count(*) FROM observations WHERE series_id = :s"), {"s": sid}).scalar()
            == 24
        )
        audits = s.execute(text("SELECT action, note FROM audit_log ORDER BY id")).all()
    assert [tuple(a) for a in audits] == [
        ("observations.invalidated", "设备故障"),
        ("observations.invalidated", "校准"),
    ]


def test_cnemc_day_boundary(obs_engine: Engine, catalog: dict[str, int]) -> None:
    """The hour labelled 24:00 (local 23:00–24:00) closes the day; the next hour opens the next day."""
    sid = catalog["a1_co_h"]
    with write_session(obs_engine) as s:
        write_observations(s, _hours(sid, DAY1 + timedelta(hours=23), [1.0, 2.0]), source="t")
        rebuild(s)
    days = _rollups(obs_engine, sid, "day")
    assert [(d["t"], d["count"], d["mean"]) for d in days] == [
        (int(DAY1.timestamp()), 1, 1.0),
        (int(DAY1.timestamp()) + 86400, 1, 2.0),
    ]


@pytest.mark.parametrize(("minutes", "valid"), [(60, True), (45, True), (44, False)])
def test_hour_needs_45_minutes(
    obs_engine: Engine, catalog: dict[str, int], minutes: int, valid: bool
) -> None:
    sid = catalog["a1_pm25_m"]
    recs = [ObservationIn(sid, DAY1 + timedelta(minutes=i), 30.0) for i in range(minutes)]
    with write_session(obs_engine) as s:
        write_observations(s, recs, source="t")
        rebuild(s)
    (hour,) = _rollups(obs_engine, sid, "hour")
    assert (hour["count"], hour["expected"], hour["valid"]) == (minutes, 60, valid)
    # Only a valid hour feeds the day (an hour of 44 minutes is no hourly mean at all).
    assert [d["count"] for d in _rollups(obs_engine, sid, "day")] == ([1] if valid else [])


def _days(year: int, month: int, n: int, mean: float = 10.0) -> list[tuple[int, int, float, float, float]]:
    start = local_month_start(year, month)
    return [(start + i * 86400, 24, mean, mean, mean) for i in range(n)]


@pytest.mark.parametrize(
    ("month", "n", "valid"), [(1, 27, True), (1, 26, False), (2, 25, True), (2, 24, False), (4, 27, True)]
)
def test_month_needs_27_days_25_in_february(month: int, n: int, valid: bool) -> None:
    (row,) = month_rows(_days(2023, month, n), GB, 1)
    assert (row["count"], row["valid"]) == (n, valid)
    assert row["expected"] == {1: 31, 2: 28, 4: 30}[month]
    assert row["t"] == int(datetime(2023, month, 1, tzinfo=CST).timestamp())


def test_month_mean_is_mean_of_daily_means() -> None:
    days = [
        (local_month_start(2024, 2) + i * 86400, 24, v - 1, v + 1, v)
        for i, v in enumerate([10.0, 20.0, 60.0])
    ]
    (row,) = month_rows(days, GB, 1)
    assert (row["mean"], row["min"], row["max"], row["expected"]) == (30.0, 9.0, 61.0, 29)  # leap year


@pytest.mark.parametrize(("n_days", "valid"), [(324, True), (323, False)])
def test_year_needs_324_days(n_days: int, valid: bool) -> None:
    days: list[tuple[int, int, float, float, float]] = []
    start = local_month_start(2023, 1)
    for i in range(n_days):
        days.append((start + i * 86400, 24, 5.0, 5.0, float(i % 2)))  # means alternate 0, 1
    (year,) = year_rows(month_rows(days, GB, 1), GB, 1)
    assert (year["count"], year["expected"], year["valid"]) == (n_days, 365, valid)
    assert year["mean"] == pytest.approx((n_days // 2) / n_days)


def test_coverage_rule_scales_with_month_length() -> None:
    rule = RULES["coverage-75"]
    assert rule.month_min(2023, 2) == 21 and rule.month_min(2023, 1) == 24 and rule.year_min(2024) == 275


def test_incremental_equals_rebuild(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_h"]
    start = datetime(2024, 1, 30, tzinfo=CST)
    vals = [float((i * 7) % 50) for i in range(24 * 5)]
    with write_session(obs_engine) as s:
        write_observations(s, _hours(sid, start, vals), source="t")
        refresh(s)
        # Late data and a correction in another month.
        write_observations(s, _hours(sid, start + timedelta(days=10), [99.0] * 24), source="t")
        write_observations(s, _hours(sid, start, [1.0]), source="fix")
        refresh(s)
    incremental = {lvl: _rollups(obs_engine, sid, lvl) for lvl in ("day", "month", "year")}
    with write_session(obs_engine) as s:
        rebuild(s)
    assert {lvl: _rollups(obs_engine, sid, lvl) for lvl in ("day", "month", "year")} == incremental
    months = incremental["month"]
    assert [m["count"] for m in months] == [2, 4]  # 30–31 Jan; 1–3 Feb + 9 Feb
    assert incremental["year"][0]["count"] == 6


def test_incremental_minute_series_equals_rebuild(obs_engine: Engine, catalog: dict[str, int]) -> None:
    sid = catalog["a1_pm25_m"]
    start = datetime(2024, 2, 28, 22, tzinfo=CST)
    recs = [ObservationIn(sid, start + timedelta(minutes=i), float(i % 90)) for i in range(60 * 5)]
    with write_session(obs_engine) as s:
        write_observations(s, recs[:100], source="t")
        refresh(s)
        write_observations(s, recs[100:], source="t")
        review_range(
            s,
            series_id=sid,
            t_from=start + timedelta(minutes=130),
            t_to=start + timedelta(minutes=170),
            state=Review.invalidated,
            reason="维护",
            actor=Actor("r"),
        )
        refresh(s)
    levels = ("hour", "day", "month", "year")
    incremental = {lvl: _rollups(obs_engine, sid, lvl) for lvl in levels}
    with write_session(obs_engine) as s:
        rebuild(s)
    assert {lvl: _rollups(obs_engine, sid, lvl) for lvl in levels} == incremental
    # 22:00–03:00 local over 28/29 Feb: hour 3 (00:10–00:50 invalidated) keeps 19 minutes -> invalid.
    assert [h["count"] for h in incremental["hour"]] == [60, 60, 19, 60, 60]
    assert [h["valid"] for h in incremental["hour"]] == [True, True, False, True, True]
    assert [(d["count"], d["valid"]) for d in incremental["day"]] == [(2, False), (2, False)]
    with read_session(obs_engine) as s:
        assert s.execute(text("SELECT count(*) FROM rollup_dirty")).scalar() == 0


_steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("write"),
            st.integers(0, 24 * 4 - 1),
            st.integers(1, 30),
            st.sampled_from([5.0, 40.0, None]),
        ),
        st.tuples(st.just("invalidate"), st.integers(0, 24 * 4 - 1), st.integers(1, 12), st.just(None)),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=_steps)
def test_incremental_always_equals_rebuild(
    obs_engine: Engine, catalog: dict[str, int], steps: list[tuple[str, int, int, float | None]]
) -> None:
    """Any sequence of writes and invalidations, refreshed after each step, equals a rebuild from raw."""
    sid = catalog["a1_co_h"]
    start = datetime(2024, 1, 30, tzinfo=CST)  # four days across the January/February boundary
    levels = ("day", "month", "year")
    with write_session(obs_engine) as s:
        s.execute(text("DELETE FROM observations WHERE series_id = :s"), {"s": sid})
        s.execute(text("DELETE FROM obs_latest WHERE series_id = :s"), {"s": sid})
        s.execute(text("DELETE FROM rollups WHERE series_id = :s"), {"s": sid})
        s.execute(text("DELETE FROM rollup_dirty"))
        for kind, first, n, value in steps:
            if kind == "write":
                hours = range(first, min(first + n, 96))
                write_observations(
                    s, _hours(sid, start + timedelta(hours=first), [value] * len(hours)), source="h"
                )
            else:
                review_range(
                    s,
                    series_id=sid,
                    t_from=start + timedelta(hours=first),
                    t_to=start + timedelta(hours=first + n),
                    state=Review.invalidated,
                    reason="x",
                    actor=Actor("r"),
                )
            refresh(s)
    incremental = {lvl: _rollups(obs_engine, sid, lvl) for lvl in levels}
    with write_session(obs_engine) as s:
        rebuild(s, [sid])
    assert {lvl: _rollups(obs_engine, sid, lvl) for lvl in levels} == incremental


def test_refresh_of_some_series_leaves_the_others_queued(obs_engine: Engine, catalog: dict[str, int]) -> None:
    a, b = catalog["a1_pm25_h"], catalog["a1_co_h"]
    with write_session(obs_engine) as s:
        write_observations(s, _hours(a, DAY1, [1.0]) + _hours(b, DAY1, [2.0]), source="t")
        stats = refresh(s, [a])
    assert (stats.series, stats.rows) == (1, 1)  # one day row; invalid days make no month
    with read_session(obs_engine) as s:
        assert s.execute(text("SELECT series_id FROM rollup_dirty")).scalars().all() == [b]


def test_worker_refreshes_in_the_background(obs_engine: Engine, catalog: dict[str, int]) -> None:
    import time

    from ljeco.observations.rollups import start_worker

    sid = catalog["a1_pm25_h"]
    with write_session(obs_engine) as s:
        write_observations(s, _hours(sid, DAY1, [3.0] * 24), source="t")
    stop = start_worker(every_s=0.05, engine=obs_engine)
    try:
        for _ in range(100):
            if _rollups(obs_engine, sid, "day"):
                break
            time.sleep(0.05)
    finally:
        stop.set()
    assert [(d["count"], d["valid"]) for d in _rollups(obs_engine, sid, "day")] == [(24, True)]
