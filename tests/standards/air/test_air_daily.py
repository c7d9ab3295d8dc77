"""Daily statistics from hourly data: CNEMC hour labels, 24-hour and 8-hour validity, MDA8 (HJ 663 §6.1.2)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ljeco.core.errors import ValidationError
from ljeco.standards.air import daily_statistics, moving_mean
from ljeco.standards.air.frames import parse_hourly_columns, parse_hourly_frame
from ljeco.standards.air.hourly import hourly_aqi_frame, so2_24h_moving

DAY = "2022-01-04"


def one_day(hours: int = 24, *, first_label: str = f"{DAY} 01:00", **values: object) -> pd.DataFrame:
    """``hours`` hourly rows of station A from ``first_label``; constants or sequences per pollutant."""
    times = pd.date_range(first_label, periods=hours, freq="h")
    base: dict[str, object] = {"so2": 10.0, "no2": 30.0, "co": 0.7, "o3": 50.0, "pm10": 60.0, "pm25": 40.0}
    base.update(values)
    return pd.DataFrame({"station": "A", "time": times, **base})


def test_day_is_labels_1_to_24() -> None:
    """The value labelled 00:00 of the 5th is 23:00–24:00 of the 4th (HJ 663-2013 Table A.1)."""
    frame = one_day(24)
    assert str(frame["time"].iloc[-1]) == "2022-01-05 00:00:00"
    out = daily_statistics(frame)
    assert out["date"].tolist() == [DAY] and out["so2_hours"].tolist() == [24]
    # "24:00" text is accepted for the same label.
    parsed = parse_hourly_frame(pd.DataFrame({"station": ["A"], "time": [f"{DAY} 24:00"]}))
    assert str(parsed["time"].iloc[0]) == "2022-01-05 00:00:00"


def test_daily_mean_needs_20_hours() -> None:
    pm = [40.0] * 24
    nineteen = one_day(pm25=[*pm[:19], *[np.nan] * 5])
    twenty = one_day(pm25=[*pm[:20], *[np.nan] * 4])
    assert daily_statistics(nineteen)["pm25_valid"].tolist() == [False]
    assert pd.isna(daily_statistics(nineteen)["pm25"].iloc[0])
    out = daily_statistics(twenty)
    assert out["pm25_valid"].tolist() == [True] and out["pm25"].tolist() == [40]
    assert out["pm25_hours"].tolist() == [20]


def test_daily_mean_rounds_half_to_even() -> None:
    # 12 × 10 + 12 × 11 = 252 / 24 = 10.5 → 10; CO 12 × 0.7 + 12 × 0.8 = 0.75 → 0.8.
    out = daily_statistics(one_day(so2=[10.0] * 12 + [11.0] * 12, co=[0.7] * 12 + [0.8] * 12))
    assert out["so2"].tolist() == [10] and out["co"].tolist() == [0.8]


def test_hourly_values_are_rounded_before_the_mean() -> None:
    # Each 11.5 rounds half to even to 12 first (HJ 663-2013 §6.3), so the mean is 12.
    out = daily_statistics(one_day(so2=[11.5] * 24))
    assert out["so2"].tolist() == [12]
    # 10.5 rounds to 10 and 11.5 to 12: mean (12 × 10 + 12 × 12) / 24 = 11, not 11.0 of the raw values by luck.
    out = daily_statistics(one_day(so2=[10.5] * 12 + [11.5] * 12))
    assert out["so2"].tolist() == [11]


def test_eight_hour_mean_example_and_validity() -> None:
    """1417A 2022-01-01 08:00: O3 1-h 10,18,7,5,6,5,5,5 → 7.625 → 8 (verified on the national feed)."""
    mean, count = moving_mean(np.array([10, 18, 7, 5, 6, 5, 5, 5.0]), 8, 6, 0)
    assert mean[-1] == 8 and count[-1] == 8
    # 6 of 8 valid is enough, 5 is not.
    six = moving_mean(np.array([np.nan, np.nan, 7, 5, 6, 5, 5, 5.0]), 8, 6, 0)[0]
    five = moving_mean(np.array([np.nan, np.nan, np.nan, 5, 6, 5, 5, 5.0]), 8, 6, 0)[0]
    assert six[-1] == 6 and np.isnan(five[-1])  # 33/6 = 5.5 → 6
    # 1418A: an 8-hour mean of 6.5 is published as 6 (half to even).
    assert moving_mean(np.array([6, 7, 6, 7, 6, 7, 6, 7.0]), 8, 6, 0)[0][-1] == 6


def test_mda8_uses_windows_labelled_8_to_24() -> None:
    # A high hour at label 03:00 only reaches windows labelled 03:00–10:00; windows 08:00–10:00 count.
    o3 = [50.0] * 24
    o3[2] = 450.0
    out = daily_statistics(one_day(o3=o3))
    assert out["o3_8h_max"].tolist() == [100]  # (7 × 50 + 450) / 8 = 100
    assert out["o3_8h_windows"].tolist() == [17]
    # Windows labelled 1:00–7:00 reach into the previous day and are not part of this day's MDA8.
    o3 = [50.0] * 48
    o3[23] = 850.0  # label 24:00 of day 1 → windows 24:00 (day 1) and 01:00–07:00 of day 2
    out = daily_statistics(one_day(48, o3=o3))
    assert out["o3_8h_max"].tolist() == [150, 50]


def test_mda8_validity_14_windows_or_exceeding() -> None:
    # Valid hours 1…k give k + 2 − 7 valid windows labelled 8…24 (k ≥ 8): k = 19 → 14, k = 18 → 13.
    fourteen = daily_statistics(one_day(o3=[100.0] * 19 + [np.nan] * 5))
    thirteen = daily_statistics(one_day(o3=[100.0] * 18 + [np.nan] * 6))
    assert fourteen["o3_8h_windows"].tolist() == [14] and fourteen["o3_8h_max"].tolist() == [100]
    assert thirteen["o3_8h_windows"].tolist() == [13] and not thirteen["o3_8h_max_valid"].iloc[0]
    # With 13 windows the MDA8 is still valid when it exceeds the limit (HJ 663 §6.1.2): 170 > 160.
    exceeding = daily_statistics(one_day(o3=[170.0] * 18 + [np.nan] * 6))
    assert exceeding["o3_8h_max"].tolist() == [170] and exceeding["o3_8h_max_valid"].tolist() == [True]
    # Class-1 zones judge against 100.
    class1 = daily_statistics(one_day(o3=[120.0] * 18 + [np.nan] * 6), zone_class=1)
    assert class1["o3_8h_max"].tolist() == [120]


def test_o3_daily_max_1h() -> None:
    o3 = [50.0] * 24
    o3[13] = 190.0
    assert daily_statistics(one_day(o3=o3))["o3_1h_max"].tolist() == [190]
    short = [50.0] * 19 + [np.nan] * 5
    assert not daily_statistics(one_day(o3=short))["o3_1h_max_valid"].iloc[0]  # our rule: ≥ 20 hours
    short[3] = 250.0  # … unless it exceeds the 1-hour limit (200)
    assert daily_statistics(one_day(o3=short))["o3_1h_max"].tolist() == [250]


def test_daily_aqi_columns_and_edition_by_day() -> None:
    frame = pd.concat(
        [
            one_day(first_label="2026-02-28 01:00", pm25=70.0),
            one_day(first_label="2026-03-01 01:00", pm25=70.0),
        ]
    )
    out = daily_statistics(frame)
    assert out["date"].tolist() == ["2026-02-28", "2026-03-01"]
    assert out["edition"].tolist() == ["2012", "2026"]
    assert out["aqi"].tolist() == [94, 110] and out["primary_pollutant"].tolist() == ["pm25", "pm25"]
    assert out["iaqi_pm25"].tolist() == [94, 110]
    forced = daily_statistics(frame, edition="2012")
    assert forced["aqi"].tolist() == [94, 94]


def test_days_without_rows_are_absent_and_stations_are_sorted() -> None:
    b = one_day(first_label="2022-01-06 01:00").assign(station="B")
    out = daily_statistics(pd.concat([b, one_day()]))
    assert list(zip(out["station"], out["date"], strict=True)) == [("A", DAY), ("B", "2022-01-06")]


def test_bad_input_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    frame = one_day(2)
    with pytest.raises(ValidationError, match="more than one row"):
        daily_statistics(pd.concat([frame, frame]))
    with pytest.raises(ValidationError, match="not on the hour"):
        daily_statistics(one_day(1, first_label=f"{DAY} 01:30"))
    with pytest.raises(ValidationError, match="unreadable time"):
        parse_hourly_frame(pd.DataFrame({"station": ["A"], "time": ["yesterday"]}))
    monkeypatch.setattr("ljeco.standards.air.daily.MAX_GRID_CELLS", 47)
    with pytest.raises(ValidationError, match="too large"):
        daily_statistics(one_day(48))
    with pytest.raises(ValidationError, match="not a number"):
        parse_hourly_frame(pd.DataFrame({"station": ["A"], "time": [f"{DAY} 01:00"], "pm25": ["12x"]}))


def test_sentinels_are_missing() -> None:
    raw = pd.DataFrame({"station": ["A"] * 4, "time": [f"{DAY} 0{h}:00" for h in range(1, 5)],
                        "pm25": ["", "—", "NA", "/"]})  # fmt: skip
    assert parse_hourly_frame(raw)["pm25"].isna().all()


def test_so2_24h_moving_feeds_the_2012_rule() -> None:
    so2 = [100.0] * 23 + [900.0]  # 24-hour mean ending at 24:00 = (2300 + 900) / 24 = 133.3 → 133
    frame = one_day(so2=so2)
    assert so2_24h_moving(parse_hourly_columns(frame))[-1] == 133
    out = hourly_aqi_frame(frame.assign(time=frame["time"].dt.strftime("%Y-%m-%d %H:%M")))
    # 133 on the 24-hour breakpoints: 50 + 83·50/100 = 91.5 → 92.
    assert out["iaqi_so2"].tolist()[-1] == 92 and out["flags"].tolist()[-1] == "so2_1h>800"


def test_mda8_shortcut_equals_moving_means_and_max() -> None:
    """daily._mda8 picks the best window by its exact ratio; it must equal the max of the rounded 8-hour means."""
    from ljeco.standards.air.daily import _mda8

    rng = np.random.default_rng(8)
    hours = rng.integers(0, 400, (50, 10 * 24)).astype(float)
    hours[rng.random(hours.shape) < 0.2] = np.nan
    eight, _ = moving_mean(hours, 8, 6, 0)
    inside = eight.reshape(50, 10, 24)[:, :, 7:]
    expected = np.fmax.reduce(inside, axis=-1)
    valid = ~np.isnan(hours)
    got, windows = _mda8(hours.reshape(50, 10, 24), valid.reshape(50, 10, 24))
    assert np.array_equal(got, expected, equal_nan=True)
    assert np.array_equal(windows, (~np.isnan(inside)).sum(axis=-1))
