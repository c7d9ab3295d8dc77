"""Computed indicators on a small store: hand-computed figures (see conftest) and agreement with the engines."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
from tests.modules.plan.conftest import DAYS, OTHERS, PM25, UNTIL, Store
from typer.testing import CliRunner

from ljeco.cli import app
from ljeco.core.audit import CLI
from ljeco.core.db import read_session, write_session
from ljeco.modules.plan.compute import compute_and_store, compute_plan, period_of
from ljeco.modules.plan.service import ensure_default_plan, get_plan, indicator_statuses
from ljeco.standards.air.assess import CITY, assess_period
from ljeco.standards.air.daily import daily_statistics

runner = CliRunner()


def _by_id(store: Store) -> dict[str, object]:
    with write_session() as s:
        ensure_default_plan(s, actor=CLI)
        plan = get_plan(s)
        return {c.indicator: c for c in compute_plan(s, plan, 2024, until=UNTIL)}


def test_air_indicators_by_hand(store: Store) -> None:
    got = _by_id(store)
    good = got["core-05"].result  # type: ignore[attr-defined]
    assert good.inputs["good_days"] == 1 and good.inputs["valid_days"] == 3
    assert good.value == pytest.approx(100 / 3)
    assert good.inputs["stations"] == ["1425A", "1427A"]  # the control station 1414A is not in the city
    assert good.inputs["edition"] == "2012" and "2012" in good.inputs["limits"]
    assert good.fraction_of_period == pytest.approx(3 / 366)
    assert good.inputs["remaining_days"] == 363
    heavy = got["t-ch5-heavy-pollution-days"].result  # type: ignore[attr-defined]
    assert heavy.value == 1
    pm = got["t-ch5-pm25-annual"].result  # type: ignore[attr-defined]
    assert pm.value == pytest.approx(90.0)
    assert pm.inputs["limit"] == 35  # GB 3095-2012 Table 1 class 2 annual mean
    assert "r13-10" not in got  # a 2020 result of the previous plan is not recomputed


def test_air_indicators_equal_the_engine_on_the_same_hours(store: Store) -> None:
    """The engine fed directly (the CSV path of ``ljeco air assess``) gives the figures the plan stored."""
    rows = []
    for station, pm in PM25.items():
        for day, value in zip(DAYS, pm, strict=True):
            for h in range(1, 25):
                label = pd.Timestamp(day) + pd.Timedelta(hours=h)
                rows.append(
                    {"station": station, "time": label.strftime("%Y-%m-%d %H:%M"), "pm25": value,
                     "pm10": value * 1.2, **OTHERS}
                )  # fmt: skip
    daily = daily_statistics(pd.DataFrame(rows), edition="2012")
    city = next(
        r for r in assess_period(daily, DAYS[0], DAYS[-1], edition="2012", limits="2012") if r.station == CITY
    )
    got = _by_id(store)
    assert got["core-05"].result.inputs["good_days"] == city.good_days  # type: ignore[attr-defined]
    assert got["t-ch5-pm25-annual"].result.value == float(city.statistics["pm25_mean"].value)  # type: ignore[attr-defined, arg-type]


def test_water_indicators_by_hand(store: Store) -> None:
    got = _by_id(store)
    lt = got["t-ch5-ws-liangtuo"]
    assert lt.result.value == 2 and lt.result.inputs["water_class"] == "II"  # type: ignore[attr-defined]
    assert got["t-ch5-ws-yulinzhen"].result.value == 4  # type: ignore[attr-defined]
    yjq = got["t-ch5-ws-chaoyanghe-yuejinqiao"]
    assert yjq.result.value == 6  # type: ignore[attr-defined]
    assert yjq.met is False  # no class in the plan: judged against the section's own objective (Ⅲ)
    ratio = got["core-04"].result  # type: ignore[attr-defined]
    assert ratio.value == 50 and ratio.inputs["iii_or_better"] == ["LJ-WS-LIANGTUO"]
    assert got["t-ch5-no-inferior-v"].result.value == 1  # type: ignore[attr-defined]
    assert got["t-ch5-ws-cuntan"].result is None  # no data for 寸滩 in this store


def test_stored_values_show_with_status_and_inputs(store: Store) -> None:
    with write_session() as s:
        ensure_default_plan(s, actor=CLI)
        compute_and_store(s, year=2024, until=UNTIL, actor=CLI)
    with read_session() as s:
        rows = {r.id: r for r in indicator_statuses(s, year=2024)}
    core05 = rows["core-05"]
    assert core05.value == pytest.approx(100 / 3) and core05.value_source == "computed"
    assert core05.inputs is not None and core05.inputs["standard"].startswith("HJ 633-2012")
    # 1 good day of 3 so far; with 363 days left the target is still reachable (status.py forecast)
    assert core05.status in ("at_risk", "on_track")
    assert core05.forecast is not None
    assert rows["t-ch5-ws-liangtuo"].status == "on_track"  # a year-to-date value is never "met" (status.py)
    assert rows["t-ch5-ws-yulinzhen"].status in ("at_risk", "off_track")
    # no class in the plan: judged against the section's own objective (Ⅲ in this store), and says so
    yjq = rows["t-ch5-ws-chaoyanghe-yuejinqiao"]
    assert yjq.status == "at_risk" and yjq.reason.startswith("按断面水质目标III类判断")
    # one heavily polluted day already: a "≤ 0 days" target cannot be reached this year any more
    assert rows["t-ch5-heavy-pollution-days"].status == "off_track"


def test_cli_compute_then_indicators(store: Store) -> None:
    result = runner.invoke(app, ["plan", "compute", "--year", "2024", "--until", "2024-01-03"])
    assert result.exit_code == 0, result.output
    assert "core-05: 33.33" in result.stdout
    out = runner.invoke(app, ["plan", "indicators", "--year", "2024", "--format", "json"])
    rows = {r["id"]: r for r in json.loads(out.stdout)}
    assert rows["t-ch5-pm25-annual"]["value"] == pytest.approx(90.0)
    assert rows["t-ch5-pm25-annual"]["inputs"]["stations"] == ["1425A", "1427A"]


def test_period_of_year_to_date() -> None:
    p = period_of(2024, today=date(2024, 3, 1))
    assert p is not None and p.end == date(2024, 2, 29) and p.days == 60 and p.remaining_days == 306
    assert period_of(2030, today=date(2024, 3, 1)) is None


def test_cli_overdue_lists_missing_reports(store: Store) -> None:
    result = runner.invoke(
        app, ["plan", "overdue", "--year", "2024", "--unit", "水土公司", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and all(r["unit"] == "水土公司" and r["status"] == "missing" for r in rows)
    assert {r["due"] for r in rows} == {"2025-01-31"}


def test_sample_successor_plan_is_judged_by_the_2026_editions(store: Store) -> None:
    from ljeco.modules.plan.loader import DATA_DIR, load_plan
    from ljeco.modules.plan.service import store_plan

    with write_session() as s:
        plan = load_plan(DATA_DIR / "sample_2026_2030")
        store_plan(s, plan, source="test", actor=CLI)
        got = {c.indicator: c for c in compute_plan(s, plan, 2024, until=UNTIL)}
    good = got["s-air-good-days"].result
    assert good is not None and good.inputs["edition"] == "2026"
    assert "GB 3095-2026" in good.inputs["limits"] and good.standard.startswith("HJ 633-2026")  # type: ignore[union-attr]
    assert good.inputs["valid_days"] == 3


def test_api_compute_is_for_the_bureau_and_stores_values(store: Store, client, bureau) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_user
    from tests.web.test_auth_pages import login

    make_user("cgj", "department", scope_unit="城市管理局")
    login(client, "cgj")
    assert client.post("/api/v1/plan/compute?year=2024&until=2024-01-03").status_code == 403
    login(client, bureau)
    response = client.post("/api/v1/plan/compute?year=2024&until=2024-01-03")
    assert response.status_code == 200, response.text
    done = {r["id"]: r for r in response.json()}
    assert done["t-ch5-pm25-annual"]["value"] == pytest.approx(90.0)
    detail = client.get("/api/v1/plan/indicators/t-ch5-pm25-annual?year=2024").json()
    assert detail["status"]["value"] == pytest.approx(90.0)
    (stored,) = detail["values"]
    assert stored["source"] == "computed" and stored["inputs"]["valid_days"] == 3
    html = client.get("/api/v1/plan/reports/annual.html?year=2024")
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    row = html.text.split("data-id='t-ch5-pm25-annual'")[1].split("</tr>")[0]
    assert "<td>90</td>" in row  # the API's 90.0 µg/m³ in the report's actual-value cell
