"""GB/T 8170 rounding (四舍六入五成双, round half to even) as HJ 663 and HJ 633 require it.

HJ 663-2013 §6.3 (Table 3) rounds statistics per GB/T 8170 before they are judged: integers in µg/m³, CO to
0.1 mg/m³, exceedance multiples to 0.01, rates to 0.1 %. HJ 633-2026 §4.2.2/§4.2.3 round the AQI inputs the same
way. The national feed's 8-hour O3 means match half-to-even in 104 of 104 windows and half-up in only 91
(``shared/reference/standards/air_standards.md`` §4.5).

Binary floats cannot hold most decimals (0.15 is 0.1499999…), so rounding ``float`` naively goes wrong exactly
at the halves this rule is about. Two tools, both exact:

* :func:`round_gbt8170` rounds one value through :class:`~fractions.Fraction`/:class:`~decimal.Decimal`; a float
  is taken as the decimal it prints as (``repr``), which is the value a person reading the data sees.
* :func:`round_half_even` rounds arrays; a float whose scaled value lies within 1e-9 of a half is treated as that
  half, which gives the same answer as :func:`round_gbt8170` for any value with at most 6 significant decimals.

Examples
--------
>>> [str(round_gbt8170(x, 0)) for x in (0.5, 1.5, 2.5, 6.5, 7.625)]
['0', '2', '2', '6', '8']
>>> str(round_gbt8170(0.15, 1)), str(round_gbt8170("0.25", 1)), str(round_gbt8170(181.20000000000005, 0))
('0.2', '0.2', '181')
>>> round_half_even([0.15, 0.25, float("nan")], 1).tolist()
[0.2, 0.2, nan]
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import numpy as np
import numpy.typing as npt

Number = int | float | str | Decimal | Fraction

#: A scaled value this close to k + 0.5 is that half (float noise from binary representation, e.g. 0.15 * 10).
HALF_TOLERANCE = 1e-9


def _fraction(value: Number) -> Fraction:
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"cannot round {value!r}")
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        return Fraction(Decimal(value))
    return Fraction(value)


def round_fraction(value: Fraction, decimals: int) -> Fraction:
    """``value`` rounded half to even to ``decimals`` places, exactly (negative values by their magnitude)."""
    scale = Fraction(10) ** decimals
    y = abs(value) * scale
    q, r = divmod(y.numerator, y.denominator)
    twice = 2 * r
    if twice > y.denominator or (twice == y.denominator and q % 2 == 1):
        q += 1
    result = Fraction(q) / scale
    return -result if value < 0 else result


def round_gbt8170(value: Number, decimals: int) -> Decimal:
    """Round one value per GB/T 8170 (round half to even) to ``decimals`` places.

    Parameters
    ----------
    value : int, float, str, Decimal or Fraction
        A float is read as the decimal it prints as (``repr``); NaN and infinities raise ``ValueError``.
    decimals : int
        Places to keep (HJ 663-2013 Table 3: 0 for µg/m³, 1 for CO mg/m³, 2 for multiples, 1 for rates).

    Returns
    -------
    Decimal
        With exactly ``decimals`` places (``Decimal("0.2")``, ``Decimal("181")``).
    """
    rounded = round_fraction(_fraction(value), decimals)
    quantum = Decimal(1).scaleb(-decimals)
    return (Decimal(rounded.numerator) / Decimal(rounded.denominator)).quantize(quantum)


def round_half_even(values: npt.ArrayLike, decimals: int = 0) -> npt.NDArray[np.float64]:
    """Round an array per GB/T 8170 to ``decimals`` places; NaN stays NaN.

    Values whose scaled magnitude is within :data:`HALF_TOLERANCE` of a half are rounded as that half, so
    ``0.15`` (stored as 0.1499999…) rounds to 0.2 as the decimal 0.15 does.
    """
    x = np.asarray(values, dtype=np.float64)
    scale = 10.0**decimals
    y = x * scale if decimals else x
    r = np.rint(y)  # IEEE round-half-even: exact for values that are exact halves
    distance = np.abs(y - r)  # ≤ 0.5 always; close to 0.5 only next to a half
    near_half = distance >= 0.5 - HALF_TOLERANCE
    if near_half.any():
        fl = np.floor(y[near_half] + HALF_TOLERANCE)  # the integer below the (intended) half
        r[near_half] = fl + (np.mod(fl, 2.0) == 1.0)
    return r / scale if decimals else r


def scaled_half_even(values: npt.ArrayLike, decimals: int) -> npt.NDArray[np.float64]:
    """``values`` rounded per GB/T 8170 and expressed in units of 10**-decimals (CO 0.7 mg/m³ → 7.0).

    Integer-valued floats keep the exact-arithmetic guarantees of the IAQI and statistics code (sums of such
    values are exact below 2**53). NaN stays NaN.
    """
    x = np.asarray(values, dtype=np.float64)
    return round_half_even(x * 10.0**decimals if decimals else x, 0)


def div_half_even(num: npt.NDArray[np.float64], den: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``num / den`` rounded half to even, exactly, for integer-valued ``num`` ≥ 0 and ``den`` > 0.

    Used for means of already-rounded values: a mean of n integers is a fraction whose halves are exact, so the
    rounding needs the remainder, not a float quotient. Where ``den`` is 0 the result is NaN.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.floor_divide(num, den)
        twice_r = 2.0 * (num - q * den)
        up = (twice_r > den) | ((twice_r == den) & (np.mod(q, 2.0) == 1.0))
        out = q + up
    out[~(den > 0)] = np.nan
    return out


__all__ = [
    "HALF_TOLERANCE",
    "div_half_even",
    "round_fraction",
    "round_gbt8170",
    "round_half_even",
    "scaled_half_even",
]
