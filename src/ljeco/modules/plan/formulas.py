"""Named formulas for computed indicators: the hook between the plan and the engines.

A computed indicator names its formula (``formula: air_good_days_ratio``) and its parameters; the plan module
declares every formula name here with what it computes, and the air and water engines (or the observation store)
register an implementation later with :func:`register`. A plan that names an undeclared formula is refused on load,
so a typo cannot silently turn an indicator into "no data".

An implementation is called with the indicator's ``formula_params`` plus ``year`` (and, where the caller has them,
``start``/``end``) and returns a :class:`FormulaResult` (value, the inputs it used and the standard edition), or
None when there is no data.

The air and water formulas are evaluated on the observation store by :mod:`ljeco.modules.plan.compute`
(``ljeco plan compute``), which stores each value with its inputs; the registry serves formulas other modules
provide (``complaint_on_time_ratio``) and values computed on the fly when none is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FormulaSpec:
    name: str
    description: str
    unit: str
    params: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormulaResult:
    value: float
    #: Year-to-date results say how far through the period they are: 1.0 for a complete period.
    fraction_of_period: float = 1.0
    standard: str | None = None
    inputs: dict[str, Any] = field(default_factory=dict)


FormulaImpl = Callable[..., FormulaResult | None]

#: Every formula name a plan may use. Descriptions say what the plan's words mean as a computation.
FORMULAS: dict[str, FormulaSpec] = {
    spec.name: spec
    for spec in (
        FormulaSpec(
            "air_good_days_ratio",
            "环境空气质量优良天数比率: days with AQI ≤ 100 / valid days in the year (HJ 633, HJ 663), region-wide",
            "%",
        ),
        FormulaSpec(
            "air_annual_mean",
            "annual mean of a pollutant's daily means (GB 3095 definitions), region-wide",
            "µg/m³",
            ("pollutant",),
        ),
        FormulaSpec("air_heavy_polluted_days", "重污染天数: days with AQI > 200 (HJ 633 levels 5–6)", "天"),
        FormulaSpec(
            "water_section_class",
            "class of a named section in the year (GB 3838 single-factor assessment); Ⅰ=1 … Ⅴ=5, 劣Ⅴ=6",
            "类",
            ("section",),
        ),
        FormulaSpec(
            "surface_water_class_iii_or_better_ratio",
            "地表水达到或好于Ⅲ类比例 over the listed sections (专栏6 注2: 梁沱 and 御临镇)",
            "%",
            ("sections",),
        ),
        FormulaSpec(
            "inferior_v_water_bodies", "number of water bodies in the built-up area assessed 劣Ⅴ类", "个"
        ),
        FormulaSpec("complaint_on_time_ratio", "share of complaints closed within their deadline", "%"),
    )
}

_IMPLEMENTATIONS: dict[str, FormulaImpl] = {}


def register(name: str, implementation: FormulaImpl) -> None:
    """Register the implementation of a declared formula (called by the engines at import time)."""
    if name not in FORMULAS:
        raise KeyError(f"formula {name!r} is not declared in ljeco.modules.plan.formulas.FORMULAS")
    _IMPLEMENTATIONS[name] = implementation


def unregister(name: str) -> None:
    _IMPLEMENTATIONS.pop(name, None)


def implementation(name: str) -> FormulaImpl | None:
    """The registered implementation, or None while no engine provides it."""
    return _IMPLEMENTATIONS.get(name)


def compute(name: str, **params: Any) -> FormulaResult | None:
    """Compute a formula, or None when no implementation is registered or there is no data."""
    impl = implementation(name)
    return None if impl is None else impl(**params)


__all__ = ["FORMULAS", "FormulaResult", "FormulaSpec", "compute", "implementation", "register", "unregister"]
