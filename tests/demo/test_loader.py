"""The demo goes through the real ingest paths: catalogue, store, HJ 212 gateway, enterprise registry, complaints."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from ljeco.core.db import read_session
from ljeco.core.errors import ConflictError
from ljeco.demo.loader import load_demo
from ljeco.regions import load_region
from ljeco.regions.liangjiang.demo import demo_tables

START, TODAY = date(2025, 7, 1), date(2025, 7, 6)
REGION = load_region("liangjiang")


def _count(model) -> int:
    with read_session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_demo_loads_every_stream_through_its_path(engine):
    from ljeco.ingest.hj212.models import Hj212RawFrame
    from ljeco.modules.cases.models import Complaint
    from ljeco.modules.sources.models import Enterprise
    from ljeco.observations.models import Observation, Series, Site

    report = load_demo(engine=engine, today=TODAY, start=START, cems_hourly_days=2)
    assert (report.sites, report.enterprises) == (len(REGION.sites), len(REGION.enterprises))
    monitored = sum(1 for e in REGION.enterprises for o in e.outlets if o.monitored and o.mn)
    assert report.devices == monitored
    assert _count(Site) == len(REGION.sites) + sum(len(e.outlets) for e in REGION.enterprises)
    assert _count(Enterprise) == len(REGION.enterprises)
    # Every CEMS frame was judged and archived by the gateway's sink; none was rejected or quarantined.
    assert report.cems_rejected == 0 and report.cems_frames > 0
    assert _count(Hj212RawFrame) == report.cems_frames
    tables = {t.name: t.frame for t in demo_tables(REGION, START, TODAY)}
    assert report.complaints == _count(Complaint) == len(tables["complaints"])
    # Air: every generated value (missing hours dropped) is in the store.
    air = tables["air_hourly"]
    expected_air = int(air[["so2", "no2", "co", "o3", "pm10", "pm25"]].notna().sum().sum())
    with read_session() as s:
        air_rows = s.scalar(
            select(func.count())
            .select_from(Observation)
            .join(Series, Series.id == Observation.series_id)
            .join(Site, Site.id == Series.site_id)
            .where(Site.kind.in_(["air_station", "micro_station"]))
        )
    assert air_rows == expected_air


def test_cems_values_arrive_unchanged_in_flue_gas_units(engine):
    """A flue-gas SO2 value of the generator equals the stored hourly value (mg/m³, no ×1000 ambient factor)."""
    from ljeco.observations.models import Observation, Parameter, Series, Site

    load_demo(engine=engine, today=TODAY, start=START, cems_hourly_days=2)
    cems = next(t.frame for t in demo_tables(REGION, START, TODAY, only=("cems_hourly",)))
    since = datetime(2025, 7, 4, tzinfo=UTC) - timedelta(hours=8)  # local midnight of 4 July
    row = cems[(cems["hj212_code"] == "a21026") & (cems["time"] >= since) & cems["value"].notna()].iloc[0]
    ent = next(e for e in REGION.enterprises if any(o.mn == row["mn"] for o in e.outlets))
    outlet = next(o for o in ent.outlets if o.mn == row["mn"])
    with read_session() as s:
        so2 = s.scalars(
            select(Series)
            .join(Site, Site.id == Series.site_id)
            .join(Parameter, Parameter.id == Series.parameter_id)
            .where(
                Site.code == f"{ent.code}-{outlet.code}", Parameter.code == "so2", Series.interval_s == 3600
            )
        ).one()
        assert so2.unit == "mg/m³"
        value = s.scalar(
            select(Observation.value).where(
                Observation.series_id == so2.id, Observation.time == row["time"].to_pydatetime()
            )
        )
    assert value == pytest.approx(round(float(row["value"]), 3))


def test_second_load_refuses_and_reset_starts_over(engine):
    from ljeco.modules.cases.models import Complaint

    load_demo(engine=engine, today=TODAY, start=START, cems_hourly_days=1)
    before = _count(Complaint)
    with pytest.raises(ConflictError):
        load_demo(engine=engine, today=TODAY, start=START)
    load_demo(engine=engine, today=TODAY, start=START, cems_hourly_days=1, reset=True)
    assert _count(Complaint) == before
