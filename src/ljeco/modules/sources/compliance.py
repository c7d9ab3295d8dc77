"""Compliance of an outlet's CEMS data with its emission limits (pure arithmetic).

A value exceeds when it is above the upper limit or below the lower limit (pH 6–9). The exceedance multiple
(超标倍数) is (value − limit) / limit, as in the environmental statistics convention; it is only defined for an upper
limit above zero. Missing values count neither as compliant nor as exceeding: they are reported as missing so that a
silent device cannot look compliant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, slots=True)
class ExceedanceSummary:
    """Hours judged, hours exceeding, the worst value and its multiple over the limit."""

    valid: int
    missing: int
    exceeding: int
    max_value: float | None
    max_multiple: float | None

    @property
    def compliance_rate(self) -> float | None:
        """Share of valid values within the limits [%]; None without valid values."""
        return None if self.valid == 0 else 100.0 * (self.valid - self.exceeding) / self.valid


def exceedance_summary(
    values: np.ndarray | list[float | None], *, limit: float | None, limit_low: float | None = None
) -> ExceedanceSummary:
    """Summarise ``values`` [unit] against ``limit`` (upper) and ``limit_low`` (lower) [unit].

    >>> s = exceedance_summary([40.0, 60.0, None, 45.0], limit=50.0)
    >>> (s.valid, s.missing, s.exceeding, s.max_value, round(s.max_multiple, 2), round(s.compliance_rate, 1))
    (3, 1, 1, 60.0, 0.2, 66.7)
    >>> exceedance_summary([5.5, 7.0, 9.5], limit=9.0, limit_low=6.0).exceeding
    2
    >>> exceedance_summary([], limit=1.0).compliance_rate is None
    True
    """
    arr = np.asarray([np.nan if v is None else v for v in values], dtype=float)
    ok = ~np.isnan(arr)
    valid = arr[ok]
    over = np.zeros(valid.shape, dtype=bool)
    if limit is not None:
        over |= valid > limit
    if limit_low is not None:
        over |= valid < limit_low
    max_value = float(valid.max()) if valid.size else None
    max_multiple = None
    if limit is not None and limit > 0 and max_value is not None and max_value > limit:
        max_multiple = (max_value - limit) / limit
    return ExceedanceSummary(
        valid=int(valid.size),
        missing=int((~ok).sum()),
        exceeding=int(over.sum()),
        max_value=max_value,
        max_multiple=max_multiple,
    )


__all__ = ["ExceedanceSummary", "exceedance_summary"]
