"""GB/T 8170 rounding (round half to even), scalar and vectorised, and exact integer means."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from ljeco.standards.air.rounding import div_half_even, round_gbt8170, round_half_even


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0.5, 0, "0"),
        (1.5, 0, "2"),
        (2.5, 0, "2"),
        (3.5, 0, "4"),
        (6.5, 0, "6"),  # the 1418A 8-hour O3 example: the national feed publishes 6
        (7.625, 0, "8"),  # the 1417A 8-hour O3 example
        (181.20000000000005, 0, "181"),  # float noise from a percentile
        (0.15, 1, "0.2"),  # stored as 0.1499999…: read as the decimal it prints
        (0.25, 1, "0.2"),
        (0.35, 1, "0.4"),
        (2.675, 2, "2.68"),
        ("1.0500", 1, "1.0"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(1, 8), 2, "0.12"),  # 0.125 → 0.12
        (Fraction(3, 8), 2, "0.38"),  # 0.375 → 0.38
        (-2.5, 0, "-2"),  # GB/T 8170 rounds a negative number by its magnitude
        (93.54838709677419, 1, "93.5"),
        (12, 0, "12"),
    ],
)
def test_round_gbt8170(value: object, decimals: int, expected: str) -> None:
    result = round_gbt8170(value, decimals)  # type: ignore[arg-type]
    assert result == Decimal(expected) and str(result) == expected


def test_round_gbt8170_refuses_nan() -> None:
    with pytest.raises(ValueError):
        round_gbt8170(float("nan"), 0)


def test_round_half_even_array() -> None:
    got = round_half_even([0.5, 1.5, 2.5, 6.5, 7.4999999999, 7.6, float("nan"), 1e6 + 0.5], 0)
    assert np.array_equal(got, [0, 2, 2, 6, 8, 8, np.nan, 1e6], equal_nan=True)
    assert round_half_even([0.15, 0.25, 0.35, 1.05, 2.675], 1).tolist() == [0.2, 0.2, 0.4, 1.0, 2.7]


def test_array_and_scalar_agree_on_decimal_grids() -> None:
    rng = np.random.default_rng(8170)
    for decimals in (0, 1, 2):
        values = np.round(rng.uniform(0, 500, 2000), decimals + 1)  # every value has a digit to round away
        vector = round_half_even(values, decimals)
        scalar = [float(round_gbt8170(float(v), decimals)) for v in values]
        assert vector.tolist() == scalar


def test_div_half_even_is_exact() -> None:
    num = np.array([13.0, 15.0, 61.0, 59.0, 0.0, 5.0])
    den = np.array([2.0, 2.0, 8.0, 8.0, 3.0, 0.0])
    # 6.5 → 6, 7.5 → 8, 7.625 → 8, 7.375 → 7, 0 → 0, no values → NaN
    assert np.array_equal(div_half_even(num, den), [6, 8, 8, 7, 0, np.nan], equal_nan=True)
