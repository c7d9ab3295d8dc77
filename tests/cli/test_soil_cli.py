"""``ljeco soil assess``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from ljeco.cli import app

runner = CliRunner()


def test_construction_first_category(tmp_path: Path) -> None:
    src = tmp_path / "s.csv"
    src.write_text("site,as,pb,benzene\nP1,45,350,0.5L\nP2,10,900,\n", encoding="utf-8")
    result = runner.invoke(app, ["soil", "assess", str(src), "--land", "first"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    # P1: As 45 > 20 (≤ 120) → between; P2: Pb 900 > 800 → above intervention.
    assert [(r["site"], r["result"], r["items_above_screening"]) for r in rows] == [
        ("P1", "between", "as"),
        ("P2", "above_intervention", "pb"),
    ]


def test_agricultural_with_ph_column(tmp_path: Path) -> None:
    src = tmp_path / "a.csv"
    src.write_text("site,ph,land_use,cd,zn\nF1,6.0,paddy,0.5,150\nF2,8.0,other,0.5,150\n", encoding="utf-8")
    result = runner.invoke(app, ["soil", "assess", str(src), "--land", "agricultural"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    # F1 paddy pH 6.0: Cd screening 0.4 → 安全利用类; F2 other pH 8.0: Cd screening 0.6 → 优先保护类.
    assert [(r["site"], r["category"]) for r in rows] == [("F1", "安全利用类"), ("F2", "优先保护类")]
