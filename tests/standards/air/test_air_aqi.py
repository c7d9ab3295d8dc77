"""Hourly and daily AQI: worked examples, special rules, primary pollutants, completeness and edition switch."""

from __future__ import annotations

import numpy as np
import pytest

from ljeco.core.errors import ValidationError
from ljeco.standards.air import daily_aqi, hourly_aqi, level_of
from ljeco.standards.air.aqi import FLAG_AQI_NA, FLAG_INCOMPLETE, FLAG_O3_8H_OVER_800, FLAG_SO2_1H_OVER_800

CLEAN = {"so2": 5.0, "no2": 20.0, "co": 0.5, "o3": 30.0, "pm10": 30.0, "pm25": 20.0}


def hourly(edition: str = "2012", **values: float) -> dict[str, list[float]]:
    return {k: [v] for k, v in {**CLEAN, **values}.items()}


# Verified CNEMC station-hours of 2022-01-01 (air_standards.md §5): published AQI and primary pollutant.
CNEMC_2022 = [
    ({"pm25": 81, "pm10": 95}, 108, "pm25"),  # 1417A 两路 10:00
    ({"pm10": 120, "pm25": 60}, 85, "pm10"),  # 1420A 唐家沱 10:00
    ({"pm10": 69, "pm25": 43}, 60, "pm10,pm25"),  # 1414A 缙云山 08:00: tie only after rounding up
    ({"o3": 183}, 79, "o3_1h"),  # 1616A 济南 2022-07-15 15:00: the O3 8-h value (165) is not used hourly
]


@pytest.mark.parametrize(("values", "aqi", "primary"), CNEMC_2022)
def test_cnemc_worked_examples(values: dict[str, float], aqi: int, primary: str) -> None:
    r = hourly_aqi(hourly(**values), edition="2012")
    assert r.aqi.tolist() == [aqi]
    assert r.primary_text().tolist() == [primary]


def test_aqi_is_the_max_and_no_primary_at_or_below_50() -> None:
    r = hourly_aqi({"so2": [5, 5], "no2": [20, 20], "co": [0.5, 0.5], "o3": [30, 30], "pm10": [50, 51],
                    "pm25": [20, 20]}, edition="2012")  # fmt: skip
    assert r.aqi.tolist() == [50, 51]
    assert r.primary_text().tolist() == ["", "pm10"]
    assert r.level.tolist() == [1, 2]
    assert r.to_frame()["category"].tolist() == ["优", "良"]


def test_levels_at_every_boundary() -> None:
    aqi = [0, 50, 51, 100, 101, 150, 151, 200, 201, 300, 301, 500]
    assert level_of(aqi).tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]


def test_exceeding_pollutants_only_in_2012() -> None:
    values = hourly(pm25=81, pm10=160)  # PM2.5 108, PM10 105: both over 100
    assert hourly_aqi(values, edition="2012").exceeding_text().tolist() == ["pm10,pm25"]
    r = hourly_aqi(values, edition="2026")
    assert r.exceeding_text().tolist() == [""]  # HJ 633-2026 deleted 超标污染物
    rec = r.record(0)
    assert "exceeding_pollutants" not in rec and "青少年儿童" in rec["sensitive_groups"]


def test_so2_1h_above_800() -> None:
    # 2026: counted as 200 (Table 3 note b).
    r = hourly_aqi(hourly(so2=801), edition="2026")
    assert r.iaqi["so2"].tolist() == [200] and r.aqi.tolist() == [200]
    assert r.flags[0] & FLAG_SO2_1H_OVER_800 and r.primary_text().tolist() == ["so2"]
    # 2012: the SO2 IAQI of the 24-hour mean (note 2): 300 → 100 + 150·50/325 = 123.08 → 124.
    r = hourly_aqi(hourly(so2=900), edition="2012", so2_24h=[300])
    assert r.iaqi["so2"].tolist() == [124] and r.aqi.tolist() == [124]
    # 2012 without a 24-hour mean: SO2 missing; the others give 50 ≤ 100 → AQI NA (§5.3.1 policy).
    r = hourly_aqi(hourly(so2=900), edition="2012")
    assert np.isnan(r.iaqi["so2"][0]) and np.isnan(r.aqi[0])
    assert r.flag_text().tolist() == ["aqi_na:so2;so2_1h>800"]
    # Exactly 800 is still on the table: IAQI 200 in both editions.
    assert hourly_aqi(hourly(so2=800), edition="2012").iaqi["so2"].tolist() == [200]


def test_o3_8h_above_800_daily() -> None:
    day = {"so2": [5], "no2": [20], "co": [0.5], "pm10": [30], "pm25": [20], "o3_8h": [801], "o3_1h": [900]}
    # 2026: counted as 300 (Table 3 note c).
    r = daily_aqi(day, edition="2026")
    assert r.aqi.tolist() == [300] and r.primary_text().tolist() == ["o3_8h"]
    assert r.flags[0] & FLAG_O3_8H_OVER_800
    # 2012: the O3 IAQI of the 1-hour value (note 3): 900 → 300 + 100·100/200 = 350.
    r = daily_aqi(day, edition="2012")
    assert r.aqi.tolist() == [350] and r.primary_text().tolist() == ["o3_1h"]
    assert np.isnan(r.iaqi["o3_8h"][0])
    # 2012 without the 1-hour value: O3 missing, the rest is ≤ 100 → NA.
    r = daily_aqi({**day, "o3_1h": [np.nan]}, edition="2012")
    assert np.isnan(r.aqi[0]) and r.flags[0] & FLAG_AQI_NA


def test_daily_six_or_seven_indicators_in_2012() -> None:
    day = {"so2": [5], "no2": [20], "co": [0.5], "pm10": [30], "pm25": [20], "o3_8h": [150], "o3_1h": [250]}
    six = daily_aqi(day, edition="2012")
    assert six.aqi.tolist() == [92] and np.isnan(six.iaqi["o3_1h"][0])  # MDA8 150 → 91.67 → 92
    seven = daily_aqi(day, edition="2012", o3_1h_in_daily=True)
    assert seven.aqi.tolist() == [125] and seven.primary_text().tolist() == ["o3_1h"]  # 250 → 125
    # 2026 never uses the O3 1-hour value in the daily report (§4.2.2).
    assert daily_aqi(day, edition="2026", o3_1h_in_daily=True).aqi.tolist() == [92]


def test_taiyuan_2026_daily_record() -> None:
    """A CNEMC city daily record of 2026-09 (太原): AQI 117, 轻度污染, primary 臭氧8小时."""
    day = {"so2": [12], "no2": [18], "co": [0.7], "pm10": [47], "pm25": [24], "o3_8h": [178]}
    r = daily_aqi(day, ["2026-09-02"])
    assert r.aqi.tolist() == [117] and r.primary_text().tolist() == ["o3_8h"]
    assert r.record(0)["category"] == "轻度污染" and r.record(0)["edition"] == "2026"
    assert (
        r.record(0)["advice"]
        == "青少年儿童、老年人及心血管系统疾病、呼吸系统疾病患者应减少长时间、高强度的户外锻炼"
    )


def test_missing_pollutant_policy_hj633_2026_5_3_1() -> None:
    low = hourly(co=np.nan)
    r = hourly_aqi(low, edition="2026")
    assert np.isnan(r.aqi[0]) and r.level.tolist() == [0] and r.primary_text().tolist() == [""]
    assert r.iaqi["pm25"].tolist() == [29]  # the IAQIs are still published
    assert r.flag_text().tolist() == ["aqi_na:co"]
    high = hourly_aqi(hourly(co=np.nan, pm25=90), edition="2026")
    assert high.aqi.tolist() == [128] and high.flags[0] & FLAG_INCOMPLETE
    # §5.3.2: a pollutant not monitored by design does not make the record incomplete.
    assert hourly_aqi(low, edition="2026", exempt=["co"]).aqi.tolist() == [30]  # PM10 30 → 30
    # Every pollutant missing: NA.
    assert np.isnan(hourly_aqi({"pm25": [np.nan]}, edition="2026").aqi[0])


def test_negative_is_missing_and_flagged() -> None:
    r = hourly_aqi(hourly(pm25=-99), edition="2026")
    assert np.isnan(r.iaqi["pm25"][0])
    assert r.flag_text().tolist() == ["aqi_na:pm25;negative:pm25"]


def test_beyond_top_is_capped_and_flagged() -> None:
    r = hourly_aqi(hourly(pm25=620, co=160), edition="2012")
    assert r.aqi.tolist() == [500] and r.primary_text().tolist() == ["co,pm25"]
    assert r.flag_text().tolist() == ["beyond_top:co,pm25"]


def test_edition_switch_at_2026_03_01() -> None:
    values = {k: [v, v, v] for k, v in {**CLEAN, "pm25": 70.0}.items()}
    times = ["2026-02-28 24:00".replace("24:00", "23:00"), "2026-03-01 00:00", "2026-03-01 01:00"]
    r = hourly_aqi(values, times)
    # The hour labelled 03-01 00:00 is 23:00–24:00 of 28 February: still 2012.
    assert r.edition.tolist() == [0, 0, 1]
    assert r.aqi.tolist() == [94, 94, 110]
    days = daily_aqi({"pm25": [70, 70], "so2": [5, 5], "no2": [20, 20], "co": [0.5, 0.5], "pm10": [30, 30],
                      "o3_8h": [50, 50]}, ["2026-02-28", "2026-03-01"])  # fmt: skip
    assert days.aqi.tolist() == [94, 110] and days.edition.tolist() == [0, 1]


def test_edition_by_aware_times_converts_to_local() -> None:
    import pandas as pd

    utc = pd.Series(pd.to_datetime(["2026-02-28T16:00Z", "2026-02-28T17:00Z"]))  # 00:00 and 01:00 in Beijing
    assert hourly_aqi(hourly(), edition="auto", times=utc.iloc[:1]).edition.tolist() == [0]
    values = {k: [v, v] for k, v in CLEAN.items()}
    assert hourly_aqi(values, utc).edition.tolist() == [0, 1]


def test_forced_edition_ignores_time() -> None:
    values = hourly(pm25=70)
    assert hourly_aqi(values, ["2022-06-01 10:00"], edition="2026").aqi.tolist() == [110]


def test_contract_errors() -> None:
    with pytest.raises(ValidationError):
        hourly_aqi(hourly())  # auto without times
    with pytest.raises(ValidationError):
        hourly_aqi(hourly(), edition="2019")
    with pytest.raises(ValidationError):
        hourly_aqi({"pm25": [1, 2], "pm10": [1]}, edition="2012")
    with pytest.raises(ValidationError):
        hourly_aqi(hourly(), edition="2012", exempt=["pm1"])


def test_scalar_call_and_record_are_the_api_answer() -> None:
    r = hourly_aqi({"pm25": 81, "pm10": 95, "so2": 8, "no2": 40, "co": 0.9, "o3": 20}, edition="2012")
    rec = r.record(0)
    assert rec["aqi"] == 108 and rec["primary_pollutant"] == ["pm25"] and rec["level"] == 3
    assert rec["colour"] == "#FF7E00" and rec["exceeding_pollutants"] == ["pm25"]
    assert rec["iaqi"]["pm25"] == 108 and rec["edition"] == "2012"


def test_mixed_editions_equal_separate_runs() -> None:
    rng = np.random.default_rng(633)
    n = 500
    values = {k: rng.integers(0, 400, n).astype(float) for k in ("so2", "no2", "o3", "pm10", "pm25")}
    values["co"] = np.round(rng.uniform(0, 20, n), 1)
    times = np.datetime64("2026-02-20T01:00") + rng.integers(0, 400, n).astype("timedelta64[h]")
    mixed = hourly_aqi(values, times)
    for code, edition in ((0, "2012"), (1, "2026")):
        rows = mixed.edition == code
        alone = hourly_aqi({k: v[rows] for k, v in values.items()}, edition=edition)
        assert np.array_equal(mixed.aqi[rows], alone.aqi, equal_nan=True)
        assert np.array_equal(mixed.primary[rows], alone.primary)


def test_record_agrees_with_the_arrays() -> None:
    r = hourly_aqi({k: [v, v] for k, v in {**CLEAN, "pm25": 90.0, "co": np.nan}.items()}, edition="2026")
    for i in range(2):
        rec = r.record(i)
        assert rec["aqi"] == int(r.aqi[i]) and rec["level"] == int(r.level[i])
        assert rec["flags"] == r.flag_text()[i].split(";")
        assert rec["sensitive_groups"] and rec["primary_pollutant"] == r.primary_text()[i].split(",")
