"""The store path (service and ``ljeco air … --site``) against the file CLI and against hand-computed values.

Hand computations (HJ 633-2012 Table 1; IAQI = (IAQI_hi − IAQI_lo)/(BP_hi − BP_lo)·(C − BP_lo) + IAQI_lo, rounded
up; the real-time AQI scores PM on the 24-hour breakpoints, as the national feed does):

* A1 day 1 hour: PM2.5 75 → 100 (breakpoint 75); PM10 100 → 50 + 50·50/100 = 75; NO2 1-h 40 → 40·50/100 = 20;
  SO2 1-h 10 → ⌈10·50/150⌉ = 4; CO 1-h 1.0 → 10; O3 1-h 60 → ⌈60·50/160⌉ = 19. AQI 100, 良, primary pm25.
* A1 day 2 hour: PM2.5 115 → 150; PM10 150 → 100. AQI 150, 轻度污染 (#FF7E00), primary pm25.
* A1 day 1 daily: 24-h SO2 10 → 10; NO2 40 → 50; CO 1.0 → 25; PM10 75; PM2.5 100; MDA8 60 → 30. AQI 100.
* City (A1, A2; A3 is not an urban station) day 1: means SO2 8, NO2 30, CO 0.8, PM10 70, PM2.5 55, MDA8 70 →
  PM2.5 IAQI 50 + 50·20/40 = 75 = AQI, good. Day 2: A2's daily means are invalid (19 hours), so the city takes
  A1 alone (1 of 2 stations ≥ 50 %, HJ 663 §6.1.4): PM2.5 115 → AQI 150, not good; MDA8 (60 + 80)/2 = 70.
  Valid days 2, good days 1, ratio 50.0 %; PM2.5 mean (55 + 115)/2 = 85.
* A1: PM2.5 mean (75 + 115)/2 = 95; 95th percentile (HJ 663 A.6) k = 1 + 0.95 → 75 + 0.95·40 = 113.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ljeco.cli import app as cli
from ljeco.core.db import read_session
from ljeco.core.errors import NotFoundError, ValidationError
from ljeco.modules.airquality import service
from tests.modules.airquality.conftest import Seeded, write_csv

runner = CliRunner()
D1, D2 = date(2024, 1, 1), date(2024, 1, 2)
ALL = ("A1", "A2", "A3")


def _run(*args: str) -> str:
    result = runner.invoke(cli, ["air", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _assess_json(*args: str) -> list[dict[str, Any]]:
    return list(json.loads(_run("assess", *args, "--from", "2024-01-01", "--to", "2024-01-02")))


def _without_notes(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "notes"} for r in records]


def test_hourly_aqi_store_equals_file_and_hand_values(seeded: Seeded, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "in.csv", ALL)
    _run("aqi", str(data), "-o", str(tmp_path / "file.csv"))
    site_args = [a for code in ALL for a in ("--site", code)]
    _run("aqi", *site_args, "--from", "2024-01-01", "--to", "2024-01-02", "-o", str(tmp_path / "store.csv"))
    assert (tmp_path / "store.csv").read_text() == (tmp_path / "file.csv").read_text()
    _run("aqi", "--all-sites", "--from", "2024-01-01", "--to", "2024-01-02", "-o", str(tmp_path / "all.csv"))
    assert (tmp_path / "all.csv").read_text() == (tmp_path / "file.csv").read_text()

    with read_session() as session:
        rows = service.hourly_aqi_for_sites(session, user=None, site_codes=["A1"], start=D1, end=D2)
    assert len(rows) == 48
    first = rows[0]
    assert (first.time, first.aqi, first.level, first.category) == ("2024-01-01 01:00", 100, 2, "良")
    assert first.primary_pollutant == ["pm25"] and first.edition == "2012"
    assert first.iaqi == {"so2": 4, "no2": 20, "co": 10, "o3_1h": 19, "pm10": 75, "pm25": 100}
    assert first.period_from.isoformat() == "2023-12-31T16:00:00+00:00"
    fault = next(r for r in rows if r.time == "2024-01-01 11:00")
    assert fault.concentrations["pm25"] is None  # flag D: not counted
    last = rows[-1]
    assert (last.time, last.aqi, last.colour, last.category) == (
        "2024-01-03 00:00",
        150,
        "#FF7E00",
        "轻度污染",
    )


def test_daily_store_equals_file_and_validity_edges(seeded: Seeded, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "in.csv", ALL)
    _run("daily", str(data), "-o", str(tmp_path / "file.csv"))
    _run(
        "daily",
        "--all-sites",
        "--from",
        "2024-01-01",
        "--to",
        "2024-01-02",
        "-o",
        str(tmp_path / "store.csv"),
    )
    assert (tmp_path / "store.csv").read_text() == (tmp_path / "file.csv").read_text()

    with read_session() as session:
        days = service.daily_for_sites(session, user=None, site_codes=["A1", "A2"], start=D1, end=D2)
    by = {(d.station, d.date): d for d in days}
    a1 = by[("A1", D1)]
    assert a1.hours["pm25"] == 23 and a1.valid["pm25"] and a1.concentrations["pm25"] == 75.0
    # O3 max 1-h is not a daily AQI indicator by default (the national six-indicator publication).
    assert a1.iaqi == {"so2": 10, "no2": 50, "co": 25, "o3_8h": 30, "o3_1h": None, "pm10": 75, "pm25": 100}
    assert (a1.aqi, a1.primary_pollutant) == (100, ["pm25"])
    a2 = by[("A2", D2)]
    assert a2.hours["pm25"] == 19 and not a2.valid["pm25"] and a2.concentrations["pm25"] is None
    assert a2.o3_8h_windows == 14 and a2.valid["o3_8h_max"] and a2.concentrations["o3_8h_max"] == 80.0
    assert a2.aqi is None  # five of six indicators invalid: no AQI is published


def test_assessment_store_equals_file_city_over_urban_stations(seeded: Seeded, tmp_path: Path) -> None:
    every = write_csv(tmp_path / "all.csv", ALL)
    urban = write_csv(tmp_path / "urban.csv", ("A1", "A2"))
    store = _assess_json("--all-sites")
    file_all = _assess_json(str(every))
    file_urban = _assess_json(str(urban))
    assert [r["station"] for r in store] == ["A1", "A2", "A3", "city"]
    # Stations: as the file; the city: as the file of the urban stations only (A3 is a control station).
    assert _without_notes(store[:3]) == _without_notes(file_all[:3])
    assert _without_notes(store[3:]) == _without_notes(file_urban[2:])
    assert _without_notes(file_all[3:]) != _without_notes(
        store[3:]
    )  # guards the test: A3 would change the city

    city, a1, a2 = store[3], store[0], store[1]
    assert (city["valid_days"], city["good_days"], city["good_day_ratio"]) == (2, 1, 50.0)
    assert (city["pm25_mean"], city["o3_8h_p90"], city["stations"]) == (85, 70, 2)
    assert (a1["pm25_mean"], a1["pm25_p95"], a1["good_day_ratio"]) == (95, 113, 50.0)
    assert (a2["valid_days"], a2["good_days"], a2["pm25_valid_days"]) == (1, 1, 1)
    assert a2["pm25_mean_valid"] is False  # 1 of 2 days: below the coverage of the period
    assert any("urban assessment): A1, A2" in n for n in city["notes"])

    one = _assess_json("--site", "A3")
    assert [r["station"] for r in one] == ["A3"]  # no urban station read: no city row


def test_good_days_and_current(seeded: Seeded) -> None:
    with read_session() as session:
        summary = service.good_day_summary(session, user=None, year=2024, until=D2)
        current = service.current_aqi(session, user=None)
    assert (summary.valid_days, summary.good_days, summary.good_day_ratio) == (2, 1, 50.0)
    assert (summary.pm25_mean, summary.pm25_mean_valid, summary.stations) == (85, True, ["A1", "A2"])
    assert [s.station for s in summary.by_station] == ["A1", "A2", "A3"]
    assert [c.station for c in current] == ["A1", "A2", "A3"]
    a1 = current[0]
    assert (a1.time, a1.aqi, a1.level, a1.primary_pollutant) == ("2024-01-03 00:00", 150, 3, ["pm25"])
    assert a1.period_to.isoformat() == "2024-01-02T16:00:00+00:00"
    assert current[2].aqi == 200  # A3: PM2.5 150 → IAQI 200 (PM10 200 → 125)


def test_unknown_site_and_empty_period(seeded: Seeded) -> None:
    with read_session() as session:
        with pytest.raises(NotFoundError) as exc:
            service.assess_sites(session, user=None, site_codes=["NOPE"], start=D1, end=D2)
        assert exc.value.instance_code == "air.unknown_site"
        with pytest.raises(NotFoundError) as exc:
            service.daily_for_sites(
                session, user=None, site_codes=None, start=date(2023, 6, 1), end=date(2023, 6, 2)
            )
        assert exc.value.instance_code == "air.no_data"
    result = runner.invoke(cli, ["air", "aqi", "--site", "A1", "-o", "x.csv"])
    assert isinstance(result.exception, ValidationError) and "--from" in result.exception.message
    both = runner.invoke(cli, ["air", "daily", "x.csv", "--site", "A1", "-o", "y.csv"])
    assert isinstance(both.exception, ValidationError) and both.exception.instance_code == "bad_option"


def test_review_invalidation_drops_values(seeded: Seeded) -> None:
    """An invalidated value (审核无效) drops out like a flagged one; its row stays (the other pollutants count)."""
    from ljeco.core.audit import CLI
    from ljeco.core.db import write_session
    from ljeco.observations.catalog import ensure_series
    from ljeco.observations.models import Review
    from ljeco.observations.quality import review_range
    from tests.modules.airquality.conftest import DAY2

    with write_session() as s:
        sid = ensure_series(s, site="A1", parameter="pm25", interval_s=3600).id
        # Day 2, the hours labelled 01:00 … 05:00: five invalidated PM2.5 values leave 19 → daily mean invalid.
        review_range(s, series_id=sid, t_from=DAY2, t_to=DAY2 + timedelta(hours=4), state=Review.invalidated,
                     reason="test", actor=CLI)  # fmt: skip
    with read_session() as session:
        days = service.daily_for_sites(session, user=None, site_codes=["A1"], start=D2, end=D2)
        hours = service.hourly_aqi_for_sites(session, user=None, site_codes=["A1"], start=D2, end=D2)
    assert days[0].hours["pm25"] == 19 and days[0].concentrations["pm25"] is None
    assert days[0].hours["pm10"] == 24 and days[0].concentrations["pm10"] == 150.0
    assert (
        len(hours) == 24
        and hours[0].concentrations["pm25"] is None
        and hours[5].concentrations["pm25"] == 115.0
    )


def test_edition_switch_follows_the_cnemc_label(seeded: Seeded) -> None:
    """The stored start 2026-02-28 23:00 local is labelled 2026-03-01 00:00 (= 28 Feb 24:00): still 2012 rules;
    the next hour, labelled 01:00, is the first under the 2026 rules (HJ 633-2026 in force from 2026-03-01)."""
    from datetime import datetime

    from ljeco.core.db import write_session
    from ljeco.core.timeutil import CST
    from ljeco.observations.catalog import ensure_series
    from ljeco.observations.store import ObservationIn, write_observations
    from tests.modules.airquality.conftest import BASE_A1, POLLUTANTS

    first = datetime(2026, 2, 28, 23, tzinfo=CST)
    with write_session() as s:
        series = {p: ensure_series(s, site="A1", parameter=p, interval_s=3600).id for p in POLLUTANTS}
        write_observations(
            s,
            [
                ObservationIn(series[p], first + timedelta(hours=h), BASE_A1[p], "N")
                for p in POLLUTANTS
                for h in (0, 1)
            ],
            source="test:air",
        )
    with read_session() as session:
        rows = service.hourly_aqi_for_sites(
            session, user=None, site_codes=["A1"], start=date(2026, 2, 28), end=date(2026, 3, 1)
        )
    assert [(r.time, r.edition) for r in rows] == [("2026-03-01 00:00", "2012"), ("2026-03-01 01:00", "2026")]
    assert rows[0].period_from.isoformat() == "2026-02-28T15:00:00+00:00"
