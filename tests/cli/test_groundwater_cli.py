"""``ljeco groundwater classify``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from typer.testing import CliRunner

from ljeco.cli import app


def test_classify(tmp_path: Path) -> None:
    src = tmp_path / "gw.csv"
    src.write_text(
        "site,time,ph,nh3n,mn,benzene,odor\n"
        "W1,2024-05-01,7.2,0.3,0.2,0.4,无\n"
        "W2,2024-05-01,9.2,0.01,,<0.5,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["groundwater", "classify", str(src)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["site"], r["water_class"], r["worst_items"]) for r in rows] == [
        ("W1", "IV", "mn"),  # Mn 0.2 → IV; NH3-N 0.3 → III
        ("W2", "V", "ph"),  # pH 9.2 > 9.0 → V
    ]
