"""``/api/v1/air/...`` against the CLI's store path and the hand-computed values of ``test_store_paths``, and the
caller's scope."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from ljeco.cli import app as cli
from tests.conftest import token
from tests.modules.airquality.conftest import Seeded

runner = CliRunner()
PERIOD = {"from": "2024-01-01", "to": "2024-01-02"}


def _cli_assess(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(cli, ["air", "assess", *args, "--from", "2024-01-01", "--to", "2024-01-02"])
    assert result.exit_code == 0, result.output
    return list(json.loads(result.output))


def test_assessment_api_equals_cli(seeded: Seeded, client: TestClient) -> None:
    headers = token("bureau1", "bureau")
    r = client.get("/api/v1/air/assessment", params=PERIOD, headers=headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == 4
    assert body["data"] == _cli_assess("--all-sites")
    city = body["data"][3]
    assert (city["station"], city["good_day_ratio"], city["pm25_mean"]) == ("city", 50.0, 85)
    forced = client.get("/api/v1/air/assessment", params=PERIOD | {"edition": "2026"}, headers=headers).json()
    assert {r["edition"] for r in forced["data"]} == {"2026"}
    assert forced["data"] == _cli_assess("--all-sites", "--edition", "2026")
    one = client.get("/api/v1/air/assessment", params=PERIOD | {"site": ["A1", "A2"]}, headers=headers).json()
    assert one["data"] == _cli_assess("--site", "A1", "--site", "A2")
    bad = client.get("/api/v1/air/assessment", params=PERIOD | {"limits": "1999"}, headers=headers)
    assert bad.status_code == 422


def test_hourly_and_daily_api_equal_cli(seeded: Seeded, client: TestClient, tmp_path: Path) -> None:
    import pandas as pd

    headers = token("bureau1", "bureau")
    hourly = client.get("/api/v1/air/aqi", params=PERIOD | {"site": "A1"}, headers=headers).json()
    out = tmp_path / "aqi.csv"
    result = runner.invoke(
        cli, ["air", "aqi", "--site", "A1", "--from", "2024-01-01", "--to", "2024-01-02", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    csv = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert hourly["count"] == len(csv) == 48
    assert [h["time"] for h in hourly["data"]] == csv["time"].tolist()
    assert [str(h["aqi"] or "") for h in hourly["data"]] == csv["aqi"].tolist()
    assert [",".join(h["primary_pollutant"]) for h in hourly["data"]] == csv["primary_pollutant"].tolist()
    assert [str(h["iaqi"]["pm10"]) for h in hourly["data"]] == csv["iaqi_pm10"].tolist()
    assert hourly["data"][0]["aqi"] == 100 and hourly["data"][-1]["aqi"] == 150

    daily = client.get("/api/v1/air/daily", params=PERIOD, headers=headers).json()
    out = tmp_path / "daily.csv"
    result = runner.invoke(
        cli, ["air", "daily", "--all-sites", "--from", "2024-01-01", "--to", "2024-01-02", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert [(d["station"], d["date"]) for d in daily["data"]] == list(
        zip(frame["station"], frame["date"], strict=True)
    )
    assert [str(d["aqi"] or "") for d in daily["data"]] == frame["aqi"].tolist()
    assert [str(d["o3_8h_windows"]) for d in daily["data"]] == frame["o3_8h_windows"].tolist()
    a2_day2 = next(d for d in daily["data"] if d["station"] == "A2" and d["date"] == "2024-01-02")
    assert a2_day2["valid"]["pm25"] is False and a2_day2["concentrations"]["o3_8h_max"] == 80.0


def test_current_good_days_and_calculator(seeded: Seeded, client: TestClient) -> None:
    headers = token("bureau1", "bureau")
    current = client.get("/api/v1/air/current", headers=headers).json()
    assert [(c["station"], c["aqi"], c["colour"]) for c in current["data"]] == [
        ("A1", 150, "#FF7E00"),
        ("A2", 50, "#00E400"),  # PM2.5 35 → IAQI 50; AQI ≤ 50: no primary pollutant
        ("A3", 200, "#FF0000"),
    ]
    assert current["data"][1]["primary_pollutant"] == []
    good = client.get("/api/v1/air/good-days", params={"year": 2024, "until": "2024-01-02"}, headers=headers)
    assert good.status_code == 200, good.text
    g = good.json()
    assert (g["from"], g["to"], g["valid_days"], g["good_days"], g["good_day_ratio"]) == (
        "2024-01-01", "2024-01-02", 2, 1, 50.0,
    )  # fmt: skip
    assert g["pm25_mean"] == 85 and g["stations"] == ["A1", "A2"]

    # Calculator: the hand-computed A1 hour and day (HJ 633-2012), and a 2026 day.
    hour = {"time": "2024-01-01T01:00:00", "so2": 10, "no2": 40, "co": 1.0, "o3": 60, "pm10": 100, "pm25": 75}
    r = client.post("/api/v1/air/aqi/calculate", json=hour, headers=headers).json()
    assert (r["aqi"], r["primary_pollutant"], r["edition"], r["iaqi"]["so2"]) == (100, ["pm25"], "2012", 4)
    day = {"kind": "daily", "time": "2024-01-02T00:00:00", "so2": 10, "no2": 40, "co": 1.0, "o3_8h": 60,
           "pm10": 150, "pm25": 115}  # fmt: skip
    r = client.post("/api/v1/air/aqi/calculate", json=day, headers=headers).json()
    assert (r["aqi"], r["category"], r["exceeding_pollutants"]) == (150, "轻度污染", ["pm25"])
    r26 = client.post("/api/v1/air/aqi/calculate", json=day | {"edition": "2026"}, headers=headers).json()
    assert r26["edition"] == "2026" and r26["sensitive_groups"] and r26["exceeding_pollutants"] is None
    wrong = client.post("/api/v1/air/aqi/calculate", json=hour | {"o3_8h": 60}, headers=headers)
    assert wrong.status_code == 422 and wrong.json()["code"] == "air.bad_input"


def test_scope_and_errors(seeded: Seeded, client: TestClient) -> None:
    street = token("street1", "street", scope_unit="LJ-S1")  # sees A1 only
    r = client.get("/api/v1/air/assessment", params=PERIOD, headers=street).json()
    assert [a["station"] for a in r["data"]] == ["A1", "city"]  # the city of what the caller may see
    hidden = client.get("/api/v1/air/daily", params=PERIOD | {"site": "A2"}, headers=street)
    assert hidden.status_code == 404 and hidden.json()["code"] == "air.unknown_site"
    assert [c["station"] for c in client.get("/api/v1/air/current", headers=street).json()["data"]] == ["A1"]
    assert client.get("/api/v1/air/current").status_code == 401
    bureau = token("bureau1", "bureau")
    long = client.get("/api/v1/air/aqi", params={"from": "2024-01-01", "to": "2024-12-31"}, headers=bureau)
    assert long.status_code == 422 and long.json()["code"] == "air.period_too_long"
    empty = client.get("/api/v1/air/daily", params={"from": "2023-06-01", "to": "2023-06-02"}, headers=bureau)
    assert empty.status_code == 404 and empty.json()["code"] == "air.no_data"
