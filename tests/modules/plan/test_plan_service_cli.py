"""The plan service and ``ljeco plan`` on a freshly migrated database (both backends)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from ljeco.cli import app
from ljeco.core.audit import CLI
from ljeco.core.db import read_session, write_session
from ljeco.core.errors import LjecoError
from ljeco.modules.plan.loader import DATA_DIR
from ljeco.modules.plan.models import PlanTask, TaskUnit
from ljeco.modules.plan.service import ensure_default_plan, indicator_statuses, record_value

runner = CliRunner()

REQUIRED_KEYS = {
    "id",
    "name",
    "unit",
    "baseline_year",
    "baseline",
    "target_year",
    "target",
    "comparator",
    "attribute",
    "method",
    "clause",
    "value",
    "status",
}


def _error_code(args: list[str]) -> str:
    """The platform error a command raised (``ljeco`` prints it as one line and exits with 2)."""
    result = runner.invoke(app, args)
    assert isinstance(result.exception, LjecoError), result.output
    return result.exception.instance_code


def _json(args: list[str]) -> list[dict[str, object]]:
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_fresh_database_loads_the_shipped_plan(engine: Engine) -> None:
    plans = _json(["plan", "list", "--format", "json"])
    assert [p["id"] for p in plans] == ["liangjiang_2021_2025"]
    assert plans[0]["tasks"] == 165
    with read_session() as session:
        assert session.scalar(select(func.count()).select_from(PlanTask)) == 165
        # 附件1: 生态环境分局 is named in 127 cell entries of its own, plus once in row 163's phrase
        # “生态环境分局等委机关有关部门” (counted in the printed cells)
        named = session.scalar(
            select(func.count()).select_from(TaskUnit).where(TaskUnit.unit_name == "生态环境分局")
        )
        assert named == 128


def test_indicators_json(engine: Engine) -> None:
    rows = _json(["plan", "indicators", "--format", "json"])
    assert all(set(r) >= REQUIRED_KEYS for r in rows)
    by_id = {r["id"]: r for r in rows}
    core5 = by_id["core-05"]
    assert (core5["target"], core5["comparator"], core5["attribute"], core5["clause"]) == (
        92.87,
        "≥",
        "约束性",
        "专栏6 第5行",
    )
    assert core5["status"] == "no_data" and core5["value"] is None
    assert by_id["core-01"]["target"] is None and by_id["core-01"]["target_pending"] is True
    # 专栏5 results are printed in the plan and judged against the 2020 targets
    assert (by_id["r13-02"]["value"], by_id["r13-02"]["status"]) == (40.14, "off_track")
    assert (by_id["r13-03"]["value"], by_id["r13-03"]["status"]) == (45.14, "met")
    assert by_id["t-ch5-ws-cuntan"]["unverified"] is True


def test_reported_value_changes_the_status(engine: Engine) -> None:
    with write_session() as session:
        assert ensure_default_plan(session, actor=CLI)
        assert not ensure_default_plan(session, actor=CLI)
        record_value(
            session, indicator_id="core-06", year=2023, value=45.30, actor=CLI, reported_by="城市管理局"
        )
    rows = _json(["plan", "indicators", "--year", "2023", "--format", "json"])
    core6 = next(r for r in rows if r["id"] == "core-06")
    # straight line 45.14 (2020) → 45.5 (2025) expects 45.356 in 2023: 45.30 is behind it but above the baseline
    assert (core6["value"], core6["status"], core6["year"]) == (45.3, "at_risk", 2023)
    with read_session() as session:
        again = {r.id: r for r in indicator_statuses(session, year=2023)}
    assert again["core-06"].value_source == "reported"


def test_tasks_by_unit_resolve_variant_spellings(engine: Engine) -> None:
    rows = _json(["plan", "tasks", "--unit", "税务局", "--format", "json"])
    assert [(r["id"], r["role"]) for r in rows] == [("T033", "lead")]
    # 现代服务业局 is named in 16 rows (15 times so spelled, once as 现代服务局 in row 34)
    variant = _json(["plan", "tasks", "--unit", "现代服务局", "--format", "json"])
    canonical = _json(["plan", "tasks", "--unit", "现代服务业局", "--format", "json"])
    assert variant == canonical and len(canonical) == 16
    assert len(_json(["plan", "tasks", "--format", "json"])) == 165


def test_unknown_unit_and_format_fail_cleanly(engine: Engine) -> None:
    assert _error_code(["plan", "tasks", "--unit", "不存在局"]) == "plan_unit_not_found"
    assert _error_code(["plan", "indicators", "--format", "xml"]) == "bad_format"
    assert _error_code(["plan", "indicators", "--plan", "nope"]) == "plan_not_found"


def test_load_the_sample_plan(engine: Engine) -> None:
    sample = str(DATA_DIR / "sample_2026_2030")
    result = runner.invoke(app, ["plan", "load", sample])
    assert result.exit_code == 0, result.output
    assert "6 indicators" in result.output
    plans = {p["id"]: p for p in _json(["plan", "list", "--format", "json"])}
    assert plans["sample_2026_2030"]["sample"] is True
    assert plans["sample_2026_2030"]["standards_edition"] == "2026"
    rows = _json(["plan", "indicators", "--plan", "sample_2026_2030", "--format", "json"])
    assert {r["id"] for r in rows} >= {"s-pm25-annual", "s-air-good-days"}
    assert _error_code(["plan", "load", sample]) == "plan_exists"
    assert runner.invoke(app, ["plan", "load", sample, "--replace"]).exit_code == 0


def test_load_refuses_an_invalid_file(engine: Engine, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n", encoding="utf-8")
    assert _error_code(["plan", "load", str(bad)]) == "plan_invalid"


@pytest.mark.parametrize("command", ["list", "indicators", "tasks"])
def test_table_output(engine: Engine, command: str) -> None:
    result = runner.invoke(app, ["plan", command])
    assert result.exit_code == 0, result.output
    assert "liangjiang" in result.output or "T001" in result.output or "core-05" in result.output


def test_indicators_of_a_unit(engine: Engine) -> None:
    from ljeco.modules.plan.service import indicators_for_unit

    with write_session() as session:
        ensure_default_plan(session, actor=CLI)
    with read_session() as session:
        ids = indicators_for_unit(session, unit="城市管理局")
    # reports 建成区绿化覆盖率 (专栏6 row 6) and leads 附件1 row 61 (公园、绿道、人均公园绿地面积)
    assert {"core-06", "t-ch4-new-parks", "t-ch4-new-greenways", "t-ch4-park-area-per-capita"} <= set(ids)
    rows = _json(["plan", "tasks", "--unit", "城市管理局", "--format", "json"])
    row61 = next(r for r in rows if r["id"] == "T061")
    assert row61["role"] == "lead" and "core-06" in row61["indicators"]


def test_issue_a_city_target(engine: Engine) -> None:
    from ljeco.core.errors import ConflictError
    from ljeco.modules.plan.service import issue_target

    with write_session() as session:
        ensure_default_plan(session, actor=CLI)
        issued = issue_target(
            session, indicator_id="core-01", target=14, issued_by="示例：市级考核文件", actor=CLI
        )
        assert issued.target == 14 and not issued.target_pending
        record_value(session, indicator_id="core-01", year=2022, value=13.0, actor=CLI)
    with write_session() as session, pytest.raises(ConflictError):
        issue_target(session, indicator_id="core-01", target=15, issued_by="again", actor=CLI)
    core1 = next(
        r for r in _json(["plan", "indicators", "--year", "2022", "--format", "json"]) if r["id"] == "core-01"
    )
    # [12] in 2020 → 14 in 2025; 2022 is 2/5 through: the line expects 12.8, 13.0 is on track
    assert (core1["target"], core1["status"]) == (14, "on_track")


def test_year_to_date_air_values_carry_a_forecast(engine: Engine) -> None:
    with write_session() as session:
        ensure_default_plan(session, actor=CLI)
        # 300 good of 320 valid days, 45 left (hand-computed in test_plan_status: at most 6 more non-good days)
        record_value(
            session,
            indicator_id="core-05",
            year=2024,
            value=93.75,
            fraction_of_period=320 / 365,
            source="computed",
            inputs={"good_days": 300, "valid_days": 320, "remaining_days": 45},
            actor=CLI,
        )
        # PM2.5 38 µg/m³ over 300 days, 65 left: the rest must average ≤ 21.15
        record_value(
            session,
            indicator_id="t-ch5-pm25-annual",
            year=2024,
            value=38,
            fraction_of_period=300 / 365,
            source="computed",
            inputs={"days_so_far": 300, "remaining_days": 65},
            actor=CLI,
        )
    rows = {r["id"]: r for r in _json(["plan", "indicators", "--year", "2024", "--format", "json"])}
    assert rows["core-05"]["status"] == "on_track"
    assert rows["core-05"]["forecast"] == "剩余45天中最多还可出现6个非优良天，才能达到92.87%"
    assert rows["t-ch5-pm25-annual"]["status"] == "at_risk"
    assert "21.15" in str(rows["t-ch5-pm25-annual"]["forecast"])


def test_forecast_commands() -> None:
    result = runner.invoke(
        app, ["plan", "forecast-good-days", "--good", "300", "--valid", "320", "--remaining", "45"]
    )
    assert result.exit_code == 0 and "最多还可出现6个非优良天" in result.output
    result = runner.invoke(
        app, ["plan", "forecast-pm25", "--mean", "38", "--days", "300", "--remaining", "65", "--limit", "35"]
    )
    assert result.exit_code == 0 and "21.15" in result.output and "at_risk" in result.output
