"""Soil contamination risk: GB 36600-2018 (construction land) and GB 15618-2018 (agricultural land).

Each item is placed against its screening value (筛选值) and intervention value (管制值) [mg/kg dry soil]:

* ``below_screening`` — C ≤ screening value: risk generally negligible (GB 36600 5.3.2; GB 15618 6.1);
* ``between`` — screening < C ≤ intervention: GB 36600 detailed investigation and risk assessment (5.3.3–5.3.4);
  GB 15618 possible food-safety risk, safe-use measures (6.2);
* ``above_intervention`` — C > intervention: GB 36600 risk control or remediation (5.3.5); GB 15618 strict
  control (6.3).

GB 15618 items without an intervention value (Cu, Ni, Zn; Table 2 items) can reach ``between`` at most.

>>> judge_construction({"as": 45.0, "pb": 900.0}, land="first").result
'above_intervention'
>>> judge_agricultural({"cd": 0.5, "zn": 180.0}, ph=6.8, land_use="paddy").category
'优先保护类'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ljeco.core.errors import ValidationError
from ljeco.standards.detection import parse_value
from ljeco.standards.soil_tables import (
    GB15618_TABLE1,
    GB15618_TABLE2,
    GB15618_TABLE3,
    GB36600,
    PH_BAND_LABELS,
    PH_BAND_UPPER,
    V,
)

if TYPE_CHECKING:
    import pandas as pd

RESULTS = ("below_screening", "between", "above_intervention")
RESULT_CN = {
    "construction": ("低于筛选值，风险一般可忽略", "介于筛选值和管制值之间，应开展详细调查和风险评估", "超过管制值，应采取风险管控或修复措施"),
    "agricultural": ("低于筛选值，风险低", "介于筛选值和管制值之间，原则上采取安全利用措施", "超过管制值，原则上采取严格管控措施"),
}  # fmt: skip
#: Farmland categories of 农用地土壤环境质量类别划分 practice (not in GB 15618 itself; flagged as such).
AGRI_CATEGORIES = ("优先保护类", "安全利用类", "严格管控类")
LANDS = ("first", "second", "agricultural")
LAND_USES = ("paddy", "other", "orchard", "rotation")
_RTOL = 1e-9


@dataclass(frozen=True, slots=True)
class ItemJudgement:
    """One item against its screening and intervention values."""

    name: str
    value: float
    screening: float
    intervention: float | None
    result: str
    ratio_screening: float
    ratio_intervention: float | None
    verification: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class SoilJudgement:
    """A sample: the worst item result, the items behind it, and UNVERIFIED values that were used."""

    standard: str
    result: str
    result_cn: str
    items: tuple[ItemJudgement, ...]
    category: str | None = None

    @property
    def above_screening(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.items if i.result != "below_screening")

    @property
    def above_intervention(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.items if i.result == "above_intervention")

    @property
    def unverified(self) -> tuple[str, ...]:
        return tuple(f"{i.name}({i.verification})" for i in self.items if i.verification != V)


def _place(value: float, screening: float, intervention: float | None) -> str:
    if value <= screening * (1 + _RTOL):
        return "below_screening"
    if intervention is None or value <= intervention * (1 + _RTOL):
        return "between"
    return "above_intervention"


def _worst(items: tuple[ItemJudgement, ...]) -> str:
    return RESULTS[max((RESULTS.index(i.result) for i in items), default=0)]


def judge_construction(
    values: Mapping[str, float | str],
    *,
    land: str = "first",
    backgrounds: Mapping[str, float] | None = None,
) -> SoilJudgement:
    """GB 36600-2018 Tables 1–2 for first- or second-category construction land (clause 5.3).

    ``land`` ``"first"`` or ``"second"``; clause 5.3.1: when the planned use is unclear use ``"first"``.
    ``backgrounds`` [mg/kg] applies note ①: As, Co or V above the screening value but ≤ the local background
    value are reported ``below_screening`` with a note. Non-detects take their detection limit.
    """
    if land not in ("first", "second"):
        raise ValidationError("land must be 'first' or 'second' for GB 36600-2018", code="bad_land")
    col = 0 if land == "first" else 1
    out = []
    for name, raw in values.items():
        row = GB36600.get(name)
        if row is None:
            raise ValidationError(f"{name!r} is not a GB 36600-2018 item", code="unknown_item")
        value = parse_value(raw).value
        if np.isnan(value):
            continue
        screen, inter = row.screening[col], row.intervention[col]
        result, note = _place(value, screen, inter), ""
        bg = (backgrounds or {}).get(name)
        if row.background and bg is not None and result != "below_screening" and value <= bg:
            result, note = "below_screening", "注①: ≤ 土壤环境背景值, not managed as contaminated"
        out.append(
            ItemJudgement(
                name, value, screen, inter, result, value / screen, value / inter, row.verification, note
            )
        )
    items = tuple(out)
    worst = _worst(items)
    return SoilJudgement(
        f"GB 36600-2018 ({'第一类' if col == 0 else '第二类'}用地)",
        worst,
        RESULT_CN["construction"][RESULTS.index(worst)],
        items,
    )


def ph_band(ph: float) -> int:
    """Column index of GB 15618-2018's pH bands; 5.5 exactly is in "pH ≤ 5.5", 6.5 in "5.5 < pH ≤ 6.5".

    >>> [ph_band(x) for x in (5.5, 5.51, 6.5, 7.5, 7.51)]
    [0, 1, 1, 2, 3]
    """
    if np.isnan(ph):
        raise ValidationError("GB 15618-2018 needs the soil pH of the sample", code="missing_ph")
    return int(np.searchsorted(np.asarray(PH_BAND_UPPER), ph, side="left"))


def agricultural_screening(name: str, ph: float, land_use: str = "other") -> float:
    """GB 15618-2018 Table 1 (or Table 2) screening value of ``name`` [mg/kg] for ``land_use`` and soil pH.

    ``land_use``: ``paddy`` (水田), ``orchard`` (果园), ``other`` (其他), or ``rotation`` (水旱轮作地: the
    stricter of paddy and other, Table 1 note).
    """
    if land_use not in LAND_USES:
        raise ValidationError(f"land use must be one of {', '.join(LAND_USES)}", code="bad_land_use")
    if name in GB15618_TABLE2:
        return GB15618_TABLE2[name]
    rows = GB15618_TABLE1.get(name)
    if rows is None:
        raise ValidationError(f"{name!r} is not a GB 15618-2018 item", code="unknown_item")
    band = ph_band(ph)
    if "all" in rows:
        return rows["all"][band]
    if land_use == "rotation":
        return min(values[band] for values in rows.values())
    key = land_use if land_use in rows else "other"
    return rows[key][band]


def judge_agricultural(
    values: Mapping[str, float | str], *, ph: float, land_use: str = "other"
) -> SoilJudgement:
    """GB 15618-2018 chapter 6 for one sample at soil ``ph``; ``category`` follows the usual farmland practice
    (max C/screening ≤ 1 → 优先保护类; else max C/intervention ≤ 1 → 安全利用类; else 严格管控类), which is not
    text of the standard itself."""
    band = ph_band(ph)
    out = []
    for name, raw in values.items():
        value = parse_value(raw).value
        if np.isnan(value):
            continue
        screen = agricultural_screening(name, ph, land_use)
        inter = GB15618_TABLE3[name][band] if name in GB15618_TABLE3 else None
        verification = "single source" if name in GB15618_TABLE2 else V
        out.append(
            ItemJudgement(
                name,
                value,
                screen,
                inter,
                _place(value, screen, inter),
                value / screen,
                None if inter is None else value / inter,
                verification,
                PH_BAND_LABELS[band],
            )
        )
    items = tuple(out)
    worst = _worst(items)
    category = AGRI_CATEGORIES[RESULTS.index(worst)]
    return SoilJudgement(
        "GB 15618-2018", worst, RESULT_CN["agricultural"][RESULTS.index(worst)], items, category
    )


def assess_frame(
    frame: pd.DataFrame,
    *,
    land: str,
    land_use: str = "other",
    backgrounds: Mapping[str, float] | None = None,
) -> pd.DataFrame:
    """Per row of ``site[,time][,ph][,land_use],<items…>``: the result, the items above each value, the farmland
    category (agricultural land) and the items judged with single-source or UNVERIFIED values."""
    import pandas as pd

    if land not in LANDS:
        raise ValidationError(f"--land must be one of {', '.join(LANDS)}", code="bad_land")
    ids = [c for c in frame.columns if c in ("site", "point", "time", "depth")]
    special = {"ph", "land_use"}
    rows = []
    for i, rec in enumerate(frame.to_dict("records")):
        items = {k: v for k, v in rec.items() if k not in ids and k not in special}
        try:
            if land == "agricultural":
                ph = parse_value(rec.get("ph", "")).value
                use = str(rec.get("land_use") or land_use)
                j = judge_agricultural(items, ph=ph, land_use=use)
            else:
                j = judge_construction(items, land=land, backgrounds=backgrounds)
        except ValidationError as exc:
            raise ValidationError(f"row {i + 1}: {exc.message}", code=exc.instance_code) from None
        out = {k: rec[k] for k in ids}
        out.update(
            {
                "standard": j.standard,
                "result": j.result,
                "result_cn": j.result_cn,
                "items_above_screening": ",".join(j.above_screening),
                "items_above_intervention": ",".join(j.above_intervention),
                "max_ratio_screening": round(
                    max((x.ratio_screening for x in j.items), default=float("nan")), 3
                ),
                "category": j.category or "",
                "unverified_values_used": ",".join(j.unverified),
            }
        )
        rows.append(out)
    return pd.DataFrame(rows)


__all__ = [
    "AGRI_CATEGORIES",
    "LANDS",
    "LAND_USES",
    "RESULTS",
    "ItemJudgement",
    "SoilJudgement",
    "agricultural_screening",
    "assess_frame",
    "judge_agricultural",
    "judge_construction",
    "ph_band",
]
