"""GB 3096-2008, GB 12348-2008 and GB 12523-2011 against their tables and hand-computed energy means."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ljeco.core.errors import ValidationError
from ljeco.standards.noise import (
    GB3096_TABLE1,
    GB12348_TABLE1,
    assess_day,
    assess_hourly,
    boundary_limits,
    compliance_rate,
    construction_limits,
    energy_mean,
    exceedance_db,
    zone_limits,
)

# GB 3096-2008 表1 环境噪声限值, dB(A): class → (昼间, 夜间).
GB3096_ROWS = {"0": (50, 40), "1": (55, 45), "2": (60, 50), "3": (65, 55), "4a": (70, 55), "4b": (70, 60)}
# GB 12348-2008 表1 工业企业厂界环境噪声排放限值.
GB12348_ROWS = {"0": (50, 40), "1": (55, 45), "2": (60, 50), "3": (65, 55), "4": (70, 55)}


def test_tables_match_the_standards() -> None:
    assert GB3096_TABLE1 == GB3096_ROWS
    assert GB12348_TABLE1 == GB12348_ROWS


@pytest.mark.parametrize(("zone", "limits"), list(GB3096_ROWS.items()))
def test_zone_limits_and_night_lmax_margin(zone: str, limits: tuple[int, int]) -> None:
    lim = zone_limits(zone)
    assert (lim.day, lim.night, lim.night_lmax) == (limits[0], limits[1], limits[1] + 15)  # clause 5.4


@pytest.mark.parametrize(("cls", "limits"), list(GB12348_ROWS.items()))
def test_boundary_limits(cls: str, limits: tuple[int, int]) -> None:
    frequent = boundary_limits(cls)
    occasional = boundary_limits(cls, night_noise="occasional")
    indoor = boundary_limits(cls, indoor=True)
    assert (frequent.day, frequent.night, frequent.night_lmax) == (limits[0], limits[1], limits[1] + 10)
    assert occasional.night_lmax == limits[1] + 15
    assert (indoor.day, indoor.night) == (limits[0] - 10, limits[1] - 10)


def test_boundary_class_4a_4b_read_as_4_and_construction_limits() -> None:
    assert boundary_limits("4b").night == 55
    c = construction_limits()
    assert (c.day, c.night, c.night_lmax) == (70, 55, 70)


def test_unknown_zone_class() -> None:
    with pytest.raises(ValidationError):
        zone_limits("5")


def test_energy_mean_by_hand() -> None:
    # 10·lg((10^6.0 + 10^6.0)/2) = 60; 10·lg((10^5 + 10^7)/2) = 10·lg(5.05e6) = 67.033
    assert energy_mean([60, 60]) == pytest.approx(60.0)
    assert energy_mean([50, 70]) == pytest.approx(10 * math.log10(5.05e6))
    assert energy_mean([50, 70]) == pytest.approx(67.0329, abs=1e-4)
    # three hours 55, 55, 65: (2·316228 + 3162278)/3 = 1264911 → 10·lg = 61.02
    assert energy_mean([55, 55, 65]) == pytest.approx(10 * math.log10((2 * 10**5.5 + 10**6.5) / 3))
    assert round(energy_mean([55, 55, 65]), 1) == 61.0
    assert energy_mean([50, float("nan")]) == pytest.approx(50.0)
    assert math.isnan(energy_mean([]))


@given(st.lists(st.floats(min_value=0, max_value=140), min_size=1, max_size=50))
def test_energy_mean_lies_between_mean_and_max(levels: list[float]) -> None:
    e = energy_mean(levels)
    assert sum(levels) / len(levels) - 1e-9 <= e <= max(levels) + 1e-9


def test_night_complies_only_if_leq_and_lmax_comply() -> None:
    lim = zone_limits("2")  # night 50, Lmax 65
    assert assess_day([58], [50.0], [65.0], lim).night_ok is True
    assert assess_day([58], [50.0], [65.1], lim).night_ok is False  # burst noise
    assert assess_day([58], [50.1], [60.0], lim).night_ok is False
    a = assess_day([61.04], [49], [60], lim)  # reported 61.0 → exceeds the day limit 60 by 1.0 dB
    assert (a.day_ok, a.day_exceedance, a.compliant) == (False, 1.0, False)


def test_exceedance_db() -> None:
    assert exceedance_db(57.3, 55) == 2.3
    assert exceedance_db(54.0, 55) == 0.0


def test_compliance_rate_counts_judged_periods() -> None:
    lim = zone_limits("1")
    days = [assess_day([50], [40], [50], lim), assess_day([56], [], [], lim), assess_day([], [46], [50], lim)]
    rate = compliance_rate(days)
    assert (rate.day_rate, rate.n_days, rate.night_rate, rate.n_nights) == (0.5, 2, 0.5, 2)


def test_hourly_frame_day_night_split_with_end_labels() -> None:
    # Labels at the hour end: "22:00" is 21–22 (day), "23:00" is 22–23 (night), next day "06:00" is 05–06 (night).
    rows = [("S", "2024-03-01 22:00", 60, 70, "1"), ("S", "2024-03-01 23:00", 40, 50, "1")]
    rows += [("S", "2024-03-02 06:00", 50, 61, "1"), ("S", "2024-03-02 07:00", 50, 55, "1")]
    frame = pd.DataFrame(rows, columns=["station", "time", "leq", "lmax", "zone_class"])
    out = assess_hourly(frame)
    first = out.iloc[0]
    assert first["date"] == "2024-03-01"
    assert (first["n_day_hours"], first["n_night_hours"]) == (1, 2)
    assert first["day_leq"] == 60.0
    # night: energy mean of 40 and 50 = 10·lg((10^4 + 10^5)/2) = 47.4; Lmax 61 > 45 + 15 → night fails
    assert first["night_leq"] == 47.4
    assert (first["night_lmax"], bool(first["night_ok"])) == (61.0, False)
    second = out.iloc[1]
    assert (second["date"], second["n_day_hours"], second["day_leq"]) == ("2024-03-02", 1, 50.0)
