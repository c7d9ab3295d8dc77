"""Typed results of the quality service (the API returns these; the CLI flattens them)."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field


class Basis(BaseModel):
    """Which standard, edition and rule judged a result, and which stored values were used."""

    standard: str = Field(description="Standard and edition, e.g. GB 3838-2002.")
    method: str = Field(description="Evaluation method or clause applied.")
    data_rule: str = Field(description="Which stored values entered (flags, review, series choice).")
    unverified: list[str] = Field(
        default_factory=list, description="Values or rules used that our sources mark UNVERIFIED."
    )


class WaterSample(BaseModel):
    """One surface-water sample's class (GB 3838-2002 Table 1, single-factor method)."""

    section: str
    time: datetime = Field(description="Sampling time (period start), UTC.")
    local_time: str = Field(description="The same instant in China Standard Time (UTC+8).")
    values: dict[str, float] = Field(description="Measured items [see units].")
    units: dict[str, str]
    water_class: str = Field(description="I, II, III, IV, V or 劣V; empty when no class item was measured.")
    limiting_items: list[str] = Field(description="Items at the sample's class (worse than I).")
    n_items: int
    reference_classes: dict[str, str] = Field(description="Reference items (fecal coliform; TN for lakes).")
    black_odorous: str | None = Field(
        default=None, description="none / light / heavy (2015 guide) where its indicators exist."
    )
    black_odorous_cn: str | None = None


class WaterSection(BaseModel):
    """One section over a period (环办〔2011〕22号: average the concentrations, then classify)."""

    section: str
    name: str
    waterbody: str = Field(description="river or lake (lake/reservoir rules for TP and TN).")
    period_from: date
    period_to: date
    n_samples: int
    enough_samples: bool
    means: dict[str, float] = Field(description="Period means [see units].")
    units: dict[str, str]
    water_class: str
    status: str = Field(description="水质状况 (优 / 良好 / 轻度污染 / 中度污染 / 重度污染).")
    colour: str
    colour_verified: bool
    limiting_items: list[str]
    main_pollutants: list[str] = Field(description="With 超标倍数 against class III, when worse than III.")
    target_class: str | None = Field(description="水质目标 from the site's attributes.")
    target_met: bool | None
    exceedance_against: str = Field(description="Class the 超标倍数 are computed against (target, else III).")
    exceedance_multiples: dict[str, float] = Field(description="超标倍数 of items above that class.")
    reference_classes: dict[str, str]
    black_odorous: str | None = Field(default=None, description="Point grade (60%/30% rule) where measured.")
    black_odorous_cn: str | None = None
    basis: Basis


class WaterOverall(BaseModel):
    """All sections together (环办〔2011〕22号: < 5 sections mean of means, ≥ 5 class shares)."""

    n_sections: int
    method: str
    water_class: str | None
    status: str
    colour: str
    colour_verified: bool
    share_i_iii: float = Field(description="Share of sections of class I–III, 0…1.")
    share_worse_than_v: float = Field(description="Share of sections of 劣V, 0…1.")
    targets_met: int
    targets_total: int


class WaterSamples(BaseModel):
    data: list[WaterSample]
    count: int
    basis: Basis


class WaterAssessment(BaseModel):
    """Every visible section over the period, then their overall status."""

    period_from: date
    period_to: date
    data: list[WaterSection]
    count: int
    overall: WaterOverall | None


class NoiseDay(BaseModel):
    """One station-day: day (06–22) and following night (22–06) against the zone's limits."""

    station: str
    date: date
    zone_class: str
    standard: str
    n_day_hours: int
    n_night_hours: int
    day_leq: float | None = Field(description="Energy mean of the day's hourly Leq [dB(A)].")
    night_leq: float | None = Field(description="Energy mean of the night's hourly Leq [dB(A)].")
    night_lmax: float | None = Field(description="Highest hourly Lmax of the night [dB(A)].")
    day_limit: float
    night_limit: float
    night_lmax_limit: float
    day_exceedance_db: float | None
    night_exceedance_db: float | None
    day_ok: bool | None
    night_ok: bool | None
    compliant: bool | None
    unit: str = "dB(A)"


class NoiseDays(BaseModel):
    station: str
    zone_class: str
    data: list[NoiseDay]
    count: int
    day_compliance_rate: float | None = Field(description="Judged days meeting the day limit, 0…1.")
    night_compliance_rate: float | None = Field(description="Judged nights meeting the night limits, 0…1.")
    basis: Basis


class NoiseZone(BaseModel):
    """达标率 of one functional-zone class over a period: every judged station-day of its stations."""

    zone_class: str
    stations: list[str]
    n_days: int
    day_compliance_rate: float | None = Field(description="Judged station-days meeting the day limit, 0…1.")
    n_nights: int
    night_compliance_rate: float | None = Field(
        description="Judged station-nights meeting the night limits, 0…1."
    )
    day_limit: float
    night_limit: float
    standard: str = "GB 3096-2008"


class GroundwaterSample(BaseModel):
    """One groundwater sample (GB/T 14848-2017 6.3: the worst item decides)."""

    well: str
    time: datetime
    local_time: str
    values: dict[str, float]
    units: dict[str, str]
    water_class: str
    worst_items: list[str]
    item_classes: dict[str, str]
    flags: list[str]


class GroundwaterSamples(BaseModel):
    data: list[GroundwaterSample]
    count: int
    basis: Basis


class SoilItem(BaseModel):
    name: str
    value: float
    unit: str
    screening: float
    intervention: float | None
    result: str
    verification: str


class SoilSample(BaseModel):
    """One soil sample against the screening and intervention values."""

    point: str
    time: datetime
    local_time: str
    land: str = Field(description="first / second (GB 36600 land category) or agricultural (GB 15618).")
    land_use: str | None = Field(description="GB 15618 land use (paddy, orchard, other, rotation).")
    ph: float | None
    standard: str
    result: str
    result_cn: str
    items_above_screening: list[str]
    items_above_intervention: list[str]
    max_ratio_screening: float | None
    category: str | None
    unverified_values_used: list[str]
    items: list[SoilItem]


class SoilSamples(BaseModel):
    point: str
    land: str
    land_source: str = Field(description="Where the land category came from (site attribute or caller).")
    data: list[SoilSample]
    count: int
    basis: Basis


__all__ = [
    "Basis",
    "GroundwaterSample",
    "GroundwaterSamples",
    "NoiseDay",
    "NoiseDays",
    "NoiseZone",
    "SoilItem",
    "SoilSample",
    "SoilSamples",
    "WaterAssessment",
    "WaterOverall",
    "WaterSample",
    "WaterSamples",
    "WaterSection",
]
