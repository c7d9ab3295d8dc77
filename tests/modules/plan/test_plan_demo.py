"""Computed indicators on the demo data of the Liangjiang region pack equal the engines' own results.

Two months of the demo's generators (air hourly, water automatic and manual) go through the demo's own loading
path into the store; the plan computes its indicators from the store. The air figures are recomputed here from the
generated hourly table directly (no store) with the air engine under the 2012 editions, over the urban assessment
stations of the region pack; the section classes are the quality module's (the water engine on the store).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from ljeco.core.audit import CLI
from ljeco.core.db import read_session, write_session
from ljeco.core.timeutil import CST
from ljeco.demo.loader import load_catalog, load_observations
from ljeco.modules.plan.compute import CLASS_NUMBER, SECTION_CODES, compute_plan, period_of
from ljeco.modules.plan.service import ensure_default_plan, get_plan
from ljeco.modules.quality.service import water_section_results
from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import DemoTable, demo_tables
from ljeco.standards.air.assess import CITY, assess_period
from ljeco.standards.air.daily import daily_statistics

START, END, UNTIL = date(2025, 1, 1), date(2025, 3, 1), date(2025, 2, 28)


def _noop(stage: str, done: int, total: int) -> None:
    return None


@pytest.fixture
def demo(engine: Engine) -> dict[str, DemoTable]:
    region = load_region("liangjiang")
    with write_session() as s:
        load_catalog(s, region)
    tables = {
        t.name: t for t in demo_tables(region, START, END, only=("air_hourly", "water_auto", "water_manual"))
    }
    for table in tables.values():
        with write_session() as s:
            load_observations(s, table, _noop)
    return tables


def _urban_stations() -> list[str]:
    region = load_region("liangjiang")
    return sorted(
        s.code
        for s in region.sites
        if s.kind == "air_national" and s.urban_assessment and s.role != "control"
    )


def test_demo_air_and_water_equal_the_engines(demo: dict[str, DemoTable]) -> None:
    with write_session() as s:
        ensure_default_plan(s, actor=CLI)
        got = {c.indicator: c for c in compute_plan(s, get_plan(s), 2025, until=UNTIL)}
    stations = _urban_stations()
    assert stations and "1414A" not in stations
    frame = demo["air_hourly"].frame
    frame = frame[frame["site"].isin(stations)]
    ends = (frame["time"] + pd.Timedelta(hours=1)).dt.tz_convert(CST).dt.strftime("%Y-%m-%d %H:%M")
    hourly = pd.DataFrame({"station": frame["site"].to_numpy(), "time": ends.to_numpy()})
    for p in ("so2", "no2", "co", "o3", "pm10", "pm25"):
        hourly[p] = frame[p].to_numpy()
    daily = daily_statistics(hourly, edition="2012")
    city = next(
        r for r in assess_period(daily, START, UNTIL, edition="2012", limits="2012") if r.station == CITY
    )
    good = got["core-05"].result
    assert good is not None and good.inputs["stations"] == stations
    assert (good.inputs["good_days"], good.inputs["valid_days"]) == (city.good_days, city.valid_days)
    assert good.value == pytest.approx(100 * city.good_days / city.valid_days)
    assert good.inputs["valid_days"] == 59  # every day of January and February 2025 is valid in the demo
    pm = got["t-ch5-pm25-annual"].result
    assert pm is not None and pm.value == pytest.approx(float(city.statistics["pm25_mean"].value))  # type: ignore[arg-type]
    heavy = got["t-ch5-heavy-pollution-days"].result
    assert heavy is not None and heavy.value == city.heavy_pollution_days

    period = period_of(2025, UNTIL)
    assert period is not None
    with read_session() as s:
        sections = {
            r.assessment.section: r.assessment
            for r in water_section_results(s, user=None, date_from=period.start, date_to=period.end)
        }
    checked = 0
    for c in got.values():
        if c.formula != "water_section_class" or c.result is None:
            continue
        code = c.result.inputs["section"]
        assert c.result.value == CLASS_NUMBER[sections[code].water_class]
        checked += 1
    assert checked >= 8  # the eight named sections and the exit section all have demo samples
    named = [SECTION_CODES[x] for x in ("ws_liangtuo", "ws_yulinzhen")]
    share = sum(1 for x in named if CLASS_NUMBER[sections[x].water_class] <= 3) / len(named)
    ratio = got["core-04"].result
    assert ratio is not None and ratio.value == pytest.approx(100 * share)
    inferior = sum(1 for a in sections.values() if a.water_class == "劣V")
    assert got["t-ch5-no-inferior-v"].result.value == inferior  # type: ignore[union-attr]
