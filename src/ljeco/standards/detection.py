"""Reading laboratory values, including results below the detection limit.

Chinese monitoring reports write a non-detect as the detection limit followed by ``L`` (``0.01L``, HJ 630 / HJ 91
convention), or as ``<0.01`` or ``ND(0.01)``. A blank cell means *not measured* and stays NaN.

GB 3838-2002 and 环办〔2011〕22号 do not say (in the text we could check) what number a non-detect takes in a mean.
We substitute **half the detection limit** (:data:`HALF_DETECTION_LIMIT`), the usual practice of environmental
statistics in China; it is configurable per call, and marked UNVERIFIED in the documentation.

>>> parse_value("0.01L")
Reading(value=0.01, below_detection=True)
>>> parse_value("<0.002")
Reading(value=0.002, below_detection=True)
>>> parse_value(" 1.25 ")
Reading(value=1.25, below_detection=False)
>>> parse_value("")
Reading(value=nan, below_detection=False)
>>> substitute(parse_value("0.01L"), HALF_DETECTION_LIMIT)
0.005
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from ljeco.core.errors import ValidationError

#: Fraction of the detection limit a non-detect takes in means (UNVERIFIED choice; see module doc).
HALF_DETECTION_LIMIT = 0.5

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_ND_PATTERNS = (
    re.compile(rf"^({_NUMBER})\s*L$", re.IGNORECASE),
    re.compile(rf"^<\s*({_NUMBER})$"),
    re.compile(rf"^(?:ND|未检出)\s*[(（]\s*({_NUMBER})\s*[)）]$", re.IGNORECASE),
)
_MISSING = {"", "-", "—", "--", "nan", "na", "n/a"}


class Reading(NamedTuple):
    """A parsed value: the number (the detection limit for a non-detect) and whether it was below detection."""

    value: float
    below_detection: bool


def parse_value(text: object) -> Reading:
    """Parse a cell: a number, a non-detect (``0.01L``, ``<0.01``, ``ND(0.01)``) or blank (NaN).

    A bare ``ND`` or ``未检出`` without its detection limit is rejected (code ``non_detect_without_limit``):
    without the limit the value cannot be classified or averaged.
    """
    if text is None:
        return Reading(math.nan, False)
    if isinstance(text, int | float):
        return Reading(float(text), False)
    raw = str(text).strip()
    if raw.lower() in _MISSING:
        return Reading(math.nan, False)
    for pattern in _ND_PATTERNS:
        match = pattern.match(raw)
        if match:
            return Reading(float(match.group(1)), True)
    if raw.upper() in {"ND", "未检出"}:
        raise ValidationError(
            f"non-detect {raw!r} has no detection limit; write it as '0.01L' or '<0.01'",
            code="non_detect_without_limit",
        )
    try:
        return Reading(float(raw), False)
    except ValueError:
        raise ValidationError(f"not a number: {raw!r}", code="not_a_number") from None


def substitute(reading: Reading, fraction: float = HALF_DETECTION_LIMIT) -> float:
    """The number a reading contributes to a mean: ``fraction`` × detection limit for a non-detect."""
    return reading.value * fraction if reading.below_detection else reading.value


__all__ = ["HALF_DETECTION_LIMIT", "Reading", "parse_value", "substitute"]
