"""Single-factor class of surface-water samples (GB 3838-2002 Table 1; 环办〔2011〕22号 single-factor method).

Class codes: 1…5 = class I…V, 6 = worse than class V (劣Ⅴ), 0 = item not measured / no item measured.
A value falls in the **best** class whose limit it meets: ``C ≤ limit`` (``C ≥ limit`` for dissolved oxygen), so
where two classes share a limit (COD I = II = 15) the better class wins. A sample's class is its worst item's class.

Comparisons allow a relative tolerance of 1e-9 so that a mean that lands on a limit (0.1 + 0.2 → 0.15000000000000002
after averaging) is judged as the limit itself; it is far below any reported decimal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ljeco.core.errors import ValidationError
from ljeco.standards.water.tables import CLASS_ITEMS, CLASS_LABELS, PH_RANGE, TABLE1, limits_for

_RTOL = 1e-9
WATERBODIES = ("river", "lake")

FloatArray = npt.NDArray[np.float64]
ClassArray = npt.NDArray[np.int8]


def _check_waterbody(waterbody: str) -> None:
    if waterbody not in WATERBODIES:
        raise ValidationError(f"waterbody must be 'river' or 'lake', not {waterbody!r}", code="bad_waterbody")


def classify_item(name: str, values: npt.ArrayLike, waterbody: str = "river") -> ClassArray:
    """Class code (0–6) of each value of item ``name`` [mg/L; pH unitless; fecal coliform 个/L].

    GB 3838-2002 Table 1; pH per Table 1 row 2 (6–9 in every class: inside → I, outside → 劣Ⅴ, so pH never
    decides a class unless it is out of range); TP uses the 湖、库 limits when ``waterbody == "lake"``.
    NaN → 0 (not measured).

    >>> classify_item("nh3n", [0.15, 0.16, 2.0, 2.01, float("nan")]).tolist()
    [1, 2, 5, 6, 0]
    >>> classify_item("do", [7.5, 7.49, 2.0, 1.99]).tolist()
    [1, 2, 5, 6]
    >>> classify_item("tp", [0.1], "river").tolist(), classify_item("tp", [0.1], "lake").tolist()
    ([2], [4])
    """
    _check_waterbody(waterbody)
    arr = np.asarray(values, dtype=np.float64)
    nan = np.isnan(arr)
    if name == "ph":
        low, high = PH_RANGE
        out = np.where((arr >= low * (1 - _RTOL)) & (arr <= high * (1 + _RTOL)), 1, 6).astype(np.int8)
        out[nan] = 0
        return out
    if name not in TABLE1:
        raise ValidationError(f"{name!r} has no class limits in GB 3838-2002 Table 1", code="unknown_item")
    limits = np.asarray(limits_for(name, waterbody), dtype=np.float64)
    if TABLE1[name].minimum:
        # ≥ limits, descending: failed classes = number of limits the value is below.
        ascending = limits[::-1] * (1 - _RTOL)
        failed = len(limits) - np.searchsorted(ascending, arr, side="right")
    else:
        # ≤ limits, ascending: failed classes = number of limits strictly below the value.
        failed = np.searchsorted(limits * (1 + _RTOL), arr, side="left")
    out = (failed + 1).astype(np.int8)
    out[nan] = 0
    return out


def classify_array(
    values: npt.ArrayLike, items: Sequence[str], waterbody: str = "river"
) -> tuple[ClassArray, ClassArray]:
    """Classify a block of samples: ``values`` has shape (n_samples, len(items)).

    Returns ``(sample_class, item_class)``: the worst class per sample (0 if nothing was measured) and the class
    of every cell. Only the items passed are considered; pass :data:`CLASS_ITEMS` for the 环办〔2011〕22号 set.
    """
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != len(items):
        raise ValidationError(f"values must have shape (n, {len(items)}), got {arr.shape}", code="bad_shape")
    item_class = np.empty(arr.shape, dtype=np.int8)
    for j, name in enumerate(items):
        item_class[:, j] = classify_item(name, arr[:, j], waterbody)
    sample_class = item_class.max(axis=1) if arr.shape[1] else np.zeros(arr.shape[0], dtype=np.int8)
    return sample_class.astype(np.int8), item_class


def label(code: int) -> str:
    """``1 → "I"`` … ``6 → "劣V"``; ``0 → ""`` (nothing measured)."""
    return CLASS_LABELS[code - 1] if code else ""


def code_of(class_label: str) -> int:
    """Inverse of :func:`label`; accepts I–V, 劣V, Roman numerals Ⅰ–Ⅴ, 劣Ⅴ, and 1–5."""
    text = class_label.strip().replace("类", "")
    for roman, latin in (("Ⅰ", "I"), ("Ⅱ", "II"), ("Ⅲ", "III"), ("Ⅳ", "IV"), ("Ⅴ", "V")):
        text = text.replace(roman, latin)
    digits = {"1": "I", "2": "II", "3": "III", "4": "IV", "5": "V"}
    text = digits.get(text, text).upper()
    if text in CLASS_LABELS:
        return CLASS_LABELS.index(text) + 1
    raise ValidationError(
        f"not a water class: {class_label!r} (use I, II, III, IV, V or 劣V)", code="bad_class"
    )


@dataclass(frozen=True, slots=True)
class SampleClass:
    """The class of one sample (or of one period's means)."""

    water_class: str
    code: int
    item_classes: dict[str, str]
    limiting_items: tuple[str, ...]
    reference_classes: dict[str, str]


def limiting_items(item_codes: Mapping[str, int], sample_code: int) -> tuple[str, ...]:
    """Items whose class equals the sample's class (the items that set it), in GB 3838 Table 1 order.

    A class I sample has no limiting item (nothing holds it back), so the tuple is empty.
    """
    if sample_code <= 1:
        return ()
    return tuple(name for name, code in item_codes.items() if code == sample_code)


def classify_sample(values: Mapping[str, float], waterbody: str = "river") -> SampleClass:
    """Class of one sample from its item values [mg/L]; NaN or absent items are not measured.

    The 21 环办〔2011〕22号 items decide; total nitrogen (lakes only) and fecal coliform are classified as
    reference items and returned apart; water temperature is not classified.

    >>> r = classify_sample({"do": 6.5, "codmn": 4.2, "nh3n": 0.4, "tp": 0.12})
    >>> r.water_class, r.limiting_items
    ('III', ('codmn', 'tp'))
    """
    _check_waterbody(waterbody)
    item_codes: dict[str, int] = {}
    for name in CLASS_ITEMS:
        value = values.get(name)
        if value is None:
            continue
        code = int(classify_item(name, [value], waterbody)[0])
        if code:
            item_codes[name] = code
    sample_code = max(item_codes.values(), default=0)
    reference = REFERENCE_ITEMS[waterbody]
    ref_classes: dict[str, str] = {}
    for name in reference:
        value = values.get(name)
        if value is not None:
            code = int(classify_item(name, [value], waterbody)[0])
            if code:
                ref_classes[name] = label(code)
    return SampleClass(
        water_class=label(sample_code),
        code=sample_code,
        item_classes={k: label(v) for k, v in item_codes.items()},
        limiting_items=limiting_items(item_codes, sample_code),
        reference_classes=ref_classes,
    )


REFERENCE_ITEMS: dict[str, tuple[str, ...]] = {"river": ("fecal_coliform",), "lake": ("tn", "fecal_coliform")}


def exceedance_multiple(
    name: str, value: float, against: str = "III", waterbody: str = "river"
) -> float | None:
    """超标倍数 = (C − L) / L against the limit L of class ``against`` (环办〔2011〕22号: class III).

    Returns 0.0 when the value meets the limit and ``None`` for items the method excludes (temperature, pH,
    dissolved oxygen) or when the value is NaN.

    >>> exceedance_multiple("nh3n", 2.3)
    1.3
    >>> exceedance_multiple("codmn", 6.0), exceedance_multiple("do", 1.0)
    (0.0, None)
    """
    if name in ("temp", "ph", "do") or np.isnan(value):
        return None
    limit = limits_for(name, waterbody)[code_of(against) - 1] if code_of(against) <= 5 else None
    if limit is None:
        raise ValidationError("exceedance is measured against a class I–V limit", code="bad_class")
    excess = (value - limit) / limit
    return round(excess, 10) if excess > _RTOL else 0.0


__all__ = [
    "WATERBODIES",
    "SampleClass",
    "classify_array",
    "classify_item",
    "classify_sample",
    "code_of",
    "exceedance_multiple",
    "label",
    "limiting_items",
]
