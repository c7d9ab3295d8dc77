"""CLI of the store: import (dry run and real), rollup rebuild, export with the shared database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from typer.testing import CliRunner

from ljeco.cli import app
from ljeco.core.db import read_session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_import_rollup_export(obs_engine: Engine, catalog: dict[str, int], tmp_path: Path) -> None:
    runner = CliRunner()
    dry = runner.invoke(app, ["import", "observations", str(FIXTURES / "obs_defective_gbk.csv"), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "6 values accepted" in dry.output and "dry run: nothing written" in dry.output
    errors = tmp_path / "errors.csv"
    real = runner.invoke(
        app, ["import", "observations", str(FIXTURES / "obs_defective_gbk.csv"), "--errors", str(errors)]
    )
    assert real.exit_code == 0, real.output
    assert "inserted 6" in real.output
    with read_session(obs_engine) as s:  # the import folded its days into the rollups
        assert s.execute(text("SELECT count(*) FROM rollups WHERE level = 'day'")).scalar() == 4
        assert s.execute(text("SELECT count(*) FROM rollup_dirty")).scalar() == 0
    lines = errors.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "row,column,severity,reason" and len(lines) == 11  # header + 10 problems
    rebuilt = runner.invoke(app, ["rollup", "rebuild"])
    assert rebuilt.exit_code == 0 and "rebuilt" in rebuilt.output
    with read_session(obs_engine) as s:
        assert s.execute(text("SELECT count(*) FROM rollups WHERE level = 'day'")).scalar() == 4
    out = tmp_path / "pm25.csv"
    exported = runner.invoke(
        app,
        [
            "export",
            "observations",
            "-s",
            str(catalog["a1_pm25_h"]),
            "--from",
            "2024-01-01",
            "--to",
            "2024-01-03",
            "-o",
            str(out),
        ],
    )
    assert exported.exit_code == 0, exported.output
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 4  # header + 3 pm25 values


def test_xlsx_export_of_day_rollups(obs_engine: Engine, catalog: dict[str, int], tmp_path: Path) -> None:
    from openpyxl import load_workbook

    runner = CliRunner()
    assert runner.invoke(app, ["import", "observations", str(FIXTURES / "obs_wide_bom.csv")]).exit_code == 0
    out = tmp_path / "co.xlsx"
    result = runner.invoke(
        app,
        [
            "export",
            "observations",
            "-s",
            str(catalog["a1_co_h"]),
            "--from",
            "2024-02-01",
            "--to",
            "2024-02-02",
            "--interval",
            "day",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(load_workbook(out, read_only=True).worksheets[0].iter_rows(values_only=True))
    # 01:00–03:00 local on 1 February: CO 0.5, 0.6, 800 mg/m³ -> one day row, 3 of 24 hours, invalid.
    assert rows[1][:4] == ("A1", "co", "mg/m³", "day")
    assert rows[1][5] == "2024-02-01T00:00:00+08:00"
    assert rows[1][6] == pytest.approx((0.5 + 0.6 + 800.0) / 3) and rows[1][11:] == (3, 24, 0.125, False)
