"""The plan model refuses inconsistent plans; its JSON Schema accepts the shipped ones; a sample successor loads."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.modules.plan.formulas import FORMULAS, FormulaResult, compute, register, unregister
from ljeco.modules.plan.loader import (
    DATA_DIR,
    load_plan,
    load_shipped_plan,
    parse_plan,
    read_plan_document,
    shipped_plan_ids,
)
from ljeco.modules.plan.schema import plan_json_schema
from ljeco.modules.plan.status import Status, assess_indicator

SAMPLE = DATA_DIR / "sample_2026_2030"


def _document() -> dict[str, Any]:
    return copy.deepcopy(read_plan_document(SAMPLE))


def test_shipped_plans() -> None:
    assert shipped_plan_ids() == ["liangjiang_2021_2025", "sample_2026_2030"]
    with pytest.raises(NotFoundError):
        load_shipped_plan("nope")


@pytest.mark.parametrize("plan_id", ["liangjiang_2021_2025", "sample_2026_2030"])
def test_json_schema_accepts_shipped_documents(plan_id: str) -> None:
    document = read_plan_document(DATA_DIR / plan_id)
    jsonschema.Draft202012Validator(plan_json_schema()).validate(document)


def test_json_schema_rejects_a_bad_comparator() -> None:
    document = _document()
    document["indicators"][0]["comparator"] = ">="
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(plan_json_schema()).validate(document)


def test_sample_successor_plan_is_general() -> None:
    plan = load_shipped_plan("sample_2026_2030")
    assert plan.sample and plan.notice and "示例" in plan.name
    assert plan.standards_edition == "2026"
    pm25 = plan.indicator("s-pm25-annual")
    # GB 3095-2026 Table 1: transitional Class 2 annual PM2.5 limit 30 µg/m³ (2026-03-01 … 2030-12-31)
    assert (pm25.comparator, pm25.target, pm25.standard) == ("≤", 30, "GB 3095-2026")
    # 32 µg/m³ would attain the 2012 limit (35) but not the 2026 one
    assert assess_indicator(pm25, 32, year=2030).status is Status.OFF_TRACK
    assert assess_indicator(plan.indicator("s-co2-intensity"), 5.0, year=2027).status is Status.NO_DATA


def test_single_file_plan(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(_document(), allow_unicode=True), encoding="utf-8")
    assert load_plan(path).id == "sample_2026_2030"
    assert load_plan(SAMPLE).id == "sample_2026_2030"


def _refused(document: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_plan(document)
    assert info.value.instance_code == "plan_invalid"
    assert fragment in str(info.value) + str(info.value.details)


def test_pending_target_cannot_have_a_value() -> None:
    document = _document()
    document["indicators"][2]["target"] = 18
    _refused(document, "pending")


def test_computed_needs_a_declared_formula() -> None:
    document = _document()
    del document["indicators"][0]["formula"]
    _refused(document, "formula")
    document = _document()
    document["indicators"][0]["formula"] = "air_good_dayz"
    _refused(document, "not declared")


def test_task_units_must_be_registered_under_their_canonical_name() -> None:
    document = _document()
    document["tasks"][0]["lead"] = ["不存在局"]
    _refused(document, "not in the unit registry")
    document = _document()
    document["units"][0]["aliases"] = ["生态环境局"]
    document["tasks"][0]["lead"] = ["生态环境局"]
    _refused(document, "canonical name '生态环境分局'")


def test_a_task_needs_a_lead_unit() -> None:
    document = _document()
    document["tasks"][0]["lead"] = []
    _refused(document, "lead")


def test_duplicates_and_clauses() -> None:
    document = _document()
    document["indicators"].append(copy.deepcopy(document["indicators"][0]))
    _refused(document, "duplicate indicator id")
    document = _document()
    document["indicators"][0]["clause"] = "somewhere"
    _refused(document, "clause")
    document = _document()
    document["indicators"][0]["goal"] = "G9"
    _refused(document, "goal")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_plan(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        load_plan(bad)


def test_formula_registry_hooks() -> None:
    assert {"air_good_days_ratio", "air_annual_mean", "water_section_class"} <= set(FORMULAS)
    assert compute("air_good_days_ratio", year=2023) is None  # no engine registered
    register("air_good_days_ratio", lambda **kw: FormulaResult(value=93.2, inputs={"year": kw["year"]}))
    try:
        result = compute("air_good_days_ratio", year=2023)
        assert result is not None and result.value == 93.2 and result.inputs == {"year": 2023}
    finally:
        unregister("air_good_days_ratio")
    with pytest.raises(KeyError):
        register("undeclared", lambda **kw: None)
