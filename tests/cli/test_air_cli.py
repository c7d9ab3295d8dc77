"""``ljeco air aqi | daily | assess`` on small hand-made CSVs, values checked by hand."""

from __future__ import annotations

import csv
import json
from datetime import datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from ljeco.cli import app
from ljeco.core.errors import ValidationError

runner = CliRunner()

HEADER = "station,time,so2,no2,co,o3,pm10,pm25\n"
# The verified CNEMC rows of 2022-01-01 (HJ 633-2012 as practised), a row with a blank, and the 2026 switch.
HOURLY = HEADER + (
    "1417A,2022-01-01 10:00,8,40,0.9,20,95,81\n"
    "1420A,2022-01-01 10:00,8,40,0.9,20,120,60\n"
    "1414A,2022-01-01 08:00,5,20,0.5,30,69,43\n"
    "1414A,2022-01-01 09:00,5,20,,30,69,43\n"
    "X,2026-03-01 00:00,5,20,0.5,30,30,70\n"
    "X,2026-03-01 01:00,5,20,0.5,30,30,70\n"
)


def _write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _day(station: str, day: str, **overrides: float | str) -> str:
    """24 hourly rows (labels 01:00 … 24:00) of one station-day; constants unless overridden."""
    values = {"so2": 10, "no2": 30, "co": 0.7, "o3": 50, "pm10": 60, "pm25": 40, **overrides}
    start = datetime.fromisoformat(f"{day}T01:00")
    lines = []
    for h in range(24):
        label = (start + timedelta(hours=h)).strftime("%Y-%m-%d %H:%M")
        row = [str(values[p]) for p in ("so2", "no2", "co", "o3", "pm10", "pm25")]
        lines.append(f"{station},{label}," + ",".join(row))
    return "\n".join(lines) + "\n"


def test_aqi_command(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["air", "aqi", str(_write(tmp_path, HOURLY)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    assert list(rows[0])[:7] == [
        "station",
        "time",
        "aqi",
        "primary_pollutant",
        "level",
        "category",
        "edition",
    ]
    assert [c for c in rows[0] if c.startswith("iaqi_")] == [
        "iaqi_so2", "iaqi_no2", "iaqi_co", "iaqi_o3_1h", "iaqi_pm10", "iaqi_pm25",
    ]  # fmt: skip
    got = [(r["station"], r["time"], r["aqi"], r["primary_pollutant"], r["level"], r["category"], r["edition"])
           for r in rows]  # fmt: skip
    assert got == [
        (
            "1417A",
            "2022-01-01 10:00",
            "108",
            "pm25",
            "3",
            "轻度污染",
            "2012",
        ),  # 100 + 6 × 50/40 = 107.5 → 108
        ("1420A", "2022-01-01 10:00", "85", "pm10", "2", "良", "2012"),
        ("1414A", "2022-01-01 08:00", "60", "pm10,pm25", "2", "良", "2012"),  # tie after rounding up
        ("1414A", "2022-01-01 09:00", "", "", "", "", "2012"),  # CO blank, the rest ≤ 100 → NA
        ("X", "2026-03-01 00:00", "94", "pm25", "2", "良", "2012"),  # 23:00–24:00 of 28 Feb
        ("X", "2026-03-01 01:00", "110", "pm25", "3", "轻度污染", "2026"),
    ]
    assert rows[0]["iaqi_pm25"] == "108" and rows[0]["exceeding_pollutants"] == "pm25"
    assert rows[3]["iaqi_pm25"] == "60" and rows[3]["flags"] == "aqi_na:co"
    assert rows[5]["exceeding_pollutants"] == ""  # not defined in 2026


def test_aqi_command_forced_edition(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["air", "aqi", str(_write(tmp_path, HOURLY)), "-o", str(out), "--edition", "2026"]
    )
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    # 1420A under 2026: PM10 120 and PM2.5 60 are both exactly the IAQI-100 breakpoints: a tie at 100.
    assert (rows[1]["aqi"], rows[1]["primary_pollutant"]) == ("100", "pm10,pm25")
    assert {r["edition"] for r in rows} == {"2026"}


def test_daily_command(tmp_path: Path) -> None:
    text = HEADER + _day("A", "2022-01-04", pm25=81) + _day("A", "2022-01-05").replace(",40\n", ",\n", 5)
    out = tmp_path / "daily.csv"
    result = runner.invoke(app, ["air", "daily", str(_write(tmp_path, text)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    first, second = _rows(out)
    assert (first["station"], first["date"]) == ("A", "2022-01-04")
    assert (first["so2"], first["no2"], first["co"], first["pm10"], first["pm25"]) == (
        "10",
        "30",
        "0.7",
        "60",
        "81",
    )
    assert (first["o3_8h_max"], first["o3_1h_max"], first["o3_8h_windows"]) == ("50", "50", "17")
    assert (first["aqi"], first["primary_pollutant"], first["level"], first["edition"]) == (
        "108",
        "pm25",
        "3",
        "2012",
    )
    # Day 2: five PM2.5 hours blank → 19 valid: the daily mean is invalid (GB 3095 Table 4: ≥ 20).
    assert (second["pm25"], second["pm25_valid"], second["pm25_hours"]) == ("", "False", "19")
    assert second["aqi"] == "" and second["flags"] == "aqi_na:pm25"


def test_assess_command_json(tmp_path: Path) -> None:
    text = HEADER + "".join(
        _day(s, f"2022-01-0{d}", pm25=p) for s, p in (("A", 40), ("B", 81)) for d in (1, 2, 3)
    )
    result = runner.invoke(
        app, ["air", "assess", str(_write(tmp_path, text)), "--from", "2022-01-01", "--to", "2022-01-03"]
    )
    assert result.exit_code == 0, result.output
    records = json.loads(result.output)
    assert [r["station"] for r in records] == ["A", "B", "city"]
    a, b, city = records
    for key in ("edition", "valid_days", "good_days", "good_day_ratio", "pm25_mean", "pm10_mean", "so2_mean",
                "no2_mean", "co_p95", "o3_8h_p90", "composite_index", "attained"):  # fmt: skip
        assert key in a, key
    assert (a["valid_days"], a["good_days"], a["good_day_ratio"], a["pm25_mean"]) == (3, 3, 100.0, 40)
    assert (b["good_days"], b["good_day_ratio"], b["level3_days"]) == (0, 0.0, 3)  # PM2.5 81 → AQI 108
    assert city["pm25_mean"] == 60 and city["stations"] == 2  # (40 + 81) / 2 = 60.5 → 60 (half to even)
    assert (a["co_p95"], a["o3_8h_p90"], a["edition"]) == (0.7, 50, "2012")
    # 3 days of January need ceil(3 × 27/31) = 3 valid days: valid. PM2.5 40 > 35 (annual limit, 2012).
    assert a["pm25_mean_valid"] is True and a["attained"] is False
    assert a["exceedances"] == [{"item": "pm25_mean", "value": 40, "limit": 35, "multiple": 0.14}]


def test_assess_command_table_and_editions(tmp_path: Path) -> None:
    text = HEADER + "".join(_day("A", f"2025-01-{d:02d}", pm25=70) for d in range(1, 32))
    src = _write(tmp_path, text)
    args = ["air", "assess", str(src), "--from", "2025-01-01", "--to", "2025-01-31", "--format", "table"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:5] == ["station", "edition", "valid_days", "good_days", "good_day_ratio"]
    assert lines[1].split()[:5] == ["A", "2012", "31", "31", "100.0"]  # PM2.5 70 → 94 under 2012
    result = runner.invoke(app, [*args, "--edition", "2026"])
    assert result.output.splitlines()[1].split()[:5] == ["A", "2026", "31", "0", "0.0"]  # → 110 under 2026
    out = tmp_path / "a.json"
    result = runner.invoke(app, [*args[:-2], "-o", str(out), "--limits", "2026-final"])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))[0]["limits"] == "GB 3095-2026"


def test_bad_input_reports_a_clear_error(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    bad_edition = runner.invoke(
        app, ["air", "aqi", str(_write(tmp_path, HOURLY)), "-o", str(out), "--edition", "2019"]
    )
    assert isinstance(bad_edition.exception, ValidationError)
    missing = runner.invoke(app, ["air", "aqi", str(_write(tmp_path, "station,time,pm25\nA,2022-01-01 01:00,3\n")),
                                  "-o", str(out)])  # fmt: skip
    assert isinstance(missing.exception, ValidationError) and "so2" in missing.exception.message
    bad_date = runner.invoke(app, ["air", "assess", str(_write(tmp_path, HOURLY)), "--from", "01/01/2022",
                                   "--to", "2022-01-31"])  # fmt: skip
    assert isinstance(bad_date.exception, ValidationError)
