"""Groundwater quality class, GB/T 14848-2017 (地下水质量标准), clause 6.

* 6.2 Single item: the class is the range the value falls in; where adjacent classes share a limit the better
  class is taken (从优不从劣): volatile phenols 0.001 mg/L → class I.
* 6.3 Sample: the worst single-item class; the items at that class are reported.

Values are in the standard's units: mg/L for inorganics, µg/L for organics, Bq/L for gross α/β (see
:mod:`ljeco.standards.gb14848_table`). A non-detect is classified at its detection limit: a result "< DL" proves
only that the value is ≤ DL, so it takes the class of DL (the method is silent; our choice). Anionic surfactants
(LAS) are class I only when not detected.

>>> classify_item("phenol", 0.001)
1
>>> classify_item("nh3n", 0.6)
4
>>> r = classify_sample({"nh3n": 0.3, "ph": 7.1, "fe": 0.25, "as": 0.02})
>>> r.water_class, r.worst_items
('IV', ('as',))
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError
from ljeco.standards.detection import Reading, parse_value
from ljeco.standards.gb14848_table import PH_I_III, PH_IV, TABLE

if TYPE_CHECKING:
    import pandas as pd

STANDARD = "GB/T 14848-2017"
CLASS_LABELS: tuple[str, ...] = ("I", "II", "III", "IV", "V")
CLASS_LABELS_CN: tuple[str, ...] = ("Ⅰ类", "Ⅱ类", "Ⅲ类", "Ⅳ类", "Ⅴ类")
_RTOL = 1e-9

#: Gross α/β above the class III guide value: the table prints ">" for both IV and V, so the two cannot be told
#: apart without radionuclide analysis. We report IV (从优不从劣) and flag the item.
RADIO_ABOVE_III = 4


def _text_class(value: object) -> int:
    text = str(value).strip()
    if text in ("无", "0", "False", "false", "no"):
        return 1
    if text in ("有", "1", "True", "true", "yes"):
        return 5
    raise ValidationError(f"a 无/有 item needs '无' or '有', not {value!r}", code="bad_value")


def classify_item(name: str, value: float | str | Reading, below_detection: bool = False) -> int:
    """Class 1–5 of one item value (0 when the value is NaN / not measured). GB/T 14848-2017 6.2."""
    try:
        row = TABLE[name]
    except KeyError:
        raise ValidationError(f"{name!r} is not a GB/T 14848-2017 item", code="unknown_item") from None
    if row.kind == "text":
        return 0 if value in ("", None) else _text_class(value)
    reading = value if isinstance(value, Reading) else parse_value(value)
    x, nd = reading.value, reading.below_detection or below_detection
    if np.isnan(x):
        return 0
    if row.kind == "ph":
        if PH_I_III[0] <= x <= PH_I_III[1]:
            return 1
        return 4 if PH_IV[0] <= x <= PH_IV[1] else 5
    if row.kind == "nd_i":
        if nd:
            return 1
        return 2 if x <= 0.1 * (1 + _RTOL) else (3 if x <= 0.3 * (1 + _RTOL) else 5)
    limits = np.asarray(row.limits) * (1 + _RTOL)
    failed = int(np.searchsorted(limits, x, side="left"))
    if row.kind == "radio":
        return failed + 1 if failed < 3 else RADIO_ABOVE_III
    return failed + 1


def classify_values(name: str, values: npt.ArrayLike) -> npt.NDArray[np.int8]:
    """Vectorised :func:`classify_item` for a plain "≤" item (NaN → 0)."""
    row = TABLE[name]
    if row.kind != "le":
        return np.array(
            [classify_item(name, float(v)) for v in np.asarray(values, dtype=float)], dtype=np.int8
        )
    arr = np.asarray(values, dtype=np.float64)
    out = (np.searchsorted(np.asarray(row.limits) * (1 + _RTOL), arr, side="left") + 1).astype(np.int8)
    out[np.isnan(arr)] = 0
    return out


@dataclass(frozen=True, slots=True)
class GroundwaterClass:
    """Class of one groundwater sample (GB/T 14848-2017 6.3)."""

    water_class: str
    code: int
    item_classes: dict[str, str]
    worst_items: tuple[str, ...]
    flags: tuple[str, ...]


def classify_sample(values: Mapping[str, float | str | Reading]) -> GroundwaterClass:
    """Worst single-item class of a sample and the items at that class (GB/T 14848-2017 6.3)."""
    codes: dict[str, int] = {}
    flags: list[str] = []
    for name, value in values.items():
        code = classify_item(name, value)
        if code:
            codes[name] = code
            if TABLE[name].kind == "radio" and code == RADIO_ABOVE_III:
                flags.append(f"{name}: above the class III guide value; IV or V needs radionuclide analysis")
    worst = max(codes.values(), default=0)
    return GroundwaterClass(
        water_class=CLASS_LABELS[worst - 1] if worst else "",
        code=worst,
        item_classes={k: CLASS_LABELS[v - 1] for k, v in codes.items()},
        worst_items=tuple(k for k, v in codes.items() if v == worst) if worst > 1 else (),
        flags=tuple(flags),
    )


def classify_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Per row: ``water_class`` (I–V), ``worst_items`` and ``flags``; id columns ``site``/``well``,
    ``time`` are copied; every other column must be a GB/T 14848-2017 item."""
    import pandas as pd

    ids = [c for c in frame.columns if c in ("site", "well", "station", "time")]
    unknown = [c for c in frame.columns if c not in ids and c not in TABLE]
    if unknown:
        raise ValidationError(f"unknown column(s): {', '.join(map(str, unknown))}", code="unknown_column")
    rows = []
    for i, rec in enumerate(frame.to_dict("records")):
        try:
            result = classify_sample({k: v for k, v in rec.items() if k not in ids})
        except ValidationError as exc:
            raise ValidationError(f"row {i + 1}: {exc.message}", code=exc.instance_code) from None
        out = {k: rec[k] for k in ids}
        out.update(
            {
                "water_class": result.water_class,
                "worst_items": ",".join(result.worst_items),
                "flags": "; ".join(result.flags),
            }
        )
        rows.append(out)
    return pd.DataFrame(rows, columns=[*ids, "water_class", "worst_items", "flags"])


__all__ = [
    "CLASS_LABELS",
    "STANDARD",
    "GroundwaterClass",
    "classify_frame",
    "classify_item",
    "classify_sample",
    "classify_values",
]
