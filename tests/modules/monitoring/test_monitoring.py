"""Monitoring service: daily AQI of stored data in both editions, MDA8, good days, decimation, scoping, API."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from ljeco.core.timeutil import CST
from ljeco.modules.monitoring import airstats, queries
from ljeco.modules.monitoring.queries import Point

PASSWORD = "correct horse battery"


@pytest.fixture
def db(engine: Engine) -> Iterator[Engine]:
    """The shared migrated, emptied database (SQLite, and PostgreSQL when LJECO_TEST_DATABASE_URL is set)."""
    from ljeco.modules.monitoring import service

    service.clear_cache()
    yield engine
    service.clear_cache()


def _station_day(engine: Engine, day: date, conc: dict[str, float]) -> int:
    """One air station with 24 constant hourly values of each pollutant on local ``day``; returns the site id."""
    from ljeco.core.db import write_session
    from ljeco.observations import rollups
    from ljeco.observations.catalog import add_site, ensure_series, seed_parameters
    from ljeco.observations.store import write_observations

    start = datetime.combine(day, datetime.min.time(), CST).astimezone(UTC)
    with write_session(engine) as s:
        seed_parameters(s)
        site = add_site(s, code="T1", name="测试站", kind="air_station", lon=106.5, lat=29.6, disclosed=True)
        rows = []
        for p, v in conc.items():
            sid = ensure_series(s, site=site, parameter=p, interval_s=3600).id
            rows += [{"series_id": sid, "time": start + timedelta(hours=h), "value": v} for h in range(24)]
        write_observations(s, rows, source="test")
        rollups.rebuild(s)
        return site.id


# All IAQIs hand-computed from HJ 633-2012 Table 1 / HJ 633-2026 Table 3 (24-hour and 8-hour breakpoints):
# SO2 10 → 10, NO2 20 → 25, CO 0.5 → 12.5 → 13, PM10 40 → 40, O3-8h 80 → 40 (both editions);
# PM2.5 75: 2012 segment 35–75 → IAQI 100 exactly; 2026 segment 60–115 → 100 + 15·50/55 = 113.6 → 114.
CONC = {"so2": 10.0, "no2": 20.0, "co": 0.5, "o3": 80.0, "pm10": 40.0, "pm25": 75.0}


def test_daily_aqi_of_stored_day_under_the_2012_edition(db: Engine) -> None:
    from ljeco.core.db import read_session

    day = date(2025, 6, 10)
    site_id = _station_day(db, day, CONC)
    with read_session(db) as s:
        daily = airstats.daily_air(s, [site_id], day, day)
    assert daily.conc["pm25"] == [75.0] and daily.conc["co"] == [0.5]
    # O3 MDA8 of a constant 80: the windows labelled 08:00…24:00 have 8, 8 … hours → 80; the day has 17 windows.
    assert daily.conc["o3_8h"] == [80.0]
    assert (
        daily.aqi == [100]
        and daily.level == [2]
        and daily.primary == [["pm25"]]
        and daily.edition == ["2012"]
    )
    assert airstats.good_days(daily) == airstats.GoodDays(good=1, valid=1, total=1)


def test_daily_aqi_of_the_same_values_under_the_2026_edition(db: Engine) -> None:
    from ljeco.core.db import read_session

    day = date(2026, 6, 10)
    site_id = _station_day(db, day, CONC)
    with read_session(db) as s:
        daily = airstats.daily_air(s, [site_id], day, day)
    assert daily.aqi == [114] and daily.level == [3] and daily.edition == ["2026"]
    assert airstats.good_days(daily).ratio == 0.0


def test_a_day_with_19_hours_has_no_daily_value(db: Engine) -> None:
    """GB 3095 Table 4: a 24-hour mean needs ≥ 20 hourly values; 19 leave the day invalid (AQI NA)."""
    from ljeco.core.db import read_session, write_session
    from ljeco.observations import rollups
    from ljeco.observations.models import Observation

    day = date(2025, 6, 10)
    site_id = _station_day(db, day, CONC)
    start = datetime.combine(day, datetime.min.time(), CST).astimezone(UTC)
    with write_session(db) as s:
        for obs in s.query(Observation).filter(Observation.time >= start + timedelta(hours=19)):
            obs.flag = "D"  # device fault: not counted in statistics
        s.flush()
        rollups.rebuild(s)
    with read_session(db) as s:
        daily = airstats.daily_air(s, [site_id], day, day)
    assert daily.conc["pm25"] == [None] and daily.aqi == [None]
    assert airstats.good_days(daily) == airstats.GoodDays(good=0, valid=0, total=1)


def _hours(day: date, values: dict[int, float]) -> list[tuple[int, float | None, bool]]:
    """Hourly rows keyed by the local end-of-hour label 1…24 of ``day``."""
    start = datetime.combine(day, datetime.min.time(), CST).astimezone(UTC)
    return [(int((start + timedelta(hours=h - 1)).timestamp()), v, True) for h, v in values.items()]


def test_mda8_is_the_maximum_of_the_windows_labelled_8_to_24() -> None:
    day = date(2025, 7, 1)
    # Value 10·h at label h: the 8-hour mean labelled h is 10·(h − 3.5); the largest, at 24:00, is 205.
    mda8 = airstats.mda8(_hours(day, {h: 10.0 * h for h in range(1, 25)}))
    assert mda8 == {day: 205.0}


def test_mda8_needs_14_valid_windows_unless_it_exceeds_the_limit() -> None:
    day = date(2025, 7, 1)
    # Hours 1–12 only: windows labelled 8…12 are valid (5) and, with ≥ 6 of 8, 13 and 14 too: 7 < 14 → invalid.
    assert airstats.mda8(_hours(day, dict.fromkeys(range(1, 13), 100.0))) == {}
    # The same hours at 200 µg/m³ exceed the 160 limit: the day stands (HJ 663-2013 §6.1.2).
    assert airstats.mda8(_hours(day, dict.fromkeys(range(1, 13), 200.0))) == {day: 200.0}


def test_good_day_ratio_counts_valid_days_only() -> None:
    daily = airstats.DailyAir([date(2025, 1, d) for d in range(1, 5)], {}, [50, 100, 101, None], [1, 2, 3, None],
                              [[], [], [], []], ["2012"] * 4)  # fmt: skip
    g = airstats.good_days(daily)
    assert (g.good, g.valid, g.total) == (2, 3, 4)
    assert g.ratio == pytest.approx(200 / 3)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1000, allow_nan=False), min_size=1, max_size=3000), st.integers(10, 500))
def test_decimation_keeps_extremes_and_bounds_the_size(values: list[float], max_points: int) -> None:
    points = [Point(i * 3600, v, "N", True, None) for i, v in enumerate(values)]
    out = queries.decimate(points, max_points)
    assert len(out) <= max(max_points, len(values) if len(values) <= max_points else max_points)
    kept = [p.value for p in out]
    assert max(kept) == max(values) and min(kept) == min(values)
    assert [p.t for p in out] == sorted(p.t for p in out)


def test_decimation_leaves_short_series_alone() -> None:
    points = [Point(i, float(i), "N", True, None) for i in range(50)]
    assert queries.decimate(points, 100) == points


# --- API and scoping on the sample dataset --------------------------------------------------------------------


@pytest.fixture
def seeded(db: Engine) -> Engine:
    from ljeco.core.db import write_session
    from ljeco.modules.monitoring import sample

    with write_session(db) as s:
        sample.seed(s, days=3)
    return db


def _client(role: str, **scope: str):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    from ljeco.accounts import service as accounts
    from ljeco.core.audit import SYSTEM
    from ljeco.core.db import write_session
    from ljeco.web.app import create_app

    name = f"u-{role}"
    with write_session() as s:
        accounts.create_user(s, username=name, password=PASSWORD, role=role, actor=SYSTEM, **scope)
    client = TestClient(create_app(), base_url="http://127.0.0.1")
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page.text)
    assert token
    r = client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": token.group(1)},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303
    return client


def test_series_api_returns_the_stored_values_with_unit(seeded: Engine) -> None:
    from ljeco.core.db import read_session
    from ljeco.observations.models import Observation, Parameter, Series, Site

    client = _client("bureau")
    today = datetime.now(UTC).astimezone(CST).date()
    body = client.get("/api/v1/monitoring/sites/1427A/series", params={
        "parameter": "pm25", "interval": "hour", "from": (today - timedelta(days=1)).isoformat(),
        "to": today.isoformat()}).json()  # fmt: skip
    assert body["unit"] == "µg/m³" and body["name"] == "细颗粒物" and not body["decimated"]
    with read_session() as s:
        stored = (
            s.query(Observation.time, Observation.value)
            .join(Series, Series.id == Observation.series_id)
            .join(Site, Site.id == Series.site_id)
            .join(Parameter, Parameter.id == Series.parameter_id)
            .filter(Site.code == "1427A", Parameter.code == "pm25", Series.interval_s == 3600)
            .order_by(Observation.time)
            .all()
        )
    lo = datetime.combine(today - timedelta(days=1), datetime.min.time(), CST)
    expected = [[int(t.timestamp()) * 1000, v] for t, v in stored if t >= lo]
    assert [[p[0], p[1]] for p in body["data"]] == expected


def test_export_csv_has_the_rows_of_the_query(seeded: Engine) -> None:
    client = _client("bureau")
    explore = client.get("/api/v1/monitoring/explore", params={"sites": "1427A", "parameters": "pm25,o3",
                                                               "interval": "hour"}).json()  # fmt: skip
    r = client.get("/api/v1/monitoring/export", params={"sites": "1427A", "parameters": "pm25,o3",
                                                        "interval": "hour"})  # fmt: skip
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) - 1 == explore["count"] > 0
    assert {row[3] for row in rows[1:]} == {"pm25", "o3"}


def test_public_user_sees_disclosed_sites_only(seeded: Engine) -> None:
    client = _client("public")
    assert client.get("/api/v1/monitoring/sites/1427A").status_code == 200
    assert (
        client.get("/api/v1/monitoring/sites/LJ-AM-002").status_code == 403
    )  # micro stations are not disclosed
    codes = {
        f["properties"]["code"] for f in client.get("/api/v1/monitoring/map/layers/micro").json()["features"]
    }
    assert codes == set()


def test_enterprise_user_sees_its_own_file_only(seeded: Engine) -> None:
    from ljeco.modules.monitoring.catalog import region

    own, other = region().enterprises[0], region().enterprises[1]
    client = _client("enterprise", scope_enterprise=own.uscc)
    assert client.get(f"/api/v1/monitoring/enterprises/{own.uscc}").status_code == 200
    assert client.get(f"/api/v1/monitoring/enterprises/{other.uscc}").status_code == 403
    feats = client.get("/api/v1/monitoring/map/layers/enterprises").json()["features"]
    assert [f["properties"]["code"] for f in feats] == [own.code]


def test_dashboard_counts_match_the_sample(seeded: Engine) -> None:
    body = _client("admin").get("/api/v1/monitoring/dashboard").json()
    assert len(body["stations"]) == 7
    assert body["stations"][0]["code"] == "1417A"  # in-area stations first, by code
    assert body["ytd"]["target"] == 92.87
    air = next(a for a in body["arrival"] if a["kind"] == "air_station")
    assert (air["sites"], air["connected"], air["online"]) == (7, 7, 7)
    noise = next(a for a in body["arrival"] if a["kind"] == "noise_station")
    assert noise["online"] == noise["connected"] - 1  # LJ-NS-02 stops 6 h before the end


def test_anonymous_root_is_the_login_form(db: Engine) -> None:
    from fastapi.testclient import TestClient

    from ljeco.web.app import create_app

    page = TestClient(create_app(), base_url="http://127.0.0.1").get("/")
    assert page.status_code == 200 and 'name="password"' in page.text


def test_unknown_layer_is_a_404_with_a_code(seeded: Engine) -> None:
    r = _client("admin").get("/api/v1/monitoring/map/layers/nope")
    assert r.status_code == 404 and r.json()["code"].startswith("monitoring.unknown_layer")


def test_region_layers_are_valid_geojson(seeded: Engine) -> None:
    client = _client("admin")
    for layer in ("units", "rivers", "protection", "redlines"):
        fc = client.get(f"/api/v1/monitoring/map/layers/{layer}").json()
        assert fc["type"] == "FeatureCollection" and fc["features"]
        for f in fc["features"]:
            assert f["geometry"]["type"] in {"Polygon", "MultiPolygon", "LineString", "MultiLineString"}
            lon, lat = np.asarray(_first_coordinate(f["geometry"]["coordinates"]))
            assert 106 < lon < 107.5 and 29 < lat < 30.5  # Liangjiang, WGS-84


def _first_coordinate(coords: list) -> list:  # type: ignore[type-arg]
    while isinstance(coords[0], list):
        coords = coords[0]
    return coords


def test_large_export_runs_as_a_background_job(seeded: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from ljeco.modules.monitoring import api

    monkeypatch.setattr(api, "EXPORT_MAX_ROWS", 10)
    client = _client("bureau")
    params = {"sites": "1427A,1425A", "parameters": "pm25", "interval": "hour"}
    count = client.get("/api/v1/monitoring/explore", params=params).json()["count"]
    r = client.get("/api/v1/monitoring/export", params=params)
    assert r.status_code == 202
    job = r.json()
    assert job["total"] == count > 10
    deadline = time.monotonic() + 30
    while job["status"] != "done":
        assert job["status"] != "failed", job
        assert time.monotonic() < deadline
        time.sleep(0.2)
        job = client.get(f"/api/v1/exports/{job['id']}").json()
    body = client.get(job["download"]).content.decode("utf-8-sig")
    lines = [line for line in body.splitlines() if line.strip()]
    assert len(lines) - 1 == count  # header + one line per value of both series


def test_assessment_compares_both_editions_on_stored_data(db: Engine) -> None:
    from ljeco.core.db import read_session
    from ljeco.modules.monitoring import objects
    from ljeco.modules.monitoring.catalog import site_info

    _station_day(db, date(2025, 6, 10), CONC)
    with read_session(db) as s:
        info = site_info(s, "T1")
        assert info is not None
        a = objects.air_assessment(s, info, 2025, date(2025, 6, 11))
    e2012, e2026 = a["editions"]
    # One valid day with PM2.5 75 µg/m³: AQI 100 (good) under HJ 633-2012, 114 (light pollution) under 2026.
    assert (e2012["valid_days"], e2012["good_days"], e2012["good_day_ratio"]) == (1, 1, 100.0)
    assert (e2026["valid_days"], e2026["good_days"], e2026["good_day_ratio"]) == (1, 0, 0.0)
    assert e2012["values"]["pm25_mean"] == 75 and e2012["limits"] == "GB 3095-2012"
    assert e2026["limits"].startswith("GB 3095-2026")


def test_dashboard_of_an_empty_database_says_why(db: Engine) -> None:
    client = _client("admin")
    page = client.get("/")
    assert page.status_code == 200
    assert "今年暂无有效日数据" in page.text and "暂无断面月均值" in page.text
    body = client.get("/api/v1/monitoring/dashboard").json()
    assert body["ytd"]["good_day_ratio"] is None and body["ytd"]["target"] == 92.87
    # The pack's stations are listed even before any data: "暂无数据（尚未接入）".
    assert {s["status"] for s in body["stations"]} == {"no_data"}


def test_a_monthly_manual_sample_classifies_its_month(db: Engine) -> None:
    """One sample a month (a municipal section) is the month's assessment (环办〔2011〕22号), although the store's
    continuous-monitoring month rule would call such a month incomplete."""
    from ljeco.core.db import read_session, write_session
    from ljeco.modules.monitoring import objects, service
    from ljeco.modules.monitoring.catalog import site_info
    from ljeco.observations import rollups
    from ljeco.observations.catalog import add_site, ensure_series, seed_parameters
    from ljeco.observations.store import write_observations

    now = datetime.now(UTC)
    local = now.astimezone(CST)
    sampled = datetime(local.year, local.month, 1, 10, tzinfo=CST)  # the 1st of this month, 10:00
    # GB 3838-2002 Table 1 (rivers): DO 6.5 → II, CODMn 3.5 → II, NH3-N 0.4 → II, TP 0.25 → IV (0.2 < TP ≤ 0.3).
    sample = {"do": 6.5, "codmn": 3.5, "nh3n": 0.4, "tp": 0.25}
    with write_session(db) as s:
        seed_parameters(s)
        site = add_site(s, code="W9", name="测试断面", kind="water_section", water_target_class="III", lon=106.6,
                        lat=29.7)  # fmt: skip
        rows = [{"series_id": ensure_series(s, site=site, parameter=p, interval_s=86400).id, "time": sampled,
                 "value": v} for p, v in sample.items()]  # fmt: skip
        write_observations(s, rows, source="test")
        rollups.rebuild(s)
    with read_session(db) as s:
        info = site_info(s, "W9")
        assert info is not None
        (row,) = service.water_sections(s, [info], now)
        history = objects.water_class_history(s, info, now)
    assert (row["class"], row["met"], row["limiting"]) == ("IV", False, ["总磷"])
    assert history[0]["month"] == sampled.strftime("%Y-%m") and history[0]["class"] == "IV"


def test_a_four_hourly_series_asked_hourly_answers_its_stored_values(seeded: Engine) -> None:
    client = _client("bureau")
    body = client.get("/api/v1/monitoring/sites/LJ-WS-CUNTAN/series", params={"parameter": "tp"}).json()
    assert body["interval"] == "raw" and body["interval_s"] == 4 * 3600 and body["unit"] == "mg/L"
    steps = {b[0] - a[0] for a, b in zip(body["data"], body["data"][1:], strict=False)}
    assert steps == {4 * 3600 * 1000}
