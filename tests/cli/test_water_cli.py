"""``ljeco water classify`` and ``ljeco water assess`` on small hand-checked files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from ljeco.cli import app

runner = CliRunner()

SAMPLES = """section,time,ph,do,codmn,nh3n,tp,cd,tn,fecal_coliform
寸滩,2024-01-05 10:00,7.8,8.1,1.9,0.12,0.08,0.0005L,1.6,1200
寸滩,2024-01-20 10:00,7.9,7.2,2.3,0.20,0.12,0.0005L,1.5,900
梁沱,2024-01-06 10:00,7.5,5.5,4.5,1.2,0.25,,,
梁沱,2024-02-06 10:00,7.5,5.5,4.5,1.6,0.25,,,
御临,2024-01-06 10:00,6.5,1.5,9,2.5,0.5,,,
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_classify_writes_class_and_limiting_items(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["water", "classify", str(_write(tmp_path, "in.csv", SAMPLES)), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    rows = _rows(out)
    # Row 1: DO 8.1 I, CODMn 1.9 I, NH3-N 0.12 I, TP 0.08 II, Cd <0.0005 I → II by TP.
    # Row 2: CODMn 2.3 II, NH3-N 0.20 II, TP 0.12 III → III by TP.
    # Row 5: DO 1.5, NH3-N 2.5, TP 0.5 all worse than V.
    assert [(r["water_class"], r["limiting_items"]) for r in rows] == [
        ("II", "tp"),
        ("III", "tp"),
        ("IV", "nh3n,tp"),
        ("V", "nh3n"),
        ("劣V", "do,nh3n,tp"),
    ]
    assert rows[0]["fecal_coliform_class"] == "II"
    assert "tn_class" not in rows[0]  # rivers: TN is not evaluated


def test_classify_lake_uses_lake_phosphorus(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    src = _write(tmp_path, "in.csv", "section,time,tp,tn\nL,2024-01-01,0.04,1.2\n")
    assert (
        runner.invoke(app, ["water", "classify", str(src), "-o", str(out), "--waterbody", "lake"]).exit_code
        == 0
    )
    row = _rows(out)[0]
    assert (row["water_class"], row["tn_class"]) == ("III", "IV")


def test_assess_period_targets_and_overall(tmp_path: Path) -> None:
    src = _write(tmp_path, "in.csv", SAMPLES)
    targets = _write(tmp_path, "t.csv", "section,target_class\n寸滩,II\n梁沱,III\n")
    args = [
        "water",
        "assess",
        str(src),
        "--from",
        "2024-01-01",
        "--to",
        "2024-02-29",
        "--targets",
        str(targets),
    ]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    by = {s["section"]: s for s in body["sections"]}
    # 寸滩 means: CODMn 2.1 II, NH3-N 0.16 II, TP 0.10 II, DO 7.65 I → II, target II met.
    assert (by["寸滩"]["water_class"], by["寸滩"]["target_met"]) == ("II", "yes")
    # 梁沱 means: NH3-N (1.2 + 1.6)/2 = 1.4 IV, TP 0.25 IV → IV, target III missed; 超标倍数 vs III.
    assert (by["梁沱"]["water_class"], by["梁沱"]["target_met"]) == ("IV", "no")
    assert by["梁沱"]["exceedance_multiples"] == "nh3n:0.40;tp:0.25"
    assert by["御临"]["status"] == "重度污染"
    # Three sections (< 5): mean of the section means — DO (7.65+5.5+1.5)/3 = 4.88 → IV; NH3-N 1.35 → IV.
    assert body["overall"]["water_class"] == "IV"
    assert body["overall"]["targets_met"] == 1 and body["overall"]["targets_total"] == 2


def test_assess_period_filter_is_inclusive_local_dates(tmp_path: Path) -> None:
    src = _write(tmp_path, "in.csv", SAMPLES)
    result = runner.invoke(app, ["water", "assess", str(src), "--from", "2024-02-06", "--to", "2024-02-06"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[1].startswith("梁沱,1,")
    assert lines[-1].startswith("(all),1,")


def test_bad_input_is_one_clear_error(tmp_path: Path) -> None:
    src = _write(tmp_path, "in.csv", "section,time,nh4\nA,2024-01-01,1\n")
    result = runner.invoke(app, ["water", "classify", str(src), "-o", str(tmp_path / "o.csv")])
    assert result.exit_code != 0
    assert "unknown column" in str(result.exception)


def test_assess_marks_unverified_colours(tmp_path: Path) -> None:
    src = _write(tmp_path, "in.csv", SAMPLES)
    result = runner.invoke(app, ["water", "assess", str(src), "--from", "2024-01-01", "--to", "2024-01-31"])
    rows = {r["section"]: r for r in csv.DictReader(io.StringIO(result.output))}
    assert rows["御临"]["colour"] == "红色"  # 劣Ⅴ red is verified
    assert rows["寸滩"]["colour"] == "蓝色 (UNVERIFIED)"


def test_classify_many_rows_with_non_detects(tmp_path: Path) -> None:
    lines = ["section,time,nh3n,cd"] + [
        f"S,2024-01-01,{0.1 + (i % 30) * 0.1:.1f},0.002L" for i in range(3000)
    ]
    src = _write(tmp_path, "big.csv", "\n".join(lines) + "\n")
    out = tmp_path / "o.csv"
    assert runner.invoke(app, ["water", "classify", str(src), "-o", str(out)]).exit_code == 0
    rows = _rows(out)
    # NH3-N 0.1 → I (Cd <0.002 → 0.001 → I); NH3-N 3.0 (i = 29) → 劣Ⅴ
    assert (rows[0]["water_class"], rows[29]["water_class"], rows[29]["limiting_items"]) == (
        "I",
        "劣V",
        "nh3n",
    )


def test_assess_reports_whether_the_period_has_enough_samples(tmp_path: Path) -> None:
    src = _write(tmp_path, "in.csv", SAMPLES)
    args = ["water", "assess", str(src), "--from", "2024-01-01", "--to", "2024-03-31", "--min-samples", "2"]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    enough = {s["section"]: s["enough_samples"] for s in json.loads(result.output)["sections"]}
    assert enough == {"寸滩": True, "梁沱": True, "御临": False}
