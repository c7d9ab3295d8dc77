"""HTTP API of the observation store (through the real app, bearer tokens)."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from tests.conftest import make_user

from ljeco.core.audit import CLI
from ljeco.core.db import read_session, write_session
from ljeco.observations import exports
from ljeco.observations.store import ObservationIn, write_observations

T0 = datetime(2024, 6, 1, tzinfo=UTC)


def _token(username: str, role: str, **scope: str) -> dict[str, str]:
    from ljeco.accounts import service

    make_user(username, role, **scope)
    with write_session() as s:
        token = service.create_token(s, user=service.get_user(s, username), name="t", actor=CLI)
    return {"Authorization": f"Bearer {token}"}


def _load(catalog: dict[str, int], hours: int = 48) -> None:
    with write_session() as s:
        write_observations(
            s,
            [ObservationIn(catalog["a1_pm25_h"], T0 + timedelta(hours=h), float(h)) for h in range(hours)],
            source="t",
        )


def test_sites_latest_and_observations(client: TestClient, catalog: dict[str, int]) -> None:
    _load(catalog)
    public = _token("pub", "public")
    sites = client.get("/api/v1/sites", headers=public).json()
    assert sites["count"] == 2 and {s["code"] for s in sites["data"]} == {"A1", "W1"}
    assert sites["data"][0]["kind_label"] == "空气质量自动监测站"
    assert client.get("/api/v1/sites").status_code == 401
    latest = client.get("/api/v1/latest", headers=public).json()
    assert latest["count"] == 1 and latest["data"][0]["value"] == 47.0 and latest["data"][0]["flag"] == "N"
    obs = client.get(
        f"/api/v1/series/{catalog['a1_pm25_h']}/observations",
        params={"from": "2024-06-01T00:00:00Z", "to": "2024-06-03T00:00:00Z", "max_points": 10},
        headers=public,
    ).json()
    assert obs["total"] == 48 and obs["count"] <= 10 and obs["unit"] == "µg/m³"
    values = [p["value"] for p in obs["data"]]
    assert min(values) == 0.0 and max(values) == 47.0
    hidden = client.get(
        f"/api/v1/series/{catalog['o1_nh3n_h']}/observations",
        params={"from": "2024-06-01T00:00:00Z", "to": "2024-06-03T00:00:00Z"},
        headers=public,
    )
    assert hidden.status_code == 404 and hidden.json()["code"] == "obs.unknown_series"


def test_review_needs_bureau_and_is_audited(
    client: TestClient, engine: Engine, catalog: dict[str, int]
) -> None:
    _load(catalog, hours=3)
    body = {
        "from": "2024-06-01T00:00:00Z",
        "to": "2024-06-01T01:00:00Z",
        "state": "invalidated",
        "reason": "停电",
    }
    url = f"/api/v1/series/{catalog['a1_pm25_h']}/review"
    assert client.post(url, json=body, headers=_token("pub", "public")).status_code == 403
    out = client.post(url, json=body, headers=_token("staff", "bureau"))
    assert out.status_code == 200 and out.json()["affected"] == 2
    with read_session(engine) as s:
        assert s.execute(text("SELECT count(*) FROM observations WHERE review = 2")).scalar() == 2
        assert (
            s.execute(text("SELECT actor_name FROM audit_log WHERE action LIKE 'observations.%'")).scalar()
            == "staff"
        )
        # The review refreshed the series' rollups: 1 of the 3 hours is left in the day.
        assert s.execute(text("SELECT count FROM rollups WHERE level = 'day'")).scalar() == 1


def test_small_export_is_a_file_and_big_one_a_job(
    client: TestClient, catalog: dict[str, int], monkeypatch: object
) -> None:
    _load(catalog, hours=30)
    headers = _token("staff", "bureau")
    params = {"from": "2024-06-01T00:00:00Z", "to": "2024-06-03T00:00:00Z"}
    url = f"/api/v1/series/{catalog['a1_pm25_h']}/export"
    small = client.get(url, params=params, headers=headers)
    assert small.status_code == 200
    rows = list(csv.reader(io.StringIO(small.content.decode("utf-8-sig"))))
    assert rows[0] == exports.COLUMNS and len(rows) == 31
    assert rows[1][:4] == ["A1", "pm25", "µg/m³", "raw"] and float(rows[1][6]) == 0.0
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setattr(exports, "BACKGROUND_ROWS", 10)
    try:
        job = client.get(url, params=params, headers=headers)
    finally:
        mp.undo()
    assert job.status_code == 202
    job_id = job.json()["id"]
    for _ in range(100):
        state = client.get(f"/api/v1/exports/{job_id}", headers=headers).json()
        if state["status"] in {"done", "failed"}:
            break
        time.sleep(0.05)
    assert state["status"] == "done" and state["progress"] == 1.0, state
    data = client.get(state["download"], headers=headers)
    assert len(data.content.decode("utf-8-sig").strip().splitlines()) == 31


def test_rollup_rules_show_source_and_verification(client: TestClient) -> None:
    rules = client.get("/api/v1/rollup-rules", headers=_token("pub", "public")).json()
    gb = next(r for r in rules["data"] if r["id"] == "GB3095-T4")
    assert (gb["hour_min_minutes"], gb["day_min_hours"], gb["month_min_days"], gb["feb_min_days"]) == (
        45,
        20,
        27,
        25,
    )
    assert gb["year_min_days"] == 324 and "inferred" in gb["verification"]
    cov = next(r for r in rules["data"] if r["id"] == "coverage-75")
    assert cov["fraction"] == 0.75 and cov["month_min_days"] is None and cov["verification"] == "our choice"
