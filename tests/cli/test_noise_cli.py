"""``ljeco noise assess`` on a hand-built hourly file."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from ljeco.cli import app

runner = CliRunner()


def _hourly(tmp_path: Path, night_level: float, zone: str = "1") -> Path:
    lines = ["station,time,leq,lmax,zone_class"]
    t0 = datetime(2024, 3, 1, 7)  # label 07:00 = hour 06–07, the first day hour
    for i in range(24):
        t = t0 + timedelta(hours=i)
        start = (t - timedelta(hours=1)).hour
        day = 6 <= start < 22
        lines.append(f"N1,{t:%Y-%m-%d %H:%M},{52.0 if day else night_level},{58 if day else 55},{zone}")
    path = tmp_path / "n.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_one_full_day(tmp_path: Path) -> None:
    result = runner.invoke(app, ["noise", "assess", str(_hourly(tmp_path, 46.0))])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 1
    row = rows[0]
    assert (row["date"], row["n_day_hours"], row["n_night_hours"]) == ("2024-03-01", "16", "8")
    assert (row["day_leq"], row["night_leq"], row["night_lmax"]) == ("52.0", "46.0", "55.0")
    assert (row["day_limit"], row["night_limit"], row["night_lmax_limit"]) == ("55.0", "45.0", "60.0")
    assert (row["day_ok"], row["night_ok"], row["night_exceedance_db"]) == ("True", "False", "1.0")


def test_summary_and_construction_standard(tmp_path: Path) -> None:
    path = _hourly(tmp_path, 46.0)
    result = runner.invoke(app, ["noise", "assess", str(path), "--standard", "gb12523", "--summary"])
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.output)))
    assert (row["day_compliance_rate"], row["night_compliance_rate"]) == ("1.0", "1.0")  # 70 / 55 limits
