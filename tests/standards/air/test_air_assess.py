"""Period assessment (HJ 663-2013): percentiles, coverage, city participation, attainment, days and indices."""

from __future__ import annotations

import statistics
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from ljeco.core.errors import ValidationError
from ljeco.standards.air import assess_period, limits_for_period, percentile_hj663
from ljeco.standards.air.assess import city_series, coverage_valid

CLEAN = {
    "so2": 10.0,
    "no2": 30.0,
    "co": 0.8,
    "pm10": 60.0,
    "pm25": 30.0,
    "o3_8h_max": 100.0,
    "o3_1h_max": 120.0,
}


def daily_frame(start: date, days: int, station: str = "A", **series: object) -> pd.DataFrame:
    """A daily frame (as daily_statistics returns) with constant clean values unless given."""
    dates = [(start + timedelta(days=i)).isoformat() for i in range(days)]
    data: dict[str, object] = {"station": station, "date": dates}
    for column, value in {**CLEAN, **series}.items():
        data[column] = value
    return pd.DataFrame(data)


def one(results: list, station: str = "A"):  # type: ignore[no-untyped-def]
    return next(r for r in results if r.station == station)


# --- percentile (HJ 663-2013 Appendix A.6) -------------------------------------------------------------


def test_percentile_a6_example() -> None:
    # k = 1 + 5 × 0.9 = 5.5 → X(5) + 0.5 (X(6) − X(5)) = 5 + 0.5 × 3 = 6.5
    assert percentile_hj663([3, 4, 8, 2, 5, 4], 90) == 6.5
    assert statistics.quantiles([3, 4, 8, 2, 5, 4], n=10)[-1] == pytest.approx(
        8.9
    )  # the "exclusive" default differs


def test_percentile_matches_type_7() -> None:
    rng = np.random.default_rng(663)
    for n in (1, 2, 7, 31, 365):
        x = rng.integers(0, 300, n).astype(float)
        for p in (90, 95, 98):
            assert percentile_hj663(x, p) == pytest.approx(float(np.percentile(x, p)))


def test_period_percentile_is_exact_and_rounded_half_even() -> None:
    # January, PM2.5 = day number 1 … 31: k = 1 + 30 × 0.95 = 29.5 → 29.5 → 30 (half to even);
    # SO2 = 2 × day: k = 1 + 30 × 0.98 = 30.4 → X(30) + 0.4 × 2 = 60.8 → 61.
    days = np.arange(1, 32, dtype=float)
    a = one(assess_period(daily_frame(date(2022, 1, 1), 31, pm25=days, so2=2 * days), date(2022, 1, 1),
                          date(2022, 1, 31), city=False))  # fmt: skip
    assert a.statistics["pm25_p95"].value == Decimal(30)
    assert a.statistics["so2_p98"].value == Decimal(61)
    assert a.statistics["pm25_mean"].value == Decimal(16)


def test_co_statistics_keep_one_decimal() -> None:
    co = [0.8] * 15 + [0.9] * 16  # mean 26.5 / 31 = 0.8548 → 0.9; p95 = 0.9
    a = one(assess_period(daily_frame(date(2022, 1, 1), 31, co=co), date(2022, 1, 1), date(2022, 1, 31)))
    assert a.statistics["co_p95"].value == Decimal("0.9") and a.to_dict()["co_p95"] == 0.9


# --- validity (GB 3095 Table 4, HJ 663 §6.1.3) ----------------------------------------------------------


def test_month_needs_27_days_february_25() -> None:
    jan = np.zeros((2, 31), dtype=bool)
    jan[0, :27] = True
    jan[1, :26] = True
    assert coverage_valid(jan, date(2022, 1, 1), date(2022, 1, 31))[0].tolist() == [True, False]
    feb = np.zeros((2, 28), dtype=bool)
    feb[0, :25] = True
    feb[1, :24] = True
    ok, why = coverage_valid(feb, date(2022, 2, 1), date(2022, 2, 28))
    assert ok.tolist() == [True, False] and why[1] == ["2022-02: 24 of 25 days"]


def test_partial_month_needs_the_same_share() -> None:
    # 1–15 January: ceil(15 × 27 / 31) = ceil(13.06) = 14 days.
    part = np.zeros((2, 15), dtype=bool)
    part[0, :14] = True
    part[1, :13] = True
    assert coverage_valid(part, date(2022, 1, 1), date(2022, 1, 15))[0].tolist() == [True, False]


def test_year_needs_324_days_even_when_every_month_passes() -> None:
    year = [date(2022, 1, 1) + timedelta(days=i) for i in range(365)]
    minimal = np.array([[d.day <= (25 if d.month == 2 else 27) for d in year]])  # 11 × 27 + 25 = 322
    ok, why = coverage_valid(minimal, date(2022, 1, 1), date(2022, 12, 31))
    assert not ok[0] and why[0] == ["2022: 322 of 324 days"]
    plus_two = minimal.copy()
    plus_two[0, [27, 28]] = True  # two more January days: 324
    assert coverage_valid(plus_two, date(2022, 1, 1), date(2022, 12, 31))[0].tolist() == [True]


def test_invalid_statistics_make_the_item_missing() -> None:
    pm25 = [30.0] * 20 + [np.nan] * 11  # 20 of 27 required days
    a = one(assess_period(daily_frame(date(2022, 1, 1), 31, pm25=pm25), date(2022, 1, 1), date(2022, 1, 31)))
    assert not a.statistics["pm25_mean"].valid and a.statistics["pm25_mean"].value == Decimal(30)
    assert a.pollutant_attained["pm25"] is None
    assert a.attained is False and a.missing_items == ["pm25"]  # HJ 663 §6.2
    assert a.composite_index is None
    assert any("pm25 statistics invalid" in n for n in a.notes)


# --- city (HJ 663-2013 Table A.2, §6.1.4) --------------------------------------------------------------


def test_city_participation_75_percent() -> None:
    four = np.array([[10.0, 10.0], [11.0, np.nan], [12.0, np.nan], [np.nan, np.nan]])
    city, count = city_series(four)
    assert count.tolist() == [3, 1]
    assert city[0] == 11 and np.isnan(city[1])  # 3 of 4 = 75 % takes part; 1 of 4 does not
    three = np.array([[10.0, 10.0], [11.0, np.nan], [np.nan, np.nan]])
    city3, _ = city_series(three)
    assert city3[0] == 10 and np.isnan(city3[1])  # fewer than 4 stations: 2 of 3 ≥ 50 %, 1 of 3 < 50 %
    # The mean is rounded half to even: (10 + 11) / 2 = 10.5 → 10.
    assert city_series(np.array([[10.0], [11.0]]))[0].tolist() == [10]


def test_city_entity_from_stations() -> None:
    a = daily_frame(date(2022, 1, 1), 31, "A", pm25=40.0)
    b = daily_frame(date(2022, 1, 1), 31, "B", pm25=81.0)
    results = assess_period(pd.concat([a, b]), date(2022, 1, 1), date(2022, 1, 31))
    assert [r.station for r in results] == ["A", "B", "city"]
    city = one(results, "city")
    assert city.statistics["pm25_mean"].value == Decimal(60)  # (40 + 81) / 2 = 60.5 → 60
    assert city.stations == 2 and city.good_days == 31  # PM2.5 60 → IAQI 82 (2012)
    only_a = assess_period(pd.concat([a, b]), date(2022, 1, 1), date(2022, 1, 31), city_stations=["A"])
    assert one(only_a, "city").statistics["pm25_mean"].value == Decimal(40)


# --- days, attainment, indices --------------------------------------------------------------------------


def test_good_days_ratio_over_valid_days() -> None:
    pm25 = [30.0] * 27 + [120.0, 160.0, 260.0] + [np.nan]  # AQI 157 (2012), 210, 310; one day invalid
    a = one(assess_period(daily_frame(date(2022, 1, 1), 31, pm25=pm25), date(2022, 1, 1), date(2022, 1, 31),
                          city=False))  # fmt: skip
    # The day without PM2.5 still has AQI ≤ 100 from the others → NA (HJ 633-2026 §5.3.1): not a valid day.
    assert (a.valid_days, a.good_days) == (30, 27)
    assert a.good_day_ratio == Decimal("90.0")
    assert a.days_per_level == {1: 0, 2: 27, 3: 0, 4: 1, 5: 1, 6: 1}
    assert a.heavy_pollution_days == 2
    assert a.primary_pollutant_days == {"pm10": 27, "pm25": 3}  # clean days: PM10 60 → 55 beats PM2.5 30 → 43


def test_attainment_and_exceedance_multiples() -> None:
    a = one(assess_period(daily_frame(date(2022, 1, 1), 31, pm25=36.0, no2=41.0), date(2022, 1, 1),
                          date(2022, 1, 31), city=False))  # fmt: skip
    assert a.pollutant_attained == {
        "so2": True,
        "no2": False,
        "co": True,
        "o3_8h": True,
        "pm10": True,
        "pm25": False,
    }
    assert a.attained is False and a.missing_items == []
    # (36 − 35) / 35 = 0.0286 → 0.03; (41 − 40) / 40 = 0.025 → 0.02 (half to even).
    assert [(s.item, s.exceedance_multiple) for s in a.exceedances] == [
        ("pm25_mean", Decimal("0.03")),
        ("no2_mean", Decimal("0.02")),
    ]
    clean = one(assess_period(daily_frame(date(2022, 1, 1), 31), date(2022, 1, 1), date(2022, 1, 31)))
    assert clean.attained is True and clean.exceedances == []


def test_composite_index_appendix_c() -> None:
    a = one(assess_period(daily_frame(date(2022, 1, 1), 31), date(2022, 1, 1), date(2022, 1, 31), city=False))
    # SO2 max(10/60, 10/150) = 1/6; NO2 30/40 = 0.75; PM10 60/70; PM2.5 30/35; CO 0.8/4 = 0.2; O3 100/160.
    expected = {"so2": "0.17", "no2": "0.75", "co": "0.20", "o3_8h": "0.62", "pm10": "0.86", "pm25": "0.86"}
    assert {k: str(v) for k, v in a.single_index.items()} == expected
    # Σ of the exact indices = 1/6 + 3/4 + 6/7 + 6/7 + 1/5 + 5/8 = 3.4560 → 3.46
    assert a.composite_index == Decimal("3.46")
    assert a.max_index_pollutant in ("pm10", "pm25") and a.max_index == Decimal("0.86")


def test_daily_attainment_rates() -> None:
    pm25 = [30.0] * 30 + [80.0]
    a = one(assess_period(daily_frame(date(2022, 1, 1), 31, pm25=pm25), date(2022, 1, 1), date(2022, 1, 31)))
    assert a.daily_attainment_rate["pm25"] == Decimal("96.8")  # 30 / 31
    assert a.all_items_daily_attainment_days == 30 and a.all_items_daily_attainment_rate == Decimal("96.8")


# --- editions and limit sets ----------------------------------------------------------------------------


def test_the_same_data_under_both_editions() -> None:
    frame = daily_frame(date(2025, 1, 1), 31, pm25=70.0)
    old = one(assess_period(frame, date(2025, 1, 1), date(2025, 1, 31), city=False))
    new = one(assess_period(frame, date(2025, 1, 1), date(2025, 1, 31), edition="2026", city=False))
    assert (old.edition, old.limits.id, old.good_days) == ("2012", "2012", 31)  # AQI 94
    assert (new.edition, new.limits.id, new.good_days) == ("2026", "2026-transitional", 0)  # AQI 110
    assert new.statistics["pm25_p95"].limit == 60 and old.statistics["pm25_p95"].limit == 75


def test_period_across_the_switch() -> None:
    frame = daily_frame(date(2026, 2, 27), 4, pm25=70.0)
    a = one(assess_period(frame, date(2026, 2, 27), date(2026, 3, 2), city=False))
    assert a.edition == "2012/2026" and a.good_days == 2
    assert a.limits.id == "2026-transitional"
    assert any("spans 2026-03-01" in n for n in a.notes)


def test_limit_set_selection() -> None:
    assert limits_for_period(date(2025, 12, 31)).id == "2012"
    assert limits_for_period(date(2030, 12, 31)).id == "2026-transitional"
    assert limits_for_period(date(2031, 1, 1)).id == "2026-final"
    assert limits_for_period(date(2031, 6, 30), edition="2012").id == "2012"
    assert limits_for_period(date(2022, 6, 30), edition="2026").id == "2026-transitional"
    assert limits_for_period(date(2022, 6, 30), "2026-final").id == "2026-final"
    with pytest.raises(ValidationError):
        limits_for_period(date(2022, 6, 30), "2035")


def test_json_record_has_the_contract_keys() -> None:
    rec = one(
        assess_period(daily_frame(date(2022, 1, 1), 365), date(2022, 1, 1), date(2022, 12, 31))
    ).to_dict()
    for key in ("station", "edition", "valid_days", "good_days", "good_day_ratio", "pm25_mean", "pm10_mean",
                "so2_mean", "no2_mean", "co_p95", "o3_8h_p90", "composite_index", "attained"):  # fmt: skip
        assert key in rec, key
    assert rec["good_day_ratio"] == 100.0 and rec["pm25_mean"] == 30 and rec["co_p95"] == 0.8
    assert rec["attained"] is True and rec["valid_days"] == 365
    assert not any("HJ 663-2013 defines annual attainment" in n for n in rec["notes"])  # a calendar year


def test_bad_period() -> None:
    with pytest.raises(ValidationError):
        assess_period(daily_frame(date(2022, 1, 1), 3), date(2022, 1, 3), date(2022, 1, 1))
    with pytest.raises(ValidationError):
        assess_period(
            daily_frame(date(2022, 1, 1), 3).drop(columns="o3_8h_max"), date(2022, 1, 1), date(2022, 1, 3)
        )


def test_exact_percentiles_equal_the_a6_formula() -> None:
    from ljeco.standards.air.assess import _percentile_fractions

    rng = np.random.default_rng(6)
    rows = rng.integers(0, 500, (40, 60)).astype(float)
    rows[rng.random(rows.shape) < 0.3] = np.nan
    for p in (90, 95, 98):
        exact = _percentile_fractions(rows, p)
        for row, value in zip(rows, exact, strict=True):
            assert value is not None and float(value) == pytest.approx(percentile_hj663(row, p), abs=1e-9)
