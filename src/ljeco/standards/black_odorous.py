"""Urban black-odorous water grading, 城市黑臭水体整治工作指南 (住房城乡建设部、环境保护部, 2015), 附件 Table
城市黑臭水体污染程度分级标准.

| indicator | light (轻度黑臭) | heavy (重度黑臭) |
| --- | --- | --- |
| transparency [cm] | 25 – 10 (*) | < 10 (*) |
| dissolved oxygen [mg/L] | 0.2 – 2.0 | < 0.2 |
| ORP [mV] | −200 – 50 | < −200 |
| NH3-N [mg/L] | 8.0 – 15 | > 15 |

(*) water shallower than 25 cm: the threshold is 40 % of the depth.

The guide does not say which end of each range is inclusive. We use: SD ≥ 25 none, 10 ≤ SD < 25 light, SD < 10
heavy; DO ≥ 2 none, 0.2 ≤ DO < 2 light; ORP ≥ 50 none, −200 ≤ ORP < 50 light; NH3-N ≤ 8 none, 8 < N ≤ 15 light,
> 15 heavy (UNVERIFIED; configurable through :data:`THRESHOLDS`). For water shallower than 25 cm we replace the
25 cm threshold by 0.4 × depth and grade anything below it as light: the guide's < 10 cm heavy bound would lie
above that threshold, so it cannot be applied (our reading, UNVERIFIED).

>>> grade_sample({"transparency": 30, "do": 1.5, "orp": 80, "nh3n": 5})
'light'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ljeco.core.errors import ValidationError

GRADES = ("none", "light", "heavy")
GRADE_CN = {"none": "无黑臭", "light": "轻度黑臭", "heavy": "重度黑臭"}
GUIDE = "城市黑臭水体整治工作指南 (2015)"


@dataclass(frozen=True, slots=True)
class Threshold:
    """Bounds of one indicator: ``light`` and ``heavy`` boundaries and whether low values are bad."""

    light: float
    heavy: float
    low_is_bad: bool


#: Grading thresholds (guide table; inclusivity UNVERIFIED, see module doc).
THRESHOLDS: dict[str, Threshold] = {
    "transparency": Threshold(25.0, 10.0, True),
    "do": Threshold(2.0, 0.2, True),
    "orp": Threshold(50.0, -200.0, True),
    "nh3n": Threshold(8.0, 15.0, False),
}
SHALLOW_DEPTH_CM = 25.0
SHALLOW_FRACTION = 0.4


def grade_indicator(name: str, value: float, *, depth_cm: float | None = None) -> str:
    """Grade of one indicator value: ``none``, ``light`` or ``heavy`` (``""`` for NaN).

    >>> [grade_indicator("nh3n", v) for v in (8.0, 8.1, 15.0, 15.1)]
    ['none', 'light', 'light', 'heavy']
    >>> grade_indicator("transparency", 9, depth_cm=20)   # threshold 0.4 × 20 = 8 cm
    'none'
    """
    if name not in THRESHOLDS:
        raise ValidationError(f"{name!r} is not a black-odorous indicator", code="unknown_item")
    if np.isnan(value):
        return ""
    t = THRESHOLDS[name]
    if name == "transparency" and depth_cm is not None and depth_cm < SHALLOW_DEPTH_CM:
        return "none" if value >= SHALLOW_FRACTION * depth_cm else "light"
    if t.low_is_bad:
        return "none" if value >= t.light else ("light" if value >= t.heavy else "heavy")
    return "none" if value <= t.light else ("light" if value <= t.heavy else "heavy")


def grade_sample(values: Mapping[str, float], *, depth_cm: float | None = None) -> str:
    """Grade of one sample: its worst indicator (the guide grades points from several samples; see
    :func:`grade_point`). ``""`` when no indicator was measured."""
    grades = [grade_indicator(k, float(v), depth_cm=depth_cm) for k, v in values.items()]
    grades = [g for g in grades if g]
    return GRADES[max(GRADES.index(g) for g in grades)] if grades else ""


def grade_point(samples: Sequence[Mapping[str, float]], *, depth_cm: float | None = None) -> str:
    """Grade of a monitoring point from its samples (guide, 检测点判定).

    Heavy when ≥ 60 % of one indicator's data, or ≥ 30 % of the data of two or more indicators, are heavy.
    Otherwise light if any value is light or heavy, else none (the guide says only "otherwise light" for a water
    body already found black-odorous; "none" is our addition).
    """
    shares: list[float] = []
    any_black = False
    for name in THRESHOLDS:
        grades = [
            grade_indicator(name, float(s[name]), depth_cm=depth_cm)
            for s in samples
            if name in s and not np.isnan(float(s[name]))
        ]
        if grades:
            shares.append(sum(g == "heavy" for g in grades) / len(grades))
            any_black = any_black or any(g != "none" for g in grades)
    eps = 1e-12
    if any(s >= 0.6 - eps for s in shares) or sum(s >= 0.3 - eps for s in shares) >= 2:
        return "heavy"
    if not shares:
        return ""
    return "light" if any_black else "none"


def grade_water_body(point_grades: Sequence[str]) -> str:
    """Grade of a water body: heavy when ≥ 60 % of its points are heavy; else light if any point is black."""
    judged = [g for g in point_grades if g]
    if not judged:
        return ""
    if sum(g == "heavy" for g in judged) / len(judged) >= 0.6 - 1e-12:
        return "heavy"
    return "light" if any(g != "none" for g in judged) else "none"


def heavy_reaches(point_grades: Sequence[str], min_run: int = 3) -> list[tuple[int, int]]:
    """Index ranges (first, last) of runs of ≥ ``min_run`` consecutive heavy points along the water body; the
    reach between them is heavy (single source, UNVERIFIED against the guide).

    >>> heavy_reaches(["heavy", "heavy", "heavy", "light", "heavy", "heavy"])
    [(0, 2)]
    """
    runs: list[tuple[int, int]] = []
    start = None
    for i, g in enumerate([*point_grades, ""]):
        if g == "heavy" and start is None:
            start = i
        elif g != "heavy" and start is not None:
            if i - start >= min_run:
                runs.append((start, i - 1))
            start = None
    return runs


__all__ = [
    "GRADES",
    "GRADE_CN",
    "THRESHOLDS",
    "Threshold",
    "grade_indicator",
    "grade_point",
    "grade_sample",
    "grade_water_body",
    "heavy_reaches",
]
