"""Every breakpoint row of HJ 633-2012 Table 1 and HJ 633-2026 Table 3, and the IAQI around each breakpoint.

The fixtures below are the standards' tables as printed (concentrations per IAQI row 0, 50, 100, 150, 200, 300,
400, 500; µg/m³, CO mg/m³). Around every breakpoint the expected IAQI is recomputed here from formula 1 with
``Fraction`` and a ceiling, independently of the engine's lookup tables.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

from ljeco.standards.air import BREAKPOINTS, LEVELS, iaqi
from ljeco.standards.air.limits import LIMIT_SETS

IAQI_ROWS = (0, 50, 100, 150, 200, 300, 400, 500)

# HJ 633-2012 Table 1, column by column.
HJ633_2012_TABLE1 = {
    "so2_24h": (0, 50, 150, 475, 800, 1600, 2100, 2620),
    "so2_1h": (0, 150, 500, 650, 800),
    "no2_24h": (0, 40, 80, 180, 280, 565, 750, 940),
    "no2_1h": (0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "pm10_24h": (0, 50, 150, 250, 350, 420, 500, 600),
    "co_24h": (0, 2, 4, 14, 24, 36, 48, 60),
    "co_1h": (0, 5, 10, 35, 60, 90, 120, 150),
    "o3_1h": (0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": (0, 100, 160, 215, 265, 800),
    "pm25_24h": (0, 35, 75, 115, 150, 250, 350, 500),
}
# HJ 633-2026 Table 3: PM10 and PM2.5 IAQI-100 breakpoints moved to 120 and 60; the rest unchanged.
HJ633_2026_TABLE3 = {**HJ633_2012_TABLE1, "pm10_24h": (0, 50, 120, 250, 350, 420, 500, 600)}
HJ633_2026_TABLE3["pm25_24h"] = (0, 35, 60, 115, 150, 250, 350, 500)

TABLES = {"2012": HJ633_2012_TABLE1, "2026": HJ633_2026_TABLE3}
ROWS = [
    (edition, key, bp, IAQI_ROWS[i])
    for edition, table in TABLES.items()
    for key, column in table.items()
    for i, bp in enumerate(column)
]


def formula_1(column: tuple[float, ...], c: Fraction) -> int:
    """HJ 633 formula 1 on continuous segments, rounded up (the reference the engine is checked against)."""
    for i in range(len(column) - 1):
        lo, hi = Fraction(column[i]), Fraction(column[i + 1])
        if lo <= c <= hi:
            ilo, ihi = IAQI_ROWS[i], IAQI_ROWS[i + 1]
            return math.ceil((ihi - ilo) / (hi - lo) * (c - lo) + ilo)
    raise AssertionError("outside the table")


def test_tables_match_the_standards() -> None:
    for edition, table in TABLES.items():
        assert set(BREAKPOINTS[edition]) == set(table)  # type: ignore[index]
        for key, column in table.items():
            t = BREAKPOINTS[edition][key]  # type: ignore[index]
            assert t.concentration == tuple(float(c) for c in column), (edition, key)
            assert t.iaqi == IAQI_ROWS[: len(column)]
            assert t.clause == ("HJ 633-2012 Table 1" if edition == "2012" else "HJ 633-2026 Table 3")
            assert t.source and t.verification == "verified"
            assert t.unit == ("mg/m³" if key.startswith("co") else "µg/m³")


@pytest.mark.parametrize(("edition", "key", "bp", "expected"), ROWS)
def test_every_breakpoint_row(edition: str, key: str, bp: float, expected: int) -> None:
    assert iaqi(key, [bp], edition).tolist() == [expected]


@pytest.mark.parametrize(("edition", "key", "bp", "expected"), ROWS)
def test_around_every_breakpoint(edition: str, key: str, bp: float, expected: int) -> None:
    column = TABLES[edition][key]
    step = Fraction(1, 10) if key.startswith("co") else Fraction(1)
    for c in (Fraction(bp) - step, Fraction(bp) + step):
        if 0 <= c <= column[-1]:
            assert iaqi(key, [float(c)], edition).tolist() == [formula_1(column, c)], (edition, key, c)


@pytest.mark.parametrize("edition", ["2012", "2026"])
def test_whole_range_matches_formula_1(edition: str) -> None:
    """Every representable rounded concentration of every table, against the Fraction reference."""
    for key, column in TABLES[edition].items():
        step = Fraction(1, 10) if key.startswith("co") else Fraction(1)
        n = int(column[-1] / step)
        cs = [k * step for k in range(n + 1)]
        got = iaqi(key, [float(c) for c in cs], edition)
        want = np.array([formula_1(column, c) for c in cs], dtype=float)
        assert np.array_equal(got, want), (edition, key)


def test_hand_computed_examples() -> None:
    # CNEMC 1417A 2022-01-01T10, HJ 633-2012: 100 + (81 − 75)·50/40 = 107.5 → 108.
    assert iaqi("pm25_24h", [81], "2012").tolist() == [108]
    # 1616A 2022-07-15T15: O3 1-h 183 → 50 + 23·50/40 = 78.75 → 79.
    assert iaqi("o3_1h", [183], "2012").tolist() == [79]
    # PM2.5 70: 50 + 35·50/40 = 93.75 → 94 (2012); 100 + 10·50/55 = 109.09 → 110 (2026).
    assert iaqi("pm25_24h", [70], "2012").tolist() == [94]
    assert iaqi("pm25_24h", [70], "2026").tolist() == [110]
    # PM10 121 (2026): 100 + 1·50/130 → 101; 119: 50 + 69·50/70 = 99.29 → 100.
    assert iaqi("pm10_24h", [119, 121], "2026").tolist() == [100, 101]
    # CO 24-h 0.9 → 22.5 → 23; 3.5 → 87.5 → 88 (python-aqi truncates CO to integers and gets 0 and 51).
    assert iaqi("co_24h", [0.9, 3.5], "2012").tolist() == [23, 88]
    # NO2 24-h around 565 (slope 100/285, where float arithmetic would overshoot): 564 → 299.65 → 300; 565 → 300.
    assert iaqi("no2_24h", [564, 565, 566], "2012").tolist() == [300, 300, 301]


def test_input_rounding_gbt8170() -> None:
    # 75.5 rounds half-even to 76 before formula 1 (HJ 633-2026 §4.2.2): 101.25 → 102; 74.5 → 74 → 98.75 → 99.
    assert iaqi("pm25_24h", [75.5, 74.5], "2012").tolist() == [102, 99]
    # CO 0.25 → 0.2 (half to even) → 5; 0.35 → 0.4 → 10.
    assert iaqi("co_24h", [0.25, 0.35], "2012").tolist() == [5, 10]


def test_beyond_the_top_breakpoint() -> None:
    assert iaqi("pm25_24h", [501, 10_000], "2012").tolist() == [500, 500]
    assert iaqi("co_1h", [150.1], "2026").tolist() == [500]
    # The special rows: 2026 counts SO2 1-h > 800 as 200 and O3 8-h > 800 as 300 (Table 3 notes b, c).
    assert iaqi("so2_1h", [801, 5000], "2026").tolist() == [200, 200]
    assert iaqi("o3_8h", [801], "2026").tolist() == [300]
    # 2012: not computed (notes 2, 3 replace the indicator).
    assert np.isnan(iaqi("so2_1h", [801], "2012")).all()
    assert np.isnan(iaqi("o3_8h", [801], "2012")).all()


def test_missing_and_negative_are_nan() -> None:
    assert np.isnan(iaqi("pm25_24h", [float("nan"), -1], "2026")).all()


def test_levels_hj633_table2() -> None:
    assert [(lv.aqi_min, lv.aqi_max) for lv in LEVELS.values()] == [
        (0, 50), (51, 100), (101, 150), (151, 200), (201, 300), (301, None),
    ]  # fmt: skip
    assert [lv.category for lv in LEVELS.values()] == [
        "优",
        "良",
        "轻度污染",
        "中度污染",
        "重度污染",
        "严重污染",
    ]
    assert [lv.rgb for lv in LEVELS.values()] == [
        (0, 228, 0), (255, 255, 0), (255, 126, 0), (255, 0, 0), (153, 0, 76), (126, 0, 35),
    ]  # fmt: skip
    assert LEVELS[5].cmyk == (10, 100, 40, 30) and LEVELS[6].hex == "#7E0023"
    assert LEVELS[1].advice["2012"] == "各类人群可正常活动"


def test_gb3095_class2_limits_equal_the_iaqi_100_breakpoints() -> None:
    """HJ 633's IAQI-100 row is GB 3095's class-2 24-h limit (2012), and the 2026 transitional one for PM."""
    for edition, limits in (("2012", LIMIT_SETS["2012"]), ("2026", LIMIT_SETS["2026-transitional"])):
        for pollutant in ("so2", "no2", "co", "pm10", "pm25"):
            assert BREAKPOINTS[edition][f"{pollutant}_24h"].concentration[2] == limits.daily_limit(pollutant)
        assert BREAKPOINTS[edition]["o3_8h"].concentration[2] == limits.daily_limit("o3_8h")


def test_gb3095_2026_final_limits() -> None:
    final = LIMIT_SETS["2026-final"]
    assert [final.annual_limit(p) for p in ("so2", "no2", "pm10", "pm25")] == [20, 30, 50, 25]
    assert [final.daily_limit(p) for p in ("so2", "no2", "co", "pm10", "pm25", "o3_8h")] == [
        50,
        50,
        4,
        100,
        50,
        160,
    ]
    assert final.annual_limit("pm25", zone_class=1) == 10
