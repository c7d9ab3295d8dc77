from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from sqlalchemy import select

from ljeco.accounts.service import get_user
from ljeco.core.audit import SYSTEM
from ljeco.core.db import read_session, write_session
from ljeco.core.errors import NotFoundError
from ljeco.modules.sources import service
from ljeco.modules.sources.models import Enterprise
from ljeco.observations import catalog
from ljeco.observations.store import write_observations
from ljeco.regions import load_region
from tests.conftest import make_user
from tests.web.test_auth_pages import login

REGION = load_region("liangjiang")


def _sync():
    with write_session() as s:
        catalog.seed_parameters(s)
        return service.sync_from_region(s, region=REGION, actor=SYSTEM)


def _monitored_limit():
    """The first enterprise with a monitored outlet whose pollutant has an upper limit."""
    from ljeco.standards.parameters import PARAMETERS

    for ent in REGION.enterprises:
        for outlet in ent.outlets:
            if outlet.monitored:
                for p in outlet.pollutants:
                    if p.limit and p.parameter in PARAMETERS:
                        return ent, outlet, p
    raise AssertionError("the pack has no monitored outlet with a limit")


def test_sync_is_complete_and_idempotent(engine):
    first = _sync()
    expected_outlets = sum(len(e.outlets) for e in REGION.enterprises)
    assert (first.enterprises, first.outlets) == (len(REGION.enterprises), expected_outlets)
    second = _sync()
    assert second == first
    with read_session() as s:
        assert len(s.scalars(select(Enterprise)).all()) == len(REGION.enterprises)


def test_scopes(engine, bureau):
    _sync()
    ent, _, _ = _monitored_limit()
    make_user("ent", "enterprise", scope_enterprise=ent.uscc)
    make_user("citizen", "public")
    with read_session() as s:
        _, total = service.list_enterprises(s, user=get_user(s, bureau), filters=service.EnterpriseFilter())
        assert total == len(REGION.enterprises)
        rows, total = service.list_enterprises(s, user=get_user(s, "ent"), filters=service.EnterpriseFilter())
        assert [e.uscc for e in rows] == [ent.uscc]
        _, public_total = service.list_enterprises(
            s, user=get_user(s, "citizen"), filters=service.EnterpriseFilter()
        )
        assert public_total == sum(1 for e in REGION.enterprises if e.key_units)
        other = next(e for e in REGION.enterprises if e.uscc != ent.uscc)
        with pytest.raises(NotFoundError):
            service.get_enterprise(s, user=get_user(s, "ent"), uscc=other.uscc)


def test_compliance_counts_exceeding_hours(engine, bureau):
    _sync()
    ent, outlet, pollutant = _monitored_limit()
    site_code = f"{ent.code}-{outlet.code}"
    t0 = datetime(2026, 5, 1, tzinfo=UTC)
    # Six hourly values: two above the limit (1.5× and 1.2×), one missing.
    factors = [0.5, 1.5, 0.9, None, 1.2, 1.0]
    with write_session() as s:
        series = catalog.ensure_series(s, site=site_code, parameter=pollutant.parameter, interval_s=3600)
        frame = pd.DataFrame(
            {
                "series_id": series.id,
                "time": [t0 + timedelta(hours=i) for i in range(6)],
                "value": [None if f is None else f * pollutant.limit for f in factors],
            }
        )
        write_observations(s, frame, source="test")
    with read_session() as s:
        rows = service.compliance(
            s, user=get_user(s, bureau), uscc=ent.uscc, t_from=t0, t_to=t0 + timedelta(hours=6)
        )
    row = next(r for r in rows if r.outlet_code == site_code and r.parameter == pollutant.parameter)
    assert (row.summary.valid, row.summary.exceeding) == (5, 2)
    assert row.summary.max_multiple == pytest.approx(0.5)
    assert row.summary.compliance_rate == pytest.approx(60.0)


def test_api_and_list_page(client, bureau):
    _sync()
    login(client, bureau)
    listing = client.get("/api/v1/enterprises?limit=5").json()
    assert listing["count"] == len(REGION.enterprises) and len(listing["data"]) == 5
    ent, outlet, _ = _monitored_limit()
    detail = client.get(f"/api/v1/enterprises/{ent.uscc}").json()
    assert {o["code"] for o in detail["outlets"]} == {f"{ent.code}-{o.code}" for o in ent.outlets}
    assert any(o["mn"] == outlet.mn for o in detail["outlets"])
    bad = client.get(f"/api/v1/enterprises/{ent.uscc}/compliance?from=2026-05-02&to=2026-05-01")
    assert bad.status_code == 422 and bad.json()["code"] == "sources.bad_range"
    page = client.get(f"/enterprises?q={ent.name[:4]}")
    assert page.status_code == 200 and ent.name in page.text


def test_compliance_prefers_the_hourly_series_over_daily_means(engine, bureau):
    _sync()
    ent, outlet, pollutant = _monitored_limit()
    site_code = f"{ent.code}-{outlet.code}"
    t0 = datetime(2026, 5, 1, tzinfo=UTC)
    with write_session() as s:
        daily = catalog.ensure_series(s, site=site_code, parameter=pollutant.parameter, interval_s=86400)
        hourly = catalog.ensure_series(s, site=site_code, parameter=pollutant.parameter, interval_s=3600)
        write_observations(
            s, [{"series_id": daily.id, "time": t0, "value": 0.1 * pollutant.limit}], source="test"
        )
        frame = pd.DataFrame(
            {
                "series_id": hourly.id,
                "time": [t0 + timedelta(hours=i) for i in range(3)],
                "value": [2 * pollutant.limit] * 3,
            }
        )
        write_observations(s, frame, source="test")
    with read_session() as s:
        rows = service.compliance(
            s, user=get_user(s, bureau), uscc=ent.uscc, t_from=t0, t_to=t0 + timedelta(hours=3)
        )
    row = next(r for r in rows if r.outlet_code == site_code and r.parameter == pollutant.parameter)
    assert (row.summary.valid, row.summary.exceeding) == (3, 3)
